/**
 * `npm run bench`: how fast the chapter's training runs on this machine.
 *
 * - One epoch of the book's workload (50,000 images, m = 10, η = 0.1, λ = 5, cross-entropy) for
 *   [784, 30, 10] and [784, 100, 10] on the fast engine in float64 and float32: the median of
 *   several epochs after a warm-up (wall and CPU seconds), the validation accuracy after epoch 1,
 *   and the reference implementation (network2's per-example loop, the test oracle) on a slice.
 * - With --peers, the same workload in NumPy (float32, float64), PyTorch (CPU, float32), JAX (one
 *   jitted scan per epoch) and numba (our algorithm, native width and WebAssembly's 128 bits), one
 *   thread each, network size by network size in the same run (`peers.ts`), and their ratio to ours.
 * - The notebook-03 workload (its default runs, `chapter/training-plan.ts`) on worker threads, in a
 *   process of its own (`session.ts`): wall time against the ideal (the runs' training epochs
 *   alone, spread over the workers) and peak memory.
 * - An epoch's time outside training (evaluation and monitors) as a share of its training, for one
 *   and for several hidden layers (`overhead.ts`).
 * - With --notebooks, every notebook's Run All through the headless runner (`notebooks.ts`).
 *
 * Output: a table, or with --json one JSON object on standard output (progress on stderr).
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { oneHot } from "../data/data";
import { loadMnist } from "../data/mnist";
import { Flags, parseFlags } from "./flags";
import { peerPython, PeerResult, runPeers } from "./peers";
import { BenchReport, EngineRun, printReport } from "./report";
import { EpochOverhead, epochOverhead, OVERHEAD_CASES } from "./overhead";
import { runNotebooks } from "./notebooks";
import { engineEpochs, median, referenceEpochSeconds, REFERENCE_SLICE, secondsSince } from "./timing";
import type { SessionReport } from "./workloads";
import { prepareData } from "../network2/trainer";

const NETWORKS = [
  [784, 30, 10],
  [784, 100, 10],
];

/** Our engine on each network in both precisions, with the reference, then the peers on the same network. */
function measureNetworks(flags: Flags, log: (line: string) => void, python: string | undefined) {
  const mnist = loadMnist();
  const training = oneHot(mnist.training);
  const runs: EngineRun[] = [];
  const peers: PeerResult[] = [];
  for (const sizes of NETWORKS) {
    log(`[${sizes}]: reference implementation on ${REFERENCE_SLICE} examples…`);
    const referenceMedianEpochSeconds = referenceEpochSeconds(sizes, training);
    for (const precision of ["float64", "float32"] as const) {
      log(`[${sizes}] ${precision}: ${flags.epochs} timed epochs after a warm-up…`);
      const timing = engineEpochs(sizes, training, mnist.validation, flags.epochs, precision);
      const medianEpochSeconds = median(timing.epochSeconds);
      runs.push({
        sizes,
        precision,
        medianEpochSeconds,
        medianEpochCpuSeconds: median(timing.epochCpuSeconds),
        minEpochSeconds: Math.min(...timing.epochSeconds),
        maxEpochSeconds: Math.max(...timing.epochSeconds),
        epochSeconds: timing.epochSeconds,
        examplesPerSecond: training.count / medianEpochSeconds,
        epoch1Accuracy: timing.epoch1Accuracy,
        referenceMedianEpochSeconds,
        speedup: referenceMedianEpochSeconds / medianEpochSeconds,
      });
    }
    if (python !== undefined) {
      const ours = runs.find((r) => r.sizes === sizes && r.precision === "float32")!;
      for (const peer of runPeers(python, sizes, flags.peerEpochs, log)) {
        peers.push({
          ...peer,
          vsOursFloat32: {
            wall: peer.medianEpochSeconds / ours.medianEpochSeconds,
            cpu: peer.medianEpochCpuSeconds / ours.medianEpochCpuSeconds,
          },
        });
      }
    }
  }
  let overhead: EpochOverhead[] | null = null;
  if (flags.overhead) {
    // Checked and made sparse once, as a notebook's session does.
    const data = { training: prepareData(training), validation: prepareData(mnist.validation) };
    overhead = OVERHEAD_CASES.map((run) => {
      log(`[${run.sizes}] float32: time outside training per epoch (evaluation and monitors)…`);
      return epochOverhead(run, data.training, data.validation, 5);
    });
  }
  return { runs, peers, overhead };
}

/** Notebook 03's runs in a child process of its own (see `session.ts`). */
function runSession(flags: Flags, workers: number, log: (line: string) => void): SessionReport {
  log(`notebook 03's runs (${flags.notebook03Epochs} epochs) on ${workers} worker threads…`);
  const args = [
    path.join(__dirname, "session.js"),
    "--epochs",
    String(flags.notebook03Epochs),
    "--workers",
    String(workers),
  ];
  const child = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (child.status !== 0) {
    throw new Error(`bench: the notebook-03 session failed (exit ${child.status ?? child.signal})`);
  }
  return JSON.parse(child.stdout) as SessionReport;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const log = (line: string) => (flags.json ? console.error(line) : console.log(line));
  const started = performance.now();
  loadMnist();
  const mnistLoadSeconds = secondsSince(started);
  const rssAfterLoadMB = process.memoryUsage().rss / 1e6;
  log(
    `MNIST: 70,000 images loaded in ${mnistLoadSeconds.toFixed(2)} s, resident memory ${rssAfterLoadMB.toFixed(0)} MB`,
  );
  const python = flags.peers ? peerPython(log) : undefined;
  const { runs, peers, overhead } = measureNetworks(flags, log, python);
  const workers = Math.min(4, flags.workers ?? os.availableParallelism());
  const report: BenchReport = {
    runs,
    peers: python === undefined ? null : peers,
    ...(flags.peers && python === undefined
      ? { peersSkipped: "no Python environment with the peers' packages (NumPy, PyTorch, JAX, numba)" }
      : {}),
    notebook03: flags.notebook03 ? runSession(flags, workers, log) : null,
    overhead,
    notebooks: flags.notebooks ? runNotebooks(log) : null,
    mnistLoadSeconds,
    rssAfterLoadMB,
    node: process.version,
    cpus: `${os.availableParallelism()} × ${os.cpus()[0]?.model ?? "unknown CPU"}`,
    loadAverage: os.loadavg(),
  };
  if (flags.json) process.stdout.write(JSON.stringify(report) + "\n");
  else printReport(report);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
