/**
 * The hidden-layer monitor ({@link HiddenLayerDiagnostics}) computed during an evaluation pass of
 * the engine: each example's activations and weighted inputs come from the engine, δ goes back
 * through the layers by network2's own recursion (`backprop.ts`).
 *
 * @see NNDL §3.3, `monitors.ts`
 */
import type { Cost } from "../cost";
import type { Dataset } from "../../data/data";
import type { Parameters } from "../init";
import { backpropagateDelta } from "../backprop";
import { HiddenLayerDiagnostics, SATURATION_MARGIN, weightStatistics } from "../monitors";
import { DEFAULT_TRAINING_PRECISION, Precision } from "../trainer";
import { Engine, EngineData, evaluate, Evaluation, totalCost } from "./engine";
import { SparseInputs, sparseInputs } from "./sparse";

/** What the probe needs of a network: its shape, cost and current weights. */
export interface ProbedNetwork {
  sizes: readonly number[];
  weights: Float64Array[];
  cost: Cost;
}

/**
 * Σ_k |x_k| of each example of `data`, from the sparse form (zeros add nothing): what the gradient
 * estimate needs of the inputs.
 */
export function absoluteInputSums(data: Dataset, x: SparseInputs = sparseInputs(data)): Float64Array {
  const sums = new Float64Array(data.count);
  for (let e = 0; e < data.count; e++) {
    let sum = 0;
    for (let p = x.offsets[e]; p < x.offsets[e + 1]; p++) sum += Math.abs(x.values[p]);
    sums[e] = sum;
  }
  return sums;
}

/**
 * Accumulates {@link HiddenLayerDiagnostics} over the examples of an evaluation pass: give it each
 * example's activations and weighted inputs (from the engine) and its target.
 */
export class HiddenLayerProbe {
  private readonly deltas: Float64Array[];
  /** σ'(z) = a(1 − a) of each layer below the output, for the δ recursion. */
  private readonly sigmaPrimes: Float64Array[];
  private saturated = 0;
  private sigmaPrimeSum = 0;
  private gradientSum = 0;
  private examples = 0;

  /**
   * `network`'s weights must be current (the probe backpropagates through layers 2…L);
   * `inputSums` is {@link absoluteInputSums} of the data the pass will visit.
   */
  constructor(
    private readonly network: ProbedNetwork,
    private readonly inputSums: Float64Array,
  ) {
    if (network.sizes.length < 3) throw new RangeError("hidden-layer diagnostics: the network has no hidden layer");
    this.deltas = network.sizes.slice(1).map((n) => new Float64Array(n));
    this.sigmaPrimes = network.sizes.slice(1, -1).map((n) => new Float64Array(n));
  }

  readonly visit = (
    e: number,
    a: readonly ArrayLike<number>[],
    zs: readonly ArrayLike<number>[],
    y: ArrayLike<number>,
  ): void => {
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
      const below = a[l - 1];
      const sigmaPrime = this.sigmaPrimes[l - 1];
      for (let k = 0; k < sigmaPrime.length; k++) sigmaPrime[k] = below[k] * (1 - below[k]);
      backpropagateDelta(weights[l], sizes[l], this.deltas[l], sigmaPrime, this.deltas[l - 1]);
    }
    let deltaSum = 0;
    for (let j = 0; j < hidden; j++) deltaSum += Math.abs(this.deltas[0][j]);
    this.gradientSum += deltaSum * this.inputSums[e];
    this.examples++;
  };

  result(): HiddenLayerDiagnostics {
    return hiddenDiagnostics(this.network, this.examples, {
      saturated: this.saturated,
      sigmaPrimeSum: this.sigmaPrimeSum,
      gradientSum: this.gradientSum,
    });
  }
}

/** The monitor from its sums over `examples` examples (each sum as the probe accumulates it). */
export function hiddenDiagnostics(
  network: ProbedNetwork,
  examples: number,
  sums: { saturated: number; sigmaPrimeSum: number; gradientSum: number },
): HiddenLayerDiagnostics {
  const pairs = examples * network.sizes[1];
  const meanWeightGradient = sums.gradientSum / (pairs * network.sizes[0]);
  return {
    saturatedFraction: sums.saturated / pairs,
    meanWeightGradient,
    relativeWeightGradient: meanWeightGradient / weightStatistics(network).layers[0].rms,
    meanSigmaPrime: sums.sigmaPrimeSum / pairs,
  };
}

/**
 * One evaluation pass that also measures the hidden-layer monitor: in the kernel for network2's
 * costs (the same numbers as the probe's, without a call per example), else with the probe.
 * `inputSums` is {@link absoluteInputSums} of `data`.
 */
export function evaluateWithHiddenLayer(
  engine: Engine,
  network: ProbedNetwork,
  data: Dataset,
  stored: EngineData,
  lmbda: number,
  inputSums: Float64Array,
): Evaluation & { hidden: HiddenLayerDiagnostics } {
  if (network.sizes.length < 3) throw new RangeError("hidden-layer diagnostics: the network has no hidden layer");
  if (!engine.kernelKnowsCost) {
    const probe = new HiddenLayerProbe(network, inputSums);
    return { ...evaluate(engine, data, stored, lmbda, probe.visit), hidden: probe.result() };
  }
  const sums = engine.evaluationSums(stored, { cost: true, hidden: { inputSums, margin: SATURATION_MARGIN } });
  return {
    correct: sums.correct,
    cost: totalCost(engine, sums.costSum, data.count, lmbda),
    hidden: hiddenDiagnostics(network, data.count, sums),
  };
}

/**
 * Saturation and gradient size of the first hidden layer over the examples of `data` (their labels
 * or targets give the output error δᴸ through the network's cost), in `sgd`'s precision unless
 * told otherwise, so a run's epoch-0 numbers are measured as its later epochs are.
 */
export function hiddenLayerDiagnostics(
  network: ProbedNetwork & Parameters,
  data: Dataset,
  precision: Precision = DEFAULT_TRAINING_PRECISION,
): HiddenLayerDiagnostics {
  const engine = new Engine(network.sizes, network.cost, precision);
  engine.load(network);
  return evaluateWithHiddenLayer(engine, network, data, engine.addData(data), 0, absoluteInputSums(data)).hidden;
}
