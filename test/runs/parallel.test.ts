import { expect } from "chai";
import { trainRuns } from "../../src/runs/parallel";
import { TrainingRun, trainRun } from "../../src/runs/runs";
import { expectSameParameters, syntheticLabelled, syntheticTargets } from "../support/synthetic";

describe("training runs on worker threads", () => {
  const data = { training: syntheticTargets(1, 300, 20, 4), evaluation: syntheticLabelled(2, 50, 20, 4) };
  const run = (label: string, initializer: TrainingRun["initializer"], epochs = 3): TrainingRun => ({
    label,
    sizes: [20, 8, 4],
    initializer,
    seed: 7,
    epochs,
    miniBatchSize: 10,
    eta: 0.5,
    lmbda: 1,
    monitorEvaluationAccuracy: true,
    monitorHiddenLayer: true,
  });

  it("give the same networks and histories as training on this thread", async () => {
    const runs = [run("old", "large"), run("new", "default"), run("glorot", "glorot")];
    const seen: string[] = [];
    const session = trainRuns(runs, data, {
      workers: 2,
      onEpoch: (p) => seen.push(`${p.run.label}:${p.record.epoch}`),
    });
    const results = await session.done;
    for (const [i, result] of results.entries()) {
      const local = trainRun(runs[i], data);
      expect(result.completed).to.equal(true);
      expectSameParameters(result.network, local.network);
      const strip = (h: typeof local.history) => ({ ...h, epochs: h.epochs.map(({ seconds: _, ...rest }) => rest) });
      expect(strip(result.history)).to.deep.equal(strip(local.history));
    }
    expect(seen).to.have.length(9);
    expect(seen.filter((s) => s.startsWith("new:")).sort()).to.deep.equal(["new:1", "new:2", "new:3"]);
  });

  it("hand out the longest runs first (epochs × weights) and keep the results in list order", async () => {
    const runs = [
      run("short", "default", 1), { ...run("wide", "default", 2), sizes: [20, 16, 4] }, run("long", "default", 3),
    ];
    const firstEpochs: string[] = [];
    const session = trainRuns(runs, data, {
      workers: 1,
      onEpoch: (p) => void (p.record.epoch === 1 && firstEpochs.push(p.run.label)),
    });
    const results = await session.done;
    // Work: short 1 × (160 + 32) = 192, wide 2 × (320 + 64) = 768, long 3 × 192 = 576.
    expect(firstEpochs).to.deep.equal(["wide", "long", "short"]);
    expect(results.map((r) => [r.run.label, r.history.epochs.length])).to.deep.equal([
      ["short", 1], ["wide", 2], ["long", 3],
    ]);
  });

  it("stop at once when asked, keeping every completed epoch and its network", async () => {
    const long = { ...run("long", "large", 10_000), miniBatchSize: 1 };
    let session: ReturnType<typeof trainRuns> | undefined;
    session = trainRuns([long], data, { onEpoch: (p) => (p.record.epoch === 2 ? session?.stop() : undefined) });
    const [result] = await session.done;
    expect(result.completed).to.equal(false);
    expect(result.history.epochs.length).to.be.within(2, 9_999);
    const last = result.history.epochs[result.history.epochs.length - 1];
    expect(result.network.weights[0].length).to.equal(160);
    expect(last.weights.all.norm).to.be.closeTo(
      Math.hypot(...result.network.weights.flatMap((w) => Array.from(w))),
      1e-9,
    );
  });

  it("stop on SIGINT (Jupyter's stop button) and leave the process running", async () => {
    const listeners = process.listenerCount("SIGINT");
    const session = trainRuns([{ ...run("long", "large", 10_000), miniBatchSize: 1 }], data);
    setTimeout(() => process.emit("SIGINT", "SIGINT"), 300);
    const [result] = await session.done;
    expect(result.completed).to.equal(false);
    expect(process.listenerCount("SIGINT")).to.equal(listeners);
  });

  it("check every run before starting any, naming the run", () => {
    expect(() => trainRuns([run("ok", "large"), { ...run("bad", "large"), eta: -1 }], data)).to.throw(
      /run "bad": sgd: eta/,
    );
    expect(() => trainRuns([{ ...run("typo", "large"), initializer: "xavier" as "large" }], data)).to.throw(
      /run "typo": unknown initializer "xavier"/,
    );
    expect(() => trainRuns([{ ...run("f16", "large"), precision: "float16" as "float32" }], data)).to.throw(
      /run "f16": sgd: precision must be/,
    );
    expect(() => trainRuns([], data)).to.throw(/at least one run/);
  });
});
