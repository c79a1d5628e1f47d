import { expect } from "chai";
import {
  defaultWeightInitializer,
  glorotInitializer,
  heInitializer,
  initializerByName,
  largeWeightInitializer,
  lecunInitializer,
} from "../../src/network2/init";
import { Rng } from "../../src/data/random";

function std(values: Float64Array): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

describe("initializers", () => {
  // A 1000 × 1000 layer: 10⁶ weights, so a sample std has a relative standard error ≈ 0.07 %.
  const sizes = [1000, 1000];

  it("default: weights N(0, 1/n_in), std within 2 % of 1/√n_in; biases N(0, 1)", () => {
    const { weights, biases } = defaultWeightInitializer(sizes, new Rng(1));
    expect(std(weights[0]) * Math.sqrt(1000)).to.be.closeTo(1, 0.02);
    expect(std(biases[0])).to.be.closeTo(1, 0.1);
  });

  it("large: weights and biases N(0, 1)", () => {
    const { weights, biases } = largeWeightInitializer(sizes, new Rng(2));
    expect(std(weights[0])).to.be.closeTo(1, 0.02);
    expect(std(biases[0])).to.be.closeTo(1, 0.1);
  });

  it("scales with each layer's own n_in", () => {
    const { weights } = defaultWeightInitializer([400, 900, 100], new Rng(3));
    expect(weights[0].length).to.equal(900 * 400);
    expect(weights[1].length).to.equal(100 * 900);
    expect(std(weights[0]) * Math.sqrt(400)).to.be.closeTo(1, 0.02);
    expect(std(weights[1]) * Math.sqrt(900)).to.be.closeTo(1, 0.02);
  });

  it("draws all biases first, then all weights, as network2 does", () => {
    const rng = new Rng(4);
    const b1 = rng.fillNormal(new Float64Array(3));
    const b2 = rng.fillNormal(new Float64Array(2));
    const w1 = rng.fillNormal(new Float64Array(3 * 4), 1 / Math.sqrt(4));
    const p = defaultWeightInitializer([4, 3, 2], new Rng(4));
    expect(Array.from(p.biases[0])).to.deep.equal(Array.from(b1));
    expect(Array.from(p.biases[1])).to.deep.equal(Array.from(b2));
    expect(Array.from(p.weights[0])).to.deep.equal(Array.from(w1));
  });

  it("is a pure function of sizes and seed", () => {
    const a = largeWeightInitializer([5, 4, 3], new Rng(9));
    const b = largeWeightInitializer([5, 4, 3], new Rng(9));
    expect(a.weights.map((w) => Array.from(w))).to.deep.equal(b.weights.map((w) => Array.from(w)));
  });

  it("LeCun, Glorot and He: weight std √(1/n_in), √(2/(n_in + n_out)), √(2/n_in); zero biases", () => {
    const shape = [800, 1200];
    const cases: [typeof lecunInitializer, number][] = [
      [lecunInitializer, Math.sqrt(1 / 800)],
      [glorotInitializer, Math.sqrt(2 / 2000)],
      [heInitializer, Math.sqrt(2 / 800)],
    ];
    for (const [init, expected] of cases) {
      const { weights, biases } = init(shape, new Rng(5));
      expect(std(weights[0]) / expected).to.be.closeTo(1, 0.02);
      expect(biases[0].every((b) => b === 0)).to.equal(true);
    }
  });

  it("rejects invalid sizes and unknown names", () => {
    expect(() => defaultWeightInitializer([784], new Rng(1))).to.throw(RangeError, /at least two layers/);
    expect(() => defaultWeightInitializer([784, 0, 10], new Rng(1))).to.throw(RangeError, /sizes\[1\]: .*got 0/);
    expect(() => defaultWeightInitializer([784, 2.5], new Rng(1))).to.throw(RangeError, /sizes\[1\]/);
    expect(() => initializerByName("xavier")).to.throw(/unknown initializer "xavier", expected one of default, large/);
  });
});
