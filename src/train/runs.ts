/**
 * Independent training runs described as plain data, so that they can be sent to worker threads
 * (`parallel.ts`) and saved with their results: the book's figure scripts train one network per
 * setting and keep every history.
 *
 * @see NNDL §3.3, weight_initialization.py
 */
import { costByName, CostName } from "../cost";
import type { Dataset, TargetData } from "../data";
import { hiddenLayerDiagnostics, HiddenLayerDiagnostics, weightStatistics } from "../diagnostics";
import { initializerByName, InitializerName } from "../init";
import { Network } from "../network";
import { checkSizes } from "../sizes";
import type { Precision } from "./engine";
import { checkSgdOptions, EpochRecord, History, SgdOptions } from "./options";

/** One training run: which network, how it starts, and network2's SGD hyper-parameters. */
export interface TrainingRun {
  /** A name for tables and legends, e.g. "N(0, 1) weights, 30 hidden". */
  label: string;
  sizes: number[];
  initializer: InitializerName;
  /** network2's cost name; cross-entropy when absent. */
  cost?: CostName;
  seed: number;
  epochs: number;
  miniBatchSize: number;
  eta: number;
  lmbda?: number;
  monitorEvaluationCost?: boolean;
  monitorEvaluationAccuracy?: boolean;
  monitorTrainingCost?: boolean;
  monitorTrainingAccuracy?: boolean;
  /** The engine's number type (see `SgdOptions.precision`); float32 when absent. */
  precision?: Precision;
  /** Also measure hidden-layer saturation and gradient size on the evaluation data every epoch. */
  hiddenDiagnostics?: boolean;
}

/** What a run records of the network's state: after every epoch, and once before training. */
export interface StateRecord {
  weights: ReturnType<typeof weightStatistics>;
  hidden?: HiddenLayerDiagnostics;
}

/** An epoch's monitors (with `hidden` when asked for) and the weight statistics after it. */
export type RunEpoch = EpochRecord & StateRecord;

export interface RunHistory extends History {
  /** The state before the first epoch. */
  initial: StateRecord;
  epochs: RunEpoch[];
}

/** The data every run of a session trains and evaluates on. */
export interface RunData {
  training: TargetData;
  evaluation?: Dataset;
}

/** The network a run starts from (the same seed gives the same network, in any thread). */
export function initialNetwork(run: TrainingRun): Network {
  return new Network(run.sizes, {
    cost: costByName(run.cost ?? "CrossEntropyCost", `run "${run.label}": cost`),
    initializer: initializerByName(run.initializer),
    seed: run.seed,
  });
}

/** network2's SGD options for a run (without callbacks). */
export function sgdOptionsOf(run: TrainingRun, data: RunData): SgdOptions<Network> {
  return {
    epochs: run.epochs,
    miniBatchSize: run.miniBatchSize,
    eta: run.eta,
    lmbda: run.lmbda ?? 0,
    evaluationData: data.evaluation,
    monitorEvaluationCost: run.monitorEvaluationCost,
    monitorEvaluationAccuracy: run.monitorEvaluationAccuracy,
    monitorTrainingCost: run.monitorTrainingCost,
    monitorTrainingAccuracy: run.monitorTrainingAccuracy,
    monitorHiddenLayer: run.hiddenDiagnostics,
    precision: run.precision,
  };
}

/** Checks a run before any thread starts on it; errors name the run. */
export function checkRun(run: TrainingRun, data: RunData): void {
  const where = `run "${run?.label}"`;
  try {
    checkSizes(run.sizes);
    initializerByName(run.initializer);
    costByName(run.cost ?? "CrossEntropyCost");
    if (!Number.isInteger(run.seed) || run.seed < 0 || run.seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 2³² − 1], got ${String(run.seed)}`);
    }
    checkSgdOptions(run.sizes, data.training, sgdOptionsOf(run, data));
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

/** The state before training: weight statistics, and hidden-layer diagnostics when asked for. */
export function initialState(run: TrainingRun, network: Network, data: RunData): StateRecord {
  const state: StateRecord = { weights: weightStatistics(network) };
  if (run.hiddenDiagnostics && data.evaluation) state.hidden = hiddenLayerDiagnostics(network, data.evaluation);
  return state;
}

/**
 * Trains one run on this thread and returns its network and history; `onStart` sees the state
 * before training, `onEpoch` every epoch's record and the network as it stands.
 */
export function trainRun(
  run: TrainingRun,
  data: RunData,
  onEpoch?: (record: RunEpoch, network: Network) => void,
  onStart?: (initial: StateRecord) => void,
): { network: Network; history: RunHistory } {
  checkRun(run, data);
  const network = initialNetwork(run);
  const initial = initialState(run, network, data);
  onStart?.(initial);
  const epochs: RunEpoch[] = [];
  const history = network.sgd(data.training, {
    ...sgdOptionsOf(run, data),
    onEpoch: (record, net) => {
      const full: RunEpoch = { ...record, weights: weightStatistics(net) };
      epochs.push(full);
      onEpoch?.(full, net);
    },
  });
  return { network, history: { ...history, initial, epochs } };
}
