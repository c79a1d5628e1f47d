import { expect } from "chai";
import { execFileSync } from "child_process";
import { writeFileSync } from "fs";
import path from "path";
import { Notebook, outputProblems, parseNotebook, serializeNotebook, splitLines } from "../../src/platform/nbformat";
import { jupyterPython, scratchDir, skipWithout } from "../support/helpers";

/** A notebook with every kind of cell and output. */
function sample(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { display_name: "TypeScript (tslab, this project)", language: "typescript", name: "tslab" },
      language_info: { name: "typescript" },
    },
    cells: [
      { cell_type: "markdown", id: "md", metadata: {}, source: "# Title\n\nÜmlaut, π and “quotes”" },
      {
        cell_type: "code",
        id: "code-1",
        metadata: { tags: ["x"] },
        source: "const a = 1;\nconsole.log(a);\n",
        execution_count: 1,
        outputs: [
          { output_type: "stream", name: "stdout", text: "1\n2\n" },
          {
            output_type: "display_data",
            data: {
              "text/plain": "line 1\nline 2",
              "application/vnd.plotly.v1+json": { data: [{ y: [1, 2] }], layout: {} },
            },
            metadata: {},
          },
          { output_type: "execute_result", execution_count: 1, data: { "text/plain": "42" }, metadata: {} },
          { output_type: "error", ename: "Error", evalue: "boom", traceback: ["Error: boom", "    at x"] },
        ],
      },
      { cell_type: "code", id: "empty", metadata: {}, source: "", execution_count: null, outputs: [] },
      { cell_type: "raw", id: "raw", metadata: {}, source: "raw text" },
    ],
  };
}

describe("nbformat", () => {
  it("splits text into lines as nbformat stores it", () => {
    expect(splitLines("")).to.deep.equal([]);
    expect(splitLines("a")).to.deep.equal(["a"]);
    expect(splitLines("a\n")).to.deep.equal(["a\n"]);
    expect(splitLines("a\nb")).to.deep.equal(["a\n", "b"]);
    expect(splitLines("\n\nb\n")).to.deep.equal(["\n", "\n", "b\n"]);
  });

  it("reads back what it writes", () => {
    const text = serializeNotebook(sample());
    expect(serializeNotebook(parseNotebook(text, "x.ipynb"))).to.equal(text);
  });

  it("writes what Python's nbformat writes (keys sorted, one-space indent, lines split)", function () {
    this.timeout(20000);
    const python = jupyterPython();
    if (python === undefined) {
      skipWithout(this, "jupyter");
    }
    const file = path.join(scratchDir("nbformat"), "sample.ipynb");
    const ours = serializeNotebook(sample());
    writeFileSync(file, ours);
    const script =
      "import nbformat, sys\nnb = nbformat.read(sys.argv[1], 4)\nnbformat.validate(nb)\n" +
      "sys.stdout.write(nbformat.writes(nb) + '\\n')";
    const theirs = execFileSync(python as string, ["-c", script, file], { encoding: "utf8" });
    expect(ours).to.equal(theirs);
  });

  it("gives cells without ids (nbformat < 4.5) stable ids, and upgrades to 4.5", () => {
    const nb = parseNotebook(
      JSON.stringify({ nbformat: 4, nbformat_minor: 2, metadata: {}, cells: [{ cell_type: "code", source: [] }] }),
      "old.ipynb",
    );
    expect(nb.nbformat_minor).to.equal(5);
    expect(nb.cells[0].id).to.equal("cell-1");
    expect(nb.cells[0]).to.include({ execution_count: null });
  });

  it("says which file and field is wrong", () => {
    const bad =
      (nb: unknown): (() => Notebook) =>
      () =>
        parseNotebook(JSON.stringify(nb), "bad.ipynb");
    const base = { nbformat: 4, nbformat_minor: 5, metadata: {} };
    expect(() => parseNotebook("{", "bad.ipynb")).to.throw(/^bad\.ipynb: not valid JSON/);
    expect(bad({ ...base, nbformat: 3, cells: [] })).to.throw("bad.ipynb: nbformat should be 4, got 3");
    expect(
      bad({
        ...base,
        cells: [
          { cell_type: "code", id: "a", source: "" },
          { cell_type: "heading", source: "" },
        ],
      }),
    ).to.throw(/^bad\.ipynb: cells\[1\]\.cell_type should be "code", "markdown" or "raw", got "heading"/);
    expect(bad({ ...base, cells: [{ cell_type: "code", id: "a", source: 3 }] })).to.throw(
      /cells\[0\]\.source should be a string or a list of strings/,
    );
    expect(bad({ ...base, cells: [{ cell_type: "code", id: "a b", source: "" }] })).to.throw(
      /cells\[0\]\.id should be 1-64 letters/,
    );
    expect(
      bad({
        ...base,
        cells: [
          { cell_type: "raw", id: "a", source: "" },
          { cell_type: "raw", id: "a", source: "" },
        ],
      }),
    ).to.throw(/cells\[1\]\.id should be unique/);
  });

  it("finds outputs and execution counts in what should be a clean source notebook", () => {
    expect(outputProblems(sample())).to.deep.equal(["cell 2 has 4 output(s)", "cell 2 has execution_count 1"]);
    const clean = sample();
    clean.cells = clean.cells.filter((c) => c.id !== "code-1");
    expect(outputProblems(clean)).to.deep.equal([]);
  });
});
