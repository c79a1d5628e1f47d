/**
 * The notebooks in notebooks/, each executed once per test run, shared by the tests that need an
 * executed copy (notebooks.test.ts checks the run, pages.test.ts and jupyterlab.test.ts
 * draw its pages and figures).
 *
 * Whichever test asks for a notebook first starts its run; later askers wait for the same run.
 * So no notebook runs twice and no test depends on the order in which mocha loads the files.
 * Runs go one at a time (a kernel and its training threads take the machine's two cores).
 */
import { readdirSync } from "fs";
import path from "path";
import { notebooksDir, OUTPUT_DIR_VARIABLE } from "../../src/platform/paths";
import { runNotebook, RunResult } from "../../src/platform/runner/run-notebook";
import { scratchDir } from "../support/helpers";

/** The tests' setting of the one knob notebooks read to run shorter. */
export const TEST_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NNDL_EPOCHS: "1",
  [OUTPUT_DIR_VARIABLE]: scratchDir("notebook-output"),
};

/** How long the first asker may wait: every notebook before it may still be running. */
export const EXECUTION_TIMEOUT_MS = 30 * 60 * 1000;

/** The notebooks in notebooks/, in name order. */
export function notebookFiles(): string[] {
  return readdirSync(notebooksDir())
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => path.join(notebooksDir(), f));
}

let folder: string | undefined;

/** Where the executed copies go, `build/test/executed/`, emptied when first used in a test run. */
export function executedDir(): string {
  folder ??= scratchDir("executed");
  return folder;
}

const runs = new Map<string, Promise<RunResult>>();
let previous: Promise<unknown> = Promise.resolve();

/**
 * The run of `file` through the runner with {@link TEST_ENV}, started on first request. Resolves
 * with `ok: false` if a cell failed (the caller reports it); rejects if the kernel would not start.
 */
export function executedNotebook(file: string): Promise<RunResult> {
  const key = path.resolve(file);
  let run = runs.get(key);
  if (run === undefined) {
    run = previous.then(() =>
      runNotebook(key, { env: TEST_ENV, outputPath: path.join(executedDir(), path.basename(key)) }),
    );
    previous = run.catch(() => undefined);
    runs.set(key, run);
  }
  return run;
}

/** Why a run failed, for an assertion message. */
export function failureText(result: RunResult): string {
  const f = result.failure;
  return f === undefined
    ? ""
    : `${path.basename(result.notebookPath)}: cell ${f.cell} of ${f.cells} failed:\n${f.message}`;
}
