/**
 * Our runs set beside the chapter's stated accuracies, as a table.
 *
 * @see NNDL §3.3
 */
import { BOOK_RESULTS, BOOK_RESULTS_HIDDEN } from "../chapter/book";
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

function percent(history: History, index: number): number | undefined {
  const record = history.epochs[index];
  if (record?.evaluationAccuracy === undefined || history.evaluationSize === 0) return undefined;
  return (100 * record.evaluationAccuracy) / history.evaluationSize;
}

const format = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(2));
const signed = (value: number | undefined) => (value === undefined ? "—" : `${value >= 0 ? "+" : ""}${value.toFixed(2)}`);

/**
 * A table of each run's epoch-1 and final validation accuracy next to the chapter's, with the
 * difference in percentage points ("—" where the chapter gives no number).
 */
export function bookComparisonTable(runs: readonly ComparedRun[]): Table {
  const rows = runs.map(({ label, initializer, sizes, history }) => {
    const book = sizes.length === 3 && sizes[1] === BOOK_RESULTS_HIDDEN ? BOOK_RESULTS[initializer] : undefined;
    const epoch1 = percent(history, 0);
    const last = history.epochs.length - 1;
    const final = percent(history, last);
    return [
      label,
      format(epoch1),
      book?.epoch1.statement ?? "—",
      signed(book && epoch1 !== undefined ? epoch1 - book.epoch1.percent : undefined),
      `${format(final)} (epoch ${last + 1})`,
      book?.final.statement ?? "—",
      signed(book && final !== undefined ? final - book.final.percent : undefined),
    ];
  });
  return {
    caption: "Validation accuracy (%): ours beside the chapter's (difference in percentage points)",
    columns: ["run", "epoch 1", "chapter, epoch 1", "difference", "final", "chapter, final", "difference"],
    rows,
  };
}
