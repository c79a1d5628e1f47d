/** Layer sizes, as network2's `sizes`: [inputs, hidden…, outputs]. */
import { describeValue } from "../data/describe";

/**
 * The most neurons one layer may have: far beyond the chapter's 784 and 100, and small enough that
 * an index into a layer never leaves 32 bits.
 */
export const MAX_LAYER_SIZE = 2 ** 24;

/**
 * The most weights a network may have in all: 2²⁶ (about 67 million) take 512 MB per float64 copy,
 * and a network holds several (its own, the engine's, the engine's gradient sums). Checked before
 * anything is allocated, so `[784, 1e8, 10]` fails here instead of inside V8 or WebAssembly.
 */
export const MAX_WEIGHTS = 2 ** 26;

/**
 * Checks `sizes` describes a network (two layers or more of positive integer counts, within the
 * bounds above); returns a frozen copy.
 */
export function checkSizes(sizes: readonly number[], where = "sizes"): readonly number[] {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(`${where}: expected at least two layers (inputs and outputs), got ${describeValue(sizes)}`);
  }
  sizes.forEach((n, l) => {
    if (!Number.isInteger(n) || n < 1 || n > MAX_LAYER_SIZE) {
      throw new RangeError(
        `${where}[${l}]: a layer needs a positive integer number of neurons, at most 2²⁴ = ${MAX_LAYER_SIZE}, ` +
          `got ${describeValue(n)}`,
      );
    }
  });
  let weights = 0;
  for (let l = 0; l + 1 < sizes.length; l++) weights += sizes[l] * sizes[l + 1];
  if (weights > MAX_WEIGHTS) {
    throw new RangeError(
      `${where}: ${describeValue(sizes)} has ${weights} weights, more than the limit of 2²⁶ = ${MAX_WEIGHTS}`,
    );
  }
  return Object.freeze([...sizes]);
}
