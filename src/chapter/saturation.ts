/**
 * Saturation: why a broad z slows learning. When |z| is large, σ(z) sits next to 0 or 1 and
 * σ'(z) is nearly 0; backpropagation multiplies the gradient of every weight into the neuron by
 * σ'(z) (∂C/∂w_j = δ x_j with δ ∝ σ'(z)), so those weights barely move.
 *
 * Two measures, each both from samples of z and in theory (an expectation over z ~ N(0, σ_z²)):
 * - the fraction of z with σ(z) within a margin (`SATURATION_MARGIN` = 0.01, shared with the
 *   training monitors in `network2/monitors.ts`) of 0 or 1;
 * - the mean of σ'(z), the average factor scaling a hidden weight's gradient (at most 1/4).
 *
 * @see NNDL §3.3 (saturated hidden neurons learn slowly), §2 (σ'(z) in the backpropagation equations)
 */
import { SATURATION_MARGIN } from "../network2/monitors";
import { gaussianExpectation, gaussianTail } from "./gaussian";
import { sigmoid, sigmoidPrime } from "../network2/sigmoid";
import { describeValue } from "../data/describe";

/** The saturation measures of a distribution of z. */
export interface Saturation {
  /** The fraction of z with σ(z) within the margin of 0 or 1. */
  readonly saturatedFraction: number;
  /** The mean of σ'(z). */
  readonly meanSigmaPrime: number;
}

/**
 * The |z| beyond which σ(z) is within `margin` of 0 or 1: σ(z) = 1 − margin at z = ln((1 − margin)/margin),
 * about 4.6 for a margin of 0.01.
 */
export function saturationThreshold(margin: number = SATURATION_MARGIN): number {
  if (!(margin > 0 && margin < 0.5)) {
    throw new RangeError(`saturationThreshold: margin must be in (0, 0.5), got ${describeValue(margin)}`);
  }
  return Math.log((1 - margin) / margin);
}

/** Whether σ(z) is within `margin` of 0 or 1. */
export function isSaturated(z: number, margin: number = SATURATION_MARGIN): boolean {
  const a = sigmoid(z);
  return a < margin || a > 1 - margin;
}

/** The saturation measures of sampled values of z. */
export function sampleSaturation(z: ArrayLike<number>, margin: number = SATURATION_MARGIN): Saturation {
  if (z.length === 0) throw new RangeError("sampleSaturation: z is empty, expected at least one value");
  let saturated = 0;
  let sumPrime = 0;
  for (let i = 0; i < z.length; i++) {
    if (isSaturated(z[i], margin)) saturated++;
    sumPrime += sigmoidPrime(z[i]);
  }
  return { saturatedFraction: saturated / z.length, meanSigmaPrime: sumPrime / z.length };
}

/** Where σ'(z) < e^−|z| stops mattering: beyond |z| = 40 it is below 10⁻¹⁷. */
const SIGMOID_PRIME_SUPPORT = 40;

/** The saturation measures of z ~ N(0, σ_z²), by numerical integration over the Gaussian. */
export function gaussianSaturation(sigmaZ: number, margin: number = SATURATION_MARGIN): Saturation {
  return {
    saturatedFraction: 2 * gaussianTail(saturationThreshold(margin), sigmaZ),
    meanSigmaPrime: gaussianExpectation(sigmoidPrime, sigmaZ, SIGMOID_PRIME_SUPPORT),
  };
}

/**
 * The σ_z at which a share `share` of z ~ N(0, σ_z²) is saturated: the inverse of
 * `gaussianSaturation(σ_z).saturatedFraction`, which rises from 0 to 1 with σ_z. What a line on a
 * σ_z axis can honestly mark: not the |z| threshold itself (σ_z = 4.6 means about a third of the
 * neurons saturated, not the first ones), but the spread at which a stated share is. Found by
 * bisection on log σ_z to a relative precision of 1e-12 (the share is a smooth, increasing
 * function of σ_z, from the normal tail).
 */
export function sigmaZForSaturatedShare(share: number, margin: number = SATURATION_MARGIN): number {
  if (!(share > 0 && share < 1)) {
    throw new RangeError(`sigmaZForSaturatedShare: share must be a fraction in (0, 1), got ${describeValue(share)}`);
  }
  const t = saturationThreshold(margin);
  const saturated = (sigma: number): number => 2 * gaussianTail(t, sigma);
  let lo = Math.log(t) - 20; // σ_z = t·e⁻²⁰: a share of 0 in double precision
  let hi = Math.log(t) + 20; // σ_z = t·e²⁰: a share of 1 − 10⁻⁹
  if (saturated(Math.exp(hi)) < share) {
    throw new RangeError(`sigmaZForSaturatedShare: share ${share} is too close to 1`);
  }
  while (hi - lo > 1e-12) {
    const mid = (lo + hi) / 2;
    if (saturated(Math.exp(mid)) < share) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/** Groups the mixture's components are pooled into: {@link gaussianMixtureSaturation}. */
const MIXTURE_GROUPS = 256;

/**
 * The saturation measures of an equal-weight mixture of N(0, v_i), as z over a data set follows
 * (one variance per example). The variances are sorted and pooled into at most 256 groups of
 * neighbours, each group represented by its mean variance and weighted by its size, so that 10,000
 * examples cost 256 integrals; the measures change smoothly with v, so the pooling error is
 * second order in the spread within a group.
 */
export function gaussianMixtureSaturation(
  variances: ArrayLike<number>,
  margin: number = SATURATION_MARGIN,
): Saturation {
  const n = variances.length;
  if (n === 0) throw new RangeError("gaussianMixtureSaturation: variances is empty, expected at least one");
  const sorted = Float64Array.from(variances).sort();
  if (!(sorted[0] >= 0) || !Number.isFinite(sorted[n - 1])) {
    throw new RangeError("gaussianMixtureSaturation: variances must be finite numbers ≥ 0");
  }
  const groups = Math.min(MIXTURE_GROUPS, n);
  let saturatedFraction = 0;
  let meanSigmaPrime = 0;
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * n) / groups);
    const to = Math.floor(((g + 1) * n) / groups);
    let sum = 0;
    for (let i = from; i < to; i++) sum += sorted[i];
    const s = gaussianSaturation(Math.sqrt(sum / (to - from)), margin);
    saturatedFraction += (s.saturatedFraction * (to - from)) / n;
    meanSigmaPrime += (s.meanSigmaPrime * (to - from)) / n;
  }
  return { saturatedFraction, meanSigmaPrime };
}

/** Sampled values of σ'(z), one per z: the gradient factor of each draw, for its histogram. */
export function sigmoidPrimes(z: ArrayLike<number>): Float64Array {
  return Float64Array.from(z, sigmoidPrime);
}
