/**
 * The variance of a neuron's weighted input z = Σ_j w_j x_j + b when its weights and bias are
 * drawn at random: the calculation the chapter's argument for 1/√n_in weights rests on.
 *
 * With the w_j and b independent, of mean 0, Var(w_j) = σ_w² and Var(b) = σ_b², and the input x
 * fixed, each term w_j x_j has variance x_j² σ_w², and the variance of a sum of independent terms
 * is the sum of their variances:
 *
 *     Var(z) = σ_w² Σ_j x_j² + σ_b².
 *
 * For the chapter's input (k of the n_in inputs equal to 1, the rest 0) that is k σ_w² + σ_b²:
 * 500 + 1 = 501 with N(0, 1) weights, 500/1000 + 1 = 3/2 with N(0, 1/n_in) weights.
 *
 * Names follow the book: σ_b → `sigmaB`, n_in → `nIn`, z; variances σ_w², σ_b² → `sigmaW2`,
 * `sigmaB2`. Schemes are given by variances, not standard deviations, because the theory adds
 * variances and 1/n_in then stays exact (√(1/1000) squared is not 1/1000 in floating point).
 *
 * @see NNDL §3.3 (weight initialization, and its exercise)
 */
import { describeValue } from "../data/describe";

/** How a neuron's weights and bias are drawn: w_j ~ N(0, σ_w²) with σ_w² depending on n_in, b ~ N(0, σ_b²). */
export interface WeightScheme {
  /** A short name for legends and tables: "old", "new". */
  readonly label: string;
  /** The weights' distribution in the book's symbols, e.g. "N(0, 1/n_in)". */
  readonly weightLaw: string;
  /** σ_w² for a neuron with `nIn` inputs. */
  weightVariance(nIn: number): number;
  /** σ_b²; 0 means every bias starts at 0. */
  readonly biasVariance: number;
}

/** The chapter's old scheme (network2's `large_weight_initializer`): weights and biases N(0, 1). */
export const LARGE_WEIGHTS: WeightScheme = {
  label: "old",
  weightLaw: "N(0, 1)",
  weightVariance: () => 1,
  biasVariance: 1,
};

/** The chapter's new scheme (network2's `default_weight_initializer`): weights N(0, 1/n_in), biases N(0, 1). */
export const DEFAULT_WEIGHTS: WeightScheme = {
  label: "new",
  weightLaw: "N(0, 1/n_in)",
  weightVariance: (nIn) => 1 / nIn,
  biasVariance: 1,
};

/** `scheme` with biases drawn from N(0, σ_b²) instead (σ_b = 0: every bias starts at 0). */
export function withSigmaB(scheme: WeightScheme, sigmaB: number): WeightScheme {
  if (typeof sigmaB !== "number" || !Number.isFinite(sigmaB * sigmaB) || sigmaB < 0) {
    throw new RangeError(
      `withSigmaB: sigmaB (σ_b, the bias's standard deviation) must be a number ≥ 0 whose square is finite, ` +
        `got ${describeValue(sigmaB)}`,
    );
  }
  return { ...scheme, biasVariance: sigmaB * sigmaB };
}

/** The scheme in the book's symbols, for captions: "w ~ N(0, 1/n_in), b ~ N(0, 1)". */
export function describeScheme(scheme: WeightScheme): string {
  const sigmaB = Math.sqrt(scheme.biasVariance);
  const bias = sigmaB === 0 ? "b = 0" : sigmaB === 1 ? "b ~ N(0, 1)" : `b ~ N(0, ${sigmaB}²)`;
  return `w ~ ${scheme.weightLaw}, ${bias}`;
}

/**
 * Var(z) = σ_w² Σ_j x_j² + σ_b² for a fixed input x. Σ x_j² is summed first, so integer inputs
 * give an exact count (500 ones: 500, and 500 · (1/1000) rounds to exactly 0.5).
 */
export function zVariance(x: ArrayLike<number>, sigmaW2: number, sigmaB2: number): number {
  checkVariance("zVariance", "sigmaW2", sigmaW2);
  checkVariance("zVariance", "sigmaB2", sigmaB2);
  let sumOfSquares = 0;
  for (let j = 0; j < x.length; j++) sumOfSquares += x[j] * x[j];
  return sigmaW2 * sumOfSquares + sigmaB2;
}

/** The chapter's idealized input: `nIn` inputs, a fraction `fractionOn` of them equal to 1, the rest 0. */
export interface OnOffInput {
  readonly nIn: number;
  readonly fractionOn: number;
}

/** The chapter's case: 1,000 inputs, half of them on. */
export const CHAPTER_INPUT: OnOffInput = { nIn: 1000, fractionOn: 0.5 };

/** k, the number of inputs that are on: fractionOn · n_in, rounded to the nearest integer. */
export function activeInputs(input: OnOffInput): number {
  const { nIn, fractionOn } = input;
  if (!Number.isInteger(nIn) || nIn < 1) {
    throw new RangeError(
      `activeInputs: nIn (the number of inputs) must be a positive integer, got ${describeValue(nIn)}`,
    );
  }
  if (typeof fractionOn !== "number" || !(fractionOn >= 0 && fractionOn <= 1)) {
    throw new RangeError(
      `activeInputs: fractionOn (the fraction of inputs on) must be a number in [0, 1], ` +
        `got ${describeValue(fractionOn)}`,
    );
  }
  return Math.round(fractionOn * nIn);
}

/** The on/off input as a vector: the first k entries 1, the other n_in − k entries 0. */
export function onOffInput(input: OnOffInput): Float64Array {
  return new Float64Array(input.nIn).fill(1, 0, activeInputs(input));
}

/**
 * Var(z) = k σ_w² + σ_b² for the on/off input: the zero inputs contribute nothing. The same number
 * as {@link zVariance} of {@link onOffInput} (Σ x_j² of k ones is exactly k), without making the
 * vector, so any n_in works.
 */
export function onOffZVariance(input: OnOffInput, scheme: WeightScheme): number {
  const k = activeInputs(input);
  const sigmaW2 = scheme.weightVariance(input.nIn);
  checkVariance("onOffZVariance", "sigmaW2", sigmaW2);
  checkVariance("onOffZVariance", "sigmaB2", scheme.biasVariance);
  return sigmaW2 * k + scheme.biasVariance;
}

/** σ_z = √Var(z) for the on/off input: √501 ≈ 22.4 (old) and √(3/2) ≈ 1.22 (new) in the chapter's case. */
export function onOffZStd(input: OnOffInput, scheme: WeightScheme): number {
  return Math.sqrt(onOffZVariance(input, scheme));
}

/**
 * σ_z = √(f·n_in·σ_w² + σ_b²) for each n_in in `nIns`, the fraction f of inputs on held fixed: the
 * curve of σ_z against n_in. Here k = f·n_in is not rounded, so that the curve is smooth; where
 * f·n_in is a whole number it equals {@link onOffZStd}.
 */
export function zStdAgainstNIn(nIns: readonly number[], fractionOn: number, scheme: WeightScheme): number[] {
  return nIns.map((nIn) => {
    activeInputs({ nIn, fractionOn }); // checks nIn and fractionOn
    return Math.sqrt(fractionOn * nIn * scheme.weightVariance(nIn) + scheme.biasVariance);
  });
}

/** `count` integers spread evenly on a log scale from `from` to `to` (both included, duplicates dropped). */
export function logSpacedIntegers(from: number, to: number, count: number): number[] {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to <= from) {
    throw new RangeError(`logSpacedIntegers: expected integers 1 ≤ from < to, got from = ${from}, to = ${to}`);
  }
  if (!Number.isInteger(count) || count < 2) {
    throw new RangeError(`logSpacedIntegers: count must be an integer ≥ 2, got ${describeValue(count)}`);
  }
  const ratio = Math.log(to / from) / (count - 1);
  const values = Array.from({ length: count }, (_, i) => Math.round(from * Math.exp(i * ratio)));
  values[count - 1] = to;
  return [...new Set(values)];
}

function checkVariance(caller: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${caller}: ${name} is a variance, expected a finite number ≥ 0, got ${describeValue(value)}`);
  }
}
