/**
 * What the chapter reports for its experiment, and our runs set beside it.
 *
 * For [784, 30, 10], η = 0.1, λ = 5.0, mini-batches of 10 and the cross-entropy cost, on the
 * validation set, the text says: after the first epoch the old initialization is under 87 %, the
 * new one almost 93 %; after 30 epochs both end a little over 96 %. For 100 hidden neurons it
 * describes the same picture without numbers.
 *
 * @see NNDL §3.3
 */
import type { InitializerName } from "./init";
import type { Table } from "./notebook/bundle";
import type { RunHistory } from "./train/runs";

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
  default: { epoch1: { percent: 93, statement: "almost 93 %" }, final: { percent: 96, statement: "a little over 96 %" } },
};

/** The hidden-layer size the chapter's numbers are for. */
export const BOOK_RESULTS_HIDDEN = 30;

/** One of our runs to compare. */
export interface ComparedRun {
  label: string;
  initializer: InitializerName;
  sizes: readonly number[];
  history: RunHistory;
}

function percent(history: RunHistory, index: number): number | undefined {
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
