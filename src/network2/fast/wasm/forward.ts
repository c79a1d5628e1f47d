// AssemblyScript. The forward pass of one example: the first layer from the example's non-zero
// inputs only (CSR form), the later layers dense.
import { field, depth, FIELD_A, FIELD_B, FIELD_N_IN, FIELD_N_OUT, FIELD_STRIDE, FIELD_W, FIELD_Z } from "./layout";
import { activate } from "./sigmoid";
import { bytesOf, firstNonZero, indexAt, splatInput, vaddmul, vsplat } from "./vector";

/**
 * z = Σ_p x_p · row(k_p) over the non-zero inputs p ∈ [first, last) of one example, for the
 * `rowBytes` of z. Blocks of 4 vectors, then single vectors, are summed in registers, two inputs
 * per loop step, each entry still in input order, so the result is the plain loop's, bit for bit.
 * (Blocks of 8 left the compiled loop one register short: an accumulator went through the stack
 * every step, which bounded the pass. Measured: 1.05× faster epochs for 30 and 100 neurons.)
 */
function sparseRowsSum<T>(
  z: usize, w: usize, rowBytes: usize, indices: usize, values: usize, first: u32, last: u32,
): void {
  let off: usize = 0;
  for (; off + 64 <= rowBytes; off += 64) {
    let s0 = vsplat<T>(0), s1 = vsplat<T>(0), s2 = vsplat<T>(0), s3 = vsplat<T>(0);
    let p = first;
    for (; p + 1 < last; p += 2) {
      const row = w + indexAt(indices, p) * rowBytes + off;
      const v = splatInput<T>(values, p);
      const row2 = w + indexAt(indices, p + 1) * rowBytes + off;
      const v2 = splatInput<T>(values, p + 1);
      s0 = vaddmul<T>(vaddmul<T>(s0, v128.load(row, 0), v), v128.load(row2, 0), v2);
      s1 = vaddmul<T>(vaddmul<T>(s1, v128.load(row, 16), v), v128.load(row2, 16), v2);
      s2 = vaddmul<T>(vaddmul<T>(s2, v128.load(row, 32), v), v128.load(row2, 32), v2);
      s3 = vaddmul<T>(vaddmul<T>(s3, v128.load(row, 48), v), v128.load(row2, 48), v2);
    }
    if (p < last) {
      const row = w + indexAt(indices, p) * rowBytes + off;
      const v = splatInput<T>(values, p);
      s0 = vaddmul<T>(s0, v128.load(row, 0), v);
      s1 = vaddmul<T>(s1, v128.load(row, 16), v);
      s2 = vaddmul<T>(s2, v128.load(row, 32), v);
      s3 = vaddmul<T>(s3, v128.load(row, 48), v);
    }
    v128.store(z + off, s0, 0);
    v128.store(z + off, s1, 16);
    v128.store(z + off, s2, 32);
    v128.store(z + off, s3, 48);
  }
  for (; off < rowBytes; off += 16) {
    let s0 = vsplat<T>(0);
    for (let p = first; p < last; p++) {
      const row = w + indexAt(indices, p) * rowBytes + off;
      s0 = vaddmul<T>(s0, v128.load(row), splatInput<T>(values, p));
    }
    v128.store(z + off, s0);
  }
}

/**
 * z = Σ_k a_k · row(k) over all `nIn` inputs a of a dense layer: blocks of up to 4 vectors summed
 * in registers, k in order (so, as `sparseRowsSum`, the plain loop's result bit for bit). An
 * output layer's row is 3 vectors: one pass over the inputs instead of a load and store of z per
 * input and vector.
 */
function denseRowsSum<T>(z: usize, w: usize, rowBytes: usize, a: usize, nIn: i32): void {
  for (let off: usize = 0; off < rowBytes; off += 64) {
    const width = rowBytes - off;
    let s0 = vsplat<T>(0), s1 = vsplat<T>(0), s2 = vsplat<T>(0), s3 = vsplat<T>(0);
    for (let k = 0; k < nIn; k++) {
      const v = vsplat<T>(load<T>(a + bytesOf<T>(<usize>k)));
      const row = w + (<usize>k) * rowBytes + off;
      s0 = vaddmul<T>(s0, v128.load(row, 0), v);
      if (width > 16) s1 = vaddmul<T>(s1, v128.load(row, 16), v);
      if (width > 32) s2 = vaddmul<T>(s2, v128.load(row, 32), v);
      if (width > 48) s3 = vaddmul<T>(s3, v128.load(row, 48), v);
    }
    v128.store(z + off, s0, 0);
    if (width > 16) v128.store(z + off, s1, 16);
    if (width > 32) v128.store(z + off, s2, 32);
    if (width > 48) v128.store(z + off, s3, 48);
  }
}

/**
 * Feeds example e forward; inputs in CSR form (offsets, indices, values). The first layer's weights
 * are `scale` times the stored ones (1 except in float32 training, see `scaled-update.ts`).
 */
export function forward<T>(offsets: usize, indices: usize, values: usize, e: i32, scale: f32): void {
  // Layer 1: z = Σ over non-zero inputs k of x_k · row k, then scaled, then + b.
  const first = firstNonZero(offsets, e);
  const last = firstNonZero(offsets, e + 1);
  sparseRowsSum<T>(
    field(0, FIELD_Z), field(0, FIELD_W), bytesOf<T>(field(0, FIELD_STRIDE)), indices, values, first, last,
  );
  activate<T>(field(0, FIELD_Z), field(0, FIELD_B), field(0, FIELD_A), <i32>field(0, FIELD_N_OUT), scale);
  // Later layers: dense, the same sum over every input in order.
  for (let l = 1; l < depth; l++) {
    const nIn = <i32>field(l, FIELD_N_IN);
    const bytes = bytesOf<T>(field(l, FIELD_STRIDE));
    const z = field(l, FIELD_Z);
    denseRowsSum<T>(z, field(l, FIELD_W), bytes, field(l - 1, FIELD_A), nIn);
    activate<T>(z, field(l, FIELD_B), field(l, FIELD_A), <i32>field(l, FIELD_N_OUT), 1);
  }
}
