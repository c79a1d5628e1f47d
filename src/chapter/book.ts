/**
 * What the chapter reports for its experiment: its hyper-parameters and the accuracies it states.
 *
 * For [784, 30, 10], η = 0.1, λ = 5.0, mini-batches of 10 and the cross-entropy cost, on the
 * validation set, the text says: after the first epoch the old initialization is under 87 %, the
 * new one almost 93 %; after 30 epochs both end a little over 96 %. For 100 hidden neurons it
 * describes the same picture without numbers.
 *
 * @see NNDL §3.3
 */
import type { InitializerName } from "../network2/init";
import { points } from "./format";
import type { Spread } from "./seed-spread";
import { below, Verdict, within } from "./verdict";

/** A number the text states, with its wording ("under 87 %" is read as 87). */
export interface BookNumber {
  percent: number;
  statement: string;
}

/** The chapter's hyper-parameters for the comparison. */
export const BOOK_HYPER_PARAMETERS = { epochs: 30, miniBatchSize: 10, eta: 0.1, lmbda: 5.0 } as const;

/** The chapter's stated validation accuracies, for 30 hidden neurons. */
export const BOOK_RESULTS: Readonly<Partial<Record<InitializerName, { epoch1: BookNumber; final: BookNumber }>>> = {
  large: { epoch1: { percent: 87, statement: "under 87 %" }, final: { percent: 96, statement: "a little over 96 %" } },
  default: {
    epoch1: { percent: 93, statement: "almost 93 %" },
    final: { percent: 96, statement: "a little over 96 %" },
  },
};

/** The hidden-layer size the chapter's numbers are for. */
export const BOOK_RESULTS_HIDDEN = 30;

/**
 * The chapter's statements as bounds on a percentage: "under 87 %" is < 87, "almost 93 %" is
 * [92, 93] (at most a point short), "a little over 96 %" is [96, 97].
 */
export const BOOK_BOUNDS: Readonly<Partial<Record<InitializerName, { epoch1: BookBound; final: BookBound }>>> = {
  large: { epoch1: { below: 87 }, final: { low: 96, high: 97 } },
  default: { epoch1: { low: 92, high: 93 }, final: { low: 96, high: 97 } },
};

/** Either an upper bound or a range, in percent. */
export type BookBound = { readonly below: number } | { readonly low: number; readonly high: number };

/**
 * A verdict of a measured accuracy against the chapter's statement for `initializer` at `when`
 * (undefined where the chapter gives no number). The claim is judged on `value`, e.g. a mean
 * over seeds; the caller says what it is in `what`.
 */
export function bookVerdict(
  initializer: InitializerName,
  when: "epoch1" | "final",
  value: number,
  what: string,
): Verdict | undefined {
  const bound = BOOK_BOUNDS[initializer]?.[when];
  const statement = BOOK_RESULTS[initializer]?.[when].statement;
  if (bound === undefined || statement === undefined) return undefined;
  const claim = `${what}: the chapter's "${statement}"`;
  return "below" in bound ? below(
    claim,
    value,
    bound.below,
    points,
  ) : within(claim, value, bound.low, bound.high, points);
}

/** "87.21 ± 0.40" (mean ± sample standard deviation, in percent). */
export function formatSpread(spread: Spread): string {
  return `${points(spread.mean)} ± ${points(spread.sd)}`;
}
