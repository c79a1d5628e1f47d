/** Layer sizes, as network2's `sizes`: [inputs, hidden…, outputs]. */

/** Checks `sizes` describes a network (two layers or more of positive integer counts); returns a frozen copy. */
export function checkSizes(sizes: readonly number[], where = "sizes"): readonly number[] {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(`${where}: expected at least two layers (inputs and outputs), got ${JSON.stringify(sizes)}`);
  }
  sizes.forEach((n, l) => {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`${where}[${l}]: a layer needs a positive integer number of neurons, got ${JSON.stringify(n)}`);
    }
  });
  return Object.freeze([...sizes]);
}
