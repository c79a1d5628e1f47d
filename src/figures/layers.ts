/**
 * Figures of a deep network layer by layer: the distributions of z and σ(z) per layer at
 * initialization (a slider picks the layer, no kernel needed), Var(z) per layer measured against
 * the theory, and any per-layer monitor over the epochs of training.
 *
 * @see NNDL §3.3 ("similar arguments apply also to later hidden layers"), §5 (speed of learning)
 */
import type { BinCounts, LayerDiagnostics } from "../network2/monitors";
import type { History } from "../network2/options";
import { significant } from "../chapter/format";
import type { Figure, Trace } from "./plotly";

const SCHEME_PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
const LAYER_PALETTE = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
];
/** Significant digits of the plotted numbers. */
const DIGITS = 4;

/** One network's layers, measured: a label for the legend and its per-layer diagnostics. */
export interface LayeredSeries {
  readonly label: string;
  readonly layers: readonly LayerDiagnostics[];
}

/** Bin centres and each bin's share of all values, in per cent. */
function percentBars(h: BinCounts): { x: number[]; y: number[] } {
  const x = h.counts.map((_, i) => significant(h.start + (i + 0.5) * h.binWidth, DIGITS));
  const y = h.counts.map((c) => (h.total === 0 ? 0 : significant((100 * c) / h.total, DIGITS)));
  return { x, y };
}

/**
 * Histograms of z (left) and σ(z) (right) of the hidden layers of every series, one layer at a
 * time: the slider shows layer 1, 2, … (every layer's bars travel in the figure, so moving the
 * slider redraws in the browser, in JupyterLab and in the pages alike). Values beyond the z axis
 * are counted in the legend's share off the axis.
 */
export function layerHistogramFigure(series: readonly LayeredSeries[], title: string): Figure {
  if (series.length === 0) throw new RangeError("layerHistogramFigure: no series");
  const hidden = Math.min(...series.map((s) => s.layers.length - 1));
  if (hidden < 1) throw new RangeError("layerHistogramFigure: the networks have no hidden layer");
  const data: Trace[] = [];
  for (let l = 0; l < hidden; l++) {
    series.forEach((s, i) => {
      const layer = s.layers[l];
      const z = percentBars(layer.zHistogram);
      const { below, above, total } = layer.zHistogram;
      const off = total === 0 ? 0 : (100 * (below + above)) / total;
      const a = percentBars(layer.activationHistogram);
      const marker = { color: SCHEME_PALETTE[i % SCHEME_PALETTE.length], opacity: 0.6 };
      const common = { type: "bar" as const, legendgroup: s.label, visible: l === 0, marker };
      const name = `${s.label} (${off.toFixed(1)} % of z off the axis)`;
      data.push({ ...common, name, x: z.x, y: z.y, width: layer.zHistogram.binWidth });
      data.push({
        ...common, name: s.label, showlegend: false, x: a.x, y: a.y,
        width: layer.activationHistogram.binWidth, xaxis: "x2", yaxis: "y2",
      });
    });
  }
  const perLayer = 2 * series.length;
  const steps = Array.from({ length: hidden }, (_, l) => ({
    label: `layer ${l + 1}`,
    method: "restyle",
    args: [{ visible: data.map((_, t) => Math.floor(t / perLayer) === l) }],
  }));
  return {
    data,
    layout: {
      title: { text: title },
      barmode: "overlay",
      xaxis: { title: { text: "z" }, domain: [0, 0.47] },
      yaxis: { title: { text: "share of (image, neuron) pairs (%)" } },
      xaxis2: { title: { text: "σ(z)" }, domain: [0.53, 1], range: [0, 1] },
      yaxis2: { anchor: "x2" },
      height: 520,
      margin: { b: 130 },
      legend: { orientation: "h", y: 1.12 },
      sliders: [{ active: 0, currentvalue: { prefix: "hidden " }, pad: { t: 60 }, steps }],
    },
  };
}

/** One scheme's Var(z) per layer: measured on a network, and predicted. */
export interface LayerVarianceSeries {
  readonly label: string;
  readonly measured: readonly number[];
  readonly theory: readonly number[];
}

/** Var(z) against the layer, log scale: markers measured, lines the theory through the layers. */
export function layerVarianceFigure(series: readonly LayerVarianceSeries[], title: string): Figure {
  const data: Trace[] = series.flatMap((s, i): Trace[] => {
    const x = s.measured.map((_, l) => l + 1);
    const color = SCHEME_PALETTE[i % 6];
    return [
      {
        type: "scatter", mode: "lines", name: `${s.label}: theory`, x,
        y: s.theory.map((v) => significant(v, DIGITS)), line: { color, dash: "dash" },
      },
      {
        type: "scatter", mode: "markers", name: `${s.label}: measured`, x,
        y: s.measured.map((v) => significant(v, DIGITS)), marker: { color, size: 9 },
      },
    ];
  });
  return {
    data,
    layout: {
      title: { text: title },
      xaxis: { title: { text: "layer (the last is the output layer)" }, dtick: 1 },
      yaxis: { title: { text: "Var(z) (log scale)" }, type: "log" },
      height: 440,
    },
  };
}

/** A run's history with what to call it. */
export interface LayeredHistory {
  readonly label: string;
  readonly history: History;
}

/**
 * A per-layer monitor over epochs (epoch 0: before training), one panel per run side by side,
 * one line per layer (the same colour for a layer in every panel). Points where `pick` gives null
 * or a non-positive value on a log axis are left out.
 */
export function layerEpochFigure(
  runs: readonly LayeredHistory[],
  pick: (layer: LayerDiagnostics) => number | null,
  options: { title: string; yTitle: string; log?: boolean },
): Figure {
  if (runs.length === 0) throw new RangeError("layerEpochFigure: no runs");
  const data: Trace[] = [];
  const width = 1 / runs.length;
  const layout: Figure["layout"] = {
    title: { text: options.title },
    height: 440,
    legend: { orientation: "h", y: -0.2 },
    annotations: runs.map((r, i) => ({
      text: r.label, showarrow: false, xref: "paper", yref: "paper", x: (i + 0.5) * width, y: 1.02,
      xanchor: "center", yanchor: "bottom",
    })),
  };
  runs.forEach((run, i) => {
    const records = [run.history.initial, ...run.history.epochs]
      .map((r, epoch) => ({ epoch, layers: r.layers }));
    const depth = Math.max(0, ...records.map((r) => r.layers?.length ?? 0));
    const suffix = i === 0 ? "" : String(i + 1);
    layout[`xaxis${suffix}`] = {
      title: { text: "epoch" }, anchor: `y${suffix}`,
      domain: [i * width + 0.04, (i + 1) * width - 0.02],
    };
    layout[`yaxis${suffix}`] = {
      title: { text: i === 0 ? options.yTitle : "" }, type: options.log ? "log" : "linear",
      anchor: `x${suffix}`, matches: i === 0 ? undefined : "y",
    };
    for (let l = 0; l < depth; l++) {
      const points = records
        .map((r) => ({ x: r.epoch, y: r.layers?.[l] ? pick(r.layers[l]) : null }))
        .filter((p): p is { x: number; y: number } =>
          p.y !== null && Number.isFinite(p.y) && (!options.log || p.y > 0));
      data.push({
        type: "scatter", mode: "lines", name: l === depth - 1 ? "output layer" : `layer ${l + 1}`,
        legendgroup: `layer ${l}`,
        showlegend: i === 0, x: points.map((p) => p.x), y: points.map((p) => significant(p.y, DIGITS)),
        line: { color: LAYER_PALETTE[l % LAYER_PALETTE.length], width: 2 },
        xaxis: `x${suffix}`, yaxis: `y${suffix}`,
      });
    }
  });
  return { data, layout };
}
