import { expect } from "chai";
import { labelledData } from "../../src/data/data";
import { deltaFactors } from "../../src/chapter/delta-factors";
import { Network } from "../../src/network2/network";
import { sigmoid } from "../../src/network2/sigmoid";

describe("chapter/delta-factors: σ'(z) in the hidden δ against the output δ", () => {
  it("a network small enough to work by hand", () => {
    // [1, 1, 1]: hidden z = 2x + 0, output z = 3σ(hidden z) − 1.
    const net = new Network([1, 1, 1], {
      parameters: {
        weights: [Float64Array.of(2), Float64Array.of(3)],
        biases: [Float64Array.of(0), Float64Array.of(-1)],
      },
    });
    const data = labelledData(Float32Array.of(0, 1), 1, Uint8Array.of(0, 0), 1);
    const f = deltaFactors(net, data);
    const sp = (z: number) => sigmoid(z) * (1 - sigmoid(z));
    expect(f.hidden).to.be.closeTo((sp(0) + sp(2)) / 2, 1e-12);
    expect(f.outputSigmaPrime).to.be.closeTo((sp(3 * sigmoid(0) - 1) + sp(3 * sigmoid(2) - 1)) / 2, 1e-12);
    expect(f.crossEntropyOutput).to.equal(1);
    expect(f.examples).to.equal(2);
    expect(() => deltaFactors(net, data, 3)).to.throw(RangeError, /examples must be an integer in \[1, 2\], got 3/);
  });
});
