/**
 * The runner when a kernel's port is taken between our choosing it and the kernel binding it
 * (another process got there first): tslab then stays up but deaf, so the runner starts the
 * kernel again on fresh ports instead of waiting out the start timeout.
 */
import { expect } from "chai";
import * as net from "net";
import path from "path";
import {
  ConnectionInfo, KernelProcess, KernelStartOptions, newConnectionInfo,
} from "../../../src/platform/runner/kernel";
import { runNotebook } from "../../../src/platform/runner/run-notebook";
import { codeCells, fixture, scratchDir } from "../../support/helpers";
import { joinLines } from "../../../src/platform/nbformat";

/**
 * A connection whose shell port a server of ours holds (close it when done); it drops whoever
 * connects, as a port that speaks no ZeroMQ would.
 */
async function takenConnection(): Promise<{ connection: ConnectionInfo; close: () => void }> {
  const connection = await newConnectionInfo();
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(connection.shell_port, "127.0.0.1", resolve));
  return { connection, close: () => server.close() };
}

describe("runner: a kernel whose port another process took", function () {
  this.timeout(60000);
  const original = KernelProcess.start;
  afterEach(() => {
    KernelProcess.start = original;
  });

  it("is stopped and started again on fresh ports; the notebook runs", async () => {
    const taken = await takenConnection();
    const starts: number[] = [];
    KernelProcess.start = (options: KernelStartOptions) => {
      starts.push(Date.now());
      return original.call(KernelProcess, starts.length === 1 ? { ...options, connection: taken.connection } : options);
    };
    try {
      const out = scratchDir("runner-ports");
      const result = await runNotebook(fixture("hello.ipynb"), { outputPath: path.join(out, "hello.ipynb") });
      expect(result.ok).to.equal(true);
      expect(starts).to.have.length(2);
      // The first kernel was given up on its report, not after the 60 s start timeout.
      expect(starts[1] - starts[0]).to.be.below(20_000);
      const output = codeCells(result.notebook)[0].outputs[0];
      expect(output.output_type === "stream" ? joinLines(output.text) : "").to.equal("hello\n");
    } finally {
      taken.close();
    }
  });

  it("gives up after three kernels, naming the taken port", async () => {
    const taken = await takenConnection();
    let starts = 0;
    KernelProcess.start = (options: KernelStartOptions) => {
      starts++;
      return original.call(KernelProcess, { ...options, connection: taken.connection });
    };
    try {
      const out = scratchDir("runner-ports-all");
      const run = runNotebook(fixture("hello.ipynb"), { outputPath: path.join(out, "hello.ipynb") });
      await run.then(
        () => expect.fail("the run should have failed"),
        (e: Error) => expect(e.message).to.match(/could not bind its ports[\s\S]*(EADDRINUSE|in use)/),
      );
      expect(starts).to.equal(3);
    } finally {
      taken.close();
    }
  });
});
