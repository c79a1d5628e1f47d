/**
 * Independent training runs on worker threads, one per core, so that (for example) the old and the
 * new initialization train side by side while the main thread stays free to show progress.
 *
 * The data is shared, not copied: the inputs live in SharedArrayBuffers (see `mnist.ts`,
 * `sparse.ts`). Every epoch a worker posts its record and the network's parameters, so a session
 * always holds each run's last completed epoch: `stop()` (or Ctrl-C / Jupyter's stop button,
 * which send SIGINT) ends the workers at once and keeps everything finished so far.
 */
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { weightStatistics } from "../network2/monitors";
import { Network } from "../network2/network";
import { checkRun, initialNetwork, RunData, TrainingRun } from "./runs";
import { EpochRecord, History } from "../network2/options";
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
  /** Worker threads to use; one per core by default (never more than runs). */
  workers?: number;
  /** Stop when the process gets SIGINT (Ctrl-C, Jupyter's stop button); true by default. */
  stopOnInterrupt?: boolean;
}

/** Runs in progress on worker threads; `done` resolves when all have finished or were stopped. */
export class TrainingSession {
  /** One entry per run, updated live after every epoch. */
  readonly results: RunResult[];
  readonly done: Promise<RunResult[]>;
  private readonly workers: Worker[] = [];
  private stopped = false;
  private finish: () => void = () => undefined;

  constructor(runs: TrainingRun[], data: RunData, options: SessionOptions = {}) {
    if (!Array.isArray(runs) || runs.length === 0) throw new RangeError("trainRuns: expected at least one run");
    runs.forEach((run) => checkRun(run, data));
    this.results = runs.map((run) => {
      const network = initialNetwork(run);
      const history: History = {
        trainingSize: data.training.count,
        evaluationSize: data.evaluation?.count ?? 0,
        // Replaced by the worker's full record (with hidden-layer diagnostics) when the run starts.
        initial: { weights: weightStatistics(network) },
        epochs: [],
      };
      return { run, network, completed: false, history };
    });
    const threads = Math.max(1, Math.min(options.workers ?? availableCores(), runs.length));
    // The workers read the inputs and the training targets from one shared memory (no copies).
    const shared = shareInputs(data.training, data.evaluation);
    const init: WorkerInit = { data: { ...data, training: { ...data.training, targets: shared.targets } }, shared };
    const onInterrupt = () => this.stop();
    if (options.stopOnInterrupt ?? true) process.on("SIGINT", onInterrupt);
    this.done = new Promise<RunResult[]>((resolve) => {
      this.finish = () => {
        process.removeListener("SIGINT", onInterrupt);
        resolve(this.results);
      };
    });
    let next = 0;
    let busy = 0;
    const startNext = (worker: Worker): boolean => {
      if (this.stopped || next >= runs.length) return false;
      const index = next++;
      busy++;
      worker.postMessage({ type: "run", index, run: runs[index] } satisfies ToWorker);
      return true;
    };
    const settle = (worker: Worker) => {
      busy--;
      if (!startNext(worker)) void worker.terminate();
      if (busy === 0 && (next >= runs.length || this.stopped)) this.finish();
    };
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(path.join(__dirname, "worker.js"), { workerData: init });
      this.workers.push(worker);
      worker.on("message", (message: FromWorker) => {
        if (this.stopped) return; // the results stand as they were when stop() was called
        const result = this.results[message.index];
        switch (message.type) {
          case "started":
            result.history.initial = message.initial;
            break;
          case "epoch":
            result.history.epochs.push(message.record);
            result.network = new Network(result.run.sizes, {
              cost: result.network.cost,
              parameters: message.parameters,
              seed: result.run.seed,
            });
            options.onEpoch?.({ index: message.index, run: result.run, record: message.record });
            break;
          case "done":
            result.completed = true;
            settle(worker);
            break;
          case "error":
            result.error = message.message;
            settle(worker);
            break;
        }
      });
      worker.on("error", (error) => {
        for (const result of this.results) if (!result.completed && result.error === undefined) result.error = error.message;
        this.stop();
      });
      startNext(worker);
    }
  }

  /** Ends every worker now; runs keep their completed epochs. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    Promise.all(this.workers.map((worker) => worker.terminate())).then(() => this.finish(), () => this.finish());
  }
}

/** Starts `runs` on worker threads; await `session.done` for the results. */
export function trainRuns(runs: TrainingRun[], data: RunData, options: SessionOptions = {}): TrainingSession {
  return new TrainingSession(runs, data, options);
}

function availableCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}
