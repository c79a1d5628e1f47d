/**
 * Hostile: cells and command lines that used to hang the runner, lose output silently, report
 * success after an error, or fail late. Each case runs the real tslab kernel unless it is about
 * the client's own logic.
 */
import { expect } from "chai";
import { statSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { joinLines } from "../../../src/platform/nbformat";
import { KernelClient } from "../../../src/platform/runner/client";
import { runNotebook } from "../../../src/platform/runner/run-notebook";
import { fixture, runNode, scratchDir, start } from "../../support/helpers";
import { CLI, connectionFiles } from "./runner-support";

/** Bounds a run that used to hang until its cell timeout (the default is an hour). */
const HANG_GUARD_MS = 30_000;

describe("hostile runner: a cell printing 2,000 lines", function () {
  this.timeout(120_000);

  it("finishes with every line recorded and the next cell run, no warning", async () => {
    const dir = scratchDir("hostile-chatty");
    const result = await runNotebook(fixture("chatty.ipynb"), {
      outputPath: path.join(dir, "chatty.ipynb"),
      cellTimeoutMs: HANG_GUARD_MS,
    });
    expect(result.failure?.message, "failure").to.equal(undefined);
    const [chatty, after] = result.notebook.cells.map((c) =>
      c.cell_type === "code"
        ? c.outputs.map((o) => (o.output_type === "stream" ? joinLines(o.text) : "")).join("")
        : "",
    );
    const expected = Array.from({ length: 2000 }, (_, i) => `line ${i + 1}\n`).join("");
    expect(chatty === expected, `${chatty.split("\n").length - 1} of 2000 lines recorded`).to.equal(true);
    expect(after).to.equal("after the chatty cell\n");
    expect(result.warnings).to.deep.equal([]);
  });
});

describe("hostile runner: a reply whose idle never comes", function () {
  this.timeout(20_000);

  /** A client on a fake channel that answers every request with an ok reply and never sends `idle`. */
  function clientWithoutIdle(): KernelClient {
    let deliver: (msg: unknown) => void = () => undefined;
    const channel = {
      subscribe: (observer: { next: (msg: unknown) => void }) => {
        deliver = (msg) => observer.next(msg);
      },
      next: (request: { header: { msg_id: string } }) =>
        setImmediate(() =>
          deliver({
            channel: "shell",
            header: { msg_type: "execute_reply" },
            parent_header: { msg_id: request.header.msg_id },
            content: { status: "ok", execution_count: 1 },
          }),
        ),
      complete: () => undefined,
    };
    return new (KernelClient as unknown as new (c: typeof channel) => KernelClient)(channel);
  }

  it("execute() resolves after the grace period, saying the output may be incomplete", async () => {
    const outcome = (await clientWithoutIdle().execute("1", { timeoutMs: 10_000, idleGraceMs: 200 })) as unknown as {
      reply?: { status: string };
      outputComplete?: boolean;
    };
    expect(outcome.reply?.status).to.equal("ok");
    expect(outcome.outputComplete).to.equal(false);
  });
});

describe("hostile runner: an unhandled rejection from a timer between cells", function () {
  this.timeout(120_000);

  it("fails the run, naming the cell and the rejection; the later cell does not run", async () => {
    const dir = scratchDir("hostile-rejection");
    const result = await runNotebook(fixture("late-rejection.ipynb"), {
      outputPath: path.join(dir, "late-rejection.ipynb"),
      cellTimeoutMs: HANG_GUARD_MS,
    });
    expect(result.ok).to.equal(false);
    expect(result.failure).to.deep.include({ cell: 2, cellId: "wait" });
    expect(result.failure?.message)
      .to.include("unhandled promise rejection")
      .and.include("late rejection from a timer");
    const last = result.notebook.cells[2];
    expect(last.cell_type === "code" && last.execution_count).to.equal(null);
  });
});

describe("hostile runner: command lines and options", function () {
  this.timeout(120_000);

  it("--cell-timeout above 2,147,483 s (what Node's timers keep): a usage error before any notebook runs", async () => {
    const out = scratchDir("hostile-timeout");
    const r = await runNode(CLI, [fixture("display.ipynb"), "--out-dir", out, "--cell-timeout", "2147484"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include("--cell-timeout").and.include("2147483").and.include("got 2147484");
    expect(r.stderr).not.to.include("▶");
  });

  it("runNotebook rejects a cellTimeoutMs Node's timers cannot keep, naming it", async () => {
    let error: Error | undefined;
    try {
      await runNotebook(fixture("display.ipynb"), {
        outputPath: path.join(scratchDir("hostile-timeout-api"), "x.ipynb"),
        cellTimeoutMs: 2 ** 31,
      });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message)
      .to.include("cellTimeoutMs")
      .and.include(String(2 ** 31));
  });

  it("a notebook that does not exist is named before any other notebook runs", async () => {
    const out = scratchDir("hostile-missing");
    const r = await runNode(CLI, [fixture("display.ipynb"), "no-such.ipynb", "--out-dir", out]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include("no-such.ipynb");
    expect(r.stderr).not.to.include("▶");
  });

  it("keeps the kernel's connection file out of the project, in a private temporary folder", async () => {
    const run = start(process.execPath, [
      CLI,
      fixture("busy-forever.ipynb"),
      "--out-dir",
      scratchDir("hostile-runtime"),
    ]);
    try {
      await run.waitForStderr(/cell 2\/2 …/);
      const files = connectionFiles(run.pid);
      expect(files).to.have.length(1);
      expect(path.dirname(path.dirname(files[0]))).to.equal(tmpdir());
      expect(statSync(path.dirname(files[0])).mode & 0o777).to.equal(0o700);
      expect(statSync(files[0]).mode & 0o777).to.equal(0o600);
    } finally {
      run.kill("SIGTERM");
      await run.done;
    }
  });
});
