/**
 * The notebooks in the front-ends learners use: JupyterLab 4 and Notebook 7 from the project's
 * Jupyter environment (`npm run lab -- --setup-only` makes it), in Debian's chromium.
 *
 * - every notebook in notebooks/: open, Run → Run All Cells, every cell runs, no error output,
 *   no stray text under the figures, and every figure of the notebook drawn (as many
 *   `.js-plotly-plot` with their `.main-svg` as the runner's executed copy has figure outputs);
 * - every executed notebook reopened from disk: every figure draws without running anything
 *   (its outputs are untrusted, so it is the plotly renderer from the `plotly` package that draws);
 * - JupyterLab's stop button during notebook 03's training, then Kernel → Restart Kernel and Run All.
 *
 * Notebooks run in copies under build/test/ (Jupyter saves what it runs) beside a `dist` link to
 * the project's build, so their `import … from "../dist/src"` works as from notebooks/; their
 * kernels get the tests' environment (NNDL_EPOCHS=1, output under build/test/).
 */
import { expect } from "chai";
import { copyFileSync, mkdirSync, symlinkSync } from "fs";
import path from "path";
import type { Browser } from "playwright-core";
import { jupyterEnvReady } from "../../src/platform/jupyter/jupyter-env";
import { joinLines, readNotebook } from "../../src/platform/nbformat";
import { projectRoot } from "../../src/platform/paths";
import { chromiumPath, launchChromium } from "../support/browser";
import { EXECUTION_TIMEOUT_MS, executedNotebook, executedDir, failureText, notebookFiles, TEST_ENV } from "./executed";
import { codeCells, figureOutputs, scratchDir, skipWithout } from "../support/helpers";
import {
  CellState,
  cellStates,
  clickMenu,
  clickToolbar,
  FIGURES_DRAWN,
  FIGURES_MATCH_OUTPUTS,
  FRONT_ENDS,
  FrontEndName,
  JupyterServer,
  kernelStatus,
  openNotebook,
  ourErrors,
  RUN_FINISHED,
  selectCell,
  shutDownKernels,
  startJupyter,
  tracePoints,
  waitInPage,
} from "./jupyterlab-app";

const RUN_ALL_MS = 10 * 60 * 1000;
const DRAW_MS = 60_000;
/** The stop button must end the training cell within this long (the bound). */
const STOP_WITHIN_S = 2;
/**
 * Epochs for the stop-button run: enough that training is still going when the first epoch is
 * printed and the stop is pressed (the 100-neuron runs take a few seconds more than the others).
 */
const STOP_TEST_EPOCHS = 10;

/** Skips the suite unless chromium and the project's Jupyter are there. */
function requireTools(context: Mocha.Context): void {
  const missing = [
    ...(chromiumPath === undefined ? (["chromium"] as const) : []),
    ...(jupyterEnvReady() ? [] : (["jupyter"] as const)),
  ];
  if (missing.length > 0) skipWithout(context, ...missing);
}

/** A folder served by Jupyter holding copies of `files` and a `dist` link to the project's build. */
function servedCopies(scratch: string, files: { from: string; name: string }[]): string {
  const root = path.join(scratch, "notebooks");
  mkdirSync(root, { recursive: true });
  for (const { from, name } of files) copyFileSync(from, path.join(root, name));
  symlinkSync(path.join(projectRoot(), "dist"), path.join(scratch, "dist"), "dir");
  return root;
}

/** Code cells whose source is not blank: what Run All executes. */
function runnableCells(file: string): number {
  return codeCells(readNotebook(file)).filter((c) => joinLines(c.source).trim() !== "").length;
}

/** Outputs that are errors: error outputs, stderr text. */
function errorOutputs(cells: CellState[]): string[] {
  return cells.flatMap((c) =>
    c.outputs
      .filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"))
      .map((o) => `cell ${c.index + 1}: ${o.ename ?? joinLines(o.text ?? "")}`),
  );
}

/** What a suite serves: the folder Jupyter opens, the scratch folder beside it, the kernels' environment. */
interface Served {
  root: string;
  scratch: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A Jupyter server and a chromium for one suite: started by its `before` (skipped without the
 * tools), stopped by its `after`. The getters are valid inside the suite's tests.
 */
function jupyterForSuite(
  frontEnd: FrontEndName,
  serve: () => Promise<Served> | Served,
): { server: () => JupyterServer; browser: () => Browser } {
  let server: JupyterServer | undefined;
  let browser: Browser | undefined;
  before(async function () {
    requireTools(this);
    const { root, scratch, env } = await serve();
    server = await startJupyter(frontEnd, root, scratch, env);
    browser = await launchChromium();
  });
  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await server?.stop();
  });
  return { server: () => server as JupyterServer, browser: () => browser as Browser };
}

/** Run All has finished, or stopped at a failed cell. */
const RUN_ALL_DONE =
  `${RUN_FINISHED} && (window.jupyterapp.shell.currentWidget.content.widgets` +
  `.filter((c) => c.model.type === "code" && c.model.sharedModel.getSource().trim() !== "")` +
  ".every((c) => c.model.executionCount !== null) || " +
  "[...window.jupyterapp.shell.currentWidget.content.node" +
  `.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')].length > 0)`;

for (const frontEnd of Object.keys(FRONT_ENDS) as FrontEndName[]) {
  describe(`${frontEnd}: every notebook, Run All (project's Jupyter, chromium)`, function () {
    this.timeout(EXECUTION_TIMEOUT_MS + RUN_ALL_MS);
    const { server, browser } = jupyterForSuite(frontEnd, () => {
      const scratch = scratchDir(`jupyter-${frontEnd.replace(/\W+/g, "-").toLowerCase()}`);
      const root = servedCopies(
        scratch,
        notebookFiles().map((f) => ({ from: f, name: path.basename(f) })),
      );
      return { root, scratch, env: TEST_ENV };
    });

    for (const file of notebookFiles()) {
      const name = path.basename(file);
      it(`${name}: every cell runs, no error output, every figure drawn`, async () => {
        const executed = await executedNotebook(file);
        expect(executed.ok, failureText(executed)).to.equal(true);
        const expectedFigures = figureOutputs(executed.notebook).length;
        const jupyter = server();
        const { context, page, log } = await openNotebook(browser(), jupyter, name);
        try {
          const started = Date.now();
          await clickMenu(page, "Run", "runmenu:run-all");
          await waitInPage(page, RUN_ALL_DONE, RUN_ALL_MS, `${name}: Run All did not finish`, log);
          const seconds = (Date.now() - started) / 1000;
          const cells = await cellStates(page);
          expect(errorOutputs(cells), "error outputs").to.deep.equal([]);
          expect(
            cells.filter((c) => c.executionCount === null).map((c) => c.index + 1),
            "cells not run",
          ).to.deep.equal([]);
          expect(cells).to.have.length(runnableCells(file));
          const stray = cells.flatMap((c) => c.outputs.filter((o) => /^LiveFigure\b/.test(joinLines(o.text ?? ""))));
          expect(stray, "text outputs printing a figure's handle").to.deep.equal([]);
          await waitInPage(
            page,
            `${FIGURES_DRAWN} === ${expectedFigures}`,
            DRAW_MS,
            `${name}: expected ${expectedFigures} figures drawn`,
            log,
          );
          await waitInPage(
            page,
            FIGURES_MATCH_OUTPUTS,
            DRAW_MS,
            `${name}: a figure does not show its output's latest traces (a live update not drawn)`,
            log,
          );
          expect(ourErrors(log, jupyter.origin), "errors of the notebook's outputs").to.deep.equal([]);
          expect(log.blocked, "requests that would have left the machine").to.deep.equal([]);
          console.log(
            `      ${frontEnd}, ${name}: ${cells.length} cells run, ${expectedFigures} figures drawn, ` +
              `${seconds.toFixed(1)} s (${log.errors.length - ourErrors(log, jupyter.origin).length} ` +
              "front-end errors not ours)",
          );
        } finally {
          await shutDownKernels(jupyter);
          await context.close();
        }
      });
    }
  });

  describe(`${frontEnd}: an executed notebook reopened from disk`, function () {
    this.timeout(EXECUTION_TIMEOUT_MS + DRAW_MS * 2);
    const { server, browser } = jupyterForSuite(frontEnd, async () => {
      // The runner's executed copies (one run per notebook per test run, shared with the other tests).
      for (const file of notebookFiles()) await executedNotebook(file);
      const scratch = scratchDir(`reopen-${frontEnd.replace(/\W+/g, "-").toLowerCase()}`);
      const root = servedCopies(
        scratch,
        notebookFiles().map((f) => ({ from: path.join(executedDir(), path.basename(f)), name: path.basename(f) })),
      );
      return { root, scratch, env: TEST_ENV };
    });

    it("draws every figure of every executed notebook without running a cell", async () => {
      const jupyter = server();
      const drawn: string[] = [];
      for (const file of notebookFiles()) {
        const name = path.basename(file);
        const executed = await executedNotebook(file);
        expect(executed.ok, failureText(executed)).to.equal(true);
        const expectedFigures = figureOutputs(executed.notebook).length;
        const counts = codeCells(executed.notebook)
          .filter((c) => joinLines(c.source).trim() !== "")
          .map((c) => c.execution_count);
        const { context, page, log } = await openNotebook(browser(), jupyter, name);
        try {
          await waitInPage(
            page,
            `${FIGURES_DRAWN} === ${expectedFigures}`,
            DRAW_MS,
            `${name} reopened: expected ${expectedFigures} figures drawn`,
            log,
          );
          expect(
            (await cellStates(page)).map((c) => c.executionCount),
            "execution counts (nothing ran)",
          ).to.deep.equal(counts);
          expect(ourErrors(log, jupyter.origin), "errors of the notebook's outputs").to.deep.equal([]);
          drawn.push(`${name} ${expectedFigures}/${expectedFigures}`);
        } finally {
          await shutDownKernels(jupyter);
          await context.close();
        }
      }
      console.log(`      ${frontEnd}, reopened: ${drawn.join(", ")} figures drawn`);
    });
  });
}

describe("JupyterLab 4: the stop button during notebook 03's training", function () {
  this.timeout(EXECUTION_TIMEOUT_MS + RUN_ALL_MS);
  const file = notebookFiles().find((f) => path.basename(f).startsWith("03"));
  const { server, browser } = jupyterForSuite("JupyterLab 4", () => {
    if (file === undefined)
      throw new Error("no notebooks/03-*.ipynb: the stop-button test needs the training notebook");
    const scratch = scratchDir("jupyterlab-stop");
    const root = servedCopies(scratch, [{ from: file, name: path.basename(file) }]);
    return { root, scratch, env: { ...TEST_ENV, NNDL_EPOCHS: String(STOP_TEST_EPOCHS) } };
  });

  const stopTitle =
    `ends the training cell within ${STOP_WITHIN_S} s, keeps the finished epochs, runs the next cell; ` +
    "then Restart and Run All works";
  it(stopTitle, async () => {
    const name = path.basename(file as string);
    const sources = codeCells(readNotebook(file as string)).filter((c) => joinLines(c.source).trim() !== "");
    // The training cell waits for the runs to finish (`await session.done`).
    const trainingAt = sources.findIndex((c) => /\bawait\s+[\w.]+\.done\b/.test(joinLines(c.source)));
    expect(trainingAt, `${name}: a cell that awaits training (\`await ….done\`)`).to.be.at.least(0);
    expect(trainingAt, `${name}: a code cell after the training cell`).to.be.below(sources.length - 1);
    const executed = await executedNotebook(file as string);
    expect(executed.ok, failureText(executed)).to.equal(true);
    const expectedFigures = figureOutputs(executed.notebook).length;

    const jupyter = server();
    const { context, page, log } = await openNotebook(browser(), jupyter, name);
    try {
      const training = (await cellStates(page))[trainingAt].index;
      const cell = (i: number): string => `window.jupyterapp.shell.currentWidget.content.widgets[${i}]`;
      await clickMenu(page, "Run", "runmenu:run-all");
      // Training is under way once the training cell has printed its first epoch.
      await waitInPage(
        page,
        `${cell(training)}.model.outputs.length > 0 && ${cell(training)}.model.executionCount === null`,
        RUN_ALL_MS,
        "training did not start",
        log,
        50,
      );
      const stopped = Date.now();
      await clickToolbar(page, "notebook:interrupt-kernel");
      await waitInPage(
        page,
        `${cell(training)}.model.executionCount !== null`,
        30_000,
        "the training cell did not end",
        log,
        50,
      );
      const stopSeconds = (Date.now() - stopped) / 1000;
      expect(stopSeconds, "seconds from the stop button to the training cell's end").to.be.below(STOP_WITHIN_S);
      await waitInPage(page, RUN_FINISHED, 30_000, "the kernel did not become idle after the stop", log);
      expect(await kernelStatus(page)).to.equal("idle");
      // The live figure above (the one with the most traces: every run) shows each run's finished epochs.
      const above = (await cellStates(page)).slice(0, trainingAt + 1).map((c) => c.index);
      const liveDrawn =
        `${JSON.stringify(above)}.some((i) => [...${cell(0).replace("[0]", "[i]")}.node` +
        '.querySelectorAll(".js-plotly-plot")].some((gd) => (gd.data ?? []).length > 1))';
      await waitInPage(page, liveDrawn, DRAW_MS, "the live training figure is not drawn", log);
      const shown = (await Promise.all(above.map((i) => tracePoints(page, i)))).flat();
      const live = shown.reduce((a, b) => (b.length > a.length ? b : a), [] as number[]);
      expect(live.length, "a live figure with one trace per run").to.be.above(1);
      const epochsShown = live.reduce((a, b) => a + b, 0);
      expect(epochsShown, "epochs finished before the stop, over all runs").to.be.within(
        1,
        live.length * STOP_TEST_EPOCHS - 1,
      );

      // The next code cell runs on what training kept (its figure plots the finished epochs).
      const next = (await cellStates(page))[trainingAt + 1].index;
      await selectCell(page, next);
      await clickToolbar(page, "notebook:run-cell-and-select-next");
      await waitInPage(
        page,
        `${cell(next)}.model.executionCount !== null && ${RUN_FINISHED}`,
        60_000,
        "the next cell did not run",
        log,
      );
      const afterStop = await cellStates(page);
      expect(errorOutputs(afterStop.slice(trainingAt + 1)), "error outputs of the next cell").to.deep.equal([]);
      const points = (await tracePoints(page, next)).flat();
      const keptEpochs = Math.max(0, ...points);
      expect(keptEpochs, "epochs kept and plotted by the next cell").to.be.within(1, STOP_TEST_EPOCHS);

      await clickMenu(page, "Kernel", "runmenu:restart-and-run-all");
      await page.locator(".jp-Dialog .jp-mod-accept").click(); // "Restart"
      await waitInPage(
        page,
        `${cell(training)}.model.executionCount === null`,
        60_000,
        "Restart and Run All did not start",
        log,
      );
      await waitInPage(page, RUN_ALL_DONE, RUN_ALL_MS, "Restart and Run All did not finish", log);
      const rerun = await cellStates(page);
      expect(errorOutputs(rerun), "error outputs after Restart and Run All").to.deep.equal([]);
      expect(
        rerun.filter((c) => c.executionCount === null).map((c) => c.index + 1),
        "cells not run",
      ).to.deep.equal([]);
      await waitInPage(
        page,
        `${FIGURES_DRAWN} === ${expectedFigures}`,
        DRAW_MS,
        `expected ${expectedFigures} figures after Restart and Run All`,
        log,
      );
      expect(ourErrors(log, jupyter.origin), "errors of the notebook's outputs").to.deep.equal([]);
      console.log(
        `      JupyterLab 4, ${name}: stop button ended the training cell in ${stopSeconds.toFixed(2)} s; ` +
          `epochs kept per run ${live.join(", ")} of ${STOP_TEST_EPOCHS}; ` +
          `next cell ran; Restart and Run All: ${rerun.length} cells, ${expectedFigures} figures`,
      );
    } finally {
      await shutDownKernels(jupyter);
      await context.close();
    }
  });
});
