/**
 * The bench's training session in a process of its own, so that its peak resident memory is the
 * session's alone: loads MNIST, trains notebook 03's runs (`workloads.ts`) on worker threads and
 * prints a {@link SessionReport} as JSON. Run by `bench.ts`:
 *
 *     node dist/src/bench/session.js --epochs N --workers N
 */
import { parseArgs } from "util";
import { oneHot } from "../data/data";
import { loadMnist } from "../data/mnist";
import { trainRuns } from "../runs/parallel";
import { idealSeconds, notebook03Runs, SessionReport } from "./workloads";
import { secondsSince } from "./timing";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: "string", default: "30" },
      workers: { type: "string", default: "2" },
    },
  });
  const epochs = Number(values.epochs);
  const workers = Number(values.workers);
  const runs = notebook03Runs(epochs);
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
    runs: runs.length,
    epochs: Math.max(...runs.map((r) => r.epochs)),
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
