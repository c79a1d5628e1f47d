/**
 * The reference implementation of `sgd`: network2's loop, written as network2 writes it, one
 * example at a time through `Network.backprop` and `Network.updateMiniBatch`, with fresh arrays
 * everywhere. It is slow and obviously right; the fast engine is tested against it (the test
 * oracle) and the benchmark reports their ratio.
 *
 * @see network2.py `SGD`
 */
import { classOf, Dataset, inputOf, TargetData } from "../data/data";
import type { Network } from "./network";
import { range } from "../data/random";
import { weightStatistics } from "./monitors";
import { checkSgdOptions, EpochRecord, History, SgdOptions, STOP_TRAINING } from "./options";

export function referenceSgd(network: Network, training: TargetData, options: SgdOptions<Network>): History {
  const { epochs, miniBatchSize: m, eta, lmbda, evaluationData: evaluation, onEpoch } = checkSgdOptions(
    network.sizes,
    training,
    options,
  );
  const n = training.count;
  const order = range(n);
  const initial = { weights: weightStatistics(network) };
  options.onStart?.(initial, network);
  const history: History = { trainingSize: n, evaluationSize: evaluation?.count ?? 0, initial, epochs: [] };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    network.rng.shuffle(order);
    for (let k = 0; k < n; k += m) network.updateMiniBatch(training, order.subarray(k, k + m), eta, lmbda, n);
    const record: EpochRecord = { epoch, seconds: (performance.now() - started) / 1000, weights: weightStatistics(network) };
    if (options.monitorTrainingCost) record.trainingCost = referenceTotalCost(network, training, lmbda);
    if (options.monitorTrainingAccuracy) record.trainingAccuracy = referenceAccuracy(network, training);
    if (evaluation && options.monitorEvaluationCost) record.evaluationCost = referenceTotalCost(network, evaluation, lmbda);
    if (evaluation && options.monitorEvaluationAccuracy) record.evaluationAccuracy = referenceAccuracy(network, evaluation);
    history.epochs.push(record);
    if (onEpoch?.(record, network) === STOP_TRAINING) break;
  }
  return history;
}

/** network2's `accuracy`: examples whose largest output is their class, one `feedforward` each. */
export function referenceAccuracy(network: Network, data: Dataset): number {
  let correct = 0;
  for (let i = 0; i < data.count; i++) if (network.classify(inputOf(data, i)) === classOf(data, i)) correct++;
  return correct;
}

/** network2's `total_cost`: mean cost per example plus ½·(λ/n)·Σ‖w‖², n = the data's size. */
export function referenceTotalCost(network: Network, data: Dataset, lmbda: number): number {
  const outputs = network.sizes[network.numLayers - 1];
  let sum = 0;
  for (let i = 0; i < data.count; i++) {
    const y = new Float64Array(outputs);
    if (data.kind === "labelled") y[data.labels[i]] = 1;
    else y.set(data.targets.subarray(i * outputs, (i + 1) * outputs));
    sum += network.cost.fn(network.feedforward(inputOf(data, i)), y);
  }
  return sum / data.count + 0.5 * (lmbda / data.count) * network.sumOfSquaredWeights();
}
