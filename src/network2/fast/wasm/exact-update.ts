// AssemblyScript. The first layer's update in float64, bit for bit the reference's
// w ← decay·w − step·Σ∇w, without ever storing Σ∇w or sweeping the whole matrix every mini-batch:
// - Row k of Σ∇w is the sum over the mini-batch's examples with x_k ≠ 0 of x_k·δ (the others add
//   exactly 0). Each mini-batch links its non-zero inputs into one list per row (`head[k]`, then
//   `next`), in example order, and only the rows it touched get the full update.
// - A row no example touched gets w ← decay·w (its Σ∇w is 0). Those multiplications are deferred
//   until the row is next read (`done[k]` counts the updates a row has had), then applied one by
//   one, so the row holds exactly what an eager sweep would have left in it.
import {
  field, scratch, FIELD_N_IN, FIELD_STRIDE, FIELD_W, GATHER_BYTES, LINK_BYTES,
  SCRATCH_DONE, SCRATCH_GATHER, SCRATCH_HEAD, SCRATCH_LINKS, SCRATCH_SLOT_DELTAS, SCRATCH_TOUCHED,
} from "./layout";
import { bytesOf, firstNonZero, indexAt, inputValue, vaddmul, vmul, vsplat, vsub } from "./vector";

/**
 * Applies `count` deferred decays to a row: w ← decay·w, `count` times, one rounding each.
 * Eight independent chains at a time, so the multiplier's latency is hidden.
 */
function decayRow<T>(row: usize, rowBytes: usize, count: i32, vDecay: v128): void {
  if (count <= 0) return;
  let off: usize = 0;
  for (; off + 128 <= rowBytes; off += 128) {
    const r = row + off;
    let x0 = v128.load(r, 0), x1 = v128.load(r, 16), x2 = v128.load(r, 32), x3 = v128.load(r, 48);
    let x4 = v128.load(r, 64), x5 = v128.load(r, 80), x6 = v128.load(r, 96), x7 = v128.load(r, 112);
    for (let i = 0; i < count; i++) {
      x0 = vmul<T>(vDecay, x0);
      x1 = vmul<T>(vDecay, x1);
      x2 = vmul<T>(vDecay, x2);
      x3 = vmul<T>(vDecay, x3);
      x4 = vmul<T>(vDecay, x4);
      x5 = vmul<T>(vDecay, x5);
      x6 = vmul<T>(vDecay, x6);
      x7 = vmul<T>(vDecay, x7);
    }
    v128.store(r, x0, 0);
    v128.store(r, x1, 16);
    v128.store(r, x2, 32);
    v128.store(r, x3, 48);
    v128.store(r, x4, 64);
    v128.store(r, x5, 80);
    v128.store(r, x6, 96);
    v128.store(r, x7, 112);
  }
  for (; off < rowBytes; off += 16) {
    let x = v128.load(row + off);
    for (let i = 0; i < count; i++) x = vmul<T>(vDecay, x);
    v128.store(row + off, x);
  }
}

/** Brings the rows example e reads up to date (`updates` so far in this call of `train`). */
export function catchUpRows<T>(offsets: usize, indices: usize, e: i32, updates: i32, decay: T): void {
  const vDecay = vsplat<T>(decay);
  const done = scratch(SCRATCH_DONE);
  const rowBytes = bytesOf<T>(field(0, FIELD_STRIDE));
  const w = field(0, FIELD_W);
  const last = firstNonZero(offsets, e + 1);
  for (let p = firstNonZero(offsets, e); p < last; p++) {
    const k = indexAt(indices, p);
    const lag = updates - load<i32>(done + (k << 2));
    if (lag > 0) {
      decayRow<T>(w + k * rowBytes, rowBytes, lag, vDecay);
      store<i32>(done + (k << 2), updates);
    }
  }
}

/** Links every non-zero input of the mini-batch into its row's list; returns the rows touched. */
function linkBatch(offsets: usize, indices: usize, order: usize, batch: i32, size: i32): i32 {
  const head = scratch(SCRATCH_HEAD);
  const touched = scratch(SCRATCH_TOUCHED);
  const links = scratch(SCRATCH_LINKS);
  let count: i32 = 0;
  let rows: i32 = 0;
  // Slots from last to first, each pushed at its row's head: every list ends up in example order.
  for (let slot = size - 1; slot >= 0; slot--) {
    const e = <i32>load<u32>(order + ((<usize>(batch + slot)) << 2));
    const last = firstNonZero(offsets, e + 1);
    for (let p = firstNonZero(offsets, e); p < last; p++) {
      const k = indexAt(indices, p);
      const at = head + (k << 2);
      const next = load<i32>(at);
      if (next < 0) {
        store<i32>(touched + ((<usize>rows) << 2), <i32>k);
        rows++;
      }
      const link = links + (<usize>count) * LINK_BYTES;
      store<i32>(link, p, 0);
      store<i32>(link, slot, 4);
      store<i32>(link, next, 8);
      store<i32>(at, count);
      count++;
    }
  }
  return rows;
}

/**
 * Copies row k's (x_k, δ pointer) pairs, in example order, to the gather array and empties its list;
 * returns their end.
 */
function gatherRow<T>(k: usize, values: usize, rowBytes: usize): usize {
  const head = scratch(SCRATCH_HEAD);
  const links = scratch(SCRATCH_LINKS);
  const slotDeltas = scratch(SCRATCH_SLOT_DELTAS);
  let g = scratch(SCRATCH_GATHER);
  for (let i = load<i32>(head + (k << 2)); i >= 0; i = load<i32>(links + (<usize>i) * LINK_BYTES, 8)) {
    const link = links + (<usize>i) * LINK_BYTES;
    store<T>(g, inputValue<T>(values, <usize>load<i32>(link, 0)), 0);
    store<i32>(g, <i32>(slotDeltas + (<usize>load<i32>(link, 4)) * rowBytes), 8);
    g += GATHER_BYTES;
  }
  store<i32>(head + (k << 2), -1);
  return g;
}

/** w ← decay·w − step·s for one vector of a row. */
@inline
function updateVector<T>(r: usize, offset: usize, s: v128, vDecay: v128, vStep: v128): void {
  v128.store(r + offset, vsub<T>(vmul<T>(vDecay, v128.load(r + offset)), vmul<T>(vStep, s)));
}

/** Eight vectors of a row from `off`: Σ over the gathered pairs in order, in registers, then the update. */
@inline
function updateEightVectors<T>(row: usize, off: usize, gather: usize, end: usize, vDecay: v128, vStep: v128): void {
  let s0 = vsplat<T>(0), s1 = vsplat<T>(0), s2 = vsplat<T>(0), s3 = vsplat<T>(0);
  let s4 = vsplat<T>(0), s5 = vsplat<T>(0), s6 = vsplat<T>(0), s7 = vsplat<T>(0);
  for (let g = gather; g < end; g += GATHER_BYTES) {
    const v = vsplat<T>(load<T>(g, 0));
    const d = (<usize>load<i32>(g, 8)) + off;
    s0 = vaddmul<T>(s0, v128.load(d, 0), v);
    s1 = vaddmul<T>(s1, v128.load(d, 16), v);
    s2 = vaddmul<T>(s2, v128.load(d, 32), v);
    s3 = vaddmul<T>(s3, v128.load(d, 48), v);
    s4 = vaddmul<T>(s4, v128.load(d, 64), v);
    s5 = vaddmul<T>(s5, v128.load(d, 80), v);
    s6 = vaddmul<T>(s6, v128.load(d, 96), v);
    s7 = vaddmul<T>(s7, v128.load(d, 112), v);
  }
  const r = row + off;
  updateVector<T>(r, 0, s0, vDecay, vStep);
  updateVector<T>(r, 16, s1, vDecay, vStep);
  updateVector<T>(r, 32, s2, vDecay, vStep);
  updateVector<T>(r, 48, s3, vDecay, vStep);
  updateVector<T>(r, 64, s4, vDecay, vStep);
  updateVector<T>(r, 80, s5, vDecay, vStep);
  updateVector<T>(r, 96, s6, vDecay, vStep);
  updateVector<T>(r, 112, s7, vDecay, vStep);
}

/** Two vectors of a row from `off`, as `updateEightVectors`. */
@inline
function updateTwoVectors<T>(row: usize, off: usize, gather: usize, end: usize, vDecay: v128, vStep: v128): void {
  let s0 = vsplat<T>(0), s1 = vsplat<T>(0);
  for (let g = gather; g < end; g += GATHER_BYTES) {
    const v = vsplat<T>(load<T>(g, 0));
    const d = (<usize>load<i32>(g, 8)) + off;
    s0 = vaddmul<T>(s0, v128.load(d, 0), v);
    s1 = vaddmul<T>(s1, v128.load(d, 16), v);
  }
  updateVector<T>(row + off, 0, s0, vDecay, vStep);
  updateVector<T>(row + off, 16, s1, vDecay, vStep);
}

/** One vector of a row at `off`, as `updateEightVectors`. */
@inline
function updateOneVector<T>(row: usize, off: usize, gather: usize, end: usize, vDecay: v128, vStep: v128): void {
  let s0 = vsplat<T>(0);
  for (let g = gather; g < end; g += GATHER_BYTES) {
    s0 = vaddmul<T>(s0, v128.load((<usize>load<i32>(g, 8)) + off), vsplat<T>(load<T>(g, 0)));
  }
  updateVector<T>(row + off, 0, s0, vDecay, vStep);
}

/** w_k ← decay·w_k − step·Σ x_k δ for one row, from its gathered pairs [gather, end). */
function updateRow<T>(row: usize, rowBytes: usize, gather: usize, end: usize, vDecay: v128, vStep: v128): void {
  let off: usize = 0;
  for (; off + 128 <= rowBytes; off += 128) updateEightVectors<T>(row, off, gather, end, vDecay, vStep);
  for (; off + 32 <= rowBytes; off += 32) updateTwoVectors<T>(row, off, gather, end, vDecay, vStep);
  if (off < rowBytes) updateOneVector<T>(row, off, gather, end, vDecay, vStep);
}

/**
 * The mini-batch's update of the rows it touched, each sum in example order (as the reference adds
 * the examples' gradients); `updates` counts the mini-batches before this one.
 */
export function updateTouchedRows<T>(
  offsets: usize, indices: usize, values: usize, order: usize,
  batch: i32, size: i32, updates: i32, decay: T, step: T,
): void {
  const vDecay = vsplat<T>(decay);
  const vStep = vsplat<T>(step);
  const rowBytes = bytesOf<T>(field(0, FIELD_STRIDE));
  const w = field(0, FIELD_W);
  const done = scratch(SCRATCH_DONE);
  const touched = scratch(SCRATCH_TOUCHED);
  const gather = scratch(SCRATCH_GATHER);
  const rows = linkBatch(offsets, indices, order, batch, size);
  for (let t = 0; t < rows; t++) {
    const k = <usize>load<u32>(touched + ((<usize>t) << 2));
    const end = gatherRow<T>(k, values, rowBytes);
    store<i32>(done + (k << 2), updates + 1);
    updateRow<T>(w + k * rowBytes, rowBytes, gather, end, vDecay, vStep);
  }
}

/** Applies every row's deferred decays, so the matrix is as an eager sweep would leave it. */
export function catchUpAllRows<T>(updates: i32, decay: T): void {
  const vDecay = vsplat<T>(decay);
  const done = scratch(SCRATCH_DONE);
  const nIn = <usize>field(0, FIELD_N_IN);
  const rowBytes = bytesOf<T>(field(0, FIELD_STRIDE));
  const w = field(0, FIELD_W);
  for (let k: usize = 0; k < nIn; k++) {
    decayRow<T>(w + k * rowBytes, rowBytes, updates - load<i32>(done + (k << 2)), vDecay);
    store<i32>(done + (k << 2), 0);
  }
}
