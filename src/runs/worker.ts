/**
 * A training worker thread: receives the shared data once, then trains the runs it is sent one by
 * one, posting every epoch's record and parameters back as it goes (see `parallel.ts`).
 */
import { parentPort, workerData } from "worker_threads";
import type { Parameters } from "../network2/init";
import { RunData, trainRun, TrainingRun } from "./runs";
import { EpochRecord, StateRecord } from "../network2/options";
import { adoptSharedInputs, SharedInputs } from "../network2/fast/shared-inputs";

/** Messages from the main thread. */
export type ToWorker = { type: "run"; index: number; run: TrainingRun };

/** Messages to the main thread. */
export type FromWorker =
  | { type: "started"; index: number; initial: StateRecord }
  | { type: "epoch"; index: number; record: EpochRecord; parameters: Parameters }
  | { type: "done"; index: number }
  | { type: "error"; index: number; message: string };

/** What the main thread passes as `workerData`. */
export interface WorkerInit {
  data: RunData;
  /** The inputs in one shared memory, read in place by the worker's engines. */
  shared: SharedInputs;
}

function main(): void {
  const port = parentPort;
  if (port === null) throw new Error("train/worker.js runs as a worker thread only");
  const { data, shared } = workerData as WorkerInit;
  adoptSharedInputs(data, shared);
  port.on("message", (message: ToWorker) => {
    const { index, run } = message;
    try {
      // The session scanned the data's contents once when it started (`parallel.ts`), so the runs do not.
      trainRun(run, data, (record, network) => {
        const parameters = network.parameters();
        const send: FromWorker = { type: "epoch", index, record, parameters };
        port.postMessage(send, [...parameters.weights, ...parameters.biases].map((a) => a.buffer as ArrayBuffer));
      }, (initial) => port.postMessage({ type: "started", index, initial } satisfies FromWorker), true);
      port.postMessage({ type: "done", index } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ type: "error", index, message: (error as Error).message } satisfies FromWorker);
    }
  });
}

main();
