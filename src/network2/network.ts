/**
 * The book's `network2.py`, ported to TypeScript: a feedforward network of sigmoid neurons trained
 * by mini-batch stochastic gradient descent with L2 regularization.
 *
 * Names follow the book: η → `eta`, λ → `lmbda`, ∇b/∇w → `nablaB`/`nablaW`, δ → `delta`,
 * z (weighted input) and a (activation). network2 stores a layer's weights as a matrix whose row j
 * holds the weights into neuron j; here that matrix is a Float64Array, row after row (see
 * {@link Parameters}). The methods that show the algorithm (`feedforward`, `backprop`,
 * `updateMiniBatch`) are written as network2 writes them, one example at a time; `sgd` runs the
 * same algorithm through a fast engine (`fast/engine.ts`) that is tested against them.
 *
 * Departures from network2, each for a reason:
 * - Initialization is a pure function `(sizes, rng) => parameters` chosen at construction
 *   (`initializer`), instead of methods that re-initialize a network in place.
 * - Randomness comes from a seeded {@link Rng}, never a global generator.
 * - Training data and labelled data are distinct types instead of a `convert` flag.
 * - `sgd` takes an options object and returns a per-epoch {@link History}.
 *
 * @see NNDL §3 (network2.py), §3.3 (weight initialization)
 */
import { backpropagateDelta, weightedInput } from "./backprop";
import { checkCost, Cost, CrossEntropyCost } from "./cost";
import { argmax, Dataset, inputOf, TargetData } from "../data/data";
import { checkParameters, defaultWeightInitializer, firstUnusableParameter, Initializer, Parameters } from "./init";
import { Rng } from "../data/random";
import { sigmoid, sigmoidPrime } from "./sigmoid";
import { checkSizes } from "./sizes";
import { checkDataShape, checkNotEmpty, checkSgdOptions, History, SgdOptions, STOP_TRAINING } from "./options";
import { flagDivergence } from "./monitors";
import { describeValue } from "../data/describe";
import { evaluateParameters } from "./fast/engine";
import { trainFast } from "./fast/sgd";
import { loadNetworkFile, saveNetworkFile } from "./persist";

export interface NetworkOptions {
  /** The cost to train with (network2's `cost`); cross-entropy by default, as network2. */
  cost?: Cost;
  /** How to choose the starting weights and biases; the book's improved one by default. */
  initializer?: Initializer;
  /** Seed of the network's generator (initialization and shuffling); 0 when neither it nor `rng` is given. */
  seed?: number;
  /** A generator to use instead of a seed. */
  rng?: Rng;
  /** Start from these parameters instead of drawing them (used by `load`); copied. */
  parameters?: Parameters;
}

/** Gradients of the cost for one example or a mini-batch, shaped like the parameters. */
export interface Gradients {
  nablaB: Float64Array[];
  nablaW: Float64Array[];
}

export class Network {
  /** Neurons per layer, inputs first. */
  readonly sizes: readonly number[];
  readonly numLayers: number;
  readonly cost: Cost;
  /** `weights[l]`: `sizes[l+1] × sizes[l]`, row j = weights into neuron j of layer l + 1. */
  readonly weights: Float64Array[];
  /** `biases[l]`: the biases of layer l + 1. */
  readonly biases: Float64Array[];
  /** Drives initialization and the per-epoch shuffle. */
  readonly rng: Rng;

  constructor(sizes: readonly number[], options: NetworkOptions = {}) {
    this.sizes = checkSizes(sizes);
    this.numLayers = sizes.length;
    checkNetworkOptions(options);
    this.cost = options.cost ?? CrossEntropyCost;
    this.rng = options.rng ?? new Rng(options.seed ?? 0);
    const parameters = options.parameters ?? (options.initializer ?? defaultWeightInitializer)(this.sizes, this.rng);
    checkParameters(this.sizes, parameters, options.parameters ? "Network: options.parameters" : "Network: the initializer's parameters");
    this.weights = parameters.weights.map((w) => Float64Array.from(w));
    this.biases = parameters.biases.map((b) => Float64Array.from(b));
  }

  /** A copy of the current weights and biases. */
  parameters(): Parameters {
    return { weights: this.weights.map((w) => w.slice()), biases: this.biases.map((b) => b.slice()) };
  }

  /** The output activations for input `x`: a ← σ(w·a + b), layer after layer. */
  feedforward(x: ArrayLike<number>): Float64Array {
    checkVector("feedforward: input", x, this.sizes[0]);
    let a: ArrayLike<number> = x;
    for (let l = 0; l < this.weights.length; l++) a = this.layerZ(l, a).map(sigmoid);
    return a as Float64Array;
  }

  /** z = w·a + b for layer l + 1. */
  private layerZ(l: number, a: ArrayLike<number>): Float64Array {
    return weightedInput(this.weights[l], this.biases[l], a, this.sizes[l]);
  }

  /**
   * The gradient of the cost C_x of one example (x, y) with respect to every bias and weight,
   * by backpropagation: δᴸ from the cost, δˡ = (wˡ⁺¹)ᵀδˡ⁺¹ ⊙ σ'(zˡ), ∂C/∂b = δ, ∂C/∂w = δ aᵀ.
   */
  backprop(x: ArrayLike<number>, y: ArrayLike<number>): Gradients {
    const L = this.weights.length;
    checkVector("backprop: x", x, this.sizes[0]);
    checkVector("backprop: y", y, this.sizes[L]);
    const activations: ArrayLike<number>[] = [x];
    const zs: Float64Array[] = [];
    for (let l = 0; l < L; l++) {
      const z = this.layerZ(l, activations[l]);
      zs.push(z);
      activations.push(z.map(sigmoid));
    }
    const nablaB = this.biases.map((b) => new Float64Array(b.length));
    const nablaW = this.weights.map((w) => new Float64Array(w.length));
    let delta = this.cost.delta(zs[L - 1], activations[L], y, new Float64Array(this.sizes[L]));
    for (let l = L - 1; l >= 0; l--) {
      const nIn = this.sizes[l];
      const a = activations[l];
      nablaB[l].set(delta);
      for (let j = 0; j < delta.length; j++) {
        for (let k = 0; k < nIn; k++) nablaW[l][j * nIn + k] = delta[j] * a[k];
      }
      if (l > 0) delta = backpropagateDelta(this.weights[l], nIn, delta, zs[l - 1].map(sigmoidPrime));
    }
    return { nablaB, nablaW };
  }

  /**
   * One step of gradient descent on the mini-batch `batch` (indices into `data`):
   * w ← (1 − ηλ/n)·w − (η/m)·Σ∇w and b ← b − (η/m)·Σ∇b, where m is the mini-batch's size and n
   * the size of the whole training set. Biases are not decayed.
   */
  updateMiniBatch(data: TargetData, batch: ArrayLike<number>, eta: number, lmbda: number, n: number): void {
    // The data itself is checked by sgd once, not here once per mini-batch.
    if (data?.kind !== "targets") throw new TypeError(`updateMiniBatch: data must be TargetData, got ${describeValue(data)}`);
    if (!(typeof eta === "number" && Number.isFinite(eta) && eta > 0)) throw new RangeError(`updateMiniBatch: eta must be a finite number > 0, got ${describeValue(eta)}`);
    if (!(typeof lmbda === "number" && Number.isFinite(lmbda) && lmbda >= 0)) throw new RangeError(`updateMiniBatch: lmbda must be a finite number ≥ 0, got ${describeValue(lmbda)}`);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`updateMiniBatch: n must be a positive integer, got ${describeValue(n)}`);
    if (batch.length < 1) throw new RangeError("updateMiniBatch: the mini-batch is empty");
    for (let i = 0; i < batch.length; i++) {
      if (!Number.isInteger(batch[i]) || batch[i] < 0 || batch[i] >= data.count) {
        throw new RangeError(`updateMiniBatch: batch[${i}] is ${describeValue(batch[i])}, not an example index in [0, ${data.count})`);
      }
    }
    const sum: Gradients = {
      nablaB: this.biases.map((b) => new Float64Array(b.length)),
      nablaW: this.weights.map((w) => new Float64Array(w.length)),
    };
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i];
      const y = data.targets.subarray(e * data.outputSize, (e + 1) * data.outputSize);
      const { nablaB, nablaW } = this.backprop(inputOf(data, e), y);
      nablaB.forEach((nb, l) => nb.forEach((v, j) => (sum.nablaB[l][j] += v)));
      nablaW.forEach((nw, l) => nw.forEach((v, j) => (sum.nablaW[l][j] += v)));
    }
    const m = batch.length;
    const decay = 1 - eta * (lmbda / n);
    this.weights.forEach((w, l) => w.forEach((v, j) => (w[j] = decay * v - (eta / m) * sum.nablaW[l][j])));
    this.biases.forEach((b, l) => b.forEach((v, j) => (b[j] = v - (eta / m) * sum.nablaB[l][j])));
  }

  /**
   * Trains by mini-batch stochastic gradient descent: every epoch shuffles the training data,
   * cuts it into mini-batches of m and takes one `updateMiniBatch` step on each, then records the
   * monitors asked for. Returns the per-epoch history (network2 returns the four monitor lists).
   */
  sgd(trainingData: TargetData, options: SgdOptions<Network>): History {
    const checked = checkSgdOptions(this.sizes, trainingData, options, optionsOnCheckedData.has(options));
    this.checkFinite("sgd");
    const onEpoch = checked.onEpoch;
    // The engine computes on whatever it holds; a blow-up is caught here, after each epoch.
    return trainFast(this, trainingData, {
      ...checked,
      onEpoch: (record, network) => {
        const diverged = flagDivergence(record, network);
        const answer = onEpoch?.(record, network);
        return diverged ? STOP_TRAINING : answer;
      },
    });
  }

  /** network2's positional form, `SGD(training_data, epochs, mini_batch_size, eta, …)`. */
  SGD(
    trainingData: TargetData,
    epochs: number,
    miniBatchSize: number,
    eta: number,
    options: Omit<SgdOptions<Network>, "epochs" | "miniBatchSize" | "eta"> = {},
  ): History {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`SGD: the fifth argument must be an options object { lmbda, evaluationData, … }, got ${describeValue(options)}`);
    }
    return this.sgd(trainingData, { ...options, epochs, miniBatchSize, eta });
  }

  /** How many examples of `data` the network classifies correctly (the largest output wins). */
  accuracy(data: Dataset): number {
    checkDataShape(this.sizes, data, "accuracy");
    checkNotEmpty(data, "accuracy");
    this.checkFinite("accuracy");
    return evaluateParameters(this.sizes, this.cost, this, data, 0).correct;
  }

  /**
   * The total cost on `data`: the mean cost per example plus the L2 term ½·(λ/n)·Σ‖w‖², where n is
   * the number of examples in `data` (as network2 computes it).
   */
  totalCost(data: Dataset, lmbda: number): number {
    checkDataShape(this.sizes, data, "totalCost");
    checkNotEmpty(data, "totalCost");
    if (typeof lmbda !== "number" || !Number.isFinite(lmbda) || lmbda < 0) {
      throw new RangeError(`totalCost: lmbda must be a finite number ≥ 0, got ${describeValue(lmbda)}`);
    }
    this.checkFinite("totalCost");
    return evaluateParameters(this.sizes, this.cost, this, data, lmbda).cost;
  }

  /**
   * Refuses to compute with parameters that are NaN, infinite or absurdly large (training with
   * too large an η leaves them so): the outputs would be NaN, and a cost or accuracy computed
   * from NaN looks plausible (0, or the count of class-0 examples).
   */
  private checkFinite(what: string): void {
    const where = firstUnusableParameter(this);
    if (where !== undefined) {
      throw new RangeError(`${what}: the network's parameters are unusable (${where}): training diverged (the history's last epoch says so in "diverged")`);
    }
  }

  /** Σ‖w‖² over all layers' weights (biases excluded): the quantity L2 regularization penalizes. */
  sumOfSquaredWeights(): number {
    let sum = 0;
    for (const w of this.weights) for (let i = 0; i < w.length; i++) sum += w[i] * w[i];
    return sum;
  }

  /** The class the network assigns to input `x`. */
  classify(x: ArrayLike<number>): number {
    return argmax(this.feedforward(x));
  }

  /**
   * Saves to `file` in network2's JSON format, atomically: a failed save leaves any previous
   * file as it was.
   */
  save(file: string): void {
    saveNetworkFile(file, this);
  }

  /** Loads a network saved by `save` or by network2's `save`. */
  static load(file: string): Network {
    const { sizes, cost, parameters } = loadNetworkFile(file);
    return new Network(sizes, { cost, parameters });
  }
}

/** The options `Network` knows; anything else is a typo that would be ignored. */
const NETWORK_OPTION_KEYS: readonly (keyof NetworkOptions)[] = ["cost", "initializer", "seed", "rng", "parameters"];

/** Checks the constructor's options before anything is drawn or allocated. */
function checkNetworkOptions(options: NetworkOptions): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Network: options must be an object { cost, initializer, seed, … }, got ${describeValue(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => !(NETWORK_OPTION_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`Network: unknown option ${unknown.map((key) => JSON.stringify(key)).join(", ")}; the options are ${NETWORK_OPTION_KEYS.join(", ")}`);
  }
  if (options.cost !== undefined) checkCost(options.cost, "Network: options.cost");
  if (options.initializer !== undefined && typeof options.initializer !== "function") {
    const hint = typeof options.initializer === "string" ? `; for a name use initializerByName(${JSON.stringify(options.initializer)})` : "";
    throw new TypeError(
      `Network: options.initializer must be a function (sizes, rng) => parameters such as largeWeightInitializer, got ${describeValue(options.initializer)}${hint}`,
    );
  }
  if (options.rng !== undefined && !(options.rng instanceof Rng)) {
    throw new TypeError(`Network: options.rng must be an Rng, got ${describeValue(options.rng)}`);
  }
  if (options.seed !== undefined && options.rng !== undefined) {
    throw new TypeError("Network: give options.seed or options.rng, not both (the seed would be ignored)");
  }
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff)) {
    throw new RangeError(`Network: options.seed must be an integer in [0, 2³² − 1], got ${describeValue(options.seed)}`);
  }
  if (options.parameters !== undefined && (options.initializer !== undefined)) {
    throw new TypeError("Network: give options.parameters or options.initializer, not both (the initializer would be ignored)");
  }
}

/** Checks a vector argument has `length` finite numbers (a NaN would come out as a NaN output, or class 0). */
function checkVector(what: string, x: ArrayLike<number>, length: number): void {
  if (x === null || typeof x !== "object" || typeof x.length !== "number") {
    throw new TypeError(`${what} must be an array of ${length} numbers, got ${describeValue(x)}`);
  }
  if (x.length !== length) {
    throw new RangeError(`${what} has ${x.length} entries, expected ${length}`);
  }
  for (let i = 0; i < length; i++) {
    if (typeof x[i] !== "number" || !Number.isFinite(x[i])) throw new RangeError(`${what}[${i}] is ${describeValue(x[i])}, expected a finite number`);
  }
}

/** The options objects of calls made through {@link sgdOnCheckedData}. */
const optionsOnCheckedData = new WeakSet<object>();

/**
 * `network.sgd` without the scan of every input and target for NaN and ±∞, for a caller that has
 * scanned them already and hands the same data to many runs: a training session checks its data
 * once when it starts, and its workers train on it read-only (the scan is a pass over all 39 M
 * inputs, which would cost each one-epoch run of a seed study about a fifth of its time).
 */
export function sgdOnCheckedData(network: Network, trainingData: TargetData, options: SgdOptions<Network>): History {
  const own = { ...options };
  optionsOnCheckedData.add(own);
  return network.sgd(trainingData, own);
}
