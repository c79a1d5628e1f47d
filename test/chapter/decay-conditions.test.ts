import { expect } from "chai";
import { DecaySetting, epochDecayFactor } from "../../src/chapter/decay";
import {
  checkDecayConditions,
  DECAY_DOMINANCE,
  DECAY_ROLES,
  decayDominance,
  decayExperiment,
  DecayStudy,
  EXPONENTIAL_TOLERANCE,
  experimentHistories,
  experimentIndexOf,
  experimentRuns,
  firstEpochSplit,
  GRADIENT_BALANCE,
  gradientBalance,
  relativeExponentError,
  tailOffBracket,
} from "../../src/chapter/decay-conditions";
import { historyOf } from "../support/decay-histories";

const CHAPTER: DecaySetting = { eta: 0.1, lmbda: 5, miniBatchSize: 10, n: 50_000 };
const STUDY: DecayStudy = {
  eta: 0.1,
  lmbda: 5,
  miniBatchSize: 10,
  initializer: "large",
  epochs: 4,
  seed: 9,
  precision: "float32",
};
/** The exact pure-decay factor per epoch with the chapter's numbers. */
const P = epochDecayFactor(CHAPTER);

describe("decay conditions: the experiment", () => {
  it("three runs of [784, h, 10], same seed, epochs, η, m; λ = 0 for the undecayed, new weights as reference", () => {
    const e = decayExperiment(STUDY, 30);
    expect(e.sizes).to.deep.equal([784, 30, 10]);
    for (const role of DECAY_ROLES) {
      expect(e[role]).to.include({ seed: 9, epochs: 4, miniBatchSize: 10, eta: 0.1, precision: "float32" });
      expect(e[role].sizes).to.deep.equal([784, 30, 10]);
    }
    expect(e.decayed).to.include({ initializer: "large", lmbda: 5, label: "large, λ = 5, [784, 30, 10]" });
    expect(e.undecayed).to.include({ initializer: "large", lmbda: 0, label: "large, λ = 0, [784, 30, 10]" });
    expect(e.reference).to.include({ initializer: "default", lmbda: 5, label: "default, λ = 5, [784, 30, 10]" });
    expect(() => decayExperiment(STUDY, 0)).to.throw(RangeError, /hidden must be an integer ≥ 1, got 0/);
  });

  it("runs in role order, found again by identity", () => {
    const experiments = [decayExperiment(STUDY, 30), decayExperiment(STUDY, 100)];
    const runs = experimentRuns(experiments);
    expect(runs.map((r) => r.label)).to.deep.equal([
      "large, λ = 5, [784, 30, 10]",
      "large, λ = 0, [784, 30, 10]",
      "default, λ = 5, [784, 30, 10]",
      "large, λ = 5, [784, 100, 10]",
      "large, λ = 0, [784, 100, 10]",
      "default, λ = 5, [784, 100, 10]",
    ]);
    expect(runs.map((r) => experimentIndexOf(experiments, r))).to.deep.equal([0, 0, 0, 1, 1, 1]);
    expect(experimentIndexOf(experiments, { ...runs[0] })).to.equal(-1); // a copy is another run
    const results = runs.map((run, i) => ({ run, history: historyOf([1, i]) }));
    const histories = experimentHistories(experiments[1], results);
    expect(histories.decayed).to.equal(results[3].history);
    expect(histories.undecayed).to.equal(results[4].history);
    expect(histories.reference).to.equal(results[5].history);
    expect(() => experimentHistories(experiments[1], results.slice(0, 4))).to.throw(
      /no result for run "large, λ = 0, \[784, 100, 10\]"/,
    );
  });
});

describe("decay conditions: the criteria", () => {
  it("splits the first epoch's change of ln RMS into the decay's ln P and the gradient's rest", () => {
    const split = firstEpochSplit(CHAPTER, historyOf([2, 2 * P * Math.exp(0.003), 0.1]));
    expect(split.decay).to.be.closeTo(Math.log(P), 1e-15);
    expect(split.gradient).to.be.closeTo(0.003, 1e-14);
    expect(() => firstEpochSplit(CHAPTER, historyOf([1]))).to.throw(RangeError, /no completed epoch/);
  });

  it("(1) dominance: |ln P| over |gradient's share|; 0 when there is no decay", () => {
    expect(decayDominance(CHAPTER, historyOf([1, P * Math.exp(-0.001)]))).to.be.closeTo(-Math.log(P) / 0.001, 1e-6);
    expect(decayDominance(CHAPTER, historyOf([1, P * Math.exp(0.02)]))).to.be.closeTo(-Math.log(P) / 0.02, 1e-8);
    expect(decayDominance({ ...CHAPTER, lmbda: 0 }, historyOf([1, 1.01]))).to.equal(0);
  });

  it("(3) balance: the gradient's growth over |ln P|; infinite when there is no decay", () => {
    // Weights that grow by a factor 3 over the epoch, decay included.
    expect(gradientBalance(CHAPTER, historyOf([0.04, 0.12]))).to.be.closeTo(
      (Math.log(3) - Math.log(P)) / -Math.log(P),
      1e-9,
    );
    expect(gradientBalance(CHAPTER, historyOf([0.04, 0.04 * P]))).to.be.closeTo(0, 1e-9); // pure decay: no push back
    expect(gradientBalance({ ...CHAPTER, lmbda: 0 }, historyOf([0.04, 0.05]))).to.equal(Infinity);
  });

  it("verdicts on either side of each threshold", () => {
    const holding = {
      decayed: historyOf([1, P * Math.exp(-Math.log(P) / (DECAY_DOMINANCE * 1.01))]),
      undecayed: historyOf([1, 1.001]),
      reference: historyOf([0.04, 0.04 * 1.001]), // grew a little: the gradient beat the decay
    };
    const checks = checkDecayConditions(CHAPTER, holding);
    expect(checks.map((c) => c.part)).to.deep.equal([1, 2, 3]);
    expect(checks.map((c) => c.holds)).to.deep.equal([true, true, true]);
    expect(checks.map((c) => c.threshold)).to.deep.equal([DECAY_DOMINANCE, EXPONENTIAL_TOLERANCE, GRADIENT_BALANCE]);
    // Relative to the exponent ηλ/m = 0.05: the bound 2.5e-7 (⌈n/m⌉·x²/(2(1 − x)), x = 1e-5) over 0.05.
    expect(checks[1].value).to.be.closeTo((5000 * 1e-10) / (2 * (1 - 1e-5)) / 0.05, 1e-15);
    expect(checks[1].value).to.be.closeTo(1e-5 / 2, 1e-10); // ≈ ηλ/2n
    const failing = {
      decayed: historyOf([1, P * Math.exp(-Math.log(P) / (DECAY_DOMINANCE * 0.99))]),
      undecayed: holding.undecayed,
      reference: historyOf([0.04, 0.04 * 0.999]),
    };
    expect(checkDecayConditions(CHAPTER, failing).map((c) => c.holds)).to.deep.equal([false, true, false]);
    // ηλ/n = 0.01 ≪ 1: the absolute bound is ≈ 0.25 (the exponent is 50), but relative to the
    // exponent it is ≈ ηλ/2n = 0.005, so "ηλ ≪ n" holds.
    const big = checkDecayConditions({ ...CHAPTER, lmbda: 5000 }, holding);
    expect(big[1].holds).to.equal(true);
    expect(big[1].value).to.be.closeTo((5000 * 1e-4) / (2 * 0.99) / 50, 1e-12);
    // ηλ/n = 0.04: relative error ≈ 0.02, more than 1 %.
    const bigger = checkDecayConditions({ ...CHAPTER, lmbda: 20_000 }, holding);
    expect(bigger[1].holds).to.equal(false);
    expect(bigger[1].value).to.be.closeTo(0.04 / (2 * 0.96), 1e-12);
    expect(relativeExponentError({ ...CHAPTER, lmbda: 0 })).to.equal(0);
  });

  it("brackets the tail-off level between the falling and the rising run, after the epochs both have", () => {
    const histories = {
      decayed: historyOf([1, 0.9, 0.8, 0.7]),
      undecayed: historyOf([1, 1, 1, 1]),
      reference: historyOf([0.04, 0.2, 0.3]),
    };
    const bracket = tailOffBracket([784, 30, 10], histories);
    expect(bracket).to.deep.equal({
      bookLevel: 1 / Math.sqrt(23_820),
      referenceStart: 0.04,
      lower: 0.3,
      upper: 0.8,
      epochs: 2,
    });
  });
});
