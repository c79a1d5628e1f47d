// AssemblyScript. 128-bit SIMD helpers generic in the number type T (f64: two lanes, f32: four);
// each condition on sizeof<T>() is a compile-time constant, so every helper folds to one op.

@inline
export function bytesOf<T>(count: usize): usize {
  return count << (sizeof<T>() == 8 ? 3 : 2);
}
@inline
export function vsplat<T>(x: T): v128 {
  return sizeof<T>() == 8 ? f64x2.splat(<f64>x) : f32x4.splat(<f32>x);
}
@inline
export function vadd<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.add(a, b) : f32x4.add(a, b);
}
@inline
export function vsub<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.sub(a, b) : f32x4.sub(a, b);
}
@inline
export function vmul<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.mul(a, b) : f32x4.mul(a, b);
}
/** a + b·c, as two roundings (no fused multiply-add: the reference rounds twice too). */
@inline
export function vaddmul<T>(a: v128, b: v128, c: v128): v128 {
  return vadd<T>(a, vmul<T>(b, c));
}

/** The input value at CSR position p, in T. */
@inline
export function inputValue<T>(values: usize, p: usize): T {
  return <T>load<f32>(values + (p << 2));
}

/** The CSR position range [first, last) of example e. */
@inline
export function firstNonZero(offsets: usize, e: i32): u32 {
  return load<u32>(offsets + ((<usize>e) << 2));
}
/** The input position of CSR entry p: 16 bits (`sparse.ts` keeps input sizes within 65,536). */
@inline
export function indexAt(indices: usize, p: u32): usize {
  return <usize>load<u16>(indices + ((<usize>p) << 1));
}

/** y ← y + c·x for one vector at byte `off`. */
@inline
function axpyVector<T>(y: usize, x: usize, c: v128, off: usize): void {
  v128.store(y + off, vaddmul<T>(v128.load(y + off), v128.load(x + off), c));
}

/**
 * y ← y + c·x over `bytes` (a multiple of 16), the row update of float32 training: eight vectors
 * per loop step, so the loop's own counting costs little beside the arithmetic.
 */
@inline
export function axpy<T>(y: usize, x: usize, c: v128, bytes: usize): void {
  let off: usize = 0;
  for (; off + 128 <= bytes; off += 128) {
    axpyVector<T>(y, x, c, off);
    axpyVector<T>(y, x, c, off + 16);
    axpyVector<T>(y, x, c, off + 32);
    axpyVector<T>(y, x, c, off + 48);
    axpyVector<T>(y, x, c, off + 64);
    axpyVector<T>(y, x, c, off + 80);
    axpyVector<T>(y, x, c, off + 96);
    axpyVector<T>(y, x, c, off + 112);
  }
  for (; off < bytes; off += 16) axpyVector<T>(y, x, c, off);
}
