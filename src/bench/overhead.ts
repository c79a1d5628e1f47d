/**
 * The time an epoch of a notebook's run spends outside training: after the training pass (which
 * copies the parameters out), the weight statistics and the evaluation pass with the monitors the
 * notebooks ask for: notebook 03's validation accuracy and hidden-layer monitor for the chapter's
 * two networks, notebook 05's validation accuracy and per-layer monitor for its deep network.
 * Measured in this process from `sgd`'s own callbacks: the span between two epochs' `onEpoch`
 * calls, less the epoch's training seconds (`EpochRecord.seconds`), over the training seconds.
 */
import type { LabelledData, TargetData } from "../data/data";
import { Network } from "../network2/network";
import type { SgdOptions } from "../network2/options";
import type { PreparedData } from "../network2/trainer";
import { BOOK, median } from "./timing";

/** The monitors of a notebook's run, and what to call them in the report. */
interface Monitors {
  what: string;
  options: Pick<SgdOptions<Network>, "monitorEvaluationAccuracy" | "monitorHiddenLayer" | "monitorLayers">;
}

const NOTEBOOK_03: Monitors = {
  what: "accuracy and hidden-layer monitor (notebook 03)",
  options: { monitorEvaluationAccuracy: true, monitorHiddenLayer: true },
};
const NOTEBOOK_05: Monitors = {
  what: "accuracy and per-layer monitor (notebook 05)",
  options: { monitorEvaluationAccuracy: true, monitorLayers: true },
};

/** The networks measured, one and several hidden layers, each with its notebook's monitors. */
export const OVERHEAD_CASES: { sizes: number[]; monitors: Monitors }[] = [
  { sizes: [784, 30, 10], monitors: NOTEBOOK_03 },
  { sizes: [784, 100, 10], monitors: NOTEBOOK_03 },
  { sizes: [784, 30, 30, 30, 30, 10], monitors: NOTEBOOK_05 },
];

export interface EpochOverhead {
  sizes: number[];
  /** The monitors measured, in words. */
  monitors: string;
  /** Median seconds of an epoch's training pass. */
  medianTrainingSeconds: number;
  /** Median seconds of the rest of the epoch (statistics, evaluation and monitors). */
  medianOutsideSeconds: number;
  /** The median over epochs of outside over training seconds (the target: at most 0.15). */
  medianShare: number;
}

/** `epochs` epochs (after one warm-up) of a float32 run of `sizes` with `monitors`. */
export function epochOverhead(
  { sizes, monitors }: (typeof OVERHEAD_CASES)[number],
  training: TargetData | PreparedData<TargetData>,
  validation: LabelledData | PreparedData<LabelledData>,
  epochs: number,
): EpochOverhead {
  const network = new Network(sizes, { seed: 1 });
  const training_: number[] = [];
  const outside: number[] = [];
  let last = 0;
  network.sgd(training, {
    ...BOOK,
    ...monitors.options,
    epochs: epochs + 1,
    evaluationData: validation,
    precision: "float32",
    onStart: () => {
      last = performance.now();
    },
    onEpoch: (record) => {
      const now = performance.now();
      if (record.epoch > 1) {
        training_.push(record.seconds);
        outside.push((now - last) / 1000 - record.seconds);
      }
      last = now;
    },
  });
  const shares = outside.map((o, i) => o / training_[i]);
  return {
    sizes,
    monitors: monitors.what,
    medianTrainingSeconds: median(training_),
    medianOutsideSeconds: median(outside),
    medianShare: median(shares),
  };
}
