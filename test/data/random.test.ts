import { expect } from "chai";
import { range, Rng } from "../../src/data/random";

describe("Rng", () => {
  it("gives bit-identical streams for the same seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    for (let i = 0; i < 1000; i++) {
      expect(a.normal()).to.equal(b.normal());
      expect(a.uniform()).to.equal(b.uniform());
    }
  });

  it("gives different streams for different seeds", () => {
    const a = new Rng(1).fillNormal(new Float64Array(10));
    const b = new Rng(2).fillNormal(new Float64Array(10));
    expect(Array.from(a)).to.not.deep.equal(Array.from(b));
  });

  it("draws standard normals (sample mean ≈ 0, std ≈ 1) and uniforms in [0, 1)", () => {
    const rng = new Rng(7);
    const n = 200_000;
    const x = rng.fillNormal(new Float64Array(n));
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    // Standard errors: 1/√n ≈ 0.0022 for the mean, 1/√(2n) ≈ 0.0016 for the std; allow 4 of them.
    expect(Math.abs(mean)).to.be.below(4 / Math.sqrt(n));
    expect(Math.abs(std - 1)).to.be.below(4 / Math.sqrt(2 * n));
    for (let i = 0; i < 10_000; i++) {
      const u = rng.uniform();
      expect(u).to.be.at.least(0).and.below(1);
    }
  });

  it("scales fillNormal by sigma", () => {
    const unit = new Rng(3).fillNormal(new Float64Array(5));
    const scaled = new Rng(3).fillNormal(new Float64Array(5), 0.5);
    scaled.forEach((v, i) => expect(v).to.equal(0.5 * unit[i]));
  });

  it("shuffles into a permutation, reproducibly, every element able to move", () => {
    const a = new Rng(5).shuffle(range(1000));
    const b = new Rng(5).shuffle(range(1000));
    expect(Array.from(a)).to.deep.equal(Array.from(b));
    expect(Array.from(a).sort((x, y) => x - y)).to.deep.equal(Array.from(range(1000)));
    expect(Array.from(a)).to.not.deep.equal(Array.from(range(1000)));
  });

  it("puts each element first about equally often (Fisher–Yates is unbiased)", () => {
    const rng = new Rng(11);
    const counts = new Array(4).fill(0);
    const trials = 40_000;
    for (let t = 0; t < trials; t++) counts[rng.shuffle(range(4))[0]]++;
    // Each count is Binomial(40000, 1/4): std ≈ 87; allow 5 std.
    for (const c of counts) expect(Math.abs(c - trials / 4)).to.be.below(5 * Math.sqrt(trials * 0.25 * 0.75));
  });

  it("rejects seeds that are not integers in [0, 2³² − 1]", () => {
    for (const bad of [-1, 1.5, NaN, 2 ** 32]) expect(() => new Rng(bad)).to.throw(RangeError, /seed/);
  });

  it("rejects bounds that are not usable, printing them as given", () => {
    const rng = new Rng(1);
    expect(() => rng.integerBelow(0)).to.throw(RangeError, /integerBelow: n must be an integer in \[1, 2³²\], got 0/);
    expect(() => rng.integerBelow(NaN)).to.throw(RangeError, /got NaN/);
    expect(() => rng.fillNormal(new Float64Array(2), -1)).to.throw(
      RangeError,
      /fillNormal: sigma must be a finite number ≥ 0, got -1/,
    );
    expect(() => new Rng("7" as unknown as number)).to.throw(
      RangeError,
      /seed must be an integer in \[0, 4294967295\], got "7" \(a string\)/,
    );
  });
});
