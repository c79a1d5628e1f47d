/**
 * Inputs in compressed sparse row (CSR) form: for each example, the positions and values of its
 * non-zero inputs only.
 *
 * An MNIST image is about 81 % zero pixels (150 of 784 are non-zero on average). A zero input adds
 * nothing to z = w·x + b and nothing to ∂C/∂w = δ xᵀ, so skipping zeros cuts the first layer's work
 * five-fold and changes no result: a sum that skips terms equal to 0 is the same sum, bit for bit.
 *
 * Built once per inputs array and cached; stored in SharedArrayBuffers so training workers share it.
 */
import type { Inputs } from "../../data/data";

export interface SparseInputs {
  readonly count: number;
  readonly inputSize: number;
  /** Example i's non-zeros are entries [offsets[i], offsets[i+1]) of `indices` and `values`. */
  readonly offsets: Uint32Array;
  /** Input positions, increasing within an example. */
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

const cache = new WeakMap<Float32Array, SparseInputs>();

/** The CSR form of `data`'s inputs (cached per inputs array). */
export function sparseInputs(data: Inputs): SparseInputs {
  const hit = cache.get(data.inputs);
  if (hit !== undefined && hit.count === data.count) return hit;
  const { inputs, inputSize, count } = data;
  let nonZeros = 0;
  for (let i = 0; i < inputs.length; i++) if (inputs[i] !== 0) nonZeros++;
  const offsets = new Uint32Array(new SharedArrayBuffer(4 * (count + 1)));
  const indices = new Uint32Array(new SharedArrayBuffer(4 * nonZeros));
  const values = new Float32Array(new SharedArrayBuffer(4 * nonZeros));
  let p = 0;
  for (let e = 0; e < count; e++) {
    offsets[e] = p;
    const base = e * inputSize;
    for (let k = 0; k < inputSize; k++) {
      const v = inputs[base + k];
      if (v !== 0) {
        indices[p] = k;
        values[p] = v;
        p++;
      }
    }
  }
  offsets[count] = p;
  const result: SparseInputs = { count, inputSize, offsets, indices, values };
  cache.set(inputs, result);
  return result;
}

/**
 * Registers `sparse` as the CSR form of `data`'s inputs (a training worker receives both from the
 * main thread, sharing their memory, instead of building its own).
 */
export function adoptSparseInputs(data: Inputs, sparse: SparseInputs): void {
  if (sparse.count !== data.count || sparse.inputSize !== data.inputSize) {
    throw new RangeError(`adoptSparseInputs: ${sparse.count}×${sparse.inputSize} sparse inputs for ${data.count}×${data.inputSize} inputs`);
  }
  cache.set(data.inputs, sparse);
}
