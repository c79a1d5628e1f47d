/**
 * Training histories saved as JSON, as the book's figure scripts save their results, so that a
 * later cell, another notebook or a reader can plot them without training again.
 *
 * The file holds, per run, its full description (sizes, initializer, hyper-parameters, seed,
 * precision) and its history: per epoch the validation accuracy as a count of correctly
 * classified images out of `evaluationSize` (said in the file's `accuracyUnit` field), the
 * hidden-layer diagnostics and the weight statistics.
 */
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../data/atomic-file";
import { describeValue } from "../data/describe";
import type { TrainingRun } from "./runs";
import type { History } from "../network2/options";

export const HISTORIES_FORMAT = "nndl-weight-initialization/histories@2";

/** One saved run. */
export interface SavedRun {
  run: TrainingRun;
  completed: boolean;
  history: History;
}

export interface HistoriesFile {
  format: typeof HISTORIES_FORMAT;
  accuracyUnit: string;
  runs: SavedRun[];
}

/** Writes the runs' histories to `file` (creating its folder), atomically. */
export function saveHistories(file: string, runs: readonly SavedRun[]): void {
  // Refuses what loadHistories would refuse, before writing anything.
  if (!Array.isArray(runs)) {
    throw new TypeError(
      `saveHistories: runs must be an array of { run, completed, history }, got ${describeValue(runs)}`,
    );
  }
  runs.forEach((saved, i) => checkSavedRun(saved, `saveHistories: runs[${i}]`));
  const content: HistoriesFile = {
    format: HISTORIES_FORMAT,
    accuracyUnit:
      "evaluationAccuracy counts correctly classified validation images; " +
      "divide by history.evaluationSize for a fraction",
    runs: runs.map(({ run, completed, history }) => ({ run, completed, history })),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify(content, null, 1));
}

/** Reads histories saved by `saveHistories`, checking the format; errors name the file. */
export function loadHistories(file: string): SavedRun[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot load histories from ${file}: ${(error as Error).message}`);
  }
  const content = json as Partial<HistoriesFile>;
  if (content?.format !== HISTORIES_FORMAT) {
    throw new Error(`${file}: field "format": expected "${HISTORIES_FORMAT}", got ${JSON.stringify(content?.format)}`);
  }
  if (!Array.isArray(content.runs)) throw new Error(`${file}: field "runs": expected an array of runs`);
  content.runs.forEach((saved, i) => checkSavedRun(saved, `${file}: runs[${i}]`));
  return content.runs;
}

function checkSavedRun(saved: SavedRun, where: string): void {
  if (typeof saved?.run?.label !== "string" || !Array.isArray(saved?.history?.epochs)) {
    throw new Error(
      `${where}: expected { run: { label, … }, history: { epochs: [...] } }, got ${describeValue(saved)}`,
    );
  }
}
