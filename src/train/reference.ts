/**
 * The reference implementation of `sgd`: network2's loop, written as network2 writes it, one
 * example at a time through `Network.backprop` and `Network.updateMiniBatch`, with fresh arrays
 * everywhere. It is slow and obviously right; the fast engine is tested against it (the test
 * oracle) and the benchmark reports their ratio.
 *
 * @see network2.py `SGD`
 */
import type { TargetData } from "../data";
import type { Network } from "../network";
import { range } from "../random";
import { checkSgdOptions, EpochRecord, History, SgdOptions, STOP_TRAINING } from "./options";

export function referenceSgd(network: Network, training: TargetData, options: SgdOptions<Network>): History {
  const { epochs, miniBatchSize: m, eta, lmbda, evaluationData: evaluation, onEpoch } = checkSgdOptions(
    network.sizes,
    training,
    options,
  );
  const n = training.count;
  const order = range(n);
  const history: History = { trainingSize: n, evaluationSize: evaluation?.count ?? 0, epochs: [] };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    network.rng.shuffle(order);
    for (let k = 0; k < n; k += m) network.updateMiniBatch(training, order.subarray(k, k + m), eta, lmbda, n);
    const record: EpochRecord = { epoch, seconds: (performance.now() - started) / 1000 };
    if (options.monitorTrainingCost) record.trainingCost = network.totalCost(training, lmbda);
    if (options.monitorTrainingAccuracy) record.trainingAccuracy = network.accuracy(training);
    if (evaluation && options.monitorEvaluationCost) record.evaluationCost = network.totalCost(evaluation, lmbda);
    if (evaluation && options.monitorEvaluationAccuracy) record.evaluationAccuracy = network.accuracy(evaluation);
    history.epochs.push(record);
    if (onEpoch?.(record, network) === STOP_TRAINING) break;
  }
  return history;
}
