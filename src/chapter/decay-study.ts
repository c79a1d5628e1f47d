/**
 * Notebook 04's experiment as one plan and one set of results: for every network in
 * `hiddenSizes` the three runs of {@link decayExperiment}, a one-epoch copy of the decayed run
 * (its network after epoch 1 gives part (1)'s weight change), and the runs at other λ: the sweep
 * on the first network and, on every network, the λs of the balance-versus-N check. It composes
 * the decay modules and runs/; the notebook trains the plan's runs and shows the results.
 *
 * @see NNDL §3.3 (the closing problem)
 */
import type { TargetData } from "../data/data";
import type { InitializerName } from "../network2/init";
import type { Network } from "../network2/network";
import type { History } from "../network2/options";
import type { Precision } from "../network2/trainer";
import { initialNetwork, TrainingRun } from "../runs/runs";
import { balanceNorm, weightGradientProjection } from "./balance";
import type { DecaySetting } from "./decay";
import {
  BalanceRun,
  DecayExperiment,
  decayExperiment,
  DecayHistories,
  experimentHistories,
  experimentRuns,
  WeightChangeSplit,
  weightChangeSplit,
} from "./decay-conditions";

/** What notebook 04's parameter cell sets. */
export interface DecayPlanSettings {
  readonly eta: number;
  readonly lmbda: number;
  readonly miniBatchSize: number;
  readonly hiddenSizes: readonly number[];
  readonly initializer: InitializerName;
  readonly epochs: number;
  readonly seed: number;
  readonly precision: Precision;
  /** λs of the sweep, on the first network. */
  readonly sweepLambdas: readonly number[];
  /** λs of the balance-versus-N check, on every network. */
  readonly balanceLambdas: readonly number[];
  /** Epochs of every run at another λ than `lmbda`. */
  readonly sweepEpochs: number;
}

/** The runs of the study, by purpose. */
export interface DecayPlan {
  readonly settings: DecayPlanSettings;
  readonly experiments: readonly DecayExperiment[];
  /** Per network, the decayed run cut to one epoch. */
  readonly epochOne: readonly TrainingRun[];
  /** The runs at other λs, each once (a λ in both lists on the first network is one run). */
  readonly others: readonly TrainingRun[];
  /** Every run to train (or reuse). */
  readonly runs: readonly TrainingRun[];
  /**
   * The runs another notebook's saved runs may stand in for: the experiments' (a reused run may
   * come without its final network, which only the one-epoch runs need).
   */
  readonly reusable: readonly TrainingRun[];
}

/** The plan for `settings`. */
export function planDecayStudy(settings: DecayPlanSettings): DecayPlan {
  const experiments = settings.hiddenSizes.map((hidden) => decayExperiment(
    { ...settings, monitorEvaluationAccuracy: true },
    hidden,
  ));
  const epochOne = experiments.map((e) => ({
    ...e.decayed,
    epochs: 1,
    monitorEvaluationAccuracy: false,
    label: `${e.decayed.label}, epoch 1`,
  }));
  const others: TrainingRun[] = [];
  experiments.forEach((e, i) => {
    const lambdas = new Set([...(i === 0 ? settings.sweepLambdas : []), ...settings.balanceLambdas]);
    for (const l of lambdas) {
      if (l === settings.lmbda) continue;
      others.push({
        ...e.decayed,
        lmbda: l,
        epochs: settings.sweepEpochs,
        label: `${settings.initializer}, λ = ${l}, [${e.sizes.join(", ")}]`,
      });
    }
  });
  const reusable = experimentRuns(experiments);
  return { settings, experiments, epochOne, others, runs: [...reusable, ...epochOne, ...others], reusable };
}

/** A run's outcome, as a session or the reused runs give it (the network may be absent when reused). */
export interface StudyResult {
  readonly run: TrainingRun;
  readonly history: History;
  readonly network?: Network;
}

/** One network's evidence. */
export interface StudyNetwork {
  readonly experiment: DecayExperiment;
  readonly histories: DecayHistories;
  readonly change: WeightChangeSplit;
}

/** One point of the λ sweep (see `lambdaSweepTable`). */
export interface StudySweepPoint {
  readonly lmbda: number;
  readonly sizes: readonly number[];
  readonly history: Pick<History, "initial" | "epochs" | "evaluationSize">;
  /** √((n/λ)·|w·∇C₀|) at the run's last network; NaN where that network is not at hand. */
  readonly balanceNorm: number;
}

/** What the notebook shows. */
export interface DecayStudyResults {
  readonly setting: DecaySetting;
  readonly networks: readonly StudyNetwork[];
  /** The first network at every λ of the sweep (λ = `lmbda` is its decayed run). */
  readonly sweep: readonly StudySweepPoint[];
  /** Per λ of the balance check, every network's run. */
  readonly balance: readonly { readonly lmbda: number; readonly runs: readonly BalanceRun[] }[];
}

/**
 * The results of `plan`'s runs, found in `results` by run. `training` gives w·∇C₀ for the sweep's
 * balance norms.
 */
export function collectDecayStudy(
  plan: DecayPlan,
  setting: DecaySetting,
  results: readonly StudyResult[],
  training: TargetData,
): DecayStudyResults {
  const resultOf = (run: TrainingRun): StudyResult => {
    const found = results.find((r) => r.run === run);
    if (found === undefined) throw new Error(`collectDecayStudy: no result for run "${run.label}"`);
    return found;
  };
  const networks = plan.experiments.map((experiment, i) => {
    const after = resultOf(plan.epochOne[i]).network;
    if (after === undefined) throw new Error(`collectDecayStudy: no network for run "${plan.epochOne[i].label}"`);
    return {
      experiment,
      histories: experimentHistories(experiment, results as { run: TrainingRun; history: History }[]),
      change: weightChangeSplit(setting, initialNetwork(experiment.decayed).weights, after.weights),
    };
  });
  const at = (i: number, lmbda: number): StudyResult => {
    const e = plan.experiments[i];
    if (lmbda === setting.lmbda) return resultOf(e.decayed);
    return resultOf(plan.others.find((r) => r.lmbda === lmbda && r.sizes[1] === e.hidden)!);
  };
  const sweep = plan.settings.sweepLambdas.map((lmbda) => {
    const { run, history, network } = at(0, lmbda);
    const norm = network ? balanceNorm({ ...setting, lmbda }, weightGradientProjection(network, training).all) : NaN;
    return { lmbda, sizes: run.sizes, history, balanceNorm: norm };
  });
  const balance = plan.settings.balanceLambdas.map((lmbda) => ({
    lmbda,
    runs: plan.experiments.map((_, i) => ({ sizes: at(i, lmbda).run.sizes, lmbda, history: at(i, lmbda).history })),
  }));
  return { setting, networks, sweep, balance };
}
