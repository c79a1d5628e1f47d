/**
 * The per-layer monitor ({@link LayerDiagnostics}) for networks of any depth: every layer's
 * saturation, the spread of its z, histograms of z and σ(z), and the gradient of the mean cost
 * with respect to its biases and weights.
 *
 * It runs on a sample of the evaluation data (its first {@link LAYER_SAMPLE_SIZE} examples): ∂C/∂w
 * of the first layer is a 30 × 784 matrix per example, too much for every example of every epoch,
 * and a thousand examples pin the norms down to a few per cent. For network2's costs the kernel
 * measures it during the evaluation pass (`wasm/monitors.ts`, the forward pass shared); for
 * another cost {@link LayerProbe} does, here, on the engine's activations. Both work in float64
 * from the layers' z and a (in the engine's precision): δ goes back through the layers by
 * network2's own recursion (`backprop.ts`) with σ'(z) = a(1 − a), and the sums run in its order, so
 * in float64 the numbers equal those of the readable network's `backprop` bit for bit, and the
 * kernel's equal the probe's in either precision (tests check).
 *
 * @see NNDL §3.3 (saturation in later hidden layers), §5 (the speed of learning ‖∂C/∂bˡ‖ per layer)
 */
import type { Cost } from "../cost";
import { Dataset, inputOf, slice } from "../../data/data";
import type { Parameters } from "../init";
import { backpropagateDelta } from "../backprop";
import { BinCounts, LayerDiagnostics, SATURATION_MARGIN } from "../monitors";
import { DEFAULT_TRAINING_PRECISION, Precision } from "../trainer";
import { Bins, Engine, EngineData, evaluate, LayerSums, LayerSumsRequest, Numbers } from "./engine";

/** Examples of the evaluation data the per-layer monitor measures (the first ones). */
export const LAYER_SAMPLE_SIZE = 1000;

/** The bins of z: wide enough for the old initialization's first layer on MNIST (σ_z ≈ 9). */
export const Z_BINS = { start: -30, end: 30, bins: 120 } as const;
/** The bins of σ(z). */
export const ACTIVATION_BINS = { start: 0, end: 1, bins: 50 } as const;

/** What the probe needs of a network: shape, cost and current parameters. */
export type LayeredNetwork = Parameters & {
  readonly sizes: readonly number[];
  readonly cost: Cost;
};

/** The first {@link LAYER_SAMPLE_SIZE} examples of `data` (all of them when there are fewer). */
export function layerSample<D extends Dataset>(data: D): D {
  return slice(data, 0, Math.min(data.count, LAYER_SAMPLE_SIZE));
}

/** What the kernel's pass sums for the monitor over the first `examples` examples. */
export function layerSumsRequest(examples: number): LayerSumsRequest {
  return { examples, zBins: Z_BINS, activationBins: ACTIVATION_BINS, margin: SATURATION_MARGIN };
}

/** Empty bins over [start, end]. */
function bins({ start, end, bins: count }: { start: number; end: number; bins: number }) {
  const counts = new Array<number>(count).fill(0);
  const binWidth = (end - start) / count;
  const empty: BinCounts = { start, binWidth, counts, total: 0, below: 0, above: 0 };
  return empty;
}

/** Counts `v` into `h` (the last bin also holds the end). */
function count(h: BinCounts, v: number): void {
  h.total++;
  const i = Math.floor((v - h.start) / h.binWidth);
  if (i < 0) h.below++;
  else if (i < h.counts.length) h.counts[i]++;
  else if (v === h.start + h.counts.length * h.binWidth) h.counts[h.counts.length - 1]++;
  else h.above++;
}

/** One layer's running sums. */
interface RunningSums {
  saturated: number;
  sigmaPrimeSum: number;
  zSum: number;
  zSquareSum: number;
  nablaB: Float64Array;
  nablaW: Float64Array;
  zHistogram: BinCounts;
  activationHistogram: BinCounts;
}

/**
 * Accumulates {@link LayerDiagnostics} of every layer over examples: give it each example's input,
 * activations and weighted inputs (index l for layer l + 1) and its target.
 */
export class LayerProbe {
  private readonly sums: RunningSums[];
  private examples = 0;
  /** Indices of the non-zero inputs of the layer being summed. */
  private readonly nonZero: Uint32Array;
  /** δ of each layer, and σ'(z) of each layer below the output, for one example. */
  private readonly deltas: Float64Array[];
  private readonly sigmaPrimes: Float64Array[];

  constructor(private readonly network: LayeredNetwork) {
    this.nonZero = new Uint32Array(Math.max(...network.sizes));
    this.deltas = network.sizes.slice(1).map((n) => new Float64Array(n));
    this.sigmaPrimes = network.sizes.slice(1, -1).map((n) => new Float64Array(n));
    this.sums = network.sizes.slice(1).map((nOut, l) => ({
      saturated: 0,
      sigmaPrimeSum: 0,
      zSum: 0,
      zSquareSum: 0,
      nablaB: new Float64Array(nOut),
      nablaW: new Float64Array(nOut * network.sizes[l]),
      zHistogram: bins(Z_BINS),
      activationHistogram: bins(ACTIVATION_BINS),
    }));
  }

  visit(
    x: ArrayLike<number>, a: readonly Numbers[], zs: readonly Numbers[], y: ArrayLike<number>,
  ): void {
    const { sizes, weights, cost } = this.network;
    const depth = sizes.length - 1;
    for (let l = 0; l < depth; l++) {
      const s = this.sums[l];
      for (let j = 0; j < sizes[l + 1]; j++) {
        const z = zs[l][j];
        const activation = a[l][j];
        if (activation < SATURATION_MARGIN || activation > 1 - SATURATION_MARGIN) s.saturated++;
        s.sigmaPrimeSum += activation * (1 - activation);
        s.zSum += z;
        s.zSquareSum += z * z;
        count(s.zHistogram, z);
        count(s.activationHistogram, activation);
      }
    }
    // δᴸ from the cost, then down the layers; ∂C_x/∂b = δ and ∂C_x/∂w_jk = δ_j a_k, summed.
    let delta = cost.delta(zs[depth - 1], a[depth - 1], y, this.deltas[depth - 1]);
    for (let l = depth - 1; l >= 0; l--) {
      const nIn = sizes[l];
      const below = l === 0 ? x : a[l - 1];
      const { nablaB, nablaW } = this.sums[l];
      // A zero input adds ±0 to a sum, which leaves it as it is: skip it (most pixels are 0).
      let nonZeros = 0;
      for (let k = 0; k < nIn; k++) if (below[k] !== 0) this.nonZero[nonZeros++] = k;
      for (let j = 0; j < delta.length; j++) {
        nablaB[j] += delta[j];
        const row = j * nIn;
        for (let i = 0; i < nonZeros; i++) {
          const k = this.nonZero[i];
          nablaW[row + k] += delta[j] * below[k];
        }
      }
      if (l === 0) break;
      // σ'(z) = σ(z)(1 − σ(z)), from the layer's a (in float64, equal to sigmoidPrime(z)).
      const sigmaPrime = this.sigmaPrimes[l - 1];
      for (let k = 0; k < nIn; k++) sigmaPrime[k] = below[k] * (1 - below[k]);
      delta = backpropagateDelta(weights[l], nIn, delta, sigmaPrime, this.deltas[l - 1]);
    }
    this.examples++;
  }

  /** The diagnostics of every layer (index l for layer l + 1) over the examples visited. */
  result(): LayerDiagnostics[] {
    const n = this.examples;
    if (n === 0) throw new RangeError("layer diagnostics: no examples were visited");
    const { sizes, weights } = this.network;
    return this.sums.map((s, l) =>
      diagnostics(n, sizes[l + 1], s, {
        biasGradientNorm: meanNorm(s.nablaB, 1, sizes[l + 1], 0, 1, n),
        weightGradientNorm: meanNorm(s.nablaW, sizes[l + 1], sizes[l], sizes[l], 1, n),
        weightNorm: meanNorm(weights[l], sizes[l + 1], sizes[l], sizes[l], 1, 1),
        zHistogram: s.zHistogram,
        activationHistogram: s.activationHistogram,
      }),
    );
  }
}

/** A layer's diagnostics from its sums over n examples of its `nOut` neurons. */
function diagnostics(
  n: number,
  nOut: number,
  s: { saturated: number; sigmaPrimeSum: number; zSum: number; zSquareSum: number },
  rest: Pick<
    LayerDiagnostics,
    "biasGradientNorm" | "weightGradientNorm" | "weightNorm" | "zHistogram" | "activationHistogram"
  >,
): LayerDiagnostics {
  const pairs = n * nOut;
  const zMean = s.zSum / pairs;
  const { biasGradientNorm, weightGradientNorm, weightNorm, zHistogram, activationHistogram } = rest;
  return {
    examples: n,
    saturatedFraction: s.saturated / pairs,
    meanSigmaPrime: s.sigmaPrimeSum / pairs,
    zMean,
    zVariance: Math.max(0, s.zSquareSum / pairs - zMean * zMean),
    biasGradientNorm,
    weightGradientNorm,
    weightNorm,
    relativeWeightGradient: weightNorm > 0 ? weightGradientNorm / weightNorm : null,
    zHistogram,
    activationHistogram,
  };
}

/**
 * ‖M / n‖ of a `rows × columns` matrix whose entry (j, k) is `v[j·rowStep + k·columnStep]`: the
 * norm of a sum over n examples taken as a mean, the squares summed row after row as network2
 * stores the matrix.
 */
function meanNorm(
  v: ArrayLike<number>, rows: number, columns: number, rowStep: number, columnStep: number, n: number,
): number {
  let sum = 0;
  for (let j = 0; j < rows; j++) {
    for (let k = 0; k < columns; k++) {
      const mean = v[j * rowStep + k * columnStep] / n;
      sum += mean * mean;
    }
  }
  return Math.sqrt(sum);
}

/** Bins over `range` holding the kernel's counts (the bins', then below, then above) of `total` values. */
function binCounts(range: Bins, counts: Float64Array, total: number): BinCounts {
  const h = bins(range);
  for (let i = 0; i < range.bins; i++) h.counts[i] = counts[i];
  return { ...h, total, below: counts[range.bins], above: counts[range.bins + 1] };
}

/**
 * The diagnostics of every layer from the kernel's sums (`Engine.evaluationSums` with
 * {@link layerSumsRequest}); the weights' norms are the engine's.
 */
export function layerDiagnosticsOf(engine: Engine, sums: readonly LayerSums[]): LayerDiagnostics[] {
  const sizes = engine.sizes;
  return sums.map((s, l) => {
    const n = s.examples;
    if (n === 0) throw new RangeError("layer diagnostics: no examples were visited");
    const nOut = sizes[l + 1];
    return diagnostics(n, nOut, s, {
      biasGradientNorm: meanNorm(s.nablaB, 1, nOut, 0, 1, n),
      weightGradientNorm: meanNorm(s.nablaW, nOut, sizes[l], 1, s.stride, n),
      weightNorm: engine.weightNorm(l),
      zHistogram: binCounts(Z_BINS, s.zCounts, n * nOut),
      activationHistogram: binCounts(ACTIVATION_BINS, s.activationCounts, n * nOut),
    });
  });
}

/**
 * One pass of the per-layer monitor over `sample` (stored in `engine` as `stored`), whose
 * parameters must be `network`'s: in the kernel for network2's costs, else the engine feeds
 * forward and the probe does the rest.
 */
export function measureLayers(
  engine: Engine, network: LayeredNetwork, sample: Dataset, stored: EngineData,
): LayerDiagnostics[] {
  if (engine.kernelKnowsCost) {
    const sums = engine.evaluationSums(stored, { layers: layerSumsRequest(sample.count) });
    return layerDiagnosticsOf(engine, sums.layers!);
  }
  const probe = new LayerProbe(network);
  evaluate(engine, sample, stored, 0, (e, activations, zs, y) => probe.visit(inputOf(sample, e), activations, zs, y));
  return probe.result();
}

/**
 * Every layer's diagnostics for `network` on all examples of `data` (pass `layerSample(data)` for
 * what `sgd`'s `monitorLayers` measures), in `sgd`'s precision unless told otherwise.
 */
export function layerDiagnostics(
  network: LayeredNetwork,
  data: Dataset,
  precision: Precision = DEFAULT_TRAINING_PRECISION,
): LayerDiagnostics[] {
  if (data.count === 0) throw new RangeError("layerDiagnostics: data has no examples");
  if (data.inputSize !== network.sizes[0]) {
    const expected = network.sizes[0];
    const got = `examples have ${data.inputSize} inputs, the network ${expected}`;
    throw new RangeError(`layerDiagnostics: ${got}`);
  }
  const outputs = network.sizes[network.sizes.length - 1];
  if (data.kind === "labelled" ? data.classes > outputs : data.outputSize !== outputs) {
    const what = `the data's classes or targets do not fit the network's ${outputs} outputs`;
    throw new RangeError(`layerDiagnostics: ${what}`);
  }
  const engine = new Engine(network.sizes, network.cost, precision);
  engine.load(network);
  // In float32 the probe must backpropagate through the weights the engine holds (rounded).
  const held: LayeredNetwork =
    precision === "float64" ? network : { ...network, ...copyOf(network) };
  if (precision !== "float64") engine.store(held);
  return measureLayers(engine, held, data, engine.addData(data));
}

function copyOf(p: Parameters): Parameters {
  return { weights: p.weights.map((w) => w.slice()), biases: p.biases.map((b) => b.slice()) };
}
