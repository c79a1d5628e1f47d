/**
 * The kernel's paths that the small networks of `network.test.ts` leave out: deep stacks of dense
 * layers 30 wide (rows of 8 vectors, 30 inputs: seven groups of four and two left over in the
 * float32 backward pass), odd widths, an epoch whose last mini-batch is short (the next mini-batch's
 * inputs are read ahead, `touchBatch`), and float32's e^x over every range it rounds k in.
 */
import { expect } from "chai";
import { CrossEntropyCost, QuadraticCost } from "../../../src/network2/cost";
import { labelledData } from "../../../src/data/data";
import { Engine } from "../../../src/network2/fast/engine";
import { Network, readableTrainer } from "../../../src/network2/network";
import { expectSameParameters, syntheticTargets } from "../../support/synthetic";

describe("the kernel on deep networks and odd widths", () => {
  describe("float64 equals the readable loops bit for bit", () => {
    const cases = [
      { sizes: [12, 30, 30, 30, 30, 10], m: 10, cost: CrossEntropyCost },
      { sizes: [20, 7, 30, 13, 3], m: 4, cost: QuadraticCost },
      { sizes: [30, 30, 30, 4], m: 100, cost: CrossEntropyCost },
    ];
    for (const { sizes, m, cost } of cases) {
      it(`${JSON.stringify(sizes)}, m = ${m}, ${cost.name}, 53 examples`, () => {
        const training = syntheticTargets(4, 53, sizes[0], sizes[sizes.length - 1]);
        const options = { epochs: 2, miniBatchSize: m, eta: 0.5, lmbda: 0.7 };
        const fast = new Network(sizes, { cost, seed: 13 });
        const readable = new Network(sizes, { cost, seed: 13 });
        fast.sgd(training, { ...options, precision: "float64" });
        readable.sgd(training, { ...options, trainer: readableTrainer });
        expectSameParameters(fast, readable);
        expect(fast.weights[1]).to.not.deep.equal(new Network(sizes, { cost, seed: 13 }).weights[1]);
      });
    }
  });

  describe("float32 follows them up to rounding", () => {
    for (const sizes of [[12, 30, 30, 30, 30, 10], [30, 30, 30, 4], [20, 7, 30, 13, 3]]) {
      it(JSON.stringify(sizes), () => {
        const training = syntheticTargets(6, 57, sizes[0], sizes[sizes.length - 1]);
        const options = { epochs: 2, miniBatchSize: 10, eta: 0.5, lmbda: 0.7 };
        const initial = new Network(sizes, { seed: 17 });
        const fast = new Network(sizes, { seed: 17 });
        const readable = new Network(sizes, { seed: 17 });
        fast.sgd(training, { ...options, precision: "float32" });
        readable.sgd(training, { ...options, trainer: readableTrainer });
        fast.weights.forEach((w, l) => {
          const expected = readable.weights[l];
          const moved = expected.reduce((a, v, i) => Math.max(a, Math.abs(v - initial.weights[l][i])), 0);
          let worst = 0;
          w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[i]))));
          expect(moved, `layer ${l} trained`).to.be.above(1e-3);
          expect(worst, `layer ${l} weights`).to.be.below(1e-4);
        });
        fast.biases.forEach((b, l) => b.forEach((v, i) => expect(v).to.be.closeTo(readable.biases[l][i], 1e-4)));
      });
    }
  });

  it("float32 σ(z) is within float rounding of 1/(1 + e^−z) across z, where round(z·log₂e) steps too", () => {
    // z = −100 … 100 in steps of 0.01, and each point (k + ½)·ln 2 where the rounding of
    // −z·log₂e moves from k to k + 1, with its two float neighbours.
    const zs: number[] = [];
    for (let i = -10000; i <= 10000; i++) zs.push(i / 100);
    for (let k = -140; k <= 140; k++) {
      const z = Math.fround((k + 0.5) * Math.LN2);
      zs.push(z, z * (1 + 2 ** -23), z * (1 - 2 ** -23));
    }
    const n = zs.length;
    const engine = new Engine([1, n, 2], CrossEntropyCost, "float32");
    engine.load({
      weights: [Float64Array.from(zs), new Float64Array(2 * n)],
      biases: [new Float64Array(n), new Float64Array(2)],
    });
    const data = engine.addData(labelledData(Float32Array.from([1]), 1, Uint8Array.from([0]), 2));
    let checked = 0;
    engine.visitActivations(data, (_e, activations) => {
      const a = activations[0];
      zs.forEach((z, j) => {
        const exact = 1 / (1 + Math.exp(-Math.fround(z)));
        expect(Math.abs(a[j] - exact), `σ(${z})`).to.be.at.most(3e-7 * exact + 1e-38);
        checked++;
      });
    });
    expect(checked).to.equal(n);
  });
});
