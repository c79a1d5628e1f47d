/**
 * The fast training engine behind `Network.sgd`, `accuracy` and `totalCost`: the host side of the
 * WebAssembly kernel in `src/network2/fast/wasm/kernel.ts`.
 *
 * It runs exactly network2's algorithm (per-example backprop summed over a mini-batch, then
 * w ← (1 − ηλ/n)·w − (η/m)·Σ∇w, b ← b − (η/m)·Σ∇b), changing only the mechanics:
 * - inputs are read in sparse form, zeros skipped (see `sparse.ts`);
 * - the loops run in WebAssembly with 128-bit SIMD, in one linear memory laid out once per run:
 *   nothing is allocated while training;
 * - weights are held input-major (transposed), so both z = w·x + b and ∇w += δ xᵀ walk contiguous
 *   rows, one per non-zero input.
 *
 * Two precisions, chosen per engine:
 * - "float64", as the book's numpy code: every sum is taken in the order `Network.backprop`,
 *   `updateMiniBatch`, `accuracy` and `totalCost` take it and e^x is `Math.exp`, so for the same
 *   seed the results equal the readable loops' bit for bit (a test checks).
 * - "float32": the same operations on floats, four per SIMD vector instead of two, and e^x by a
 *   SIMD polynomial; 2.4–4× faster (see `npm run bench`), results differ by rounding only.
 *   `sgd`'s default (`DEFAULT_TRAINING_PRECISION`).
 *
 * Evaluation passes (accuracy, cost, the hidden-layer and per-layer monitors) run in the kernel
 * too, for network2's two costs (`wasm/evaluate.ts`, `wasm/monitors.ts`); a custom cost's, and a
 * caller's per-example visitor, run here.
 */
import { Cost, CrossEntropyCost, QuadraticCost } from "../cost";
import { argmax, Dataset, Inputs } from "../../data/data";
import type { Parameters } from "../init";
import type { Precision } from "../trainer";
import { Arena } from "./arena";
import { instantiateKernel, KernelFunctions, KernelLayout } from "./kernel";
import { SparseInputs, sparseInputs } from "./sparse";

const NUMBER_BYTES: Record<Precision, number> = { float64: 8, float32: 4 };

/** A view of numbers in the engine's memory, in its precision. */
export type Numbers = Float64Array | Float32Array;

/** A data set copied into the engine's memory: CSR inputs, and targets when training. */
export interface EngineData {
  readonly count: number;
  readonly offsets: number;
  readonly indices: number;
  readonly values: number;
  /** Pointer to `count × outputs` numbers, or 0 when the data has no target vectors. */
  readonly targets: number;
  /** Pointer to `count` labels (bytes) of labelled data, else 0. */
  readonly labels: number;
  /** The most non-zero inputs any one example has. */
  readonly maxNonZeros: number;
  /** Non-zero inputs of all examples. */
  readonly nonZeros: number;
  /** Where `trainEpoch` copies the shuffled order: `count` u32. */
  readonly order: number;
}

/** One layer in the engine's memory: its sizes, the row stride in numbers, and byte offsets. */
interface LayerLayout {
  nIn: number;
  nOut: number;
  stride: number;
  /** Weights, input-major (nIn rows of `stride`). */
  w: number;
  b: number;
  nablaB: number;
  z: number;
  a: number;
  delta: number;
}

/** One network's parameters, gradient sums and activations in a WebAssembly memory. */
export class Engine {
  readonly sizes: readonly number[];
  readonly depth: number;
  readonly cost: Cost;
  readonly precision: Precision;
  private readonly arena: Arena;
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: KernelFunctions;
  private readonly layout: KernelLayout;
  private readonly layers: LayerLayout[];
  private customTargets = 0;
  /** Mini-batch scratch for the kernel, grown on demand. */
  private scratch = { examples: 0, links: 0 };

  /**
   * `sharedArena`: this thread's arena of a training session's shared memory (`shared-inputs.ts`)
   * to live in, so that the session's inputs are read where they are; by default the engine has a
   * memory of its own.
   */
  constructor(sizes: readonly number[], cost: Cost, precision: Precision, sharedArena?: Arena) {
    if (!(precision in NUMBER_BYTES)) {
      throw new RangeError(`precision must be "float64" or "float32", got ${JSON.stringify(precision)}`);
    }
    this.sizes = sizes;
    this.depth = sizes.length - 1;
    this.cost = cost;
    this.precision = precision;
    this.arena = sharedArena ?? Arena.private();
    this.memory = this.arena.memory;
    const kernel = instantiateKernel({ memory: this.memory, costDelta: (e: number) => this.customDelta(e) }, precision);
    this.kernel = kernel.functions;
    this.layout = kernel.layout;
    this.layers = sizes.slice(1).map((nOut, l) => this.allocLayer(sizes[l], nOut));
    this.kernel.configure(this.writeLayerTable(cost));
  }

  /**
   * Reserves one layer's vectors and weights; no layer's ∇w is stored (the kernel sums it in the
   * update, see `reserveMiniBatch`).
   */
  private allocLayer(nIn: number, nOut: number): LayerLayout {
    const bytes = NUMBER_BYTES[this.precision];
    const lanes = this.layout.VECTOR_BYTES / bytes;
    const stride = Math.ceil(nOut / lanes) * lanes;
    const vector = () => this.alloc(stride * bytes);
    const w = this.alloc(nIn * stride * bytes);
    return { nIn, nOut, stride, w, b: vector(), nablaB: vector(), z: vector(), a: vector(), delta: vector() };
  }

  /** Writes the kernel's layer table (layout of `wasm/layout.ts`); returns its offset. */
  private writeLayerTable(cost: Cost): number {
    const L = this.layout;
    const kind =
      cost === CrossEntropyCost ? L.COST_CROSS_ENTROPY : cost === QuadraticCost ? L.COST_QUADRATIC : L.COST_CUSTOM;
    const words = new Int32Array(L.HEADER_WORDS + this.depth * L.LAYER_FIELDS);
    words[0] = this.depth;
    words[1] = kind;
    this.layers.forEach((layer, l) => {
      const at = L.HEADER_WORDS + l * L.LAYER_FIELDS;
      words[at + L.FIELD_N_IN] = layer.nIn;
      words[at + L.FIELD_N_OUT] = layer.nOut;
      words[at + L.FIELD_STRIDE] = layer.stride;
      words[at + L.FIELD_W] = layer.w;
      words[at + L.FIELD_B] = layer.b;
      // FIELD_SLOT_INPUTS and FIELD_SLOT_DELTAS stay 0 until `reserveMiniBatch`.
      words[at + L.FIELD_NABLA_B] = layer.nablaB;
      words[at + L.FIELD_Z] = layer.z;
      words[at + L.FIELD_A] = layer.a;
      words[at + L.FIELD_DELTA] = layer.delta;
    });
    const table = this.alloc(words.byteLength);
    new Int32Array(this.memory.buffer, table, words.length).set(words);
    this.layerTable = table;
    return table;
  }

  /** Where the kernel's layer table is. */
  private layerTable = 0;

  /** Every piece this engine reserved, to give back in `release`. */
  private readonly pieces: [number, number][] = [];

  /** Reserves `bytes` (16-byte aligned, zeroed) in the engine's memory; returns the byte offset. */
  private alloc(bytes: number): number {
    const at = this.arena.alloc(bytes);
    this.pieces.push([at, bytes]);
    return at;
  }

  /**
   * Gives the engine's memory back to a shared arena, for the next run of this thread; the engine
   * must not be used after. (An engine of its own memory needs no call: it dies with its memory.)
   */
  release(): void {
    for (const [at, bytes] of this.pieces.splice(0)) this.arena.release(at, bytes);
  }

  /** A view of `length` numbers of the engine's precision at byte offset `at`. */
  private numbers(at: number, length: number): Numbers {
    const buffer = this.memory.buffer;
    return this.precision === "float64" ? new Float64Array(buffer, at, length) : new Float32Array(buffer, at, length);
  }

  /** Copies parameters in, transposing each matrix to input-major rows. */
  load(parameters: Parameters): void {
    this.layers.forEach(({ nIn, nOut, stride, w, b }, l) => {
      const from = parameters.weights[l];
      const to = this.numbers(w, nIn * stride);
      for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) to[k * stride + j] = from[j * nIn + k];
      this.numbers(b, nOut).set(parameters.biases[l]);
    });
  }

  /** Copies parameters out into `parameters` (network2's row layout). */
  store(parameters: Parameters): void {
    this.layers.forEach(({ nIn, nOut, stride, w, b }, l) => {
      const from = this.numbers(w, nIn * stride);
      const to = parameters.weights[l];
      for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) to[j * nIn + k] = from[k * stride + j];
      parameters.biases[l].set(this.numbers(b, nOut));
    });
  }

  /**
   * Makes a data set's sparse inputs (and targets, for training data) readable by the kernel:
   * where they are, when they already sit in this engine's shared memory, else as copies.
   * `x`: the data's sparse form, when the caller has it; `sharedTargets`: the byte offset of the
   * targets in this engine's shared memory, when a session put them there.
   */
  addData(data: Inputs | Dataset, x: SparseInputs = sparseInputs(data), sharedTargets?: number): EngineData {
    const inPlace = x.arena !== undefined && x.arena.memory === this.memory;
    const place = (array: Uint32Array | Uint16Array | Float32Array): number => {
      if (inPlace) return array.byteOffset;
      const at = this.alloc(array.byteLength);
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      new Uint8Array(this.memory.buffer, at, array.byteLength).set(bytes);
      return at;
    };
    const offsets = place(x.offsets);
    const indices = place(x.indices);
    const values = place(x.values);
    let targets = 0;
    if ("kind" in data && data.kind === "targets") {
      // Targets stay f64 in both precisions: the kernel converts as it reads.
      if (inPlace && sharedTargets !== undefined) {
        targets = sharedTargets;
      } else {
        targets = this.alloc(data.targets.byteLength);
        new Float64Array(this.memory.buffer, targets, data.targets.length).set(data.targets);
      }
    }
    let labels = 0;
    if ("kind" in data && data.kind === "labelled") {
      labels = this.alloc(data.count);
      new Uint8Array(this.memory.buffer, labels, data.count).set(data.labels);
    }
    const order = this.alloc(data.count * 4);
    let maxNonZeros = 0;
    for (let e = 0; e < data.count; e++) maxNonZeros = Math.max(maxNonZeros, x.offsets[e + 1] - x.offsets[e]);
    const nonZeros = x.values.length;
    return { count: data.count, offsets, indices, values, targets, labels, maxNonZeros, nonZeros, order };
  }

  /** Makes room for mini-batches of m examples of `data` in the kernel's scratch (layout of `wasm/layout.ts`). */
  private reserveMiniBatch(data: EngineData, m: number): void {
    const examples = Math.min(m, data.count);
    const links = Math.min(examples * data.maxNonZeros, data.nonZeros);
    if (examples <= this.scratch.examples && links <= this.scratch.links) return;
    const L = this.layout;
    const { nIn, stride } = this.layers[0];
    const pointers = new Int32Array(L.SCRATCH_WORDS);
    pointers[L.SCRATCH_SLOT_DELTAS] = this.alloc(examples * stride * NUMBER_BYTES[this.precision]);
    if (this.precision === "float64") {
      // Only the exact update keeps per-row lists (`wasm/exact-update.ts`).
      pointers[L.SCRATCH_HEAD] = this.alloc(nIn * 4);
      pointers[L.SCRATCH_DONE] = this.alloc(nIn * 4);
      pointers[L.SCRATCH_TOUCHED] = this.alloc(nIn * 4);
      pointers[L.SCRATCH_LINKS] = this.alloc(links * L.LINK_BYTES);
      pointers[L.SCRATCH_GATHER] = this.alloc(examples * L.GATHER_BYTES);
      new Int32Array(this.memory.buffer, pointers[L.SCRATCH_HEAD], nIn).fill(-1);
    }
    const table = this.alloc(pointers.byteLength);
    new Int32Array(this.memory.buffer, table, pointers.length).set(pointers);
    this.kernel.configureScratch(table);
    // Each dense layer's inputs and δ of every example of a mini-batch, which the update sums ∇w from.
    const bytes = NUMBER_BYTES[this.precision];
    const slots = this.layers.map((layer, l) =>
      l === 0
        ? [0, 0]
        : [this.alloc(examples * this.layers[l - 1].stride * bytes), this.alloc(examples * layer.stride * bytes)],
    );
    // (The view after the allocations: growing the memory detaches the views made before.)
    const words = new Int32Array(this.memory.buffer, this.layerTable, L.HEADER_WORDS + this.depth * L.LAYER_FIELDS);
    slots.forEach(([inputs, deltas], l) => {
      words[L.HEADER_WORDS + l * L.LAYER_FIELDS + L.FIELD_SLOT_INPUTS] = inputs;
      words[L.HEADER_WORDS + l * L.LAYER_FIELDS + L.FIELD_SLOT_DELTAS] = deltas;
    });
    this.scratch = { examples, links };
  }

  /**
   * One epoch over the training data `data` (from `addData`, with targets) in the order `order`
   * (indices into it, already shuffled), in mini-batches of m.
   */
  trainEpoch(data: EngineData, order: Uint32Array, m: number, eta: number, lmbda: number): void {
    if (data.targets === 0) throw new TypeError("trainEpoch: the data has no target vectors");
    if (order.length !== data.count) {
      throw new RangeError(`trainEpoch: order has ${order.length} entries, the data ${data.count}`);
    }
    this.reserveMiniBatch(data, m);
    new Uint32Array(this.memory.buffer, data.order, data.count).set(order);
    this.customTargets = data.targets;
    const n = data.count;
    const outputs = this.sizes[this.depth];
    this.kernel.train(data.offsets, data.indices, data.values, data.targets, outputs, data.order, n, m, eta, lmbda);
  }

  /**
   * Feeds every example of `data` forward and calls `visit(e, activations, zs)` with the
   * activations and weighted inputs of each layer after the input (index l for layer l + 1; views
   * into the engine's memory, valid during the call only): what diagnostics such as saturation
   * need beyond the outputs.
   */
  visitActivations(
    data: EngineData,
    visit: (e: number, activations: readonly Numbers[], zs: readonly Numbers[]) => void,
  ): void {
    const activations = this.layers.map(({ a, nOut }) => this.numbers(a, nOut));
    const zs = this.layers.map(({ z, nOut }) => this.numbers(z, nOut));
    for (let e = 0; e < data.count; e++) {
      this.kernel.forward(data.offsets, data.indices, data.values, e);
      visit(e, activations, zs);
    }
  }

  /**
   * Whether the kernel computes this engine's cost itself (network2's two costs), so evaluation
   * passes can run there.
   */
  get kernelKnowsCost(): boolean {
    return this.cost === CrossEntropyCost || this.cost === QuadraticCost;
  }

  /** Scratch of the kernel's evaluation pass: its result record and the monitors' scratch. */
  private evaluationScratch?: { out: number; scratch: number };
  /** Room for the probe's input sums, grown to the largest data set evaluated. */
  private inputSumsScratch = { at: 0, count: 0 };
  /** The per-layer monitor's sums in the kernel's memory (`wasm/monitors.ts`), laid out on first use. */
  private layerProbe?: {
    table: number;
    statsWords: number;
    /** Byte offsets of each layer's sums. */
    layers: { stats: number; nablaB: number; nablaW: number }[];
  };

  /**
   * One evaluation pass over `data` in the kernel (`wasm/evaluate.ts`; the cost must be one the
   * kernel knows): the number correct, and what `request` asks for besides: the sum of the
   * examples' costs, the sums the hidden-layer monitor is made of (see `hidden-probe.ts`), the
   * per-layer monitor's sums over the first examples (see `layer-probe.ts`).
   */
  evaluationSums(data: EngineData, request: EvaluationRequest = { cost: true }): EvaluationSums {
    if (!this.kernelKnowsCost) {
      throw new TypeError(`evaluationSums: the kernel does not know the cost ${this.cost.name}`);
    }
    if (data.labels === 0 && data.targets === 0) {
      throw new TypeError("evaluationSums: the data has neither labels nor targets");
    }
    const L = this.layout;
    this.evaluationScratch ??= {
      out: this.alloc(L.EVALUATION_WORDS * 8),
      scratch: this.alloc(this.kernel.scratchBytes()),
    };
    const { out, scratch } = this.evaluationScratch;
    let inputSums = 0;
    const { hidden, layers } = request;
    if (hidden !== undefined) {
      if (hidden.inputSums.length !== data.count) {
        throw new RangeError(`evaluationSums: ${hidden.inputSums.length} input sums for ${data.count} examples`);
      }
      if (this.inputSumsScratch.count < data.count) {
        this.inputSumsScratch = { at: this.alloc(hidden.inputSums.byteLength), count: data.count };
      }
      inputSums = this.inputSumsScratch.at;
      new Float64Array(this.memory.buffer, inputSums, data.count).set(hidden.inputSums);
    }
    const layerExamples = layers === undefined ? 0 : Math.min(layers.examples, data.count);
    if (layers !== undefined) this.clearLayerProbe(layers);
    const { offsets, indices, values, count, labels, targets } = data;
    const margin = hidden?.margin ?? 0;
    const withCost = request.cost ?? false;
    this.kernel.evaluate(
      offsets, indices, values, count, labels, targets, withCost, inputSums, scratch, margin, layerExamples, out,
    );
    const words = new Float64Array(this.memory.buffer, out, L.EVALUATION_WORDS);
    return {
      correct: words[L.EVALUATION_CORRECT],
      costSum: words[L.EVALUATION_COST_SUM],
      saturated: words[L.EVALUATION_SATURATED],
      sigmaPrimeSum: words[L.EVALUATION_SIGMA_PRIME_SUM],
      gradientSum: words[L.EVALUATION_GRADIENT_SUM],
      ...(layers === undefined ? {} : { layers: this.layerSums(layerExamples, layers) }),
    };
  }

  /**
   * Lays out the per-layer monitor's sums (once, or anew for other bins), points the kernel at them
   * with the request's bins and margin, and zeroes them.
   */
  private clearLayerProbe({ zBins, activationBins, margin }: LayerSumsRequest): void {
    const L = this.layout;
    const statsWords = L.LAYER_STATS_BINS + zBins.bins + 2 + activationBins.bins + 2;
    let probe = this.layerProbe;
    if (probe === undefined || probe.statsWords !== statsWords) {
      const words = new Int32Array(this.depth * L.LAYER_PROBE_FIELDS);
      const layers = this.layers.map(({ nIn, stride }, l) => {
        const fields = words.subarray(l * L.LAYER_PROBE_FIELDS, (l + 1) * L.LAYER_PROBE_FIELDS);
        fields[L.LAYER_PROBE_STATS] = this.alloc(statsWords * 8);
        fields[L.LAYER_PROBE_NABLA_B] = this.alloc(stride * 8);
        fields[L.LAYER_PROBE_NABLA_W] = this.alloc(nIn * stride * 8);
        fields[L.LAYER_PROBE_DELTA] = this.alloc(stride * 8);
        return {
          stats: fields[L.LAYER_PROBE_STATS],
          nablaB: fields[L.LAYER_PROBE_NABLA_B],
          nablaW: fields[L.LAYER_PROBE_NABLA_W],
        };
      });
      const table = this.alloc(words.byteLength);
      new Int32Array(this.memory.buffer, table, words.length).set(words);
      probe = this.layerProbe = { table, statsWords, layers };
    }
    const width = ({ start, end, bins }: Bins) => (end - start) / bins;
    this.kernel.configureLayerProbe(
      probe.table, zBins.start, width(zBins), zBins.bins,
      activationBins.start, width(activationBins), activationBins.bins, margin,
    );
    probe.layers.forEach(({ stats, nablaB, nablaW }, l) => {
      const { nIn, stride } = this.layers[l];
      new Float64Array(this.memory.buffer, stats, statsWords).fill(0);
      new Float64Array(this.memory.buffer, nablaB, stride).fill(0);
      new Float64Array(this.memory.buffer, nablaW, nIn * stride).fill(0);
    });
  }

  /** The per-layer monitor's sums after a pass (views into the engine's memory, valid until the next pass). */
  private layerSums(examples: number, { zBins, activationBins }: LayerSumsRequest): LayerSums[] {
    const L = this.layout;
    const zAt = L.LAYER_STATS_BINS;
    const aAt = zAt + zBins.bins + 2;
    const { statsWords, layers } = this.layerProbe!;
    return layers.map((at, l) => {
      const { nIn, nOut, stride } = this.layers[l];
      const stats = new Float64Array(this.memory.buffer, at.stats, statsWords);
      return {
        examples,
        saturated: stats[L.LAYER_STATS_SATURATED],
        sigmaPrimeSum: stats[L.LAYER_STATS_SIGMA_PRIME_SUM],
        zSum: stats[L.LAYER_STATS_Z_SUM],
        zSquareSum: stats[L.LAYER_STATS_Z_SQUARE_SUM],
        zCounts: stats.subarray(zAt, zAt + zBins.bins + 2),
        activationCounts: stats.subarray(aAt, aAt + activationBins.bins + 2),
        nablaB: new Float64Array(this.memory.buffer, at.nablaB, nOut),
        nablaW: new Float64Array(this.memory.buffer, at.nablaW, nIn * stride),
        stride,
      };
    });
  }

  /** ‖w‖ of layer l + 1's weights, the squares summed in network2's order (row j, then k). */
  weightNorm(l: number): number {
    const { nIn, nOut, stride, w } = this.layers[l];
    const values = this.numbers(w, nIn * stride);
    let sum = 0;
    for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) sum += values[k * stride + j] * values[k * stride + j];
    return Math.sqrt(sum);
  }

  /** Σ‖w‖² over all weights (biases excluded), read from the engine's memory. */
  sumOfSquaredWeights(): number {
    let sum = 0;
    for (const { nIn, stride, nOut, w } of this.layers) {
      const values = this.numbers(w, nIn * stride);
      // Row by row of network2's layout, the order Network.sumOfSquaredWeights adds in.
      for (let j = 0; j < nOut; j++) {
        for (let k = 0; k < nIn; k++) sum += values[k * stride + j] * values[k * stride + j];
      }
    }
    return sum;
  }

  /** δᴸ for a cost that is neither of network2's two: computed by its own `delta`, in JavaScript. */
  private customDelta(e: number): void {
    const top = this.layers[this.depth - 1];
    const y = new Float64Array(this.memory.buffer, this.customTargets + e * top.nOut * 8, top.nOut);
    const delta = new Float64Array(top.nOut);
    this.cost.delta(this.numbers(top.z, top.nOut), this.numbers(top.a, top.nOut), y, delta);
    this.numbers(top.delta, top.nOut).set(delta);
  }
}

/** Equal bins over [start, end]. */
export interface Bins {
  start: number;
  end: number;
  bins: number;
}

/** What the per-layer monitor sums: over the first `examples` examples, into these bins. */
export interface LayerSumsRequest {
  examples: number;
  zBins: Bins;
  activationBins: Bins;
  /** How close to 0 or 1 σ(z) must be to count as saturated. */
  margin: number;
}

/** What an evaluation pass sums besides the number correct. */
export interface EvaluationRequest {
  /** The examples' costs. */
  cost?: boolean;
  /** The hidden-layer monitor's terms: Σ_k |x_k| of each example, and the saturation margin. */
  hidden?: { inputSums: Float64Array; margin: number };
  /** The per-layer monitor's sums. */
  layers?: LayerSumsRequest;
}

/** One layer's sums of the per-layer monitor over `examples` examples (views valid until the next pass). */
export interface LayerSums {
  examples: number;
  saturated: number;
  sigmaPrimeSum: number;
  zSum: number;
  zSquareSum: number;
  /** The counts of z's bins, then below, then above. */
  zCounts: Float64Array;
  /** The counts of σ(z)'s bins, then below, then above. */
  activationCounts: Float64Array;
  /** Σ∂C/∂b: nOut numbers. */
  nablaB: Float64Array;
  /** Σ∂C/∂w, input-major: ∂C/∂w_jk at k·stride + j. */
  nablaW: Float64Array;
  stride: number;
}

/** The sums of one evaluation pass in the kernel; each is 0 (or absent) when not asked for. */
export interface EvaluationSums {
  correct: number;
  costSum: number;
  /** (example, first-hidden-neuron) pairs with σ(z) within the margin of 0 or 1. */
  saturated: number;
  /** Σ σ'(z) = a(1 − a) over the same pairs. */
  sigmaPrimeSum: number;
  /** Σ over examples of Σ_j |δ_j| (first hidden layer) times Σ_k |x_k|. */
  gradientSum: number;
  layers?: LayerSums[];
}

export interface Evaluation {
  /** Examples whose largest output is their class. */
  correct: number;
  /** Mean cost per example plus ½·(λ/n)·Σ‖w‖², n = data.count (network2's `total_cost`). */
  cost: number;
}

/** Sees each example's activations, weighted inputs and target during an evaluation pass. */
export type ExampleVisitor = (
  e: number,
  activations: readonly Numbers[],
  zs: readonly Numbers[],
  y: ArrayLike<number>,
) => void;

/**
 * Accuracy and total cost of the engine's current parameters on `data` (stored by `addData`), in
 * one forward pass: in the kernel for network2's costs, else here; `visit` sees every example on
 * the way, for diagnostics (that pass runs here, the per-example views being JavaScript's).
 */
export function evaluate(
  engine: Engine,
  data: Dataset,
  stored: EngineData,
  lmbda: number,
  visit?: ExampleVisitor,
): Evaluation {
  if (visit === undefined && engine.kernelKnowsCost) {
    const { correct, costSum } = engine.evaluationSums(stored);
    return { correct, cost: totalCost(engine, costSum, data.count, lmbda) };
  }
  const outputs = engine.sizes[engine.depth];
  const y = new Float64Array(outputs);
  let correct = 0;
  let costSum = 0;
  engine.visitActivations(stored, (e, activations, zs) => {
    const output = activations[engine.depth - 1];
    let target: ArrayLike<number>;
    if (data.kind === "labelled") {
      y.fill(0);
      y[data.labels[e]] = 1;
      target = y;
    } else {
      target = data.targets.subarray(e * outputs, (e + 1) * outputs);
    }
    if (argmax(output) === argmax(target)) correct++;
    costSum += engine.cost.fn(output, target);
    visit?.(e, activations, zs, target);
  });
  return { correct, cost: totalCost(engine, costSum, data.count, lmbda) };
}

/** network2's `total_cost` from the examples' summed cost: the mean plus ½·(λ/n)·Σ‖w‖². */
export function totalCost(engine: Engine, costSum: number, n: number, lmbda: number): number {
  return costSum / n + 0.5 * (lmbda / n) * engine.sumOfSquaredWeights();
}
