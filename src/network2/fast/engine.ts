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
 * - "float64", as the book's numpy code: every sum is taken in the same order as
 *   `Network.backprop`/`updateMiniBatch` take it and e^x is `Math.exp`, so for the same seed the
 *   results equal the reference's bit for bit (a test checks). The engine's own default, used by
 *   `accuracy` and `totalCost`.
 * - "float32": the same operations on floats, four per SIMD vector instead of two, and e^x by a
 *   SIMD polynomial; 1.3–1.8× faster (see `npm run bench`), results differ by rounding only.
 *   `sgd`'s default (`DEFAULT_TRAINING_PRECISION`).
 */
import * as fs from "fs";
import * as path from "path";
import { Cost, CrossEntropyCost, QuadraticCost } from "../cost";
import { argmax, Dataset, Inputs } from "../../data/data";
import type { Parameters } from "../init";
import type { Precision } from "../options";
import { SparseInputs, sparseInputs } from "./sparse";

const PAGE_BYTES = 65536;
const ALIGN = 16;
const LAYER_FIELDS = 10;
const VECTOR_BYTES = 16;


const NUMBER_BYTES: Record<Precision, number> = { float64: 8, float32: 4 };

/** A view of numbers in the engine's memory, in its precision. */
export type Numbers = Float64Array | Float32Array;
const COST_KIND = { CrossEntropyCost: 0, QuadraticCost: 1, custom: 2 } as const;

/** The kernel's functions for one precision. */
interface KernelFunctions {
  train(
    offsets: number,
    indices: number,
    values: number,
    targets: number,
    targetStride: number,
    order: number,
    start: number,
    end: number,
    n: number,
    m: number,
    eta: number,
    lmbda: number,
    scratch: number,
  ): void;
  forward(offsets: number, indices: number, values: number, example: number): void;
}

/** The kernel's exports for one precision (`train64` or `train32`, …). */
function kernelFunctions(exports: Record<string, unknown>, precision: Precision): KernelFunctions {
  const suffix = precision === "float64" ? "64" : "32";
  const pick = <F>(name: string) => exports[name + suffix] as F;
  return { train: pick("train"), forward: pick("forward") };
}

let compiled: WebAssembly.Module | undefined;

/** The compiled kernel, built by `npm run build` next to this file. */
function kernelModule(): WebAssembly.Module {
  if (compiled === undefined) {
    const file = path.join(__dirname, "kernel.wasm");
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      throw new Error(`training engine: ${file} is missing; run npm run build (it compiles src/network2/fast/wasm/kernel.ts)`);
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** A data set copied into the engine's memory: CSR inputs, and targets when training. */
export interface EngineData {
  readonly count: number;
  readonly offsets: number;
  readonly indices: number;
  readonly values: number;
  /** Pointer to `count × outputs` numbers, or 0 when the data has no target vectors. */
  readonly targets: number;
  /** The most non-zero inputs any one example has. */
  readonly maxNonZeros: number;
  /** Non-zero inputs of all examples. */
  readonly nonZeros: number;
  /** Where `trainEpoch` copies the shuffled order: `count` u32. */
  readonly order: number;
}

/** Bytes per entry of the kernel's per-mini-batch links and gather arrays (see the kernel). */
const LINK_BYTES = 12;
const GATHER_BYTES = 16;

/** One network's parameters, gradient sums and activations in a WebAssembly memory. */
export class Engine {
  readonly sizes: readonly number[];
  readonly depth: number;
  readonly cost: Cost;
  readonly precision: Precision;
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: KernelFunctions;
  private top = 0;
  /** Per layer: byte offsets of W (input-major), B, z, a, δ, and the row stride in numbers. */
  private readonly layers: { nIn: number; nOut: number; stride: number; w: number; b: number; z: number; a: number; delta: number }[];
  private customTargets = 0;
  /** Mini-batch scratch for the kernel, grown on demand. */
  private scratch = { examples: 0, links: 0, table: 0 };

  constructor(sizes: readonly number[], cost: Cost, precision: Precision) {
    if (!(precision in NUMBER_BYTES)) throw new RangeError(`precision must be "float64" or "float32", got ${JSON.stringify(precision)}`);
    this.sizes = sizes;
    this.depth = sizes.length - 1;
    this.cost = cost;
    this.precision = precision;
    this.memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(kernelModule(), {
      env: { memory: this.memory, exp: Math.exp, costDelta: (e: number) => this.customDelta(e) },
    });
    this.kernel = kernelFunctions(instance.exports, precision);
    const bytes = NUMBER_BYTES[precision];
    const lanes = VECTOR_BYTES / bytes;
    const table = this.alloc((2 + this.depth * LAYER_FIELDS) * 4);
    const words: number[] = [this.depth, COST_KIND[cost === CrossEntropyCost || cost === QuadraticCost ? cost.name : "custom"]];
    this.layers = [];
    for (let l = 0; l < this.depth; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const stride = Math.ceil(nOut / lanes) * lanes;
      const vector = () => this.alloc(stride * bytes);
      const w = this.alloc(nIn * stride * bytes);
      // The first layer's ∇w is never stored: the kernel fuses it with the update.
      const nablaW = l === 0 ? 0 : this.alloc(nIn * stride * bytes);
      const layer = { nIn, nOut, stride, w, b: vector(), z: vector(), a: vector(), delta: vector() };
      const nablaB = vector();
      this.layers.push(layer);
      words.push(nIn, nOut, stride, w, layer.b, nablaW, nablaB, layer.z, layer.a, layer.delta);
    }
    new Int32Array(this.memory.buffer, table, words.length).set(words);
    (instance.exports.configure as (table: number) => void)(table);
  }

  /** Reserves `bytes` (16-byte aligned, zeroed), growing the memory; returns the byte offset. */
  private alloc(bytes: number): number {
    const at = Math.ceil(this.top / ALIGN) * ALIGN;
    this.top = at + bytes;
    const missing = this.top - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
    return at;
  }

  /** A view of `length` numbers of the engine's precision at byte offset `at`. */
  private numbers(at: number, length: number): Numbers {
    return this.precision === "float64" ? new Float64Array(this.memory.buffer, at, length) : new Float32Array(this.memory.buffer, at, length);
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

  /** Copies a data set's sparse inputs (and targets, for training data) into the engine's memory. */
  addData(data: Inputs | Dataset): EngineData {
    const x: SparseInputs = sparseInputs(data);
    const offsets = this.alloc(x.offsets.byteLength);
    const indices = this.alloc(x.indices.byteLength);
    const values = this.alloc(x.values.byteLength);
    new Uint32Array(this.memory.buffer, offsets, x.offsets.length).set(x.offsets);
    new Uint32Array(this.memory.buffer, indices, x.indices.length).set(x.indices);
    new Float32Array(this.memory.buffer, values, x.values.length).set(x.values);
    let targets = 0;
    if ("kind" in data && data.kind === "targets") {
      targets = this.alloc(data.targets.length * NUMBER_BYTES[this.precision]);
      this.numbers(targets, data.targets.length).set(data.targets);
    }
    const order = this.alloc(data.count * 4);
    let maxNonZeros = 0;
    for (let e = 0; e < data.count; e++) maxNonZeros = Math.max(maxNonZeros, x.offsets[e + 1] - x.offsets[e]);
    return { count: data.count, offsets, indices, values, targets, maxNonZeros, nonZeros: x.values.length, order };
  }

  /** Makes room for mini-batches of m examples of `data` in the kernel's scratch. */
  private reserveMiniBatch(data: EngineData, m: number): void {
    const examples = Math.min(m, data.count);
    const links = Math.min(examples * data.maxNonZeros, data.nonZeros);
    if (examples <= this.scratch.examples && links <= this.scratch.links) return;
    const { nIn, stride } = this.layers[0];
    const table = this.alloc(6 * 4);
    const pointers = [
      this.alloc(examples * stride * NUMBER_BYTES[this.precision]), // slot deltas
      this.alloc(nIn * 4), // head
      this.alloc(nIn * 4), // done
      this.alloc(nIn * 4), // touched
      this.alloc(links * LINK_BYTES), // links
      this.alloc(examples * GATHER_BYTES), // gather
    ];
    new Int32Array(this.memory.buffer, table, pointers.length).set(pointers);
    new Int32Array(this.memory.buffer, pointers[1], nIn).fill(-1);
    this.scratch = { examples, links, table };
  }

  /**
   * One epoch over the training data `data` (from `addData`, with targets) in the order `order`
   * (indices into it, already shuffled), in mini-batches of m.
   */
  trainEpoch(data: EngineData, order: Uint32Array, m: number, eta: number, lmbda: number): void {
    if (data.targets === 0) throw new TypeError("trainEpoch: the data has no target vectors");
    if (order.length !== data.count) throw new RangeError(`trainEpoch: order has ${order.length} entries, the data ${data.count}`);
    this.reserveMiniBatch(data, m);
    new Uint32Array(this.memory.buffer, data.order, data.count).set(order);
    this.customTargets = data.targets;
    const n = data.count;
    this.kernel.train(
      data.offsets, data.indices, data.values, data.targets, this.sizes[this.depth], data.order,
      0, n, n, m, eta, lmbda, this.scratch.table,
    );
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

  /** Σ‖w‖² over all weights (biases excluded), read from the engine's memory. */
  sumOfSquaredWeights(): number {
    let sum = 0;
    for (const { nIn, stride, nOut, w } of this.layers) {
      const values = this.numbers(w, nIn * stride);
      // Row by row of network2's layout, the order Network.sumOfSquaredWeights adds in.
      for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) sum += values[k * stride + j] * values[k * stride + j];
    }
    return sum;
  }

  /** δᴸ for a cost that is neither of network2's two: computed by its own `delta`, in JavaScript. */
  private customDelta(e: number): void {
    const top = this.layers[this.depth - 1];
    const y = this.numbers(this.customTargets + e * top.nOut * NUMBER_BYTES[this.precision], top.nOut);
    const delta = new Float64Array(top.nOut);
    this.cost.delta(this.numbers(top.z, top.nOut), this.numbers(top.a, top.nOut), y, delta);
    this.numbers(top.delta, top.nOut).set(delta);
  }
}

export interface Evaluation {
  /** Examples whose largest output is their class. */
  correct: number;
  /** Mean cost per example plus ½·(λ/n)·Σ‖w‖², n = data.count (network2's `total_cost`). */
  cost: number;
}

/** Sees each example's activations, weighted inputs and target during an evaluation pass. */
export type ExampleVisitor = (e: number, activations: readonly Numbers[], zs: readonly Numbers[], y: ArrayLike<number>) => void;

/**
 * Accuracy and total cost of the engine's current parameters on `data` (stored by `addData`), in
 * one forward pass; `visit` sees every example on the way, for diagnostics.
 */
export function evaluate(engine: Engine, data: Dataset, stored: EngineData, lmbda: number, visit?: ExampleVisitor): Evaluation {
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
  const n = data.count;
  return { correct, cost: costSum / n + 0.5 * (lmbda / n) * engine.sumOfSquaredWeights() };
}

/** Accuracy and total cost of `parameters` on `data`, through a fresh engine. */
export function evaluateParameters(sizes: readonly number[], cost: Cost, parameters: Parameters, data: Dataset, lmbda: number): Evaluation {
  // Exact arithmetic for a network's own accuracy and cost: they are read as the reference's.
  const engine = new Engine(sizes, cost, "float64");
  engine.load(parameters);
  return evaluate(engine, data, engine.addData(data), lmbda);
}
