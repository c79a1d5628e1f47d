/**
 * The tables of notebooks 01 and 02, as pure functions returning what `showTable` takes: the
 * theory of z for a setting, and sampled numbers set beside the theory's.
 *
 * @see NNDL §3.3
 */
import type { Table } from "./table";
import { gaussianSaturation, sampleSaturation, Saturation } from "../chapter/saturation";
import { relativeError, sampleStd, stdRelativeStandardError } from "../chapter/sampling";
import { percent, percentSignificant, significant } from "../chapter/format";
import { below, Verdict } from "../chapter/verdict";
import { SampledZ, theorySaturation, theorySigmaZ } from "./variance";
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
    columns: [
      "scheme",
      "weights and bias",
      "σ_w²",
      "Var(z)",
      "σ_z",
      "saturated: σ(z) within 0.01 of 0 or 1",
      "mean σ'(z)",
    ],
    rows: schemes.map((scheme) => {
      const sigmaZ = onOffZStd(input, scheme);
      const saturation: Saturation = gaussianSaturation(sigmaZ);
      return [
        scheme.label,
        describeScheme(scheme),
        significant(scheme.weightVariance(input.nIn), TABLE_DIGITS),
        significant(onOffZVariance(input, scheme), TABLE_DIGITS),
        significant(sigmaZ, TABLE_DIGITS),
        percentSignificant(saturation.saturatedFraction, PERCENT_DIGITS),
        significant(saturation.meanSigmaPrime, TABLE_DIGITS),
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
    columns: [
      "scheme",
      "σ_z: theory",
      "σ_z: sampled",
      "saturated: theory",
      "saturated: sampled",
      "mean σ'(z): theory",
      "mean σ'(z): sampled",
    ],
    rows: rows.map((r) => {
      const sampled = sampleSaturation(r.z);
      return [
        r.label,
        significant(r.sigmaZ, TABLE_DIGITS),
        significant(sampleStd(r.z), TABLE_DIGITS),
        percentSignificant(r.theory.saturatedFraction, PERCENT_DIGITS),
        percentSignificant(sampled.saturatedFraction, PERCENT_DIGITS),
        significant(r.theory.meanSigmaPrime, TABLE_DIGITS),
        significant(sampled.meanSigmaPrime, TABLE_DIGITS),
      ];
    }),
  };
}

/** {@link zSummaryTable} for samples with their theory: σ_z, saturated share and mean σ'(z), both ways. */
export function saturationTable(caption: string, samples: readonly SampledZ[]): Table {
  return zSummaryTable(
    caption,
    samples.map((s) => ({ label: s.label, z: s.z, sigmaZ: theorySigmaZ(s), theory: theorySaturation(s) })),
  );
}

/**
 * The sampled σ_z against the theory's, each as a verdict: the relative error below a tolerance of
 * 4.5 standard errors of a sampled standard deviation (1/√(2(N − 1))), or 1 % where that is wider
 * (more than about 100,000 draws); with the table to show.
 */
export function spreadCheck(samples: readonly SampledZ[]): { table: Table; verdicts: Verdict[]; tolerance: number } {
  if (samples.length === 0) throw new RangeError("spreadCheck: samples is empty, expected at least one");
  const draws = samples[0].z.length;
  const standardError = stdRelativeStandardError(draws);
  const tolerance = Math.max(0.01, 4.5 * standardError);
  const rows = samples.map((s) => {
    const theory = theorySigmaZ(s);
    const sampled = sampleStd(s.z);
    return { label: s.label, theory, sampled, error: relativeError(sampled, theory) };
  });
  return {
    tolerance,
    table: {
      caption: `σ_z from ${draws} draws; a sampled σ_z typically misses by ${percent(standardError)}`,
      columns: ["scheme", "σ_z: theory", "σ_z: sampled", "relative error"],
      rows: rows.map((r) => [r.label, r.theory.toFixed(4), r.sampled.toFixed(4), percent(r.error)]),
    },
    verdicts: rows.map((r) =>
      below(
        `${r.label}: sampled σ_z ${r.sampled.toFixed(4)} against theory ${r.theory.toFixed(4)}, relative error`,
        r.error,
        tolerance,
        percent,
      ),
    ),
  };
}
