/**
 * A training worker thread: receives the shared data once, then trains the runs it is sent one by
 * one, posting every epoch's record and parameters back as it goes (see `parallel.ts`).
 */
import { parentPort, workerData } from "worker_threads";
import type { Parameters } from "../network2/init";
import type { Dataset, TargetData } from "../data/data";
import { trainRun, TrainingRun } from "./runs";
import { EpochRecord, StateRecord } from "../network2/options";
import { sharedData, SharedInputs } from "../network2/fast/shared-inputs";

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
  /** The data the session checked. */
  data: { training: TargetData; evaluation?: Dataset };
  /** The inputs in one shared memory, read in place by the worker's engines. */
  shared: SharedInputs;
}

function main(): void {
  const port = parentPort;
  if (port === null) throw new Error("runs/worker.js runs as a worker thread only");
  const init = workerData as WorkerInit;
  // Checked by the session when it started: the runs read it in place, and do not scan it again.
  const data = sharedData(init.data, init.shared);
  port.on("message", (message: ToWorker) => {
    const { index, run } = message;
    try {
      trainRun(run, data, (record, network) => {
        const parameters = network.parameters();
        const send: FromWorker = { type: "epoch", index, record, parameters };
        port.postMessage(send, [...parameters.weights, ...parameters.biases].map((a) => a.buffer as ArrayBuffer));
      }, (initial) => port.postMessage({ type: "started", index, initial } satisfies FromWorker));
      port.postMessage({ type: "done", index } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ type: "error", index, message: (error as Error).message } satisfies FromWorker);
    }
  });
}

main();
