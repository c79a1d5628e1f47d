/**
 * Inputs in compressed sparse row (CSR) form: for each example, the positions and values of its
 * non-zero inputs only.
 *
 * An MNIST image is about 81 % zero pixels (150 of 784 are non-zero on average). A zero input adds
 * nothing to z = w·x + b and nothing to ∂C/∂w = δ xᵀ, so skipping zeros cuts the first layer's work
 * five-fold and changes no result: a sum that skips terms equal to 0 is the same sum, bit for bit.
 *
 * Made once per data set by whoever holds it: `sgd` for the call, or `prepareData` for many runs
 * (see `trainer.ts`), in SharedArrayBuffers or a session's shared memory so that worker threads
 * read one copy.
 */
import type { Inputs } from "../../data/data";
import type { Arena } from "./arena";

export interface SparseInputs {
  readonly count: number;
  readonly inputSize: number;
  /** Example i's non-zeros are entries [offsets[i], offsets[i+1]) of `indices` and `values`. */
  readonly offsets: Uint32Array;
  /** Input positions, increasing within an example; 16 bits each (see {@link MAX_INPUT_SIZE}). */
  readonly indices: Uint16Array;
  readonly values: Float32Array;
  /**
   * This thread's arena of the shared memory the three arrays are views of, for a session's inputs
   * (`shared-inputs.ts`).
   */
  readonly arena?: Arena;
}

/** Where a CSR form's arrays are made: SharedArrayBuffers of their own, or a shared WebAssembly memory. */
export interface CsrStorage {
  readonly arena?: Arena;
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
 * The widest input the engine takes: positions are stored in 16 bits, which halves the memory and
 * the memory traffic of the positions (MNIST's are below 784).
 */
export const MAX_INPUT_SIZE = 65536;

/** The CSR form of `data`'s inputs, made in `storage` (SharedArrayBuffers of its own by default). */
export function sparseInputs({ inputs, inputSize, count }: Inputs, storage: CsrStorage = OWN_BUFFERS): SparseInputs {
  if (inputSize > MAX_INPUT_SIZE) {
    throw new RangeError(
      `training engine: inputs of ${inputSize} numbers are wider than the ${MAX_INPUT_SIZE.toLocaleString("en-US")} ` +
        "it takes (input positions are 16-bit)",
    );
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
  return { count, inputSize, offsets, indices, values, arena: storage.arena };
}
