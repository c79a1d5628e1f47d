import { expect } from "chai";
import { targetData } from "../../src/data/data";
import {
  bookTailOffLevel,
  checkDecaySetting,
  checkEarlyDecay,
  EARLY_DECAY_TOLERANCE,
  epochsToLevel,
  DecaySetting,
  EARLY_EPOCHS,
  epochDecayFactor,
  epochDecayRate,
  exponentialDecayBound,
  exponentialDecayFactor,
  exponentialDecayLogError,
  measuredDecayFactors,
  miniBatchDecayFactor,
  miniBatchesPerEpoch,
  pureDecayRms,
  rmsSeries,
  stepDecayFraction,
  weightCount,
} from "../../src/chapter/decay";
import { trainRun } from "../../src/runs/runs";
import { historyOf } from "../support/decay-histories";

/** The chapter's numbers: η = 0.1, λ = 5, m = 10, n = 50,000. */
const CHAPTER: DecaySetting = { eta: 0.1, lmbda: 5, miniBatchSize: 10, n: 50_000 };

/** (1 − ηλ/n) multiplied into 1, step by step, ⌈n/m⌉ times: what training does, without logarithms. */
function productByLoop(setting: DecaySetting): number {
  const factor = 1 - (setting.eta * setting.lmbda) / setting.n;
  let product = 1;
  for (let k = 0; k < setting.n; k += setting.miniBatchSize) product *= factor;
  return product;
}

describe("decay: the theory", () => {
  it("the chapter's numbers: ηλ/n = 10⁻⁵, 5000 mini-batches, ηλ/m = 0.05", () => {
    expect(stepDecayFraction(CHAPTER)).to.be.closeTo(1e-5, 1e-20);
    expect(miniBatchDecayFactor(CHAPTER)).to.equal(1 - 1e-5);
    expect(miniBatchesPerEpoch(CHAPTER)).to.equal(5000);
    expect(epochDecayRate(CHAPTER)).to.be.closeTo(0.05, 1e-16);
    expect(exponentialDecayFactor(CHAPTER)).to.equal(Math.exp(-0.05));
  });

  it("the per-epoch factor is the product of the per-mini-batch factors", () => {
    for (const setting of [
      CHAPTER,
      { ...CHAPTER, miniBatchSize: 7 },
      { eta: 0.5, lmbda: 2, miniBatchSize: 10, n: 35 },
    ]) {
      const loop = productByLoop(setting);
      // The loop rounds once per step: about 1.1e-16 per step, relative.
      expect(epochDecayFactor(setting)).to.be.closeTo(loop, loop * 1.2e-16 * miniBatchesPerEpoch(setting));
    }
  });

  it("(1 − ηλ/n)^(n/m) differs from exp(−ηλ/m) by ≈ −(n/m)·x²/2 in the log, x = ηλ/n", () => {
    const x = 1e-5;
    const series = -5000 * (x ** 2 / 2 + x ** 3 / 3 + x ** 4 / 4);
    expect(exponentialDecayLogError(CHAPTER)).to.be.closeTo(series, 1e-18);
    expect(Math.log(productByLoop(CHAPTER)) + 0.05).to.be.closeTo(series, 1e-12);
    expect(series).to.be.closeTo(-2.5e-7, 1e-11);
  });

  it("the bound holds, tightly, for settings from the chapter's to ηλ/n = 0.1, m dividing n or not", () => {
    const settings: DecaySetting[] = [
      CHAPTER,
      { ...CHAPTER, lmbda: 500 },
      { ...CHAPTER, lmbda: 5000 },
      { ...CHAPTER, miniBatchSize: 1 },
      { ...CHAPTER, miniBatchSize: 50_000 },
      { ...CHAPTER, miniBatchSize: 7 },
      { ...CHAPTER, miniBatchSize: 30_000 },
      { eta: 1, lmbda: 10, miniBatchSize: 3, n: 100 },
    ];
    for (const setting of settings) {
      const x = stepDecayFraction(setting);
      const steps = miniBatchesPerEpoch(setting);
      const independent = Math.log(productByLoop(setting)) + epochDecayRate(setting);
      const bound = exponentialDecayBound(setting);
      const what = JSON.stringify(setting);
      expect(Math.abs(independent), what).to.be.at.most(bound * (1 + 1e-6) + 1e-12);
      expect(exponentialDecayLogError(setting), what).to.be.closeTo(
        independent,
        1e-9 * Math.max(1, Math.abs(independent)),
      );
      // The lower bound S·x²/2 + (S − n/m)·x: the upper one overstates by at most the factor 1/(1 − x).
      const lower = (steps * x * x) / 2 + (steps - setting.n / setting.miniBatchSize) * x;
      expect(Math.abs(independent), what).to.be.at.least(lower * (1 - 1e-6) - 1e-12);
      expect(bound, what).to.be.at.most(lower / (1 - x) + 1e-15);
    }
  });

  it("with the chapter's numbers the two factors agree to within the bound, 2.5·10⁻⁷", () => {
    const exact = productByLoop(CHAPTER);
    const book = Math.exp(-0.05);
    const bound = exponentialDecayBound(CHAPTER);
    expect(bound).to.be.closeTo(2.5e-7, 1e-11);
    expect(Math.abs(exact / book - 1)).to.be.at.most(bound * (1 + 1e-6));
    expect(book - exact).to.be.greaterThan(0); // the product decays a little faster
  });

  it("pure decay multiplies the RMS by the per-epoch factor each epoch", () => {
    const rms = pureDecayRms(2, CHAPTER, 30);
    expect(rms).to.have.length(31);
    expect(rms[0]).to.equal(2);
    for (let t = 1; t <= 30; t++) expect(rms[t] / rms[t - 1]).to.be.closeTo(epochDecayFactor(CHAPTER), 1e-15);
    expect(rms[30]).to.be.closeTo(2 * Math.exp(-1.5), 2 * 30 * 2.5e-7);
    expect(pureDecayRms(1, { ...CHAPTER, lmbda: 0 }, 3)).to.deep.equal([1, 1, 1, 1]);
    expect(() => pureDecayRms(-1, CHAPTER, 3)).to.throw(RangeError, /initialRms/);
    expect(() => pureDecayRms(1, CHAPTER, 1.5)).to.throw(RangeError, /epochs/);
  });

  it("N and 1/√N for the chapter's networks", () => {
    expect(weightCount([784, 30, 10])).to.equal(784 * 30 + 30 * 10);
    expect(weightCount([784, 30, 10])).to.equal(23_820);
    expect(weightCount([784, 100, 10])).to.equal(79_400);
    expect(bookTailOffLevel([784, 30, 10])).to.be.closeTo(0.0064793, 1e-7);
    expect(bookTailOffLevel([784, 100, 10])).to.be.closeTo(0.0035489, 1e-7);
    expect(() => weightCount([784])).to.throw();
  });

  it("checks the setting; the error names the argument", () => {
    expect(checkDecaySetting(CHAPTER)).to.equal(CHAPTER);
    expect(() => epochDecayFactor({ ...CHAPTER, eta: 0 })).to.throw(RangeError, /eta \(η\)/);
    expect(() => epochDecayFactor({ ...CHAPTER, lmbda: -1 })).to.throw(RangeError, /lmbda \(λ\)/);
    expect(() => epochDecayFactor({ ...CHAPTER, lmbda: NaN })).to.throw(RangeError, /lmbda/);
    expect(() => epochDecayFactor({ ...CHAPTER, miniBatchSize: 2.5 })).to.throw(RangeError, /miniBatchSize \(m\)/);
    expect(() => epochDecayFactor({ ...CHAPTER, n: 0 })).to.throw(RangeError, /n \(training examples\)/);
    expect(() => epochDecayFactor({ ...CHAPTER, lmbda: 500_000 })).to.throw(
      RangeError,
      /ηλ = 50000 must be below n = 50000/,
    );
  });
});

describe("decay: measured in a history", () => {
  it("RMS series and per-epoch factors, for all weights and per layer", () => {
    // Layer 0 (300 weights) halves every epoch; layer 1 (100 weights) stays at 1.
    const history = historyOf(
      [
        [4, 1],
        [2, 1],
        [1, 1],
      ],
      [300, 100],
    );
    expect(rmsSeries(history, 0)).to.deep.equal([4, 2, 1]);
    expect(rmsSeries(history, 1)).to.deep.equal([1, 1, 1]);
    expect(measuredDecayFactors(history, 0)).to.deep.equal([0.5, 0.5]);
    expect(measuredDecayFactors(history, 1)).to.deep.equal([1, 1]);
    const all = rmsSeries(history);
    expect(all[0]).to.be.closeTo(Math.sqrt((300 * 16 + 100) / 400), 1e-12);
    expect(measuredDecayFactors(history)[1]).to.be.closeTo(
      Math.sqrt((300 + 100) / 400) / Math.sqrt((300 * 4 + 100) / 400),
      1e-12,
    );
    expect(measuredDecayFactors(historyOf([1]))).to.deep.equal([]);
    expect(() => rmsSeries(history, 2)).to.throw(RangeError, /layer index in \[0, 2\), got 2/);
    expect(() => rmsSeries(history, 0.5)).to.throw(RangeError, /got 0.5/);
  });

  it("the early-decay check: epochs 1…3, each decay exponent within 10 % of ηλ/m", () => {
    const rate = 0.05; // ηλ/m with the chapter's numbers
    // Exponents 0.054, 0.05, 0.046 (within 10 %), then a collapse in epoch 4 (not an early epoch).
    const r = [1, Math.exp(-0.054)];
    r.push(r[1] * Math.exp(-0.05), r[1] * Math.exp(-0.05) * Math.exp(-0.046), 0.01);
    const good = checkEarlyDecay(historyOf(r), CHAPTER);
    expect(EARLY_EPOCHS).to.equal(3);
    expect(EARLY_DECAY_TOLERANCE).to.equal(0.1);
    expect(good.measured).to.have.length(3);
    expect(good.measured[0]).to.be.closeTo(0.054, 1e-12);
    expect(good.deviations[0]).to.be.closeTo(0.004 / rate, 1e-9);
    expect(good.deviations[1]).to.be.closeTo(0, 1e-9);
    expect(good.deviations[2]).to.be.closeTo(0.004 / rate, 1e-9);
    expect(good.holds).to.equal(true);
    expect(good.summary).to.equal(
      "−ln(factor) 0.05400, 0.05000, 0.04600 against ηλ/m = 0.050000: within 10 % of ηλ/m (largest deviation 8 %)",
    );
    // A run with no decay at all (factor 1.0004, as λ = 0 measured) fails a tiny λ: the band is relative.
    const tiny = { ...CHAPTER, lmbda: 0.1 };
    const none = checkEarlyDecay(historyOf([1, 1.0004]), tiny);
    expect(none.holds).to.equal(false);
    expect(none.summary).to.match(
      /^−ln\(factor\) -0\.00040 against ηλ\/m = 0\.0010000: epoch 1 is 140 % off, more than 10 % of ηλ\/m$/,
    );
    expect(checkEarlyDecay(historyOf([1, 0.9]), { ...CHAPTER, lmbda: 0 })).to.include({
      holds: false,
      summary: "λ = 0: no decay to measure",
    });
    expect(checkEarlyDecay(historyOf([1, Math.exp(-0.058)]), CHAPTER, 0.2).holds).to.equal(true);
    expect(checkEarlyDecay(historyOf([1, Math.exp(-0.058)]), CHAPTER).holds).to.equal(false);
    expect(checkEarlyDecay(historyOf([1]), CHAPTER)).to.include({
      holds: false,
      summary: "no completed epoch to measure",
    });
    expect(() => checkEarlyDecay(historyOf([1, 1]), CHAPTER, 0)).to.throw(RangeError, /tolerance/);
  });

  it("the epochs pure decay needs to reach 1/√N: ln(√N·RMS₀)/(−ln P)", () => {
    const sizes = [784, 30, 10];
    const P = epochDecayFactor(CHAPTER);
    expect(epochsToLevel(1.003, sizes, CHAPTER)).to.be.closeTo(
      Math.log(Math.sqrt(23_820) * 1.003) / -Math.log(P),
      1e-9,
    );
    expect(epochsToLevel(1.003, sizes, CHAPTER)).to.be.closeTo(101, 0.5); // the 101 epochs
    expect(epochsToLevel(0.001, sizes, CHAPTER)).to.equal(0);
    expect(epochsToLevel(1, sizes, { ...CHAPTER, lmbda: 0 })).to.equal(Infinity);
  });

  it("training with no gradient on the weights (all inputs 0) decays them by exactly " +
    "(1 − ηλ/n)^⌈n/m⌉ per epoch", () => {
    // 35 examples in mini-batches of 10: four steps per epoch, the last of 5 examples.
    const n = 35;
    const targets = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) targets[i * 3 + (i % 3)] = 1;
    const training = targetData(new Float32Array(n * 6), 6, targets, 3);
    const setting: DecaySetting = { eta: 0.5, lmbda: 2, miniBatchSize: 10, n };
    expect(miniBatchesPerEpoch(setting)).to.equal(4);
    const run = {
      label: "zero inputs",
      sizes: [6, 4, 3],
      initializer: "large" as const,
      seed: 3,
      epochs: 3,
      miniBatchSize: 10,
      eta: 0.5,
      lmbda: 2,
      precision: "float64" as const,
    };
    const { history } = trainRun(run, { training });
    // The first layer's gradient δ·xᵀ is exactly 0; the output layer's is not (its inputs are σ(b)).
    for (const factor of measuredDecayFactors(history, 0))
      expect(factor).to.be.closeTo(epochDecayFactor(setting), 1e-15);
    // ⌈n/m⌉ steps, not n/m.
    expect(epochDecayFactor(setting)).not.to.be.closeTo((1 - (0.5 * 2) / n) ** (n / 10), 1e-3);
    expect(Math.abs(measuredDecayFactors(history, 1)[0] - epochDecayFactor(setting))).to.be.greaterThan(1e-6);
  });
});
