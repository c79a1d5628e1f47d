/**
 * The figures and tables of notebook 04 (the L2-decay problem), as pure functions: settings and
 * training histories in, Plotly figures and tables out. Histories may be partial (a session still
 * training), so the same functions draw the live figure and the final one.
 *
 * Colours: the run under study (old weights, with λ) red, its pure-decay prediction black dashed,
 * the same run without λ orange, the new initialization blue, the book's 1/√N level grey.
 *
 * @see NNDL §3.3 (the problem at the end of the section)
 */
import { relativeExponentError } from "../chapter/decay-conditions";
import type {
  ConditionCheck,
  DecayExperiment,
  DecayHistories,
  TailOffBracket,
  WeightChangeSplit,
} from "../chapter/decay-conditions";
import {
  bookTailOffLevel,
  DecaySetting,
  EARLY_DECAY_TOLERANCE,
  epochDecayFactor,
  epochDecayRate,
  exponentialDecayBound,
  exponentialDecayFactor,
  exponentialDecayLogError,
  measuredDecayFactors,
  miniBatchDecayFactor,
  miniBatchesPerEpoch,
  pureDecayRms,
  rmsSeries,
  stepDecayFraction,
  weightCount,
} from "../chapter/decay";
import { accuracyText, fixed, networkName, sci, significant, signedPercent } from "../chapter/format";
import { accuracyPercentAt } from "../chapter/seed-spread";
import type { Table } from "./table";
import type { Figure, Trace } from "./plotly";

export const DECAY_COLORS = {
  decayed: "#d62728",
  prediction: "#000000",
  undecayed: "#ff7f0e",
  reference: "#1f77b4",
  level: "#7f7f7f",
} as const;

/** Significant digits kept in figures: far below what the eye sees, and short JSON. */
const FIGURE_DIGITS = 6;
/** Significant digits of factors in tables: enough to see (1 − ηλ/n)^⌈n/m⌉ and exp(−ηλ/m) differ. */
const FACTOR_DIGITS = 10;
/** Room around the drawn values on the log axis, as a factor below the lowest and above the highest. */
const LOG_AXIS_MARGIN = 2;
const FIGURE_HEIGHT = 480;
/** A horizontal legend under the x axis' title, so that long trace names do not squeeze the plot. */
const LEGEND_BELOW = { orientation: "h", x: 0, y: -0.18, yanchor: "top" } as const;

const epochAxis = (count: number, first = 0): number[] => Array.from({ length: count }, (_, t) => t + first);

/**
 * Part (2) without training: the per-mini-batch factor, the per-epoch product, exp(−ηλ/m), how
 * far apart the last two are and the bound on that.
 */
export function decayFactorTable(setting: DecaySetting): Table {
  const steps = miniBatchesPerEpoch(setting);
  return {
    caption: `Weight decay with η = ${setting.eta}, λ = ${setting.lmbda}, m = ${setting.miniBatchSize}, n = `
      + `${setting.n}`,
    columns: ["quantity", "formula", "value"],
    rows: [
      ["fraction of each weight removed per mini-batch", "ηλ/n", sci(stepDecayFraction(setting))],
      ["factor per mini-batch", "1 − ηλ/n", miniBatchDecayFactor(setting).toPrecision(FACTOR_DIGITS)],
      ["mini-batches per epoch", "⌈n/m⌉", steps],
      ["factor per epoch, exact", `(1 − ηλ/n)^${steps}`, epochDecayFactor(setting).toPrecision(FACTOR_DIGITS)],
      ["factor per epoch, the book's", "exp(−ηλ/m)", exponentialDecayFactor(setting).toPrecision(FACTOR_DIGITS)],
      ["their log-ratio", "ln(exact / book's)", sci(exponentialDecayLogError(setting))],
      ["bound on |log-ratio|", "⌈n/m⌉·x²/(2(1 − x)), x = ηλ/n", sci(exponentialDecayBound(setting))],
      [
        "the bound relative to the exponent (part 2's criterion)",
        "bound / (ηλ/m) ≈ ηλ/2n",
        sci(relativeExponentError(setting)),
      ],
      ["decay exponent per epoch", "ηλ/m", fixed(epochDecayRate(setting), FACTOR_DIGITS)],
    ],
  };
}

/**
 * The verdicts in the problem's order: one row per criterion, the book's words, our criterion and
 * the value per network with ✓ or ✗ (each check's `why` says what a ✗ means; the notebook prints it).
 */
export function decayConditionTable(
  networks: readonly { sizes: readonly number[]; checks: readonly ConditionCheck[] }[],
): Table {
  if (networks.length === 0) throw new RangeError("decayConditionTable: networks is empty, expected at least one");
  return {
    caption: "The problem's claims in its order: our criterion and the value per network (✓ holds, ✗ fails)",
    columns: ["part", "the book", "criterion", ...networks.map((n) => networkName(n.sizes))],
    rows: networks[0].checks.map((check, i) => [
      `(${check.part})`, check.condition, check.criterion, ...networks.map((n) => `${n.checks[i].value} `
        + `${n.checks[i].holds ? "✓" : "✗"}`),
    ]),
  };
}

/**
 * Part (1)'s evidence: per layer and for all weights, the first epoch's measured factor with λ
 * and without, next to exp(−ηλ/m).
 */
export function firstEpochTable(
  setting: DecaySetting,
  networks: readonly { experiment: DecayExperiment; histories: DecayHistories; change: WeightChangeSplit }[],
): Table {
  const predicted = exponentialDecayFactor(setting);
  const rows: (string | number)[][] = [];
  for (const { experiment, histories, change } of networks) {
    const { sizes } = experiment;
    const groups: { name: string; group: number | "all"; count: number }[] = [
      ...sizes.slice(1).map((
        nOut,
        l,
      ) => ({ name: `layer ${l + 1}: ${sizes[l]} → ${nOut}`, group: l, count: sizes[l] * nOut })),
      { name: "all weights", group: "all" as const, count: weightCount(sizes) },
    ];
    for (const [index, { name, group, count }] of groups.entries()) {
      const [withDecay] = measuredDecayFactors(histories.decayed, group);
      const [without] = measuredDecayFactors(histories.undecayed, group);
      rows.push([
        networkName(sizes),
        name,
        count,
        fixed(rmsSeries(histories.decayed, group)[0]),
        fixed(withDecay, 5),
        fixed(without, 5),
        signedPercent(withDecay / predicted - 1),
        fixed(change.decay[index], 3),
        fixed(change.rest[index], 3),
      ]);
    }
  }
  return {
    caption: `First epoch, old weights: RMS after / RMS before, against exp(−ηλ/m) = ${fixed(predicted, 6)}`,
    columns: [
      "network", "weights", "count", "RMS before", "factor with λ", "factor with λ = 0", "with λ: against exp(−ηλ/m)",
      "‖decay's change‖", "‖the rest of Δw‖",
    ],
    rows,
  };
}

/** Part (3)'s evidence: the book's level 1/√N, the new initialization's size, and the measured
 * bracket of the tail-off level. */
export function tailOffTable(networks: readonly { sizes: readonly number[]; bracket: TailOffBracket }[]): Table {
  return {
    caption: "Where the decay tails off: between the old-weights run (falling) and the new-weights run (rising)",
    columns: [
      "network",
      "N (weights)",
      "1/√N",
      "new weights' RMS at start",
      "epochs",
      "tail-off level between",
      "in units of 1/√N",
    ],
    rows: networks.map(({ sizes, bracket: b }) => [
      networkName(sizes),
      weightCount(sizes),
      fixed(b.bookLevel),
      fixed(b.referenceStart),
      b.epochs,
      `${fixed(b.lower)} … ${fixed(b.upper)}`,
      `${fixed(b.lower / b.bookLevel, 3)} … ${fixed(b.upper / b.bookLevel, 3)}`,
    ]),
  };
}

/** Validation accuracy after the first and the last epoch of every run (runs that monitored it). */
export function decayAccuracyTable(
  networks: readonly { experiment: DecayExperiment; histories: DecayHistories }[],
): Table {
  const rows: (string | number)[][] = [];
  for (const { experiment, histories } of networks) {
    for (const role of ["decayed", "undecayed", "reference"] as const) {
      const history = histories[role];
      const epochs = history.epochs.length;
      rows.push([
        experiment[role].label, accuracyText(accuracyPercentAt(history, 1)), epochs,
        accuracyText(accuracyPercentAt(history, epochs)),
      ]);
    }
  }
  return { caption: "Validation accuracy", columns: ["run", "after epoch 1", "epochs", "after the last epoch"], rows };
}

/**
 * The weights' RMS per epoch on a log axis: the run under study against its pure-decay prediction
 * (drawn over all planned epochs), the same run with λ = 0, the new initialization with λ, and the
 * book's tail-off level 1/√N. The axis spans the measured values and the level; a prediction
 * that falls further runs off the bottom.
 */
export function weightRmsFigure(experiment: DecayExperiment, histories: DecayHistories, setting: DecaySetting): Figure {
  const planned = experiment.decayed.epochs;
  const level = bookTailOffLevel(experiment.sizes);
  const measured = (role: "decayed" | "undecayed" | "reference", name: string): Trace => {
    const rms = rmsSeries(histories[role]);
    return {
      type: "scatter",
      mode: "lines+markers",
      name,
      x: epochAxis(rms.length),
      y: rms.map((v) => significant(v, FIGURE_DIGITS)),
      line: { color: DECAY_COLORS[role] },
      marker: { size: 5 },
    };
  };
  const prediction = pureDecayRms(rmsSeries(histories.decayed)[0], setting, planned);
  const drawn = [
    ...rmsSeries(histories.decayed),
    ...rmsSeries(histories.undecayed),
    ...rmsSeries(histories.reference),
    level,
  ].filter((v) => v > 0);
  const data: Trace[] = [
    measured("decayed", `${experiment.decayed.initializer} weights, λ = ${setting.lmbda}: measured`),
    {
      type: "scatter",
      mode: "lines",
      name: "pure decay: RMS₀·(1 − ηλ/n)^(t·⌈n/m⌉)",
      x: epochAxis(prediction.length),
      y: prediction.map((v) => significant(v, FIGURE_DIGITS)),
      line: { color: DECAY_COLORS.prediction, dash: "dash", width: 1.5 },
    },
    measured("undecayed", `${experiment.undecayed.initializer} weights, λ = 0`),
    measured("reference", `${experiment.reference.initializer} weights, λ = ${setting.lmbda}`),
    {
      type: "scatter",
      mode: "lines",
      name: `1/√N = ${fixed(level, 3)} (N = ${weightCount(experiment.sizes)})`,
      x: [0, Math.max(planned, 1)],
      y: [significant(level, FIGURE_DIGITS), significant(level, FIGURE_DIGITS)],
      line: { color: DECAY_COLORS.level, dash: "dot" },
    },
  ];
  return {
    data,
    layout: {
      title: { text: `RMS of all weights, network ${networkName(experiment.sizes)}` },
      xaxis: { title: { text: "epoch" }, range: [-0.5, Math.max(planned, 1) + 0.5] },
      yaxis: {
        title: { text: "RMS of the weights (log scale)" },
        type: "log",
        range: [Math.log10(Math.min(...drawn) / LOG_AXIS_MARGIN), Math.log10(Math.max(...drawn) * LOG_AXIS_MARGIN)],
      },
      legend: LEGEND_BELOW,
      height: FIGURE_HEIGHT,
    },
  };
}

/**
 * The measured per-epoch factor RMS_t / RMS_(t−1) of each network's run under study, against
 * exp(−ηλ/m) with the band of the notebook's check (a decay exponent within `tolerance` of ηλ/m),
 * and 1 (no decay): it starts on the prediction and rises towards 1 as the decay tails off.
 */
export function decayFactorFigure(
  setting: DecaySetting,
  networks: readonly { experiment: DecayExperiment; histories: DecayHistories }[],
  tolerance = EARLY_DECAY_TOLERANCE,
): Figure {
  if (networks.length === 0) throw new RangeError("decayFactorFigure: networks is empty, expected at least one");
  const predicted = exponentialDecayFactor(setting);
  const rate = epochDecayRate(setting);
  const planned = Math.max(1, ...networks.map((n) => n.experiment.decayed.epochs));
  const across = [0.5, planned + 0.5];
  const flat = (name: string, y: number, color: string, dash: "dash" | "dot" | "solid", showlegend = true): Trace => ({
    type: "scatter", mode: "lines", name, x: across,
    y: [significant(y, FIGURE_DIGITS), significant(y, FIGURE_DIGITS)], line: { color, dash, width: 1 }, showlegend,
  });
  const palette = [DECAY_COLORS.decayed, "#9467bd", "#8c564b", "#e377c2"];
  const data: Trace[] = [
    flat(`exp(−ηλ/m) = ${fixed(predicted, 6)}`, predicted, DECAY_COLORS.prediction, "dash"),
    flat(
      `exp(−(1 ± ${tolerance})·ηλ/m): the check's band`,
      Math.exp(-rate * (1 - tolerance)),
      DECAY_COLORS.level,
      "dot",
    ),
    flat("lower edge", Math.exp(-rate * (1 + tolerance)), DECAY_COLORS.level, "dot", false),
    flat("1 (no decay)", 1, DECAY_COLORS.level, "solid"),
    ...networks.map(({ experiment, histories }, i): Trace => {
      const factors = measuredDecayFactors(histories.decayed);
      return {
        type: "scatter",
        mode: "lines+markers",
        name: `${networkName(experiment.sizes)}, ${experiment.decayed.initializer} weights: measured`,
        x: epochAxis(factors.length, 1),
        y: factors.map((v) => significant(v, FIGURE_DIGITS)),
        line: { color: palette[i % palette.length] },
      };
    }),
  ];
  return {
    data,
    layout: {
      title: { text: `Decay per epoch: RMS after / RMS before (η = ${setting.eta}, λ = ${setting.lmbda}, m = `
        + `${setting.miniBatchSize})` },
      xaxis: { title: { text: "epoch" }, range: [0.5, planned + 0.5] },
      yaxis: { title: { text: "factor per epoch" } },
      legend: LEGEND_BELOW,
      height: FIGURE_HEIGHT,
    },
  };
}
