/**
 * Hostile: the runner killed while it writes an output. Whatever it was writing (the executed
 * `.ipynb`, its `.html` page, `index.html`), the previous complete copy must still be there, and
 * the next run and `npm run pages` must work. The kill comes from `kill-while-writing.ts`, loaded
 * into the runner: half the file written and flushed, then SIGKILL.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import path from "path";
import { readNotebook } from "../../../src/platform/nbformat";
import { Finished, fixture, runNode, scratchDir, start } from "../../support/helpers";
import { CLI } from "./runner-support";

const HOOK = path.join(__dirname, "kill-while-writing.js");
const PAGES_CLI = "dist/src/platform/html/cli.js";

describe("hostile: the runner killed while writing its outputs", function () {
  this.timeout(180_000);
  const out = scratchDir("hostile-writes");
  const notebook = fixture("display.ipynb");
  const outputs = ["display.ipynb", "display.html", "index.html"];
  const previous = new Map<string, string>();
  /** Runs the notebook again, killed halfway through writing `file`. */
  const killWhileWriting = (file: string): Promise<Finished> =>
    start(process.execPath, ["--require", HOOK, CLI, notebook, "--out-dir", out, "--quiet"], {
      env: { ...process.env, NNDL_KILL_WHILE_WRITING: file },
    }).done;

  before(async () => {
    const first = await runNode(CLI, [notebook, "--out-dir", out, "--quiet"]);
    expect(first.code, first.stderr).to.equal(0);
    for (const file of outputs) previous.set(file, readFileSync(path.join(out, file), "utf8"));
  });

  for (const file of outputs) {
    it(`a kill while writing ${file} leaves the previous ${file} whole`, async () => {
      const killed = await killWhileWriting(file);
      expect(killed.signal, killed.stderr).to.equal("SIGKILL");
      expect(
        readFileSync(path.join(out, file), "utf8") === previous.get(file),
        `${file} is the previous copy`,
      ).to.equal(true);
      if (file.endsWith(".ipynb")) expect(() => readNotebook(path.join(out, file))).not.to.throw();
    });
  }

  it("after a kill mid-write, a run of another notebook into the folder, and npm run pages, both succeed", async () => {
    const killed = await killWhileWriting("display.ipynb");
    expect(killed.signal, killed.stderr).to.equal("SIGKILL");
    // Its index reads display.ipynb.
    const other = await runNode(CLI, [fixture("hello.ipynb"), "--out-dir", out, "--quiet"]);
    expect(other.code, other.stderr).to.equal(0);
    expect(readFileSync(path.join(out, "index.html"), "utf8"))
      .to.include("display.html")
      .and.include("hello.html");
    const pages = await runNode(PAGES_CLI, ["--out-dir", out]);
    expect(pages.code, pages.stderr).to.equal(0);
  });
});
