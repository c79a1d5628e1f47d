/**
 * The chapter's closing problem, worked numerically: how L2 regularization shrinks the weights
 * that the old N(0, 1) initialization starts from.
 *
 * network2's update of every weight, once per mini-batch, is w ← (1 − ηλ/n)·w − (η/m)·Σ∇C_x.
 * If the gradient term is negligible ("pure decay") every weight, hence every layer's RMS and
 * norm, is multiplied by the same factor 1 − ηλ/n per mini-batch, and by (1 − ηλ/n)^⌈n/m⌉ per
 * epoch. This module computes those factors, how far the product is from the book's exp(−ηλ/m),
 * the pure-decay prediction of the weights' RMS, and the factors actually measured in a training
 * history.
 *
 * Names as in the book: η → `eta`, λ → `lmbda`, m → `miniBatchSize`, n → `n`. The book uses n
 * for two things in this problem: in 1 − ηλ/n and in "ηλ ≪ n" it is the number of training
 * examples (as in network2's update); in the "1/√n" of part (3) it is the total number of
 * weights in the network. Here the first is `n` and the second is {@link weightCount}, N in prose.
 *
 * @see NNDL §3.3 (problem "Connecting regularization and the improved method of weight
 *      initialization"), §3.2 (L2 regularization, the update rule)
 */
import { checkSizes } from "../network2/sizes";
import { ETA, History, LMBDA } from "../network2/options";
import { checkValue, POSITIVE_INTEGER } from "../data/check";
import { describeValue } from "../data/describe";
import { percentSignificant } from "./format";

/** The numbers the decay depends on: network2's SGD hyper-parameters and the training set's size. */
export interface DecaySetting {
  /** η: the learning rate. */
  readonly eta: number;
  /** λ: the L2 regularization parameter. */
  readonly lmbda: number;
  /** m: examples per mini-batch. */
  readonly miniBatchSize: number;
  /** n: the number of training examples. */
  readonly n: number;
}

/**
 * Checks a setting and returns it; the error names the argument. ηλ must be below n, or one step
 * would zero or flip the sign of every weight and there is no decay to speak of.
 */
export function checkDecaySetting(setting: DecaySetting, caller = "decay"): DecaySetting {
  const { eta, lmbda, miniBatchSize, n } = setting ?? ({} as DecaySetting);
  checkValue(caller, "eta (η)", eta, ETA);
  checkValue(caller, "lmbda (λ)", lmbda, LMBDA);
  checkValue(caller, "miniBatchSize (m)", miniBatchSize, POSITIVE_INTEGER);
  checkValue(caller, "n (training examples)", n, POSITIVE_INTEGER);
  if (eta * lmbda >= n) {
    throw new RangeError(`${caller}: ηλ = ${eta * lmbda} must be below n = ${n}, or one step would zero or flip `
      + `every weight`);
  }
  return setting;
}

/** ηλ/n: the fraction of every weight that one mini-batch step removes. */
export function stepDecayFraction(setting: DecaySetting): number {
  const { eta, lmbda, n } = checkDecaySetting(setting, "stepDecayFraction");
  return (eta * lmbda) / n;
}

/** 1 − ηλ/n: the factor every weight is multiplied by once per mini-batch, before the gradient step. */
export function miniBatchDecayFactor(setting: DecaySetting): number {
  return 1 - stepDecayFraction(setting);
}

/**
 * ⌈n/m⌉: the mini-batch steps in one epoch. network2's last mini-batch may be smaller than m, but
 * it is still one step and decays the weights once, like every other.
 */
export function miniBatchesPerEpoch(setting: DecaySetting): number {
  const { n, miniBatchSize } = checkDecaySetting(setting, "miniBatchesPerEpoch");
  return Math.ceil(n / miniBatchSize);
}

/** ηλ/m: the book's decay exponent per epoch (the rate of ln‖w‖ per epoch under pure decay). */
export function epochDecayRate(setting: DecaySetting): number {
  const { eta, lmbda, miniBatchSize } = checkDecaySetting(setting, "epochDecayRate");
  return (eta * lmbda) / miniBatchSize;
}

/** (1 − ηλ/n)^⌈n/m⌉: the factor pure decay multiplies the weights by in one epoch, exactly. */
export function epochDecayFactor(setting: DecaySetting): number {
  return Math.exp(miniBatchesPerEpoch(setting) * Math.log1p(-stepDecayFraction(setting)));
}

/** exp(−ηλ/m): the book's per-epoch factor. */
export function exponentialDecayFactor(setting: DecaySetting): number {
  return Math.exp(-epochDecayRate(setting));
}

/**
 * ln of (1 − ηλ/n)^⌈n/m⌉ / exp(−ηλ/m): how far the book's factor is from the exact one, as a
 * relative difference (for small values). Never positive: the product decays a little faster.
 *
 * With x = ηλ/n and S = ⌈n/m⌉ steps it equals S·(ln(1 − x) + x) − (S − n/m)·x, computed so that
 * no two nearly equal numbers are subtracted.
 */
export function exponentialDecayLogError(setting: DecaySetting): number {
  const x = stepDecayFraction(setting);
  const steps = miniBatchesPerEpoch(setting);
  const extraSteps = steps - setting.n / setting.miniBatchSize;
  return steps * logOneMinusXPlusX(x) - extraSteps * x;
}

/** Below this x the series for ln(1 − x) + x is summed term by term (it converges fast there). */
const SERIES_LIMIT = 0.01;

/**
 * ln(1 − x) + x = −Σ_{k≥2} x^k/k, for 0 ≤ x < 1. `Math.log1p(-x) + x` would cancel about
 * log10(1/x) digits for small x; the series keeps them all.
 */
function logOneMinusXPlusX(x: number): number {
  if (x >= SERIES_LIMIT) return Math.log1p(-x) + x;
  let sum = 0;
  let power = x;
  for (let k = 2; ; k++) {
    power *= x;
    const term = power / k;
    sum += term;
    if (term <= Number.EPSILON * sum) return -sum;
  }
}

/**
 * An upper bound on |{@link exponentialDecayLogError}|, from the series ln(1 − x) = −Σ_{k≥1} x^k/k:
 * Σ_{k≥2} x^k/k ≤ (x²/2)·Σ_{j≥0} x^j = x²/(2(1 − x)), so the error is at most
 * S·x²/(2(1 − x)) + (S − n/m)·x. When m divides n the second term is 0 and the first is
 * (ηλ/m)·(ηλ/n)/(2(1 − ηλ/n)): the per-epoch exponent times about half of ηλ/n. That is what
 * "ηλ ≪ n" buys: the book's exponential is off by a fraction of order ηλ/n of the decay itself.
 * (It is also at least S·x²/2, so the bound is tight to a factor 1/(1 − x).)
 */
export function exponentialDecayBound(setting: DecaySetting): number {
  const x = stepDecayFraction(setting);
  const steps = miniBatchesPerEpoch(setting);
  const extraSteps = steps - setting.n / setting.miniBatchSize;
  return (steps * x * x) / (2 * (1 - x)) + extraSteps * x;
}

/**
 * The weights' RMS after each of `epochs` epochs of pure decay from `initialRms`: index t holds
 * initialRms·((1 − ηλ/n)^⌈n/m⌉)^t, t = 0…epochs. Pure decay scales every weight alike, so this
 * holds for every layer's RMS and norm, and for all weights together.
 */
export function pureDecayRms(initialRms: number, setting: DecaySetting, epochs: number): number[] {
  if (!Number.isFinite(initialRms) || initialRms < 0) {
    throw new RangeError(`pureDecayRms: initialRms must be a finite number ≥ 0, got ${describeValue(initialRms)}`);
  }
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`pureDecayRms: epochs must be an integer ≥ 0, got ${describeValue(epochs)}`);
  }
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`pureDecayRms: epochs must be an integer ≥ 0, got ${describeValue(epochs)}`);
  }
  const factor = epochDecayFactor(setting);
  return Array.from({ length: epochs + 1 }, (_, t) => initialRms * factor ** t);
}

/** N: the total number of weights of a network of `sizes` (biases not counted; they are not decayed). */
export function weightCount(sizes: readonly number[]): number {
  checkSizes(sizes);
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l] * sizes[l + 1];
  return count;
}

/** 1/√N: the weight size at which, the book's part (3) says, the decay tails off. */
export function bookTailOffLevel(sizes: readonly number[]): number {
  return 1 / Math.sqrt(weightCount(sizes));
}

/** Which weights to follow: one layer (index l for the weights into layer l + 1) or all together. */
export type WeightGroup = number | "all";

/** A history's weight RMS before training and after each epoch (index t = after epoch t). */
export function rmsSeries(history: Pick<History, "initial" | "epochs">, group: WeightGroup = "all"): number[] {
  const layers = history.initial.weights.layers.length;
  if (group !== "all" && !(Number.isInteger(group) && group >= 0 && group < layers)) {
    throw new RangeError(
      `rmsSeries: group must be "all" or a layer index in [0, ${layers}), got ${describeValue(group)}`,
    );
  }
  return [
    history.initial,
    ...history.epochs,
  ].map(({ weights }) => (group === "all" ? weights.all : weights.layers[group]).rms);
}

/**
 * The per-epoch factor measured in a training history: RMS after epoch t over RMS after epoch
 * t − 1 (before training for t = 1), for t = 1…epochs. Pure decay would make each equal to
 * {@link epochDecayFactor}; the gradient moves it away.
 */
export function measuredDecayFactors(
  history: Pick<History,
  "initial" | "epochs">,
  group: WeightGroup = "all",
): number[] {
  const rms = rmsSeries(history, group);
  return rms.slice(1).map((r, t) => r / rms[t]);
}

/** How many epochs count as "the first epochs" of part (1): the ones whose factor we check. */
export const EARLY_EPOCHS = 3;

/**
 * The tolerance of the early-decay check, relative to the effect itself: each early epoch's
 * measured decay exponent −ln(RMS_t/RMS_(t−1)) must be within this fraction of ηλ/m. A band
 * relative to the effect discriminates at every λ: a fixed ±2 % band on the factor is 40 % of the
 * 5 % decay at λ = 5 and passes anything at all below λ ≈ 2 (even a run without decay).
 */
export const EARLY_DECAY_TOLERANCE = 0.1;

/** The early epochs' decay exponents, measured and predicted, and whether each is within the tolerance. */
export interface EarlyDecayCheck {
  /** ηλ/m, the book's decay exponent per epoch. */
  readonly predicted: number;
  /** Measured exponents −ln(RMS_t/RMS_(t−1)) of epochs 1…min(EARLY_EPOCHS, epochs run). */
  readonly measured: readonly number[];
  /** |measured − ηλ/m| / (ηλ/m) for each (Infinity for λ = 0: no decay to measure). */
  readonly deviations: readonly number[];
  readonly tolerance: number;
  /** Whether at least one epoch ran, λ > 0 and every deviation is within the tolerance. */
  readonly holds: boolean;
  /** One line: the exponents against the prediction, and the first epoch off by more than the tolerance. */
  readonly summary: string;
}

/**
 * Compares the measured per-epoch decay exponents of the first epochs with ηλ/m, relative to
 * ηλ/m: the claim of parts (1) and (2) together, for a run under the old initialization.
 */
export function checkEarlyDecay(
  history: Pick<History, "initial" | "epochs">,
  setting: DecaySetting,
  tolerance = EARLY_DECAY_TOLERANCE,
): EarlyDecayCheck {
  if (!Number.isFinite(tolerance) || tolerance <= 0) {
    throw new RangeError(`checkEarlyDecay: tolerance must be > 0, got ${describeValue(tolerance)}`);
  }
  const predicted = epochDecayRate(setting);
  const measured = measuredDecayFactors(history).slice(0, EARLY_EPOCHS).map((f) => -Math.log(f));
  const deviations = measured.map((r) => (predicted === 0 ? Infinity : Math.abs(r - predicted) / predicted));
  const holds = measured.length > 0 && deviations.every((d) => d <= tolerance);
  const against = `−ln(factor) ${measured.map((r) => r.toFixed(5)).join(", ")} against ηλ/m = `
    + `${predicted.toPrecision(5)}`;
  const firstOff = deviations.findIndex((d) => !(d <= tolerance));
  const summary =
    measured.length === 0
      ? "no completed epoch to measure"
      : predicted === 0
        ? "λ = 0: no decay to measure"
        : firstOff >= 0
          ? `${against}: epoch ${firstOff + 1} is ${percentSignificant(deviations[firstOff])} off, `
            + `more than ${percentSignificant(tolerance)} of ηλ/m`
          : `${against}: within ${percentSignificant(tolerance)} of ηλ/m `
            + `(largest deviation ${percentSignificant(Math.max(...deviations))})`;
  return { predicted, measured, deviations, tolerance, holds, summary };
}

/**
 * The epochs pure decay needs to bring an RMS of `initialRms` down to 1/√N: ln(√N·RMS₀)/(ηλ/m),
 * 0 if it is there already, Infinity without decay.
 */
export function epochsToLevel(initialRms: number, sizes: readonly number[], setting: DecaySetting): number {
  const rate = -Math.log(epochDecayFactor(setting));
  const gap = Math.log(initialRms / bookTailOffLevel(sizes));
  return gap <= 0 ? 0 : rate === 0 ? Infinity : gap / rate;
}
