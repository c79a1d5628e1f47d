/**
 * The training sessions the bench times, as notebook 03 runs them: the chapter's four runs (N(0, 1)
 * and N(0, 1/n_in) weights, 30 and 100 hidden neurons), float32, validation accuracy and
 * hidden-layer diagnostics every epoch, on worker threads.
 */
import type { TrainingRun } from "../runs/runs";
import type { Precision } from "../network2/trainer";
import { BOOK, median } from "./timing";

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
  /**
   * CPU seconds of the session's process over the same span, all threads: on a machine of its own,
   * about `workers` × `seconds`.
   */
  cpuSeconds: number;
  /** Peak resident memory of the session's process, MNIST and worker threads included. */
  peakRssMB: number;
  /**
   * Each run's label, initializer, hidden size, validation accuracies per epoch (fractions) and
   * training seconds per epoch (its `EpochRecord.seconds`, measured in its worker).
   */
  results: { label: string; initializer: string; hidden: number; accuracies: number[]; epochSeconds: number[] }[];
  /** The workload's ideal: the sum over its runs of epochs × the run's median training epoch, over the workers. */
  idealSeconds: number;
}

/**
 * What the session would take if the workers did nothing but train, each fully busy: the sum over
 * its runs of epochs × that run's median training-epoch seconds, divided by the workers. (The
 * epochs are timed in the workers, side by side, so the ideal has the same contention as the
 * session.) `seconds / idealSeconds` is the session's overhead: starting workers, sharing the
 * data, evaluation and monitors, messages, the main thread, and workers idle at the end.
 */
export function idealSeconds(report: Pick<SessionReport, "results" | "workers">): number {
  const training = report.results.reduce((sum, r) => sum + r.epochSeconds.length * median(r.epochSeconds), 0);
  return training / report.workers;
}
