/**
 * What `sgd` is asked to do, checked before any work starts, and what it gives back.
 *
 * Names follow network2's `SGD`: η → `eta`, λ → `lmbda` (network2's spelling, as `lambda` is a
 * Python keyword), m → `miniBatchSize`; the four `monitor…` switches are network2's.
 *
 * @see NNDL §3.2 (L2 regularization), network2.py `SGD`
 */
import type { Dataset, TargetData } from "../data/data";
import type { HiddenLayerDiagnostics, WeightStatistics } from "./monitors";

/**
 * What a history records of the network's state, before training and after every epoch: the
 * weights' size per layer (how L2 decay shrinks them), and the hidden layer's saturation and
 * gradient size when `monitorHiddenLayer` asks for them.
 */
export interface StateRecord {
  weights: WeightStatistics;
  /** Saturation and gradient size of the first hidden layer on the evaluation data. */
  hidden?: HiddenLayerDiagnostics;
}

/** One epoch's numbers: network2's four monitors, the epoch's training time and the state after it. */
export interface EpochRecord extends StateRecord {
  /** 1 for the first epoch. */
  epoch: number;
  /** Wall-clock seconds spent on this epoch's updates (monitoring excluded). */
  seconds: number;
  evaluationCost?: number;
  /** Correctly classified evaluation examples (a count, as network2's `accuracy`). */
  evaluationAccuracy?: number;
  trainingCost?: number;
  /** Correctly classified training examples (a count). */
  trainingAccuracy?: number;
}

/** A training run's per-epoch record; plain data, ready for JSON. */
export interface History {
  trainingSize: number;
  /** Number of evaluation examples, 0 when there were none: accuracy / evaluationSize is a fraction. */
  evaluationSize: number;
  /** The state before the first epoch. */
  initial: StateRecord;
  epochs: EpochRecord[];
}

/** The number type the fast engine computes in. */
export type Precision = "float64" | "float32";

/** The engine's number type when `precision` is not given (see `SgdOptions.precision`). */
export const DEFAULT_TRAINING_PRECISION: Precision = "float32";

/** Returned by an `onEpoch` callback to end training after this epoch. */
export const STOP_TRAINING = "stop" as const;

export interface SgdOptions<N = unknown> {
  epochs: number;
  /** m: examples per mini-batch (the last mini-batch of an epoch may be smaller, as in network2). */
  miniBatchSize: number;
  /** η: the learning rate. */
  eta: number;
  /** λ: the L2 regularization parameter (0 turns weight decay off). */
  lmbda?: number;
  evaluationData?: Dataset;
  monitorEvaluationCost?: boolean;
  monitorEvaluationAccuracy?: boolean;
  monitorTrainingCost?: boolean;
  monitorTrainingAccuracy?: boolean;
  /**
   * Beyond network2: measure the first hidden layer's saturation and gradient size on the
   * evaluation data every epoch (see `diagnostics.ts`), in the same pass as its accuracy.
   */
  monitorHiddenLayer?: boolean;
  /**
   * The engine's number type. "float32" (the default, chosen by measurement: 1.3–1.5× faster for
   * [784, 30, 10], 1.5–1.8× for [784, 100, 10], the same accuracies) differs from the reference by
   * rounding; "float64" gives the reference implementation's results bit for bit. The monitors
   * are computed in the same precision.
   */
  precision?: Precision;
  /**
   * Called after every epoch with its record and the network (parameters up to date), to show
   * progress or record statistics. Return {@link STOP_TRAINING} to stop early.
   */
  onEpoch?: (record: EpochRecord, network: N) => void | typeof STOP_TRAINING;
  /** Called once before the first epoch with the state training starts from. */
  onStart?: (initial: StateRecord, network: N) => void;
}

/** Options with defaults filled in, after checking. */
export interface CheckedSgdOptions<N> extends SgdOptions<N> {
  lmbda: number;
}

/** Checks every option and the data's shapes against `sizes`; the error names the option. */
export function checkSgdOptions<N>(
  sizes: readonly number[],
  training: TargetData,
  options: SgdOptions<N>,
): CheckedSgdOptions<N> {
  const { epochs, miniBatchSize, eta } = options;
  const lmbda = options.lmbda ?? 0;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`sgd: epochs must be an integer ≥ 0, got ${String(epochs)}`);
  }
  if (!Number.isInteger(miniBatchSize) || miniBatchSize < 1) {
    throw new RangeError(`sgd: miniBatchSize (m) must be an integer ≥ 1, got ${String(miniBatchSize)}`);
  }
  if (typeof eta !== "number" || !Number.isFinite(eta) || eta <= 0) {
    throw new RangeError(`sgd: eta (η, the learning rate) must be a finite number > 0, got ${String(eta)}`);
  }
  if (typeof lmbda !== "number" || !Number.isFinite(lmbda) || lmbda < 0) {
    throw new RangeError(`sgd: lmbda (λ, the L2 parameter) must be a finite number ≥ 0, got ${String(lmbda)}`);
  }
  if (options.precision !== undefined && options.precision !== "float32" && options.precision !== "float64") {
    throw new RangeError(`sgd: precision must be "float64" or "float32", got ${JSON.stringify(options.precision)}`);
  }
  if (training?.kind !== "targets") {
    throw new TypeError("sgd: training data must be TargetData (target vectors); for labelled data use oneHot(data)");
  }
  checkDataShape(sizes, training, "training data");
  const evaluation = options.evaluationData;
  if (evaluation !== undefined) checkDataShape(sizes, evaluation, "evaluationData");
  if ((options.monitorEvaluationCost || options.monitorEvaluationAccuracy || options.monitorHiddenLayer) && evaluation === undefined) {
    throw new Error("sgd: monitoring evaluation cost, accuracy or the hidden layer needs evaluationData");
  }
  if (options.monitorHiddenLayer && sizes.length < 3) {
    throw new Error("sgd: monitorHiddenLayer needs a network with a hidden layer");
  }
  return { ...options, lmbda };
}

/** Checks a data set fits a network of `sizes`: its inputs, and its targets or labels. */
export function checkDataShape(sizes: readonly number[], data: Dataset, what: string): void {
  const outputs = sizes[sizes.length - 1];
  if (data.inputSize !== sizes[0]) {
    throw new RangeError(`${what}: examples have ${data.inputSize} inputs, but the network's sizes[0] is ${sizes[0]}`);
  }
  if (data.kind === "targets" && data.outputSize !== outputs) {
    throw new RangeError(`${what}: targets have ${data.outputSize} entries, but the network has ${outputs} outputs`);
  }
  if (data.kind === "labelled" && data.classes > outputs) {
    throw new RangeError(`${what}: labels go up to ${data.classes - 1}, but the network has only ${outputs} outputs`);
  }
}
