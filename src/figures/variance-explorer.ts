/**
 * σ_z against n_in with two sliders, for the fraction of inputs on and for σ_b: an explorer that
 * needs no kernel. Every curve for every slider position is computed when the notebook runs and
 * travels inside the figure; moving a slider only restyles it in the browser, so it works in
 * JupyterLab, in VS Code and in the offline pages alike.
 *
 * Two sliders compose because they change different attributes: the σ_b slider picks which
 * traces are visible (one pair of curves per σ_b value), the fraction slider replaces every
 * trace's y values.
 *
 * @see NNDL §3.3 (σ_z = √501 against √(3/2), and why 1/√n_in keeps it flat)
 */
import { percentSignificant, significant } from "../chapter/format";
import { logSpacedIntegers, withSigmaB, WeightScheme, zStdAgainstNIn } from "../chapter/variance";
import type { Figure, Trace } from "./plotly";
import { sigmaZForSaturatedShare } from "../chapter/saturation";
import { SATURATION_GUIDE_SHARES, saturationGuides, schemeColor } from "./variance";

/** Significant digits of the plotted σ_z. */
const DIGITS = 5;

export interface SigmaZExplorer {
  /** The n_in values along the x axis (default: 41 log-spaced from 10 to 100,000). */
  readonly nIns?: readonly number[];
  /** The schemes, with their own σ_b ignored: the σ_b slider sets it. */
  readonly schemes: readonly WeightScheme[];
  /** Slider positions for the fraction of inputs on, each in [0, 1]. */
  readonly fractions: readonly number[];
  /** Slider positions for σ_b, each ≥ 0. */
  readonly sigmaBs: readonly number[];
  /** The positions shown first (values from the lists). */
  readonly fraction: number;
  readonly sigmaB: number;
  /** Shares of saturated neurons marked by guides (default 1 % and half; see `saturationGuides`). */
  readonly saturatedShares?: readonly number[];
}

/** The explorer's figure: one pair of curves per σ_b, y values per fraction, two sliders. */
export function sigmaZExplorerFigure(options: SigmaZExplorer): Figure {
  const { schemes, fractions, sigmaBs } = options;
  const nIns = options.nIns ?? logSpacedIntegers(10, 100_000, 41);
  const shares = options.saturatedShares ?? SATURATION_GUIDE_SHARES;
  if (nIns.length < 2) throw new RangeError(`sigmaZExplorerFigure: nIns needs at least 2 values, got ${nIns.length}`);
  if (fractions.length === 0 || fractions.some((f) => !(f >= 0 && f <= 1))) {
    throw new RangeError(
      `sigmaZExplorerFigure: fractions must be non-empty, each in [0, 1], got [${fractions.join(", ")}]`,
    );
  }
  if (sigmaBs.length === 0 || sigmaBs.some((s) => !(s >= 0))) {
    throw new RangeError(`sigmaZExplorerFigure: sigmaBs must be non-empty, each ≥ 0, got [${sigmaBs.join(", ")}]`);
  }
  const start = { fraction: fractions.indexOf(options.fraction), sigmaB: sigmaBs.indexOf(options.sigmaB) };
  if (start.fraction < 0) {
    throw new RangeError(`sigmaZExplorerFigure: fraction ${options.fraction} is not one of the fractions`);
  }
  if (start.sigmaB < 0) {
    throw new RangeError(`sigmaZExplorerFigure: sigmaB ${options.sigmaB} is not one of the sigmaBs`);
  }

  // Curve traces in σ_b-major order: trace (b, s) at index b·schemes + s; the guides come last.
  const curves = sigmaBs.flatMap((sigmaB) => schemes.map((scheme) => withSigmaB(scheme, sigmaB)));
  const ysAt = (fraction: number): number[][] =>
    curves.map((scheme) => zStdAgainstNIn(nIns, fraction, scheme).map((v) => significant(v, DIGITS)));
  const initial = ysAt(fractions[start.fraction]);
  const data: Trace[] = curves.map((scheme, i) => ({
    type: "scatter",
    mode: "lines",
    name: scheme.label,
    x: [...nIns],
    y: initial[i],
    visible: Math.floor(i / schemes.length) === start.sigmaB,
    line: { color: schemeColor(scheme.label, i % schemes.length), width: 2.5 },
  }));
  data.push(...saturationGuides(shares, [nIns[0], nIns[nIns.length - 1]]));
  const curveIndices = curves.map((_, i) => i);
  const fractionSteps = fractions.map((fraction) => ({
    label: percentSignificant(fraction),
    method: "restyle",
    args: [{ y: ysAt(fraction) }, curveIndices],
  }));
  const sigmaBSteps = sigmaBs.map((sigmaB, b) => ({
    label: String(sigmaB),
    method: "restyle",
    args: [{ visible: curves.map((_, i) => Math.floor(i / schemes.length) === b) }, curveIndices],
  }));
  const guides = shares.map((share) => sigmaZForSaturatedShare(share));
  const allY = fractions.flatMap((f) => ysAt(f).flat()).filter((v) => v > 0);
  return {
    data,
    layout: {
      title: { text: "σ<sub>z</sub> against n<sub>in</sub>: move the sliders (no kernel needed)" },
      xaxis: { title: { text: "n<sub>in</sub> (log scale)" }, type: "log" },
      yaxis: {
        title: { text: "σ<sub>z</sub> (log scale)" },
        type: "log",
        range: [Math.log10(Math.min(...allY, ...guides) / 1.5), Math.log10(Math.max(...allY, ...guides) * 1.5)],
      },
      height: 560,
      margin: { b: 190 },
      legend: { x: 0.02, y: 0.98 },
      sliders: [
        {
          active: start.fraction,
          currentvalue: { prefix: "fraction of inputs on: " },
          pad: { t: 60 },
          steps: fractionSteps,
        },
        { active: start.sigmaB, currentvalue: { prefix: "σ_b: " }, pad: { t: 150 }, steps: sigmaBSteps },
      ],
    },
  };
}
