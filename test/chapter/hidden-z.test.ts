/**
 * hidden-z.ts: z of the first hidden layer by hand, against Network.feedforward, and per-example
 * variances against the formula.
 */
import { expect } from "chai";
import { labelledData } from "../../src/data/data";
import { firstHiddenZ, initialHiddenZ, pixelStatistics, zVariancesOverExamples } from "../../src/chapter/hidden-z";
import { largeWeightInitializer } from "../../src/network2/init";
import { defaultWeightInitializer } from "../../src/network2/init";
import { Network } from "../../src/network2/network";
import { Rng } from "../../src/data/random";
import { sigmoid } from "../../src/network2/sigmoid";
import { DEFAULT_WEIGHTS, LARGE_WEIGHTS } from "../../src/chapter/variance";

describe("hidden-layer z", () => {
  // Two examples of three inputs; a layer of two neurons.
  const data = labelledData(Float32Array.from([1, 0, 2, 0, 0, 0]), 3, Uint8Array.from([0, 1]), 2);
  const parameters = {
    weights: [Float64Array.from([1, 2, 3, 0, -1, 1])],
    biases: [Float64Array.from([0.5, -1])],
  };

  it("computes z = w·x + b per example and neuron, by hand", () => {
    expect(Array.from(firstHiddenZ(parameters, data))).to.deep.equal([1 + 6 + 0.5, 2 - 1, 0.5, -1]);
  });

  it("agrees with Network.feedforward on a one-layer network", () => {
    const rng = new Rng(4);
    const inputs = Float32Array.from({ length: 5 * 20 }, () => (rng.uniform() < 0.7 ? 0 : rng.uniform()));
    const examples = labelledData(inputs, 20, new Uint8Array(5), 1);
    const net = new Network([20, 6], { initializer: defaultWeightInitializer, seed: 9 });
    const z = firstHiddenZ(net, examples);
    for (let i = 0; i < 5; i++) {
      const a = net.feedforward(inputs.subarray(i * 20, (i + 1) * 20));
      a.forEach((aj, j) => expect(sigmoid(z[i * 6 + j])).to.be.closeTo(aj, 1e-14));
    }
  });

  it("rejects weights that do not fit the inputs", () => {
    const wrong = { weights: [new Float64Array(4)], biases: [new Float64Array(2)] };
    expect(() => firstHiddenZ(wrong, data)).to.throw(RangeError, /weights\[0\] has 4 entries, expected .* 2 × 3 = 6/);
  });

  it("gives each example's Var(z) = σ_w² ‖x‖² + σ_b²", () => {
    expect(Array.from(zVariancesOverExamples(data, LARGE_WEIGHTS))).to.deep.equal([5 + 1, 1]);
    const v = zVariancesOverExamples(data, DEFAULT_WEIGHTS);
    expect(v[0]).to.be.closeTo(5 / 3 + 1, 1e-15);
    expect(v[1]).to.equal(1);
  });

  it("pixelStatistics counts lit and partly lit pixels and averages ‖x‖², by hand", () => {
    // Two images of 4 pixels: [1, 0.5, 0, 0.25] and [0, 0, 1, 0.75].
    const data = labelledData(Float32Array.from([1, 0.5, 0, 0.25, 0, 0, 1, 0.75]), 4, Uint8Array.from([0, 1]), 2);
    const stats = pixelStatistics(data);
    expect(stats).to.deep.include({ count: 2, inputSize: 4, meanLit: 2.5 });
    expect(stats.partlyLitShare).to.equal(3 / 5); // 0.5, 0.25, 0.75 of the five lit
    expect(stats.belowHalfShare).to.equal(1 / 5); // 0.25
    expect(stats.meanSquaredNorm).to.equal((1 + 0.25 + 0.0625 + 1 + 0.5625) / 2);
  });

  it("initialHiddenZ builds network2's network for the initializer and gives the scheme's variances", () => {
    const data = labelledData(Float32Array.from([1, 0, 2, 0, 0, 0]), 3, Uint8Array.from([0, 1]), 2);
    const old = initialHiddenZ(data, { sizes: [3, 2, 1], initializer: "large", seed: 7 });
    expect(old.label).to.equal("old");
    expect(Array.from(old.z)).to.deep.equal(
      Array.from(firstHiddenZ(new Network([3, 2, 1], { initializer: largeWeightInitializer, seed: 7 }), data)),
    );
    expect(Array.from(old.variances)).to.deep.equal([1 * 5 + 1, 1]);
    const fresh = initialHiddenZ(data, { sizes: [3, 2, 1], initializer: "default", seed: 7 });
    expect(fresh.variances[0]).to.be.closeTo(5 / 3 + 1, 1e-15);
    expect(fresh.variances[1]).to.equal(1);
    expect(() => initialHiddenZ(data, { sizes: [3, 2, 1], initializer: "he" as "large", seed: 7 })).to.throw(
      RangeError,
      /initializer must be "large" or "default", got "he"/,
    );
  });
});
