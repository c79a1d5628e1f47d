/**
 * The seam between `Network.sgd` and where its arithmetic runs.
 *
 * `sgd` (network.ts) is network2's `SGD` loop, written once: per epoch a shuffle, one pass of
 * mini-batch steps, then the monitors asked for. A {@link Trainer} does the two heavy parts of
 * it for one `sgd` call, the pass and the evaluations (one pass over the data for the accuracy and
 * every monitor of it). Two implement it:
 * - `readableTrainer` (network.ts): `updateMiniBatch` on each mini-batch, `accuracy` and
 *   `totalCost`, one example at a time as network2 writes them. It is the definition.
 * - `wasmTrainer` (fast/trainer.ts): the same arithmetic in a WebAssembly kernel, in float64 equal
 *   to the readable one bit for bit (tested), or in float32 (the default precision).
 * `sgd` uses `wasmTrainer` unless `options.trainer` says otherwise (the one line that chooses it
 * is in `Network.sgd`); `trainRun` names it for every run of a session.
 *
 * Data reaches a trainer checked: a {@link PreparedData} is a data set whose contents were checked
 * when it was made, carrying what the engine reads (its inputs' non-zeros), so that many runs on
 * the same data check and convert it once.
 */
import { checkDataset, Dataset, TargetData } from "../data/data";
import type { Cost } from "./cost";
import type { Parameters } from "./init";
import type { HiddenLayerDiagnostics, LayerDiagnostics } from "./monitors";
import { SparseInputs, sparseInputs } from "./fast/sparse";

/** The number type the WebAssembly trainer computes in; the readable one computes in float64. */
export type Precision = "float64" | "float32";

/** The WebAssembly trainer's number type when `precision` is not given (see `SgdOptions.precision`). */
export const DEFAULT_TRAINING_PRECISION: Precision = "float32";

/** What a trainer needs of a network: its shape, its cost and its parameters, updated in place. */
export interface Trainable extends Parameters {
  readonly sizes: readonly number[];
  readonly cost: Cost;
}

/** Where `sgd`'s epochs run. */
export interface Trainer<N = Trainable> {
  /** Where the arithmetic runs, in a few words, for a reader and for errors. */
  readonly name: string;
  /**
   * Gets ready to train `network` on `data.training` and to evaluate it on either data set;
   * `precision` is the caller's `options.precision` (undefined when not given).
   */
  begin(network: N, data: TrainingData, precision: Precision | undefined): TrainerRun;
}

/** The data of one `sgd` call, checked. */
export interface TrainingData {
  readonly training: PreparedData<TargetData>;
  /** Given when a monitor watches it. */
  readonly evaluation?: PreparedData;
}

/** A trainer at work on one `sgd` call. */
export interface TrainerRun {
  /**
   * One epoch: a step of gradient descent (network2's `update_mini_batch`) on each mini-batch of
   * m consecutive examples of `order`. The network's parameters are current when it returns.
   */
  epoch(order: Uint32Array, m: number, eta: number, lmbda: number): void;
  /**
   * The network's accuracy (a count) on the training or the evaluation data, and from the same
   * pass what `monitors` asks for.
   */
  evaluate(which: keyof TrainingData, lmbda: number, monitors: EvaluationMonitors): Evaluation;
  /** Gives back what `begin` took; the run is not used after. */
  end(): void;
}

/** What an evaluation pass measures besides the accuracy. */
export interface EvaluationMonitors {
  /** The total cost (network2's `total_cost`). */
  cost?: boolean;
  /** The first hidden layer's monitor, over all the examples. */
  hidden?: boolean;
  /** Every layer's monitor, on the first 1,000 examples (`LAYER_SAMPLE_SIZE` of `fast/layer-probe.ts`). */
  layers?: boolean;
}

/** The results of an evaluation pass: each monitor's when it was asked for. */
export interface Evaluation {
  /** Examples whose largest output is their class. */
  correct: number;
  /** Mean cost per example plus ½·(λ/n)·Σ‖w‖², n = the data's count (network2's `total_cost`). */
  cost?: number;
  hidden?: HiddenLayerDiagnostics;
  layers?: LayerDiagnostics[];
}

/**
 * A data set checked whole when it was made ({@link prepareData}), with the sparse form of its
 * inputs that the WebAssembly trainer reads. Hold the data read-only while you use it: an edit made
 * after preparing is not seen (prepare again).
 */
export interface PreparedData<D extends Dataset = Dataset> {
  readonly kind: "prepared";
  readonly data: D;
  /** The inputs' non-zeros (`fast/sparse.ts`); absent when only the readable trainer needs the data. */
  readonly sparse?: SparseInputs;
  /** Byte offset of the targets in the shared memory of `sparse.arena`, when a session put them there. */
  readonly sharedTargets?: number;
}

/**
 * Checks `data` whole (see `checkDataset`; `what` names it in errors) and makes its inputs'
 * sparse form once: for training many networks on the same data, as `trainRuns` does.
 */
export function prepareData<D extends Dataset>(data: D, what = "prepareData"): PreparedData<D> {
  checkDataset(data, what);
  return { kind: "prepared", data, sparse: sparseInputs(data) };
}

/** `data` as checked data: a prepared data set as it is, any other checked whole now. */
export function checkedData<D extends Dataset>(data: D | PreparedData<D>, what: string): PreparedData<D> {
  if (isPrepared(data)) return data;
  checkDataset(data, what);
  return { kind: "prepared", data };
}

export function isPrepared<D extends Dataset>(data: D | PreparedData<D>): data is PreparedData<D> {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "prepared";
}
