/**
 * The tables of notebooks 01 and 02, as pure functions returning what `showTable` takes: the
 * theory of z for a setting, and sampled numbers set beside the theory's.
 *
 * @see NNDL §3.3
 */
import type { Table } from "./table";
import { gaussianSaturation, sampleSaturation, Saturation } from "../chapter/saturation";
import { sampleStd } from "../chapter/sampling";
import { activeInputs, describeScheme, OnOffInput, onOffZStd, onOffZVariance, WeightScheme } from "../chapter/variance";

/** Significant digits of the tables' numbers. */
const TABLE_DIGITS = 4;
/** Significant digits of a percentage (0.0175 %, 83.7 %). */
const PERCENT_DIGITS = 3;

/**
 * The rows of a table of what each scheme does to z for an on/off input: σ_w², Var(z), σ_z, and
 * (from the Gaussian theory) the share of saturated neurons and the mean σ'(z).
 */
export function varianceTable(input: OnOffInput, schemes: readonly WeightScheme[]): Table {
  const k = activeInputs(input);
  return {
    caption: `n_in = ${input.nIn} inputs, k = ${k} of them on (the rest 0): Var(z) = k·σ_w² + σ_b²`,
    columns: ["scheme", "weights and bias", "σ_w²", "Var(z)", "σ_z", "saturated: σ(z) within 0.01 of 0 or 1", "mean σ'(z)"],
    rows: schemes.map((scheme) => {
      const sigmaZ = onOffZStd(input, scheme);
      const saturation: Saturation = gaussianSaturation(sigmaZ);
      return [
        scheme.label,
        describeScheme(scheme),
        round(scheme.weightVariance(input.nIn)),
        round(onOffZVariance(input, scheme)),
        round(sigmaZ),
        percent(saturation.saturatedFraction),
        round(saturation.meanSigmaPrime),
      ];
    }),
  };
}

/** One sampled z with what theory predicts for it. */
export interface ZSummary {
  readonly label: string;
  readonly z: Float64Array;
  /** The theoretical σ_z. */
  readonly sigmaZ: number;
  /** The theoretical saturation measures. */
  readonly theory: Saturation;
}

/** Sampled against theoretical σ_z, saturated fraction and mean σ'(z), one row per sample. */
export function zSummaryTable(caption: string, rows: readonly ZSummary[]): Table {
  return {
    caption,
    columns: ["scheme", "σ_z: theory", "σ_z: sampled", "saturated: theory", "saturated: sampled", "mean σ'(z): theory", "mean σ'(z): sampled"],
    rows: rows.map((r) => {
      const sampled = sampleSaturation(r.z);
      return [
        r.label,
        round(r.sigmaZ),
        round(sampleStd(r.z)),
        percent(r.theory.saturatedFraction),
        percent(sampled.saturatedFraction),
        round(r.theory.meanSigmaPrime),
        round(sampled.meanSigmaPrime),
      ];
    }),
  };
}

function percent(fraction: number): string {
  return `${Number((100 * fraction).toPrecision(PERCENT_DIGITS))} %`;
}

function round(value: number): number {
  return Number(value.toPrecision(TABLE_DIGITS));
}
