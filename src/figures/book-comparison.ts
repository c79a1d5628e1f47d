/**
 * Our runs set beside the chapter's stated accuracies, as a table.
 *
 * @see NNDL §3.3
 */
import { BOOK_BOUNDS, BOOK_RESULTS, BOOK_RESULTS_HIDDEN, bookVerdict, formatSpread } from "../chapter/book";
import { accuracyPercentAt, accuracySpread } from "../chapter/seed-spread";
import { points, signedPoints } from "../chapter/format";
import type { Verdict } from "../chapter/verdict";
import type { InitializerName } from "../network2/init";
import type { History } from "../network2/options";
import type { Table } from "./table";

/** One of our runs to compare. */
export interface ComparedRun {
  label: string;
  initializer: InitializerName;
  sizes: readonly number[];
  history: History;
}

/**
 * A table of each run's epoch-1 and final validation accuracy next to the chapter's, with the
 * difference in percentage points ("—" where the chapter gives no number).
 */
export function bookComparisonTable(runs: readonly ComparedRun[]): Table {
  const rows = runs.map(({ label, initializer, sizes, history }) => {
    const book = sizes.length === 3 && sizes[1] === BOOK_RESULTS_HIDDEN ? BOOK_RESULTS[initializer] : undefined;
    const epoch1 = accuracyPercentAt(history, 1);
    const last = history.epochs.length - 1;
    const final = accuracyPercentAt(history, last + 1);
    return [
      label,
      points(epoch1),
      book?.epoch1.statement ?? "—",
      signedPoints(book && epoch1 !== undefined ? epoch1 - book.epoch1.percent : undefined),
      `${points(final)} (epoch ${last + 1})`,
      book?.final.statement ?? "—",
      signedPoints(book && final !== undefined ? final - book.final.percent : undefined),
    ];
  });
  return {
    caption: "Validation accuracy (%): ours beside the chapter's (difference in percentage points)",
    columns: ["run", "epoch 1", "chapter, epoch 1", "difference", "final", "chapter, final", "difference"],
    rows,
  };
}

/** One run over several seeds: what to call it, its initializer and network, its histories. */
export interface SeededRun {
  label: string;
  initializer: InitializerName;
  sizes: readonly number[];
  histories: readonly History[];
}

/**
 * Epoch-1 accuracy over seeds (mean ± s.d., range), and per run the verdict of the mean against
 * the chapter's statement where it makes one (30 hidden neurons); the verdicts themselves too,
 * so that a notebook can show them and, with the default settings, assert them.
 */
export function seedSpreadTable(runs: readonly SeededRun[]): { table: Table; verdicts: Verdict[] } {
  const verdicts: Verdict[] = [];
  const rows = runs.map(({ label, initializer, sizes, histories }) => {
    const spread = accuracySpread(histories, 1);
    const forBook = sizes.length === 3 && sizes[1] === BOOK_RESULTS_HIDDEN;
    const verdict = spread && forBook ? bookVerdict(
      initializer,
      "epoch1",
      spread.mean,
      `${label}, mean of epoch 1`,
    ) : undefined;
    if (verdict) verdicts.push(verdict);
    const under = spread && forBook ? histories.filter((h) => {
      const p = accuracyPercentAt(h, 1);
      const bound = BOOK_BOUNDS[initializer]?.epoch1;
      return p !== undefined && bound !== undefined && ("below" in bound ? p < bound.below : p >= bound.low
        && p <= bound.high);
    }).length : undefined;
    return [
      label,
      spread?.count ?? 0,
      spread ? formatSpread(spread) : "—",
      spread ? `${points(spread.min)} … ${points(spread.max)}` : "—",
      forBook ? (BOOK_RESULTS[initializer]?.epoch1.statement ?? "—") : "—",
      under === undefined ? "—" : `${under} of ${spread?.count}`,
      verdict ? (verdict.holds ? "✓ met" : "✗ missed") : "—",
    ];
  });
  return {
    table: {
      caption: "Validation accuracy after epoch 1 over seeds (%): mean ± sample s.d., against the chapter's statement",
      columns: ["run", "seeds", "mean ± s.d.", "range", "chapter", "seeds meeting it", "the mean"],
      rows,
    },
    verdicts,
  };
}
