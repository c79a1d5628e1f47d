/**
 * The two products backpropagation is made of, written as network2 writes them with numpy:
 * `np.dot(w, a) + b` forward and `np.dot(w.transpose(), delta) * sigmoid_prime(z)` backward.
 * `Network` uses them for `feedforward` and `backprop`; the hidden-layer monitor uses the backward
 * one, so the δ recursion is written once.
 *
 * A layer's weights are a `nOut × nIn` matrix stored row after row (row j = the weights into
 * neuron j), as in {@link Parameters}. Sums run over k (or j) in increasing order.
 *
 * @see NNDL §2 (the four equations of backpropagation), network2.py `feedforward`, `backprop`
 */

/** z = w·a + b for one layer: `nIn` inputs `a`, `b.length` neurons. */
export function weightedInput(
  w: ArrayLike<number>,
  b: ArrayLike<number>,
  a: ArrayLike<number>,
  nIn: number,
): Float64Array {
  const z = Float64Array.from(b);
  for (let j = 0; j < z.length; j++) {
    let sum = 0;
    for (let k = 0; k < nIn; k++) sum += w[j * nIn + k] * a[k];
    z[j] += sum;
  }
  return z;
}

/**
 * δˡ = (wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ σ'(zˡ): the error of the layer below from the error `delta` of the layer
 * that `w` feeds, written into `out` (length `nIn`) and returned. `sigmaPrime[k]` is σ'(z_k) of
 * the layer below.
 */
export function backpropagateDelta(
  w: ArrayLike<number>,
  nIn: number,
  delta: ArrayLike<number>,
  sigmaPrime: ArrayLike<number>,
  out: Float64Array = new Float64Array(nIn),
): Float64Array {
  for (let k = 0; k < nIn; k++) {
    let sum = 0;
    for (let j = 0; j < delta.length; j++) sum += w[j * nIn + k] * delta[j];
    out[k] = sum * sigmaPrime[k];
  }
  return out;
}
