/**
 * The time an epoch of a notebook's run spends outside training: after the training pass, the
 * parameters copied out, the weight statistics, and the evaluation pass with the monitors notebook
 * 03 asks for (validation accuracy and cost, the hidden-layer monitor). Measured in this process
 * from `sgd`'s own callbacks: the span between two epochs' `onEpoch` calls, less the epoch's
 * training seconds (`EpochRecord.seconds`), over the training seconds.
 */
import type { LabelledData, TargetData } from "../data/data";
import { Network } from "../network2/network";
import { BOOK, median } from "./timing";

/** The networks measured: the chapter's two, and one of several hidden layers. */
export const OVERHEAD_NETWORKS = [[784, 30, 10], [784, 100, 10], [784, 30, 30, 30, 10]];

export interface EpochOverhead {
  sizes: number[];
  /** Median seconds of an epoch's training pass. */
  medianTrainingSeconds: number;
  /** Median seconds of the rest of the epoch (copy-out, statistics, evaluation and monitors). */
  medianOutsideSeconds: number;
  /** The median over epochs of outside over training seconds (the target: at most 0.15). */
  medianShare: number;
}

/** `epochs` epochs (after one warm-up) of a float32 run with notebook 03's monitors. */
export function epochOverhead(
  sizes: number[],
  training: TargetData,
  validation: LabelledData,
  epochs: number,
): EpochOverhead {
  const network = new Network(sizes, { seed: 1 });
  const training_: number[] = [];
  const outside: number[] = [];
  let last = 0;
  network.sgd(training, {
    ...BOOK,
    epochs: epochs + 1,
    evaluationData: validation,
    monitorEvaluationAccuracy: true,
    monitorEvaluationCost: true,
    monitorHiddenLayer: true,
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
    medianTrainingSeconds: median(training_),
    medianOutsideSeconds: median(outside),
    medianShare: median(shares),
  };
}
