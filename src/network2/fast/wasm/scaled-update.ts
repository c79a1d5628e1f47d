// AssemblyScript. The first layer's update in float32 training, with the L2 decay as one scale
// factor: the weights are w = s·v, s a number and v the stored rows. Then
//   w ← decay·w − step·Σ∇w   is   s ← decay·s,  v ← v − (step/s)·Σ∇w,
// so a step's decay costs one multiplication and only the rows the mini-batch touched are written,
// each once per non-zero input: v_k += (−step/s · x_k)·δ, example by example. That adds the
// examples' gradients into the weights one at a time instead of summing them first, which differs
// from the reference by float rounding only. Before s could underflow, and at the end of `train`,
// s is folded back into v, so outside training the rows hold w itself.
import { field, FIELD_N_IN, FIELD_STRIDE, FIELD_W, SCRATCH_SLOT_DELTAS, scratch } from "./layout";
import { axpy, bytesOf, firstNonZero, indexAt, inputValue, vaddmul, vsplat } from "./vector";

/** Below this, s is folded into the rows (float32 keeps full precision down to about 1e-38). */
const SMALLEST_SCALE: f64 = 1e-20;

/** The first layer's scale s (1 outside `train`). */
let scale: f64 = 1;

/** s, for the forward pass. */
export function firstLayerScale(): f32 {
  return <f32>scale;
}

/** w = s·v back into v, s = 1. */
export function foldScale(): void {
  if (scale == 1) return;
  const bytes = (<usize>field(0, FIELD_N_IN)) * bytesOf<f32>(field(0, FIELD_STRIDE));
  const w = field(0, FIELD_W);
  const s = f32x4.splat(<f32>scale);
  for (let off: usize = 0; off < bytes; off += 16) v128.store(w + off, f32x4.mul(v128.load(w + off), s));
  scale = 1;
}

/**
 * The update of the mini-batch [batch, batch + size) of `order`: s ← decay·s, then every example's
 * x_k δ into the rows it touches (its δ is in the slot deltas, from `backward`).
 */
export function updateScaledRows(
  offsets: usize, indices: usize, values: usize, order: usize, batch: i32, size: i32, decay: f32, step: f32,
): void {
  scale *= <f64>decay;
  addScaledGradients(offsets, indices, values, order, batch, size, <f32>(-(<f64>step) / scale));
  if (scale < SMALLEST_SCALE) foldScale();
}

/**
 * v_k += c·x_k·δ for every non-zero input x_k of the mini-batch's examples. (`c` = −step/s comes in
 * as a parameter so that the optimizer cannot move its division into the loop.)
 */
function addScaledGradients(
  offsets: usize, indices: usize, values: usize, order: usize, batch: i32, size: i32, c: f32,
): void {
  const rowBytes = bytesOf<f32>(field(0, FIELD_STRIDE));
  const w = field(0, FIELD_W);
  const slotDeltas = scratch(SCRATCH_SLOT_DELTAS);
  for (let slot = 0; slot < size; slot++) {
    const e = <i32>load<u32>(order + ((<usize>(batch + slot)) << 2));
    const delta = slotDeltas + (<usize>slot) * rowBytes;
    const first = firstNonZero(offsets, e);
    const last = firstNonZero(offsets, e + 1);
    if (rowBytes == ROW_IN_REGISTERS) {
      addToEightVectorRows(w, delta, indices, values, first, last, c);
    } else {
      let p = first;
      for (; p + 1 < last; p += 2) {
        addToTwoRows(
          w + indexAt(indices, p) * rowBytes, w + indexAt(indices, p + 1) * rowBytes, delta,
          vsplat<f32>(c * inputValue<f32>(values, <usize>p)),
          vsplat<f32>(c * inputValue<f32>(values, <usize>(p + 1))),
          rowBytes,
        );
      }
      if (p < last) {
        axpy<f32>(
          w + indexAt(indices, p) * rowBytes, delta, vsplat<f32>(c * inputValue<f32>(values, <usize>p)), rowBytes,
        );
      }
    }
  }
}

/** Rows of this many bytes (8 vectors: 29 to 32 neurons) have their δ held in registers. */
const ROW_IN_REGISTERS: usize = 128;

/**
 * `addScaledGradients` for one example when a row is 8 vectors: the example's δ is loaded once
 * into eight registers, so each row costs a load, a multiply, an add and a store per vector
 * instead of two loads. Measured: 1.2× faster epochs of [784, 30, 10]; wider rows do not gain
 * (their δ needs a pass over the inputs per 8 vectors), so they keep `axpy`.
 */
function addToEightVectorRows(
  w: usize, delta: usize, indices: usize, values: usize, first: u32, last: u32, c: f32,
): void {
  const d0 = v128.load(delta, 0), d1 = v128.load(delta, 16), d2 = v128.load(delta, 32), d3 = v128.load(delta, 48);
  const d4 = v128.load(delta, 64), d5 = v128.load(delta, 80), d6 = v128.load(delta, 96), d7 = v128.load(delta, 112);
  for (let p = first; p < last; p++) {
    const v = vsplat<f32>(c * inputValue<f32>(values, <usize>p));
    const r = w + indexAt(indices, p) * ROW_IN_REGISTERS;
    v128.store(r, vaddmul<f32>(v128.load(r, 0), d0, v), 0);
    v128.store(r, vaddmul<f32>(v128.load(r, 16), d1, v), 16);
    v128.store(r, vaddmul<f32>(v128.load(r, 32), d2, v), 32);
    v128.store(r, vaddmul<f32>(v128.load(r, 48), d3, v), 48);
    v128.store(r, vaddmul<f32>(v128.load(r, 64), d4, v), 64);
    v128.store(r, vaddmul<f32>(v128.load(r, 80), d5, v), 80);
    v128.store(r, vaddmul<f32>(v128.load(r, 96), d6, v), 96);
    v128.store(r, vaddmul<f32>(v128.load(r, 112), d7, v), 112);
  }
}

/**
 * y1 += c1·δ and y2 += c2·δ over `bytes`: two rows of one example at once (its inputs are
 * distinct, so the rows are too, and every number gets the same operations as one row at a time),
 * each vector of δ loaded once for both. Measured on a quiet machine: 1.07× faster epochs of
 * [784, 100, 10] (rows of 8 vectors keep δ in registers instead, see `addToEightVectorRows`).
 */
function addToTwoRows(y1: usize, y2: usize, delta: usize, c1: v128, c2: v128, bytes: usize): void {
  let off: usize = 0;
  for (; off + 64 <= bytes; off += 64) {
    const d = delta + off, r1 = y1 + off, r2 = y2 + off;
    const d0 = v128.load(d, 0), d1 = v128.load(d, 16), d2 = v128.load(d, 32), d3 = v128.load(d, 48);
    v128.store(r1, vaddmul<f32>(v128.load(r1, 0), d0, c1), 0);
    v128.store(r1, vaddmul<f32>(v128.load(r1, 16), d1, c1), 16);
    v128.store(r1, vaddmul<f32>(v128.load(r1, 32), d2, c1), 32);
    v128.store(r1, vaddmul<f32>(v128.load(r1, 48), d3, c1), 48);
    v128.store(r2, vaddmul<f32>(v128.load(r2, 0), d0, c2), 0);
    v128.store(r2, vaddmul<f32>(v128.load(r2, 16), d1, c2), 16);
    v128.store(r2, vaddmul<f32>(v128.load(r2, 32), d2, c2), 32);
    v128.store(r2, vaddmul<f32>(v128.load(r2, 48), d3, c2), 48);
  }
  for (; off < bytes; off += 16) {
    const d0 = v128.load(delta + off);
    v128.store(y1 + off, vaddmul<f32>(v128.load(y1 + off), d0, c1));
    v128.store(y2 + off, vaddmul<f32>(v128.load(y2 + off), d0, c2));
  }
}
