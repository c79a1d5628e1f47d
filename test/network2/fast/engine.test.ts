import { expect } from "chai";
import { CrossEntropyCost } from "../../../src/network2/cost";
import { labelledData } from "../../../src/data/data";
import { Engine } from "../../../src/network2/fast/engine";
import { Network, readableTrainer } from "../../../src/network2/network";
import { syntheticTargets } from "../../support/synthetic";

describe("training engine", () => {
  it("computes σ(z) exactly in float64 and to within float rounding in float32, saturating to 0 and 1", () => {
    // One input equal to 1, 16 neurons: z_j = w_j + b_j sweeps −120…120; outputs of the second layer unused.
    const zs = Array.from({ length: 16 }, (_, j) => -120 + 16 * j);
    zs.push(-0.5, 0, 0.5, 3e-3);
    const n = zs.length;
    for (const precision of ["float32", "float64"] as const) {
      const engine = new Engine([1, n, 2], CrossEntropyCost, precision);
      engine.load({
        weights: [Float64Array.from(zs), new Float64Array(2 * n)],
        biases: [new Float64Array(n), new Float64Array(2)],
      });
      const data = engine.addData(labelledData(Float32Array.from([1]), 1, Uint8Array.from([0]), 2));
      engine.visitActivations(data, (_e, activations) => {
        const a = activations[0];
        zs.forEach((z, j) => {
          const exact = 1 / (1 + Math.exp(-(precision === "float64" ? z : Math.fround(z))));
          // float32: relative rounding, and where σ underflows the float range, an absolute 1e-38.
          const tolerance = precision === "float64" ? 0 : 3e-7 * exact + 1e-38;
          expect(Math.abs(a[j] - exact), `σ(${z}) in ${precision}`).to.be.at.most(tolerance);
        });
        expect(a[0]).to.be.below(1e-38);
        expect(a[15]).to.equal(1);
      });
    }
  });
});

describe("float32 training with the decay as a scale factor", () => {
  it("follows the readable loops when the decay is strong enough to fold the scale into the weights mid-epoch", () => {
    // n = 60, m = 1, η = 1, λ = 54: each step multiplies the weights by 1 − ηλ/n = 0.1, so within
    // an epoch the scale would reach 1e-60 and the step over it overflow a float; it is folded back
    // into the weights each time it passes 1e-20.
    const training = syntheticTargets(3, 60, 10, 3);
    const options = { epochs: 2, miniBatchSize: 1, eta: 1, lmbda: 54 };
    const fast = new Network([10, 6, 3], { seed: 9 });
    const readable = new Network([10, 6, 3], { seed: 9 });
    fast.sgd(training, { ...options, precision: "float32" });
    readable.sgd(training, { ...options, trainer: readableTrainer });
    fast.weights.forEach((w, l) => {
      const expected = readable.weights[l];
      const largest = expected.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      expect(largest, `layer ${l} weights`).to.be.above(0);
      w.forEach((v, i) => expect(Math.abs(v - expected[i]), `weights[${l}][${i}]`).to.be.at.most(1e-4 * largest));
    });
    fast.biases.forEach((b, l) => b.forEach((v, i) => expect(v).to.be.closeTo(readable.biases[l][i], 1e-4)));
  });
});
