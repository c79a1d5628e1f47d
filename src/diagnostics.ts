/**
 * What a network's state says about learning speed, measured per epoch while it trains.
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
 *
 * @see NNDL §3.3 (weight initialization), §2 (backpropagation, slow learning of saturated neurons)
 */
import type { Cost } from "./cost";
import type { Dataset } from "./data";
import type { Network } from "./network";
import { Engine, evaluate } from "./train/engine";
import { sparseInputs } from "./train/sparse";

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
export function weightStatistics(network: { weights: Float64Array[] }): { layers: LayerWeightStatistics[]; all: LayerWeightStatistics } {
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
 * Accumulates {@link HiddenLayerDiagnostics} over the examples of an evaluation pass: give it each
 * example's activations and weighted inputs (from the engine) and its target.
 */
export class HiddenLayerProbe {
  private readonly deltas: Float64Array[];
  private readonly inputSums: Float64Array;
  private saturated = 0;
  private sigmaPrimeSum = 0;
  private gradientSum = 0;
  private examples = 0;

  /** `network`'s weights must be current (the probe backpropagates through layers 2…L). */
  constructor(
    private readonly network: { sizes: readonly number[]; weights: Float64Array[]; cost: Cost },
    data: Dataset,
  ) {
    if (network.sizes.length < 3) throw new RangeError("hidden-layer diagnostics: the network has no hidden layer");
    this.deltas = network.sizes.slice(1).map((n) => new Float64Array(n));
    // Σ_k |x_k| per example, from the sparse form (zeros add nothing).
    const x = sparseInputs(data);
    this.inputSums = new Float64Array(data.count);
    for (let e = 0; e < data.count; e++) {
      let sum = 0;
      for (let p = x.offsets[e]; p < x.offsets[e + 1]; p++) sum += Math.abs(x.values[p]);
      this.inputSums[e] = sum;
    }
  }

  readonly visit = (e: number, a: readonly ArrayLike<number>[], zs: readonly ArrayLike<number>[], y: ArrayLike<number>): void => {
    const { sizes, weights, cost } = this.network;
    const depth = sizes.length - 1;
    const hidden = sizes[1];
    const a1 = a[0];
    for (let j = 0; j < hidden; j++) {
      if (a1[j] < SATURATION_MARGIN || a1[j] > 1 - SATURATION_MARGIN) this.saturated++;
      this.sigmaPrimeSum += a1[j] * (1 - a1[j]);
    }
    // δᴸ from the cost, then back through the layers to the first hidden one.
    cost.delta(zs[depth - 1], a[depth - 1], y, this.deltas[depth - 1]);
    for (let l = depth - 1; l >= 1; l--) {
      const w = weights[l];
      const nIn = sizes[l];
      const next = this.deltas[l];
      const previous = this.deltas[l - 1];
      for (let k = 0; k < nIn; k++) {
        let sum = 0;
        for (let j = 0; j < next.length; j++) sum += w[j * nIn + k] * next[j];
        previous[k] = sum * a[l - 1][k] * (1 - a[l - 1][k]);
      }
    }
    let deltaSum = 0;
    for (let j = 0; j < hidden; j++) deltaSum += Math.abs(this.deltas[0][j]);
    this.gradientSum += deltaSum * this.inputSums[e];
    this.examples++;
  };

  result(): HiddenLayerDiagnostics {
    const hidden = this.network.sizes[1];
    const pairs = this.examples * hidden;
    const meanWeightGradient = this.gradientSum / (pairs * this.network.sizes[0]);
    return {
      saturatedFraction: this.saturated / pairs,
      meanWeightGradient,
      relativeWeightGradient: meanWeightGradient / weightStatistics(this.network).layers[0].rms,
      meanSigmaPrime: this.sigmaPrimeSum / pairs,
    };
  }
}

/**
 * Saturation and gradient size of the first hidden layer over the examples of `data` (their labels
 * or targets give the output error δᴸ through the network's cost).
 */
export function hiddenLayerDiagnostics(network: Network, data: Dataset): HiddenLayerDiagnostics {
  const probe = new HiddenLayerProbe(network, data);
  const engine = new Engine(network.sizes, network.cost);
  engine.load(network);
  evaluate(engine, data, engine.addData(data), 0, probe.visit);
  return probe.result();
}
