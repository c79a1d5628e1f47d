// AssemblyScript. σ(z) = 1/(1 + e^−z) over a layer: Math.exp (the host's) in float64, so results
// equal the reference's; a SIMD e^x in float32, four neurons at a time.
import { bytesOf } from "./vector";

@external("env", "exp")
declare function exp(x: f64): f64;

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

/**
 * z ← scale·z + b and a = σ(z) for the first n entries (pads stay 0). `scale` is the first layer's
 * weight scale in float32 training (see `scaled-update.ts`) and 1 everywhere else; float64 never
 * multiplies by it.
 */
export function activate<T>(z: usize, b: usize, a: usize, n: i32, scale: f32): void {
  if (sizeof<T>() == 4) {
    activateFloats(z, b, a, n, scale);
    return;
  }
  for (let j = 0; j < n; j++) {
    const off = bytesOf<T>(<usize>j);
    const zj: T = load<T>(z + off) + load<T>(b + off);
    store<T>(z + off, zj);
    store<T>(a + off, <T>(1.0 / (1.0 + exp(-(<f64>zj)))));
  }
}

/** `activate` for floats, four neurons at a time; the pad entries of a are set back to 0. */
function activateFloats(z: usize, b: usize, a: usize, n: i32, scale: f32): void {
  const bytes = bytesOf<f32>(<usize>n);
  const s = f32x4.splat(scale);
  for (let off: usize = 0; off < bytes; off += 16) {
    const zv = f32x4.add(f32x4.mul(v128.load(z + off), s), v128.load(b + off));
    v128.store(z + off, zv);
    v128.store(a + off, f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expFloats(f32x4.neg(zv)))));
  }
  // The last vector may run into the pad; σ(0) = 1/2 there, and the pads must stay 0.
  for (let j = n; j % 4 != 0; j++) store<f32>(a + bytesOf<f32>(<usize>j), 0);
}
