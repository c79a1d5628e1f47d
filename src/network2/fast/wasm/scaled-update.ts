// AssemblyScript. The first layer's update in float32 training, with the L2 decay as one scale
// factor: the weights are w = s·v, s a number and v the stored rows. Then
//   w ← decay·w − step·Σ∇w   is   s ← decay·s,  v ← v − (step/s)·Σ∇w,
// so a step's decay costs one multiplication and only the rows the mini-batch touched are written,
// each once per non-zero input: v_k += (−step/s · x_k)·δ, example by example. That adds the
// examples' gradients into the weights one at a time instead of summing them first, which differs
// from the reference by float rounding only. Before s could underflow, and at the end of `train`,
// s is folded back into v, so outside training the rows hold w itself.
import { field, FIELD_N_IN, FIELD_STRIDE, FIELD_W, SCRATCH_SLOT_DELTAS, scratch } from "./layout";
import { axpy, bytesOf, firstNonZero, indexAt, inputValue, vsplat } from "./vector";

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
export function updateScaledRows(offsets: usize, indices: usize, values: usize, order: usize, batch: i32, size: i32, decay: f32, step: f32): void {
  scale *= <f64>decay;
  addScaledGradients(offsets, indices, values, order, batch, size, <f32>(-(<f64>step) / scale));
  if (scale < SMALLEST_SCALE) foldScale();
}

/**
 * v_k += c·x_k·δ for every non-zero input x_k of the mini-batch's examples. (`c` = −step/s comes in
 * as a parameter so that the optimizer cannot move its division into the loop.)
 */
function addScaledGradients(offsets: usize, indices: usize, values: usize, order: usize, batch: i32, size: i32, c: f32): void {
  const rowBytes = bytesOf<f32>(field(0, FIELD_STRIDE));
  const w = field(0, FIELD_W);
  const slotDeltas = scratch(SCRATCH_SLOT_DELTAS);
  for (let slot = 0; slot < size; slot++) {
    const e = <i32>load<u32>(order + ((<usize>(batch + slot)) << 2));
    const delta = slotDeltas + (<usize>slot) * rowBytes;
    const last = firstNonZero(offsets, e + 1);
    for (let p = firstNonZero(offsets, e); p < last; p++) {
      axpy<f32>(w + indexAt(indices, p) * rowBytes, delta, vsplat<f32>(c * inputValue<f32>(values, <usize>p)), rowBytes);
    }
  }
}
