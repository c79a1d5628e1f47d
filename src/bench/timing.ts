/** The bench's measurements of our own engine and of the readable loops (`readableTrainer`), in this process. */
import { BOOK_HYPER_PARAMETERS } from "../chapter/book";
import { LabelledData, slice, TargetData } from "../data/data";
import { range, Rng } from "../data/random";
import { Engine } from "../network2/fast/engine";
import { Network, readableTrainer } from "../network2/network";
import type { Precision } from "../network2/trainer";

export const BOOK = {
  miniBatchSize: BOOK_HYPER_PARAMETERS.miniBatchSize,
  eta: BOOK_HYPER_PARAMETERS.eta,
  lmbda: BOOK_HYPER_PARAMETERS.lmbda,
};
/** Examples the reference implementation trains on per timing (it runs about 100× slower). */
export const REFERENCE_SLICE = 1000;
const REFERENCE_REPEATS = 5;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

/** CPU seconds of this process so far (user + system): steadier than wall time on a loaded machine. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export interface EngineTiming {
  /** Wall seconds of each timed epoch. */
  epochSeconds: number[];
  /** CPU seconds of each timed epoch (one thread works, so wall minus waiting). */
  epochCpuSeconds: number[];
  /** Validation accuracy after the warm-up epoch, which is epoch 1 of a fresh network. */
  epoch1Accuracy: number;
}

/** The fast engine: one warm-up epoch (whose accuracy is kept), then `epochs` timed ones. */
export function engineEpochs(
  sizes: number[],
  training: TargetData,
  validation: LabelledData,
  epochs: number,
  precision: Precision,
): EngineTiming {
  const network = new Network(sizes, { seed: 1 });
  const engine = new Engine(network.sizes, network.cost, precision);
  engine.load(network);
  const data = engine.addData(training);
  const order = range(training.count);
  const rng = new Rng(2);
  const timing: EngineTiming = { epochSeconds: [], epochCpuSeconds: [], epoch1Accuracy: 0 };
  for (let epoch = 0; epoch <= epochs; epoch++) {
    rng.shuffle(order);
    const started = performance.now();
    const cpu = cpuSeconds();
    engine.trainEpoch(data, order, BOOK.miniBatchSize, BOOK.eta, BOOK.lmbda);
    if (epoch > 0) {
      timing.epochSeconds.push(secondsSince(started));
      timing.epochCpuSeconds.push(cpuSeconds() - cpu);
    } else {
      engine.store(network);
      timing.epoch1Accuracy = network.accuracy(validation) / validation.count;
    }
  }
  return timing;
}

/** Seconds per full epoch of the reference, from timings on a slice of the training data. */
export function referenceEpochSeconds(sizes: number[], training: TargetData): number {
  const part = slice(training, 0, REFERENCE_SLICE);
  const times: number[] = [];
  for (let r = 0; r < REFERENCE_REPEATS; r++) {
    const network = new Network(sizes, { seed: 1 });
    const started = performance.now();
    network.sgd(part, { epochs: 1, ...BOOK, trainer: readableTrainer });
    times.push((secondsSince(started) * training.count) / REFERENCE_SLICE);
  }
  return median(times);
}
