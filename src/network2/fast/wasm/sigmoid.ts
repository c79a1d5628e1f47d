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

/** 1.5·2^23: t + ROUNDER rounds t to an integer and leaves it in the low mantissa bits. */
const ROUNDER: f32 = 12582912;

// The constants as vectors, in globals that `prepareConstants` fills at `configure`: V8 builds a
// v128 constant afresh at every use, inside loops too (three instructions each), so the thirteen
// constants of e^x cost more instructions than its arithmetic; read from globals before the loop,
// they stay in registers. (Globals that start at 0 and are set at run time cannot be folded back
// into constants by the optimizer.)
let vHi = f32x4.splat(0), vNegHi = f32x4.splat(0), vNegLog2e = f32x4.splat(0), vRounder = f32x4.splat(0);
let vLn2Hi = f32x4.splat(0), vLn2Lo = f32x4.splat(0), vOne = f32x4.splat(0);
let vP0 = f32x4.splat(0), vP1 = f32x4.splat(0), vP2 = f32x4.splat(0);
let vP3 = f32x4.splat(0), vP4 = f32x4.splat(0), vP5 = f32x4.splat(0);

/** Fills the constants' globals (`configure` calls it). */
export function prepareConstants(): void {
  vHi = f32x4.splat(EXP_HI);
  vNegHi = f32x4.splat(-EXP_HI);
  vNegLog2e = f32x4.splat(-LOG2E);
  vRounder = f32x4.splat(ROUNDER + 127);
  vLn2Hi = f32x4.splat(LN2_HI);
  vLn2Lo = f32x4.splat(LN2_LO);
  vOne = f32x4.splat(1);
  // The polynomial's coefficients with the odd powers' signs turned: it is evaluated at −r.
  vP0 = f32x4.splat(-P0);
  vP1 = f32x4.splat(P1);
  vP2 = f32x4.splat(-P2);
  vP3 = f32x4.splat(P3);
  vP4 = f32x4.splat(-P4);
  vP5 = f32x4.splat(P5);
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

/**
 * `activate` for floats, four neurons at a time, σ(z) = 1/(1 + e^−z) with e^x as Cephes' expf
 * computes it; the pad entries of a are set back to 0.
 */
function activateFloats(z: usize, b: usize, a: usize, n: i32, scale: f32): void {
  const bytes = bytesOf<f32>(<usize>n);
  const s = f32x4.splat(scale);
  const hi = vHi, negHi = vNegHi, negLog2e = vNegLog2e, rounder = vRounder, ln2Hi = vLn2Hi, ln2Lo = vLn2Lo;
  const one = vOne, p0 = vP0, p1 = vP1, p2 = vP2, p3 = vP3, p4 = vP4, p5 = vP5;
  for (let off: usize = 0; off < bytes; off += 16) {
    const zv = f32x4.add(f32x4.mul(v128.load(z + off), s), v128.load(b + off));
    v128.store(z + off, zv);
    // e^x at x = −z, with z clamped to where e^x is finite and non-zero in floats. pmin and pmax
    // are one instruction each (min and max carry NaN and ±0 rules that cost several).
    const zc = f32x4.pmax(f32x4.pmin(zv, hi), negHi);
    // k = round(x·log₂e) by adding 1.5·2^23 + 127: the sum's low bits hold 0x40007F + k, so neither
    // k nor 2^k needs a floor or a float-to-integer conversion (a long sequence in V8).
    const shifted = f32x4.add(f32x4.mul(zc, negLog2e), rounder);
    const k = f32x4.sub(shifted, rounder);
    // u = −r = z + k·ln 2, and the polynomial in u with its odd coefficients negated: every step
    // is the one in r with its sign turned, so the result is the same float, with no negation.
    const u = f32x4.add(f32x4.add(zc, f32x4.mul(k, ln2Hi)), f32x4.mul(k, ln2Lo));
    let p = f32x4.add(f32x4.mul(p0, u), p1);
    p = f32x4.add(f32x4.mul(p, u), p2);
    p = f32x4.add(f32x4.mul(p, u), p3);
    p = f32x4.add(f32x4.mul(p, u), p4);
    p = f32x4.add(f32x4.mul(p, u), p5);
    // e^r = p·r² + r + 1.
    p = f32x4.add(f32x4.sub(f32x4.mul(f32x4.mul(p, u), u), u), one);
    // 2^k: k + 127 in the exponent field: the sum's bits shifted left by 23 (the rest of
    // 0x4B40007F + k falls off the top). The clamp keeps k in [−127, 127]: e^x → 0 at the low end.
    const twoToK = i32x4.shl(shifted, 23);
    v128.store(a + off, f32x4.div(one, f32x4.add(one, f32x4.mul(p, twoToK))));
  }
  // The last vector may run into the pad; σ(0) = 1/2 there, and the pads must stay 0.
  for (let j = n; j % 4 != 0; j++) store<f32>(a + bytesOf<f32>(<usize>j), 0);
}
