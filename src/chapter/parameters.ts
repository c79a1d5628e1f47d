/**
 * Checks of the notebooks' ✎ parameter cells. A learner who types 0, −1, "0.1", NaN, 1e9 or []
 * into a parameter cell gets, in that cell, an error that names the parameter and says what it
 * accepts, instead of a TypeError or a NaN verdict ten cells later.
 */

import { isDefault } from "./defaults";

/** What a parameter accepts. */
export type ParameterRule =
  | { readonly kind: "number"; readonly min: number; readonly max: number; readonly minOpen?: boolean }
  | { readonly kind: "integer"; readonly min: number; readonly max: number }
  | { readonly kind: "one of"; readonly values: readonly string[] }
  | { readonly kind: "list"; readonly item: ParameterRule; readonly minLength: number; readonly maxLength: number };

const shown = (value: unknown): string =>
  typeof value === "string" ? `${JSON.stringify(value)} (a `
    + `string)` : Array.isArray(value) ? `[${value.map(shown).join(", ")}]` : String(value);

/** What `rule` accepts, in words: "a number > 0 and ≤ 100", "an integer in [1, 200]", … */
export function describeRule(rule: ParameterRule): string {
  switch (rule.kind) {
    case "number":
      return `a number ${rule.minOpen ? ">" : "≥"} ${rule.min} and ≤ ${rule.max}`;
    case "integer":
      return `an integer in [${rule.min}, ${rule.max}]`;
    case "one of":
      return `one of ${rule.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "list":
      return `a list of ${rule.minLength} to ${rule.maxLength} values, each ${describeRule(rule.item)}`;
  }
}

function accepts(rule: ParameterRule, value: unknown): boolean {
  switch (rule.kind) {
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        && (rule.minOpen ? value > rule.min : value >= rule.min) && value <= rule.max;
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && value >= rule.min && value <= rule.max;
    case "one of":
      return typeof value === "string" && rule.values.includes(value);
    case "list":
      return Array.isArray(value) && value.length >= rule.minLength && value.length <= rule.maxLength
        && value.every((v) => accepts(rule.item, v));
  }
}

/**
 * Throws a RangeError naming the first parameter whose value `rule` refuses: "lmbda must be a
 * number > 0 and ≤ 10000, got 0". `values` and `rules` are keyed by the parameter's name.
 */
export function checkParameterValues(
  values: Readonly<Record<string,
  unknown>>,
  rules: Readonly<Record<string,
  ParameterRule>>,
): void {
  for (const [name, rule] of Object.entries(rules)) {
    const value = values[name];
    if (!accepts(rule, value)) throw new RangeError(`✎ ${name} must be ${describeRule(rule)}, got ${shown(value)}`);
  }
}

const eta: ParameterRule = { kind: "number", min: 0, max: 100, minOpen: true };
const epochs: ParameterRule = { kind: "integer", min: 1, max: 200 };
const miniBatchSize: ParameterRule = { kind: "integer", min: 1, max: 50_000 };
const seed: ParameterRule = { kind: "integer", min: 0, max: 1e9 };
const precision: ParameterRule = { kind: "one of", values: ["float32", "float64"] };

/** Notebook 03's parameters: the chapter's training settings, the seeds and the extra epochs. */
export const TRAINING_PARAMETERS: Readonly<Record<string, ParameterRule>> = {
  epochs,
  miniBatchSize,
  eta,
  lmbda: { kind: "number", min: 0, max: 1e6 },
  seed,
  precision,
  seeds: { kind: "integer", min: 1, max: 20 },
  extraEpochs: { kind: "integer", min: 0, max: 100 },
};

/** Notebook 04's parameters. λ must be > 0: the problem is about weight decay (λ = 0 is the control run). */
export const DECAY_PARAMETERS: Readonly<Record<string, ParameterRule>> = {
  eta,
  lmbda: { kind: "number", min: 0, max: 1e6, minOpen: true },
  miniBatchSize,
  hiddenSizes: { kind: "list", item: { kind: "integer", min: 1, max: 1000 }, minLength: 1, maxLength: 4 },
  initializer: { kind: "one of", values: ["large", "default", "lecun", "glorot", "he"] },
  epochs,
  seed,
  sweepLambdas: { kind: "list", item: { kind: "number", min: 0, max: 1e6, minOpen: true }, minLength: 0, maxLength: 8 },
  balanceLambdas: {
    kind: "list",
    item: { kind: "number", min: 0, max: 1e6, minOpen: true },
    minLength: 0,
    maxLength: 4,
  },
  sweepEpochs: epochs,
  sizeDominance: { kind: "number", min: 0, max: 1e6, minOpen: true },
  changeDominance: { kind: "number", min: 0, max: 1e6, minOpen: true },
  exponentError: { kind: "number", min: 0, max: 1, minOpen: true },
  exponentTolerance: { kind: "number", min: 0, max: 1, minOpen: true },
  growth: { kind: "number", min: 0, max: 1e6 },
  levelFactor: { kind: "number", min: 1, max: 1e6 },
  scalingTolerance: { kind: "number", min: 0, max: 1, minOpen: true },
};

/**
 * Checks notebook 03's parameter cell (throws naming the parameter) and returns whether the
 * values are the defaults, with which the notebook asserts the chapter's numbers.
 */
export function checkTrainingParameters(values: Readonly<Record<string, unknown>>): boolean {
  checkParameterValues(values, TRAINING_PARAMETERS);
  return isDefault(values);
}

/** The same for notebook 04. */
export function checkDecayParameters(values: Readonly<Record<string, unknown>>): boolean {
  checkParameterValues(values, DECAY_PARAMETERS);
  return isDefault(values);
}
