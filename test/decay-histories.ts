/** Hand-made training histories for the decay tests: chosen RMS values, nothing trained. */
import type { History } from "../src/network2/options";

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
export function historyOf(rms: readonly (number | readonly number[])[], counts: readonly number[] = [100], correct?: readonly number[]): History {
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
