/**
 * Inputs in compressed sparse row (CSR) form: for each example, the positions and values of its
 * non-zero inputs only.
 *
 * An MNIST image is about 81 % zero pixels (150 of 784 are non-zero on average). A zero input adds
 * nothing to z = w·x + b and nothing to ∂C/∂w = δ xᵀ, so skipping zeros cuts the first layer's work
 * five-fold and changes no result: a sum that skips terms equal to 0 is the same sum, bit for bit.
 *
 * Built once per inputs array and cached; stored in SharedArrayBuffers so training workers share it.
 * The cache cannot go stale: each entry keeps a fingerprint of the inputs it was built from, checked
 * on every lookup, so pixels edited in place are seen (see {@link fingerprint}).
 */
import type { Inputs } from "../../data/data";
import { Fingerprint, fingerprint, sameFingerprint } from "../../data/fingerprint";

export interface SparseInputs {
  readonly count: number;
  readonly inputSize: number;
  /** Example i's non-zeros are entries [offsets[i], offsets[i+1]) of `indices` and `values`. */
  readonly offsets: Uint32Array;
  /** Input positions, increasing within an example; 16 bits each (see {@link MAX_INPUT_SIZE}). */
  readonly indices: Uint16Array;
  readonly values: Float32Array;
  /** The shared WebAssembly memory the three arrays are views of, for a session's inputs (`shared-inputs.ts`). */
  readonly memory?: WebAssembly.Memory;
}

interface Entry {
  sparse: SparseInputs;
  /** `fingerprint(inputs)` when `sparse` was built; undefined for a form adopted from another thread. */
  fingerprint?: Fingerprint;
}

const cache = new WeakMap<Float32Array, Entry>();

/**
 * The CSR form of `data`'s inputs (cached per inputs array, rebuilt when they have changed).
 * `current`: the inputs' fingerprint, when the caller has just read it (`checkDataset` returns it).
 */
export function sparseInputs(data: Inputs, current?: Fingerprint): SparseInputs {
  const hit = cache.get(data.inputs);
  // A form adopted from the main thread was checked there when the session started.
  if (hit !== undefined && hit.sparse.count === data.count && hit.fingerprint === undefined) return hit.sparse;
  const print = current ?? fingerprint(data.inputs);
  if (hit !== undefined && hit.sparse.count === data.count && hit.fingerprint !== undefined && sameFingerprint(hit.fingerprint, print)) return hit.sparse;
  const sparse = buildSparse(data);
  cache.set(data.inputs, { sparse, fingerprint: print });
  return sparse;
}

/** Where a CSR form's arrays are made: SharedArrayBuffers of their own, or a shared WebAssembly memory. */
export interface CsrStorage {
  readonly memory?: WebAssembly.Memory;
  u32(length: number): Uint32Array;
  u16(length: number): Uint16Array;
  f32(length: number): Float32Array;
}

const OWN_BUFFERS: CsrStorage = {
  u32: (length) => new Uint32Array(new SharedArrayBuffer(4 * length)),
  u16: (length) => new Uint16Array(new SharedArrayBuffer(2 * length)),
  f32: (length) => new Float32Array(new SharedArrayBuffer(4 * length)),
};

/**
 * The CSR form of `data`'s inputs made in `storage`, from the cached form when it is current, and
 * cached in its place: a session moves its inputs into shared memory this way without a second copy.
 * `current`: the inputs' fingerprint, when the caller has just read it (`checkDataset` returns it).
 */
export function sparseInputsIn(data: Inputs, storage: CsrStorage, current?: Fingerprint): SparseInputs {
  const hit = cache.get(data.inputs);
  const print = current ?? fingerprint(data.inputs);
  let sparse: SparseInputs;
  if (hit !== undefined && hit.sparse.count === data.count && hit.fingerprint !== undefined && sameFingerprint(hit.fingerprint, print)) {
    const { offsets, indices, values } = hit.sparse;
    sparse = { count: data.count, inputSize: data.inputSize, offsets: storage.u32(offsets.length), indices: storage.u16(indices.length), values: storage.f32(values.length), memory: storage.memory };
    sparse.offsets.set(offsets);
    sparse.indices.set(indices);
    sparse.values.set(values);
  } else {
    sparse = buildSparse(data, storage);
  }
  cache.set(data.inputs, { sparse, fingerprint: print });
  return sparse;
}

/**
 * The widest input the engine takes: positions are stored in 16 bits, which halves the memory and
 * the memory traffic of the positions (MNIST's are below 784).
 */
export const MAX_INPUT_SIZE = 65536;

function buildSparse({ inputs, inputSize, count }: Inputs, storage: CsrStorage = OWN_BUFFERS): SparseInputs {
  if (inputSize > MAX_INPUT_SIZE) {
    throw new RangeError(`training engine: inputs of ${inputSize} numbers are wider than the ${MAX_INPUT_SIZE.toLocaleString("en-US")} it takes (input positions are 16-bit)`);
  }
  let nonZeros = 0;
  for (let i = 0; i < inputs.length; i++) if (inputs[i] !== 0) nonZeros++;
  const offsets = storage.u32(count + 1);
  const indices = storage.u16(nonZeros);
  const values = storage.f32(nonZeros);
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
  return { count, inputSize, offsets, indices, values, memory: storage.memory };
}

/**
 * Registers `sparse` as the CSR form of `data`'s inputs (a training worker receives both from the
 * main thread, sharing their memory, instead of building its own). The main thread built or
 * checked it when the session started, so lookups here do not check it again.
 */
export function adoptSparseInputs(data: Inputs, sparse: SparseInputs): void {
  if (sparse.count !== data.count || sparse.inputSize !== data.inputSize) {
    throw new RangeError(`adoptSparseInputs: ${sparse.count}×${sparse.inputSize} sparse inputs for ${data.count}×${data.inputSize} inputs`);
  }
  cache.set(data.inputs, { sparse });
}
