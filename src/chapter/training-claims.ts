/**
 * The chapter's claims about its experiment (notebook 03), each judged on runs over seeds: the
 * new initialization's lead after one epoch, the stated numbers for 30 hidden neurons, "almost
 * exactly the same" final accuracy, the 100-hidden curves that "don't quite meet" and meet "with
 * just a few more epochs", "it doesn't much matter how we initialize the biases", and what λ does
 * for the old networks beyond what it does for the new (the λ = 0 control). Every verdict that
 * involves a network at chance is ✗ and says so.
 *
 * @see NNDL §3.3
 */
import { bookVerdict } from "./book";
import { accuracyPercentAt, accuracySpread } from "./seed-spread";
import { above, below, unlessAtChance, Verdict, within } from "./verdict";
import type { History } from "../network2/options";
import { points } from "./format";

type Run = Pick<History, "epochs" | "evaluationSize">;

/** The thresholds of the claims, our readings of the book's words. */
export interface ClaimThresholds {
  /** "starts us off in a much better regime": the new initialization's lead after epoch 1, more than this (points). */
  readonly lead: number;
  /** "almost exactly the same" (final accuracy): the means within this many points. */
  readonly same: number;
  /** "it doesn't much matter how we initialize the biases": means within this many points. */
  readonly biases: number;
}

export const CLAIM_THRESHOLDS: ClaimThresholds = { lead: 2, same: 0.2, biases: 0.5 };

/** The runs the claims are judged on; each list holds one history per seed, the first seed first. */
export interface ClaimRuns {
  readonly old30: readonly Run[];
  readonly new30: readonly Run[];
  readonly old100: readonly Run[];
  readonly new100: readonly Run[];
  /** New weights N(0, 1/n_in) with biases 0, 30 hidden, per seed. */
  readonly biasZero30: readonly Run[];
  /** The first seed's runs with λ = 0, 30 hidden: the control. */
  readonly old30NoDecay?: Run;
  readonly new30NoDecay?: Run;
  /** The epochs of the chapter's comparison (the 100-hidden pair's first seed may have more). */
  readonly epochs: number;
}

const mean = (runs: readonly Run[], epoch: number): number => accuracySpread(runs, epoch)?.mean ?? NaN;
const sd = (runs: readonly Run[], epoch: number): number => accuracySpread(runs, epoch)?.sd ?? NaN;
const at = (
  run: Run | undefined,
  epoch: number,
): number => (run === undefined ? NaN : (accuracyPercentAt(run, epoch) ?? NaN));

/** The claims' verdicts, in the chapter's order; `seeds` only words the claims. */
export function trainingVerdicts(runs: ClaimRuns, t: ClaimThresholds = CLAIM_THRESHOLDS): Verdict[] {
  const { epochs } = runs;
  const seeds = runs.old30.length;
  const over = seeds === 1 ? "one seed" : `means over ${seeds} seeds`;
  const verdicts: Verdict[] = [];
  const lead = (hidden: number, old: readonly Run[], fresh: readonly Run[]): Verdict =>
    unlessAtChance(
      above(`"a much better regime": ${hidden} hidden, the new initialization's lead after epoch 1 (${over}, points)`,
        mean(fresh, 1) - mean(old, 1), t.lead, points),
      [mean(old, 1), mean(fresh, 1)],
    );
  verdicts.push(lead(30, runs.old30, runs.new30), lead(100, runs.old100, runs.new100));
  for (const [name, list, initializer] of [["old", runs.old30, "large"], ["new", runs.new30, "default"]] as const) {
    const v = bookVerdict(initializer, "epoch1", mean(list, 1), `${name}, 30 hidden, epoch 1 (${over})`);
    if (v) verdicts.push(unlessAtChance(v, [mean(list, 1)]));
  }
  if (epochs >= 30) {
    for (const [name, list, initializer] of [["old", runs.old30, "large"], ["new", runs.new30, "default"]] as const) {
      const v = bookVerdict(initializer, "final", mean(list, 30), `${name}, 30 hidden, epoch 30 (${over})`);
      if (v) verdicts.push(unlessAtChance(v, [mean(list, 30)]));
    }
  }
  const gap = (
    old: readonly Run[],
    fresh: readonly Run[],
    epoch: number,
  ): number => mean(fresh, epoch) - mean(old, epoch);
  verdicts.push(unlessAtChance(
    below(`"almost exactly the same" final accuracy: 30 hidden, |new − old| after epoch ${epochs} (${over}, points)`,
      Math.abs(gap(runs.old30, runs.new30, epochs)), t.same, points, false),
    [mean(runs.old30, epochs), mean(runs.new30, epochs)],
  ));
  const spread100 = Math.max(sd(runs.old100, epochs), sd(runs.new100, epochs), 0);
  verdicts.push(unlessAtChance(
    above(`"the two curves don't quite meet": 100 hidden, new − old after epoch ${epochs} (${over}, points), `
      + `above ${points(t.same)} and the seeds' s.d. ${points(spread100)}`,
      gap(runs.old100, runs.new100, epochs), Math.max(t.same, spread100), points),
    [mean(runs.old100, epochs), mean(runs.new100, epochs)],
  ));
  const longer = Math.min(runs.old100[0]?.epochs.length ?? 0, runs.new100[0]?.epochs.length ?? 0);
  if (longer > epochs) {
    const late = at(runs.new100[0], longer) - at(runs.old100[0], longer);
    verdicts.push(unlessAtChance(
      below(`"with just a few more epochs … almost exactly the same": 100 hidden, |new − old| after epoch `
        + `${longer} (one seed, points)`,
        Math.abs(late), t.same, points, false),
      [at(runs.old100[0], longer), at(runs.new100[0], longer)],
    ));
  }
  for (const epoch of [...new Set([1, epochs])]) {
    const d = mean(runs.biasZero30, epoch) - mean(runs.new30, epoch);
    verdicts.push(unlessAtChance(
      within(`"it doesn't much matter how we initialize the biases": 30 hidden, new weights, biases 0 − biases N(0, 1) `
        + `after epoch ${epoch} (${over}, points)`, d, -t.biases, t.biases, points),
      [mean(runs.biasZero30, epoch), mean(runs.new30, epoch)],
    ));
  }
  if (runs.old30NoDecay && runs.new30NoDecay) {
    const last = Math.min(runs.old30NoDecay.epochs.length, runs.new30NoDecay.epochs.length, epochs);
    const oldGain = at(runs.old30[0], last) - at(runs.old30NoDecay, last);
    const newGain = at(runs.new30[0], last) - at(runs.new30NoDecay, last);
    verdicts.push(unlessAtChance(
      above(`the old network gains more from λ than the new (the part the new one does not get), after epoch ${last}: `
        + `(old: λ − λ = 0) − (new: λ − λ = 0), one seed, points; old gains ${points(oldGain)}, new ${points(newGain)}`,
        oldGain - newGain, t.same, points),
      [at(runs.old30[0], last), at(runs.old30NoDecay, last), at(runs.new30[0], last), at(runs.new30NoDecay, last)],
    ));
  }
  return verdicts;
}
