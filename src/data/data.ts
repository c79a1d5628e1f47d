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

function checkInputs(what: string, inputs: Float32Array, inputSize: number): number {
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new RangeError(`${what}: inputSize must be a positive integer, got ${String(inputSize)}`);
  }
  if (inputs.length % inputSize !== 0) {
    throw new RangeError(
      `${what}: inputs has ${inputs.length} numbers, not a multiple of inputSize ${inputSize}`,
    );
  }
  return inputs.length / inputSize;
}

/** Builds {@link LabelledData}, checking that lengths agree and every label is in [0, classes). */
export function labelledData(
  inputs: Float32Array,
  inputSize: number,
  labels: Uint8Array,
  classes: number,
): LabelledData {
  const count = checkInputs("labelledData", inputs, inputSize);
  if (labels.length !== count) {
    throw new RangeError(`labelledData: ${count} inputs but ${labels.length} labels`);
  }
  for (let i = 0; i < count; i++) {
    if (labels[i] >= classes) {
      throw new RangeError(`labelledData: label ${labels[i]} at example ${i} is not below classes = ${classes}`);
    }
  }
  return { kind: "labelled", inputs, inputSize, count, labels, classes };
}

/** Builds {@link TargetData}, checking that inputs and targets describe the same examples. */
export function targetData(
  inputs: Float32Array,
  inputSize: number,
  targets: Float64Array,
  outputSize: number,
): TargetData {
  const count = checkInputs("targetData", inputs, inputSize);
  if (!Number.isInteger(outputSize) || outputSize < 1 || targets.length !== count * outputSize) {
    throw new RangeError(
      `targetData: expected ${count} targets of outputSize ${outputSize} (${count * outputSize} numbers), got ${targets.length}`,
    );
  }
  return { kind: "targets", inputs, inputSize, count, targets, outputSize };
}

/**
 * One-hot targets for labelled examples: network2's `vectorized_result`, applied where the cost
 * needs a target vector (training). The inputs are shared, not copied.
 */
export function oneHot(data: LabelledData): TargetData {
  const targets = new Float64Array(data.count * data.classes);
  for (let i = 0; i < data.count; i++) targets[i * data.classes + data.labels[i]] = 1;
  return targetData(data.inputs, data.inputSize, targets, data.classes);
}

/** Examples [start, end) of a data set, as views (nothing is copied). */
export function slice<D extends Dataset>(data: D, start: number, end: number): D {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > data.count || start > end) {
    throw new RangeError(`slice: [${start}, ${end}) is not a range within [0, ${data.count}]`);
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
