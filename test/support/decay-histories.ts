/** Hand-made training histories for the decay tests: chosen RMS values, nothing trained. */
import { DecaySetting, epochDecayFactor } from "../../src/chapter/decay";
import type { DecayHistories, DecayStudy } from "../../src/chapter/decay-conditions";
import type { History } from "../../src/network2/options";

/** Weight statistics of a network whose layers hold `counts` weights, each layer with the RMS given. */
function statistics(rmsPerLayer: readonly number[], counts: readonly number[]): History["initial"]["weights"] {
  const layers = rmsPerLayer.map((rms, l) => ({ rms, norm: rms * Math.sqrt(counts[l]), count: counts[l] }));
  if (layers.length === 1) return { layers, all: { ...layers[0] } }; // exactly the values given
  const count = counts.reduce((s, c) => s + c, 0);
  const sumOfSquares = layers.reduce((s, l) => s + l.norm * l.norm, 0);
  return { layers, all: { rms: Math.sqrt(sumOfSquares / count), norm: Math.sqrt(sumOfSquares), count } };
}

/**
 * A history whose layers have the RMS values `rms[t][l]` before training (t = 0) and after each
 * epoch t; `counts[l]` weights in layer l. With one layer, `rms[t]` may be a number.
 */
export function historyOf(
  rms: readonly (number | readonly number[])[],
  counts: readonly number[] = [100],
  correct?: readonly number[],
): History {
  const perLayer = rms.map((r) => (typeof r === "number" ? [r] : r));
  return {
    trainingSize: 1000,
    evaluationSize: correct === undefined ? 0 : 10_000,
    initial: { weights: statistics(perLayer[0], counts) },
    epochs: perLayer.slice(1).map((r, t) => ({
      epoch: t + 1,
      seconds: 0.1,
      weights: statistics(r, counts),
      ...(correct === undefined ? {} : { evaluationAccuracy: correct[t] }),
    })),
  };
}

/** The chapter's setting: η = 0.1, λ = 5, m = 10, n = 50,000. */
export const CHAPTER: DecaySetting = { eta: 0.1, lmbda: 5, miniBatchSize: 10, n: 50_000 };
/** A decay study in the chapter's setting, 6 epochs of the old initialization. */
export const STUDY: DecayStudy = { eta: 0.1, lmbda: 5, miniBatchSize: 10, initializer: "large", epochs: 6, seed: 1 };
/** Weights per layer of [784, 30, 10]. */
export const COUNTS = [23_520, 300];

/** Histories shaped like the chapter's: old weights decaying, new weights growing, the output layer learning. */
export function chapterLike(epochs: number): DecayHistories {
  const p = epochDecayFactor(CHAPTER);
  const t = Array.from({ length: epochs + 1 }, (_, i) => i);
  const correct = (counts: number[]): number[] => counts.slice(0, epochs);
  return {
    decayed: historyOf(
      t.map((i) => [p ** i * 1.001 ** i, 1.07 ** Math.min(i, 1)]),
      COUNTS,
      correct([8718, 9019, 9170, 9236, 9296, 9344]),
    ),
    undecayed: historyOf(
      t.map((i) => [0.999 ** i, 1.1 ** Math.min(i, 1)]),
      COUNTS,
      correct([8698, 8977, 9124, 9203, 9248, 9278]),
    ),
    reference: historyOf(
      t.map((i) => [0.036 * (1 + 2 * Math.min(i, 1)) * 1.05 ** i, 0.19 * 1.2 ** i]),
      COUNTS,
      correct([9283, 9421, 9472, 9518, 9545, 9574]),
    ),
  };
}
