/**
 * Histograms as bin counts: what a figure needs of 100,000 samples, in a few hundred numbers
 * (executed notebooks embed their figures' JSON, so raw samples would make them megabytes).
 *
 * @see NNDL §3.3 (the graphs of z's distribution)
 */
import { describeValue } from "../data/describe";

/** Counts of values in equal bins [start + i·binWidth, start + (i+1)·binWidth); the last bin also holds `end`. */
export interface Histogram {
  readonly start: number;
  readonly binWidth: number;
  readonly counts: number[];
  /** All values counted, inside the bins or not. */
  readonly total: number;
  /** Values below `start` and above the last bin: off the figure's axes, but part of `total`. */
  readonly below: number;
  readonly above: number;
}

/** Where the bins go: `bins` equal bins over `range`. */
export interface Binning {
  readonly range: readonly [number, number];
  readonly bins: number;
}

/** Counts `values` into the bins of `binning`. */
export function histogram(values: ArrayLike<number>, binning: Binning): Histogram {
  const [start, end] = binning.range;
  const { bins } = binning;
  if (!(start < end) || !Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RangeError(`histogram: range must be finite [start, end] with start < end, got [${start}, ${end}]`);
  }
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`histogram: bins must be a positive integer, got ${describeValue(bins)}`);
  }
  const binWidth = (end - start) / bins;
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) throw new RangeError(`histogram: values[${i}] is NaN, expected a number`);
    if (v < start) below++;
    else if (v > end) above++;
    else counts[Math.min(bins - 1, Math.floor((v - start) / binWidth))]++;
  }
  return { start, binWidth, counts, total: values.length, below, above };
}

/** The middle of each bin. */
export function binCenters(h: Histogram): number[] {
  return h.counts.map((_, i) => h.start + (i + 0.5) * h.binWidth);
}

/**
 * Each bin's count as a probability density, count / (total · binWidth), so that the bars can be
 * compared with a density curve. Values off the axes still count in the total, as they do for the
 * curve, whose area over the axes is then also below 1.
 */
export function binDensities(h: Histogram): number[] {
  if (h.total === 0) return h.counts.map(() => 0);
  return h.counts.map((c) => c / (h.total * h.binWidth));
}

/** Each bin's count as a fraction of all values. */
export function binFractions(h: Histogram): number[] {
  if (h.total === 0) return h.counts.map(() => 0);
  return h.counts.map((c) => c / h.total);
}

/** The fraction of values off the bins (below `start` or above the end). */
export function offRangeFraction(h: Histogram): number {
  return h.total === 0 ? 0 : (h.below + h.above) / h.total;
}
