/**
 * One training session of the bench in a process of its own, so that its peak resident memory is
 * the session's alone: loads MNIST, trains a workload (`workloads.ts`) on worker threads and
 * prints a {@link SessionReport} as JSON. Run by `bench.ts`:
 *
 *     node dist/src/bench/session.js --workload notebook03|seeds --epochs N --seeds N --workers N
 */
import { describeValue } from "../data/describe";
import { parseArgs } from "util";
import { oneHot } from "../data/data";
import { loadMnist } from "../data/mnist";
import { trainRuns } from "../runs/parallel";
import { idealSeconds, notebook03Runs, seedStudyRuns, SessionReport, WorkloadName } from "./workloads";
import { secondsSince } from "./timing";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workload: { type: "string" },
      epochs: { type: "string", default: "30" },
      seeds: { type: "string", default: "10" },
      workers: { type: "string", default: "2" },
    },
  });
  const workload = values.workload as WorkloadName;
  if (workload !== "notebook03" && workload !== "seeds")
    throw new Error(`bench session: --workload must be notebook03 or seeds, got ${describeValue(values.workload)}`);
  const epochs = Number(values.epochs);
  const workers = Number(values.workers);
  const runs = workload === "notebook03" ? notebook03Runs(epochs) : seedStudyRuns(Number(values.seeds));
  const mnist = loadMnist();
  const training = oneHot(mnist.training);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const results = await trainRuns(runs, { training, evaluation: mnist.validation }, { workers, stopOnInterrupt: false })
    .done;
  const seconds = secondsSince(started);
  const cpu = process.cpuUsage(cpuStarted);
  const failed = results.filter((r) => !r.completed);
  if (failed.length > 0)
    throw new Error(`bench session: ${failed.length} runs failed: ${failed.map((r) => r.error).join("; ")}`);
  const report: SessionReport = {
    workload,
    runs: runs.length,
    epochs: workload === "notebook03" ? epochs : 1,
    workers,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    results: results.map(({ run, history }) => ({
      label: run.label,
      initializer: run.initializer,
      hidden: run.sizes[1],
      accuracies: history.epochs.map((e) => (e.evaluationAccuracy ?? 0) / history.evaluationSize),
      epochSeconds: history.epochs.map((e) => e.seconds),
    })),
    idealSeconds: 0,
  };
  report.idealSeconds = idealSeconds(report);
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
