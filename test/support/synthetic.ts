/** Small synthetic data sets and comparisons shared by the tests. */
import { expect } from "chai";
import { labelledData, LabelledData, targetData, TargetData } from "../../src/data/data";
import type { Parameters } from "../../src/network2/init";
import { Rng } from "../../src/data/random";

/** `count` examples of `inputSize` inputs, about `zeroFraction` of them exactly 0 (like MNIST's pixels). */
export function sparseInputs(rng: Rng, count: number, inputSize: number, zeroFraction = 0.6): Float32Array {
  const inputs = new Float32Array(count * inputSize);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniform() < zeroFraction ? 0 : rng.uniform();
  return inputs;
}

/** Training data with one-hot targets over `classes`. */
export function syntheticTargets(seed: number, count: number, inputSize: number, classes: number): TargetData {
  const rng = new Rng(seed);
  const targets = new Float64Array(count * classes);
  for (let i = 0; i < count; i++) targets[i * classes + rng.integerBelow(classes)] = 1;
  return targetData(sparseInputs(rng, count, inputSize), inputSize, targets, classes);
}

/** Labelled data (class indices). */
export function syntheticLabelled(seed: number, count: number, inputSize: number, classes: number): LabelledData {
  const rng = new Rng(seed);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = rng.integerBelow(classes);
  return labelledData(sparseInputs(rng, count, inputSize), inputSize, labels, classes);
}

/** Whether two float64 arrays hold the same bits. */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Asserts two parameter sets are equal bit for bit. */
export function expectSameParameters(actual: Parameters, expected: Parameters): void {
  expect(actual.weights.length).to.equal(expected.weights.length);
  actual.weights.forEach((w, l) => expect(sameBits(w, expected.weights[l]), `weights[${l}] differ`).to.equal(true));
  actual.biases.forEach((b, l) => expect(sameBits(b, expected.biases[l]), `biases[${l}] differ`).to.equal(true));
}
