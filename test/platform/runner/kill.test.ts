/**
 * Hostile: the runner killed while a cell spins forever, in the ways a signal handler cannot
 * help with (SIGKILL), a terminal closing (SIGHUP) and an impatient double Ctrl-C. Afterwards no
 * kernel process may be left and no connection file (it holds the key that signs messages).
 */
import { expect } from "chai";
import { fixture, isAlive, scratchDir, start } from "../../support/helpers";
import { CLI, connectionFiles, gone } from "./runner-support";

/** How long a killed runner's kernel may take to notice and go (it polls nothing; this only bounds the wait). */
const KERNEL_GONE_MS = 10_000;

describe("hostile: the runner killed mid-cell", function () {
  this.timeout(60_000);
  const leftovers: number[] = [];
  after(() => {
    // Leak no kernels when a case fails.
    for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  });

  /** Starts the runner on a cell that never ends; resolves once that cell runs, with the kernel's pid. */
  async function spinning(name: string): Promise<{ run: ReturnType<typeof start>; kernel: number }> {
    const run = start(process.execPath, [CLI, fixture("busy-forever.ipynb"), "--out-dir", scratchDir(name)]);
    const [, pid] = await run.waitForStderr(/kernel ready in [\d.]+ s \(pid (\d+)\)/);
    await run.waitForStderr(/cell 2\/2 …/);
    leftovers.push(Number(pid));
    expect(isAlive(Number(pid)), "kernel running before the kill").to.equal(true);
    expect(connectionFiles(run.pid), "a connection file while the kernel runs").to.have.length(1);
    return { run, kernel: Number(pid) };
  }

  for (const signal of ["SIGKILL", "SIGHUP"] as const) {
    it(`${signal}: the kernel goes too, and its connection file`, async () => {
      const { run, kernel } = await spinning(`hostile-${signal}`);
      run.kill(signal);
      const r = await run.done;
      expect(r.code === null || r.code === 129, `exit ${r.code} ${r.signal}`).to.equal(true);
      expect(await gone(kernel, KERNEL_GONE_MS), `kernel ${kernel} after ${signal} of the runner`).to.equal(true);
      expect(connectionFiles(run.pid)).to.deep.equal([]);
    });
  }

  it("a second Ctrl-C while the first shuts the kernel down: the kernel goes, and its connection file", async () => {
    const { run, kernel } = await spinning("hostile-double-sigint");
    run.kill("SIGINT");
    await run.waitForStderr(/SIGINT: stopping/); // the busy kernel takes a second or more to stop
    run.kill("SIGINT");
    const r = await run.done;
    expect(r.code).to.equal(130);
    expect(await gone(kernel, KERNEL_GONE_MS), `kernel ${kernel}`).to.equal(true);
    expect(connectionFiles(run.pid)).to.deep.equal([]);
  });
});
