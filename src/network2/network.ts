/**
 * The book's `network2.py`, ported to TypeScript: a feedforward network of sigmoid neurons trained
 * by mini-batch stochastic gradient descent with L2 regularization. Read it next to network2.py:
 * the methods come in the book's order (`feedforward`, `sgd`, `updateMiniBatch`, `backprop`,
 * `accuracy`, `totalCost`, `save`) and do what the book's do, one example at a time.
 *
 * Names follow the book: η → `eta`, λ → `lmbda`, ∇b/∇w → `nablaB`/`nablaW`, δ → `delta`,
 * z (weighted input) and a (activation). network2 stores a layer's weights as a matrix whose row j
 * holds the weights into neuron j; here that matrix is a Float64Array, row after row (see
 * {@link Parameters}).
 *
 * `sgd`'s epochs run in a {@link Trainer} (`trainer.ts`): by default `wasmTrainer`, the same
 * arithmetic in WebAssembly (`fast/`), which is tested against `readableTrainer` below, the loops
 * of this file.
 *
 * Departures from network2, each for a reason:
 * - Initialization is a pure function `(sizes, rng) => parameters` chosen at construction
 *   (`initializer`), instead of methods that re-initialize a network in place.
 * - Randomness comes from a seeded {@link Rng}, never a global generator.
 * - Training data and labelled data are distinct types instead of a `convert` flag.
 * - `sgd` takes an options object and returns a per-epoch {@link History}; it stops early when
 *   training blows up (η too large), marking the epoch `diverged`.
 *
 * @see NNDL §3 (network2.py), §3.3 (weight initialization)
 */
import { backpropagateDelta, weightedInput } from "./backprop";
import { checkCost, Cost, CrossEntropyCost } from "./cost";
import { argmax, classOf, Dataset, inputOf, TargetData } from "../data/data";
import { checkParameters, defaultWeightInitializer, firstUnusableParameter, Initializer, Parameters } from "./init";
import { range, Rng } from "../data/random";
import { sigmoid, sigmoidPrime } from "./sigmoid";
import { checkSizes } from "./sizes";
import { checkDataFor, checkSgdOptions, EpochRecord, ETA, History, LMBDA, SgdOptions } from "./options";
import { StateRecord, STOP_TRAINING } from "./options";
import { flagDivergence, HiddenLayerDiagnostics, LayerDiagnostics, weightStatistics } from "./monitors";
import { checkOptions, checkValue, integerIn, OptionChecks, POSITIVE_INTEGER, SEED } from "../data/check";
import { describeValue } from "../data/describe";
import { Evaluation, PreparedData, Trainer } from "./trainer";
import { wasmTrainer } from "./fast/trainer";
import { LayerProbe, layerSample } from "./fast/layer-probe";
import { absoluteInputSums, HiddenLayerProbe } from "./fast/hidden-probe";
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
    const where = options.parameters ? "Network: options.parameters" : "Network: the initializer's parameters";
    checkParameters(this.sizes, parameters, where);
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
   * Trains by mini-batch stochastic gradient descent (network2's `SGD`): every epoch shuffles the
   * training data, cuts it into mini-batches of m and takes one `updateMiniBatch` step on each,
   * then records the monitors asked for. Returns the per-epoch history (network2 returns its four
   * monitor lists). The epochs run in `options.trainer`, WebAssembly unless told otherwise.
   */
  sgd(trainingData: TargetData | PreparedData<TargetData>, options: SgdOptions<Network>): History {
    const run = checkSgdOptions(this.sizes, trainingData, options);
    this.checkFinite("sgd");
    const { epochs, miniBatchSize: m, eta, lmbda, training, evaluation } = run;
    const watchTraining = run.monitorTrainingCost || run.monitorTrainingAccuracy;
    const watchEvaluation =
      run.monitorEvaluationCost || run.monitorEvaluationAccuracy || run.monitorHiddenLayer || run.monitorLayers;
    // Each evaluation pass measures its cost only when it is watched, and the monitors beyond network2.
    const evaluationMonitors = {
      cost: run.monitorEvaluationCost,
      hidden: run.monitorHiddenLayer,
      layers: run.monitorLayers,
    };
    // The same steps as readableTrainer's, in WebAssembly (fast/trainer.ts), unless told otherwise.
    const trainer = run.trainer ?? wasmTrainer;
    const work = trainer.begin(this, { training, evaluation: watchEvaluation ? evaluation : undefined }, run.precision);
    try {
      const n = training.data.count;
      const initial: StateRecord = { weights: weightStatistics(this) };
      // The monitors of the network's state are recorded before training too.
      if (run.monitorHiddenLayer || run.monitorLayers) {
        const { hidden, layers } = work.evaluate("evaluation", lmbda, { ...evaluationMonitors, cost: false });
        if (hidden) initial.hidden = hidden;
        if (layers) initial.layers = layers;
      }
      run.onStart?.(initial, this);
      const history: History = { trainingSize: n, evaluationSize: evaluation?.data.count ?? 0, initial, epochs: [] };
      const order = range(n);
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const started = performance.now();
        this.rng.shuffle(order);
        // network2's inner loop: updateMiniBatch on each mini-batch of m (readableTrainer.epoch, below).
        work.epoch(order, m, eta, lmbda);
        const seconds = (performance.now() - started) / 1000;
        const record: EpochRecord = { epoch, seconds, weights: weightStatistics(this) };
        // A network that blew up gets no monitors (they would be artefacts): flagDivergence says why.
        if (firstUnusableParameter(this) === undefined) {
          if (watchTraining) {
            const { cost, correct } = work.evaluate("training", lmbda, { cost: run.monitorTrainingCost });
            if (run.monitorTrainingCost) record.trainingCost = cost;
            if (run.monitorTrainingAccuracy) record.trainingAccuracy = correct;
          }
          if (watchEvaluation) {
            const { cost, correct, hidden, layers } = work.evaluate("evaluation", lmbda, evaluationMonitors);
            if (run.monitorEvaluationCost) record.evaluationCost = cost;
            if (run.monitorEvaluationAccuracy) record.evaluationAccuracy = correct;
            if (hidden) record.hidden = hidden;
            if (layers) record.layers = layers;
          }
        }
        history.epochs.push(record);
        const diverged = flagDivergence(record, this);
        if (run.onEpoch?.(record, this) === STOP_TRAINING || diverged) break;
      }
      return history;
    } finally {
      work.end();
    }
  }

  /** network2's positional form, `SGD(training_data, epochs, mini_batch_size, eta, …)`. */
  SGD(
    trainingData: TargetData | PreparedData<TargetData>,
    epochs: number,
    miniBatchSize: number,
    eta: number,
    options: Omit<SgdOptions<Network>, "epochs" | "miniBatchSize" | "eta"> = {},
  ): History {
    if (typeof options !== "object" || options === null) {
      const expected = "the fifth argument must be an options object { lmbda, evaluationData, … }";
      throw new TypeError(`SGD: ${expected}, got ${describeValue(options)}`);
    }
    return this.sgd(trainingData, { ...options, epochs, miniBatchSize, eta });
  }

  /**
   * One step of gradient descent on the mini-batch `batch` (indices into `data`):
   * w ← (1 − ηλ/n)·w − (η/m)·Σ∇w and b ← b − (η/m)·Σ∇b, where m is the mini-batch's size and n
   * the size of the whole training set. Biases are not decayed.
   */
  updateMiniBatch(data: TargetData, batch: ArrayLike<number>, eta: number, lmbda: number, n: number): void {
    // The data itself is checked by sgd once, not here once per mini-batch.
    if (data?.kind !== "targets") {
      throw new TypeError(`updateMiniBatch: data must be TargetData, got ${describeValue(data)}`);
    }
    checkValue("updateMiniBatch", "eta", eta, ETA);
    checkValue("updateMiniBatch", "lmbda", lmbda, LMBDA);
    checkValue("updateMiniBatch", "n", n, POSITIVE_INTEGER);
    if (batch.length < 1) throw new RangeError("updateMiniBatch: the mini-batch is empty");
    const anExample = integerIn(0, data.count - 1, `[0, ${data.count})`);
    for (let i = 0; i < batch.length; i++) checkValue("updateMiniBatch", `batch[${i}]`, batch[i], anExample);
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

  /** How many examples of `data` the network classifies correctly (the largest output wins). */
  accuracy(data: Dataset | PreparedData): number {
    const examples = this.checkEvaluable("accuracy", data);
    let correct = 0;
    for (let i = 0; i < examples.count; i++) {
      if (this.classify(inputOf(examples, i)) === classOf(examples, i)) correct++;
    }
    return correct;
  }

  /**
   * The total cost on `data`: the mean cost per example plus the L2 term ½·(λ/n)·Σ‖w‖², where n is
   * the number of examples in `data` (as network2 computes it).
   */
  totalCost(data: Dataset | PreparedData, lmbda: number): number {
    const examples = this.checkEvaluable("totalCost", data);
    checkValue("totalCost", "lmbda", lmbda, LMBDA);
    const outputs = this.sizes[this.numLayers - 1];
    let sum = 0;
    for (let i = 0; i < examples.count; i++) {
      sum += this.cost.fn(this.feedforward(inputOf(examples, i)), targetOf(examples, i, outputs));
    }
    return sum / examples.count + 0.5 * (lmbda / examples.count) * this.sumOfSquaredWeights();
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

  /** The examples of `data`, checked to fit this network, whose parameters are checked usable. */
  private checkEvaluable(what: string, data: Dataset | PreparedData): Dataset {
    const examples = checkDataFor(this.sizes, data, what).data;
    this.checkFinite(what);
    return examples;
  }

  /**
   * Refuses to compute with parameters that are NaN, infinite or absurdly large (training with
   * too large an η leaves them so): the outputs would be NaN, and a cost or accuracy computed
   * from NaN looks plausible (0, or the count of class-0 examples).
   */
  private checkFinite(what: string): void {
    const where = firstUnusableParameter(this);
    if (where !== undefined) {
      const why = "training diverged (the history's last epoch says so in \"diverged\")";
      throw new RangeError(`${what}: the network's parameters are unusable (${where}): ${why}`);
    }
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

/** Example i's target vector: its own, or for a label the one-hot vector (network2's `vectorized_result`). */
function targetOf(data: Dataset, i: number, outputs: number): Float64Array {
  if (data.kind === "targets") return data.targets.subarray(i * outputs, (i + 1) * outputs);
  const y = new Float64Array(outputs);
  y[data.labels[i]] = 1;
  return y;
}

/**
 * `sgd`'s epochs in this file's loops, one example at a time: `updateMiniBatch` on each
 * mini-batch, `accuracy` and `totalCost` for the monitors. It computes in float64, and is the
 * definition the WebAssembly trainer is tested against (much slower: `npm run bench`).
 */
export const readableTrainer: Trainer<Network> = {
  name: "readable loops (src/network2/network.ts)",
  begin(network, data, precision) {
    if (precision === "float32") {
      throw new RangeError(`sgd: precision "float32" is wasmTrainer's; readableTrainer computes in float64`);
    }
    return {
      epoch(order, m, eta, lmbda) {
        const n = order.length;
        for (let k = 0; k < n; k += m) {
          network.updateMiniBatch(data.training.data, order.subarray(k, k + m), eta, lmbda, n);
        }
      },
      evaluate(which, lmbda, monitors) {
        const checked = data[which];
        if (checked === undefined) throw new Error(`readableTrainer: no ${which} data was given`);
        const result: Evaluation = { correct: network.accuracy(checked) };
        if (monitors.cost) result.cost = network.totalCost(checked, lmbda);
        if (monitors.hidden) result.hidden = hiddenLayerMonitor(network, checked.data);
        if (monitors.layers) result.layers = layerMonitor(network, layerSample(checked.data));
        return result;
      },
      end: () => undefined,
    };
  },
};

/** The first hidden layer's saturation and gradient size over `data` (`monitors.ts`), one example at a time. */
function hiddenLayerMonitor(network: Network, data: Dataset): HiddenLayerDiagnostics {
  const probe = new HiddenLayerProbe(network, absoluteInputSums(data));
  feedEach(network, data, (e, _x, activations, zs, y) => probe.visit(e, activations, zs, y));
  return probe.result();
}

/** Every layer's monitor over `data` (`monitors.ts`), one example at a time. */
function layerMonitor(network: Network, data: Dataset): LayerDiagnostics[] {
  const probe = new LayerProbe(network);
  feedEach(network, data, (_e, x, activations, zs, y) => probe.visit(x, activations, zs, y));
  return probe.result();
}

/** What a monitor sees of example e: its input, every layer's a and z (index l for layer l + 1), its target. */
type ExampleVisitor = (
  e: number, x: ArrayLike<number>, activations: Float64Array[], zs: Float64Array[], y: ArrayLike<number>,
) => void;

/** Feeds each example of `data` forward as `feedforward` does, and shows it to `visit`. */
function feedEach(network: Network, data: Dataset, visit: ExampleVisitor): void {
  const L = network.numLayers - 1;
  for (let e = 0; e < data.count; e++) {
    const activations: Float64Array[] = [];
    const zs: Float64Array[] = [];
    const x = inputOf(data, e);
    let a: ArrayLike<number> = x;
    for (let l = 0; l < L; l++) {
      zs.push(weightedInput(network.weights[l], network.biases[l], a, network.sizes[l]));
      activations.push((a = zs[l].map(sigmoid)));
    }
    visit(e, x, activations, zs, targetOf(data, e, network.sizes[L]));
  }
}

/** The options `Network` knows; the cost, initializer and generator are checked below. */
const NETWORK_OPTIONS: OptionChecks<NetworkOptions> = {
  cost: null,
  initializer: null,
  seed: { name: "options.seed", check: SEED },
  rng: null,
  parameters: null,
};

/** Checks the constructor's options before anything is drawn or allocated. */
function checkNetworkOptions(options: NetworkOptions): void {
  checkOptions("Network", options, NETWORK_OPTIONS);
  if (options.cost !== undefined) checkCost(options.cost, "Network: options.cost");
  if (options.initializer !== undefined && typeof options.initializer !== "function") {
    const name = options.initializer;
    const hint = typeof name === "string" ? `; for a name use initializerByName(${JSON.stringify(name)})` : "";
    throw new TypeError(
      "Network: options.initializer must be a function (sizes, rng) => parameters such as largeWeightInitializer, " +
        `got ${describeValue(options.initializer)}${hint}`,
    );
  }
  if (options.rng !== undefined && !(options.rng instanceof Rng)) {
    throw new TypeError(`Network: options.rng must be an Rng, got ${describeValue(options.rng)}`);
  }
  if (options.seed !== undefined && options.rng !== undefined) {
    throw new TypeError("Network: give options.seed or options.rng, not both (the seed would be ignored)");
  }
  if (options.parameters !== undefined && options.initializer !== undefined) {
    const why = "(the initializer would be ignored)";
    throw new TypeError(`Network: give options.parameters or options.initializer, not both ${why}`);
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
    if (typeof x[i] !== "number" || !Number.isFinite(x[i])) {
      throw new RangeError(`${what}[${i}] is ${describeValue(x[i])}, expected a finite number`);
    }
  }
}
