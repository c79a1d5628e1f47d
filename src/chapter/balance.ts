/**
 * Where L2 decay stops: the balance between the decay's pull and the gradient's push.
 *
 * network2's step is w ← (1 − ηλ/n)·w − (η/m)·Σ∇C_x. Averaged over mini-batches it moves w by
 * −η·((λ/n)·w + ∇C₀), with C₀ the unregularized cost averaged over the n training examples. The
 * size of the weights stops changing when that move is perpendicular to w:
 *
 *     (λ/n)·‖w‖² = −w·∇C₀,  i.e.  ‖w‖² ≈ (n/λ)·|w·∇C₀|.
 *
 * The same holds layer by layer, since every layer's weights are scaled by the decay alone. So
 * the norm the decay settles at is set by n/λ and by how strongly the data pull the weights
 * outwards, not by the number of weights N; the RMS of all weights, ‖w‖/√N, then scales as
 * 1/√N with the prefactor ‖w‖. (The step's noise adds a little outward drift, so the measured
 * ‖w‖² sits somewhat above (n/λ)·|w·∇C₀|.)
 *
 * w·∇_w C_x needs no gradient matrix: for a layer with z = w·a + b and error δ it is
 * Σ_j δ_j Σ_k w_jk a_k = δ·(z − b), one dot product per layer and example.
 *
 * @see NNDL §3.3 (the closing problem, part 3), §3.2 (the L2 update)
 */
import type { TargetData } from "../data/data";
import { inputOf } from "../data/data";
import { backpropagateDelta, weightedInput } from "../network2/backprop";
import type { Network } from "../network2/network";
import { sigmoid, sigmoidPrime } from "../network2/sigmoid";
import { checkDecaySetting, DecaySetting } from "./decay";
import { describeValue } from "../data/describe";

/** Examples averaged by default: enough for two digits of w·∇C₀, a second or two of work. */
export const BALANCE_EXAMPLES = 10_000;

/** w·∇C₀ per layer (index l: the weights into layer l + 1) and for all weights. */
export interface WeightGradientProjection {
  readonly layers: readonly number[];
  readonly all: number;
  /** How many training examples the mean is over. */
  readonly examples: number;
}

/**
 * w·∇_w C₀ for `network` on the first `examples` examples of `data`: the mean over examples of
 * w·∇_w C_x, per layer and in total. Negative when the data pull the weights outwards.
 */
export function weightGradientProjection(
  network: Network,
  data: TargetData,
  examples = Math.min(BALANCE_EXAMPLES, data.count),
): WeightGradientProjection {
  if (!Number.isInteger(examples) || examples < 1 || examples > data.count) {
    throw new RangeError(`weightGradientProjection: examples must be an integer in [1, ${data.count}], got `
      + `${describeValue(examples)}`);
  }
  if (data.inputSize !== network.sizes[0]) {
    throw new RangeError(`weightGradientProjection: data has ${data.inputSize} inputs, the network `
      + `${network.sizes[0]}`);
  }
  const L = network.weights.length;
  const sums = new Float64Array(L);
  const outputs = network.sizes[L];
  for (let e = 0; e < examples; e++) {
    const activations: ArrayLike<number>[] = [inputOf(data, e)];
    const zs: Float64Array[] = [];
    for (let l = 0; l < L; l++) {
      const z = weightedInput(network.weights[l], network.biases[l], activations[l], network.sizes[l]);
      zs.push(z);
      activations.push(z.map(sigmoid));
    }
    const y = data.targets.subarray(e * outputs, (e + 1) * outputs);
    let delta: Float64Array = network.cost.delta(
      zs[L - 1],
      activations[L] as Float64Array,
      y,
      new Float64Array(outputs),
    );
    for (let l = L - 1; l >= 0; l--) {
      const z = zs[l];
      const b = network.biases[l];
      let dot = 0;
      for (let j = 0; j < delta.length; j++) dot += delta[j] * (z[j] - b[j]);
      sums[l] += dot;
      if (l > 0) delta = backpropagateDelta(network.weights[l], network.sizes[l], delta, zs[l - 1].map(sigmoidPrime));
    }
  }
  const layers = Array.from(sums, (s) => s / examples);
  return { layers, all: layers.reduce((a, b) => a + b, 0), examples };
}

/**
 * √((n/λ)·|w·∇C₀|): the norm at which decay and gradient balance, for a measured projection
 * (a layer's or all weights'). Infinite for λ = 0: without decay nothing stops the weights.
 */
export function balanceNorm(setting: DecaySetting, projection: number): number {
  const { lmbda, n } = checkDecaySetting(setting, "balanceNorm");
  return lmbda === 0 ? Infinity : Math.sqrt((n / lmbda) * Math.abs(projection));
}
