/**
 * Independent training runs described as plain data, so that they can be sent to worker threads
 * (`parallel.ts`) and saved with their results: the book's figure scripts train one network per
 * setting and keep every history.
 *
 * @see NNDL §3.3, weight_initialization.py
 */
import { costByName, CostName } from "../network2/cost";
import type { Dataset, TargetData } from "../data/data";
import { initializerByName, InitializerName, INITIALIZERS } from "../network2/init";
import { checkValue, SEED } from "../data/check";
import { describeValue } from "../data/describe";
import { Network } from "../network2/network";
import { checkSizes } from "../network2/sizes";
import { checkSgdOptions, EpochRecord, History, SgdOptions, StateRecord } from "../network2/options";
import type { PreparedData } from "../network2/trainer";
import { wasmTrainer } from "../network2/fast/trainer";

/**
 * The SGD settings a run carries, as plain data: network2's hyper-parameters and monitors with the
 * same names and defaults as {@link SgdOptions} (the evaluation data and callbacks come separately).
 */
export type RunSgdOptions = Omit<SgdOptions, "evaluationData" | "onEpoch" | "onStart" | "trainer">;

/** One training run: which network, how it starts, and network2's SGD hyper-parameters. */
export interface TrainingRun extends RunSgdOptions {
  /** A name for tables and legends, e.g. "N(0, 1) weights, 30 hidden". */
  label: string;
  sizes: number[];
  initializer: InitializerName;
  /** network2's cost name; cross-entropy when absent. */
  cost?: CostName;
  seed: number;
}

/**
 * The data every run of a session trains and evaluates on, as it is or prepared (`prepareData`:
 * checked once, its sparse form made once, for all runs).
 */
export interface RunData {
  training: TargetData | PreparedData<TargetData>;
  evaluation?: Dataset | PreparedData;
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
  const { label: _label, sizes: _sizes, initializer: _initializer, cost: _cost, seed: _seed, ...sgd } = run;
  return { ...sgd, evaluationData: data.evaluation };
}

/** Checks the data a session trains on is an object with training (and maybe evaluation) data. */
export function checkRunData(data: RunData): void {
  if (typeof data !== "object" || data === null || data.training === undefined) {
    throw new TypeError(
      `trainRuns: data must be { training, evaluation? } (TargetData and a data set), got ${describeValue(data)}`,
    );
  }
}

/**
 * Checks a run before any thread starts on it; errors name the run. A run is plain data, sent to a
 * worker thread and saved with its history, so a function, a symbol or a class instance anywhere
 * in it is refused here rather than failing to copy once the worker is running. Prepared data is
 * checked against the run's network only, not scanned again.
 */
export function checkRun(run: TrainingRun, data: RunData): void {
  namingRun(run, () => {
    checkRunSpec(run);
    checkRunData(data);
    checkSgdOptions(run.sizes, data.training, sgdOptionsOf(run, data));
  });
}

/** Runs `check`, prefixing any error with the run's label. */
function namingRun(run: TrainingRun, check: () => void): void {
  try {
    check();
  } catch (error) {
    throw new Error(`${runName(run)}: ${(error as Error).message}`);
  }
}

/** `run "label"`, as errors name a run. */
function runName(run: TrainingRun): string {
  return `run ${typeof run?.label === "string" ? JSON.stringify(run.label) : describeValue(run?.label)}`;
}

/** The run's own fields: plain data, a label, sizes, initializer and cost names, a seed. */
function checkRunSpec(run: TrainingRun): void {
  if (typeof run !== "object" || run === null) throw new TypeError(`expected a run object, got ${describeValue(run)}`);
  if (typeof run.label !== "string") throw new TypeError(`label must be a string, got ${describeValue(run.label)}`);
  checkPlainData(run, "run");
  checkSizes(run.sizes);
  if (typeof run.initializer !== "string") {
    throw new TypeError(
      `initializer must be a name (${Object.keys(INITIALIZERS).join(", ")}), got ${describeValue(run.initializer)}`,
    );
  }
  initializerByName(run.initializer);
  costByName(run.cost ?? "CrossEntropyCost");
  checkValue("", "seed", run.seed, SEED);
}

/** Throws unless `value` is made of strings, numbers, booleans, null, arrays and plain objects only. */
function checkPlainData(value: unknown, at: string): void {
  if (value === null || ["string", "number", "boolean", "undefined"].includes(typeof value)) return;
  if (typeof value === "object") {
    const prototype = Object.getPrototypeOf(value);
    if (Array.isArray(value) || prototype === Object.prototype || prototype === null) {
      if (Object.getOwnPropertySymbols(value).length > 0) {
        throw new TypeError(`${at} has a symbol key; a run must be plain data`);
      }
      for (const [key, entry] of Object.entries(value)) {
        checkPlainData(entry, Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`);
      }
      return;
    }
  }
  const hint = typeof value === "function" ? " (callbacks go in trainRuns' options, not in a run)" : "";
  throw new TypeError(
    `${at} is ${describeValue(value)}; ` +
      `a run must be plain data that can be copied to a worker thread and saved as JSON${hint}`,
  );
}

/**
 * Trains one run on this thread, in WebAssembly, and returns its network and history; `onStart`
 * sees the state before training, `onEpoch` every epoch's record and the network as it stands.
 */
export function trainRun(
  run: TrainingRun,
  data: RunData,
  onEpoch?: (record: EpochRecord, network: Network) => void,
  onStart?: (initial: StateRecord) => void,
): { network: Network; history: History } {
  // The run's fields here, its options and data in sgd (one scan of the data, not two).
  namingRun(run, () => {
    checkRunSpec(run);
    checkRunData(data);
  });
  const network = initialNetwork(run);
  let started = false;
  let history: History;
  try {
    history = network.sgd(data.training, {
      ...sgdOptionsOf(run, data),
      trainer: wasmTrainer,
      onStart: (initial) => {
        started = true;
        onStart?.(initial);
      },
      onEpoch: (record, net) => onEpoch?.(record, net),
    });
  } catch (error) {
    if (started) throw error; // a callback's error, not the run's
    throw new Error(`${runName(run)}: ${(error as Error).message}`);
  }
  return { network, history };
}
