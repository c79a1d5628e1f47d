/**
 * The one checker of options objects and of the values in them, used by every entry point
 * (`Network`, `sgd`, `updateMiniBatch`, `totalCost`, a run, `trainRuns`): an entry point lists its
 * options once with what each accepts, and the same rule reads the same way everywhere, with every
 * "got …" shown by {@link describeValue}.
 */
import { describeValue } from "./describe";

/** What a value must be: `expected` completes "… must be", `accepts` tests it. */
export interface Check {
  readonly expected: string;
  readonly accepts: (value: unknown) => boolean;
  /** RangeError for a number out of range (or not a number), TypeError for a value of the wrong kind. */
  readonly error: typeof RangeError | typeof TypeError;
}

/** An integer in [min, max]; `shown` is how the interval reads in errors (for bounds such as 2³¹ − 1). */
export function integerIn(min: number, max: number, shown = `[${min}, ${max}]`): Check {
  return {
    expected: `an integer in ${shown}`,
    accepts: (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
    error: RangeError,
  };
}

/** A seed of the generator (`Rng`): a 32-bit unsigned integer. */
export const SEED: Check = integerIn(0, 0xffffffff, "[0, 2³² − 1]");

/** An integer ≥ 1. */
export const POSITIVE_INTEGER: Check = {
  expected: "a positive integer",
  accepts: (value) => Number.isInteger(value) && (value as number) >= 1,
  error: RangeError,
};

/** A finite number > `bound`. */
export function numberAbove(bound: number): Check {
  const accepts = (value: unknown) => isFiniteNumber(value) && value > bound;
  return { expected: `a finite number > ${bound}`, accepts, error: RangeError };
}

/** A finite number ≥ `bound`. */
export function numberAtLeast(bound: number): Check {
  const accepts = (value: unknown) => isFiniteNumber(value) && value >= bound;
  return { expected: `a finite number ≥ ${bound}`, accepts, error: RangeError };
}

export const TRUE_OR_FALSE: Check = {
  expected: "true or false",
  accepts: (value) => typeof value === "boolean",
  error: TypeError,
};

export const A_FUNCTION: Check = {
  expected: "a function",
  accepts: (value) => typeof value === "function",
  error: TypeError,
};

/** One of a few strings. */
export function oneOf(values: readonly string[]): Check {
  return {
    expected: values.map((value) => JSON.stringify(value)).join(" or "),
    accepts: (value) => typeof value === "string" && values.includes(value),
    error: RangeError,
  };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Throws `${where}: ${name} must be …, got …` unless `check` accepts `value` (no prefix for an empty `where`). */
export function checkValue(where: string, name: string, value: unknown, check: Check): void {
  if (check.accepts(value)) return;
  throw new check.error(`${where ? `${where}: ` : ""}${name} must be ${check.expected}, got ${describeValue(value)}`);
}

/**
 * How one option is checked: a {@link Check} (the option may be left out), or with the name errors
 * call it (`"eta (η, the learning rate)"`) and whether it must be given; `null` for an option
 * its entry point checks itself (a data set, a cost).
 */
export type OptionCheck = Check | { readonly check: Check; readonly name?: string; readonly required?: boolean } | null;

/** Every option of an options type `T`, each with its check: a key left out here is a compile error. */
export type OptionChecks<T> = { readonly [K in keyof Required<T>]: OptionCheck };

/**
 * Checks `options` is an object whose keys are all in `checks` (any other key is a typo, `lambda`
 * for `lmbda`, that would be ignored) and whose values pass their checks. `shape` is what the
 * error says when `options` is not an object at all.
 */
export function checkOptions<T>(
  where: string,
  options: unknown,
  checks: OptionChecks<T>,
  shape?: string,
): asserts options is T {
  const known = Object.keys(checks);
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    const first = known.slice(0, 3).join(", ") + (known.length > 3 ? ", …" : "");
    const expected = shape ?? `options must be an object { ${first} }`;
    throw new TypeError(`${where}: ${expected}, got ${describeValue(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const named = unknown.map((key) => JSON.stringify(key)).join(", ");
    throw new TypeError(`${where}: unknown option ${named}; the options are ${known.join(", ")}`);
  }
  for (const key of known) {
    const option = (checks as Record<string, OptionCheck>)[key];
    if (option === null) continue;
    const { check, name = key, required = false } = "accepts" in option ? { check: option } : option;
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined || required) checkValue(where, name, value, check);
  }
}
