/**
 * Data sets as flat typed arrays, in the two shapes network2 uses.
 *
 * network2 keeps training data as (x, y) pairs with y a one-hot column vector, and validation and
 * test data as (x, y) pairs with y a digit, and tells `accuracy`/`total_cost` which is which with
 * a `convert` flag. Here the two shapes are distinct types, {@link TargetData} and
 * {@link LabelledData}, and functions dispatch on `kind`: no flag to get wrong.
 *
 * Inputs of all examples sit in one Float32Array, example i at `[i·inputSize, (i+1)·inputSize)`.
 * float32 is what the book's `mnist.pkl.gz` stores, and it halves the memory of 70,000 images.
 *
 * @see NNDL §1 (mnist_loader), §3 (network2.py)
 */
import { describeValue } from "./describe";

/** Inputs of `count` examples of `inputSize` numbers each, row after row. */
export interface Inputs {
  readonly inputs: Float32Array;
  readonly inputSize: number;
  readonly count: number;
}

/** Examples whose targets are class indices (network2's validation and test data). */
export interface LabelledData extends Inputs {
  readonly kind: "labelled";
  readonly labels: Uint8Array;
  /** Number of classes: labels lie in [0, classes). */
  readonly classes: number;
}

/** Examples whose targets are vectors (network2's training data: one-hot y). */
export interface TargetData extends Inputs {
  readonly kind: "targets";
  /** `count × outputSize` numbers, row after row. */
  readonly targets: Float64Array;
  readonly outputSize: number;
}

/** Either shape: what `accuracy` and `totalCost` accept. */
export type Dataset = LabelledData | TargetData;

/** A data set's `kind` as an error shows it: a string quoted, anything else described. */
export function kindOf(data: object): string {
  const kind = (data as { kind?: unknown }).kind;
  return typeof kind === "string" ? JSON.stringify(kind) : describeValue(kind);
}

/** Labels are bytes, so a labelled data set has at most this many classes. */
export const MAX_CLASSES = 256;

/** Index of the first entry that is NaN or ±∞, or −1. */
function firstNonFinite(values: Float32Array | Float64Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** Checks inputs; returns their count of examples. */
function checkInputs(what: string, inputs: Float32Array, inputSize: number): number {
  if (!(inputs instanceof Float32Array)) {
    throw new TypeError(`${what}: inputs must be a Float32Array, got ${describeValue(inputs)}`);
  }
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new RangeError(`${what}: inputSize must be a positive integer, got ${describeValue(inputSize)}`);
  }
  if (inputs.length % inputSize !== 0) {
    throw new RangeError(
      `${what}: inputs has ${inputs.length} numbers, not a multiple of inputSize ${inputSize}`,
    );
  }
  const bad = firstNonFinite(inputs);
  if (bad >= 0) {
    // NaN would flow through training into a cost of 0 and an accuracy that counts label-0 examples.
    throw new RangeError(
      `${what}: input ${bad % inputSize} of example ${Math.floor(bad / inputSize)} is ${inputs[bad]}, ` +
        "expected a finite number",
    );
  }
  return inputs.length / inputSize;
}

function checkClasses(what: string, classes: number): void {
  if (!Number.isInteger(classes) || classes < 1 || classes > MAX_CLASSES) {
    throw new RangeError(
      `${what}: classes must be an integer in [1, ${MAX_CLASSES}] (labels are bytes), got ${describeValue(classes)}`,
    );
  }
}

/** Checks every label is an integer in [0, classes): anything else has an all-zero one-hot target. */
function checkLabels(what: string, labels: ArrayLike<number>, count: number, classes: number): void {
  if (labels.length !== count) {
    throw new RangeError(`${what}: ${count} inputs but ${labels.length} labels`);
  }
  for (let i = 0; i < count; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(
        `${what}: label ${describeValue(label)} at example ${i} ` +
          `is not an integer in [0, ${classes}) (classes = ${classes})`,
      );
    }
  }
}

function checkTargets(what: string, targets: Float64Array, count: number, outputSize: number): void {
  if (!(targets instanceof Float64Array)) {
    throw new TypeError(`${what}: targets must be a Float64Array, got ${describeValue(targets)}`);
  }
  if (!Number.isInteger(outputSize) || outputSize < 1 || targets.length !== count * outputSize) {
    throw new RangeError(
      `${what}: expected ${count} targets of outputSize ${describeValue(outputSize)} ` +
        `(${count * outputSize} numbers), got ${targets.length}`,
    );
  }
  const bad = firstNonFinite(targets);
  if (bad >= 0) {
    throw new RangeError(
      `${what}: target ${bad % outputSize} of example ${Math.floor(bad / outputSize)} is ${targets[bad]}, ` +
        "expected a finite number",
    );
  }
}

/**
 * Builds {@link LabelledData}, checking that lengths agree, every input is finite and every label
 * is an integer in [0, classes). Labels given as a plain array are copied into a Uint8Array.
 */
export function labelledData(
  inputs: Float32Array,
  inputSize: number,
  labels: Uint8Array,
  classes: number,
): LabelledData {
  const count = checkInputs("labelledData", inputs, inputSize);
  checkClasses("labelledData", classes);
  checkLabels("labelledData", labels, count, classes);
  const bytes = labels instanceof Uint8Array ? labels : Uint8Array.from(labels);
  return { kind: "labelled", inputs, inputSize, count, labels: bytes, classes };
}

/** Builds {@link TargetData}, checking that inputs and targets describe the same examples and are finite. */
export function targetData(
  inputs: Float32Array,
  inputSize: number,
  targets: Float64Array,
  outputSize: number,
): TargetData {
  const count = checkInputs("targetData", inputs, inputSize);
  checkTargets("targetData", targets, count, outputSize);
  return { kind: "targets", inputs, inputSize, count, targets, outputSize };
}

/**
 * Checks a data set however it was made (by {@link labelledData}, by hand, or edited since): its
 * kind, that `count` agrees with its arrays, finite inputs and targets, labels in range. `what`
 * names it in the error. Called by everything that trains or evaluates on data (`prepareData`
 * does it once for many runs).
 */
export function checkDataset(data: Dataset, what: string): void {
  if (typeof data !== "object" || data === null || (data.kind !== "labelled" && data.kind !== "targets")) {
    throw new TypeError(
      `${what}: expected a data set (labelledData, targetData, loadMnist's, or oneHot(data)), ` +
        `got ${describeValue(data)}` +
        (typeof data === "object" && data !== null ? ` with kind ${kindOf(data)}` : ""),
    );
  }
  const count = checkInputs(what, data.inputs, data.inputSize);
  if (data.count !== count) {
    throw new RangeError(
      `${what}: field "count" is ${describeValue(data.count)}, ` +
        `but inputs holds ${count} examples of inputSize ${data.inputSize}`,
    );
  }
  if (data.kind === "labelled") {
    checkClasses(what, data.classes);
    if (!(data.labels instanceof Uint8Array)) {
      throw new TypeError(`${what}: labels must be a Uint8Array, got ${describeValue(data.labels)}`);
    }
    checkLabels(what, data.labels, count, data.classes);
  } else {
    checkTargets(what, data.targets, count, data.outputSize);
  }
}

/**
 * One-hot targets for labelled examples: network2's `vectorized_result`, applied where the cost
 * needs a target vector (training). The inputs are shared, not copied.
 */
export function oneHot(data: LabelledData): TargetData {
  checkDataset(data, "oneHot");
  const kind = (data as Dataset).kind;
  if (kind !== "labelled") {
    throw new TypeError(`oneHot: expected labelled data (class indices), got kind ${describeValue(kind)}`);
  }
  const targets = new Float64Array(data.count * data.classes);
  for (let i = 0; i < data.count; i++) targets[i * data.classes + data.labels[i]] = 1;
  return targetData(data.inputs, data.inputSize, targets, data.classes);
}

/** Examples [start, end) of a data set, as views (nothing is copied). */
export function slice<D extends Dataset>(data: D, start: number, end: number): D {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > data.count || start > end) {
    throw new RangeError(
      `slice: [${describeValue(start)}, ${describeValue(end)}) is not a range of integers within [0, ${data.count}]`,
    );
  }
  const inputs = data.inputs.subarray(start * data.inputSize, end * data.inputSize);
  if (data.kind === "labelled") {
    return { ...data, inputs, count: end - start, labels: data.labels.subarray(start, end) };
  }
  const targets = data.targets.subarray(start * data.outputSize, end * data.outputSize);
  return { ...data, inputs, count: end - start, targets };
}

/** The inputs of example i, as a view. */
export function inputOf(data: Inputs, i: number): Float32Array {
  return data.inputs.subarray(i * data.inputSize, (i + 1) * data.inputSize);
}

/**
 * The class an example belongs to: its label, or for a target vector the index of its largest
 * entry (what network2 does with `np.argmax(y)` when `convert=True`).
 */
export function classOf(data: Dataset, i: number): number {
  if (data.kind === "labelled") return data.labels[i];
  return argmax(data.targets, i * data.outputSize, data.outputSize);
}

/** Index (relative to `offset`) of the largest of `length` numbers starting at `offset`; first wins ties, as numpy. */
export function argmax(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let best = 0;
  for (let j = 1; j < length; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}
