/** The headless runner against the real tslab kernel, with the fixture notebooks in test/fixtures. */
import { expect } from "chai";
import { readdirSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { PLOTLY_MIME } from "../../../src/platform/display/bundle";
import { buildDir } from "../../../src/platform/paths";
import {
  CodeCell,
  joinLines,
  Notebook,
  readNotebook,
  TSLAB_KERNELSPEC,
  writeNotebook,
} from "../../../src/platform/nbformat";
import { runNotebook, RunResult } from "../../../src/platform/runner/run-notebook";
import {
  codeCells,
  figureOutputs,
  fixture,
  isAlive,
  loaderOutputs,
  nbconvert,
  outputShape,
  runNbconvert,
  runNode,
  scratchDir,
  skipWithout,
  start,
} from "../../support/helpers";

const CLI = "dist/src/platform/runner/cli.js";
/** The connection files of kernels started by process `pid`, in private folders under the system's temporary folder. */
const connectionFiles = (pid: number): string[] =>
  readdirSync(tmpdir())
    .filter((d) => d.startsWith("nndl-kernel-"))
    .flatMap((d) => readdirSync(path.join(tmpdir(), d)).filter((f) => f.startsWith(`kernel-${pid}-`)));
const cellById = (nb: Notebook, id: string): CodeCell => codeCells(nb).find((c) => c.id === id) as CodeCell;
const text = (cell: CodeCell, name: "stdout" | "stderr"): string =>
  cell.outputs.map((o) => (o.output_type === "stream" && o.name === name ? joinLines(o.text) : "")).join("");
const plotly = (cell: CodeCell): { data: { y?: number[]; x?: number[] }[]; layout: { title?: { text: string } } }[] =>
  cell.outputs.flatMap((o) =>
    o.output_type === "display_data" && PLOTLY_MIME in o.data ? [o.data[PLOTLY_MIME] as never] : [],
  );

describe("runner: a notebook whose cell 3 throws", function () {
  this.timeout(60000);

  it("the CLI exits 1 naming the notebook, cell 3 and the error; cell 4 never runs", async () => {
    const out = scratchDir("runner-throws");
    const r = await runNode(CLI, [fixture("throws-in-cell-3.ipynb"), "--out-dir", out]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/✗ \S*throws-in-cell-3\.ipynb: cell 3 of 5 failed \(id throws, execution count 2\)/);
    const report = r.stderr.slice(r.stderr.indexOf("✗"));
    expect(report).to.include("Error: fixture failure in cell 3");
    expect(report, "tslab's own stack frames are left out of the report").not.to.include("tslab/dist/");
    expect(r.stdout).to.equal("");

    const executed = readNotebook(path.join(out, "throws-in-cell-3.ipynb"));
    expect(text(cellById(executed, "before"), "stdout")).to.equal("cell 2 ran\n");
    expect(text(cellById(executed, "throws"), "stderr")).to.include("fixture failure in cell 3");
    expect(cellById(executed, "after")).to.deep.include({ outputs: [], execution_count: null });
    expect(text(cellById(executed, "after"), "stdout")).to.equal("");
  });
});

describe("runner: notebooks importing the library", function () {
  this.timeout(60000);

  it("a type error against the library's .d.ts fails the cell with TypeScript's message", async () => {
    // Notebooks import the compiled library; tslab type-checks the cell against dist/src/*.d.ts.
    const dir = scratchDir("runner-types");
    const file = path.join(dir, "type-error.ipynb");
    const importPath = path
      .relative(dir, path.join(buildDir(), "..", "dist", "src"))
      .split(path.sep)
      .join("/");
    const notebook: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: TSLAB_KERNELSPEC },
      cells: [
        {
          cell_type: "code",
          id: "ok",
          metadata: {},
          source: `import { Rng } from "${importPath}";\nconsole.log(new Rng(1).normal() !== 0);`,
          outputs: [],
          execution_count: null,
        },
        {
          cell_type: "code",
          id: "bad",
          metadata: {},
          source: `const rng = new Rng("seven");`,
          outputs: [],
          execution_count: null,
        },
      ],
    };
    writeNotebook(file, notebook);
    const result = await runNotebook(file, { outputPath: path.join(dir, "out.ipynb") });
    expect(result.ok).to.equal(false);
    expect(text(cellById(result.notebook, "ok"), "stdout")).to.equal("true\n");
    expect(result.failure).to.deep.include({ cell: 2, cells: 2, cellId: "bad" });
    expect(result.failure?.message).to.match(
      /Argument of type 'string' is not assignable to parameter of type 'number'/,
    );
  });

  it("rejects a notebook that does not exist, or is for another kernel, naming it", async () => {
    let error: Error | undefined;
    await runNotebook("no-such.ipynb").catch((e: Error) => (error = e));
    expect(error?.message).to.match(/no-such\.ipynb/);
    const file = path.join(scratchDir("runner-python"), "python.ipynb");
    writeNotebook(file, {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
      cells: [],
    });
    await runNotebook(file).catch((e: Error) => (error = e));
    expect(error?.message).to.equal(
      `${file}: metadata.kernelspec.name should be "tslab" (this runner starts tslab), got "python3"`,
    );
  });
});

describe("runner: display.ts in the real kernel", function () {
  this.timeout(120000);
  let result: RunResult;

  before(async () => {
    result = await runNotebook(fixture("display.ipynb"), {
      outputPath: path.join(scratchDir("runner-display"), "display.ipynb"),
    });
  });

  it("runs every cell, numbering executions from 1", () => {
    expect(result.ok, result.failure?.message).to.equal(true);
    expect(codeCells(result.notebook).map((c) => c.execution_count)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(result.notebook.metadata.language_info).to.include({ name: "typescript" });
  });

  it("keeps exactly one plotly.js copy, in the latest figure cell; the earlier copy became a stub", () => {
    const loaders = loaderOutputs(result.notebook);
    expect(loaders).to.have.length(1);
    expect(cellById(result.notebook, "figures-b-c").outputs[0]).to.equal(loaders[0]);
    const stub = cellById(result.notebook, "figure-a").outputs[0];
    expect(stub.output_type === "display_data" && joinLines(stub.data["text/html"] as string)).to.match(
      /^<!-- plotly\.js: moved/,
    );
    expect(stub.output_type === "display_data" && stub.metadata).to.deep.equal({
      nndl_plotly_loader: { version: null },
    });
  });

  it("records each figure as one output with Plotly JSON, HTML and text", () => {
    expect(figureOutputs(result.notebook)).to.have.length(3);
    for (const output of figureOutputs(result.notebook))
      expect(Object.keys(output.data).sort()).to.deep.equal([PLOTLY_MIME, "text/html", "text/plain"]);
    expect(plotly(cellById(result.notebook, "figures-b-c")).map((f) => f.layout.title?.text)).to.deep.equal(["B", "C"]);
    expect(
      plotly(cellById(result.notebook, "figures-b-c"))[1].data[0].x,
      "typed array sent as a JSON array",
    ).to.deep.equal([0.5, 1.5, 1.5]);
  });

  it("applies a later cell's LiveFigure.update to the figure shown earlier, adding no output", () => {
    const [a] = plotly(cellById(result.notebook, "figure-a"));
    expect(a.layout.title?.text).to.equal("A, updated");
    expect(a.data[0].y).to.deep.equal([3, 2, 1]);
    expect(cellById(result.notebook, "update-a").outputs).to.deep.equal([]);
  });

  it("a cell ending in showFigure(…) shows its figures and nothing else (tslab prints no handle)", () => {
    expect(cellById(result.notebook, "figures-b-c").outputs.filter((o) => o.output_type === "stream")).to.deep.equal(
      [],
    );
  });

  it("records HTML and tables, and merges streams as Jupyter does", () => {
    expect(outputShape(result.notebook)[4]).to.deep.equal([
      "display_data:text/html,text/plain",
      "display_data:text/html,text/plain",
    ]);
    expect(cellById(result.notebook, "streams").outputs).to.deep.equal([
      { output_type: "stream", name: "stdout", text: "out 1\nout 2\n" },
      { output_type: "stream", name: "stderr", text: "err 1\n" },
      { output_type: "stream", name: "stdout", text: "out 3\n" },
    ]);
  });

  it("agrees with jupyter nbconvert --execute on the same notebook", async function () {
    if (nbconvert() === undefined) {
      skipWithout(this, "jupyter");
    }
    const { finished, output } = await runNbconvert(
      fixture("display.ipynb"),
      scratchDir("runner-display-nbconvert"),
      process.env,
    );
    expect(finished.code, finished.stderr).to.equal(0);
    const theirs = readNotebook(output);
    expect(outputShape(theirs)).to.deep.equal(outputShape(result.notebook));
    expect(loaderOutputs(theirs)).to.have.length(1);
    for (const id of ["figure-a", "figures-b-c"])
      expect(plotly(cellById(theirs, id))).to.deep.equal(plotly(cellById(result.notebook, id)));
  });
});

describe("runner: Ctrl-C", function () {
  this.timeout(60000);

  it("SIGINT while a cell spins forever: kernel shut down, no process or connection file left, exit 130", async () => {
    const out = scratchDir("runner-sigint");
    const run = start(process.execPath, [CLI, fixture("busy-forever.ipynb"), "--out-dir", out]);
    const [, pid] = await run.waitForStderr(/kernel ready in [\d.]+ s \(pid (\d+)\)/);
    await run.waitForStderr(/cell 2\/2 …/);
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(Number(pid)), "kernel running before Ctrl-C").to.equal(true);
    const interrupted = Date.now();
    run.kill("SIGINT");
    const r = await run.done;
    expect(r.code, r.stderr).to.equal(130);
    expect(Date.now() - interrupted).to.be.lessThan(10000);
    expect(r.stderr).to.include("the kernel was shut down");
    expect(isAlive(Number(pid)), "kernel after Ctrl-C").to.equal(false);
    expect(connectionFiles(run.pid)).to.deep.equal([]);
  });
});

describe("runner CLI: usage", () => {
  it("rejects unknown options with exit status 2 and the usage", async () => {
    const r = await runNode(CLI, ["--nope"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include("unknown option --nope").and.include("Usage:");
  });
});
