import { expect } from "chai";
import { argmax, classOf, inputOf, labelledData, oneHot, slice, targetData } from "../../src/data/data";

describe("data sets", () => {
  const inputs = Float32Array.from([0, 1, 2, 3, 4, 5]);
  const labelled = labelledData(inputs, 2, Uint8Array.from([2, 0, 1]), 3);

  it("one-hot encodes labels (network2's vectorized_result) and keeps the inputs shared", () => {
    const t = oneHot(labelled);
    expect(Array.from(t.targets)).to.deep.equal([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(t.inputs).to.equal(labelled.inputs);
    expect(t.kind).to.equal("targets");
    for (let i = 0; i < 3; i++) expect(classOf(t, i)).to.equal(classOf(labelled, i));
  });

  it("slices without copying", () => {
    const s = slice(labelled, 1, 3);
    expect(s.count).to.equal(2);
    expect(Array.from(inputOf(s, 0))).to.deep.equal([2, 3]);
    expect(Array.from(s.labels)).to.deep.equal([0, 1]);
    expect(s.inputs.buffer).to.equal(inputs.buffer);
    expect(() => slice(labelled, 2, 4)).to.throw(RangeError, /\[2, 4\)/);
  });

  it("takes the first of equal maxima, as numpy's argmax", () => {
    expect(argmax([1, 3, 3, 2])).to.equal(1);
    expect(argmax([0, 5, 1, 9, 9], 1, 3)).to.equal(2);
    expect(argmax([0, 9, 9, 1], 1, 3)).to.equal(0);
  });

  it("rejects mismatched lengths and labels out of range", () => {
    expect(() => labelledData(inputs, 4, Uint8Array.from([0]), 3)).to.throw(RangeError, /multiple of inputSize 4/);
    expect(() => labelledData(inputs, 2, Uint8Array.from([0, 1]), 3)).to.throw(RangeError, /3 inputs but 2 labels/);
    expect(() => labelledData(inputs, 2, Uint8Array.from([0, 1, 3]), 3)).to.throw(RangeError, /label 3 at example 2/);
    expect(() => targetData(inputs, 2, new Float64Array(5), 2)).to.throw(RangeError, /expected 3 targets/);
  });
});
