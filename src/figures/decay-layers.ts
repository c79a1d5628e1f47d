/**
 * Part (3) of the L2-decay problem layer by layer: where each layer's weights go while the decay
 * tails off, how the squared norm splits between the layers, the first layer against 1/√n_in,
 * and the balance norm √((n/λ)·|w·∇C₀|) against the measured one over a sweep of λ.
 *
 * @see NNDL §3.3 (the closing problem), `chapter/balance.ts`
 */
import type { DecayExperiment, DecayHistories } from "../chapter/decay-conditions";
import {
  bookTailOffLevel,
  DecaySetting,
  measuredDecayFactors,
  pureDecayRms,
  rmsSeries,
  weightCount,
} from "../chapter/decay";
import { accuracyText, fixed, networkName, percent, points, significant } from "../chapter/format";
import { accuracyPercentAt } from "../chapter/seed-spread";
import type { History } from "../network2/options";
import type { Figure, Trace } from "./plotly";
import type { Table } from "./table";

const LAYER_COLORS = ["#d62728", "#2ca02c", "#9467bd", "#8c564b"];
/** Significant digits of the plotted numbers. */
const FIGURE_DIGITS = 6;
const layerName = (sizes: readonly number[], l: number): string => `layer ${l + 1} (${sizes[l]} → ${sizes[l + 1]})`;

/** Each layer's share of ‖w‖² before training and after every epoch (index t = after epoch t). */
export function squaredNormShares(history: Pick<History, "initial" | "epochs">): number[][] {
  return [history.initial, ...history.epochs].map(({ weights }) => {
    const total = weights.all.norm ** 2;
    return weights.layers.map((layer) => (total === 0 ? 0 : layer.norm ** 2 / total));
  });
}

/**
 * Two panels for one network: left, each layer's RMS per epoch (log axis) under the old weights
 * with λ (solid), the new weights with λ (dotted), and pure decay from the old start (dashed),
 * with 1/√n_in of the first layer as a guide; right, each layer's share of ‖w‖² in the old-weights run.
 */
export function layerRmsFigure(experiment: DecayExperiment, histories: DecayHistories, setting: DecaySetting): Figure {
  const { sizes } = experiment;
  const layers = sizes.length - 1;
  const planned = Math.max(experiment.decayed.epochs, 1);
  const data: Trace[] = [];
  const drawn: number[] = [];
  for (let l = 0; l < layers; l++) {
    const color = LAYER_COLORS[l % LAYER_COLORS.length];
    const old = rmsSeries(histories.decayed, l);
    const fresh = rmsSeries(histories.reference, l);
    const decay = pureDecayRms(old[0], setting, planned);
    drawn.push(...old, ...fresh);
    data.push(
      {
        type: "scatter",
        mode: "lines+markers",
        name: `${layerName(sizes, l)}, old weights`,
        x: old.map((_, t) => t),
        y: old.map((v) => significant(v, FIGURE_DIGITS)),
        line: { color },
        marker: { size: 4 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: `${layerName(sizes, l)}, new weights`,
        x: fresh.map((_, t) => t),
        y: fresh.map((v) => significant(v, FIGURE_DIGITS)),
        line: { color, dash: "dot" },
      },
      {
        type: "scatter",
        mode: "lines",
        name: `${layerName(sizes, l)}, pure decay`,
        x: decay.map((_, t) => t),
        y: decay.map((v) => significant(v, FIGURE_DIGITS)),
        line: { color, dash: "dash", width: 1 },
      },
    );
  }
  const guide = 1 / Math.sqrt(sizes[0]);
  drawn.push(guide);
  data.push({
    type: "scatter",
    mode: "lines",
    name: `1/√n_in = ${fixed(guide, 3)} (layer 1)`,
    x: [0, planned],
    y: [significant(guide, FIGURE_DIGITS), significant(guide, FIGURE_DIGITS)],
    line: { color: "#7f7f7f", dash: "dot", width: 1 },
  });
  const shares = squaredNormShares(histories.decayed);
  for (let l = 0; l < layers; l++) {
    data.push({
      type: "scatter", mode: "lines+markers", name: `${layerName(sizes, l)}: share of ‖w‖²`,
      x: shares.map((_, t) => t), y: shares.map((s) => significant(100 * s[l], FIGURE_DIGITS)),
      xaxis: "x2", yaxis: "y2", line: {
        color: LAYER_COLORS[l % LAYER_COLORS.length],
        width: 2,
      }, marker: { size: 4, symbol: "square" },
    });
  }
  const positive = drawn.filter((v) => v > 0);
  return {
    data,
    layout: {
      title: { text: `Layer by layer, network ${networkName(sizes)} (λ = ${setting.lmbda})` },
      height: 520,
      xaxis: { title: { text: "epoch" }, domain: [0, 0.6], anchor: "y" },
      yaxis: {
        title: { text: "RMS of the layer's weights (log)" },
        type: "log",
        anchor: "x",
        range: [Math.log10(Math.min(...positive) / 1.5), Math.log10(Math.max(...positive) * 1.5)],
      },
      xaxis2: { title: { text: "epoch" }, domain: [0.72, 1], anchor: "y2" },
      yaxis2: { title: { text: "share of ‖w‖², old weights (%)" }, range: [0, 100], anchor: "x2" },
      legend: { orientation: "h", x: 0, y: -0.18, yanchor: "top" },
    },
  };
}

/**
 * Per network and layer, after the last epoch: the old weights' RMS against pure decay, the new
 * weights' RMS, the old weights' RMS in units of 1/√n_in, and the share of ‖w‖²; then all
 * weights together, whose RMS·√N = ‖w‖ is the prefactor of 1/√N.
 */
export function layerTable(
  setting: DecaySetting,
  networks: readonly { experiment: DecayExperiment; histories: DecayHistories }[],
): Table {
  const rows: (string | number)[][] = [];
  for (const { experiment, histories } of networks) {
    const { sizes } = experiment;
    const epochs = histories.decayed.epochs.length;
    const shares = squaredNormShares(histories.decayed)[epochs];
    const groups: (number | "all")[] = [...sizes.slice(1).map((_, l) => l), "all"];
    for (const group of groups) {
      const old = rmsSeries(histories.decayed, group);
      const fresh = rmsSeries(histories.reference, group);
      const nIn = group === "all" ? undefined : sizes[group];
      const unit = group === "all" ? bookTailOffLevel(sizes) : 1 / Math.sqrt(nIn as number);
      const last = old[epochs];
      rows.push([
        networkName(sizes),
        group === "all" ? `all ${weightCount(sizes)} weights` : layerName(sizes, group),
        epochs,
        fixed(old[0]),
        fixed(last),
        fixed(pureDecayRms(old[0], setting, epochs)[epochs]),
        fixed(fresh[Math.min(epochs, fresh.length - 1)]),
        `${fixed(last / unit, 3)} × ${group === "all" ? "1/√N" : "1/√n_in"}`,
        group === "all" ? "100 %" : percent(shares[group], 1),
      ]);
    }
  }
  return {
    caption: "Weights after the last epoch, layer by layer (old = the run under study, with λ)",
    columns: [
      "network",
      "weights",
      "epochs",
      "old: RMS at start",
      "old: RMS now",
      "pure decay would give",
      "new: RMS now",
      "old: RMS now, in units",
      "old: share of ‖w‖²",
    ],
    rows,
  };
}

const accuracyNow = (h: Pick<History, "epochs" | "evaluationSize">): string =>
  accuracyText(accuracyPercentAt(h, h.epochs.length));

/** One run of the λ sweep: its λ, the network, its history and its balance norm (if measured). */
export interface SweepPoint {
  readonly lmbda: number;
  readonly sizes: readonly number[];
  readonly history: Pick<History, "initial" | "epochs" | "evaluationSize">;
  /** √((n/λ)·|w·∇C₀|) at the last epoch, from `balanceNorm`. */
  readonly balanceNorm: number;
}

/**
 * The λ sweep: per λ, after the last epoch, the last measured factor (1 when the decay has tailed
 * off), the measured norm ‖w‖ (= RMS·√N, the prefactor of 1/√N), the balance norm and their
 * ratio, and the RMS.
 */
export function lambdaSweepTable(points: readonly SweepPoint[]): Table {
  return {
    caption: "The λ sweep, old weights: where the decay stops, measured and from the balance ‖w‖² ≈ (n/λ)·|w·∇C₀|",
    columns: [
      "λ",
      "network",
      "epochs",
      "last factor per epoch",
      "RMS of all weights",
      "‖w‖ = RMS·√N (× 1/√N)",
      "√((n/λ)·|w·∇C₀|)",
      "measured / balance",
      "validation accuracy",
    ],
    rows: points.map(({ lmbda, sizes, history, balanceNorm }) => {
      const epochs = history.epochs.length;
      const rms = rmsSeries(history)[epochs];
      const norm = rms * Math.sqrt(weightCount(sizes));
      const factors = measuredDecayFactors(history);
      return [
        lmbda,
        networkName(sizes),
        epochs,
        factors.length > 0 ? fixed(factors[factors.length - 1], 4) : "—",
        fixed(rms),
        fixed(norm, 3),
        fixed(balanceNorm, 3),
        fixed(norm / balanceNorm, 3),
        accuracyNow(history),
      ];
    }),
  };
}

/** The epochs at which part (3)'s reading samples the gradient's share: 1, 10, 20, 30 and the last. */
const SAMPLED_EPOCHS = [1, 10, 20, 30];

/**
 * The gradient's share of a factor's change of ln RMS, against pure decay P: 0 for pure decay
 * (factor P), 1 when the gradient undoes the decay (factor 1), above 1 when the weights grow.
 */
export function gradientShare(factor: number, P: number): number {
  return 1 - Math.log(factor) / Math.log(P);
}

/** What part (3)'s reading needs for one network, measured in its histories. */
export interface TailOffNumbers {
  readonly sizes: readonly number[];
  readonly epochs: number;
  /** First-layer RMS of the old weights: at the start, now, and under pure decay; the new weights' now. */
  readonly firstLayer: {
    readonly start: number;
    readonly now: number;
    readonly pureDecay: number;
    readonly newNow: number;
  };
  /** The gradient's share of the first layer's change of ln RMS in epochs 1, 10, 20, 30 and the last (those run). */
  readonly firstLayerShares: readonly { readonly epoch: number; readonly share: number }[];
  /** Output-layer RMS of the old weights, start and now, and its share of ‖w‖² now. */
  readonly outputLayer: { readonly start: number; readonly now: number; readonly share: number };
  /** ‖w‖ = RMS·√N of all old weights now: the prefactor of 1/√N. */
  readonly norm: number;
  /** Validation accuracy (percent) of the old and the new weights after epoch 1 and now. */
  readonly accuracy?: {
    readonly oldFirst: number;
    readonly newFirst: number;
    readonly oldNow: number;
    readonly newNow: number;
  };
}

/** The numbers behind part (3)'s reading of one network. */
export function tailOffNumbers(
  setting: DecaySetting,
  experiment: DecayExperiment,
  histories: DecayHistories,
): TailOffNumbers {
  const { sizes } = experiment;
  const epochs = histories.decayed.epochs.length;
  const first = rmsSeries(histories.decayed, 0);
  const newFirst = rmsSeries(histories.reference, 0);
  const out = rmsSeries(histories.decayed, sizes.length - 2);
  const factors = measuredDecayFactors(histories.decayed, 0);
  const P = pureDecayRms(1, setting, 1)[1];
  const sampled = [...new Set([...SAMPLED_EPOCHS, epochs])].filter((t) => t >= 1 && t <= epochs).sort((a, b) => a - b);
  const accuracyAt = (h: Pick<History, "epochs" | "evaluationSize">, t: number): number =>
    (100 * (h.epochs[t]?.evaluationAccuracy ?? NaN)) / h.evaluationSize;
  const withAccuracy = epochs > 0 && histories.decayed.evaluationSize > 0
    && histories.decayed.epochs[0].evaluationAccuracy !== undefined;
  const last = Math.min(epochs, histories.reference.epochs.length) - 1;
  return {
    sizes,
    epochs,
    firstLayer: {
      start: first[0],
      now: first[epochs],
      pureDecay: first[0] * P ** epochs,
      newNow: newFirst[Math.min(epochs, newFirst.length - 1)],
    },
    firstLayerShares: sampled.map((epoch) => ({ epoch, share: gradientShare(factors[epoch - 1], P) })),
    outputLayer: {
      start: out[0],
      now: out[epochs],
      share: squaredNormShares(histories.decayed)[epochs][sizes.length - 2],
    },
    norm: rmsSeries(histories.decayed)[epochs] * Math.sqrt(weightCount(sizes)),
    accuracy: withAccuracy
      ? {
        oldFirst: accuracyAt(histories.decayed, 0),
        newFirst: accuracyAt(histories.reference, 0),
        oldNow: accuracyAt(histories.decayed, last),
        newNow: accuracyAt(histories.reference, last),
      }
      : undefined,
  };
}

/** Part (3)'s reading of one network as sentences, every number from {@link tailOffNumbers}. */
export function tailOffProse(n: TailOffNumbers): string[] {
  const net = networkName(n.sizes);
  const epochsRun = `${n.epochs} epoch${n.epochs === 1 ? "" : "s"}`;
  const nIn = n.sizes[0];
  const shares = n.firstLayerShares.map(({ epoch, share }) => `${percent(share, 0)} in epoch ${epoch}`).join(", ");
  const lastShare = n.firstLayerShares[n.firstLayerShares.length - 1]?.share ?? NaN;
  const balance =
    lastShare < 0.5 ? "the decay still outweighs the gradient in the last epoch: it is tailing off, not "
      + "over" : "by the last epoch the gradient undoes at least half of the decay";
  const lines = [
    `${net}, old weights, after ${epochsRun}: the first layer's RMS went from ${fixed(n.firstLayer.start, 3)} to `
      + `${fixed(n.firstLayer.now, 3)} ` +
      `(pure decay alone would give ${fixed(n.firstLayer.pureDecay, 3)}), i.e. `
        + `${fixed(n.firstLayer.now * Math.sqrt(nIn), 3)} × 1/√n_in, ` +
      `against ${fixed(n.firstLayer.newNow * Math.sqrt(nIn), 3)} × 1/√n_in for the new weights' first layer. ` +
      `The gradient's share of the first layer's change of ln RMS (0 % is pure decay, 100 % no change) was `
        + `${shares}: ${balance}.`,
    `Its output layer went from RMS ${fixed(n.outputLayer.start, 3)} to ${fixed(n.outputLayer.now, 3)}` +
      `${n.outputLayer.now > n.outputLayer.start ? " — it grew, despite the decay" : ""}, and now holds `
        + `${percent(n.outputLayer.share, 0)} of ‖w‖², ` +
      `with ${n.sizes[n.sizes.length - 2] * n.sizes[n.sizes.length - 1]} of the ${weightCount(n.sizes)} weights. `
        + `The norm of all weights is ‖w‖ = ${fixed(n.norm, 3)}, so their RMS is ${fixed(n.norm, 3)} × 1/√N.`,
  ];
  if (n.accuracy) {
    lines.push(
      `Accuracy, old against new weights: ${accuracyText(n.accuracy.oldFirst)} against `
        + `${accuracyText(n.accuracy.newFirst)} after epoch 1, `
        + `${accuracyText(n.accuracy.oldNow)} against ${accuracyText(n.accuracy.newNow)} after epoch ${n.epochs}: `
        + `the gap went from ${points(n.accuracy.newFirst - n.accuracy.oldFirst)} to `
        + `${points(n.accuracy.newNow - n.accuracy.oldNow)} points.`,
    );
  }
  return lines;
}
