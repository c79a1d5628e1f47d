/**
 * What `sgd` can monitor beyond network2's four numbers: what a network's state says about
 * learning speed, measured per epoch while it trains.
 *
 * - Saturation: a hidden neuron whose σ(z) is within 0.01 of 0 or 1 has σ'(z) < 0.01, so the
 *   gradients of the weights into it are scaled down at least 25-fold from σ'(0) = 1/4: it learns
 *   slowly. The chapter's argument is that N(0, 1) weights put many neurons there at the start.
 * - Hidden-layer gradient size: the mean over examples x and first-layer weights w_jk of
 *   |∂C_x/∂w_jk| = |x_k δ_j|, which factors as (Σ_k |x_k|)(Σ_j |δ_j|) / (n_in · n_hidden), so it
 *   costs one backward step per example, not a matrix. Divided by the RMS of those weights it
 *   says how big a step gradient descent takes relative to the weights' own size: with N(0, 1)
 *   weights the large weights of the output layer amplify δ, so the absolute gradient is not
 *   smaller than with N(0, 1/n_in), but relative to the weights it is an order of magnitude so.
 * - Weight statistics: per layer, the root-mean-square and the Euclidean norm of the weights, to
 *   watch L2 weight decay shrink them (the chapter's closing problem).
 * - Every layer, for any depth ({@link LayerDiagnostics}): the same saturation measures for each
 *   layer, the spread of its z, and the size of the gradient of the mean cost with respect to its
 *   biases and weights (the book's "speed of learning" ‖∂C/∂bˡ‖ of chapter 5), with
 *   histograms of z and σ(z), on a sample of the evaluation data.
 *
 * @see NNDL §3.3 (weight initialization), §2 (backpropagation, slow learning of saturated neurons)
 */
import { firstUnusableParameter } from "./init";

/** How close to 0 or 1 σ(z) must be for a neuron to count as saturated. */
export const SATURATION_MARGIN = 0.01;

export interface LayerWeightStatistics {
  /** √(mean of w²) over the layer's weights. */
  rms: number;
  /** ‖w‖ = √(Σ w²). */
  norm: number;
  /** Number of weights in the layer. */
  count: number;
}

/** RMS and norm of each layer's weights (layer l + 1's at index l), and of all weights together. */
/** Per layer (layer l + 1's at index l) and for all weights together. */
export interface WeightStatistics {
  layers: LayerWeightStatistics[];
  all: LayerWeightStatistics;
}

export function weightStatistics(network: { weights: Float64Array[] }): WeightStatistics {
  let total = 0;
  let count = 0;
  const layers = network.weights.map((w) => {
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += w[i] * w[i];
    total += sum;
    count += w.length;
    return { rms: Math.sqrt(sum / w.length), norm: Math.sqrt(sum), count: w.length };
  });
  return { layers, all: { rms: Math.sqrt(total / count), norm: Math.sqrt(total), count } };
}

export interface HiddenLayerDiagnostics {
  /** Fraction of (example, first-hidden-layer neuron) pairs with σ(z) within 0.01 of 0 or 1. */
  saturatedFraction: number;
  /** Mean over examples and first-layer weights of |∂C_x/∂w_jk|. */
  meanWeightGradient: number;
  /** `meanWeightGradient` divided by the root-mean-square of the first-layer weights. */
  relativeWeightGradient: number;
  /** Mean over examples and first-hidden-layer neurons of σ'(z) = a(1 − a). */
  meanSigmaPrime: number;
}

/**
 * Counts of values in equal bins, the shape of `Histogram` in `chapter/histogram.ts` (so its
 * helpers read it): bin i holds [start + i·binWidth, start + (i+1)·binWidth), the last bin also
 * its end; values off the bins count in `below`/`above` and in `total`.
 */
export interface BinCounts {
  start: number;
  binWidth: number;
  counts: number[];
  total: number;
  below: number;
  above: number;
}

/** One layer of a network, measured on a sample of examples (z, a = σ(z) the layer's own). */
export interface LayerDiagnostics {
  /** Examples measured. */
  examples: number;
  /** Fraction of (example, neuron) pairs with σ(z) within 0.01 of 0 or 1. */
  saturatedFraction: number;
  /** Mean over (example, neuron) pairs of σ'(z). */
  meanSigmaPrime: number;
  /** Mean and variance (divisor: the number of pairs) of z over (example, neuron) pairs. */
  zMean: number;
  zVariance: number;
  /** ‖∂C₀/∂bˡ‖, C₀ the sample's mean cost without the L2 term: the layer's speed of learning. */
  biasGradientNorm: number;
  /** ‖∂C₀/∂wˡ‖ (Frobenius norm). */
  weightGradientNorm: number;
  /** ‖wˡ‖. */
  weightNorm: number;
  /**
   * ‖∂C₀/∂wˡ‖ / ‖wˡ‖, null when the weights are all zero: η times this is the size of a gradient
   * step relative to the weights.
   */
  relativeWeightGradient: number | null;
  /** z and σ(z) of every (example, neuron) pair, binned. */
  zHistogram: BinCounts;
  activationHistogram: BinCounts;
}

/**
 * Marks `record` as diverged when training blew up (η too large, say): a weight or bias is NaN,
 * infinite or absurdly large (see `firstUnusableParameter`), or a monitored cost is not a
 * number. The record's cost and accuracy are then artefacts (a cost of 0 or NaN, an accuracy that
 * counts the examples of class 0), so they are removed rather than left to look plausible.
 * Returns whether it diverged.
 */
export function flagDivergence(
  record: {
    diverged?: string; evaluationCost?: number; evaluationAccuracy?: number; trainingCost?: number;
    trainingAccuracy?: number; hidden?: unknown; layers?: unknown;
  },
  network: { sizes: readonly number[]; weights: Float64Array[]; biases: Float64Array[] },
): boolean {
  const parameter = firstUnusableParameter(network);
  const cost = (["trainingCost", "evaluationCost"] as const).find(
    (key) => record[key] !== undefined && !Number.isFinite(record[key]),
  );
  if (parameter === undefined && cost === undefined) return false;
  record.diverged = parameter !== undefined ? `a parameter blew up (${parameter})` : `the ${cost} is ${record[cost!]}`;
  delete record.evaluationCost;
  delete record.evaluationAccuracy;
  delete record.trainingCost;
  delete record.trainingAccuracy;
  delete record.hidden;
  delete record.layers;
  return true;
}
