/**
 * What `sgd` is asked to do, checked before any work starts, and what it gives back.
 *
 * Names follow network2's `SGD`: η → `eta`, λ → `lmbda` (network2's spelling, as `lambda` is a
 * Python keyword), m → `miniBatchSize`; the four `monitor…` switches are network2's.
 *
 * @see NNDL §3.2 (L2 regularization), network2.py `SGD`
 */
import { Dataset, kindOf, TargetData } from "../data/data";
import { A_FUNCTION, Check, checkOptions, integerIn, numberAbove, numberAtLeast } from "../data/check";
import { oneOf, OptionChecks, TRUE_OR_FALSE } from "../data/check";
import { describeValue } from "../data/describe";
import type { HiddenLayerDiagnostics, LayerDiagnostics, WeightStatistics } from "./monitors";
import { checkedData, isPrepared, PreparedData, Trainer } from "./trainer";
import type { Precision } from "./trainer";

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
  /** Data to monitor on (network2's `evaluation_data`), as it is or prepared (`prepareData`). */
  evaluationData?: Dataset | PreparedData;
  monitorEvaluationCost?: boolean;
  monitorEvaluationAccuracy?: boolean;
  monitorTrainingCost?: boolean;
  monitorTrainingAccuracy?: boolean;
  /**
   * Beyond network2: measure the first hidden layer's saturation and gradient size on the
   * evaluation data every epoch (see `monitors.ts`), in the same pass as its accuracy.
   */
  monitorHiddenLayer?: boolean;
  /**
   * Beyond network2: measure every layer, for any depth (saturation, z's spread and histogram,
   * ‖∂C/∂bˡ‖ and ‖∂C/∂wˡ‖; see `fast/layer-probe.ts`) on the first 1,000 evaluation examples,
   * before training and after every epoch.
   */
  monitorLayers?: boolean;
  /**
   * Where the epochs run: `wasmTrainer` (WebAssembly, `fast/`) unless given, or `readableTrainer`
   * (network.ts's own loops, one example at a time). See `trainer.ts`.
   */
  trainer?: Trainer<N>;
  /**
   * The WebAssembly trainer's number type. "float32" (the default, chosen by measurement: 2.4–4×
   * faster, the same epoch-1 accuracies; see the engine's README) differs from the readable loops
   * by rounding; "float64" gives their results bit for bit. The monitors are computed in the same
   * precision. The readable trainer computes in float64.
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

/** Options with defaults filled in and the data checked, as `sgd` runs them. */
export interface CheckedSgdOptions<N> extends SgdOptions<N> {
  lmbda: number;
  training: PreparedData<TargetData>;
  /** The evaluation data, checked, when given. */
  evaluation?: PreparedData;
}

/** The most epochs one `sgd` call may run: the history keeps a record of every one in memory. */
export const MAX_EPOCHS = 1_000_000;

/** The largest mini-batch: the engine indexes examples with 32-bit integers. */
export const MAX_MINI_BATCH_SIZE = 2 ** 31 - 1;

/** η, the learning rate: a finite number > 0 (network2 takes any; 0 would not learn, < 0 climbs). */
export const ETA: Check = numberAbove(0);

/** λ, the L2 regularization parameter: a finite number ≥ 0. */
export const LMBDA: Check = numberAtLeast(0);

/** A trainer object: a name and a `begin` function. */
const A_TRAINER: Check = {
  expected: "a trainer (wasmTrainer or readableTrainer)",
  accepts: (value) => typeof (value as Trainer)?.begin === "function" && typeof (value as Trainer).name === "string",
  error: TypeError,
};

/** Every option `sgd` knows, with what it accepts. */
export const SGD_OPTIONS: OptionChecks<SgdOptions> = {
  epochs: { check: integerIn(0, MAX_EPOCHS), required: true },
  miniBatchSize: {
    name: "miniBatchSize (m)",
    check: integerIn(1, MAX_MINI_BATCH_SIZE, "[1, 2³¹ − 1]"),
    required: true,
  },
  eta: { name: "eta (η, the learning rate)", check: ETA, required: true },
  lmbda: { name: "lmbda (λ, the L2 parameter)", check: LMBDA },
  evaluationData: null,
  monitorEvaluationCost: TRUE_OR_FALSE,
  monitorEvaluationAccuracy: TRUE_OR_FALSE,
  monitorTrainingCost: TRUE_OR_FALSE,
  monitorTrainingAccuracy: TRUE_OR_FALSE,
  monitorHiddenLayer: TRUE_OR_FALSE,
  monitorLayers: TRUE_OR_FALSE,
  trainer: A_TRAINER,
  precision: oneOf(["float64", "float32"]),
  onEpoch: A_FUNCTION,
  onStart: A_FUNCTION,
};

/**
 * Checks every option and the data (contents unless prepared, shape, not empty) against `sizes`,
 * before any work starts; the error names the option.
 */
export function checkSgdOptions<N>(
  sizes: readonly number[],
  trainingData: TargetData | PreparedData<TargetData>,
  options: SgdOptions<N>,
): CheckedSgdOptions<N> {
  const shape = "expected an options object { epochs, miniBatchSize, eta, … } after the training data";
  checkOptions<SgdOptions<N>>("sgd", options, SGD_OPTIONS as OptionChecks<SgdOptions<N>>, shape);
  const given = isPrepared(trainingData) ? trainingData.data : trainingData;
  if (given?.kind !== "targets") {
    throw new TypeError(
      "sgd: training data must be TargetData (target vectors); for labelled data use oneHot(data); " +
        `got ${describeValue(given)}` +
        (typeof given === "object" && given !== null ? ` of kind ${kindOf(given)}` : ""),
    );
  }
  const training = checkDataFor(sizes, trainingData, "training data");
  const givenEvaluation = options.evaluationData;
  const evaluation = givenEvaluation === undefined ? undefined : checkDataFor(sizes, givenEvaluation, "evaluationData");
  const { monitorEvaluationCost, monitorEvaluationAccuracy, monitorHiddenLayer } = options;
  const watchEvaluation = monitorEvaluationCost || monitorEvaluationAccuracy || monitorHiddenLayer;
  if (watchEvaluation && evaluation === undefined) {
    throw new Error("sgd: monitoring evaluation cost, accuracy or the hidden layer needs evaluationData");
  }
  if (options.monitorLayers && evaluation === undefined) {
    throw new Error("sgd: monitorLayers needs evaluationData");
  }
  if (options.monitorHiddenLayer && sizes.length < 3) {
    throw new Error("sgd: monitorHiddenLayer needs a network with a hidden layer");
  }
  return { ...options, lmbda: options.lmbda ?? 0, training, evaluation };
}

/**
 * Checks a data set fits a network of `sizes` and has examples: its contents (see `checkDataset`;
 * prepared data was checked when it was prepared), its inputs, and its targets or labels.
 */
export function checkDataFor<D extends Dataset>(
  sizes: readonly number[],
  given: D | PreparedData<D>,
  what: string,
): PreparedData<D> {
  const checked = checkedData(given, what);
  const data = checked.data;
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
  // An epoch over no examples would be no step at all, a mean over none NaN.
  if (data.count === 0) throw new RangeError(`${what}: has no examples (count 0)`);
  return checked;
}
