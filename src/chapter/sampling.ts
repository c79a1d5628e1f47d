/**
 * Monte-Carlo z: draw a neuron's weights and bias afresh many times, compute z = Σ_j w_j x_j + b
 * for a fixed input x each time, and compare the spread of the draws with the theory in
 * `variance.ts`.
 *
 * Two things keep 100,000 draws of the chapter's case (1,000 inputs, half on) to a few seconds:
 * - Only the inputs that are on contribute: a weight multiplied by x_j = 0 adds nothing to z, so
 *   it is never drawn. Each draw costs k + 1 normal draws (k = 500 here), not n_in + 1.
 * - One set of draws serves every scheme. A weight from N(0, σ_w²) is σ_w·ε with ε ~ N(0, 1)
 *   (that is how `Rng.fillNormal` draws it too), so z = σ_w Σ_j x_j ε_j + σ_b ε_b: the same
 *   standard normals, scaled per scheme, give each scheme's z exactly as a separate run with the
 *   same seed would. The new initialization's weights are the old ones divided by √n_in.
 *
 * Normal draws come from `@stdlib/random-base-normal` through the seeded {@link Rng}; sample
 * variances from `@stdlib/stats-base-variance`.
 *
 * @see NNDL §3.3
 */
import variance = require("@stdlib/stats-base-variance");
import { describeValue } from "../data/describe";
import { Rng } from "../data/random";
import { WeightScheme } from "./variance";

/** Draws the notebooks use: the sample s.d. of z then has a relative standard error of 1/√(2N) ≈ 0.22 %. */
export const DEFAULT_DRAWS = 100_000;
/** The most draws `sampleZ` takes: ten times the default, some seconds per scheme for the chapter's input. */
export const MAX_DRAWS = 1_000_000;

/** What `sampleZ` draws. */
export interface SampleZOptions {
  /** The fixed input x; its length is the neuron's n_in. */
  readonly x: ArrayLike<number>;
  /** One sample of z per scheme, from shared standard normal draws (see the top of this file). */
  readonly schemes: readonly WeightScheme[];
  /** How many times to draw the weights and bias. */
  readonly draws: number;
  readonly rng: Rng;
}

/**
 * `draws` values of z = Σ_j w_j x_j + b per scheme, weights and bias drawn afresh for each value.
 * Per draw the generator gives one ε per nonzero x_j, in index order, then ε_b for the bias (drawn
 * even when σ_b = 0, so that every scheme sees the same stream).
 */
export function sampleZ(options: SampleZOptions): Float64Array[] {
  const { x, schemes, draws, rng } = options;
  if (!Number.isInteger(draws) || draws < 2 || draws > MAX_DRAWS) {
    throw new RangeError(`sampleZ: draws must be an integer from 2 to ${MAX_DRAWS}, got ${describeValue(draws)}`);
  }
  if (x.length === 0) throw new RangeError("sampleZ: x is empty, expected at least one input");
  if (schemes.length === 0) throw new RangeError("sampleZ: schemes is empty, expected at least one scheme");
  const active = nonzeroValues(x);
  const nIn = x.length;
  const sigmaW = schemes.map((s) => Math.sqrt(s.weightVariance(nIn)));
  const sigmaB = schemes.map((s) => Math.sqrt(s.biasVariance));
  const samples = schemes.map(() => new Float64Array(draws));
  for (let d = 0; d < draws; d++) {
    let weighted = 0;
    for (let j = 0; j < active.length; j++) weighted += active[j] * rng.normal();
    const bias = rng.normal();
    for (let s = 0; s < samples.length; s++) samples[s][d] = sigmaW[s] * weighted + sigmaB[s] * bias;
  }
  return samples;
}

/** The nonzero entries of x, in order: the inputs that contribute to z. */
export function nonzeroValues(x: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let j = 0; j < x.length; j++) {
    if (!Number.isFinite(x[j])) {
      throw new RangeError(`nonzeroValues: x[${j}] is ${String(x[j])}, expected a finite number`);
    }
    if (x[j] !== 0) out.push(x[j]);
  }
  return Float64Array.from(out);
}

/** The sample variance (divisor N − 1) of `values`, by `@stdlib/stats-base-variance`. */
export function sampleVariance(values: Float64Array | number[]): number {
  if (values.length < 2) throw new RangeError(`sampleVariance: need at least 2 values, got ${values.length}`);
  return variance(values.length, 1, values, 1);
}

/** The sample standard deviation (divisor N − 1) of `values`. */
export function sampleStd(values: Float64Array | number[]): number {
  return Math.sqrt(sampleVariance(values));
}

/** The sample mean of `values`. */
export function sampleMean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError("sampleMean: values is empty, expected at least one");
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/**
 * The relative standard error of the sample standard deviation of N Gaussian draws, 1/√(2(N − 1)):
 * how far a sampled σ_z typically lands from the true one (0.22 % for N = 100,000), so a tolerance
 * of 1 % is more than four of these.
 */
export function stdRelativeStandardError(draws: number): number {
  if (!Number.isInteger(draws) || draws < 2) {
    throw new RangeError(`stdRelativeStandardError: draws must be an integer ≥ 2, got ${describeValue(draws)}`);
  }
  return 1 / Math.sqrt(2 * (draws - 1));
}

/** |measured − expected| / expected: the relative error a tolerance is checked against. */
export function relativeError(measured: number, expected: number): number {
  if (expected === 0) throw new RangeError("relativeError: expected is 0, a relative error needs a nonzero reference");
  return Math.abs(measured - expected) / Math.abs(expected);
}
