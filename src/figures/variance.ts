/**
 * The figures of notebooks 01 and 02, as pure functions: binned and computed data in, a Plotly
 * figure out. Bars carry bin counts, never raw samples, so an executed notebook stays small.
 * (Their tables are in `variance-tables.ts`.)
 *
 * Colours follow the scheme's label throughout (old red, new blue), so one glance links a
 * histogram, a curve and a table row.
 *
 * @see NNDL §3.3 (the two graphs of z's distribution, and the argument about saturation)
 */
import { fixed, percent, percentSignificant, significant } from "../chapter/format";
import { Curve, gaussianCurve, gaussianMixtureCurve } from "../chapter/gaussian";
import {
  binCenters,
  binDensities,
  binFractions,
  Binning,
  histogram,
  Histogram,
  offRangeFraction,
} from "../chapter/histogram";
import {
  gaussianMixtureSaturation,
  gaussianSaturation,
  Saturation,
  sigmaZForSaturatedShare,
  sigmoidPrimes,
} from "../chapter/saturation";
import { sampleMean } from "../chapter/sampling";
import {
  describeScheme,
  logSpacedIntegers,
  OnOffInput,
  onOffZStd,
  WeightScheme,
  zStdAgainstNIn,
} from "../chapter/variance";
import type { Figure, Layout, Trace } from "./plotly";

/** Colours by scheme label; other labels take the fallback palette in order. */
export const SCHEME_COLORS: Readonly<Record<string, string>> = { old: "#d62728", new: "#1f77b4" };
const FALLBACK_COLORS = ["#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
const BAR_OPACITY = 0.45;
/** Points on a density curve: smooth at the widest range we draw (60 units of z, a step of 0.1). */
const CURVE_POINTS = 601;
/** Significant digits kept in the figures' numbers: far below what the eye sees, and short JSON. */
const DIGITS = 6;
const GUIDE_COLOR = "#7f7f7f";
/** Legends go under the x axis, where they cannot hide the peak of a curve. */
const LEGEND_BELOW = { orientation: "h", x: 0, xanchor: "left", y: -0.22, yanchor: "top" } as const;
/** σ'(z) = σ(z)(1 − σ(z)) is largest at z = 0, where it is 1/4. */
const MAX_SIGMOID_PRIME = 0.25;
const SIGMOID_PRIME_BINS = 50;
/**
 * Plotly's HTML subset, for the book's symbols in titles. (Titles are `{ text }` objects: plotly.js 3
 * and later ignore a bare string.)
 */
const SIGMA_Z = "σ<sub>z</sub>";
const N_IN = "n<sub>in</sub>";

/** The colour of the scheme labelled `label`, the `index`-th series of its figure. */
export function schemeColor(label: string, index: number): string {
  return SCHEME_COLORS[label] ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length];
}

/** One distribution of z: its sampled histogram and, optionally, the density theory predicts. */
export interface ZSeries {
  /** The scheme's label: "old", "new". */
  readonly label: string;
  readonly histogram: Histogram;
  readonly density?: Curve;
  /** The legend entry of the density, e.g. "N(0, σ_z²), σ_z = 22.38". */
  readonly densityName?: string;
}

/** A sampled z binned over `binning`, with the density of N(0, σ_z²) drawn over it. */
export function gaussianZSeries(label: string, z: ArrayLike<number>, sigmaZ: number, binning: Binning): ZSeries {
  return {
    label,
    histogram: histogram(z, binning),
    density: gaussianCurve(sigmaZ, binning.range, CURVE_POINTS),
    densityName: `N(0, σ_z²), σ_z = ${sigmaZ.toFixed(2)}`,
  };
}

/**
 * A sampled z binned over `binning`, with the density of the mixture of N(0, v_i), one per
 * example: what z over a data set follows when each example i gives z the variance v_i.
 */
export function mixtureZSeries(
  label: string,
  z: ArrayLike<number>,
  variances: ArrayLike<number>,
  binning: Binning,
): ZSeries {
  return {
    label,
    histogram: histogram(z, binning),
    density: gaussianMixtureCurve(variances, binning.range, CURVE_POINTS),
    densityName: "mixture of N(0, σ_w²‖x‖² + σ_b²) over the images",
  };
}

/**
 * Histograms of z as probability densities (bars), each with its theoretical density (a line),
 * on the histograms' common range. A note gives the share of draws beyond the axes, which the
 * bars leave out (they still count in the density's normalization, as for the curve).
 */
export function zHistogramFigure(options: { title: string; series: readonly ZSeries[]; yTitle?: string }): Figure {
  const { title, series } = options;
  if (series.length === 0) throw new RangeError("zHistogramFigure: series is empty, expected at least one histogram");
  const range = histogramRange(series[0].histogram);
  const data: Trace[] = [];
  series.forEach((s, i) => {
    const color = schemeColor(s.label, i);
    data.push({
      type: "bar",
      name: `${s.label}: sampled z`,
      x: compact(binCenters(s.histogram)),
      y: compact(binDensities(s.histogram)),
      width: s.histogram.binWidth,
      marker: { color, opacity: BAR_OPACITY },
    });
    if (s.density !== undefined) {
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${s.label}: ${s.densityName ?? "theory"}`,
        x: compact(s.density.x),
        y: compact(s.density.y),
        line: { color, width: 2 },
      });
    }
  });
  const offAxes = series
    .filter((s) => offRangeFraction(s.histogram) >= 0.0005)
    .map((s) => `${s.label}: ${percent(offRangeFraction(s.histogram), 1)} of z beyond the axes`);
  const layout: Layout = {
    title: { text: title },
    xaxis: { title: { text: "z" }, range },
    yaxis: { title: { text: options.yTitle ?? "probability density" }, rangemode: "tozero" },
    barmode: "overlay",
    bargap: 0,
    legend: LEGEND_BELOW,
  };
  if (offAxes.length > 0) layout.annotations = [note(offAxes.join("<br>"))];
  return { data, layout };
}

/** A sample of z with its theory: N(0, σ_z²) (`sigmaZ`), or a mixture of N(0, v_i) (`variances`). */
export type SampledZ =
  | { readonly label: string; readonly z: Float64Array; readonly sigmaZ: number }
  | { readonly label: string; readonly z: Float64Array; readonly variances: ArrayLike<number> };

/** σ_z of the theory: the Gaussian's, or the mixture's (the root of the mean variance). */
export function theorySigmaZ(sample: SampledZ): number {
  if ("sigmaZ" in sample) return sample.sigmaZ;
  let sum = 0;
  for (let i = 0; i < sample.variances.length; i++) sum += sample.variances[i];
  return Math.sqrt(sum / sample.variances.length);
}

/** The theory's saturation measures for a sample: the Gaussian's, or the mixture's. */
export function theorySaturation(sample: SampledZ): Saturation {
  return "sigmaZ" in sample ? gaussianSaturation(sample.sigmaZ) : gaussianMixtureSaturation(sample.variances);
}

/**
 * A histogram figure of samples of z, each with its theory's density drawn over it (the Gaussian
 * or the mixture), binned over `binning`: {@link zHistogramFigure} from samples.
 */
export function zFigure(title: string, samples: readonly SampledZ[], binning: Binning): Figure {
  const series = samples.map((s) =>
    "sigmaZ" in s
      ? gaussianZSeries(s.label, s.z, s.sigmaZ, binning)
      : mixtureZSeries(s.label, s.z, s.variances, binning),
  );
  return zHistogramFigure({ title, series });
}

/** {@link sigmoidPrimeFigure} from samples of z: σ'(z) of each, binned, and their means. */
export function sigmoidPrimeFigureOf(samples: readonly { label: string; z: ArrayLike<number> }[]): Figure {
  return sigmoidPrimeFigure({ series: samples.map((s) => sigmoidPrimeSeries(s.label, s.z)) });
}

/** One scheme's σ_z at each n_in. */
export interface SigmaZSeries {
  readonly label: string;
  /** The legend text, e.g. "old: w ~ N(0, 1)". */
  readonly name: string;
  readonly sigmaZ: readonly number[];
}

/** A point to label on the σ_z curves, e.g. the chapter's n_in = 1000. */
export interface SigmaZMark {
  readonly nIn: number;
  readonly sigmaZ: number;
  readonly text: string;
}

/** The shares of saturated neurons the σ_z figures mark by default: 1 % and half. */
export const SATURATION_GUIDE_SHARES: readonly number[] = [0.01, 0.5];

/**
 * Dashed horizontal guides on a σ_z axis, one per share: at the σ_z where that share of the
 * neurons is saturated (σ(z) within 0.01 of 0 or 1), from the normal tail. A σ_z axis cannot
 * carry the |z| threshold itself: σ_z = 4.6 is a third of the neurons saturated, not the onset.
 */
export function saturationGuides(shares: readonly number[], xRange: readonly [number, number]): Trace[] {
  return shares.map((share, i) => {
    const sigmaZ = sigmaZForSaturatedShare(share);
    return {
      type: "scatter",
      mode: "lines",
      name: `σ_z = ${sigmaZ.toFixed(2)}: ${percentSignificant(share)} of neurons saturated`,
      x: [...xRange],
      y: [significant(sigmaZ, DIGITS), significant(sigmaZ, DIGITS)],
      line: { color: GUIDE_COLOR, dash: i === 0 ? "dot" : "dash", width: 1 },
    };
  });
}

/**
 * σ_z against n_in on log–log axes, one line per scheme, with the chapter's points labelled and
 * dashed guides at the σ_z where 1 % and half of the neurons are saturated
 * ({@link saturationGuides}): where a scheme's line runs above a guide, more than that share of
 * its neurons start saturated.
 */
export function sigmaZFigure(options: {
  nIns: readonly number[];
  series: readonly SigmaZSeries[];
  marks?: readonly SigmaZMark[];
  /** Shares of saturated neurons to mark (default {@link SATURATION_GUIDE_SHARES}; [] for none). */
  saturatedShares?: readonly number[];
  /** A second, smaller title line, e.g. the parameters. */
  subtitle?: string;
}): Figure {
  const { nIns, series } = options;
  series.forEach((s) => {
    if (s.sigmaZ.length !== nIns.length) {
      throw new RangeError(
        `sigmaZFigure: series "${s.name}" has ${s.sigmaZ.length} values of σ_z for ${nIns.length} values of n_in`,
      );
    }
  });
  const data: Trace[] = series.map((s, i) => ({
    type: "scatter",
    mode: "lines",
    name: s.name,
    x: [...nIns],
    y: compact(s.sigmaZ),
    line: { color: schemeColor(s.label, i), width: 2 },
  }));
  const marks = options.marks ?? [];
  if (marks.length > 0) {
    const x = marks.map((m) => m.nIn);
    const y = marks.map((m) => m.sigmaZ);
    data.push({
      type: "scatter",
      mode: "markers",
      name: "the chapter's case",
      x,
      y,
      marker: { color: "black", size: 8 },
    });
    data.push({
      type: "scatter",
      mode: "text",
      showlegend: false,
      x,
      y,
      text: marks.map((m) => m.text),
      textposition: "middle right",
    });
  }
  data.push(...saturationGuides(options.saturatedShares ?? SATURATION_GUIDE_SHARES, [nIns[0], nIns[nIns.length - 1]]));
  return {
    data,
    layout: {
      title: {
        text: `${SIGMA_Z} against ${N_IN}${options.subtitle === undefined ? "" : `<br><sub>${options.subtitle}</sub>`}`,
      },
      xaxis: { title: { text: `${N_IN} (inputs to the neuron)` }, type: "log" },
      yaxis: { title: { text: `${SIGMA_Z} (standard deviation of z)` }, type: "log" },
      legend: LEGEND_BELOW,
    },
  };
}

/**
 * {@link sigmaZFigure} for a setting: σ_z against n_in (10 to 100,000, or past the setting's n_in)
 * for each scheme at the setting's fraction of inputs on, the setting's n_in marked on each line.
 */
export function sigmaZFigureFor(input: OnOffInput, schemes: readonly WeightScheme[]): Figure {
  const sigmas = schemes.map((s) => onOffZStd(input, s)); // checks the setting first
  const top = Math.max(100_000, 10 ** Math.ceil(Math.log10(input.nIn) + 1));
  const nIns = logSpacedIntegers(10, top, 81);
  const sigmaB = (s: WeightScheme): string => fixed(Math.sqrt(s.biasVariance), 3);
  return sigmaZFigure({
    nIns,
    series: schemes.map((s) => ({
      label: s.label,
      name: `${s.label}: ${describeScheme(s)}`,
      sigmaZ: zStdAgainstNIn(nIns, input.fractionOn, s),
    })),
    marks: schemes.map((_, i) => ({ nIn: input.nIn, sigmaZ: sigmas[i], text: `σ_z = ${sigmas[i].toFixed(2)}` })),
    subtitle:
      `${percentSignificant(input.fractionOn)} of inputs on, ` +
      `σ_b = ${[...new Set(schemes.map(sigmaB))].join(" / ")}; the points mark n_in = ${input.nIn}`,
  });
}

/** One scheme's σ'(z) values, binned, and their mean. */
export interface SigmoidPrimeSeries {
  readonly label: string;
  readonly histogram: Histogram;
  readonly mean: number;
}

/** The σ'(z) of each sampled z, binned over [0, 1/4] (σ' never exceeds 1/4), and their mean. */
export function sigmoidPrimeSeries(label: string, z: ArrayLike<number>, bins = SIGMOID_PRIME_BINS): SigmoidPrimeSeries {
  const primes = sigmoidPrimes(z);
  return { label, histogram: histogram(primes, { range: [0, MAX_SIGMOID_PRIME], bins }), mean: sampleMean(primes) };
}

/**
 * The distribution of σ'(z), the factor by which backpropagation scales the gradient of each
 * weight into the neuron: the fraction of draws per bin, and a dashed line at each mean.
 */
export function sigmoidPrimeFigure(options: { series: readonly SigmoidPrimeSeries[]; title?: string }): Figure {
  const { series } = options;
  const highest = Math.max(0, ...series.flatMap((s) => binFractions(s.histogram)));
  const data: Trace[] = [];
  series.forEach((s, i) => {
    const color = schemeColor(s.label, i);
    data.push({
      type: "bar",
      name: `${s.label}: σ'(z) of each draw`,
      x: compact(binCenters(s.histogram)),
      y: compact(binFractions(s.histogram)),
      width: s.histogram.binWidth,
      marker: { color, opacity: BAR_OPACITY },
    });
    data.push({
      type: "scatter",
      mode: "lines",
      name: `${s.label}: mean σ'(z) = ${s.mean.toFixed(3)}`,
      x: [s.mean, s.mean],
      y: [0, highest],
      line: { color, dash: "dash", width: 2 },
    });
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? "σ'(z), the factor scaling a hidden weight's gradient" },
      xaxis: {
        title: { text: "σ'(z)  (at most 1/4, at z = 0)" },
        ...(series.length > 0 ? { range: histogramRange(series[0].histogram) } : {}),
      },
      yaxis: { title: { text: "fraction of draws" }, rangemode: "tozero" },
      barmode: "overlay",
      bargap: 0,
      legend: LEGEND_BELOW,
    },
  };
}

function compact(values: ArrayLike<number>): number[] {
  return Array.from(values, (v) => significant(v, DIGITS));
}

function histogramRange(h: Histogram): [number, number] {
  return [h.start, h.start + h.counts.length * h.binWidth];
}

function note(text: string): Record<string, unknown> {
  return {
    text,
    xref: "paper",
    yref: "paper",
    x: 0,
    xanchor: "left",
    y: 1,
    yanchor: "top",
    showarrow: false,
    align: "left",
  };
}
