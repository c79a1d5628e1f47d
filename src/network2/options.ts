/**
 * What `sgd` is asked to do, checked before any work starts, and what it gives back.
 *
 * Names follow network2's `SGD`: η → `eta`, λ → `lmbda` (network2's spelling, as `lambda` is a
 * Python keyword), m → `miniBatchSize`; the four `monitor…` switches are network2's.
 *
 * @see NNDL §3.2 (L2 regularization), network2.py `SGD`
 */
import { checkDataset, Dataset, kindOf, TargetData } from "../data/data";
import type { Fingerprint } from "../data/fingerprint";
import { describeValue } from "../data/describe";
import type { HiddenLayerDiagnostics, LayerDiagnostics, WeightStatistics } from "./monitors";

/**
 * What a history records of the network's state, before training and after every epoch: the
 * weights' size per layer (how L2 decay shrinks them), and the hidden layer's saturation and
 * gradient size when `monitorHiddenLayer` asks for them.
 */
export interface StateRecord {
  weights: WeightStatistics;
  /** Saturation and gradient size of the first hidden layer on the evaluation data. */
  hidden?: HiddenLayerDiagnostics;
  /** Every layer's diagnostics (index l for layer l + 1), with `monitorLayers`. */
  layers?: LayerDiagnostics[];
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
  /**
   * Set when this epoch left a weight or bias NaN or infinite (says which): training stopped here,
   * and the record carries no cost or accuracy, since those of a NaN network mean nothing.
   */
  diverged?: string;
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
   * Beyond network2: measure every layer, for any depth (saturation, z's spread and histogram,
   * ‖∂C/∂bˡ‖ and ‖∂C/∂wˡ‖; see `fast/layer-probe.ts`) on the first 1,000 evaluation examples,
   * before training and after every epoch.
   */
  monitorLayers?: boolean;
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
  /** The inputs' fingerprints as the check read them, when it read them (for the engine's sparse cache). */
  fingerprints?: { training: Fingerprint; evaluation?: Fingerprint };
}

/** The most epochs one `sgd` call may run: the history keeps a record of every one in memory. */
export const MAX_EPOCHS = 1_000_000;

/** The largest mini-batch: the engine indexes examples with 32-bit integers. */
export const MAX_MINI_BATCH_SIZE = 2 ** 31 - 1;

/** Every option `sgd` knows; any other key is a typo (say `lambda` for `lmbda`) that would be ignored. */
const SGD_OPTION_KEYS: readonly (keyof SgdOptions)[] = [
  "epochs", "miniBatchSize", "eta", "lmbda", "evaluationData", "monitorEvaluationCost", "monitorEvaluationAccuracy",
  "monitorTrainingCost", "monitorTrainingAccuracy", "monitorHiddenLayer", "monitorLayers",
  "precision", "onEpoch", "onStart",
];

const MONITORS = [
  "monitorEvaluationCost", "monitorEvaluationAccuracy", "monitorTrainingCost",
  "monitorTrainingAccuracy", "monitorHiddenLayer", "monitorLayers",
] as const;

/**
 * Checks every option and the data (shape, contents, not empty) against `sizes`; the error names
 * the option. `dataChecked` skips the scan of the data's contents (see `checkDataset`) for a
 * caller that has just made it, as `trainRuns` does once for all its runs.
 */
export function checkSgdOptions<N>(
  sizes: readonly number[],
  training: TargetData,
  options: SgdOptions<N>,
  dataChecked = false,
): CheckedSgdOptions<N> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`sgd: expected an options object { epochs, miniBatchSize, eta, … } after the training data, got ${describeValue(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => !(SGD_OPTION_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`sgd: unknown option ${unknown.map((key) => JSON.stringify(key)).join(", ")}; the options are ${SGD_OPTION_KEYS.join(", ")}`);
  }
  const { epochs, miniBatchSize, eta } = options;
  const lmbda = options.lmbda ?? 0;
  if (!Number.isInteger(epochs) || epochs < 0 || epochs > MAX_EPOCHS) {
    throw new RangeError(`sgd: epochs must be an integer in [0, ${MAX_EPOCHS}], got ${describeValue(epochs)}`);
  }
  if (!Number.isInteger(miniBatchSize) || miniBatchSize < 1 || miniBatchSize > MAX_MINI_BATCH_SIZE) {
    throw new RangeError(`sgd: miniBatchSize (m) must be an integer in [1, 2³¹ − 1], got ${describeValue(miniBatchSize)}`);
  }
  if (typeof eta !== "number" || !Number.isFinite(eta) || eta <= 0) {
    throw new RangeError(`sgd: eta (η, the learning rate) must be a finite number > 0, got ${describeValue(eta)}`);
  }
  if (typeof lmbda !== "number" || !Number.isFinite(lmbda) || lmbda < 0) {
    throw new RangeError(`sgd: lmbda (λ, the L2 parameter) must be a finite number ≥ 0, got ${describeValue(lmbda)}`);
  }
  for (const monitor of MONITORS) {
    const value = options[monitor];
    if (value !== undefined && typeof value !== "boolean") {
      throw new TypeError(`sgd: ${monitor} must be true or false, got ${describeValue(value)}`);
    }
  }
  for (const callback of ["onEpoch", "onStart"] as const) {
    const value = options[callback];
    if (value !== undefined && typeof value !== "function") {
      throw new TypeError(`sgd: ${callback} must be a function, got ${describeValue(value)}`);
    }
  }
  if (options.precision !== undefined && options.precision !== "float32" && options.precision !== "float64") {
    throw new RangeError(`sgd: precision must be "float64" or "float32", got ${describeValue(options.precision)}`);
  }
  if (training?.kind !== "targets") {
    throw new TypeError(
      `sgd: training data must be TargetData (target vectors); for labelled data use oneHot(data); got ${describeValue(training)}` +
        (typeof training === "object" && training !== null ? ` of kind ${kindOf(training)}` : ""),
    );
  }
  const trainingPrint = checkDataShape(sizes, training, "training data", !dataChecked);
  checkNotEmpty(training, "training data");
  const evaluation = options.evaluationData;
  let evaluationPrint: Fingerprint | undefined;
  if (evaluation !== undefined) {
    evaluationPrint = checkDataShape(sizes, evaluation, "evaluationData", !dataChecked);
    checkNotEmpty(evaluation, "evaluationData");
  }
  if ((options.monitorEvaluationCost || options.monitorEvaluationAccuracy || options.monitorHiddenLayer) && evaluation === undefined) {
    throw new Error("sgd: monitoring evaluation cost, accuracy or the hidden layer needs evaluationData");
  }
  if (options.monitorLayers && evaluation === undefined) {
    throw new Error("sgd: monitorLayers needs evaluationData");
  }
  if (options.monitorHiddenLayer && sizes.length < 3) {
    throw new Error("sgd: monitorHiddenLayer needs a network with a hidden layer");
  }
  const fingerprints = trainingPrint && { training: trainingPrint, evaluation: evaluationPrint };
  return { ...options, lmbda, fingerprints };
}

/** Rejects a data set without examples: an epoch over none would be no step at all, a mean over none NaN. */
export function checkNotEmpty(data: Dataset, what: string): void {
  if (data.count === 0) throw new RangeError(`${what}: has no examples (count 0)`);
}

/**
 * Checks a data set fits a network of `sizes`: its contents (see `checkDataset`, unless
 * `contents` is false because the caller just checked them), its inputs, and its targets or labels.
 * Returns the inputs' fingerprint when it read them.
 */
export function checkDataShape(sizes: readonly number[], data: Dataset, what: string, contents = true): Fingerprint | undefined {
  const fingerprint = contents ? checkDataset(data, what) : undefined;
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
  return fingerprint;
}
