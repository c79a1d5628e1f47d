/**
 * `npm run bench`: how fast the chapter's training runs on this machine.
 *
 * - MNIST load: time to read and scale all 70,000 images.
 * - One epoch of the book's workload (50,000 images, m = 10, η = 0.1, λ = 5, cross-entropy) for
 *   [784, 30, 10] and [784, 100, 10] on the fast engine, in float64 and in float32: median of
 *   several epochs after a warm-up, examples per second; and the reference implementation
 *   (network2's per-example loop, the test oracle) on a slice of the data, scaled to a full
 *   epoch, with the ratio.
 * - The notebook-03 workload as the notebook runs it: four runs (N(0, 1) and N(0, 1/n_in), 30 and
 *   100 hidden) of 30 epochs in float32, with validation accuracy and hidden-layer diagnostics
 *   every epoch, on worker threads (one per core unless --workers says otherwise), wall time.
 * - Peak resident memory of the process (worker threads included).
 *
 * Output: a table, or with --json one JSON object on standard output.
 * Flags: --json, --epochs N (timed epochs, default 7), --skip-notebook03, --notebook03-epochs N,
 * --workers N.
 */
import * as os from "os";
import { BOOK_HYPER_PARAMETERS } from "../chapter/book";
import { oneHot, slice, TargetData } from "../data/data";
import { loadMnist } from "../data/mnist";
import { Network } from "../network2/network";
import { range, Rng } from "../data/random";
import { Engine } from "../network2/fast/engine";
import type { Precision } from "../network2/options";
import { trainRuns } from "../runs/parallel";
import { referenceSgd } from "../network2/reference";
import type { TrainingRun } from "../runs/runs";

const BOOK = { miniBatchSize: BOOK_HYPER_PARAMETERS.miniBatchSize, eta: BOOK_HYPER_PARAMETERS.eta, lmbda: BOOK_HYPER_PARAMETERS.lmbda };
/** The precision notebook 03 trains in. */
const NOTEBOOK03_PRECISION: Precision = "float32";
/** Examples the reference implementation trains on per timing (it runs about 100× slower). */
const REFERENCE_SLICE = 1000;
const REFERENCE_REPEATS = 5;

interface Flags {
  json: boolean;
  epochs: number;
  notebook03: boolean;
  notebook03Epochs: number;
  workers?: number;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { json: false, epochs: 7, notebook03: true, notebook03Epochs: 30 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const count = (name: string) => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`bench: ${name} needs a positive integer, got ${argv[i]}`);
      return value;
    };
    if (arg === "--json") flags.json = true;
    else if (arg === "--epochs") flags.epochs = count(arg);
    else if (arg === "--skip-notebook03") flags.notebook03 = false;
    else if (arg === "--notebook03-epochs") flags.notebook03Epochs = count(arg);
    else if (arg === "--workers") flags.workers = count(arg);
    else throw new Error(`bench: unknown flag ${arg} (expected --json, --epochs N, --skip-notebook03, --notebook03-epochs N, --workers N)`);
  }
  return flags;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** Epoch times of the fast engine: one warm-up epoch, then `epochs` timed ones. */
function engineEpochs(sizes: number[], training: TargetData, epochs: number, precision: Precision): number[] {
  const network = new Network(sizes, { seed: 1 });
  const engine = new Engine(network.sizes, network.cost, precision);
  engine.load(network);
  const data = engine.addData(training);
  const order = range(training.count);
  const rng = new Rng(2);
  const times: number[] = [];
  for (let epoch = 0; epoch <= epochs; epoch++) {
    rng.shuffle(order);
    const started = performance.now();
    engine.trainEpoch(data, order, BOOK.miniBatchSize, BOOK.eta, BOOK.lmbda);
    if (epoch > 0) times.push(seconds(started));
  }
  return times;
}

/** Seconds per full epoch of the reference, from timings on a slice of the training data. */
function referenceEpochSeconds(sizes: number[], training: TargetData): number {
  const part = slice(training, 0, REFERENCE_SLICE);
  const times: number[] = [];
  for (let r = 0; r < REFERENCE_REPEATS; r++) {
    const network = new Network(sizes, { seed: 1 });
    const started = performance.now();
    referenceSgd(network, part, { epochs: 1, ...BOOK });
    times.push((seconds(started) * training.count) / REFERENCE_SLICE);
  }
  return median(times);
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const log = (line: string) => {
    if (!flags.json) console.log(line);
    else console.error(line);
  };
  let started = performance.now();
  const mnist = loadMnist();
  const loadSeconds = seconds(started);
  const rssAfterLoadMB = process.memoryUsage().rss / 1e6;
  log(`MNIST: 70,000 images loaded in ${loadSeconds.toFixed(2)} s, resident memory ${rssAfterLoadMB.toFixed(0)} MB`);
  const training = oneHot(mnist.training);

  const runs = [];
  for (const sizes of [[784, 30, 10], [784, 100, 10]]) {
    log(`[${sizes}]: reference implementation on ${REFERENCE_SLICE} examples × ${REFERENCE_REPEATS}…`);
    const referenceMedianEpochSeconds = referenceEpochSeconds(sizes, training);
    for (const precision of ["float64", "float32"] as const) {
      log(`[${sizes}] ${precision}: ${flags.epochs} timed epochs after a warm-up…`);
      const times = engineEpochs(sizes, training, flags.epochs, precision);
      const medianEpochSeconds = median(times);
      runs.push({
        sizes,
        precision,
        medianEpochSeconds,
        minEpochSeconds: Math.min(...times),
        maxEpochSeconds: Math.max(...times),
        epochSeconds: times,
        examplesPerSecond: training.count / medianEpochSeconds,
        referenceMedianEpochSeconds,
        speedup: referenceMedianEpochSeconds / medianEpochSeconds,
      });
    }
  }

  let notebook03Seconds: number | null = null;
  let workers = 0;
  if (flags.notebook03) {
    const specs: TrainingRun[] = [30, 100].flatMap((hidden) =>
      (["large", "default"] as const).map((initializer) => ({
        label: `${initializer} ${hidden}`,
        sizes: [784, hidden, 10],
        initializer,
        seed: 1,
        epochs: flags.notebook03Epochs,
        ...BOOK,
        monitorEvaluationAccuracy: true,
        monitorHiddenLayer: true,
        precision: NOTEBOOK03_PRECISION,
      })),
    );
    workers = Math.min(specs.length, flags.workers ?? os.availableParallelism());
    log(`notebook 03: ${specs.length} runs × ${flags.notebook03Epochs} epochs on ${workers} worker threads…`);
    started = performance.now();
    const results = await trainRuns(specs, { training, evaluation: mnist.validation }, { workers }).done;
    notebook03Seconds = seconds(started);
    if (!results.every((r) => r.completed)) throw new Error(`bench: a notebook-03 run failed: ${results.map((r) => r.error).join("; ")}`);
  }

  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const report = {
    runs,
    notebook03Seconds,
    notebook03: { precision: NOTEBOOK03_PRECISION, workers, epochs: flags.notebook03Epochs },
    peakRssMB,
    mnistLoadSeconds: loadSeconds,
    rssAfterLoadMB,
    node: process.version,
  };
  if (flags.json) {
    process.stdout.write(JSON.stringify(report) + "\n");
    return;
  }
  const row = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(16) : c.padStart(16))).join(""));
  console.log("");
  row(["network", "precision", "median s/epoch", "min…max", "examples/s", "reference s", "speedup"]);
  for (const r of runs) {
    row([
      `[${r.sizes.join(", ")}]`,
      r.precision,
      r.medianEpochSeconds.toFixed(3),
      `${r.minEpochSeconds.toFixed(2)}…${r.maxEpochSeconds.toFixed(2)}`,
      Math.round(r.examplesPerSecond).toLocaleString("en-US"),
      r.referenceMedianEpochSeconds.toFixed(1),
      `${r.speedup.toFixed(0)}×`,
    ]);
  }
  console.log("");
  if (notebook03Seconds !== null) {
    console.log(`notebook-03 workload (4 runs × ${flags.notebook03Epochs} epochs, ${NOTEBOOK03_PRECISION}, ${workers} workers): ${notebook03Seconds.toFixed(1)} s wall`);
  }
  console.log(`MNIST load: ${loadSeconds.toFixed(2)} s; peak resident memory: ${peakRssMB.toFixed(0)} MB (${process.version})`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
