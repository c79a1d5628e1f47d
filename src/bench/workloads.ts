/**
 * The training session the bench times: notebook 03's runs with its defaults, the same plan the
 * notebook trains (`chapter/training-plan.ts`), float32, on worker threads.
 */
import type { TrainingRun } from "../runs/runs";
import { defaultPlanSettings, trainingPlan } from "../chapter/training-plan";
import { median } from "./timing";

/** notebook 03's runs with its defaults, `epochs` each (the 100-hidden pair of the first seed 5 more). */
export function notebook03Runs(epochs: number): TrainingRun[] {
  return trainingPlan(defaultPlanSettings(epochs)).all;
}

/** What `session.ts` reports of the workload. */
export interface SessionReport {
  runs: number;
  /** The epochs of the longest run. */
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
