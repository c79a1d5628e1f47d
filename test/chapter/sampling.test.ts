/**
 * sampling.ts: Monte-Carlo z against the theory. The chapter's case is sampled once (100,000
 * draws, fixed seed) and shared by the tests below.
 *
 * Tolerances are statistical: the sample standard deviation of N Gaussian draws has a relative
 * standard error of 1/√(2(N − 1)) = 0.22 % for N = 100,000, so the issue's 1 % is more than four
 * standard errors; a fraction p has a standard error of √(p(1 − p)/N); a mean, the sample's
 * standard deviation over √N. Each check allows 5 standard errors (a false alarm about once in
 * 1.7 million seeds), and the seed is fixed, so the test is also deterministic.
 */
import { expect } from "chai";
import { Rng } from "../../src/data/random";
import { gaussianSaturation, sampleSaturation, sigmoidPrimes } from "../../src/chapter/saturation";
import {
  DEFAULT_DRAWS,
  nonzeroValues,
  relativeError,
  sampleMean,
  sampleStd,
  sampleVariance,
  sampleZ,
  stdRelativeStandardError,
} from "../../src/chapter/sampling";
import {
  CHAPTER_INPUT,
  DEFAULT_WEIGHTS,
  LARGE_WEIGHTS,
  onOffInput,
  onOffZStd,
  withSigmaB,
  zVariance,
} from "../../src/chapter/variance";

const SEED = 2015;
const STANDARD_ERRORS = 5;
const ISSUE_TOLERANCE = 0.01;

describe("sampling z", function () {
  this.timeout(20000);
  let zOld: Float64Array;
  let zNew: Float64Array;

  before(() => {
    const x = onOffInput(CHAPTER_INPUT);
    [zOld, zNew] = sampleZ({ x, schemes: [LARGE_WEIGHTS, DEFAULT_WEIGHTS], draws: DEFAULT_DRAWS, rng: new Rng(SEED) });
  });

  it("draws at least 100,000 values per scheme", () => {
    expect(DEFAULT_DRAWS).to.be.at.least(100_000);
    expect(zOld.length).to.equal(DEFAULT_DRAWS);
    expect(zNew.length).to.equal(DEFAULT_DRAWS);
  });

  it("1 % is more than four standard errors of a sampled σ_z", () => {
    expect(stdRelativeStandardError(DEFAULT_DRAWS)).to.be.closeTo(0.00224, 0.00001);
    expect(ISSUE_TOLERANCE / stdRelativeStandardError(DEFAULT_DRAWS)).to.be.above(4);
  });

  it("samples σ_z within 1 % of √501 (old) and √(3/2) (new)", () => {
    expect(relativeError(sampleStd(zOld), Math.sqrt(501))).to.be.below(ISSUE_TOLERANCE);
    expect(relativeError(sampleStd(zNew), Math.sqrt(3 / 2))).to.be.below(ISSUE_TOLERANCE);
  });

  it("samples z with mean 0, within 5 standard errors", () => {
    expect(Math.abs(sampleMean(zOld))).to.be.below((STANDARD_ERRORS * Math.sqrt(501)) / Math.sqrt(DEFAULT_DRAWS));
    expect(Math.abs(sampleMean(zNew))).to.be.below((STANDARD_ERRORS * Math.sqrt(1.5)) / Math.sqrt(DEFAULT_DRAWS));
  });

  it("samples saturation as the Gaussian theory predicts, within 5 standard errors", () => {
    for (const [z, sigmaZ] of [
      [zOld, Math.sqrt(501)],
      [zNew, Math.sqrt(1.5)],
    ] as const) {
      const sampled = sampleSaturation(z);
      const theory = gaussianSaturation(sigmaZ);
      const p = theory.saturatedFraction;
      expect(Math.abs(sampled.saturatedFraction - p)).to.be.below(
        STANDARD_ERRORS * Math.sqrt((p * (1 - p)) / z.length),
      );
      const primeError = sampleStd(sigmoidPrimes(z)) / Math.sqrt(z.length);
      expect(Math.abs(sampled.meanSigmaPrime - theory.meanSigmaPrime)).to.be.below(STANDARD_ERRORS * primeError);
    }
  });

  it("gives each scheme the z a separate run with the same seed gives", () => {
    const x = onOffInput({ nIn: 50, fractionOn: 0.4 });
    const [both0, both1] = sampleZ({ x, schemes: [LARGE_WEIGHTS, DEFAULT_WEIGHTS], draws: 100, rng: new Rng(3) });
    const [alone1] = sampleZ({ x, schemes: [DEFAULT_WEIGHTS], draws: 100, rng: new Rng(3) });
    const [alone0] = sampleZ({ x, schemes: [LARGE_WEIGHTS], draws: 100, rng: new Rng(3) });
    expect(Array.from(alone0)).to.deep.equal(Array.from(both0));
    expect(Array.from(alone1)).to.deep.equal(Array.from(both1));
  });

  it("repeats exactly with the same seed and differs with another", () => {
    const x = onOffInput({ nIn: 20, fractionOn: 0.5 });
    const draw = (seed: number): number[] =>
      Array.from(sampleZ({ x, schemes: [DEFAULT_WEIGHTS], draws: 50, rng: new Rng(seed) })[0]);
    expect(draw(11)).to.deep.equal(draw(11));
    expect(draw(11)).to.not.deep.equal(draw(12));
  });

  it("draws one normal per nonzero input and one for the bias", () => {
    const x = [0, 2, 0, 0, -0.5];
    const rng = new Rng(5);
    const reference = new Rng(5);
    const [z] = sampleZ({ x, schemes: [LARGE_WEIGHTS], draws: 3, rng });
    for (let d = 0; d < 3; d++) {
      const w1 = reference.normal();
      const w4 = reference.normal();
      const b = reference.normal();
      expect(z[d]).to.be.closeTo(2 * w1 - 0.5 * w4 + b, 1e-12);
    }
    expect(rng.normal()).to.equal(reference.normal());
  });

  it("matches σ_w² Σ x_j² + σ_b² for a general input, biases 0 included", () => {
    const x = [0.5, 0, 1, 0.25, 2, 0, 0, 1, 0.75, 0.1];
    const scheme = withSigmaB(DEFAULT_WEIGHTS, 0);
    const [z] = sampleZ({ x, schemes: [scheme], draws: DEFAULT_DRAWS, rng: new Rng(SEED) });
    const expected = zVariance(x, 1 / x.length, 0);
    const relativeSE = Math.sqrt(2 / (DEFAULT_DRAWS - 1));
    expect(relativeError(sampleVariance(z), expected)).to.be.below(STANDARD_ERRORS * relativeSE);
  });

  it("uses the theory's σ_z for the chapter's input", () => {
    expect(onOffZStd(CHAPTER_INPUT, LARGE_WEIGHTS)).to.equal(Math.sqrt(501));
  });

  it("finds the inputs that contribute", () => {
    expect(Array.from(nonzeroValues([0, 1, 0, -2, 0.5]))).to.deep.equal([1, -2, 0.5]);
    expect(() => nonzeroValues([0, NaN])).to.throw(RangeError, /x\[1\] is NaN/);
  });

  it("rejects bad options, naming them", () => {
    const rng = new Rng(1);
    expect(() => sampleZ({ x: [1], schemes: [LARGE_WEIGHTS], draws: 0, rng })).to.throw(
      RangeError,
      /draws must be an integer from 2 to 1000000, got 0/,
    );
    expect(() => sampleZ({ x: [1], schemes: [LARGE_WEIGHTS], draws: 1e7, rng })).to.throw(
      RangeError,
      /draws must be an integer from 2 to 1000000, got 10000000/,
    );
    expect(() => sampleZ({ x: [1], schemes: [LARGE_WEIGHTS], draws: "9" as unknown as number, rng })).to.throw(
      RangeError,
      /got "9" \(a string\)/,
    );
    expect(() => sampleZ({ x: [], schemes: [LARGE_WEIGHTS], draws: 2, rng })).to.throw(RangeError, /x is empty/);
    expect(() => sampleZ({ x: [1], schemes: [], draws: 2, rng })).to.throw(RangeError, /schemes is empty/);
    expect(() => sampleVariance([1])).to.throw(RangeError, /at least 2/);
    expect(() => relativeError(1, 0)).to.throw(RangeError, /expected is 0/);
  });
});
