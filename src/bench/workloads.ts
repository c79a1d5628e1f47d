/**
 * The training sessions the bench times, as notebook 03 runs them: the chapter's four runs (N(0, 1)
 * and N(0, 1/n_in) weights, 30 and 100 hidden neurons), float32, validation accuracy and
 * hidden-layer diagnostics every epoch, on worker threads.
 */
import type { TrainingRun } from "../runs/runs";
import type { Precision } from "../network2/trainer";
import { BOOK } from "./timing";

/** The precision notebook 03 trains in. */
export const NOTEBOOK03_PRECISION: Precision = "float32";
export const HIDDEN_SIZES = [30, 100] as const;
export const INITIALIZERS = ["large", "default"] as const;

export type WorkloadName = "notebook03" | "seeds";

/** The four runs for one seed, `epochs` each. */
export function chapterRuns(seed: number, epochs: number): TrainingRun[] {
  return HIDDEN_SIZES.flatMap((hidden) =>
    INITIALIZERS.map((initializer) => ({
      label: `${initializer} ${hidden} seed ${seed}`,
      sizes: [784, hidden, 10],
      initializer,
      seed,
      epochs,
      ...BOOK,
      monitorEvaluationAccuracy: true,
      monitorHiddenLayer: true,
      precision: NOTEBOOK03_PRECISION,
    })),
  );
}

/** notebook 03's training: the four runs, seed 1, `epochs` each. */
export function notebook03Runs(epochs: number): TrainingRun[] {
  return chapterRuns(1, epochs);
}

/** The seed study: the four runs for seeds 1…`seeds`, one epoch each. */
export function seedStudyRuns(seeds: number): TrainingRun[] {
  return Array.from({ length: seeds }, (_, s) => chapterRuns(s + 1, 1)).flat();
}

/** What `session.ts` reports of one workload. */
export interface SessionReport {
  workload: WorkloadName;
  runs: number;
  epochs: number;
  workers: number;
  /** Wall seconds from the first run's start to the last run's end (MNIST loading excluded). */
  seconds: number;
  /** CPU seconds of the process over the same span, all threads (alone on a machine, about `workers` × `seconds`). */
  cpuSeconds: number;
  /** Peak resident memory of the session's process, MNIST and worker threads included. */
  peakRssMB: number;
  /** Each run's label, initializer, hidden size and validation accuracies per epoch (fractions). */
  results: { label: string; initializer: string; hidden: number; accuracies: number[] }[];
}
