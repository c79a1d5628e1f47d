/**
 * The chapter's variance calculation applied layer after layer: what spread z has in every
 * layer of a deep sigmoid network at initialization, and so how saturated each layer starts.
 *
 * For neuron j of layer l, z = Σ_k w_jk a_k + b_j with independent zero-mean weights of variance
 * σ_w² and a bias of variance σ_b². Given the activations a of the layer below,
 * Var(z) = σ_w² · Σ_k a_k² + σ_b² ≈ σ_w² · n_in · E[a²] + σ_b², and z is close to Gaussian (a sum
 * of many independent terms). So the variance travels up: from the inputs' Σ_k x_k² to Var(z¹),
 * then E[(a¹)²] = E[σ(z)²] for z ~ N(0, Var(z¹)) (by numerical integration), Var(z²), and so on.
 * Every example has its own Σ_k x_k², so the calculation runs per example and the layer's
 * distribution is the mixture over examples (its variance the mean of theirs). The examples are
 * taken in {@link MIXTURE_GROUPS} groups by Σ_k x_k² (each group by its mean), which keeps the
 * integrals few: each costs thousands of evaluations of σ when σ_z is large.
 *
 * @see NNDL §3.3 ("similar arguments apply also to later hidden layers"), `variance.ts`
 */
import { gaussianExpectation } from "./gaussian";
import { gaussianSaturation, Saturation } from "./saturation";
import { sigmoid } from "../network2/sigmoid";
import type { Inputs } from "../data/data";

/** Groups of examples the mixture is taken over (fewer examples are taken one by one). */
export const MIXTURE_GROUPS = 24;

/** `values` sorted, cut into at most `groups` groups of (nearly) equal size: each group's mean. */
export function groupMeans(values: readonly number[], groups: number = MIXTURE_GROUPS): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const count = Math.min(groups, sorted.length);
  return Array.from({ length: count }, (_, g) => {
    const edge = (i: number) => Math.floor((i * sorted.length) / count);
    const part = sorted.slice(edge(g), edge(g + 1));
    return part.reduce((sum, v) => sum + v, 0) / part.length;
  });
}

/** How a scheme draws a layer's parameters: the variance of its weights and of its biases. */
export interface LayerScheme {
  readonly label: string;
  /** σ_w² for a layer with n_in inputs and n_out neurons. */
  readonly weightVariance: (nIn: number, nOut: number) => number;
  /** σ_b². */
  readonly biasVariance: number;
}

/** The schemes of notebook 05, as `init.ts` draws them (by initializer name). */
export const LAYER_SCHEMES = {
  large: { label: "old, N(0, 1)", weightVariance: () => 1, biasVariance: 1 },
  default: {
    label: "new, N(0, 1/n_in)", weightVariance: (nIn: number) => 1 / nIn, biasVariance: 1,
  },
  lecun: {
    label: "new weights, zero biases", weightVariance: (nIn: number) => 1 / nIn, biasVariance: 0,
  },
  glorot: {
    label: "Glorot", weightVariance: (nIn: number, nOut: number) => 2 / (nIn + nOut),
    biasVariance: 0,
  },
  zero: { label: "all zero", weightVariance: () => 0, biasVariance: 0 },
  zeroWeights: { label: "zero weights, N(0, 1) biases", weightVariance: () => 0, biasVariance: 1 },
} as const satisfies Record<string, LayerScheme>;

/** One layer's predicted spread and saturation. */
export interface LayerTheory extends Saturation {
  /** 1 for the first hidden layer. */
  readonly layer: number;
  /** Var(z), the mean over examples of each example's variance. */
  readonly zVariance: number;
  /** E[a²] of this layer's activations: what the next layer's variance is made of. */
  readonly meanSquareActivation: number;
}

/** Σ_k x_k² of each of the first `count` examples of `data` (all by default). */
export function inputSquareSums(data: Inputs, count: number = data.count): number[] {
  if (!Number.isInteger(count) || count < 1 || count > data.count) {
    const range = `[1, ${data.count}]`;
    throw new RangeError(`inputSquareSums: count must be an integer in ${range}, got ${count}`);
  }
  const sums: number[] = [];
  for (let e = 0; e < count; e++) {
    let sum = 0;
    const end = (e + 1) * data.inputSize;
    for (let k = e * data.inputSize; k < end; k++) sum += data.inputs[k] * data.inputs[k];
    sums.push(sum);
  }
  return sums;
}

/**
 * Var(zˡ), E[(aˡ)²], the saturated share and mean σ'(z) of every layer after the input (the last
 * is the output layer) of a network of `sizes` drawn by `scheme`, for inputs with the given
 * Σ_k x_k² (one number per example; one number alone is the chapter's single input).
 */
export function zVarianceThroughLayers(
  sizes: readonly number[], scheme: LayerScheme, squareSums: readonly number[],
): LayerTheory[] {
  const where = "zVarianceThroughLayers";
  if (sizes.length < 2) {
    throw new RangeError(`${where}: sizes needs at least 2 layers, got [${sizes.join(", ")}]`);
  }
  if (squareSums.length === 0 || squareSums.some((s) => !(s >= 0) || !Number.isFinite(s))) {
    throw new RangeError(`${where}: squareSums must be finite numbers ≥ 0, at least one`);
  }
  if (!(scheme.biasVariance >= 0)) {
    throw new RangeError(`${where}: ${scheme.label}: biasVariance must be ≥ 0`);
  }
  // Per example: Σ_k (a_k)² of the layer below, n_in · E[a²] above the inputs.
  let below = groupMeans(squareSums);
  const layers: LayerTheory[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const weightVariance = scheme.weightVariance(sizes[l - 1], sizes[l]);
    if (!(weightVariance >= 0) || !Number.isFinite(weightVariance)) {
      const got = `weight variance of layer ${l} is ${weightVariance}`;
      throw new RangeError(`${where}: ${scheme.label}: ${got}, expected ≥ 0`);
    }
    const variances = below.map((s) => weightVariance * s + scheme.biasVariance);
    const square = (z: number) => sigmoid(z) ** 2;
    const meanSquares = variances.map((v) => gaussianExpectation(square, Math.sqrt(v)));
    const unsaturated = { saturatedFraction: 0, meanSigmaPrime: 0.25 }; // z = 0 exactly
    const saturations = variances.map((v) =>
      (v > 0 ? gaussianSaturation(Math.sqrt(v)) : unsaturated));
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    layers.push({
      layer: l,
      zVariance: mean(variances),
      meanSquareActivation: mean(meanSquares),
      saturatedFraction: mean(saturations.map((s) => s.saturatedFraction)),
      meanSigmaPrime: mean(saturations.map((s) => s.meanSigmaPrime)),
    });
    below = meanSquares.map((m) => sizes[l] * m);
  }
  return layers;
}
