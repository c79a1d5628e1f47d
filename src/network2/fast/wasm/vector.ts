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

/**
 * `bytes` (a multiple of 16) from `from` to `to`, vector by vector: for a few vectors, cheaper
 * than `memory.copy`, which V8 compiles to a call out of the module.
 */
@inline
export function copyVectors(to: usize, from: usize, bytes: usize): void {
  for (let off: usize = 0; off < bytes; off += 16) v128.store(to + off, v128.load(from + off));
}

/** The T at `at` in every lane (one load-and-splat instruction). */
@inline
export function splatAt<T>(at: usize): v128 {
  return sizeof<T>() == 8 ? v128.load64_splat(at) : v128.load32_splat(at);
}

/** The input value at CSR position p, in T. */
@inline
export function inputValue<T>(values: usize, p: usize): T {
  return <T>load<f32>(values + (p << 2));
}

/** The input value at CSR position p in every lane (float32: one load-and-splat instruction). */
@inline
export function splatInput<T>(values: usize, p: usize): v128 {
  return sizeof<T>() == 8 ? f64x2.splat(<f64>load<f32>(values + (p << 2))) : v128.load32_splat(values + (p << 2));
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

/**
 * y ← y + c·x over `bytes` (a multiple of 16), the row update of float32 training: eight vectors
 * per loop step, each at a constant offset from the step's two pointers, so that the offsets fold
 * into the load and store instructions and the loop spends its instructions on the arithmetic.
 */
@inline
export function axpy<T>(y: usize, x: usize, c: v128, bytes: usize): void {
  const end = y + bytes;
  for (; y + 128 <= end; y += 128, x += 128) {
    v128.store(y, vaddmul<T>(v128.load(y, 0), v128.load(x, 0), c), 0);
    v128.store(y, vaddmul<T>(v128.load(y, 16), v128.load(x, 16), c), 16);
    v128.store(y, vaddmul<T>(v128.load(y, 32), v128.load(x, 32), c), 32);
    v128.store(y, vaddmul<T>(v128.load(y, 48), v128.load(x, 48), c), 48);
    v128.store(y, vaddmul<T>(v128.load(y, 64), v128.load(x, 64), c), 64);
    v128.store(y, vaddmul<T>(v128.load(y, 80), v128.load(x, 80), c), 80);
    v128.store(y, vaddmul<T>(v128.load(y, 96), v128.load(x, 96), c), 96);
    v128.store(y, vaddmul<T>(v128.load(y, 112), v128.load(x, 112), c), 112);
  }
  for (; y < end; y += 16, x += 16) v128.store(y, vaddmul<T>(v128.load(y), v128.load(x), c));
}
