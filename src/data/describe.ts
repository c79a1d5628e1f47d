/**
 * Values as error messages show them. `String` prints the string "0.1" and the number 0.1 alike,
 * and `JSON.stringify` prints NaN and Infinity as "null": both hide what was really given. Every
 * "got …" in this library's errors goes through {@link describeValue}.
 */

/** Arrays longer than this are described by their length rather than listed. */
const LISTED_ENTRIES = 12;

/**
 * `value` as an error message should show it: `NaN`, `Infinity`, `"0.1" (a string)`,
 * `[784, NaN, 10]`, `a function (f)`.
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `${JSON.stringify(value)} (a string)`;
  if (Array.isArray(value) && value.length <= LISTED_ENTRIES) return `[${value.map(entry).join(", ")}]`;
  return entry(value);
}

/** One value without the "(a string)" note, as it appears inside a list. */
function entry(value: unknown): string {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "string":
      return JSON.stringify(value);
    case "bigint":
      return `${value}n (a bigint)`;
    case "symbol":
      return `${String(value)} (a symbol)`;
    case "function":
      return value.name ? `a function (${value.name})` : "a function";
    case "undefined":
    case "boolean":
      return String(value);
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const length = (value as unknown as { length?: number }).length;
    return `a ${value.constructor.name}${length === undefined ? "" : ` of length ${length}`}`;
  }
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
}
