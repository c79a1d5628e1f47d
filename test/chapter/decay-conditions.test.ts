import { expect } from "chai";
import { DecaySetting, epochDecayFactor } from "../../src/chapter/decay";
import {
  atBalance,
  checkDecayConditions,
  checkScaling,
  DECAY_ROLES,
  DECAY_THRESHOLDS,
  decayDominance,
  decayExperiment,
  DecayStudy,
  experimentHistories,
  experimentIndexOf,
  experimentRuns,
  firstEpochSplit,
  gradientBalance,
  relativeExponentError,
  tailOffBracket,
  weightChangeSplit,
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

  it("splits a weight change into the decay's part (P − 1)·w₀ and the rest, by hand", () => {
    const before = [Float64Array.of(3, 4), Float64Array.of(1)];
    // Layer 1 decays exactly; layer 2 also moves by 0.5 sideways of the decay.
    const after = [Float64Array.of(3 * P, 4 * P), Float64Array.of(P + 0.5)];
    const split = weightChangeSplit(CHAPTER, before, after);
    expect(split.decay[0]).to.be.closeTo(5 * (1 - P), 1e-12);
    expect(split.rest[0]).to.be.closeTo(0, 1e-12);
    expect(split.decay[1]).to.be.closeTo(1 - P, 1e-12);
    expect(split.rest[1]).to.be.closeTo(0.5, 1e-12);
    expect(split.decay[2]).to.be.closeTo(Math.sqrt(26) * (1 - P), 1e-12);
    expect(split.rest[2]).to.be.closeTo(0.5, 1e-12);
    expect(() => weightChangeSplit(CHAPTER, before, [after[0]])).to.throw(RangeError, /same network/);
  });

  it("verdicts on either side of each threshold, in the problem's order", () => {
    const T = DECAY_THRESHOLDS;
    const sizes = [784, 30, 10];
    const level = 1 / Math.sqrt(23_820);
    const early = [1, P, P * P, P * P * P]; // pure decay: every exponent exactly ηλ/m
    const holding = {
      sizes,
      histories: {
        decayed: historyOf([...early.map((r) => r * 1.0000001), 2 * level]), // ends at 2 × 1/√N
        undecayed: historyOf([1, 1.001]),
        reference: historyOf([0.04, 0.04 * 1.001]), // grew a little: the gradient beat the decay
      },
      change: { decay: [T.changeDominance * 1.01], rest: [1] },
    };
    // The first epoch's size change is pure decay here: dominance is as large as it gets.
    holding.histories.decayed.epochs[0].weights.all.rms = P * Math.exp(-Math.log(P) / (T.sizeDominance * 1.01));
    const checks = checkDecayConditions(CHAPTER, holding);
    expect(checks.map((c) => c.part)).to.deep.equal([1, 1, 2, 2, 3, 3]);
    expect(checks.map((c) => c.holds)).to.deep.equal([true, true, true, true, true, true]);
    expect(checks[0].condition).to.match(
      /^"the first epochs of training will be dominated almost entirely by weight decay"/,
    );
    expect(checks[2].value).to.equal(((5000 * 1e-10) / (2 * (1 - 1e-5)) / 0.05).toExponential(2)); // ≈ ηλ/2n
    expect(checks[5].value).to.equal("2 × 1/√N");
    const failing = {
      sizes,
      histories: {
        decayed: historyOf([1, P * Math.exp(-Math.log(P) / (T.sizeDominance * 0.99)), 0.9, 0.89]),
        undecayed: holding.histories.undecayed,
        reference: historyOf([0.04, 0.04 * 0.999]),
      },
      change: { decay: [T.changeDominance * 0.99], rest: [1] },
    };
    const failed = checkDecayConditions(CHAPTER, failing);
    expect(failed.map((c) => c.holds)).to.deep.equal([false, false, true, false, false, false]);
    expect(failed[1].why).to.equal("the rest of the change (the gradient's steps) is larger than the decay's part");
    const sizeOnly = checkDecayConditions(CHAPTER, { ...holding, change: failing.change });
    expect(sizeOnly[1].why).to.match(/mostly sideways to w: the size follows the decay, the weights do not$/);
    // Still 0.89 / (1/√N) ≈ 137 × 1/√N and falling; pure decay would need ln(√N)/(ηλ/m) ≈ 101 epochs.
    expect(failed[5].why).to.match(new RegExp(
      /^after 3 epochs the RMS is still 137 × 1\/√N and falling \(last factor 0\.9889\); /.source +
        /pure decay alone would need 101 epochs/.source,
    ));
    // ηλ/n = 0.04: relative error ≈ 0.02, more than 1 %.
    expect(checkDecayConditions({ ...CHAPTER, lmbda: 20_000 }, holding)[2].holds).to.equal(false);
    expect(relativeExponentError({ ...CHAPTER, lmbda: 0 })).to.equal(0);
  });

  it("(3) the scaling with N: β of RMS ∝ N^β, and whether the runs are at the balance", () => {
    const small = [784, 30, 10];
    const large = [784, 100, 10];
    const [N1, N2] = [23_820, 79_400];
    const still = (rms: number) => historyOf([1, rms, rms]); // last factor 1: at the balance
    // The same ‖w‖ = 20 for both: RMS ∝ N^−1/2.
    const same = checkScaling(CHAPTER, 50, [
      { sizes: small, lmbda: 50, history: still(20 / Math.sqrt(N1)) },
      { sizes: large, lmbda: 50, history: still(20 / Math.sqrt(N2)) },
    ]);
    expect(same.exponent).to.be.closeTo(-0.5, 1e-12);
    expect(same.norms[0]).to.be.closeTo(20, 1e-9);
    expect(same.holds).to.equal(true);
    // The same RMS for both: β = 0, ✗.
    const flat = checkScaling(CHAPTER, 50, [
      { sizes: small, lmbda: 50, history: still(0.1) },
      { sizes: large, lmbda: 50, history: still(0.1) },
    ]);
    expect(flat.exponent).to.be.closeTo(0, 1e-12);
    expect(flat.holds).to.equal(false);
    expect(flat.why).to.match(/changes with N/);
    // Still falling at 5 % per epoch with ηλ/m = 0.5: 10 % of it is 0.05, so not yet at the balance.
    const falling = { sizes: small, lmbda: 50, history: historyOf([1, 0.2, 0.2 * Math.exp(-0.06)]) };
    expect(atBalance(CHAPTER, falling, 0.1)).to.equal(false);
    expect(atBalance(CHAPTER, { ...falling, history: historyOf([1, 0.2, 0.2 * Math.exp(-0.04)]) }, 0.1)).to.equal(true);
    const notYet = checkScaling(CHAPTER, 50, [falling, { sizes: large, lmbda: 50, history: still(0.1) }]);
    expect(notYet.holds).to.equal(false);
    expect(notYet.why).to.match(/not every run has reached the balance/);
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
