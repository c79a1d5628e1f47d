/**
 * The Gaussian N(0, σ²) that z follows at initialization: its density (for the curves drawn over
 * the histograms) and its tail, from @stdlib's normal distribution and complementary error
 * function; and expectations E[f(z)] under it, by numerical integration, for the theoretical
 * values the Monte-Carlo measures are checked against (@stdlib has no general expectation; the one
 * we need is E[σ'(z)], which has no closed form).
 *
 * Expectations use composite Simpson's rule on a grid fine enough for both the Gaussian (steps of at
 * most σ/200) and the sigmoid's features (steps of at most 1/50, since σ'(z) varies on a scale of 1
 * whatever σ is), over ±12σ where the density is below 10⁻³¹ of its peak.
 *
 * @see NNDL §3.3 (z is Gaussian with mean 0 and standard deviation σ_z)
 */
import erfc from "@stdlib/math-base-special-erfc";
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import { describeValue } from "../data/describe";

/** A curve as two columns, ready to plot. */
export interface Curve {
  readonly x: number[];
  readonly y: number[];
}

/** Half-width of the integration interval, in standard deviations. */
const INTEGRATION_HALF_WIDTH = 12;
/** The coarsest step, as a fraction of σ and in units of z. */
const STEPS_PER_SIGMA = 200;
const STEPS_PER_UNIT_Z = 50;
/** Simpson's rule needs an even number of intervals; at least this many. */
const MIN_INTERVALS = 400;

/** The density of N(0, σ²) at z. */
export function gaussianDensity(z: number, sigma: number): number {
  checkSigma("gaussianDensity", sigma);
  return normalPdf(z, 0, sigma);
}

/** The density of N(0, σ²) at `points` evenly spaced values of z over `range` (ends included). */
export function gaussianCurve(sigma: number, range: readonly [number, number], points: number): Curve {
  return curve(range, points, (z) => gaussianDensity(z, sigma));
}

/**
 * The density of an equal-weight mixture of N(0, v_i): what z follows when each example i of a
 * data set has its own variance v_i and the examples are taken equally often.
 */
export function gaussianMixtureCurve(
  variances: ArrayLike<number>,
  range: readonly [number, number],
  points: number,
): Curve {
  if (variances.length === 0) throw new RangeError("gaussianMixtureCurve: variances is empty, expected at least one");
  const sigmas = Array.from(variances, (v) => Math.sqrt(v));
  return curve(range, points, (z) => {
    let sum = 0;
    for (const sigma of sigmas) sum += gaussianDensity(z, sigma);
    return sum / sigmas.length;
  });
}

/**
 * E[f(z)] for z ~ N(0, σ²), by Simpson's rule (σ = 0 gives f(0)). `support`: a half-width beyond
 * which f is negligible (σ'(z) < e^−|z|, so 40 for σ'), so that a huge σ (10⁶, say) does not call
 * for a grid over ±12σ in steps of 1/50.
 */
export function gaussianExpectation(f: (z: number) => number, sigma: number, support = Infinity): number {
  if (sigma === 0) return f(0);
  checkSigma("gaussianExpectation", sigma);
  if (!(support > 0)) throw new RangeError(`gaussianExpectation: support must be > 0, got ${describeValue(support)}`);
  const halfWidth = Math.min(INTEGRATION_HALF_WIDTH * sigma, support);
  return simpson((z) => f(z) * gaussianDensity(z, sigma), -halfWidth, halfWidth, intervalsFor(2 * halfWidth, sigma));
}

/**
 * P(z > t) for z ~ N(0, σ²) = ½·erfc(t / (σ√2)), accurate far into the tail where 1 − Φ would
 * round to 0 (σ = 0: 1 if t < 0, else 0).
 */
export function gaussianTail(t: number, sigma: number): number {
  if (sigma === 0) return t < 0 ? 1 : 0;
  checkSigma("gaussianTail", sigma);
  return 0.5 * erfc(t / (sigma * Math.SQRT2));
}

/** ∫ₐᵇ f by composite Simpson's rule with `intervals` (even) intervals. */
export function simpson(f: (x: number) => number, a: number, b: number, intervals: number): number {
  if (!Number.isInteger(intervals) || intervals < 2 || intervals % 2 !== 0) {
    throw new RangeError(`simpson: intervals must be an even integer ≥ 2, got ${describeValue(intervals)}`);
  }
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

function intervalsFor(width: number, sigma: number): number {
  const step = Math.min(sigma / STEPS_PER_SIGMA, 1 / STEPS_PER_UNIT_Z);
  const n = Math.max(MIN_INTERVALS, Math.ceil(width / step));
  return n % 2 === 0 ? n : n + 1;
}

function curve(range: readonly [number, number], points: number, f: (z: number) => number): Curve {
  const [lo, hi] = range;
  if (!(lo < hi)) throw new RangeError(`curve: range must be [low, high] with low < high, got [${lo}, ${hi}]`);
  if (!Number.isInteger(points) || points < 2) {
    throw new RangeError(`curve: points must be an integer ≥ 2, got ${describeValue(points)}`);
  }
  const x = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  return { x, y: x.map(f) };
}

function checkSigma(caller: string, sigma: number): void {
  if (!Number.isFinite(sigma) || sigma <= 0) {
    throw new RangeError(
      `${caller}: sigma is a standard deviation, expected a finite number > 0, got ${describeValue(sigma)}`,
    );
  }
}
