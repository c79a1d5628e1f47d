// AssemblyScript: compiled to WebAssembly (with SIMD) by `npm run build:wasm`, not by tsc.
//
// The inner loops of network2's SGD for one network: forward pass, backpropagation summed over a
// mini-batch, and the L2-regularized update w ← (1 − ηλ/n)·w − (η/m)·Σ∇w, b ← b − (η/m)·Σ∇b.
// The host (src/train/wasm-engine.ts) owns the memory layout: it writes a layer table at `config`
// and passes data pointers; this module allocates nothing.
//
// Weights are stored input-major: layer l's matrix is nIn rows of `stride` doubles, row k holding
// the weights from input k to every neuron j (network2's w[j][k] transposed). Then
//   z = w·a + b      is a sum of rows scaled by the inputs (skipping zero inputs), and
//   ∇w += δ aᵀ       adds a scaled copy of δ to the row of each non-zero input,
// both contiguous, two doubles per SIMD vector. `stride` is nOut rounded up to even; the pad
// entry of every vector is kept at zero.
//
// Every sum runs in the order network2's per-example loops (and our reference, Network.backprop)
// run it, and e^x is the host's Math.exp, so results agree with the reference bit for bit.
//
// @see NNDL §2 (the backpropagation equations), §3.2 (weight decay), network2.py

@external("env", "exp")
declare function exp(x: f64): f64;

// Custom cost: the host computes δᴸ = cost.delta(z, a, y) into the delta vector of the top layer.
@external("env", "costDelta")
declare function costDelta(example: i32): void;

const COST_CROSS_ENTROPY = 0;
const COST_QUADRATIC = 1;

// The layer table: word 0 depth, word 1 cost kind, then FIELDS words per layer.
const FIELDS = 10;
const N_IN = 0;
const N_OUT = 1;
const STRIDE = 2;
const W = 3;
const B = 4;
const NW = 5;
const NB = 6;
const Z = 7;
const A = 8;
const DELTA = 9;

let config: usize = 0;
let depth: i32 = 0;
let costKind: i32 = 0;

/** Points the kernel at its layer table (call once after the host writes it). */
export function configure(table: usize): void {
  config = table;
  depth = load<i32>(table);
  costKind = load<i32>(table + 4);
}

@inline
function field(l: i32, f: i32): usize {
  return <usize>load<i32>(config + ((<usize>(2 + l * FIELDS + f)) << 2));
}

@inline
function sigmoid(z: f64): f64 {
  return 1.0 / (1.0 + exp(-z));
}

/** a = σ(z + b) in place of z (z then holds z + b), for the first n entries; pads stay 0. */
function activate(z: usize, b: usize, a: usize, n: i32): void {
  for (let j = 0; j < n; j++) {
    const off = (<usize>j) << 3;
    const zj = load<f64>(z + off) + load<f64>(b + off);
    store<f64>(z + off, zj);
    store<f64>(a + off, sigmoid(zj));
  }
}

/**
 * z += Σ_p x_p · row(k_p) over the non-zero inputs p ∈ [first, last) of one example, for the
 * `stride` entries of z. Blocks of 16 doubles are summed in registers (8 SIMD accumulators), each
 * entry still in input order, so the result is the plain loop's, bit for bit.
 */
function sparseRowsSum(z: usize, w: usize, rowBytes: usize, indices: usize, values: usize, first: u32, last: u32): void {
  let off: usize = 0;
  for (; off + 128 <= rowBytes; off += 128) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let s4 = f64x2.splat(0), s5 = f64x2.splat(0), s6 = f64x2.splat(0), s7 = f64x2.splat(0);
    for (let p = first; p < last; p++) {
      const row = w + (<usize>load<u32>(indices + ((<usize>p) << 2))) * rowBytes + off;
      const v = f64x2.splat(<f64>load<f32>(values + ((<usize>p) << 2)));
      s0 = f64x2.add(s0, f64x2.mul(v128.load(row, 0), v));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(row, 16), v));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(row, 32), v));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(row, 48), v));
      s4 = f64x2.add(s4, f64x2.mul(v128.load(row, 64), v));
      s5 = f64x2.add(s5, f64x2.mul(v128.load(row, 80), v));
      s6 = f64x2.add(s6, f64x2.mul(v128.load(row, 96), v));
      s7 = f64x2.add(s7, f64x2.mul(v128.load(row, 112), v));
    }
    v128.store(z + off, s0, 0);
    v128.store(z + off, s1, 16);
    v128.store(z + off, s2, 32);
    v128.store(z + off, s3, 48);
    v128.store(z + off, s4, 64);
    v128.store(z + off, s5, 80);
    v128.store(z + off, s6, 96);
    v128.store(z + off, s7, 112);
  }
  if (off + 64 <= rowBytes) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    for (let p = first; p < last; p++) {
      const row = w + (<usize>load<u32>(indices + ((<usize>p) << 2))) * rowBytes + off;
      const v = f64x2.splat(<f64>load<f32>(values + ((<usize>p) << 2)));
      s0 = f64x2.add(s0, f64x2.mul(v128.load(row, 0), v));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(row, 16), v));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(row, 32), v));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(row, 48), v));
    }
    v128.store(z + off, s0, 0);
    v128.store(z + off, s1, 16);
    v128.store(z + off, s2, 32);
    v128.store(z + off, s3, 48);
    off += 64;
  }
  if (off + 32 <= rowBytes) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    for (let p = first; p < last; p++) {
      const row = w + (<usize>load<u32>(indices + ((<usize>p) << 2))) * rowBytes + off;
      const v = f64x2.splat(<f64>load<f32>(values + ((<usize>p) << 2)));
      s0 = f64x2.add(s0, f64x2.mul(v128.load(row, 0), v));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(row, 16), v));
    }
    v128.store(z + off, s0, 0);
    v128.store(z + off, s1, 16);
    off += 32;
  }
  for (; off < rowBytes; off += 16) {
    let s0 = f64x2.splat(0);
    for (let p = first; p < last; p++) {
      const row = w + (<usize>load<u32>(indices + ((<usize>p) << 2))) * rowBytes + off;
      s0 = f64x2.add(s0, f64x2.mul(v128.load(row), f64x2.splat(<f64>load<f32>(values + ((<usize>p) << 2)))));
    }
    v128.store(z + off, s0);
  }
}

/** Feeds example e forward; inputs in CSR form (offsets, indices, values). */
export function forward(offsets: usize, indices: usize, values: usize, e: i32): void {
  // Layer 1: z = Σ over non-zero inputs k of x_k · row k, then + b.
  const first = load<u32>(offsets + ((<usize>e) << 2));
  const last = load<u32>(offsets + ((<usize>e + 1) << 2));
  sparseRowsSum(field(0, Z), field(0, W), (<usize>field(0, STRIDE)) << 3, indices, values, first, last);
  activate(field(0, Z), field(0, B), field(0, A), <i32>field(0, N_OUT));
  // Later layers: dense, the same sum over every input in order.
  for (let l = 1; l < depth; l++) {
    const nIn = <i32>field(l, N_IN);
    const bytes = (<usize>field(l, STRIDE)) << 3;
    const z = field(l, Z);
    memory.fill(z, 0, bytes);
    const w = field(l, W);
    const aIn = field(l - 1, A);
    for (let k = 0; k < nIn; k++) {
      const v = f64x2.splat(load<f64>(aIn + ((<usize>k) << 3)));
      const row = w + (<usize>k) * bytes;
      for (let off: usize = 0; off < bytes; off += 16) {
        v128.store(z + off, f64x2.add(v128.load(z + off), f64x2.mul(v128.load(row + off), v)));
      }
    }
    activate(z, field(l, B), field(l, A), <i32>field(l, N_OUT));
  }
}

/** δᴸ for example e with target row `y` (nOut doubles). */
function outputDelta(e: i32, y: usize): void {
  const top = depth - 1;
  const n = <i32>field(top, N_OUT);
  const a = field(top, A);
  const d = field(top, DELTA);
  if (costKind == COST_CROSS_ENTROPY) {
    for (let j = 0; j < n; j++) {
      const off = (<usize>j) << 3;
      store<f64>(d + off, load<f64>(a + off) - load<f64>(y + off));
    }
  } else if (costKind == COST_QUADRATIC) {
    for (let j = 0; j < n; j++) {
      const off = (<usize>j) << 3;
      const aj = load<f64>(a + off);
      store<f64>(d + off, (aj - load<f64>(y + off)) * (aj * (1.0 - aj)));
    }
  } else {
    costDelta(e);
  }
}

/**
 * Adds example e's gradient to the sums ∇b (every layer) and ∇w (layers after the first), and
 * keeps δ of the first layer in `slotDelta` for `updateFirstLayer` (forward must have just run).
 */
function backward(e: i32, y: usize, slotDelta: usize): void {
  outputDelta(e, y);
  for (let l = depth - 1; l >= 0; l--) {
    const bytes = (<usize>field(l, STRIDE)) << 3;
    const d = field(l, DELTA);
    const nb = field(l, NB);
    for (let off: usize = 0; off < bytes; off += 16) {
      v128.store(nb + off, f64x2.add(v128.load(nb + off), v128.load(d + off)));
    }
    if (l == 0) {
      memory.copy(slotDelta, d, bytes);
      break;
    }
    const nIn = <i32>field(l, N_IN);
    const nOut = <i32>field(l, N_OUT);
    const w = field(l, W);
    const nw = field(l, NW);
    const aIn = field(l - 1, A);
    const previous = field(l - 1, DELTA);
    for (let k = 0; k < nIn; k++) {
      const ak = load<f64>(aIn + ((<usize>k) << 3));
      const v = f64x2.splat(ak);
      const row = nw + (<usize>k) * bytes;
      for (let off: usize = 0; off < bytes; off += 16) {
        v128.store(row + off, f64x2.add(v128.load(row + off), f64x2.mul(v128.load(d + off), v)));
      }
      // δˡ⁻¹_k = (Σ_j w_jk δ_j) · σ'(z_k), the sum over j in order; σ'(z) = a(1 − a).
      const wRow = w + (<usize>k) * bytes;
      let sum: f64 = 0;
      for (let j = 0; j < nOut; j++) {
        const off = (<usize>j) << 3;
        sum += load<f64>(wRow + off) * load<f64>(d + off);
      }
      store<f64>(previous + ((<usize>k) << 3), sum * (ak * (1.0 - ak)));
    }
  }
}

// The first layer's update, w ← decay·w − step·Σ∇w, is done without ever storing Σ∇w or sweeping
// the whole matrix every mini-batch:
// - Row k of Σ∇w is the sum over the mini-batch's examples with x_k ≠ 0 of x_k·δ (the others add
//   exactly 0). Each mini-batch links its non-zero inputs into one list per row (`head[k]`, then
//   `next`), in example order, and only the rows it touched get the full update.
// - A row no example touched gets w ← decay·w (its Σ∇w is 0). Those multiplications are deferred
//   until the row is next read (`done[k]` counts the updates a row has had), then applied one by
//   one, so the row holds exactly what an eager sweep would have left in it.
// The scratch table holds pointers, one i32 each:
const SLOT_DELTAS = 0; // m first-layer δ vectors, one per example of the mini-batch
const HEAD = 1; // nIn i32: first link of each row's list, −1 when empty
const DONE = 2; // nIn i32: updates applied to each row so far
const TOUCHED = 3; // nIn i32: the rows the mini-batch touched
const LINKS = 4; // per non-zero input: CSR position p, slot in the mini-batch, next link or −1
const GATHER = 5; // per example of the mini-batch: x_k (f64), pointer to its δ (i32), pad
const LINK_BYTES: usize = 12;
const GATHER_BYTES: usize = 16;

@inline
function scratchAt(scratch: usize, slot: i32): usize {
  return <usize>load<i32>(scratch + ((<usize>slot) << 2));
}

/**
 * Applies `count` deferred decays to a row: w ← decay·w, `count` times, one rounding each.
 * Eight independent chains at a time, so the multiplier's latency is hidden.
 */
function decayRow(row: usize, rowBytes: usize, count: i32, vDecay: v128): void {
  if (count <= 0) return;
  let off: usize = 0;
  for (; off + 128 <= rowBytes; off += 128) {
    const r = row + off;
    let x0 = v128.load(r, 0), x1 = v128.load(r, 16), x2 = v128.load(r, 32), x3 = v128.load(r, 48);
    let x4 = v128.load(r, 64), x5 = v128.load(r, 80), x6 = v128.load(r, 96), x7 = v128.load(r, 112);
    for (let i = 0; i < count; i++) {
      x0 = f64x2.mul(vDecay, x0);
      x1 = f64x2.mul(vDecay, x1);
      x2 = f64x2.mul(vDecay, x2);
      x3 = f64x2.mul(vDecay, x3);
      x4 = f64x2.mul(vDecay, x4);
      x5 = f64x2.mul(vDecay, x5);
      x6 = f64x2.mul(vDecay, x6);
      x7 = f64x2.mul(vDecay, x7);
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
  for (; off + 32 <= rowBytes; off += 32) {
    const r = row + off;
    let x0 = v128.load(r, 0), x1 = v128.load(r, 16);
    for (let i = 0; i < count; i++) {
      x0 = f64x2.mul(vDecay, x0);
      x1 = f64x2.mul(vDecay, x1);
    }
    v128.store(r, x0, 0);
    v128.store(r, x1, 16);
  }
  for (; off < rowBytes; off += 16) {
    let x = v128.load(row + off);
    for (let i = 0; i < count; i++) x = f64x2.mul(vDecay, x);
    v128.store(row + off, x);
  }
}

/** Brings the rows example e reads up to date (`updates` so far in this call of `train`). */
function catchUpRows(offsets: usize, indices: usize, e: i32, scratch: usize, updates: i32, vDecay: v128): void {
  const done = scratchAt(scratch, DONE);
  const rowBytes = (<usize>field(0, STRIDE)) << 3;
  const w = field(0, W);
  const first = load<u32>(offsets + ((<usize>e) << 2));
  const last = load<u32>(offsets + ((<usize>e + 1) << 2));
  for (let p = first; p < last; p++) {
    const k = <usize>load<u32>(indices + ((<usize>p) << 2));
    const lag = updates - load<i32>(done + (k << 2));
    if (lag > 0) {
      decayRow(w + k * rowBytes, rowBytes, lag, vDecay);
      store<i32>(done + (k << 2), updates);
    }
  }
}

/** Links every non-zero input of the mini-batch into its row's list; returns the rows touched. */
function linkBatch(offsets: usize, indices: usize, order: usize, batch: i32, size: i32, scratch: usize): i32 {
  const head = scratchAt(scratch, HEAD);
  const touched = scratchAt(scratch, TOUCHED);
  const links = scratchAt(scratch, LINKS);
  let count: i32 = 0;
  let rows: i32 = 0;
  for (let slot = size - 1; slot >= 0; slot--) {
    const e = load<u32>(order + ((<usize>(batch + slot)) << 2));
    const first = load<u32>(offsets + ((<usize>e) << 2));
    const last = load<u32>(offsets + ((<usize>e + 1) << 2));
    for (let p = first; p < last; p++) {
      const k = load<u32>(indices + ((<usize>p) << 2));
      const at = head + ((<usize>k) << 2);
      const next = load<i32>(at);
      if (next < 0) {
        store<i32>(touched + ((<usize>rows) << 2), k);
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
 * w_k ← decay·w_k − step·Σ x_k δ for each touched row k, the sum in example order (as the
 * reference adds the examples' gradients), 16, 8, 4 or 2 doubles at a time in registers.
 */
function updateTouchedRows(values: usize, scratch: usize, rows: i32, updates: i32, decay: f64, step: f64): void {
  const vDecay = f64x2.splat(decay);
  const vStep = f64x2.splat(step);
  const rowBytes = (<usize>field(0, STRIDE)) << 3;
  const w = field(0, W);
  const head = scratchAt(scratch, HEAD);
  const done = scratchAt(scratch, DONE);
  const touched = scratchAt(scratch, TOUCHED);
  const links = scratchAt(scratch, LINKS);
  const gather = scratchAt(scratch, GATHER);
  const slotDeltas = scratchAt(scratch, SLOT_DELTAS);
  for (let t = 0; t < rows; t++) {
    const k = <usize>load<u32>(touched + ((<usize>t) << 2));
    // Gather the row's (x_k, δ) pairs, in example order, into a contiguous array.
    let n: usize = 0;
    for (let i = load<i32>(head + (k << 2)); i >= 0; i = load<i32>(links + (<usize>i) * LINK_BYTES, 8)) {
      const link = links + (<usize>i) * LINK_BYTES;
      const g = gather + n * GATHER_BYTES;
      store<f64>(g, <f64>load<f32>(values + ((<usize>load<i32>(link, 0)) << 2)), 0);
      store<i32>(g, <i32>(slotDeltas + (<usize>load<i32>(link, 4)) * rowBytes), 8);
      n++;
    }
    store<i32>(head + (k << 2), -1);
    store<i32>(done + (k << 2), updates + 1);
    const end = gather + n * GATHER_BYTES;
    const row = w + k * rowBytes;
    let off: usize = 0;
    for (; off + 128 <= rowBytes; off += 128) {
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
      let s4 = f64x2.splat(0), s5 = f64x2.splat(0), s6 = f64x2.splat(0), s7 = f64x2.splat(0);
      for (let g = gather; g < end; g += GATHER_BYTES) {
        const v = f64x2.splat(load<f64>(g, 0));
        const d = (<usize>load<i32>(g, 8)) + off;
        s0 = f64x2.add(s0, f64x2.mul(v128.load(d, 0), v));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(d, 16), v));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(d, 32), v));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(d, 48), v));
        s4 = f64x2.add(s4, f64x2.mul(v128.load(d, 64), v));
        s5 = f64x2.add(s5, f64x2.mul(v128.load(d, 80), v));
        s6 = f64x2.add(s6, f64x2.mul(v128.load(d, 96), v));
        s7 = f64x2.add(s7, f64x2.mul(v128.load(d, 112), v));
      }
      const r = row + off;
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 0)), f64x2.mul(vStep, s0)), 0);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 16)), f64x2.mul(vStep, s1)), 16);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 32)), f64x2.mul(vStep, s2)), 32);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 48)), f64x2.mul(vStep, s3)), 48);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 64)), f64x2.mul(vStep, s4)), 64);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 80)), f64x2.mul(vStep, s5)), 80);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 96)), f64x2.mul(vStep, s6)), 96);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 112)), f64x2.mul(vStep, s7)), 112);
    }
    if (off + 64 <= rowBytes) {
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
      for (let g = gather; g < end; g += GATHER_BYTES) {
        const v = f64x2.splat(load<f64>(g, 0));
        const d = (<usize>load<i32>(g, 8)) + off;
        s0 = f64x2.add(s0, f64x2.mul(v128.load(d, 0), v));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(d, 16), v));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(d, 32), v));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(d, 48), v));
      }
      const r = row + off;
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 0)), f64x2.mul(vStep, s0)), 0);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 16)), f64x2.mul(vStep, s1)), 16);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 32)), f64x2.mul(vStep, s2)), 32);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 48)), f64x2.mul(vStep, s3)), 48);
      off += 64;
    }
    if (off + 32 <= rowBytes) {
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
      for (let g = gather; g < end; g += GATHER_BYTES) {
        const v = f64x2.splat(load<f64>(g, 0));
        const d = (<usize>load<i32>(g, 8)) + off;
        s0 = f64x2.add(s0, f64x2.mul(v128.load(d, 0), v));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(d, 16), v));
      }
      const r = row + off;
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 0)), f64x2.mul(vStep, s0)), 0);
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r, 16)), f64x2.mul(vStep, s1)), 16);
      off += 32;
    }
    for (; off < rowBytes; off += 16) {
      let s0 = f64x2.splat(0);
      for (let g = gather; g < end; g += GATHER_BYTES) {
        s0 = f64x2.add(s0, f64x2.mul(v128.load((<usize>load<i32>(g, 8)) + off), f64x2.splat(load<f64>(g, 0))));
      }
      const r = row + off;
      v128.store(r, f64x2.sub(f64x2.mul(vDecay, v128.load(r)), f64x2.mul(vStep, s0)));
    }
  }
}

/** Applies every row's deferred decays, so the matrix is as an eager sweep would leave it. */
function catchUpAllRows(scratch: usize, updates: i32, vDecay: v128): void {
  const done = scratchAt(scratch, DONE);
  const nIn = <usize>field(0, N_IN);
  const rowBytes = (<usize>field(0, STRIDE)) << 3;
  const w = field(0, W);
  for (let k: usize = 0; k < nIn; k++) {
    decayRow(w + k * rowBytes, rowBytes, updates - load<i32>(done + (k << 2)), vDecay);
    store<i32>(done + (k << 2), 0);
  }
}

/** The update of the layers after the first, and of every layer's biases; clears the sums. */
function update(decay: f64, step: f64): void {
  const vDecay = f64x2.splat(decay);
  const vStep = f64x2.splat(step);
  for (let l = 0; l < depth; l++) {
    const bytes = (<usize>field(l, STRIDE)) << 3;
    if (l > 0) {
      const w = field(l, W);
      const nw = field(l, NW);
      const end = (<usize>field(l, N_IN)) * bytes;
      for (let off: usize = 0; off < end; off += 16) {
        v128.store(w + off, f64x2.sub(f64x2.mul(vDecay, v128.load(w + off)), f64x2.mul(vStep, v128.load(nw + off))));
      }
      memory.fill(nw, 0, end);
    }
    const b = field(l, B);
    const nb = field(l, NB);
    for (let off: usize = 0; off < bytes; off += 16) {
      v128.store(b + off, f64x2.sub(v128.load(b + off), f64x2.mul(vStep, v128.load(nb + off))));
    }
    memory.fill(nb, 0, bytes);
  }
}

/**
 * Trains on the mini-batches that start in [start, end) of `order` (indices into the data), each
 * of m examples or fewer at the end of the epoch; n is the training set's size. `targets` holds
 * `targetStride` doubles per example. `scratch` points at the scratch table (see above).
 */
export function train(
  offsets: usize,
  indices: usize,
  values: usize,
  targets: usize,
  targetStride: i32,
  order: usize,
  start: i32,
  end: i32,
  n: i32,
  m: i32,
  eta: f64,
  lmbda: f64,
  scratch: usize,
): void {
  const decay = 1.0 - eta * (lmbda / <f64>n);
  const vDecay = f64x2.splat(decay);
  const deltaBytes = (<usize>field(0, STRIDE)) << 3;
  const slotDeltas = scratchAt(scratch, SLOT_DELTAS);
  let updates: i32 = 0;
  for (let batch = start; batch < end; batch += m) {
    const size = min(m, n - batch);
    for (let slot = 0; slot < size; slot++) {
      const e = <i32>load<u32>(order + ((<usize>(batch + slot)) << 2));
      catchUpRows(offsets, indices, e, scratch, updates, vDecay);
      forward(offsets, indices, values, e);
      backward(e, targets + (<usize>e) * ((<usize>targetStride) << 3), slotDeltas + (<usize>slot) * deltaBytes);
    }
    const step = eta / <f64>size;
    const rows = linkBatch(offsets, indices, order, batch, size, scratch);
    updateTouchedRows(values, scratch, rows, updates, decay, step);
    update(decay, step);
    updates++;
  }
  catchUpAllRows(scratch, updates, vDecay);
}

/** Writes the output activations of examples [0, count) to `out`, nOut doubles each. */
export function predict(offsets: usize, indices: usize, values: usize, count: i32, out: usize): void {
  const top = depth - 1;
  const bytes = (<usize>field(top, N_OUT)) << 3;
  const a = field(top, A);
  for (let e = 0; e < count; e++) {
    forward(offsets, indices, values, e);
    memory.copy(out + (<usize>e) * bytes, a, bytes);
  }
}
