// AssemblyScript. The monitors' work on one example, after `forward` has run on it: the first hidden
// layer's δ (for the hidden-layer monitor, `hidden-probe.ts`) and every layer's sums (the per-layer
// monitor, `layer-probe.ts`). `evaluate.ts` calls them during its pass.
//
// Every number is computed as the host's probes compute it: in f64 from the layer's z and a (read
// in the engine's precision), δ by network2's recursion with σ'(z) = a(1 − a), every sum in the
// host's order, e^x the host's Math.exp. So the results equal the JavaScript probes' bit for bit in
// either precision, and in float64 the readable network's (tests check).
import {
  costKind, depth, field, COST_CROSS_ENTROPY, FIELD_A, FIELD_N_IN, FIELD_N_OUT, FIELD_STRIDE, FIELD_W, FIELD_Z,
} from "./layout";
import { bytesOf, firstNonZero, indexAt, vadd, vaddmul } from "./vector";

@external("env", "exp")
declare function exp(x: f64): f64;

/** y_j of example e: a row of `targets` (f64), or one-hot from `labels` (u8) when targets is 0. */
@inline
export function target(labels: usize, targets: usize, outputs: i32, e: i32, j: i32): f64 {
  if (targets != 0) return load<f64>(targets + ((<usize>(e * outputs + j)) << 3));
  return <i32>load<u8>(labels + <usize>e) == j ? 1 : 0;
}

/** a_j of layer l, as f64. */
@inline
export function activation<T>(l: i32, j: i32): f64 {
  return <f64>load<T>(field(l, FIELD_A) + bytesOf<T>(<usize>j));
}

/** δᴸ of example e from the cost (network2's `delta`), into `d` (outputs f64). */
function outputDelta<T>(labels: usize, targets: usize, outputs: i32, e: i32, d: usize): void {
  const top = depth - 1;
  for (let j = 0; j < outputs; j++) {
    const residual = activation<T>(top, j) - target(labels, targets, outputs, e, j);
    let delta = residual;
    if (costKind != COST_CROSS_ENTROPY) {
      const s = 1 / (1 + exp(-(<f64>load<T>(field(top, FIELD_Z) + bytesOf<T>(<usize>j)))));
      delta = residual * (s * (1 - s));
    }
    store<f64>(d + ((<usize>j) << 3), delta);
  }
}

/** n rounded up to a whole number of f64 pairs (the length of the δ vectors and transposed rows). */
@inline
function pairs(n: i32): usize {
  return (<usize>(n + 1)) & ~(<usize>1);
}

// The monitors' scratch, laid out by the host (`scratchBytes` long, zeroed) and prepared at the start
// of a pass: the hidden-layer monitor's δ vectors, each layer's `pairs(nOut)` f64 in turn, then the
// weights of layers 2…L in network2's layout, as f64 (row j: the weights into neuron j, `pairs(nIn)`
// numbers, the pad 0), so that the δ recursion sums rows scaled by δ_j, two k per vector, each sum
// still over j in order.
let monitorScratch: usize = 0;

/** Bytes of the monitors' scratch for this network. */
export function scratchBytes(): i32 {
  let bytes: usize = 0;
  for (let l = 0; l < depth; l++) {
    bytes += pairs(<i32>field(l, FIELD_N_OUT)) << 3;
    if (l > 0) bytes += ((<usize>field(l, FIELD_N_OUT)) * pairs(<i32>field(l, FIELD_N_IN))) << 3;
  }
  return <i32>bytes;
}

/** Layer l's weights in network2's layout (l ≥ 1), in the scratch. */
function rowsOf(l: i32): usize {
  let at = monitorScratch;
  for (let i = 0; i < depth; i++) at += pairs(<i32>field(i, FIELD_N_OUT)) << 3;
  for (let i = 1; i < l; i++) at += ((<usize>field(i, FIELD_N_OUT)) * pairs(<i32>field(i, FIELD_N_IN))) << 3;
  return at;
}

/** Points the monitors at `scratch` and copies the weights of layers 2…L there, transposed, as f64. */
export function prepareMonitors<T>(scratch: usize): void {
  monitorScratch = scratch;
  for (let l = 1; l < depth; l++) {
    const nIn = <i32>field(l, FIELD_N_IN);
    const nOut = <i32>field(l, FIELD_N_OUT);
    const w = field(l, FIELD_W);
    const rowBytes = bytesOf<T>(field(l, FIELD_STRIDE));
    const rows = rowsOf(l);
    const width = pairs(nIn) << 3;
    for (let j = 0; j < nOut; j++) {
      for (let k = 0; k < nIn; k++) {
        const weight = <f64>load<T>(w + (<usize>k) * rowBytes + bytesOf<T>(<usize>j));
        store<f64>(rows + (<usize>j) * width + ((<usize>k) << 3), weight);
      }
    }
  }
}

/** σ'(z) = a(1 − a) of entries k and k + 1 of layer l (a pad's a is 0). */
@inline
function sigmaPrimePair<T>(l: i32, k: usize): v128 {
  const at = field(l, FIELD_A) + bytesOf<T>(k);
  const a = sizeof<T>() == 8 ? v128.load(at) : f64x2.promote_low_f32x4(v128.load64_zero(at));
  return f64x2.mul(a, f64x2.sub(f64x2.splat(1), a));
}

/**
 * δˡ⁻¹_k = (Σ_j w_jk δ_j)·σ'(z_k) for layer l ≥ 1, from `delta` (nOut f64) into `below`
 * (pairs(nIn) f64, the pad set to 0), σ'(z_k) = a_k(1 − a_k) of layer l − 1 (`backprop.ts`). Each
 * sum runs over j in order from 0, as the host's: eight k at a time in registers, adding the rows
 * of network2's layout scaled by δ_j.
 */
function deltaBelow<T>(l: i32, delta: usize, below: usize): void {
  const nOut = <i32>field(l, FIELD_N_OUT);
  const rowBytes = pairs(<i32>field(l, FIELD_N_IN)) << 3;
  const rows = rowsOf(l);
  for (let off: usize = 0; off < rowBytes; off += 64) {
    const width = rowBytes - off;
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    for (let j = 0; j < nOut; j++) {
      const d = f64x2.splat(load<f64>(delta + ((<usize>j) << 3)));
      const row = rows + (<usize>j) * rowBytes + off;
      s0 = vaddmul<f64>(s0, v128.load(row, 0), d);
      if (width > 16) s1 = vaddmul<f64>(s1, v128.load(row, 16), d);
      if (width > 32) s2 = vaddmul<f64>(s2, v128.load(row, 32), d);
      if (width > 48) s3 = vaddmul<f64>(s3, v128.load(row, 48), d);
    }
    const k = off >> 3;
    v128.store(below + off, f64x2.mul(s0, sigmaPrimePair<T>(l - 1, k)), 0);
    if (width > 16) v128.store(below + off, f64x2.mul(s1, sigmaPrimePair<T>(l - 1, k + 2)), 16);
    if (width > 32) v128.store(below + off, f64x2.mul(s2, sigmaPrimePair<T>(l - 1, k + 4)), 32);
    if (width > 48) v128.store(below + off, f64x2.mul(s3, sigmaPrimePair<T>(l - 1, k + 6)), 48);
  }
}

/**
 * δ of the first hidden layer for example e: δᴸ from the cost, then down the layers, in the
 * scratch's δ vectors; returns where the first hidden layer's is.
 */
export function hiddenDeltas<T>(labels: usize, targets: usize, outputs: i32, e: i32): usize {
  const top = depth - 1;
  let d = monitorScratch;
  for (let l = 0; l < top; l++) d += pairs(<i32>field(l, FIELD_N_OUT)) << 3;
  outputDelta<T>(labels, targets, outputs, e, d);
  for (let l = top; l >= 1; l--) {
    const below = d - (pairs(<i32>field(l, FIELD_N_IN)) << 3);
    deltaBelow<T>(l, d, below);
    d = below;
  }
  return d;
}

// The per-layer monitor's memory: a table of LAYER_PROBE_FIELDS i32 byte offsets per layer, given
// with the bins to `configureLayerProbe`. Every sum is f64; the host zeroes them before a pass.
export const LAYER_PROBE_FIELDS: i32 = 4;
/** Saturated count, Σσ'(z), Σz, Σz², then the z bins' counts, below, above, then σ(z)'s likewise. */
export const LAYER_PROBE_STATS: i32 = 0;
/** Σ∂C/∂b: `stride` numbers. */
export const LAYER_PROBE_NABLA_B: i32 = 1;
/** Σ∂C/∂w, input-major as the weights: nIn rows of `stride` numbers. */
export const LAYER_PROBE_NABLA_W: i32 = 2;
/** One example's δ: `stride` numbers, the pads 0. */
export const LAYER_PROBE_DELTA: i32 = 3;
export const LAYER_STATS_SATURATED: i32 = 0;
export const LAYER_STATS_SIGMA_PRIME_SUM: i32 = 1;
export const LAYER_STATS_Z_SUM: i32 = 2;
export const LAYER_STATS_Z_SQUARE_SUM: i32 = 3;
export const LAYER_STATS_BINS: i32 = 4;

let probeTable: usize = 0;
let zStart: f64 = 0, zWidth: f64 = 1, aStart: f64 = 0, aWidth: f64 = 1, saturationMargin: f64 = 0;
let zBins: i32 = 0, aBins: i32 = 0;

/** Points the kernel at the per-layer monitor's table and gives its bins and saturation margin. */
export function configureLayerProbe(
  table: usize, zFrom: f64, zBinWidth: f64, zCount: i32, aFrom: f64, aBinWidth: f64, aCount: i32, margin: f64,
): void {
  probeTable = table;
  zStart = zFrom;
  zWidth = zBinWidth;
  zBins = zCount;
  aStart = aFrom;
  aWidth = aBinWidth;
  aBins = aCount;
  saturationMargin = margin;
}

@inline
function probeField(l: i32, f: i32): usize {
  return <usize>load<i32>(probeTable + ((<usize>(l * LAYER_PROBE_FIELDS + f)) << 2));
}

/**
 * Counts v into the `bins` counts at `counts` (then below, then above) as the host's `count` does:
 * bin ⌊(v − start)/width⌋, the end itself in the last bin, NaN above.
 */
@inline
function countInto(counts: usize, bins: i32, start: f64, width: f64, v: f64): void {
  const i = floor<f64>((v - start) / width);
  let slot = bins + 1;
  if (i < 0) slot = bins;
  else if (i < <f64>bins) slot = <i32>i;
  else if (v == start + <f64>bins * width) slot = bins - 1;
  const at = counts + ((<usize>slot) << 3);
  store<f64>(at, load<f64>(at) + 1);
}

/** row ← row + c·δ over `bytes` of f64 (δ's pads are 0, so the row's pads stay 0). */
@inline
function addScaled(row: usize, delta: usize, c: f64, bytes: usize): void {
  const v = f64x2.splat(c);
  for (let off: usize = 0; off < bytes; off += 16) {
    v128.store(row + off, vaddmul<f64>(v128.load(row + off), v128.load(delta + off), v));
  }
}

/**
 * Adds example e (inputs in CSR form, target from labels or targets) to every layer's sums:
 * saturation, σ'(z), z and its square, the two histograms, then δ down the layers with
 * ∂C/∂b = δ and ∂C/∂w_jk = δ_j a_k (zero inputs skipped: they add nothing).
 */
export function probeLayers<T>(
  offsets: usize, indices: usize, values: usize, labels: usize, targets: usize, outputs: i32, e: i32,
): void {
  for (let l = 0; l < depth; l++) {
    const nOut = <i32>field(l, FIELD_N_OUT);
    const stats = probeField(l, LAYER_PROBE_STATS);
    const zCounts = stats + ((<usize>LAYER_STATS_BINS) << 3);
    const aCounts = zCounts + ((<usize>(zBins + 2)) << 3);
    const zs = field(l, FIELD_Z);
    let saturated = load<f64>(stats, LAYER_STATS_SATURATED << 3);
    let sigmaPrimeSum = load<f64>(stats, LAYER_STATS_SIGMA_PRIME_SUM << 3);
    let zSum = load<f64>(stats, LAYER_STATS_Z_SUM << 3);
    let zSquareSum = load<f64>(stats, LAYER_STATS_Z_SQUARE_SUM << 3);
    for (let j = 0; j < nOut; j++) {
      const z = <f64>load<T>(zs + bytesOf<T>(<usize>j));
      const a = activation<T>(l, j);
      if (a < saturationMargin || a > 1 - saturationMargin) saturated += 1;
      sigmaPrimeSum += a * (1 - a);
      zSum += z;
      zSquareSum += z * z;
      countInto(zCounts, zBins, zStart, zWidth, z);
      countInto(aCounts, aBins, aStart, aWidth, a);
    }
    store<f64>(stats, saturated, LAYER_STATS_SATURATED << 3);
    store<f64>(stats, sigmaPrimeSum, LAYER_STATS_SIGMA_PRIME_SUM << 3);
    store<f64>(stats, zSum, LAYER_STATS_Z_SUM << 3);
    store<f64>(stats, zSquareSum, LAYER_STATS_Z_SQUARE_SUM << 3);
  }
  const top = depth - 1;
  outputDelta<T>(labels, targets, outputs, e, probeField(top, LAYER_PROBE_DELTA));
  for (let l = top; l >= 0; l--) {
    const delta = probeField(l, LAYER_PROBE_DELTA);
    const rowBytes = (<usize>field(l, FIELD_STRIDE)) << 3;
    const nablaB = probeField(l, LAYER_PROBE_NABLA_B);
    for (let off: usize = 0; off < rowBytes; off += 16) {
      v128.store(nablaB + off, vadd<f64>(v128.load(nablaB + off), v128.load(delta + off)));
    }
    const nablaW = probeField(l, LAYER_PROBE_NABLA_W);
    if (l == 0) {
      const last = firstNonZero(offsets, e + 1);
      for (let p = firstNonZero(offsets, e); p < last; p++) {
        const x = <f64>load<f32>(values + ((<usize>p) << 2));
        addScaled(nablaW + indexAt(indices, p) * rowBytes, delta, x, rowBytes);
      }
      break;
    }
    const nIn = <i32>field(l, FIELD_N_IN);
    for (let k = 0; k < nIn; k++) {
      const a = activation<T>(l - 1, k);
      if (a != 0) addScaled(nablaW + (<usize>k) * rowBytes, delta, a, rowBytes);
    }
    deltaBelow<T>(l, delta, probeField(l - 1, LAYER_PROBE_DELTA));
  }
}
