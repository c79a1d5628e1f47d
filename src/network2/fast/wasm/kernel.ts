// AssemblyScript: compiled to WebAssembly (with SIMD) by `npm run build:wasm`, not by tsc.
//
// The inner loops of network2's SGD for one network: forward pass, backpropagation summed over a
// mini-batch, and the L2-regularized update w ← (1 − ηλ/n)·w − (η/m)·Σ∇w, b ← b − (η/m)·Σ∇b.
// The host (src/network2/fast/engine.ts) owns the memory layout: it writes a layer table at `config` and
// passes data pointers; this module allocates nothing.
//
// Every function is generic in the number type T, f64 or f32, and exported in both precisions
// (`train64`, `train32`, …). A 128-bit SIMD vector holds 2 doubles or 4 floats.
//
// Weights are stored input-major: layer l's matrix is nIn rows of `stride` numbers, row k holding
// the weights from input k to every neuron j (network2's w[j][k] transposed). Then
//   z = w·a + b      is a sum of rows scaled by the inputs (skipping zero inputs), and
//   ∇w += δ aᵀ       adds a scaled copy of δ to the row of each non-zero input,
// both contiguous. `stride` is nOut rounded up to whole vectors; pad entries are kept at zero.
//
// In f64, every sum runs in the order network2's per-example loops (and our reference,
// Network.backprop) run it, and e^x is the host's Math.exp, so results agree with the reference
// bit for bit. In f32 the same operations round to float instead.
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

// SIMD and sizes for T (the conditions are compile-time constants, so each folds to one op).
@inline
function bytesOf<T>(count: usize): usize {
  return count << (sizeof<T>() == 8 ? 3 : 2);
}
@inline
function vsplat<T>(x: T): v128 {
  return sizeof<T>() == 8 ? f64x2.splat(<f64>x) : f32x4.splat(<f32>x);
}
@inline
function vadd<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.add(a, b) : f32x4.add(a, b);
}
@inline
function vsub<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.sub(a, b) : f32x4.sub(a, b);
}
@inline
function vmul<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.mul(a, b) : f32x4.mul(a, b);
}
/** a + b·c, as two roundings (no fused multiply-add: the reference rounds twice too). */
@inline
function vaddmul<T>(a: v128, b: v128, c: v128): v128 {
  return vadd<T>(a, vmul<T>(b, c));
}

/** The input value at CSR position p, in T. */
@inline
function inputValue<T>(values: usize, p: usize): T {
  return <T>load<f32>(values + (p << 2));
}

/** a = σ(z + b) in place of z (z then holds z + b), for the first n entries; pads stay 0. */
function activate<T>(z: usize, b: usize, a: usize, n: i32): void {
  if (sizeof<T>() == 4) {
    activateFloats(z, b, a, n);
    return;
  }
  for (let j = 0; j < n; j++) {
    const off = bytesOf<T>(<usize>j);
    const zj: T = load<T>(z + off) + load<T>(b + off);
    store<T>(z + off, zj);
    store<T>(a + off, <T>(1.0 / (1.0 + exp(-(<f64>zj)))));
  }
}

// e^x for four floats at once (Cephes' expf: x = k·ln 2 + r, a degree-6 polynomial for e^r, 2^k
// from the exponent bits), within about 1 ulp; float32 training uses it instead of calling the
// host's Math.exp once per neuron, which costs more than the rest of the activation.
const EXP_HI: f32 = 88.3762626647949;
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

@inline
function expFloats(x: v128): v128 {
  x = f32x4.max(f32x4.min(x, f32x4.splat(EXP_HI)), f32x4.splat(-EXP_HI));
  const k = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(k, f32x4.splat(LN2_HI))), f32x4.mul(k, f32x4.splat(LN2_LO)));
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2^k: k + 127 in the exponent field. The clamp keeps k in [−127, 128], where the field gives
  // 0 and ∞: e^x → 0 and ∞, the right limits for σ.
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** `activate` for floats: z + b and σ four neurons at a time; the pad entries of a set back to 0. */
function activateFloats(z: usize, b: usize, a: usize, n: i32): void {
  const bytes = bytesOf<f32>(<usize>n);
  for (let off: usize = 0; off < bytes; off += 16) {
    const zv = f32x4.add(v128.load(z + off), v128.load(b + off));
    v128.store(z + off, zv);
    v128.store(a + off, f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expFloats(f32x4.neg(zv)))));
  }
  // The last vector may run into the pad; σ(0) = 1/2 there, and the pads must stay 0.
  for (let j = n; j % 4 != 0; j++) store<f32>(a + bytesOf<f32>(<usize>j), 0);
}

/**
 * z = Σ_p x_p · row(k_p) over the non-zero inputs p ∈ [first, last) of one example, for the
 * `rowBytes` of z. Blocks of 8, 4, 2 and 1 vectors are summed in registers, each entry still in
 * input order, so the result is the plain loop's, bit for bit.
 */
function sparseRowsSum<T>(z: usize, w: usize, rowBytes: usize, indices: usize, values: usize, first: u32, last: u32): void {
  let off: usize = 0;
  for (; off + 128 <= rowBytes; off += 128) {
    let s0 = vsplat<T>(0), s1 = vsplat<T>(0), s2 = vsplat<T>(0), s3 = vsplat<T>(0);
    let s4 = vsplat<T>(0), s5 = vsplat<T>(0), s6 = vsplat<T>(0), s7 = vsplat<T>(0);
    for (let p = first; p < last; p++) {
      const row = w + (<usize>load<u32>(indices + ((<usize>p) << 2))) * rowBytes + off;
      const v = vsplat<T>(inputValue<T>(values, p));
      s0 = vaddmul<T>(s0, v128.load(row, 0), v);
      s1 = vaddmul<T>(s1, v128.load(row, 16), v);
      s2 = vaddmul<T>(s2, v128.load(row, 32), v);
      s3 = vaddmul<T>(s3, v128.load(row, 48), v);
      s4 = vaddmul<T>(s4, v128.load(row, 64), v);
      s5 = vaddmul<T>(s5, v128.load(row, 80), v);
      s6 = vaddmul<T>(s6, v128.load(row, 96), v);
      s7 = vaddmul<T>(s7, v128.load(row, 112), v);
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
    let s0 = vsplat<T>(0), s1 = vsplat<T>(0), s2 = vsplat<T>(0), s3 = vsplat<T>(0);
    for (let p = first; p < last; p++) {
      const row = w + (<usize>load<u32>(indices + ((<usize>p) << 2))) * rowBytes + off;
      const v = vsplat<T>(inputValue<T>(values, p));
      s0 = vaddmul<T>(s0, v128.load(row, 0), v);
      s1 = vaddmul<T>(s1, v128.load(row, 16), v);
      s2 = vaddmul<T>(s2, v128.load(row, 32), v);
      s3 = vaddmul<T>(s3, v128.load(row, 48), v);
    }
    v128.store(z + off, s0, 0);
    v128.store(z + off, s1, 16);
    v128.store(z + off, s2, 32);
    v128.store(z + off, s3, 48);
    off += 64;
  }
  if (off + 32 <= rowBytes) {
    let s0 = vsplat<T>(0), s1 = vsplat<T>(0);
    for (let p = first; p < last; p++) {
      const row = w + (<usize>load<u32>(indices + ((<usize>p) << 2))) * rowBytes + off;
      const v = vsplat<T>(inputValue<T>(values, p));
      s0 = vaddmul<T>(s0, v128.load(row, 0), v);
      s1 = vaddmul<T>(s1, v128.load(row, 16), v);
    }
    v128.store(z + off, s0, 0);
    v128.store(z + off, s1, 16);
    off += 32;
  }
  if (off < rowBytes) {
    let s0 = vsplat<T>(0);
    for (let p = first; p < last; p++) {
      const row = w + (<usize>load<u32>(indices + ((<usize>p) << 2))) * rowBytes + off;
      s0 = vaddmul<T>(s0, v128.load(row), vsplat<T>(inputValue<T>(values, p)));
    }
    v128.store(z + off, s0);
  }
}

/** Feeds example e forward; inputs in CSR form (offsets, indices, values). */
function forward<T>(offsets: usize, indices: usize, values: usize, e: i32): void {
  // Layer 1: z = Σ over non-zero inputs k of x_k · row k, then + b.
  const first = load<u32>(offsets + ((<usize>e) << 2));
  const last = load<u32>(offsets + ((<usize>e + 1) << 2));
  sparseRowsSum<T>(field(0, Z), field(0, W), bytesOf<T>(field(0, STRIDE)), indices, values, first, last);
  activate<T>(field(0, Z), field(0, B), field(0, A), <i32>field(0, N_OUT));
  // Later layers: dense, the same sum over every input in order.
  for (let l = 1; l < depth; l++) {
    const nIn = <i32>field(l, N_IN);
    const bytes = bytesOf<T>(field(l, STRIDE));
    const z = field(l, Z);
    memory.fill(z, 0, bytes);
    const w = field(l, W);
    const aIn = field(l - 1, A);
    for (let k = 0; k < nIn; k++) {
      const v = vsplat<T>(load<T>(aIn + bytesOf<T>(<usize>k)));
      const row = w + (<usize>k) * bytes;
      for (let off: usize = 0; off < bytes; off += 16) {
        v128.store(z + off, vaddmul<T>(v128.load(z + off), v128.load(row + off), v));
      }
    }
    activate<T>(z, field(l, B), field(l, A), <i32>field(l, N_OUT));
  }
}

/** δᴸ for example e with target row `y` (nOut numbers). */
function outputDelta<T>(e: i32, y: usize): void {
  const top = depth - 1;
  const n = <i32>field(top, N_OUT);
  const a = field(top, A);
  const d = field(top, DELTA);
  if (costKind == COST_CROSS_ENTROPY) {
    for (let j = 0; j < n; j++) {
      const off = bytesOf<T>(<usize>j);
      store<T>(d + off, load<T>(a + off) - load<T>(y + off));
    }
  } else if (costKind == COST_QUADRATIC) {
    for (let j = 0; j < n; j++) {
      const off = bytesOf<T>(<usize>j);
      const aj: T = load<T>(a + off);
      store<T>(d + off, (aj - load<T>(y + off)) * (aj * (<T>1.0 - aj)));
    }
  } else {
    costDelta(e);
  }
}

/**
 * Adds example e's gradient to the sums ∇b (every layer) and ∇w (layers after the first), and
 * keeps δ of the first layer in `slotDelta` for the first layer's update (forward must have just
 * run on e).
 */
function backward<T>(e: i32, y: usize, slotDelta: usize): void {
  outputDelta<T>(e, y);
  for (let l = depth - 1; l >= 0; l--) {
    const bytes = bytesOf<T>(field(l, STRIDE));
    const d = field(l, DELTA);
    const nb = field(l, NB);
    for (let off: usize = 0; off < bytes; off += 16) {
      v128.store(nb + off, vadd<T>(v128.load(nb + off), v128.load(d + off)));
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
      const ak: T = load<T>(aIn + bytesOf<T>(<usize>k));
      const v = vsplat<T>(ak);
      const row = nw + (<usize>k) * bytes;
      for (let off: usize = 0; off < bytes; off += 16) {
        v128.store(row + off, vaddmul<T>(v128.load(row + off), v128.load(d + off), v));
      }
      // δˡ⁻¹_k = (Σ_j w_jk δ_j) · σ'(z_k), the sum over j in order; σ'(z) = a(1 − a).
      const wRow = w + (<usize>k) * bytes;
      let sum: T = 0;
      for (let j = 0; j < nOut; j++) {
        const off = bytesOf<T>(<usize>j);
        sum += load<T>(wRow + off) * load<T>(d + off);
      }
      store<T>(previous + bytesOf<T>(<usize>k), sum * (ak * (<T>1.0 - ak)));
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
  for (; off + 32 <= rowBytes; off += 32) {
    const r = row + off;
    let x0 = v128.load(r, 0), x1 = v128.load(r, 16);
    for (let i = 0; i < count; i++) {
      x0 = vmul<T>(vDecay, x0);
      x1 = vmul<T>(vDecay, x1);
    }
    v128.store(r, x0, 0);
    v128.store(r, x1, 16);
  }
  for (; off < rowBytes; off += 16) {
    let x = v128.load(row + off);
    for (let i = 0; i < count; i++) x = vmul<T>(vDecay, x);
    v128.store(row + off, x);
  }
}

/** Brings the rows example e reads up to date (`updates` so far in this call of `train`). */
function catchUpRows<T>(offsets: usize, indices: usize, e: i32, scratch: usize, updates: i32, vDecay: v128): void {
  const done = scratchAt(scratch, DONE);
  const rowBytes = bytesOf<T>(field(0, STRIDE));
  const w = field(0, W);
  const first = load<u32>(offsets + ((<usize>e) << 2));
  const last = load<u32>(offsets + ((<usize>e + 1) << 2));
  for (let p = first; p < last; p++) {
    const k = <usize>load<u32>(indices + ((<usize>p) << 2));
    const lag = updates - load<i32>(done + (k << 2));
    if (lag > 0) {
      decayRow<T>(w + k * rowBytes, rowBytes, lag, vDecay);
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

/** w ← decay·w − step·s for one vector of a row. */
@inline
function updateVector<T>(r: usize, offset: usize, s: v128, vDecay: v128, vStep: v128): void {
  v128.store(r + offset, vsub<T>(vmul<T>(vDecay, v128.load(r + offset)), vmul<T>(vStep, s)));
}

/**
 * w_k ← decay·w_k − step·Σ x_k δ for each touched row k, the sum in example order (as the
 * reference adds the examples' gradients), blocks of 8, 4, 2 and 1 vectors in registers.
 */
function updateTouchedRows<T>(values: usize, scratch: usize, rows: i32, updates: i32, decay: T, step: T): void {
  const vDecay = vsplat<T>(decay);
  const vStep = vsplat<T>(step);
  const rowBytes = bytesOf<T>(field(0, STRIDE));
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
      store<T>(g, inputValue<T>(values, <usize>load<i32>(link, 0)), 0);
      store<i32>(g, <i32>(slotDeltas + (<usize>load<i32>(link, 4)) * rowBytes), 8);
      n++;
    }
    store<i32>(head + (k << 2), -1);
    store<i32>(done + (k << 2), updates + 1);
    const end = gather + n * GATHER_BYTES;
    const row = w + k * rowBytes;
    let off: usize = 0;
    for (; off + 128 <= rowBytes; off += 128) {
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
    if (off + 64 <= rowBytes) {
      let s0 = vsplat<T>(0), s1 = vsplat<T>(0), s2 = vsplat<T>(0), s3 = vsplat<T>(0);
      for (let g = gather; g < end; g += GATHER_BYTES) {
        const v = vsplat<T>(load<T>(g, 0));
        const d = (<usize>load<i32>(g, 8)) + off;
        s0 = vaddmul<T>(s0, v128.load(d, 0), v);
        s1 = vaddmul<T>(s1, v128.load(d, 16), v);
        s2 = vaddmul<T>(s2, v128.load(d, 32), v);
        s3 = vaddmul<T>(s3, v128.load(d, 48), v);
      }
      const r = row + off;
      updateVector<T>(r, 0, s0, vDecay, vStep);
      updateVector<T>(r, 16, s1, vDecay, vStep);
      updateVector<T>(r, 32, s2, vDecay, vStep);
      updateVector<T>(r, 48, s3, vDecay, vStep);
      off += 64;
    }
    if (off + 32 <= rowBytes) {
      let s0 = vsplat<T>(0), s1 = vsplat<T>(0);
      for (let g = gather; g < end; g += GATHER_BYTES) {
        const v = vsplat<T>(load<T>(g, 0));
        const d = (<usize>load<i32>(g, 8)) + off;
        s0 = vaddmul<T>(s0, v128.load(d, 0), v);
        s1 = vaddmul<T>(s1, v128.load(d, 16), v);
      }
      const r = row + off;
      updateVector<T>(r, 0, s0, vDecay, vStep);
      updateVector<T>(r, 16, s1, vDecay, vStep);
      off += 32;
    }
    if (off < rowBytes) {
      let s0 = vsplat<T>(0);
      for (let g = gather; g < end; g += GATHER_BYTES) {
        s0 = vaddmul<T>(s0, v128.load((<usize>load<i32>(g, 8)) + off), vsplat<T>(load<T>(g, 0)));
      }
      updateVector<T>(row + off, 0, s0, vDecay, vStep);
    }
  }
}

/** Applies every row's deferred decays, so the matrix is as an eager sweep would leave it. */
function catchUpAllRows<T>(scratch: usize, updates: i32, vDecay: v128): void {
  const done = scratchAt(scratch, DONE);
  const nIn = <usize>field(0, N_IN);
  const rowBytes = bytesOf<T>(field(0, STRIDE));
  const w = field(0, W);
  for (let k: usize = 0; k < nIn; k++) {
    decayRow<T>(w + k * rowBytes, rowBytes, updates - load<i32>(done + (k << 2)), vDecay);
    store<i32>(done + (k << 2), 0);
  }
}

/** The update of the layers after the first, and of every layer's biases; clears the sums. */
function update<T>(decay: T, step: T): void {
  const vDecay = vsplat<T>(decay);
  const vStep = vsplat<T>(step);
  for (let l = 0; l < depth; l++) {
    const bytes = bytesOf<T>(field(l, STRIDE));
    if (l > 0) {
      const w = field(l, W);
      const nw = field(l, NW);
      const end = (<usize>field(l, N_IN)) * bytes;
      for (let off: usize = 0; off < end; off += 16) {
        v128.store(w + off, vsub<T>(vmul<T>(vDecay, v128.load(w + off)), vmul<T>(vStep, v128.load(nw + off))));
      }
      memory.fill(nw, 0, end);
    }
    const b = field(l, B);
    const nb = field(l, NB);
    for (let off: usize = 0; off < bytes; off += 16) {
      v128.store(b + off, vsub<T>(v128.load(b + off), vmul<T>(vStep, v128.load(nb + off))));
    }
    memory.fill(nb, 0, bytes);
  }
}

/**
 * Trains on the mini-batches that start in [start, end) of `order` (indices into the data), each
 * of m examples or fewer at the end of the epoch; n is the training set's size. `targets` holds
 * `targetStride` numbers per example. `scratch` points at the scratch table (see above).
 */
function train<T>(
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
  // In f64 these are network2's own expressions; in f32 they are rounded once, here.
  const decay = <T>(1.0 - eta * (lmbda / <f64>n));
  const vDecay = vsplat<T>(decay);
  const deltaBytes = bytesOf<T>(field(0, STRIDE));
  const slotDeltas = scratchAt(scratch, SLOT_DELTAS);
  let updates: i32 = 0;
  for (let batch = start; batch < end; batch += m) {
    const size = min(m, n - batch);
    for (let slot = 0; slot < size; slot++) {
      const e = <i32>load<u32>(order + ((<usize>(batch + slot)) << 2));
      catchUpRows<T>(offsets, indices, e, scratch, updates, vDecay);
      forward<T>(offsets, indices, values, e);
      backward<T>(e, targets + (<usize>e) * bytesOf<T>(<usize>targetStride), slotDeltas + (<usize>slot) * deltaBytes);
    }
    const step = <T>(eta / <f64>size);
    const rows = linkBatch(offsets, indices, order, batch, size, scratch);
    updateTouchedRows<T>(values, scratch, rows, updates, decay, step);
    update<T>(decay, step);
    updates++;
  }
  catchUpAllRows<T>(scratch, updates, vDecay);
}

// The exports, in both precisions.

export function train64(
  offsets: usize, indices: usize, values: usize, targets: usize, targetStride: i32, order: usize,
  start: i32, end: i32, n: i32, m: i32, eta: f64, lmbda: f64, scratch: usize,
): void {
  train<f64>(offsets, indices, values, targets, targetStride, order, start, end, n, m, eta, lmbda, scratch);
}

export function train32(
  offsets: usize, indices: usize, values: usize, targets: usize, targetStride: i32, order: usize,
  start: i32, end: i32, n: i32, m: i32, eta: f64, lmbda: f64, scratch: usize,
): void {
  train<f32>(offsets, indices, values, targets, targetStride, order, start, end, n, m, eta, lmbda, scratch);
}

export function forward64(offsets: usize, indices: usize, values: usize, e: i32): void {
  forward<f64>(offsets, indices, values, e);
}

export function forward32(offsets: usize, indices: usize, values: usize, e: i32): void {
  forward<f32>(offsets, indices, values, e);
}
