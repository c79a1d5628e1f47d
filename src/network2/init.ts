/**
 * Initial weights and biases, as pure functions of the layer sizes and a seeded generator.
 *
 * `weights[l]` connects layer l to layer l + 1: a `sizes[l+1] × sizes[l]` matrix stored row after
 * row (row j holds the weights into neuron j of layer l + 1, as network2's `weights[l][j]`), and
 * `biases[l]` holds the `sizes[l+1]` biases of layer l + 1. As network2 does, all biases are drawn
 * first, then all weights.
 *
 * n_in (`nIn`) is the number of inputs to a neuron, `sizes[l]` for the weights of layer l + 1.
 *
 * @see NNDL §3.3 (weight initialization), network2.py `default_weight_initializer`,
 *      `large_weight_initializer`
 */
import { Rng } from "../data/random";
import { describeValue } from "../data/describe";
import { checkSizes } from "./sizes";

/** The weights and biases of a network, per layer after the input layer. */
export interface Parameters {
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

/** A way to choose starting parameters: `(sizes, rng) => parameters`. */
export type Initializer = (sizes: readonly number[], rng: Rng) => Parameters;

/** Parameters with weights N(0, σ_w(n_in, n_out)²) and biases N(0, σ_b²) (or zero when σ_b = 0). */
export function gaussianInitializer(
  weightStd: (nIn: number, nOut: number) => number,
  biasStd: number,
): Initializer {
  return (sizes, rng) => {
    checkSizes(sizes);
    const bias = (n: number) => (biasStd === 0 ? new Float64Array(n) : rng.fillNormal(new Float64Array(n), biasStd));
    const biases = sizes.slice(1).map(bias);
    const weights = sizes.slice(1).map((nOut, l) => {
      const nIn = sizes[l];
      return rng.fillNormal(new Float64Array(nOut * nIn), weightStd(nIn, nOut));
    });
    return { weights, biases };
  };
}

/**
 * The book's improved initializer (network2's default): weights N(0, 1/n_in), biases N(0, 1).
 * A neuron's weighted input z then has a variance of order 1 instead of order n_in, so it starts
 * away from saturation.
 */
export const defaultWeightInitializer: Initializer = gaussianInitializer((nIn) => 1 / Math.sqrt(nIn), 1);

/** The book's original initializer (chapter 1): weights and biases N(0, 1). */
export const largeWeightInitializer: Initializer = gaussianInitializer(() => 1, 1);

/**
 * Initializers that followed the 1/√n_in idea, as deep-learning libraries define their "normal"
 * variants, with zero biases (their usual default). Beyond the chapter.
 * - LeCun (1998): N(0, 1/n_in), the book's weights.
 * - Glorot & Bengio (2010), "Xavier": N(0, 2/(n_in + n_out)), balancing forward and backward signals.
 * - He et al. (2015): N(0, 2/n_in), made for ReLU units.
 */
export const lecunInitializer: Initializer = gaussianInitializer((nIn) => Math.sqrt(1 / nIn), 0);
export const glorotInitializer: Initializer = gaussianInitializer((nIn, nOut) => Math.sqrt(2 / (nIn + nOut)), 0);
export const heInitializer: Initializer = gaussianInitializer((nIn) => Math.sqrt(2 / nIn), 0);

/**
 * Every weight and bias zero: every neuron of a layer computes the same thing, gets the same
 * gradient and so stays the same as its neighbours (the symmetry a random start breaks).
 */
export const zeroInitializer: Initializer = (sizes) => {
  checkSizes(sizes);
  return {
    weights: sizes.slice(1).map((nOut, l) => new Float64Array(nOut * sizes[l])),
    biases: sizes.slice(1).map((n) => new Float64Array(n)),
  };
};

/** Zero weights with N(0, 1) biases: do random biases alone make a layer's neurons differ? */
export const zeroWeightInitializer: Initializer = (sizes, rng) => ({
  ...zeroInitializer(sizes, rng),
  biases: sizes.slice(1).map((n) => rng.fillNormal(new Float64Array(n), 1)),
});

/** Initializers by name: how a training worker, which cannot receive a function, is told which one. */
export const INITIALIZERS = {
  default: defaultWeightInitializer,
  large: largeWeightInitializer,
  lecun: lecunInitializer,
  glorot: glorotInitializer,
  he: heInitializer,
  zero: zeroInitializer,
  zeroWeights: zeroWeightInitializer,
} as const;

export type InitializerName = keyof typeof INITIALIZERS;

/** The initializer called `name`, or an error that lists the names. */
export function initializerByName(name: string): Initializer {
  if (!Object.prototype.hasOwnProperty.call(INITIALIZERS, name)) {
    throw new Error(
      `unknown initializer ${JSON.stringify(name)}, expected one of ${Object.keys(INITIALIZERS).join(", ")}`,
    );
  }
  return INITIALIZERS[name as InitializerName];
}

/**
 * The largest weight or bias a network may hold. No sigmoid network trains to anything near it
 * (σ(z) is 1 in float64 for z > 37), and below it z = w·x + b stays finite even in float32, so a
 * parameter beyond it (or NaN, or ±∞) means training blew up: every output would be NaN or
 * meaningless, and a cost or accuracy computed from it would still look like a number.
 */
export const MAX_PARAMETER_MAGNITUDE = 1e30;

/**
 * Where the first weight or bias that is NaN, ±∞ or beyond {@link MAX_PARAMETER_MAGNITUDE} sits,
 * as `weights[l][j][k] = value` or `biases[l][j] = value`; undefined when there is none.
 */
export function firstUnusableParameter(
  network: { sizes: readonly number[]; weights: Float64Array[]; biases: Float64Array[] },
): string | undefined {
  const unusable = (v: number) => !(Math.abs(v) <= MAX_PARAMETER_MAGNITUDE);
  for (let l = 0; l < network.weights.length; l++) {
    const w = network.weights[l];
    const nIn = network.sizes[l];
    for (let i = 0; i < w.length; i++) {
      if (unusable(w[i])) return `weights[${l}][${Math.floor(i / nIn)}][${i % nIn}] = ${w[i]}`;
    }
    const b = network.biases[l];
    for (let j = 0; j < b.length; j++) if (unusable(b[j])) return `biases[${l}][${j}] = ${b[j]}`;
  }
  return undefined;
}

/**
 * Checks `parameters` has one Float64Array weight matrix and bias vector of the right length per
 * layer, all usable (see above).
 */
export function checkParameters(sizes: readonly number[], parameters: Parameters, where: string): void {
  const layers = sizes.length - 1;
  const shaped = typeof parameters === "object" && parameters !== null;
  if (!shaped || !Array.isArray(parameters.weights) || !Array.isArray(parameters.biases)) {
    throw new TypeError(
      `${where}: expected { weights, biases } (arrays of Float64Array), got ${describeValue(parameters)}`,
    );
  }
  if (parameters.weights.length !== layers || parameters.biases.length !== layers) {
    throw new RangeError(
      `${where}: ${parameters.weights.length} weight matrices and ${parameters.biases.length} bias vectors, ` +
        `expected ${layers} of each`,
    );
  }
  for (let l = 0; l < layers; l++) {
    for (const [field, values] of [["weights", parameters.weights[l]], ["biases", parameters.biases[l]]] as const) {
      if (!(values instanceof Float64Array)) {
        throw new TypeError(`${where}: ${field}[${l}] must be a Float64Array, got ${describeValue(values)}`);
      }
    }
    if (parameters.weights[l].length !== sizes[l + 1] * sizes[l]) {
      throw new RangeError(
        `${where}: weights[${l}] has ${parameters.weights[l].length} entries, expected ${sizes[l + 1]}×${sizes[l]}`,
      );
    }
    if (parameters.biases[l].length !== sizes[l + 1]) {
      throw new RangeError(
        `${where}: biases[${l}] has ${parameters.biases[l].length} entries, expected ${sizes[l + 1]}`,
      );
    }
  }
  const bad = firstUnusableParameter({ sizes, ...parameters });
  if (bad !== undefined) {
    throw new RangeError(`${where}: ${bad}, expected finite numbers of magnitude at most ${MAX_PARAMETER_MAGNITUDE}`);
  }
}
