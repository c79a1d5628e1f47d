/**
 * The sigmoid neuron's activation and its derivative.
 *
 * @see NNDL §1 (sigmoid neurons), §2 (σ'(z) in backpropagation)
 */

/** σ(z) = 1 / (1 + e^(−z)). */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** σ'(z) = σ(z)(1 − σ(z)): at most 1/4 (at z = 0), and tiny once |z| is large (saturation). */
export function sigmoidPrime(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}
