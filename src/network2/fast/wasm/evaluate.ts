// AssemblyScript. An evaluation pass over a data set in the kernel: accuracy, the cost when asked,
// and the monitors asked for (`monitors.ts`), without a call back to JavaScript per example.
//
// Every number is computed as the host's code computes it (`engine.ts` `evaluate`, network2's
// `cost.fn`, the probes of `hidden-probe.ts` and `layer-probe.ts`): in f64 from the layer's
// activations, sums in the same order, ln and e^x the host's Math.log and Math.exp. So this pass
// gives the same results as the JavaScript one, bit for bit, in either precision of the forward
// pass (a test checks).
import { costKind, depth, field, COST_CROSS_ENTROPY, FIELD_A, FIELD_N_OUT } from "./layout";
import { forward } from "./forward";
import { activation, hiddenDeltas, prepareMonitors, probeLayers, target } from "./monitors";
import { bytesOf } from "./vector";

@external("env", "log")
declare function log(x: f64): f64;

// The pass's results, f64 numbers at the `out` pointer.
export const EVALUATION_CORRECT: i32 = 0;
export const EVALUATION_COST_SUM: i32 = 1;
export const EVALUATION_SATURATED: i32 = 2;
export const EVALUATION_SIGMA_PRIME_SUM: i32 = 3;
export const EVALUATION_GRADIENT_SUM: i32 = 4;
export const EVALUATION_WORDS: i32 = 5;

/** numpy's nan_to_num, as `cost.ts` has it. */
@inline
function nanToNum(x: f64): f64 {
  if (isNaN(x)) return 0;
  if (x == Infinity) return f64.MAX_VALUE;
  if (x == -Infinity) return -f64.MAX_VALUE;
  return x;
}

/** The cost of example e (network2's `fn`, cross-entropy or quadratic) for the output just computed. */
function exampleCost<T>(labels: usize, targets: usize, outputs: i32, e: i32): f64 {
  const top = depth - 1;
  let sum: f64 = 0;
  if (costKind == COST_CROSS_ENTROPY) {
    for (let j = 0; j < outputs; j++) {
      const a = activation<T>(top, j);
      const y = target(labels, targets, outputs, e, j);
      sum += nanToNum(-y * log(a) - (1 - y) * log(1 - a));
    }
    return sum;
  }
  for (let j = 0; j < outputs; j++) {
    const d = activation<T>(top, j) - target(labels, targets, outputs, e, j);
    sum += d * d;
  }
  return 0.5 * sum;
}

/** Whether the output's largest activation (the first of equals) is at the target's largest entry (the label). */
function isCorrect<T>(labels: usize, targets: usize, outputs: i32, e: i32): bool {
  const a = field(depth - 1, FIELD_A);
  let best = 0;
  for (let j = 1; j < outputs; j++) {
    if (load<T>(a + bytesOf<T>(<usize>j)) > load<T>(a + bytesOf<T>(<usize>best))) best = j;
  }
  if (targets == 0) return best == <i32>load<u8>(labels + <usize>e);
  let truth = 0;
  for (let j = 1; j < outputs; j++) {
    if (target(labels, targets, outputs, e, j) > target(labels, targets, outputs, e, truth)) truth = j;
  }
  return best == truth;
}

/**
 * Feeds examples [0, count) forward and writes EVALUATION_WORDS sums to `out`. `labels` (u8 per
 * example) or `targets` (outputs f64 per example) give y. With `withCost` it sums the examples'
 * costs. With `inputSums` (Σ_k |x_k| per example, f64) it also sums the hidden-layer monitor's
 * terms; `margin` is the saturation margin. The first `layerExamples` examples also go into the
 * per-layer monitor's sums. Both monitors use `scratch` (`scratchBytes()` of `monitors.ts`).
 */
function evaluate<T>(
  offsets: usize, indices: usize, values: usize, count: i32, labels: usize, targets: usize, withCost: bool,
  inputSums: usize, scratch: usize, margin: f64, layerExamples: i32, out: usize,
): void {
  const outputs = <i32>field(depth - 1, FIELD_N_OUT);
  const hidden = <i32>field(0, FIELD_N_OUT);
  let correct = 0;
  let costSum: f64 = 0;
  let saturated = 0;
  let sigmaPrimeSum: f64 = 0;
  let gradientSum: f64 = 0;
  if (inputSums != 0 || layerExamples > 0) prepareMonitors<T>(scratch);
  for (let e = 0; e < count; e++) {
    forward<T>(offsets, indices, values, e, 1);
    if (isCorrect<T>(labels, targets, outputs, e)) correct++;
    if (withCost) costSum += exampleCost<T>(labels, targets, outputs, e);
    if (e < layerExamples) probeLayers<T>(offsets, indices, values, labels, targets, outputs, e);
    if (inputSums == 0) continue;
    // One loop for the three sums over the hidden neurons, so that their chains of additions overlap.
    const deltas = hiddenDeltas<T>(labels, targets, outputs, e);
    let deltaSum: f64 = 0;
    for (let j = 0; j < hidden; j++) {
      const a = activation<T>(0, j);
      if (a < margin || a > 1 - margin) saturated++;
      sigmaPrimeSum += a * (1 - a);
      deltaSum += abs<f64>(load<f64>(deltas + ((<usize>j) << 3)));
    }
    gradientSum += deltaSum * load<f64>(inputSums + ((<usize>e) << 3));
  }
  store<f64>(out + (<usize>(EVALUATION_CORRECT << 3)), <f64>correct);
  store<f64>(out + (<usize>(EVALUATION_COST_SUM << 3)), costSum);
  store<f64>(out + (<usize>(EVALUATION_SATURATED << 3)), <f64>saturated);
  store<f64>(out + (<usize>(EVALUATION_SIGMA_PRIME_SUM << 3)), sigmaPrimeSum);
  store<f64>(out + (<usize>(EVALUATION_GRADIENT_SUM << 3)), gradientSum);
}

export function evaluate64(
  offsets: usize, indices: usize, values: usize, count: i32, labels: usize, targets: usize, withCost: bool,
  inputSums: usize, scratch: usize, margin: f64, layerExamples: i32, out: usize,
): void {
  evaluate<f64>(
    offsets, indices, values, count, labels, targets, withCost, inputSums, scratch, margin, layerExamples, out,
  );
}

export function evaluate32(
  offsets: usize, indices: usize, values: usize, count: i32, labels: usize, targets: usize, withCost: bool,
  inputSums: usize, scratch: usize, margin: f64, layerExamples: i32, out: usize,
): void {
  evaluate<f32>(
    offsets, indices, values, count, labels, targets, withCost, inputSums, scratch, margin, layerExamples, out,
  );
}
