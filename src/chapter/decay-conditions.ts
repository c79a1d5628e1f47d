/**
 * The problem's three conditions, each made a number with a threshold, checked on the runs of one
 * experiment per network.
 *
 * An experiment trains three networks of the same shape, seed and mini-batch order:
 * - `decayed`: the initialization under study (the old N(0, 1) one) with λ, the run the problem
 *   is about;
 * - `undecayed`: the same with λ = 0, so whatever happens to its weights is the gradient's doing;
 * - `reference`: the new N(0, 1/n_in) initialization with λ, whose weights start small.
 *
 * The criteria, in the problem's order, with thresholds in {@link DECAY_THRESHOLDS} (our readings
 * of "not too small", "almost entirely", "≪", "around"). P = (1 − ηλ/n)^⌈n/m⌉ is the pure-decay
 * factor per epoch.
 * 1. The first epochs are dominated by weight decay: tested twice, on the weights' size (the
 *    decay's change of ln RMS in epoch 1 against the rest) and on the weights themselves (the
 *    decay's part of Δw against the rest): the two can disagree, since the gradient moves the
 *    weights sideways to w, which changes them a lot and their size little.
 * 2. ηλ ≪ n makes the decay exp(−ηλ/m) per epoch: by arithmetic (the exponential's relative error
 *    ≈ ηλ/2n) and measured (the first epochs' decay exponents against ηλ/m, relative to ηλ/m).
 * 3. λ not too large (small weights grow despite the decay), and the decay tails off when the
 *    weights are down to around 1/√N (the level reached by the last epoch, or the epochs pure
 *    decay would need); `checkScaling` tests "so it scales as 1/√N" on runs at the balance.
 * The undecayed run (λ = 0) shows what the gradient alone does to the old weights' size.
 *
 * @see NNDL §3.3 (the problem at the end of the section)
 */
import {
  bookTailOffLevel,
  checkDecaySetting,
  checkEarlyDecay,
  DecaySetting,
  EARLY_EPOCHS,
  epochDecayFactor,
  epochDecayRate,
  epochsToLevel,
  exponentialDecayBound,
  rmsSeries,
  weightCount,
} from "./decay";
import type { InitializerName } from "../network2/init";
import { DIGIT_CLASSES, IMAGE_SIZE } from "../data/mnist";
import type { Precision } from "../network2/trainer";
import type { TrainingRun } from "../runs/runs";
import type { History } from "../network2/options";
import { describeValue } from "../data/describe";
import { fixed } from "./format";

/**
 * The criteria's thresholds (the book says "not too small", "almost entirely", "≪", "around";
 * these are our readings). The notebook names them in its parameter cell, so a learner can
 * tighten or loosen a reading and see which verdicts move.
 */
export interface DecayThresholds {
  /** (1), the weights' size: the decay's |Δ ln RMS| in epoch 1 over the gradient's, at least this. */
  readonly sizeDominance: number;
  /** (1), the weights themselves: ‖the decay's change‖ over ‖the rest of the change‖ in epoch 1, at least this. */
  readonly changeDominance: number;
  /** (2): the bound on |ln P + ηλ/m| relative to ηλ/m (≈ ηλ/2n), at most this. */
  readonly exponentError: number;
  /** (1)+(2) measured, and "the balance is reached": a decay exponent within this fraction of ηλ/m, or of 0. */
  readonly exponentTolerance: number;
  /** (3), "λ not too large": the new small weights' growth in epoch 1 over the decay's shrinking, at least this. */
  readonly growth: number;
  /** (3), "down to around 1/√N": the RMS of all weights at most this many times 1/√N. */
  readonly levelFactor: number;
  /** (3), "scales as 1/√N": the exponent β of RMS ∝ N^β across the networks within this of −1/2. */
  readonly scalingTolerance: number;
}

/** Our readings of the book's words, the notebook's defaults. */
export const DECAY_THRESHOLDS: DecayThresholds = {
  sizeDominance: 10,
  changeDominance: 3,
  exponentError: 0.01,
  exponentTolerance: 0.1,
  growth: 1,
  levelFactor: 3,
  scalingTolerance: 0.1,
};

/** The initialization the experiments compare against: network2's default, N(0, 1/n_in). */
export const NEW_INITIALIZER: InitializerName = "default";

/** What an experiment trains, apart from the data and the hidden layer's size. */
export interface DecayStudy {
  /** η. */
  readonly eta: number;
  /** λ. */
  readonly lmbda: number;
  /** m. */
  readonly miniBatchSize: number;
  /** The initialization under study; the problem's is "large" (the old N(0, 1)). */
  readonly initializer: InitializerName;
  readonly epochs: number;
  readonly seed: number;
  /** The engine's number type; `sgd`'s default (`DEFAULT_TRAINING_PRECISION`, float32) when absent. */
  readonly precision?: Precision;
  /** Also count correct validation images every epoch. */
  readonly monitorEvaluationAccuracy?: boolean;
}

/** The three runs of one network, in the order of {@link DECAY_ROLES}. */
export interface DecayExperiment {
  readonly hidden: number;
  /** [784, hidden, 10]. */
  readonly sizes: readonly number[];
  readonly decayed: TrainingRun;
  readonly undecayed: TrainingRun;
  readonly reference: TrainingRun;
}

export const DECAY_ROLES = ["decayed", "undecayed", "reference"] as const;
export type DecayRole = (typeof DECAY_ROLES)[number];

/** A run's history by role. */
export type DecayHistories = Readonly<Record<DecayRole, Pick<History, "initial" | "epochs" | "evaluationSize">>>;

/** The experiment for an MNIST network [784, hidden, 10]: three runs that share seed and data order. */
export function decayExperiment(study: DecayStudy, hidden: number): DecayExperiment {
  if (!Number.isInteger(hidden) || hidden < 1) {
    throw new RangeError(`decayExperiment: hidden must be an integer ≥ 1, got ${describeValue(hidden)}`);
  }
  const sizes = [IMAGE_SIZE, hidden, DIGIT_CLASSES];
  const common = {
    sizes,
    seed: study.seed,
    epochs: study.epochs,
    miniBatchSize: study.miniBatchSize,
    eta: study.eta,
    precision: study.precision,
    monitorEvaluationAccuracy: study.monitorEvaluationAccuracy,
  };
  const net = `[${sizes.join(", ")}]`;
  return {
    hidden,
    sizes,
    decayed: {
      ...common,
      label: `${study.initializer}, λ = ${study.lmbda}, ${net}`,
      initializer: study.initializer,
      lmbda: study.lmbda,
    },
    undecayed: { ...common, label: `${study.initializer}, λ = 0, ${net}`, initializer: study.initializer, lmbda: 0 },
    reference: {
      ...common,
      label: `${NEW_INITIALIZER}, λ = ${study.lmbda}, ${net}`,
      initializer: NEW_INITIALIZER,
      lmbda: study.lmbda,
    },
  };
}

/** Every run of the experiments, for one `trainRuns` session. */
export function experimentRuns(experiments: readonly DecayExperiment[]): TrainingRun[] {
  return experiments.flatMap((e) => DECAY_ROLES.map((role) => e[role]));
}

/** Which of `experiments` `run` belongs to (its index), or −1: to redraw only that network's figure. */
export function experimentIndexOf(experiments: readonly DecayExperiment[], run: TrainingRun): number {
  return experiments.findIndex((e) => DECAY_ROLES.some((role) => e[role] === run));
}

/** The histories of an experiment's runs, picked from a session's results (matched by run). */
export function experimentHistories(
  experiment: DecayExperiment,
  results: readonly { readonly run: TrainingRun; readonly history: History }[],
): Record<DecayRole, History> {
  const historyOf = (role: DecayRole): History => {
    const result = results.find((r) => r.run === experiment[role]);
    if (result === undefined) throw new Error(`experimentHistories: no result for run "${experiment[role].label}"`);
    return result.history;
  };
  return { decayed: historyOf("decayed"), undecayed: historyOf("undecayed"), reference: historyOf("reference") };
}

/**
 * The first epoch's change of ln(RMS) of all weights, split into the pure decay's share ln P and
 * the rest, the gradient's; the first epoch is the one every run has.
 */
export function firstEpochSplit(
  setting: DecaySetting,
  history: Pick<History,
  "initial" | "epochs">,
): { decay: number; gradient: number } {
  if (history.epochs.length === 0) throw new RangeError("firstEpochSplit: the run has no completed epoch");
  const [r0, r1] = rmsSeries(history);
  const decay = Math.log(epochDecayFactor(setting));
  return { decay, gradient: Math.log(r1 / r0) - decay };
}

/**
 * Part (1)'s number: in the decayed run's first epoch, |decay's change of ln RMS| over |the
 * gradient's|. 0 for λ = 0 (nothing to dominate).
 */
export function decayDominance(setting: DecaySetting, decayed: Pick<History, "initial" | "epochs">): number {
  const { decay, gradient } = firstEpochSplit(setting, decayed);
  return decay === 0 ? 0 : Math.abs(decay) / Math.abs(gradient);
}

/**
 * Part (3)'s number: in the reference run (small weights, with λ), the gradient's growth of
 * ln(RMS) in the first epoch over the decay's shrinking of it. Above 1 the weights grew despite
 * the decay. Infinite for λ = 0 (no decay to stop).
 */
export function gradientBalance(setting: DecaySetting, reference: Pick<History, "initial" | "epochs">): number {
  const { decay, gradient } = firstEpochSplit(setting, reference);
  return decay === 0 ? Infinity : gradient / -decay;
}

/**
 * Part (2)'s number: the bound on |ln P + ηλ/m| relative to the exponent ηλ/m, about ηλ/2n when m
 * divides n. 0 for λ = 0 (no decay, nothing to approximate).
 */
export function relativeExponentError(setting: DecaySetting): number {
  const rate = epochDecayRate(setting);
  return rate === 0 ? 0 : exponentialDecayBound(setting) / rate;
}

/**
 * Epoch 1's change of the weights, Δw = w₁ − w₀, split into the pure decay's part (P − 1)·w₀ and
 * the rest (the gradient's steps, the decay of what they added, and their noise), per layer and
 * for all weights. Part (1) says the decay's part dominates; the rest is what takes the
 * accuracy from chance to 87 % in that epoch, mostly sideways to w, so it barely moves the norm.
 */
export interface WeightChangeSplit {
  /** ‖(1 − P)·w₀‖ per layer, then for all weights. */
  readonly decay: readonly number[];
  /** ‖Δw − (P − 1)·w₀‖ per layer, then for all weights. */
  readonly rest: readonly number[];
}

/** The split of {@link WeightChangeSplit} for weights `before` and `after` one epoch. */
export function weightChangeSplit(
  setting: DecaySetting,
  before: readonly Float64Array[],
  after: readonly Float64Array[],
): WeightChangeSplit {
  if (before.length !== after.length || before.some((w, l) => w.length !== after[l].length)) {
    throw new RangeError("weightChangeSplit: before and after must be the same network's weights (same layers "
      + "and sizes)");
  }
  const P = epochDecayFactor(setting);
  const decay: number[] = [];
  const rest: number[] = [];
  let d2 = 0;
  let r2 = 0;
  before.forEach((w0, l) => {
    const w1 = after[l];
    let ld = 0;
    let lr = 0;
    for (let i = 0; i < w0.length; i++) {
      const decayed = (P - 1) * w0[i];
      ld += decayed * decayed;
      lr += (w1[i] - w0[i] - decayed) ** 2;
    }
    decay.push(Math.sqrt(ld));
    rest.push(Math.sqrt(lr));
    d2 += ld;
    r2 += lr;
  });
  return { decay: [...decay, Math.sqrt(d2)], rest: [...rest, Math.sqrt(r2)] };
}

/** One condition: the number that decides it, its threshold and the verdict. */
export interface ConditionCheck {
  readonly part: 1 | 2 | 3;
  /** The book's words, quoted. */
  readonly condition: string;
  /** What is compared with what. */
  readonly criterion: string;
  /** The measured value, formatted ("—" where there is none). */
  readonly value: string;
  readonly holds: boolean;
  /** Why, in a few words, where the verdict needs it (✗ rows). */
  readonly why?: string;
}

/** What the conditions of one network are checked on. */
export interface DecayEvidence {
  readonly sizes: readonly number[];
  readonly histories: DecayHistories;
  /** Epoch 1's weight change of the decayed run. */
  readonly change: WeightChangeSplit;
}

/**
 * The problem's conditions for one network, in the problem's order, each with the book's words,
 * our criterion, the measured value and ✓/✗:
 * (1) the weights' size and the weights themselves in epoch 1; (2) the exponential's error by
 * arithmetic and the first epochs' measured exponents; (3) "λ not too large" (the new weights
 * grow) and "tails off when the weights are down to around 1/√N" (the level reached by the last
 * epoch, with the epochs pure decay would need).
 */
export function checkDecayConditions(
  setting: DecaySetting,
  evidence: DecayEvidence,
  thresholds: DecayThresholds = DECAY_THRESHOLDS,
): ConditionCheck[] {
  checkDecaySetting(setting, "checkDecayConditions");
  const { sizes, histories, change } = evidence;
  const t = thresholds;
  const size = decayDominance(setting, histories.decayed);
  const all = change.decay.length - 1;
  const changeRatio = change.decay[all] / change.rest[all];
  const bound = relativeExponentError(setting);
  const early = checkEarlyDecay(histories.decayed, setting, t.exponentTolerance);
  const balance = gradientBalance(setting, histories.reference);
  const rms = rmsSeries(histories.decayed);
  const epochs = rms.length - 1;
  const level = rms[epochs] / bookTailOffLevel(sizes);
  const lastFactor = rms[epochs] / rms[Math.max(0, epochs - 1)];
  const needed = epochsToLevel(rms[0], sizes, setting);
  const reached = level <= t.levelFactor;
  return [
    {
      part: 1,
      condition: '"the first epochs of training will be dominated almost entirely by weight decay": the weights\' size',
      criterion: `epoch 1: the decay's |Δ ln RMS| over the gradient's, ≥ ${t.sizeDominance}`,
      value: fixed(size, 3),
      holds: size >= t.sizeDominance,
    },
    {
      part: 1,
      condition: "the same, for the weights themselves (not only their size)",
      criterion: `epoch 1: ‖(1 − P)·w₀‖ over ‖Δw − (P − 1)·w₀‖, ≥ ${t.changeDominance}`,
      value: fixed(changeRatio, 3),
      holds: changeRatio >= t.changeDominance,
      why:
        changeRatio >= t.changeDominance
          ? undefined
          : size >= t.sizeDominance
            ? "the gradient moves the weights more than the decay does, mostly sideways to w: " +
              "the size follows the decay, the weights do not"
            : "the rest of the change (the gradient's steps) is larger than the decay's part",
    },
    {
      part: 2,
      condition: '"provided ηλ ≪ n the weights will decay by a factor of exp(−ηλ/m) per epoch": arithmetic',
      criterion: `bound on |ln((1 − ηλ/n)^⌈n/m⌉) + ηλ/m| / (ηλ/m) ≈ ηλ/2n, ≤ ${t.exponentError}`,
      value: bound.toExponential(2),
      holds: bound <= t.exponentError,
    },
    {
      part: 2,
      condition: "the same, measured on the old weights with λ",
      criterion: `epochs 1–${EARLY_EPOCHS}: −ln(RMS_t/RMS_(t−1)) within ${100 * t.exponentTolerance} % of ηλ/m`,
      value: early.measured.length === 0 ? "—" : `${fixed(100 * Math.max(...early.deviations), 3)} % off`,
      holds: early.holds,
      why: early.holds ? undefined : early.summary,
    },
    {
      part: 3,
      condition: '"supposing λ is not too large": small weights are not decayed away',
      criterion:
        `epoch 1, new (small) weights with λ: the gradient's Δ ln RMS over the decay's |Δ ln RMS|, ≥ ${t.growth}`,
      value: fixed(balance, 3),
      holds: balance >= t.growth,
    },
    {
      part: 3,
      condition: '"the weight decay will tail off when the weights are down to a size around 1/√n"',
      criterion: `old weights with λ, after the last epoch: RMS of all weights ≤ ${t.levelFactor} × 1/√N`,
      value: `${fixed(level, 3)} × 1/√N`,
      holds: reached,
      why: reached
        ? undefined
        : `after ${epochs} epoch${epochs === 1 ? "" : "s"} the RMS is still ${fixed(level, 3)} × 1/√N and ` +
          `${lastFactor < 1 ? "falling" : "not falling"} ` +
          `(last factor ${fixed(lastFactor, 4)}); ` +
          `pure decay alone would need ${fixed(needed, 3)} epochs to reach 1/√N ` +
          `(ln(√N·RMS₀)/(ηλ/m)), ` +
          `${fixed(epochsToLevel(rms[0], sizes, setting) - Math.log(t.levelFactor) / epochDecayRate(setting), 3)} ` +
          `to reach ${t.levelFactor} × 1/√N`,
    },
  ];
}

/** One network's run at the balance: its size, the λ, and its weights' RMS and last decay exponent. */
export interface BalanceRun {
  readonly sizes: readonly number[];
  readonly lmbda: number;
  readonly history: Pick<History, "initial" | "epochs">;
}

/** Whether a run has reached the balance: its last epoch's decay exponent is under `tolerance` × ηλ/m. */
export function atBalance(setting: DecaySetting, run: BalanceRun, tolerance: number): boolean {
  const factors = rmsSeries(run.history);
  const epochs = factors.length - 1;
  if (epochs < 1) return false;
  const exponent = Math.abs(Math.log(factors[epochs] / factors[epochs - 1]));
  return exponent <= tolerance * epochDecayRate({ ...setting, lmbda: run.lmbda });
}

/** The scaling check at one λ: ‖w‖ per network and the exponent β of RMS ∝ N^β. */
export interface ScalingCheck extends ConditionCheck {
  readonly lmbda: number;
  /** ‖w‖ = RMS·√N after the last epoch, per network (in `runs`' order). */
  readonly norms: readonly number[];
  /** β from the smallest to the largest network. */
  readonly exponent: number;
}

/**
 * Part (3)'s "so it does scale as 1/√N": at the balance, is ‖w‖ independent of N? With runs of
 * two or more networks at the same λ that have reached the balance, the exponent β of
 * RMS ∝ N^β between the smallest and the largest must be within `tolerance` of −1/2 (‖w‖ the
 * same for all N). Runs that have not reached the balance make the check ✗, saying so.
 */
export function checkScaling(
  setting: DecaySetting,
  lmbda: number,
  runs: readonly BalanceRun[],
  thresholds: DecayThresholds = DECAY_THRESHOLDS,
): ScalingCheck {
  const sorted = [...runs].sort((a, b) => weightCount(a.sizes) - weightCount(b.sizes));
  const last = (r: BalanceRun): number => rmsSeries(r.history)[r.history.epochs.length];
  const norms = runs.map((r) => last(r) * Math.sqrt(weightCount(r.sizes)));
  const [small, large] = [sorted[0], sorted[sorted.length - 1]];
  const exponent = Math.log(last(large) / last(small)) / Math.log(weightCount(large.sizes) / weightCount(small.sizes));
  const reached = runs.every((r) => atBalance(setting, r, thresholds.exponentTolerance));
  const holds = reached && Math.abs(exponent + 0.5) <= thresholds.scalingTolerance;
  return {
    part: 3,
    lmbda,
    norms,
    exponent,
    condition: '"so it does scale as 1/√N": ‖w‖ at the balance independent of N',
    criterion: `λ = ${lmbda}, at the balance: RMS ∝ N^β with |β + 1/2| ≤ ${thresholds.scalingTolerance}`,
    value: `β = ${fixed(exponent, 3)}; ‖w‖ = ${norms.map((v) => fixed(v, 3)).join(", ")}`,
    holds,
    why: !reached
      ? `not every run has reached the balance (last decay exponent over ${100 * thresholds.exponentTolerance} % `
        + `of ηλ/m)`
      : holds
        ? undefined
        : `‖w‖ changes with N: the RMS goes as N^${fixed(exponent, 3)}, not N^−0.5`,
  };
}

/** Where the decay tails off, bracketed by two runs that approach it from either side. */
export interface TailOffBracket {
  /** The book's level, 1/√N. */
  readonly bookLevel: number;
  /** The reference run's RMS of all weights before training (the new initialization's size). */
  readonly referenceStart: number;
  /** The smaller of the decayed and reference runs' RMS after their last epoch. */
  readonly lower: number;
  /** The larger of the two. */
  readonly upper: number;
  /** Epochs behind `lower` and `upper` (the shorter of the two runs). */
  readonly epochs: number;
}

/**
 * The decayed run's RMS falls towards the level where gradient and decay balance, the reference
 * run's rises towards it, so after any number of epochs the level lies between the two. (With
 * the chapter's numbers we measured the two within 3 % of each other for [784, 30, 10] after 80
 * and 40 epochs, and within 5 % for [784, 100, 10] after 60.)
 */
export function tailOffBracket(sizes: readonly number[], histories: DecayHistories): TailOffBracket {
  const epochs = Math.min(histories.decayed.epochs.length, histories.reference.epochs.length);
  const decayed = rmsSeries(histories.decayed)[epochs];
  const reference = rmsSeries(histories.reference);
  return {
    bookLevel: bookTailOffLevel(sizes),
    referenceStart: reference[0],
    lower: Math.min(decayed, reference[epochs]),
    upper: Math.max(decayed, reference[epochs]),
    epochs,
  };
}
