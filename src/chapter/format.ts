/**
 * How the chapter's notebooks print numbers: one place for every formatter the decay and training
 * modules (src/chapter) and their tables and figures (src/figures) share, so that a percentage or
 * a factor reads the same everywhere, and for the rounding of the numbers a figure plots. Non-finite
 * values print as "—": a table never shows NaN or Infinity as if it were a measurement.
 */

/** Significant digits of measured numbers in tables and prose. */
export const MEASURED_DIGITS = 4;

/**
 * `v` rounded to `digits` significant digits, as a number: what figures plot and tables hold, short
 * in JSON and with no more precision than was measured.
 */
export function significant(v: number, digits: number): number {
  return Number(v.toPrecision(digits));
}

/** `v` to `digits` significant digits without trailing zeros ("0.2787", "54.6"); "—" if not finite. */
export function fixed(v: number, digits = MEASURED_DIGITS): string {
  return Number.isFinite(v) ? String(significant(v, digits)) : "—";
}

/** A fraction as a percentage with `decimals` decimals: 0.1234 → "12.34 %"; "—" if not finite. */
export function percent(fraction: number, decimals = 2): string {
  return Number.isFinite(fraction) ? `${(100 * fraction).toFixed(decimals)} %` : "—";
}

/**
 * A fraction as a percentage to `digits` significant digits, without trailing zeros:
 * 0.04567 → "4.57 %", 0.5 → "50 %"; "—" if not finite.
 */
export function percentSignificant(fraction: number, digits = 3): string {
  return Number.isFinite(fraction) ? `${fixed(100 * fraction, digits)} %` : "—";
}

/** A signed relative change as a percentage: +0.08 % or −11.80 % (a true minus sign). */
export function signedPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "—";
  const size = Math.abs(100 * fraction);
  return `${fraction >= 0 ? "+" : "−"}${size < 100 ? size.toFixed(2) : fixed(size, 3)} %`;
}

/** Scientific notation with 4 significant digits, "0" for zero; "—" if not finite. */
export function sci(v: number): string {
  if (!Number.isFinite(v)) return "—";
  return v === 0 ? "0" : v.toExponential(3);
}

/** Percentage points of accuracy, two decimals: "87.21"; "—" if not finite or undefined. */
export function points(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? v.toFixed(2) : "—";
}

/** A difference in percentage points, signed: "+0.42", "-1.30"; "—" if not finite or undefined. */
export function signedPoints(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? `${v >= 0 ? "+" : ""}${v.toFixed(2)}` : "—";
}

/**
 * An accuracy given in percent, as the tables show it: 87.21 → "87.21 %"; `missing` ("—") where
 * there is none (no monitor, no validation data) or it is not finite.
 */
export function accuracyText(percentValue: number | undefined, missing = "—"): string {
  return percentValue !== undefined && Number.isFinite(percentValue) ? `${points(percentValue)} %` : missing;
}

/** A network's name as the book writes it: "[784, 30, 10]". */
export function networkName(sizes: readonly number[]): string {
  return `[${sizes.join(", ")}]`;
}
