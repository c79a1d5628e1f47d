/**
 * Notebook 03's runs, as one plan: what the notebook trains and what `npm run bench` times as
 * "the notebook-03 workload", so that the two cannot drift apart.
 *
 * Per seed, the four runs of the chapter's two graphs (old and new weights, 30 and 100 hidden
 * neurons) and the new weights with biases 0; for the first seed also the λ = 0 control, a few
 * extra epochs for the 100-hidden pair, and the initializers that followed (Glorot, He).
 *
 * @see NNDL §3.3, and the book's weight_initialization.py, which trains one run per setting
 */
import type { TrainingRun } from "../runs/runs";
import type { Precision } from "../network2/trainer";
import { checkParameterValues, TRAINING_PARAMETERS } from "./parameters";
import { NOTEBOOK_DEFAULTS } from "./defaults";
import { seedsFrom } from "./seed-spread";

/** Notebook 03's ✎ values: network2's SGD settings, the seeds and the extra epochs. */
export interface TrainingPlanSettings {
  epochs: number;
  miniBatchSize: number;
  eta: number;
  lmbda: number;
  seed: number;
  precision: Precision;
  /** Runs per setting, from seeds `seed`, `seed + 1`, …: the bands' spread. */
  seeds: number;
  /** Epochs past `epochs` for the first seed's 100-hidden pair. */
  extraEpochs: number;
}

export interface TrainingPlan {
  /** The first seed's chapter runs: old and new at 30 hidden, then at 100 hidden (with the extra epochs). */
  main: TrainingRun[];
  /** The first seed's old and new 30-hidden networks with λ = 0. */
  control: TrainingRun[];
  /** The new weights with every bias 0, 30 hidden, one per seed. */
  biasZero: TrainingRun[];
  /** For each seed after the first, the four chapter runs in `main`'s order. */
  repeats: TrainingRun[][];
  /** Glorot's and He's initializers, 30 hidden, first seed. */
  followers: TrainingRun[];
  /** Every run above, in that order: what one training session trains. */
  all: TrainingRun[];
}

/** The legend's name of each initializer the plan uses. */
export const PLAN_NAMES = {
  large: "old, N(0, 1)",
  default: "new, N(0, 1/n_in)",
  lecun: "new, biases 0",
  glorot: "Glorot",
  he: "He",
} as const;

type PlanInitializer = keyof typeof PLAN_NAMES;

/** Notebook 03's ✎ cell as it ships: the chapter's settings, 30 epochs, seed 1, float32. */
export function defaultPlanSettings(epochs = 30): TrainingPlanSettings {
  const { miniBatchSize, eta, lmbda, seed, precision, seeds, extraEpochs } = NOTEBOOK_DEFAULTS;
  return { epochs, miniBatchSize, eta, lmbda, seed, precision, seeds, extraEpochs };
}

/** Notebook 03's runs for `settings` (checked as its parameter cell checks them). */
export function trainingPlan(settings: TrainingPlanSettings): TrainingPlan {
  checkParameterValues({ ...settings }, TRAINING_PARAMETERS);
  const { seeds, extraEpochs, ...sgd } = settings;
  const first = sgd.seed;
  const run = (hidden: number, initializer: PlanInitializer, seed: number, more: Partial<TrainingRun> = {}) => ({
    ...sgd,
    seed,
    label: `${PLAN_NAMES[initializer]}: ${hidden} hidden${seed === first ? "" : `, seed ${seed}`}`,
    sizes: [784, hidden, 10],
    initializer,
    monitorEvaluationAccuracy: true,
    ...more,
  });
  const hidden = { monitorHiddenLayer: true };
  const longer = { epochs: sgd.epochs + extraEpochs, monitorHiddenLayer: true };
  const noDecay = (initializer: PlanInitializer) =>
    run(30, initializer, first, { lmbda: 0, label: `${PLAN_NAMES[initializer]}: 30 hidden, λ = 0` });
  const seedList = seedsFrom(first, seeds);
  const plan = {
    main: [run(30, "large", first, hidden), run(30, "default", first, hidden),
      run(100, "large", first, longer), run(100, "default", first, longer)],
    control: [noDecay("large"), noDecay("default")],
    biasZero: seedList.map((s) => run(30, "lecun", s, { monitorHiddenLayer: s === first })),
    repeats: seedList.slice(1).map((s) =>
      [run(30, "large", s), run(30, "default", s), run(100, "large", s), run(100, "default", s)]),
    followers: (["glorot", "he"] as const).map((initializer) => run(30, initializer, first, hidden)),
  };
  return { ...plan, all: [...plan.main, ...plan.control, ...plan.biasZero, ...plan.repeats.flat(), ...plan.followers] };
}
