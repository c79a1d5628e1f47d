/**
 * Independent training runs on worker threads, one per core, so that (for example) the old and the
 * new initialization train side by side while the main thread stays free to show progress.
 *
 * The data is checked once and shared, not copied: the inputs' sparse form and the training
 * targets go into one shared memory that every worker reads (`shared-inputs.ts`). Every epoch a
 * worker posts its record and the network's parameters, so a session always holds each run's
 * last completed epoch: `stop()` (or Ctrl-C / Jupyter's stop button, which send SIGINT) ends the
 * workers at once and keeps everything finished so far.
 */
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { weightStatistics } from "../network2/monitors";
import { Network } from "../network2/network";
import { checkRun, checkRunData, initialNetwork, RunData, TrainingRun } from "./runs";
import type { Parameters } from "../network2/init";
import { A_FUNCTION, checkOptions, OptionChecks, POSITIVE_INTEGER, TRUE_OR_FALSE } from "../data/check";
import { describeValue } from "../data/describe";
import type { Dataset, TargetData } from "../data/data";
import { EpochRecord, History } from "../network2/options";
import { checkedData, PreparedData } from "../network2/trainer";
import { shareInputs } from "../network2/fast/shared-inputs";
import type { FromWorker, ToWorker, WorkerInit } from "./worker";

/** A run's progress: its record so far and its network as of its last completed epoch. */
export interface RunResult {
  readonly run: TrainingRun;
  readonly history: History;
  /** The network after the last completed epoch (the initial one before any). */
  network: Network;
  /** Whether every epoch ran (false after a stop or an error). */
  completed: boolean;
  /** Why the run failed, if it did. */
  error?: string;
}

export interface EpochProgress {
  /** Index of the run in the session's list. */
  index: number;
  run: TrainingRun;
  record: EpochRecord;
}

export interface SessionOptions {
  /** Called on the main thread after every epoch of every run. */
  onEpoch?: (progress: EpochProgress) => void;
  /** Worker threads to use, a positive integer; one per core by default (never more than runs). */
  workers?: number;
  /** Stop when the process gets SIGINT (Ctrl-C, Jupyter's stop button); true by default. */
  stopOnInterrupt?: boolean;
}

/** The options `trainRuns` knows, with what each accepts. */
const SESSION_OPTIONS: OptionChecks<SessionOptions> = {
  onEpoch: A_FUNCTION,
  workers: POSITIVE_INTEGER,
  stopOnInterrupt: TRUE_OR_FALSE,
};

/**
 * Runs in progress on worker threads; `done` resolves when all have finished, were stopped or
 * failed, and never before every worker thread has ended. Nothing that goes wrong once the
 * threads are running (a worker crashing or exiting, a message that cannot be sent, `onEpoch`
 * throwing) escapes as an exception: it is recorded on the run's `error` and ends the session.
 */
export class TrainingSession {
  /** One entry per run, updated live after every epoch. */
  readonly results: RunResult[];
  readonly done: Promise<RunResult[]>;
  private readonly workers: Worker[] = [];
  /** The run each busy worker is training. */
  private readonly assigned = new Map<Worker, number>();
  private next = 0;
  /** The order runs are handed out in: longest first (see `longestFirst`). */
  private readonly queue: number[];
  private stopped = false;
  private finishing = false;
  private resolveDone: (results: RunResult[]) => void = () => undefined;
  private readonly onInterrupt = () => this.stop();

  constructor(
    private readonly runs: TrainingRun[],
    data: RunData,
    private readonly options: SessionOptions = {},
  ) {
    const checked = checkSession(runs, data, options);
    this.queue = longestFirst(runs);
    this.results = runs.map((run) => initialResult(run, checked));
    this.done = new Promise<RunResult[]>((resolve) => (this.resolveDone = resolve));
    if (options.stopOnInterrupt ?? true) process.on("SIGINT", this.onInterrupt);
    this.startWorkers(Math.min(options.workers ?? availableCores(), runs.length), workerInit(checked));
  }

  /** Ends every worker now; runs keep their completed epochs. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.finish();
  }

  private startWorkers(threads: number, init: WorkerInit): void {
    for (let t = 0; t < threads && !this.stopped; t++) {
      let worker: Worker;
      try {
        worker = new Worker(path.join(__dirname, "worker.js"), { workerData: init });
      } catch (error) {
        this.fail(`cannot start a worker thread: ${(error as Error).message}`);
        return;
      }
      this.workers.push(worker);
      this.attach(worker);
      this.startNext(worker);
    }
  }

  /** Listens to a worker: its messages, and every way it can fail or end early. */
  private attach(worker: Worker): void {
    worker.on("message", (message: FromWorker) => {
      try {
        this.receive(worker, message);
      } catch (error) {
        this.fail(`cannot take the worker's ${message?.type} message: ${(error as Error).message}`, message?.index);
      }
    });
    worker.on("messageerror", (error) => {
      this.fail(`a worker's message could not be read: ${error.message}`, this.assigned.get(worker));
    });
    worker.on("error", (error) => this.fail(error.message, this.assigned.get(worker)));
    worker.on("exit", (code) => {
      const index = this.assigned.get(worker);
      if (index !== undefined && !this.stopped) {
        this.fail(`the worker thread exited (code ${code}) during the run`, index);
      }
    });
  }

  /** Sends the next run to `worker`; false when there is none left (or the session stopped). */
  private startNext(worker: Worker): boolean {
    if (this.stopped || this.next >= this.runs.length) return false;
    const index = this.queue[this.next++];
    this.assigned.set(worker, index);
    try {
      worker.postMessage({ type: "run", index, run: this.runs[index] } satisfies ToWorker);
    } catch (error) {
      this.fail(`cannot send the run to a worker thread: ${(error as Error).message}`, index);
    }
    return true;
  }

  private receive(worker: Worker, message: FromWorker): void {
    if (this.stopped) return; // the results stand as they were when the session stopped
    const result = this.results[message.index];
    switch (message.type) {
      case "started":
        result.history.initial = message.initial;
        break;
      case "epoch":
        this.receiveEpoch(result, message.index, message.record, message.parameters);
        break;
      case "done": {
        const last = result.history.epochs[result.history.epochs.length - 1];
        if (last?.diverged !== undefined) result.error = `training diverged in epoch ${last.epoch}: ${last.diverged}`;
        else result.completed = true;
        this.settle(worker);
        break;
      }
      case "error":
        result.error = message.message;
        this.settle(worker);
        break;
    }
  }

  private receiveEpoch(result: RunResult, index: number, record: EpochRecord, parameters: Parameters): void {
    result.history.epochs.push(record);
    // A diverged epoch's parameters are NaN: the run keeps its last finite network.
    if (record.diverged === undefined) {
      result.network = new Network(result.run.sizes, { cost: result.network.cost, parameters, seed: result.run.seed });
    }
    try {
      this.options.onEpoch?.({ index, run: result.run, record });
    } catch (error) {
      this.fail(`onEpoch threw: ${(error as Error)?.message ?? describeValue(error)}`, index);
    }
  }

  /** A worker finished its run: give it the next, or end it; end the session after the last. */
  private settle(worker: Worker): void {
    this.assigned.delete(worker);
    if (!this.startNext(worker)) void worker.terminate();
    if (this.assigned.size === 0) this.finish();
  }

  /**
   * Records `message` as the error of run `index` (or of every unfinished run when no run is
   * known) and ends the session.
   */
  private fail(message: string, index?: number): void {
    if (this.stopped) return;
    const unfinished = () => this.results.filter((r) => !r.completed && r.error === undefined);
    const failed = index === undefined ? unfinished() : [this.results[index]];
    for (const result of failed) if (result && result.error === undefined) result.error = message;
    this.stop();
  }

  /** Ends every worker thread, then settles `done`. */
  private finish(): void {
    if (this.finishing) return;
    this.finishing = true;
    this.stopped = true;
    process.removeListener("SIGINT", this.onInterrupt);
    const ended = Promise.allSettled(this.workers.map((worker) => worker.terminate()));
    void ended.then(() => this.resolveDone(this.results));
  }
}

/** Starts `runs` on worker threads; await `session.done` for the results. */
export function trainRuns(runs: TrainingRun[], data: RunData, options: SessionOptions = {}): TrainingSession {
  return new TrainingSession(runs, data, options);
}

/** The session's data, checked once for all its runs. */
interface CheckedRunData {
  training: PreparedData<TargetData>;
  evaluation?: PreparedData;
}

/** Checks the runs, the data and the options before any thread starts; returns the data checked. */
function checkSession(runs: TrainingRun[], data: RunData, options: SessionOptions): CheckedRunData {
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new RangeError(`trainRuns: expected at least one run, got ${describeValue(runs)}`);
  }
  checkOptions("trainRuns", options, SESSION_OPTIONS);
  checkRunData(data);
  // The data's contents once for all runs (a scan of every input), then each run against it.
  const checked: CheckedRunData = {
    training: checkedData(data.training, "training data"),
    evaluation: data.evaluation === undefined ? undefined : checkedData(data.evaluation, "evaluationData"),
  };
  runs.forEach((run, i) => {
    if (typeof run !== "object" || run === null) {
      throw new TypeError(`trainRuns: runs[${i}] must be a run object, got ${describeValue(run)}`);
    }
    checkRun(run, checked);
  });
  return checked;
}

/** A run's entry before its worker reports: the network it starts from, no epochs. */
function initialResult(run: TrainingRun, data: CheckedRunData): RunResult {
  const network = initialNetwork(run);
  const history: History = {
    trainingSize: data.training.data.count,
    evaluationSize: data.evaluation?.data.count ?? 0,
    // Replaced by the worker's full record (with hidden-layer diagnostics) when the run starts.
    initial: { weights: weightStatistics(network) },
    epochs: [],
  };
  return { run, network, completed: false, history };
}

/**
 * What every worker receives once: the data, with its sparse inputs and training targets in one
 * shared memory that the workers' engines read in place (no copies).
 */
function workerInit(data: CheckedRunData): WorkerInit {
  const training: TargetData = data.training.data;
  const evaluation: Dataset | undefined = data.evaluation?.data;
  const shared = shareInputs(training, evaluation);
  // The targets travel as the shared copy (no second copy per worker); the inputs are shared when
  // they sit in SharedArrayBuffers (`loadMnist`'s do).
  return { data: { training: { ...training, targets: shared.targets }, evaluation }, shared };
}

/**
 * The runs' indices, the most work first (epochs × weights): with runs of unequal length, the
 * longest ones start first, so that no worker is left with a long run after the others are done.
 */
function longestFirst(runs: TrainingRun[]): number[] {
  const work = runs.map((run) => run.epochs * run.sizes.slice(1).reduce((sum, n, l) => sum + n * run.sizes[l], 0));
  return runs.map((_, i) => i).sort((a, b) => work[b] - work[a] || a - b);
}

function availableCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}
