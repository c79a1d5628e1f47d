/**
 * Figures of training runs: validation accuracy per epoch (the chapter's two graphs), and the
 * hidden layer's saturation and gradient size per epoch (the reason behind them). Pure functions:
 * histories in, Plotly specs out; the notebook shows them, live while training.
 *
 * @see NNDL §3.3 (the graphs of old versus new initialization), weight_initialization.py
 */
import { accuracyBand, BandPoint } from "../chapter/seed-spread";
import type { HiddenLayerDiagnostics } from "../network2/monitors";
import type { History } from "../network2/options";
import type { TrainingRun } from "../runs/runs";
import type { Axis, Figure, Trace } from "./plotly";
import type { Table } from "./table";

/** One curve: a run's name and its history so far. */
export interface Series {
  label: string;
  history: History;
}

/** The chapter's axes for its accuracy graphs: epochs 0–30, accuracy 85–100 %. */
export const CHAPTER_EPOCHS: readonly [number, number] = [0, 30];
export const CHAPTER_ACCURACY_PERCENT: readonly [number, number] = [85, 100];

/** Colours that tell the old initialization (warm) from the new (cool), and others apart. */
const PALETTE = ["#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"];

function colour(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Validation accuracy in percent per epoch (epochs without the monitor are skipped). */
export function accuracyPercent(history: History): { epochs: number[]; percent: number[] } {
  const epochs: number[] = [];
  const percent: number[] = [];
  for (const record of history.epochs) {
    if (record.evaluationAccuracy === undefined || history.evaluationSize === 0) continue;
    epochs.push(record.epoch);
    percent.push((100 * record.evaluationAccuracy) / history.evaluationSize);
  }
  return { epochs, percent };
}

/**
 * Validation accuracy against epoch, one line per run, on the chapter's axes unless the data go
 * outside them (the ranges widen, so no point is ever hidden).
 */
export function accuracyFigure(series: readonly Series[], title: string, epochs = CHAPTER_EPOCHS[1]): Figure {
  const data: Trace[] = series.map(({ label, history }, i) => {
    const { epochs: x, percent: y } = accuracyPercent(history);
    return {
      type: "scatter",
      mode: "lines+markers",
      name: label,
      x,
      y,
      line: { color: colour(i), width: 2 },
      marker: { size: 4 },
    };
  });
  const lowest = Math.min(
    CHAPTER_ACCURACY_PERCENT[0],
    ...series.flatMap(({ history }) => accuracyPercent(history).percent),
  );
  const xaxis: Axis = { title: { text: "epoch" }, range: [CHAPTER_EPOCHS[0], Math.max(epochs, 1)] };
  const yaxis: Axis = {
    title: { text: "validation accuracy (%)" },
    range: [Math.floor(lowest), CHAPTER_ACCURACY_PERCENT[1]],
  };
  return {
    data,
    layout: {
      title: { text: title },
      xaxis,
      yaxis,
      height: 420,
      legend: { x: 0.98, xanchor: "right", y: 0.02, yanchor: "bottom" },
    },
  };
}

/** A hidden-layer diagnostic per epoch, epoch 0 being the network before training. */
function hiddenSeries(history: History, pick: (d: HiddenLayerDiagnostics) => number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  if (history.initial.hidden) {
    x.push(0);
    y.push(pick(history.initial.hidden));
  }
  for (const record of history.epochs) {
    if (record.hidden) {
      x.push(record.epoch);
      y.push(pick(record.hidden));
    }
  }
  return { x, y };
}

/**
 * Three panels per epoch, on the validation inputs: the share of saturated hidden neurons (σ
 * within 0.01 of 0 or 1), the mean size of the gradient of the weights into the hidden layer, and
 * that size relative to the weights' RMS (how far one step moves them, for their size); log scales
 * for the gradients.
 */
export function saturationFigure(series: readonly Series[], title: string): Figure {
  const panels: { pick: (d: HiddenLayerDiagnostics) => number; axis: string }[] = [
    { pick: (d) => 100 * d.saturatedFraction, axis: "" },
    { pick: (d) => d.meanWeightGradient, axis: "2" },
    { pick: (d) => d.relativeWeightGradient, axis: "3" },
  ];
  const data: Trace[] = series.flatMap(({ label, history }, i) =>
    panels.map(({ pick, axis }) => {
      const { x, y } = hiddenSeries(history, pick);
      return {
        type: "scatter", mode: "lines+markers", name: label, legendgroup: label, showlegend: axis === "",
        x, y, xaxis: `x${axis}`, yaxis: `y${axis}`, line: { color: colour(i), width: 2 }, marker: { size: 4 },
      } satisfies Trace;
    }),
  );
  const epochAxis = (
    domain: [number, number],
    anchor: string,
  ): Axis => ({ title: { text: "epoch (0 = before training)" }, domain, anchor });
  return {
    data,
    layout: {
      title: { text: title },
      height: 440,
      xaxis: epochAxis([0, 0.28], "y"),
      yaxis: { title: { text: "saturated hidden neurons (%)" }, rangemode: "tozero", anchor: "x" },
      xaxis2: epochAxis([0.36, 0.64], "y2"),
      yaxis2: { title: { text: "mean |∂C/∂w|, hidden layer" }, type: "log", anchor: "x2" },
      xaxis3: epochAxis([0.72, 1], "y3"),
      yaxis3: { title: { text: "mean |∂C/∂w| / RMS(w)" }, type: "log", anchor: "x3" },
      legend: { orientation: "h", y: -0.25 },
    },
  };
}

/** One run's accuracy over seeds: its label and the band (mean ± s.d. per epoch). */
export interface BandSeries {
  label: string;
  band: readonly BandPoint[];
  /** How many seeds the band is over (for the legend). */
  seeds: number;
}

/**
 * The mean validation accuracy over seeds per epoch, with a shaded band of ± one sample standard
 * deviation, one colour per run; the chapter's axes unless the data go outside them.
 */
export function accuracyBandFigure(series: readonly BandSeries[], title: string, epochs = CHAPTER_EPOCHS[1]): Figure {
  const data: Trace[] = series.flatMap(({ label, band, seeds }, i): Trace[] => {
    const x = band.map((p) => p.epoch);
    const upper = band.map((p) => p.spread.mean + p.spread.sd);
    const lower = band.map((p) => p.spread.mean - p.spread.sd);
    return [
      {
        type: "scatter", mode: "lines", name: `${label}: ± 1 s.d.`, legendgroup: label, showlegend: false,
        x: [...x, ...[...x].reverse()], y: [...upper, ...[...lower].reverse()],
        fill: "toself", fillcolor: `${colour(i)}33`, line: { color: `${colour(i)}00` }, hoverinfo: "skip",
      },
      {
        type: "scatter", mode: "lines+markers", name: `${label}: mean of ${seeds} seeds ± 1 s.d.`, legendgroup: label,
        x, y: band.map((p) => p.spread.mean), line: { color: colour(i), width: 2 }, marker: { size: 4 },
      },
    ];
  });
  const lowest = Math.min(
    CHAPTER_ACCURACY_PERCENT[0],
    ...series.flatMap(({ band }) => band.map((p) => p.spread.mean - p.spread.sd)),
  );
  return {
    data,
    layout: {
      title: { text: title },
      xaxis: { title: { text: "epoch" }, range: [CHAPTER_EPOCHS[0], Math.max(epochs, 1)] },
      yaxis: { title: { text: "validation accuracy (%)" }, range: [Math.floor(lowest), CHAPTER_ACCURACY_PERCENT[1]] },
      height: 420,
      legend: { x: 0.98, xanchor: "right", y: 0.02, yanchor: "bottom" },
    },
  };
}

/**
 * {@link accuracyBandFigure} for runs over seeds: per run its label and one history per seed, each
 * cut to `epochs` so that every point of the band is over all the seeds.
 */
export function seedBandFigure(
  runs: readonly { label: string; histories: readonly History[] }[],
  title: string,
  epochs: number,
): Figure {
  return accuracyBandFigure(
    runs.map(({ label, histories }) => ({
      label,
      band: accuracyBand(histories.map((h) => ({ ...h, epochs: h.epochs.slice(0, epochs) }))),
      seeds: histories.length,
    })),
    title,
    epochs,
  );
}

/** A session's runs as a table, one row each: what a learner checks before pressing on. */
export function runsTable(runs: readonly TrainingRun[], caption: string): Table {
  return {
    caption,
    columns: ["run", "network", "initializer", "seed", "epochs", "λ", "monitors"],
    rows: runs.map((r) => [
      r.label,
      `[${r.sizes.join(", ")}]`,
      r.initializer,
      r.seed,
      r.epochs,
      r.lmbda ?? 0,
      [r.monitorEvaluationAccuracy && "accuracy", r.monitorHiddenLayer && "hidden layer", r.monitorLayers && "layers"]
        .filter(Boolean).join(", ") || "—",
    ]),
  };
}
