/**
 * saturation.ts: the threshold, the sampled measures on hand-made values, and the Gaussian theory
 * against Gaussian draws (5 standard errors, fixed seed; see sampling.test.ts for the reasoning).
 */
import { expect } from "chai";
import variance = require("@stdlib/stats-base-variance");
import { Rng } from "../../src/data/random";
import { SATURATION_MARGIN } from "../../src/network2/monitors";
import {
  gaussianMixtureSaturation,
  gaussianSaturation,
  isSaturated,
  sampleSaturation,
  saturationThreshold,
  sigmaZForSaturatedShare,
  sigmoidPrimes,
} from "../../src/chapter/saturation";
import { sigmoid, sigmoidPrime } from "../../src/network2/sigmoid";

describe("saturation", () => {
  it("saturates beyond |z| = ln 99 ≈ 4.595 for a margin of 0.01", () => {
    const t = saturationThreshold();
    expect(SATURATION_MARGIN).to.equal(0.01);
    expect(t).to.be.closeTo(Math.log(99), 1e-15);
    expect(sigmoid(t)).to.be.closeTo(0.99, 1e-12);
    expect(isSaturated(t + 1e-9)).to.equal(true);
    expect(isSaturated(-t - 1e-9)).to.equal(true);
    expect(isSaturated(t - 1e-9)).to.equal(false);
    expect(isSaturated(0)).to.equal(false);
    expect(() => saturationThreshold(0.5)).to.throw(RangeError, /margin must be in \(0, 0.5\), got 0.5/);
  });

  it("measures sampled values", () => {
    const s = sampleSaturation([-10, 0, 0, 10]);
    expect(s.saturatedFraction).to.equal(0.5);
    expect(s.meanSigmaPrime).to.be.closeTo((2 * sigmoidPrime(10) + 0.5) / 4, 1e-15);
    expect(Array.from(sigmoidPrimes([0, 10]))).to.deep.equal([0.25, sigmoidPrime(10)]);
    expect(() => sampleSaturation([])).to.throw(RangeError, /z is empty/);
  });

  it("a narrow z barely saturates; σ_z = 0 never does and has σ'(z) = 1/4", () => {
    expect(gaussianSaturation(0)).to.deep.equal({ saturatedFraction: 0, meanSigmaPrime: 0.25 });
    expect(gaussianSaturation(0.5).saturatedFraction).to.be.below(1e-19);
  });

  it("a mixture's measures are the average of its components'", () => {
    const single = gaussianSaturation(3);
    const same = gaussianMixtureSaturation([9, 9, 9]);
    expect(same.saturatedFraction).to.be.closeTo(single.saturatedFraction, 1e-15);
    expect(same.meanSigmaPrime).to.be.closeTo(single.meanSigmaPrime, 1e-15);
    const two = gaussianMixtureSaturation([1, 400]);
    const [a, b] = [gaussianSaturation(1), gaussianSaturation(20)];
    expect(two.saturatedFraction).to.be.closeTo((a.saturatedFraction + b.saturatedFraction) / 2, 1e-15);
    expect(two.meanSigmaPrime).to.be.closeTo((a.meanSigmaPrime + b.meanSigmaPrime) / 2, 1e-15);
    expect(() => gaussianMixtureSaturation([])).to.throw(RangeError, /variances is empty/);
    expect(() => gaussianMixtureSaturation([1, -1])).to.throw(RangeError, /≥ 0/);
  });

  it("pools many components with an error far below sampling noise", () => {
    const rng = new Rng(8);
    const variances = Float64Array.from({ length: 600 }, () => 40 + 120 * rng.uniform());
    let saturated = 0;
    let prime = 0;
    for (const v of variances) {
      const s = gaussianSaturation(Math.sqrt(v));
      saturated += s.saturatedFraction / variances.length;
      prime += s.meanSigmaPrime / variances.length;
    }
    const pooled = gaussianMixtureSaturation(variances);
    expect(pooled.saturatedFraction).to.be.closeTo(saturated, 1e-4);
    expect(pooled.meanSigmaPrime).to.be.closeTo(prime, 1e-5);
  });

  for (const sigmaZ of [Math.sqrt(501), Math.sqrt(1.5), 3]) {
    it(`theory agrees with 100,000 Gaussian draws for σ_z = ${sigmaZ.toFixed(3)}`, () => {
      const rng = new Rng(99);
      const z = Float64Array.from({ length: 100_000 }, () => sigmaZ * rng.normal());
      const sampled = sampleSaturation(z);
      const theory = gaussianSaturation(sigmaZ);
      const p = theory.saturatedFraction;
      expect(Math.abs(sampled.saturatedFraction - p)).to.be.below(5 * Math.sqrt((p * (1 - p)) / z.length));
      expect(Math.abs(sampled.meanSigmaPrime - theory.meanSigmaPrime)).to.be.below(
        (5 * Math.sqrt(variance(z.length, 1, sigmoidPrimes(z), 1))) / Math.sqrt(z.length),
      );
    });
  }
  it("sigmaZForSaturatedShare: the σ_z at which a share is saturated, against the normal quantile", () => {
    // ln 99 / σ_z = Φ⁻¹(1 − p/2): 0.6744897501960817 for p = 1/2, 2.5758293035489004 for p = 1 %,
    // 3.2905267314918945 for p = 0.1 % (tabulated quantiles, independent of our bisection).
    const t = Math.log(99);
    expect(sigmaZForSaturatedShare(0.5)).to.be.closeTo(t / 0.6744897501960817, 1e-9);
    expect(sigmaZForSaturatedShare(0.01)).to.be.closeTo(t / 2.5758293035489004, 1e-9);
    expect(sigmaZForSaturatedShare(0.001)).to.be.closeTo(t / 3.2905267314918945, 1e-9);
    // σ_z = ln 99 itself is about a third saturated, not the onset: 2(1 − Φ(1)) = 0.3173.
    expect(gaussianSaturation(t).saturatedFraction).to.be.closeTo(0.31731050786291415, 1e-9);
    for (const bad of [0, 1, -0.1, NaN])
      expect(() => sigmaZForSaturatedShare(bad), String(bad)).to.throw(
        RangeError,
        /share must be a fraction in \(0, 1\)/,
      );
  });
  it("gaussianSaturation stays right (and finishes) for a huge σ_z (σ_b = 10⁶, n_in = 10¹²)", () => {
    // For σ ≫ 1 the density is flat where σ' lives, so E[σ'(z)] ≈ φ(0)/σ · ∫σ' = 1/(σ√(2π)).
    for (const sigma of [1e6, 7.07e5, 1e100]) {
      const s = gaussianSaturation(sigma);
      expect(s.meanSigmaPrime / (1 / (sigma * Math.sqrt(2 * Math.PI)))).to.be.closeTo(1, 1e-6);
      expect(s.saturatedFraction).to.be.closeTo(1, 1e-5);
    }
  });
});
