/**
 * Every notebook in notebooks/ (found by name, so content notebooks join automatically):
 * committed clean, executes headless through the runner, and, where Jupyter is installed,
 * also through `jupyter nbconvert --execute` with the registered kernel, with the same outputs.
 *
 * Training is shortened only through NNDL_EPOCHS, which the notebooks read visibly. The runs
 * through the runner are shared with the browser tests (`executed.ts`): whichever asks first runs.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import path from "path";
import { PLOTLY_MIME } from "../../src/platform/display/bundle";
import { joinLines, Notebook, outputProblems, readNotebook, TSLAB_KERNELSPEC } from "../../src/platform/nbformat";
import { RunResult } from "../../src/platform/runner/run-notebook";
import { EXECUTION_TIMEOUT_MS, executedNotebook, failureText, notebookFiles, TEST_ENV } from "./executed";
import { runNotebook } from "../../src/platform/runner/run-notebook";
import {
  codeCells,
  figureOutputs,
  fixture,
  jupyterPython,
  loaderOutputs,
  nbconvert,
  outputShape,
  runNbconvert,
  scratchDir,
  skipWithout,
} from "../support/helpers";

const notebooks = notebookFiles();

/** Whether a notebook's code shows figures (then its executed copy must hold some). */
const showsFigures = (nb: Notebook): boolean =>
  codeCells(nb).some((c) => /\bshowFigure\s*\(/.test(joinLines(c.source)));

const plotlyJson = (nb: Notebook): unknown[] => figureOutputs(nb).map((o) => o.data[PLOTLY_MIME]);

describe("notebooks/", () => {
  it("holds at least one notebook", () => {
    expect(notebooks).not.to.deep.equal([]);
  });

  for (const file of notebooks) {
    it(`${path.basename(file)} is committed without outputs, for the tslab kernel`, () => {
      const nb = readNotebook(file);
      expect(outputProblems(nb), "run `Clear all outputs` and save").to.deep.equal([]);
      expect(nb.metadata.kernelspec).to.deep.equal(TSLAB_KERNELSPEC);
      expect(nb.metadata.language_info).to.include({ name: "typescript" });
      expect(nb.nbformat_minor).to.be.at.least(5);
    });
  }
});

describe("the platform check (test/fixtures/00-platform.ipynb)", function () {
  this.timeout(5 * 60 * 1000);

  it("imports the library, draws seeded numbers and updates a figure in place, through the runner", async () => {
    const result = await runNotebook(fixture("00-platform.ipynb"), {
      env: TEST_ENV,
      outputPath: path.join(scratchDir("platform-check"), "00-platform.ipynb"),
    });
    expect(result.ok, failureText(result)).to.equal(true);
    expect(figureOutputs(result.notebook).length, "figure outputs").to.equal(2);
    expect(loaderOutputs(result.notebook), "plotly.js copies").to.have.length(1);
  });
});

describe("notebooks/ executed", function () {
  this.timeout(EXECUTION_TIMEOUT_MS);
  const results = new Map<string, RunResult>();

  for (const file of notebooks) {
    const name = path.basename(file);

    it(`${name} runs top to bottom through the runner (NNDL_EPOCHS=1)`, async () => {
      const result = await executedNotebook(file);
      expect(result.ok, failureText(result)).to.equal(true);
      results.set(name, result);
      const counts = codeCells(result.notebook)
        .filter((c) => joinLines(c.source).trim() !== "")
        .map((c) => c.execution_count);
      expect(counts).to.deep.equal(counts.map((_, i) => i + 1));
      if (showsFigures(readNotebook(file))) {
        expect(figureOutputs(result.notebook).length, "figure outputs").to.be.greaterThan(0);
        expect(loaderOutputs(result.notebook), "plotly.js copies").to.have.length(1);
      }
    });

    it(`${name}: the executed copy is valid nbformat (checked by Python's nbformat)`, function () {
      const result = results.get(name);
      const python = jupyterPython();
      if (python === undefined) skipWithout(this, "jupyter");
      if (result === undefined) this.skip(); // the run itself failed, and its own test says why
      execFileSync(python as string, [
        "-c",
        "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], 4))",
        result.outputPath,
      ]);
    });

    it(`${name} runs with jupyter nbconvert --execute on the registered kernel, same outputs`, async function () {
      if (nbconvert() === undefined) {
        skipWithout(this, "jupyter");
      }
      const { finished, output } = await runNbconvert(file, scratchDir(`notebooks-nbconvert-${name}`), TEST_ENV);
      expect(finished.code, finished.stderr).to.equal(0);
      const theirs = readNotebook(output);
      const ours = results.get(name);
      if (ours !== undefined) {
        expect(outputShape(theirs)).to.deep.equal(outputShape(ours.notebook));
        expect(plotlyJson(theirs)).to.deep.equal(plotlyJson(ours.notebook));
      }
    });
  }
});
