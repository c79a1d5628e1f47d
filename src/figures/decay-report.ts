/**
 * Notebook 04's tables and figures, part by part, from one {@link DecayStudyResults}: what each
 * part shows, so that the notebook's cells hold the parts' order and the learner's questions and
 * import a handful of names instead of forty.
 *
 * @see NNDL §3.3 (the closing problem), `chapter/decay-study.ts`
 */
import {
  checkDecayConditions,
  checkScaling,
  ConditionCheck,
  DECAY_THRESHOLDS,
  DecayThresholds,
  ScalingCheck,
  tailOffBracket,
} from "../chapter/decay-conditions";
import type { DecayStudyResults } from "../chapter/decay-study";
import { fixed } from "../chapter/format";
import {
  decayAccuracyTable,
  decayConditionTable,
  decayFactorFigure,
  decayFactorTable,
  firstEpochTable,
  tailOffTable,
} from "./decay";
import { lambdaSweepTable, layerRmsFigure, layerTable, tailOffNumbers, tailOffProse } from "./decay-layers";
import type { Figure } from "./plotly";
import type { Table } from "./table";

/** Part (1): the first epoch, layer by layer: the factors with and without λ, and the weight change split. */
export function decayPartOne(study: DecayStudyResults): Table {
  return firstEpochTable(study.setting, study.networks);
}

/** Part (2): the factors by arithmetic, and the measured factor per epoch against exp(−ηλ/m). */
export function decayPartTwo(
  study: DecayStudyResults,
  thresholds: DecayThresholds = DECAY_THRESHOLDS,
): { table: Table; figure: Figure } {
  return {
    table: decayFactorTable(study.setting),
    figure: decayFactorFigure(study.setting, study.networks, thresholds.exponentTolerance),
  };
}

/** Part (3): the layers' figures, the tables (layers, bracket, sweep, accuracy) and the reading as sentences. */
export function decayPartThree(study: DecayStudyResults): { figures: Figure[]; tables: Table[]; prose: string[] } {
  const { setting, networks, sweep, balance } = study;
  const figures = networks.map(({ experiment, histories }) => layerRmsFigure(experiment, histories, setting));
  const tables = [
    layerTable(setting, networks),
    tailOffTable(networks.map(({
      experiment,
      histories,
    }) => ({ sizes: experiment.sizes, bracket: tailOffBracket(experiment.sizes, histories) }))),
    lambdaSweepTable([
      ...sweep,
      ...balance.flatMap((b) => b.runs.slice(1).map((r) => ({
        ...r,
        history: { ...r.history, evaluationSize: 0 },
        balanceNorm: NaN,
      }))),
    ]),
    decayAccuracyTable(networks),
  ];
  const prose = networks.flatMap(({
    experiment,
    histories,
  }) => tailOffProse(tailOffNumbers(setting, experiment, histories)));
  const norms = sweep.map((p) => `${fixed(p.history.epochs.length === 0 ? NaN : normAfter(p.history), 3)} at λ = `
    + `${p.lmbda}`);
  if (sweep.length > 0) {
    prose.push(`The prefactor ‖w‖ of 1/√N on ${"[" + sweep[0].sizes.join(", ") + "]"}, λ by λ: `
      + `${norms.join(", ")}. The book's `
      + `"around 1/√N" is a prefactor near 1.`);
  }
  return { figures, tables, prose };
}

const normAfter = (h: DecayStudyResults["sweep"][number]["history"]): number =>
  h.epochs[h.epochs.length - 1].weights.all.norm;

/** The verdicts: per network the conditions in the problem's order, then the scaling across networks per λ. */
export function decayVerdicts(
  study: DecayStudyResults,
  thresholds: DecayThresholds = DECAY_THRESHOLDS,
): { table: Table; scalingTable?: Table; checks: ConditionCheck[][]; scaling: ScalingCheck[] } {
  const checks = study.networks.map(({ experiment, histories, change }) =>
    checkDecayConditions(study.setting, { sizes: experiment.sizes, histories, change }, thresholds));
  const table = decayConditionTable(study.networks.map((n, i) => ({ sizes: n.experiment.sizes, checks: checks[i] })));
  const scaling = study.networks.length < 2 ? [] : study.balance.map((b) => checkScaling(
    study.setting,
    b.lmbda,
    b.runs,
    thresholds,
  ));
  const scalingTable: Table | undefined = scaling.length === 0 ? undefined : {
    caption: "(3) \"so it does scale as 1/√N\": ‖w‖ at the balance across the networks (✓ holds, ✗ fails)",
    columns: ["", "criterion", "measured", "why ✗"],
    rows: scaling.map((s) => [s.holds ? "✓" : "✗", s.criterion, s.value, s.why ?? "—"]),
  };
  return { table, scalingTable, checks, scaling };
}
