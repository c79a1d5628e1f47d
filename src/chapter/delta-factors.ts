/**
 * Why the cross-entropy cost "does nothing at all for the problem with saturated hidden neurons".
 *
 * Backpropagation's errors carry a factor σ'(z) per layer: δᴸ = ∇ₐC ⊙ σ'(zᴸ) at the output and
 * δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ) below. With the cross-entropy cost the output's ∇ₐC cancels σ'(zᴸ)
 * exactly, δᴸ = a − y: the output error's factor is 1 whatever z is. Nothing cancels the hidden
 * layer's σ'(zˡ): a saturated hidden neuron still passes back almost nothing. This module
 * measures both factors on real inputs, so the notebook can set the hidden layer's mean σ'(z)
 * beside the output's 1 (and beside the σ'(zᴸ) the quadratic cost would have kept).
 *
 * @see NNDL §3.3 (the cost function and saturated hidden neurons), §3.1 (cross-entropy), §2
 */
import { describeValue } from "../data/describe";
import type { Inputs } from "../data/data";
import { inputOf } from "../data/data";
import { weightedInput } from "../network2/backprop";
import type { Network } from "../network2/network";
import { initialNetwork, TrainingRun } from "../runs/runs";
import { sigmoid, sigmoidPrime } from "../network2/sigmoid";

/** Examples averaged by default: three digits of a mean of σ'(z) in a fraction of a second. */
export const DELTA_FACTOR_EXAMPLES = 1000;

/** The mean σ'(z) factors of a network's errors, over examples and neurons. */
export interface DeltaFactors {
  /** Mean σ'(z) over the first hidden layer's neurons: the factor in its δ, under any cost. */
  readonly hidden: number;
  /** Mean σ'(z) over the output neurons: the factor the quadratic cost's δᴸ keeps. */
  readonly outputSigmaPrime: number;
  /** The factor in the cross-entropy cost's δᴸ = a − y: 1, σ'(zᴸ) cancelled. */
  readonly crossEntropyOutput: 1;
  readonly examples: number;
}

/** {@link DeltaFactors} of `network` on the first `examples` inputs of `data`. */
export function deltaFactors(
  network: Network,
  data: Inputs,
  examples = Math.min(DELTA_FACTOR_EXAMPLES, data.count),
): DeltaFactors {
  if (!Number.isInteger(examples) || examples < 1 || examples > data.count) {
    throw new RangeError(
      `deltaFactors: examples must be an integer in [1, ${data.count}], got ${describeValue(examples)}`,
    );
  }
  if (network.sizes.length < 3) {
    throw new RangeError(`deltaFactors: the network needs a hidden layer, got sizes [${network.sizes.join(", ")}]`);
  }
  const L = network.weights.length;
  let hidden = 0;
  let output = 0;
  for (let e = 0; e < examples; e++) {
    let a: ArrayLike<number> = inputOf(data, e);
    for (let l = 0; l < L; l++) {
      const z = weightedInput(network.weights[l], network.biases[l], a, network.sizes[l]);
      const mean = z.reduce((s, v) => s + sigmoidPrime(v), 0) / z.length;
      if (l === 0) hidden += mean;
      if (l === L - 1) output += mean;
      a = z.map(sigmoid);
    }
  }
  return { hidden: hidden / examples, outputSigmaPrime: output / examples, crossEntropyOutput: 1, examples };
}

/** {@link DeltaFactors} of the network `run` starts from (the same seed, the same network). */
export function startingDeltaFactors(run: TrainingRun, data: Inputs, examples?: number): DeltaFactors {
  return deltaFactors(initialNetwork(run), data, examples);
}
