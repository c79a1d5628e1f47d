/**
 * How much a result moves with the seed: the same run repeated from several seeds, summarized
 * as mean ± sample standard deviation. One seed cannot say whether "under 87 %" holds or only
 * happened; ten can say how often, and by how much.
 *
 * @see NNDL §3.3 (the epoch-1 accuracies of the old and new initialization)
 */
import type { History } from "../network2/options";
import { sampleStd } from "./sampling";
import { describeValue } from "../data/describe";

/** Mean, sample standard deviation (divisor count − 1), range and count of some numbers. */
export interface Spread {
  readonly mean: number;
  /** 0 for a single value. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** The spread of `values` (at least one). */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError("spreadOf: values is empty, expected at least one number");
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return {
    mean,
    sd: values.length > 1 ? sampleStd([...values]) : 0,
    min: Math.min(...values),
    max: Math.max(...values),
    count: values.length,
  };
}

/** Validation accuracy in percent after epoch `epoch` (1-based), or undefined if not recorded. */
export function accuracyPercentAt(
  history: Pick<History,
  "epochs" | "evaluationSize">,
  epoch: number,
): number | undefined {
  const record = history.epochs[epoch - 1];
  if (record?.evaluationAccuracy === undefined || history.evaluationSize === 0) return undefined;
  return (100 * record.evaluationAccuracy) / history.evaluationSize;
}

/** The spread over runs of the accuracy after epoch `epoch`, over the runs that recorded it. */
export function accuracySpread(
  histories: readonly Pick<History,
  "epochs" | "evaluationSize">[],
  epoch: number,
): Spread | undefined {
  const values = histories.map((h) => accuracyPercentAt(h, epoch)).filter((v): v is number => v !== undefined);
  return values.length === 0 ? undefined : spreadOf(values);
}

/** One point of a band: an epoch and the spread of the accuracy there. */
export interface BandPoint {
  readonly epoch: number;
  readonly spread: Spread;
}

/** The accuracy's spread over runs for every epoch that at least one run recorded. */
export function accuracyBand(histories: readonly Pick<History, "epochs" | "evaluationSize">[]): BandPoint[] {
  const epochs = Math.max(0, ...histories.map((h) => h.epochs.length));
  const band: BandPoint[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const spread = accuracySpread(histories, epoch);
    if (spread !== undefined) band.push({ epoch, spread });
  }
  return band;
}

/** `count` seeds from `first` on: first, first + 1, …; every random choice takes one. */
export function seedsFrom(first: number, count: number): number[] {
  if (!Number.isInteger(first) || first < 0) {
    throw new RangeError(`seedsFrom: first must be an integer ≥ 0, got ${describeValue(first)}`);
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`seedsFrom: count must be an integer ≥ 1, got ${describeValue(count)}`);
  }
  return Array.from({ length: count }, (_, i) => first + i);
}
