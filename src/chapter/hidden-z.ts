/**
 * z in a real network: the weighted inputs of the first hidden layer of a freshly initialized
 * network, over real images, to set beside the chapter's idealized half-on input.
 *
 * For one image x, the weights still random, z = w·x + b is Gaussian with variance
 * σ_w² ‖x‖² + σ_b² (`variance.ts`), so over a data set z follows a mixture of Gaussians, one per
 * image. What sets that variance is ‖x‖² = Σ_j x_j², which {@link pixelStatistics} measures over
 * a data set: for an image of 0/1 pixels it would count the pixels that are on.
 *
 * @see NNDL §3.3
 */
import { CrossEntropyCost } from "../network2/cost";
import { Inputs } from "../data/data";
import { initializerByName, Parameters } from "../network2/init";
import { Network } from "../network2/network";
import { Engine } from "../network2/fast/engine";
import { DEFAULT_WEIGHTS, LARGE_WEIGHTS, WeightScheme, zVariance } from "./variance";

/**
 * z = w·x + b of every neuron of the first hidden layer for each example: `count × sizes[1]`
 * numbers, example after example. Computed by the training engine in float64 (only an image's
 * nonzero pixels are multiplied), the same sums the network's own forward pass takes.
 */
export function firstHiddenZ(parameters: Parameters, data: Inputs): Float64Array {
  const w = parameters.weights[0];
  const b = parameters.biases[0];
  if (w === undefined || b === undefined) {
    throw new RangeError("firstHiddenZ: parameters has no layers, expected weights[0] and biases[0]");
  }
  const nIn = data.inputSize;
  const nHidden = b.length;
  if (w.length !== nHidden * nIn) {
    throw new RangeError(
      `firstHiddenZ: weights[0] has ${w.length} entries, ` +
        `expected sizes[1] × inputSize = ${nHidden} × ${nIn} = ${nHidden * nIn}`,
    );
  }
  const engine = new Engine([nIn, nHidden], CrossEntropyCost, "float64");
  engine.load({ weights: [w], biases: [b] });
  const z = new Float64Array(data.count * nHidden);
  engine.visitActivations(engine.addData(data), (e, _activations, zs) => z.set(zs[0], e * nHidden));
  return z;
}

/** Var(z) = σ_w² ‖x‖² + σ_b² for each example x of `data` under `scheme`: the mixture's components. */
export function zVariancesOverExamples(data: Inputs, scheme: WeightScheme): Float64Array {
  const sigmaW2 = scheme.weightVariance(data.inputSize);
  const out = new Float64Array(data.count);
  for (let i = 0; i < data.count; i++) {
    out[i] = zVariance(
      data.inputs.subarray(i * data.inputSize, (i + 1) * data.inputSize),
      sigmaW2,
      scheme.biasVariance,
    );
  }
  return out;
}

/** What an image's pixels contribute to Var(z): how many are lit and how much, averaged over a data set. */
export interface PixelStatistics {
  /** Images measured. */
  readonly count: number;
  /** Pixels per image (n_in). */
  readonly inputSize: number;
  /** The mean number of pixels above 0 per image. */
  readonly meanLit: number;
  /** Of the lit pixels, the share below 1 (partly lit), and the share below 1/2. */
  readonly partlyLitShare: number;
  readonly belowHalfShare: number;
  /** The mean of ‖x‖² = Σ_j x_j²: the k of the chapter's on/off input, for grey pixels. */
  readonly meanSquaredNorm: number;
}

/** Pixel statistics of `data` (see {@link PixelStatistics}). */
export function pixelStatistics(data: Inputs): PixelStatistics {
  if (data.count === 0) throw new RangeError("pixelStatistics: data has no examples, expected at least one");
  let lit = 0;
  let partly = 0;
  let belowHalf = 0;
  let squares = 0;
  const { inputs } = data;
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    if (x > 0) {
      lit++;
      if (x < 1) partly++;
      if (x < 0.5) belowHalf++;
    }
    squares += x * x;
  }
  return {
    count: data.count,
    inputSize: data.inputSize,
    meanLit: lit / data.count,
    partlyLitShare: lit === 0 ? 0 : partly / lit,
    belowHalfShare: lit === 0 ? 0 : belowHalf / lit,
    meanSquaredNorm: squares / data.count,
  };
}

/** The book's two initializers, network2's names, with the scheme each draws from. */
const BOOK_INITIALIZERS = { large: LARGE_WEIGHTS, default: DEFAULT_WEIGHTS } as const;

/** z of a fresh network's first hidden layer over a data set, with the variances theory gives it. */
export interface InitialHiddenZ {
  /** The scheme's label: "old" (`"large"`) or "new" (`"default"`). */
  readonly label: string;
  /** `count × sizes[1]` values of z, example after example. */
  readonly z: Float64Array;
  /** σ_w²‖x‖² + σ_b² for each example: the mixture z follows in theory. */
  readonly variances: Float64Array;
}

/**
 * A fresh `Network(sizes, { initializer, seed })` (network2's `"large"` or `"default"`
 * initializer) and its first hidden layer's z over `data` ({@link firstHiddenZ}), with each
 * example's variance under the initializer's scheme ({@link zVariancesOverExamples}).
 */
export function initialHiddenZ(
  data: Inputs,
  options: { sizes: readonly number[]; initializer: keyof typeof BOOK_INITIALIZERS; seed: number },
): InitialHiddenZ {
  const { sizes, initializer, seed } = options;
  if (!Object.prototype.hasOwnProperty.call(BOOK_INITIALIZERS, initializer)) {
    throw new RangeError(
      `initialHiddenZ: initializer must be "large" or "default", got ${JSON.stringify(initializer)}`,
    );
  }
  const scheme = BOOK_INITIALIZERS[initializer];
  const net = new Network(sizes, { initializer: initializerByName(initializer), seed });
  return { label: scheme.label, z: firstHiddenZ(net, data), variances: zVariancesOverExamples(data, scheme) };
}
