/**
 * Labels must be integers in [0, classes) (anything else has an all-zero one-hot target and is
 * silently never right), and a data object made by hand must agree with itself: its `count`, its
 * arrays and their types, checked where it is used.
 */
import { expect } from "chai";
import { Dataset, LabelledData, labelledData, oneHot, TargetData } from "../../src/data/data";
import { Network } from "../../src/network2/network";
import { syntheticLabelled, syntheticTargets } from "../support/synthetic";

describe("hostile: labels and hand-built data", () => {
  const inputs = Float32Array.from([0, 1, 1, 0, 0.5, 0.5]);

  it("refuses labels that are negative, fractional or not below classes, whatever array holds them", () => {
    const given =
      (labels: number[] | Float64Array | Int32Array, classes = 10) =>
      () =>
        labelledData(inputs, 2, labels as unknown as Uint8Array, classes);
    expect(given([0, -1, 2])).to.throw(
      RangeError,
      /labelledData: label -1 at example 1 is not an integer in \[0, 10\)/,
    );
    expect(given(Float64Array.from([0, 3.5, 2]))).to.throw(RangeError, /label 3.5 at example 1/);
    expect(given(Int32Array.from([0, 1, 10]))).to.throw(
      RangeError,
      /label 10 at example 2 is not an integer in \[0, 10\)/,
    );
    expect(given([0, 1, NaN])).to.throw(RangeError, /label NaN at example 2/);
  });

  it("keeps valid labels from a plain array as bytes", () => {
    const data = labelledData(inputs, 2, [2, 0, 1] as unknown as Uint8Array, 3);
    expect(data.labels).to.be.instanceOf(Uint8Array);
    expect(Array.from(oneHot(data).targets)).to.deep.equal([0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  it("refuses a number of classes that is not an integer in [1, 256]", () => {
    for (const classes of [0, 2.5, 300, NaN]) {
      expect(() => labelledData(inputs, 2, Uint8Array.from([0, 0, 0]), classes)).to.throw(
        RangeError,
        new RegExp(`classes must be an integer in \\[1, 256\\] \\(labels are bytes\\), got ${classes}`),
      );
    }
  });

  it("refuses inputs that are not a Float32Array", () => {
    expect(() => labelledData([0, 1] as unknown as Float32Array, 2, Uint8Array.from([0]), 2)).to.throw(
      TypeError,
      /labelledData: inputs must be a Float32Array, got \[0, 1\]/,
    );
  });

  describe("a hand-built data object", () => {
    const net = new Network([5, 3, 2], { seed: 1 });
    const labelled = syntheticLabelled(1, 20, 5, 2);
    const targets = syntheticTargets(2, 20, 5, 2);

    it("whose count disagrees with its inputs is refused, naming the field (it used to read out of bounds)", () => {
      const wrong: LabelledData = { ...labelled, count: 25 };
      expect(() => net.accuracy(wrong)).to.throw(
        RangeError,
        /accuracy: field "count" is 25, but inputs holds 20 examples of inputSize 5/,
      );
      const wrongTargets: TargetData = { ...targets, count: 19 };
      expect(() => net.sgd(wrongTargets, { epochs: 1, miniBatchSize: 5, eta: 0.1 })).to.throw(
        RangeError,
        /training data: field "count" is 19, but inputs holds 20 examples/,
      );
    });

    it("whose labels are out of range or not bytes is refused", () => {
      const labels = labelled.labels.slice();
      labels[7] = 200;
      expect(() => net.accuracy({ ...labelled, labels })).to.throw(
        RangeError,
        /accuracy: label 200 at example 7 is not an integer in \[0, 2\)/,
      );
      expect(() => oneHot({ ...labelled, labels })).to.throw(RangeError, /oneHot: label 200 at example 7/);
      expect(() => net.accuracy({ ...labelled, labels: Array.from(labelled.labels) } as unknown as Dataset)).to.throw(
        TypeError,
        /labels must be a Uint8Array, got an array of length 20/,
      );
    });

    it("of an unknown kind, or none, is refused", () => {
      expect(() => net.accuracy({ ...labelled, kind: "pairs" } as unknown as Dataset)).to.throw(
        TypeError,
        /accuracy: expected a data set .* with kind "pairs"/,
      );
      expect(() => net.totalCost(undefined as unknown as Dataset, 0)).to.throw(
        TypeError,
        /totalCost: expected a data set .* got undefined/,
      );
    });
  });
});
