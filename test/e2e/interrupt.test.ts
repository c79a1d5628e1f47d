/**
 * Jupyter's stop button on a training cell, through the real tslab kernel: Jupyter interrupts a
 * kernel by sending it SIGINT. Training must stop within a second or two, the kernel must stay
 * usable, and the epochs finished so far must still be there for the next cell.
 */
import { expect } from "chai";
import { notebooksDir } from "../../src/platform/paths";
import { KernelClient } from "../../src/platform/runner/client";
import { KernelProcess } from "../../src/platform/runner/kernel";
import { connectionFiles } from "../platform/runner/runner-support";

const SETUP = `
import { labelledData, oneHot, Rng, trainRuns } from "../dist/src";
const rng = new Rng(1);
const inputs = Float32Array.from({ length: 2000 * 50 }, () => rng.uniform());
const labels = Uint8Array.from({ length: 2000 }, () => rng.integerBelow(4));
const data = { training: oneHot(labelledData(inputs, 50, labels, 4)) };
const session = trainRuns(
  [{ label: "long", sizes: [50, 20, 4], initializer: "large", seed: 1, epochs: 1e6, miniBatchSize: 10, eta: 0.1 }],
  data,
);
`;

describe("interrupting a training cell in the kernel", function () {
  this.timeout(120_000);
  let kernel: KernelProcess;
  let client: KernelClient;

  before(async () => {
    kernel = await KernelProcess.start({ cwd: notebooksDir(), env: process.env });
    client = await KernelClient.connect(kernel.connection);
    await client.ready(60_000);
  });

  after(async () => {
    await client.shutdown(5_000);
    client.close();
    await kernel.kill(2_000);
    expect(connectionFiles(process.pid), "the kernel's connection file, once it has exited").to.deep.equal([]);
  });

  it("stops training within two seconds and keeps the completed epochs for the next cell", async () => {
    const { reply: setup } = await client.execute(SETUP, { timeoutMs: 60_000 });
    expect(setup.status).to.equal("ok");
    const training = client.execute("await session.done;", { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const interrupted = Date.now();
    process.kill(kernel.pid, "SIGINT");
    const { reply } = await training;
    const stopSeconds = (Date.now() - interrupted) / 1000;
    expect(reply.status).to.equal("error");
    expect(stopSeconds).to.be.below(2);

    let printed = "";
    const stop = client.onIopub((msg) => {
      if (msg.header.msg_type === "stream") printed += (msg.content as { text: string }).text;
    });
    // tslab ignores requests for 200 ms after a failed cell.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { reply: after } = await client.execute(
      "const [r] = session.results; console.log(r.completed, r.history.epochs.length, r.network.weights[0].length);",
      { timeoutMs: 30_000 },
    );
    expect(after.status).to.equal("ok");
    const [completed, epochs, weights] = printed.trim().split(" ");
    expect(completed).to.equal("false");
    expect(Number(epochs)).to.be.above(0);
    expect(Number(weights)).to.equal(50 * 20);
    // And the worker is gone: another second brings no more epochs.
    printed = "";
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await client.execute("console.log(session.results[0].history.epochs.length);", { timeoutMs: 30_000 });
    stop();
    expect(Number(printed.trim())).to.equal(Number(epochs));
  });
});
