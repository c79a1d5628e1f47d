/**
 * Symmetry: why a layer's weights cannot all start equal. If every neuron of a layer has the same
 * incoming weights and bias, they compute the same z for every input, backpropagation gives them
 * the same δ (the weights above them are equal per neuron too), and so the same update: they stay
 * copies of each other, and the layer works as one neuron. A spread of zero across neurons after
 * training says so.
 *
 * @see NNDL §3.3 (the weights' starting values), §2 (the backpropagation equations)
 */
import type { Network } from "../network2/network";
import type { TargetData } from "../data/data";

/**
 * How far apart the neurons of a layer are: √(mean over inputs k of the variance over neurons j
 * of w_jk), for weights `w` (`nOut × nIn`, row j into neuron j). 0 exactly when every neuron has
 * the same incoming weights.
 */
export function neuronSpread(w: ArrayLike<number>, nIn: number): number {
  if (!Number.isInteger(nIn) || nIn < 1 || w.length % nIn !== 0 || w.length === 0) {
    throw new RangeError(`neuronSpread: ${w.length} weights are not rows of nIn = ${nIn}`);
  }
  const nOut = w.length / nIn;
  let sum = 0;
  // Each weight relative to neuron 0's (the variance is the same): equal rows give 0 exactly.
  for (let k = 0; k < nIn; k++) {
    let mean = 0;
    for (let j = 0; j < nOut; j++) mean += w[j * nIn + k] - w[k];
    mean /= nOut;
    for (let j = 0; j < nOut; j++) sum += (w[j * nIn + k] - w[k] - mean) ** 2;
  }
  return Math.sqrt(sum / (nIn * nOut));
}

/** The largest difference between two entries of `values` (0 when they are all equal). */
export function valueRange(values: ArrayLike<number>): number {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    low = Math.min(low, values[i]);
    high = Math.max(high, values[i]);
  }
  return values.length === 0 ? 0 : high - low;
}

/**
 * Trains `network` with the readable `updateMiniBatch` on the first `steps` mini-batches of
 * `training` (in order) and returns, per layer (index l for layer l + 1), the first step after
 * which that layer's weights are no longer all zero, or null if they still are. For a network
 * whose weights start at zero: the answer to "how does the signal reach a layer?".
 */
export function firstMovingSteps(
  network: Network,
  training: TargetData,
  options: { miniBatchSize: number; eta: number; lmbda: number; steps: number },
): (number | null)[] {
  const { miniBatchSize: m, eta, lmbda, steps } = options;
  if (!Number.isInteger(steps) || steps < 1 || steps * m > training.count) {
    const range = `[1, ${Math.floor(training.count / m)}]`;
    throw new RangeError(`firstMovingSteps: steps must be an integer in ${range}, got ${steps}`);
  }
  const moved: (number | null)[] = network.weights.map(() => null);
  for (let step = 1; step <= steps; step++) {
    const batch = Array.from({ length: m }, (_, i) => (step - 1) * m + i);
    network.updateMiniBatch(training, batch, eta, lmbda, training.count);
    network.weights.forEach((w, l) => {
      if (moved[l] === null && w.some((v) => v !== 0)) moved[l] = step;
    });
  }
  return moved;
}
