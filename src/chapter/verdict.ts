/**
 * A claim checked on a measurement, shown as a verdict: ✓ or ✗ with the measured number against
 * the bound. What the notebooks print when a check holds only for some settings, so that a
 * learner's edit ends in a reading, not in an exception.
 */
import { accuracyText } from "./format";

/** One claim, its measured value and the bound it is held against. */
export interface Verdict {
  /** What is claimed, e.g. "old, epoch 1: under 87 %". */
  readonly claim: string;
  readonly holds: boolean;
  /** The measured number, formatted. */
  readonly measured: string;
  /** The bound, formatted with its relation, e.g. "< 87". */
  readonly bound: string;
}

/** A verdict that `value` is below `bound` (`strict`: <, else ≤). */
export function below(
  claim: string,
  value: number,
  bound: number,
  format: (v: number) => string = String,
  strict = true,
): Verdict {
  return {
    claim,
    holds: strict ? value < bound : value <= bound,
    measured: format(value),
    bound: `${strict ? "<" : "≤"} ${format(bound)}`,
  };
}

/** A verdict that `value` is above `bound` (`strict`: >, else ≥). */
export function above(
  claim: string,
  value: number,
  bound: number,
  format: (v: number) => string = String,
  strict = true,
): Verdict {
  return {
    claim,
    holds: strict ? value > bound : value >= bound,
    measured: format(value),
    bound: `${strict ? ">" : "≥"} ${format(bound)}`,
  };
}

/** A verdict that `value` lies in [low, high]. */
export function within(
  claim: string,
  value: number,
  low: number,
  high: number,
  format: (v: number) => string = String,
): Verdict {
  return {
    claim,
    holds: value >= low && value <= high,
    measured: format(value),
    bound: `in [${format(low)}, ${format(high)}]`,
  };
}

/**
 * Validation accuracy (percent) under which a ten-class network counts as left at chance: a
 * network that guesses scores 10 %, and one that has learned anything at all scores far more.
 */
export const CHANCE_LIMIT_PERCENT = 20;

/**
 * `verdict`, unless one of the networks it judges is at chance (an accuracy under
 * {@link CHANCE_LIMIT_PERCENT}, or none measured): then ✗, saying so. A network at chance is
 * under 87 % too, but it has not learned what the claim is about.
 */
export function unlessAtChance(verdict: Verdict, accuracies: readonly number[]): Verdict {
  const atChance = accuracies.filter((a) => !(a >= CHANCE_LIMIT_PERCENT));
  if (atChance.length === 0) return verdict;
  const worst = Math.min(...atChance.map((a) => (Number.isFinite(a) ? a : -1)));
  const measured = worst < 0 ? "no accuracy (diverged or not run)" : `${accuracyText(worst)}: at chance`;
  return {
    claim: verdict.claim,
    holds: false,
    measured,
    bound: `${verdict.bound} (a network under ${CHANCE_LIMIT_PERCENT} % is at chance)`,
  };
}

/** "✓ claim: measured 87.21 (bound < 87)". */
export function verdictLine(verdict: Verdict): string {
  return `${verdict.holds ? "✓" : "✗"} ${verdict.claim}: measured ${verdict.measured} (bound ${verdict.bound})`;
}

/**
 * Throws, listing them, if any verdict fails: the strict guard of the default settings, which must
 * fail `npm start` and CI when the defaults drift.
 */
export function assertVerdicts(verdicts: readonly Verdict[], what: string): void {
  const failed = verdicts.filter((v) => !v.holds);
  if (failed.length > 0) throw new Error(`${what}: ${failed.map(verdictLine).join("; ")}`);
}
