/**
 * The chapter's exercise, checked: "verify that the standard deviation of z … is √(3/2)" for the
 * new scheme and the chapter's input (1,000 inputs, 500 on). The learner types σ_z (or Var(z),
 * which is accepted too); the check answers with a line, ✓ or ✗ with a hint that names the likely
 * slip, and never throws: a wrong answer must not stop "Run All".
 *
 * @see NNDL §3.3 (the exercise under "Weight initialization")
 */
import { describeValue } from "../data/describe";
import {
  activeInputs,
  CHAPTER_INPUT,
  DEFAULT_WEIGHTS,
  LARGE_WEIGHTS,
  OnOffInput,
  onOffZVariance,
  WeightScheme,
} from "./variance";

/** How close an answer must be: 1.22 (the chapter's rounding of √(3/2) = 1.2247…) is right. */
export const ANSWER_TOLERANCE = 0.005;

/** The verdict on an answer: whether it is right, and the line to print. */
export interface AnswerCheck {
  /** null: no answer given yet. */
  readonly correct: boolean | null;
  readonly line: string;
}

/**
 * Checks `answer` (named `name` in the messages) as σ_z, or Var(z), of z = Σ w_j x_j + b under
 * `scheme` for `input`. The hints recognise the usual slips: the old scheme's numbers, the weights
 * without the bias, the bias alone, all n_in inputs counted, a variance where σ_z is asked.
 */
export function checkSigmaZAnswer(
  answer: unknown,
  name: string,
  input: OnOffInput = CHAPTER_INPUT,
  scheme: WeightScheme = DEFAULT_WEIGHTS,
): AnswerCheck {
  if (answer === null || answer === undefined) {
    return { correct: null, line: `No answer yet: set ${name} in the cell above, then run both cells again.` };
  }
  if (typeof answer !== "number" || !Number.isFinite(answer)) {
    return {
      correct: false,
      line: `✗ ${name} must be a finite number (σ_z, or Var(z)), got ${describeValue(answer)}.`,
    };
  }
  const k = activeInputs(input);
  const variance = onOffZVariance(input, scheme);
  const sigma = Math.sqrt(variance);
  const weights = k * scheme.weightVariance(input.nIn);
  const near = (target: number): boolean =>
    Math.abs(answer - target) <= ANSWER_TOLERANCE * Math.max(1, Math.abs(target));
  const eitherForm = (v: number): boolean => near(v) || near(Math.sqrt(v));
  const exact = `√${variance} = ${sigma.toFixed(4)}`;
  if (near(sigma)) {
    return { correct: true, line: `✓ σ_z = ${answer}: right, σ_z = ${exact}, the chapter's √(3/2) ≈ 1.22.` };
  }
  if (near(variance)) {
    return {
      correct: true,
      line: `✓ ${answer} is Var(z), accepted: the standard deviation the chapter asks for is σ_z = ${exact}.`,
    };
  }
  const hint = ((): string => {
    if (eitherForm(onOffZVariance(input, LARGE_WEIGHTS))) {
      return "that is the old scheme's, with N(0, 1) weights: what is σ_w² for N(0, 1/n_in)?";
    }
    if (eitherForm(weights)) return "that counts the weights only: the bias is random too, and independent of them.";
    if (eitherForm(scheme.biasVariance)) return `that is the bias alone: the ${k} inputs that are on add a term each.`;
    if (eitherForm(input.nIn * scheme.weightVariance(input.nIn) + scheme.biasVariance)) {
      return "that counts every input: a weight times an input of 0 adds nothing to z.";
    }
    return "which terms of z are random, and what is the variance of each? Variances of independent terms add.";
  })();
  return { correct: false, line: `✗ ${answer} is not σ_z (nor Var(z)) yet: ${hint}` };
}
