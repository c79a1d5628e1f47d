// AssemblyScript: compiled to WebAssembly (with SIMD) by `npm run build:wasm`, not by tsc.
//
// The inner loops of network2's SGD for one network: forward pass, backpropagation summed over a
// mini-batch, and the L2-regularized update w ← (1 − ηλ/n)·w − (η/m)·Σ∇w, b ← b − (η/m)·Σ∇b.
// The host (src/network2/fast/engine.ts) lays out the memory by the constants of `layout.ts`
// (exported from here), writes the tables and passes data pointers; this module allocates nothing.
//
// Weights are stored input-major: layer l's matrix is nIn rows of `stride` numbers, row k holding
// the weights from input k to every neuron j (network2's w[j][k] transposed). Then
//   z = w·a + b      is a sum of rows scaled by the inputs (skipping zero inputs), and
//   ∇w += δ aᵀ       adds a scaled copy of δ to the row of each non-zero input,
// both contiguous (the first layer's rows take the examples' δ at the update, the dense layers' Σ∇w
// is summed there from each example's kept inputs and δ).
//
// Two precisions, sharing the forward and backward passes (generic in T):
// - `train64`: every sum in the order network2's per-example loops (and our reference) run it, e^x
//   the host's Math.exp, the first layer's update by `exact-update.ts`: bit for bit the reference.
// - `train32`: floats, four per vector, a SIMD e^x, the first layer's update by `scaled-update.ts`;
//   the same algorithm up to float rounding.
//
// @see NNDL §2 (the backpropagation equations), §3.2 (weight decay), network2.py
import {
  configure as configureLayers, depth, field, FIELD_B, FIELD_N_IN, FIELD_NABLA_B, FIELD_SLOT_DELTAS, FIELD_SLOT_INPUTS,
  FIELD_STRIDE, FIELD_W, SCRATCH_SLOT_DELTAS, scratch,
} from "./layout";
import { backward } from "./backward";
import { catchUpAllRows, catchUpRows, updateTouchedRows } from "./exact-update";
import { forward } from "./forward";
import { firstLayerScale, foldScale, updateScaledRows } from "./scaled-update";
import { prepareConstants } from "./sigmoid";
import { bytesOf, firstNonZero, splatAt, vaddmul, vmul, vsplat, vsub } from "./vector";

// The memory layout, for the host to lay out its tables by.
export {
  HEADER_WORDS, LAYER_FIELDS, FIELD_N_IN, FIELD_N_OUT, FIELD_STRIDE, FIELD_W,
  FIELD_B, FIELD_SLOT_INPUTS, FIELD_NABLA_B, FIELD_Z, FIELD_A, FIELD_DELTA, FIELD_SLOT_DELTAS,
  SCRATCH_WORDS, SCRATCH_SLOT_DELTAS, SCRATCH_HEAD, SCRATCH_DONE, SCRATCH_TOUCHED, SCRATCH_LINKS,
  SCRATCH_GATHER, LINK_BYTES, GATHER_BYTES, VECTOR_BYTES, COST_CROSS_ENTROPY, COST_QUADRATIC,
  COST_CUSTOM, configureScratch,
} from "./layout";
export {
  EVALUATION_CORRECT, EVALUATION_COST_SUM, EVALUATION_SATURATED, EVALUATION_SIGMA_PRIME_SUM,
  EVALUATION_GRADIENT_SUM, EVALUATION_WORDS, evaluate32, evaluate64,
} from "./evaluate";
export {
  LAYER_PROBE_FIELDS, LAYER_PROBE_STATS, LAYER_PROBE_NABLA_B, LAYER_PROBE_NABLA_W, LAYER_PROBE_DELTA,
  LAYER_STATS_SATURATED, LAYER_STATS_SIGMA_PRIME_SUM, LAYER_STATS_Z_SUM, LAYER_STATS_Z_SQUARE_SUM, LAYER_STATS_BINS,
  configureLayerProbe, scratchBytes,
} from "./monitors";

/** Points the kernel at its layer table (call once after the host writes it), and fills its constants. */
export function configure(table: usize): void {
  configureLayers(table);
  prepareConstants();
}

/**
 * The update of the layers after the first, and of every layer's biases, for a mini-batch of
 * `size` examples; clears the bias sums. Each weight row k's Σ∇w is summed here, from the
 * examples' inputs and δ that `backward` kept, in registers and in example order (as the reference
 * adds the examples' gradients, so float64 stays bit for bit), and goes straight into the step:
 * no sum is stored per example and read back. Measured against summing ∇w in memory example by
 * example: 1.02–1.07× faster epochs of [784, 30, 30, 30, 30, 10] and [784, 30, 30, 30, 10] in
 * float32 (float64: 1.03×), level for one hidden layer.
 */
function updateDense<T>(decay: T, step: T, size: i32): void {
  const vDecay = vsplat<T>(decay);
  const vStep = vsplat<T>(step);
  for (let l = 0; l < depth; l++) {
    const bytes = bytesOf<T>(field(l, FIELD_STRIDE));
    if (l > 0) {
      updateWeights<T>(
        field(l, FIELD_W), <i32>field(l, FIELD_N_IN), bytes, field(l, FIELD_SLOT_INPUTS),
        bytesOf<T>(field(l - 1, FIELD_STRIDE)), field(l, FIELD_SLOT_DELTAS), size, vDecay, vStep,
      );
    }
    const b = field(l, FIELD_B);
    const nb = field(l, FIELD_NABLA_B);
    for (let off: usize = 0; off < bytes; off += 16) {
      v128.store(b + off, vsub<T>(v128.load(b + off), vmul<T>(vStep, v128.load(nb + off))));
      v128.store(nb + off, vsplat<T>(0));
    }
  }
}

/**
 * w_k ← decay·w_k − step·Σ_i a_ik δ_i for every row k of a dense layer, the sum over the `size`
 * examples' kept inputs (`inBytes` apart) and δ (`bytes` apart) in blocks of up to 4 vectors.
 */
function updateWeights<T>(
  w: usize, nIn: i32, bytes: usize, inputs: usize, inBytes: usize, deltas: usize, size: i32,
  vDecay: v128, vStep: v128,
): void {
  for (let k = 0; k < nIn; k++) {
    const row = w + (<usize>k) * bytes;
    const ak = inputs + bytesOf<T>(<usize>k);
    for (let off: usize = 0; off < bytes; off += 64) {
      const width = bytes - off;
      let s0 = vsplat<T>(0), s1 = vsplat<T>(0), s2 = vsplat<T>(0), s3 = vsplat<T>(0);
      let a = ak, d = deltas + off;
      const end = a + (<usize>size) * inBytes;
      if (width >= 64) {
        for (; a < end; a += inBytes, d += bytes) {
          const v = splatAt<T>(a);
          s0 = vaddmul<T>(s0, v128.load(d, 0), v);
          s1 = vaddmul<T>(s1, v128.load(d, 16), v);
          s2 = vaddmul<T>(s2, v128.load(d, 32), v);
          s3 = vaddmul<T>(s3, v128.load(d, 48), v);
        }
      } else {
        for (; a < end; a += inBytes, d += bytes) {
          const v = splatAt<T>(a);
          s0 = vaddmul<T>(s0, v128.load(d, 0), v);
          if (width > 16) s1 = vaddmul<T>(s1, v128.load(d, 16), v);
          if (width > 32) s2 = vaddmul<T>(s2, v128.load(d, 32), v);
        }
      }
      const r = row + off;
      v128.store(r, vsub<T>(vmul<T>(vDecay, v128.load(r, 0)), vmul<T>(vStep, s0)), 0);
      if (width > 16) v128.store(r, vsub<T>(vmul<T>(vDecay, v128.load(r, 16)), vmul<T>(vStep, s1)), 16);
      if (width > 32) v128.store(r, vsub<T>(vmul<T>(vDecay, v128.load(r, 32)), vmul<T>(vStep, s2)), 32);
      if (width > 48) v128.store(r, vsub<T>(vmul<T>(vDecay, v128.load(r, 48)), vmul<T>(vStep, s3)), 48);
    }
  }
}

/** Sink for the touches' loads, so the optimizer keeps them. */
let touched: u32 = 0;

/**
 * Reads one word of every cache line of example e's inputs and target, so that they are on their
 * way from memory before the example trains: in the shuffled order each example's data is a fresh,
 * random place, and WebAssembly has no prefetch instruction.
 */
function touchExample(offsets: usize, indices: usize, values: usize, target: usize, e: i32): void {
  const first = <usize>firstNonZero(offsets, e);
  const last = <usize>firstNonZero(offsets, e + 1);
  let sum: u32 = load<u32>(target);
  for (let p = first; p < last; p += 32) sum += load<u32>(indices + (p << 1));
  for (let p = first; p < last; p += 16) sum += load<u32>(values + (p << 2));
  touched += sum;
}

/**
 * Touches the examples order[from, to): their inputs and targets (`touchExample`), and the
 * offsets of the mini-batch after them, which the next call's touches need. A touch is a real
 * load, and the processor retires nothing after a load until that load's line arrives: touching a
 * whole mini-batch at once waits for its ~150 lines together, once a mini-batch, where touching
 * each example two ahead (as this kernel did) waited once an example. Measured, each mini-batch
 * touching the next against that: 1.13× faster epochs of [784, 30, 10] in float32, 1.04× for 100
 * hidden neurons, 1.05–1.07× for [784, 30, 30, 30, 30, 10], 1.03× for float64. (Two mini-batches
 * ahead: the same.)
 */
function touchBatch(
  offsets: usize, indices: usize, values: usize, targets: usize, targetBytes: usize, order: usize,
  from: i32, to: i32, n: i32,
): void {
  for (let i = to, end = min(to + (to - from), n); i < end; i++) {
    touched += load<u32>(offsets + ((<usize>load<u32>(order + ((<usize>i) << 2))) << 2));
  }
  for (let i = from; i < to; i++) {
    const e = <i32>load<u32>(order + ((<usize>i) << 2));
    touchExample(offsets, indices, values, targets + (<usize>e) * targetBytes, e);
  }
}

/**
 * One epoch: the mini-batches of `order` (n indices into the data, shuffled), each of m examples or
 * fewer at the end. `targets` holds `targetStride` f64 numbers per example.
 */
function train<T>(
  offsets: usize, indices: usize, values: usize, targets: usize, targetStride: i32, order: usize,
  n: i32, m: i32, eta: f64, lmbda: f64,
): void {
  // In f64 these are network2's own expressions; in f32 they are rounded once, here.
  const decay = <T>(1.0 - eta * (lmbda / <f64>n));
  const deltaBytes = bytesOf<T>(field(0, FIELD_STRIDE));
  const slotDeltas = scratch(SCRATCH_SLOT_DELTAS);
  const targetBytes = bytesOf<f64>(<usize>targetStride);
  const exact = sizeof<T>() == 8;
  let updates: i32 = 0;
  touchBatch(offsets, indices, values, targets, targetBytes, order, 0, min(m, n), n);
  for (let batch = 0; batch < n; batch += m) {
    const size = min(m, n - batch);
    const scale: f32 = exact ? 1 : firstLayerScale();
    // The next mini-batch's inputs and targets, while this one trains.
    const next = batch + m;
    if (next < n) touchBatch(offsets, indices, values, targets, targetBytes, order, next, min(next + m, n), n);
    for (let slot = 0; slot < size; slot++) {
      const e = <i32>load<u32>(order + ((<usize>(batch + slot)) << 2));
      if (exact) catchUpRows<T>(offsets, indices, e, updates, decay);
      forward<T>(offsets, indices, values, e, scale);
      backward<T>(e, targets + (<usize>e) * targetBytes, slot, slotDeltas + (<usize>slot) * deltaBytes);
    }
    const step = <T>(eta / <f64>size);
    if (exact) updateTouchedRows<T>(offsets, indices, values, order, batch, size, updates, decay, step);
    else updateScaledRows(offsets, indices, values, order, batch, size, <f32>decay, <f32>step);
    updateDense<T>(decay, step, size);
    updates++;
  }
  if (exact) catchUpAllRows<T>(updates, decay);
  else foldScale();
}

// The exports, in both precisions.

export function train64(
  offsets: usize, indices: usize, values: usize, targets: usize, targetStride: i32, order: usize,
  n: i32, m: i32, eta: f64, lmbda: f64,
): void {
  train<f64>(offsets, indices, values, targets, targetStride, order, n, m, eta, lmbda);
}

export function train32(
  offsets: usize, indices: usize, values: usize, targets: usize, targetStride: i32, order: usize,
  n: i32, m: i32, eta: f64, lmbda: f64,
): void {
  train<f32>(offsets, indices, values, targets, targetStride, order, n, m, eta, lmbda);
}

export function forward64(offsets: usize, indices: usize, values: usize, e: i32): void {
  forward<f64>(offsets, indices, values, e, 1);
}

export function forward32(offsets: usize, indices: usize, values: usize, e: i32): void {
  forward<f32>(offsets, indices, values, e, 1);
}
