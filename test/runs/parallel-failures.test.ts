/**
 * Hostile cases for runs on worker threads (`trainRuns`). Each runs in a child process with a time
 * limit: the assertion that matters, besides the error, is that the process exits on its own, so
 * no worker thread was left behind and no handler crashed it.
 */
import { expect } from "chai";
import { runChild } from "../support/child";

/** A child script's opening: small shared data and a run that trains on it. */
const SETUP = `
const data = { training: lib.oneHot(labelled(60, 6, 3)), evaluation: labelled(20, 6, 3) };
const run = (label, extra = {}) =>
  ({ label, sizes: [6, 4, 3], initializer: "default", seed: 1, epochs: 2, miniBatchSize: 10, eta: 0.5, ...extra });
const report = (session) => session.done.then((results) => console.log(JSON.stringify(
  results.map((r) => ({ completed: r.completed, error: r.error, epochs: r.history.epochs.length })))));
`;

/** Runs `script` after the set-up; asserts the process exited by itself, with status 0. */
function exitsCleanly(script: string): string {
  const outcome = runChild(SETUP + script, 30_000);
  expect(outcome.timedOut, `the process did not exit (stdout: ${outcome.stdout})`).to.equal(false);
  expect(outcome.status, outcome.stderr).to.equal(0);
  return outcome.stdout;
}

describe("hostile: runs on worker threads", function () {
  this.timeout(120_000);

  it("refuses a run holding a function before any worker starts, and the process exits", () => {
    const out = exitsCleanly(`
      try {
        lib.trainRuns([run("f", { onEpoch: () => 0 })], data);
        console.log("started");
      } catch (e) { console.log("error: " + e.message); }`);
    expect(out).to.contain(
      `error: run "f": run.onEpoch is a function (onEpoch); a run must be plain data that can be copied to a worker ` +
        "thread and saved as JSON (callbacks go in trainRuns' options, not in a run)",
    );
  });

  it("refuses a run holding a Symbol or a class instance", () => {
    const out = exitsCleanly(`
      for (const extra of [{ tag: Symbol("x") }, { sizes: new Set([6, 3]) }]) {
        try {
          lib.trainRuns([run("s", extra)], data);
          console.log("started");
        } catch (e) { console.log("error: " + e.message); }
      }`);
    expect(out).to.contain(`error: run "s": run.tag is Symbol(x) (a symbol); a run must be plain data`);
    expect(out).to.contain(`error: run "s": run.sizes is a Set; a run must be plain data`);
  });

  it("refuses worker counts that are not positive integers", () => {
    const out = exitsCleanly(`
      for (const workers of [NaN, 2.5, 0, -1, Infinity, "2"]) {
        try {
          lib.trainRuns([run("w")], data, { workers });
          console.log("started");
        } catch (e) { console.log("error: " + e.message); }
      }`);
    expect(out.trim().split("\n")).to.deep.equal([
      "error: trainRuns: workers must be a positive integer, got NaN",
      "error: trainRuns: workers must be a positive integer, got 2.5",
      "error: trainRuns: workers must be a positive integer, got 0",
      "error: trainRuns: workers must be a positive integer, got -1",
      "error: trainRuns: workers must be a positive integer, got Infinity",
      `error: trainRuns: workers must be a positive integer, got "2" (a string)`,
    ]);
  });

  it("refuses empty training data (a worker used to spin on it until stopped)", () => {
    const out = exitsCleanly(`
      try {
        lib.trainRuns([run("e")], { training: lib.slice(data.training, 0, 0) });
        console.log("started");
      } catch (e) { console.log("error: " + e.message); }`);
    expect(out).to.contain(`error: run "e": training data: has no examples (count 0)`);
  });

  it("reports an onEpoch that throws on the run's error, ends the session and lets the process exit", () => {
    const out = exitsCleanly(`
      const onEpoch = (p) => { if (p.run.label === "b") throw new Error("the display broke"); };
      report(lib.trainRuns([run("a"), run("b")], data, { workers: 2, onEpoch }));`);
    const results = JSON.parse(out) as { completed: boolean; error?: string }[];
    expect(results[1]).to.include({ completed: false, error: "onEpoch threw: the display broke" });
  });

  it("settles done with an error when a worker thread ends in the middle of a run", () => {
    const out = exitsCleanly(`
      const session = lib.trainRuns([run("long", { epochs: 100000, miniBatchSize: 1 })], data, {
        onEpoch: () => { for (const worker of session.workers) void worker.terminate(); },
      });
      report(session);`);
    const [result] = JSON.parse(out) as { completed: boolean; error?: string }[];
    expect(result.completed).to.equal(false);
    expect(result.error).to.match(/^the worker thread exited \(code 1\) during the run$/);
  });

  it("marks a run that diverged as not completed, with the epoch and the parameter that blew up", () => {
    const out = exitsCleanly(
      `report(lib.trainRuns([run("blow-up", { eta: 1e6, lmbda: 5, epochs: 5, miniBatchSize: 1 })], data));`,
    );
    const [result] = JSON.parse(out) as { completed: boolean; error?: string; epochs: number }[];
    expect(result.completed).to.equal(false);
    expect(result.error).to.match(/^training diverged in epoch 1: /);
    expect(result.epochs).to.equal(1);
  });
});
