/**
 * variance.ts: the chapter's numbers exactly (501 and 3/2), the general form, and the schemes
 * checked against the project's initializers by sampling them.
 */
import { expect } from "chai";
import variance = require("@stdlib/stats-base-variance");
import { defaultWeightInitializer, largeWeightInitializer } from "../../src/network2/init";
import { Rng } from "../../src/data/random";
import {
  activeInputs,
  CHAPTER_INPUT,
  DEFAULT_WEIGHTS,
  describeScheme,
  LARGE_WEIGHTS,
  logSpacedIntegers,
  onOffInput,
  onOffZStd,
  onOffZVariance,
  withSigmaB,
  zStdAgainstNIn,
  zVariance,
} from "../../src/chapter/variance";

describe("variance of z", () => {
  describe("the chapter's case: 1,000 inputs, half on", () => {
    it("has k = 500 active inputs", () => {
      expect(activeInputs(CHAPTER_INPUT)).to.equal(500);
      const x = onOffInput(CHAPTER_INPUT);
      expect(x.length).to.equal(1000);
      expect(x.reduce((s, v) => s + v, 0)).to.equal(500);
    });

    it("gives Var(z) = 501 exactly with N(0, 1) weights and bias", () => {
      expect(onOffZVariance(CHAPTER_INPUT, LARGE_WEIGHTS)).to.equal(501);
      expect(onOffZStd(CHAPTER_INPUT, LARGE_WEIGHTS)).to.equal(Math.sqrt(501));
      expect(onOffZStd(CHAPTER_INPUT, LARGE_WEIGHTS)).to.be.closeTo(22.4, 0.05);
    });

    it("gives Var(z) = 3/2 exactly with N(0, 1/n_in) weights (the exercise)", () => {
      expect(onOffZVariance(CHAPTER_INPUT, DEFAULT_WEIGHTS)).to.equal(3 / 2);
      expect(onOffZStd(CHAPTER_INPUT, DEFAULT_WEIGHTS)).to.equal(Math.sqrt(3 / 2));
      expect(onOffZStd(CHAPTER_INPUT, DEFAULT_WEIGHTS)).to.be.closeTo(1.22, 0.005);
    });

    it("drops the bias term when biases start at 0", () => {
      expect(onOffZVariance(CHAPTER_INPUT, withSigmaB(LARGE_WEIGHTS, 0))).to.equal(500);
      expect(onOffZVariance(CHAPTER_INPUT, withSigmaB(DEFAULT_WEIGHTS, 0))).to.equal(1 / 2);
      expect(onOffZVariance(CHAPTER_INPUT, withSigmaB(DEFAULT_WEIGHTS, 2))).to.equal(1 / 2 + 4);
    });
  });

  describe("zVariance (general input)", () => {
    it("is σ_w² Σ x_j² + σ_b²", () => {
      expect(zVariance([0.5, 0, 2, -1], 3, 0.25)).to.equal(3 * (0.25 + 4 + 1) + 0.25);
      expect(zVariance([], 3, 0.25)).to.equal(0.25);
    });

    it("rejects a negative or non-finite variance, naming it", () => {
      expect(() => zVariance([1], -1, 1)).to.throw(RangeError, /sigmaW2.*got -1/);
      expect(() => zVariance([1], 1, NaN)).to.throw(RangeError, /sigmaB2.*got NaN/);
    });
  });

  describe("the general on/off input", () => {
    it("rounds k = fractionOn · n_in to the nearest integer", () => {
      expect(activeInputs({ nIn: 784, fractionOn: 0.1 })).to.equal(78);
      expect(activeInputs({ nIn: 10, fractionOn: 0 })).to.equal(0);
      expect(activeInputs({ nIn: 10, fractionOn: 1 })).to.equal(10);
    });

    it("rejects a bad n_in or fraction, naming the argument", () => {
      expect(() => activeInputs({ nIn: 0, fractionOn: 0.5 })).to.throw(
        RangeError,
        /nIn \(the number of inputs\) must be a positive integer, got 0/,
      );
      expect(() => activeInputs({ nIn: "784" as unknown as number, fractionOn: 0.5 })).to.throw(
        RangeError,
        /nIn .*got "784" \(a string\)/,
      );
      expect(() => activeInputs({ nIn: 10.5, fractionOn: 0.5 })).to.throw(RangeError, /nIn/);
      expect(() => activeInputs({ nIn: 10, fractionOn: 1.5 })).to.throw(
        RangeError,
        /fractionOn \(the fraction of inputs on\) must be a number in \[0, 1\], got 1.5/,
      );
      expect(() => activeInputs({ nIn: 10, fractionOn: NaN })).to.throw(RangeError, /fractionOn .*got NaN/);
      expect(() => withSigmaB(LARGE_WEIGHTS, -1)).to.throw(RangeError, /sigmaB/);
      expect(() => withSigmaB(LARGE_WEIGHTS, 1e200)).to.throw(
        RangeError,
        /sigmaB .*whose square is finite, got 1e\+200/,
      );
    });

    it("gives Var(z) for any n_in without making the input vector", () => {
      // 10¹² inputs would be 8 TB as a vector; k σ_w² + σ_b² needs none.
      expect(onOffZVariance({ nIn: 1e12, fractionOn: 0.5 }, LARGE_WEIGHTS)).to.equal(5e11 + 1);
      expect(onOffZVariance({ nIn: 1e12, fractionOn: 0.5 }, DEFAULT_WEIGHTS)).to.equal(1.5);
    });

    it("σ_z grows as √(f · n_in) under the old scheme and stays √(f + σ_b²) under the new", () => {
      const nIns = [10, 100, 1000, 10000];
      expect(zStdAgainstNIn(nIns, 0.5, LARGE_WEIGHTS)).to.deep.equal([6, 51, 501, 5001].map(Math.sqrt));
      zStdAgainstNIn([11, ...nIns], 0.5, DEFAULT_WEIGHTS).forEach((s) =>
        expect(s).to.be.closeTo(Math.sqrt(1.5), 1e-12),
      );
      expect(zStdAgainstNIn([1000], 0.5, DEFAULT_WEIGHTS)).to.deep.equal([onOffZStd(CHAPTER_INPUT, DEFAULT_WEIGHTS)]);
      expect(() => zStdAgainstNIn([0], 0.5, DEFAULT_WEIGHTS)).to.throw(RangeError, /nIn/);
    });

    it("logSpacedIntegers spans [from, to] on a log scale", () => {
      const values = logSpacedIntegers(10, 100000, 9);
      expect(values[0]).to.equal(10);
      expect(values[values.length - 1]).to.equal(100000);
      expect(values).to.include(1000);
      expect(values).to.deep.equal([...values].sort((a, b) => a - b));
      expect(() => logSpacedIntegers(0, 10, 3)).to.throw(RangeError, /from/);
      expect(() => logSpacedIntegers(1, 10, 1)).to.throw(RangeError, /count/);
    });
  });

  describe("schemes", () => {
    it("describe themselves in the book's symbols", () => {
      expect(describeScheme(LARGE_WEIGHTS)).to.equal("w ~ N(0, 1), b ~ N(0, 1)");
      expect(describeScheme(DEFAULT_WEIGHTS)).to.equal("w ~ N(0, 1/n_in), b ~ N(0, 1)");
      expect(describeScheme(withSigmaB(DEFAULT_WEIGHTS, 0))).to.equal("w ~ N(0, 1/n_in), b = 0");
      expect(describeScheme(withSigmaB(DEFAULT_WEIGHTS, 0.5))).to.equal("w ~ N(0, 1/n_in), b ~ N(0, 0.5²)");
    });

    // The schemes restate what init.ts draws; sampling the initializers checks they agree. The
    // sample variance of N Gaussian draws has a relative standard error of √(2/(N − 1)); allow 5 of them.
    const sizes = [100, 10000];
    const cases = [
      { scheme: LARGE_WEIGHTS, initializer: largeWeightInitializer, name: "largeWeightInitializer" },
      { scheme: DEFAULT_WEIGHTS, initializer: defaultWeightInitializer, name: "defaultWeightInitializer" },
    ];
    for (const { scheme, initializer, name } of cases) {
      it(`${scheme.label} matches ${name}`, () => {
        const { weights, biases } = initializer(sizes, new Rng(7));
        const within = (n: number): number => 5 * Math.sqrt(2 / (n - 1));
        const sampleVariance = (x: Float64Array): number => variance(x.length, 1, x, 1);
        const wVar = scheme.weightVariance(sizes[0]);
        expect(Math.abs(sampleVariance(weights[0]) / wVar - 1)).to.be.below(within(weights[0].length));
        expect(Math.abs(sampleVariance(biases[0]) / scheme.biasVariance - 1)).to.be.below(within(biases[0].length));
      });
    }
  });
});
