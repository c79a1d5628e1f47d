/**
 * The per-layer monitor ({@link LayerDiagnostics}) for networks of any depth: every layer's
 * saturation, the spread of its z, histograms of z and σ(z), and the gradient of the mean cost
 * with respect to its biases and weights.
 *
 * The forward pass runs in the engine (in its precision); the rest runs here, in float64, on a
 * sample of the evaluation data (its first {@link LAYER_SAMPLE_SIZE} examples): ∂C/∂w of the first
 * layer is a 30 × 784 matrix per example, too much for every example of every epoch, and a
 * thousand examples pin the norms down to a few per cent. δ goes back through the layers by
 * network2's own recursion (`backprop.ts`), with σ'(z) from z as `Network.backprop` takes it, and
 * the sums run in its order: in float64 the numbers equal those of the readable network's
 * `backprop` bit for bit (a test checks).
 *
 * @see NNDL §3.3 (saturation in later hidden layers), §5 (the speed of learning ‖∂C/∂bˡ‖ per layer)
 */
import type { Cost } from "../cost";
import { Dataset, inputOf, slice } from "../../data/data";
import type { Parameters } from "../init";
import { backpropagateDelta } from "../backprop";
import { BinCounts, LayerDiagnostics, SATURATION_MARGIN } from "../monitors";
import { DEFAULT_TRAINING_PRECISION, Precision } from "../trainer";
import { sigmoidPrime } from "../sigmoid";
import { Engine, EngineData, Numbers } from "./engine";

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
interface LayerSums {
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
  private readonly sums: LayerSums[];
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
        s.sigmaPrimeSum += sigmoidPrime(z);
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
      const sigmaPrime = this.sigmaPrimes[l - 1];
      for (let k = 0; k < nIn; k++) sigmaPrime[k] = sigmoidPrime(zs[l - 1][k]);
      delta = backpropagateDelta(weights[l], nIn, delta, sigmaPrime, this.deltas[l - 1]);
    }
    this.examples++;
  }

  /** The diagnostics of every layer (index l for layer l + 1) over the examples visited. */
  result(): LayerDiagnostics[] {
    const n = this.examples;
    if (n === 0) throw new RangeError("layer diagnostics: no examples were visited");
    return this.sums.map((s, l) => {
      const pairs = n * this.network.sizes[l + 1];
      const zMean = s.zSum / pairs;
      const weightNorm = norm(this.network.weights[l], 1);
      const weightGradientNorm = norm(s.nablaW, n);
      return {
        examples: n,
        saturatedFraction: s.saturated / pairs,
        meanSigmaPrime: s.sigmaPrimeSum / pairs,
        zMean,
        zVariance: Math.max(0, s.zSquareSum / pairs - zMean * zMean),
        biasGradientNorm: norm(s.nablaB, n),
        weightGradientNorm,
        weightNorm,
        relativeWeightGradient: weightNorm > 0 ? weightGradientNorm / weightNorm : null,
        zHistogram: s.zHistogram,
        activationHistogram: s.activationHistogram,
      };
    });
  }
}

/** ‖v / n‖: the norm of a sum over n examples taken as a mean. */
function norm(v: ArrayLike<number>, n: number): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const mean = v[i] / n;
    sum += mean * mean;
  }
  return Math.sqrt(sum);
}

/**
 * One pass of the per-layer monitor over `sample` (stored in `engine` as `stored`), whose
 * parameters must be `network`'s: the engine feeds forward, the probe does the rest.
 */
export function measureLayers(
  engine: Engine, network: LayeredNetwork, sample: Dataset, stored: EngineData,
): LayerDiagnostics[] {
  const probe = new LayerProbe(network);
  const outputs = network.sizes[network.sizes.length - 1];
  const y = new Float64Array(outputs);
  engine.visitActivations(stored, (e, activations, zs) => {
    let target: ArrayLike<number>;
    if (sample.kind === "labelled") {
      y.fill(0);
      y[sample.labels[e]] = 1;
      target = y;
    } else {
      target = sample.targets.subarray(e * outputs, (e + 1) * outputs);
    }
    probe.visit(inputOf(sample, e), activations, zs, target);
  });
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
