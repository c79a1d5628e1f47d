/**
 * network2's `SGD` loop on the fast engine: the state before training, then per epoch a shuffle,
 * one pass of mini-batches, the monitors asked for and the caller's `onEpoch`.
 *
 * @see network2.py `SGD`
 */
import type { Dataset, TargetData } from "../../data/data";
import type { Parameters } from "../init";
import type { Cost } from "../cost";
import type { Rng } from "../../data/random";
import { range } from "../../data/random";
import { absoluteInputSums, evaluateWithHiddenLayer } from "./hidden-probe";
import { Engine, EngineData, evaluate } from "./engine";
import { layerSample, measureLayers } from "./layer-probe";
import { sparseInputs } from "./sparse";
import { HiddenLayerDiagnostics, weightStatistics } from "../monitors";
import { CheckedSgdOptions, DEFAULT_TRAINING_PRECISION, EpochRecord, History, StateRecord, STOP_TRAINING } from "../options";

/** What the loop needs of a network: its shape, cost, generator and parameters (updated in place). */
export interface Trainable extends Parameters {
  readonly sizes: readonly number[];
  readonly cost: Cost;
  readonly rng: Rng;
}

/** Runs SGD on `network` (options already checked); its parameters are updated after every epoch. */
export function trainFast<N extends Trainable>(network: N, training: TargetData, options: CheckedSgdOptions<N>): History {
  // Each data set's sparse form, looked up (and so checked against its inputs) once per call.
  const trainingSparse = sparseInputs(training, options.fingerprints?.training);
  // In a training session's worker the inputs sit in a shared memory: the engine lives there too.
  const engine = new Engine(network.sizes, network.cost, options.precision ?? DEFAULT_TRAINING_PRECISION, trainingSparse.memory);
  engine.load(network);
  const evaluation = options.evaluationData;
  const watchTraining = options.monitorTrainingCost || options.monitorTrainingAccuracy;
  const watchEvaluation =
    evaluation !== undefined && (options.monitorEvaluationCost || options.monitorEvaluationAccuracy || options.monitorHiddenLayer);
  const trainingInEngine = engine.addData(training, trainingSparse);
  const evaluationSparse = watchEvaluation ? sparseInputs(evaluation, options.fingerprints?.evaluation) : undefined;
  const evaluationInEngine = watchEvaluation ? engine.addData(evaluation, evaluationSparse) : undefined;
  const order = range(training.count);
  const initial: StateRecord = { weights: weightStatistics(network) };
  // What the hidden-layer probe needs of the evaluation inputs, once per call.
  const inputSums = options.monitorHiddenLayer && evaluation ? absoluteInputSums(evaluation, evaluationSparse) : undefined;
  if (inputSums && evaluation && evaluationInEngine) {
    initial.hidden = evaluateWithProbe(engine, network, evaluation, evaluationInEngine, options.lmbda, inputSums).hidden;
  }
  // The per-layer monitor on a sample of the evaluation data (`layer-probe.ts`).
  const sample = options.monitorLayers && evaluation ? layerSample(evaluation) : undefined;
  const sampleInEngine = sample && engine.addData(sample);
  const measure = (): StateRecord["layers"] =>
    sample && sampleInEngine && measureLayers(engine, network, sample, sampleInEngine);
  if (sample) initial.layers = measure();
  try {
    options.onStart?.(initial, network);
    const history: History = { trainingSize: training.count, evaluationSize: evaluation?.count ?? 0, initial, epochs: [] };
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      network.rng.shuffle(order);
      engine.trainEpoch(trainingInEngine, order, options.miniBatchSize, options.eta, options.lmbda);
      const seconds = (performance.now() - started) / 1000;
      engine.store(network);
      const record: EpochRecord = { epoch, seconds, weights: weightStatistics(network) };
      if (watchTraining) monitor(engine, network, training, trainingInEngine, options, record, "training");
      if (evaluation && evaluationInEngine) monitor(engine, network, evaluation, evaluationInEngine, options, record, "evaluation", inputSums);
      if (sample) record.layers = measure();
      history.epochs.push(record);
      if (options.onEpoch?.(record, network) === STOP_TRAINING) break;
    }
    return history;
  } finally {
    // In a session's shared memory the next run of this worker reuses the engine's pieces.
    engine.release();
  }
}

/**
 * Records the training or evaluation cost and accuracy, as network2 prints them after an epoch,
 * and the hidden-layer diagnostics on the evaluation data when asked (in the same pass).
 */
function monitor<N extends Trainable>(
  engine: Engine,
  network: N,
  data: Dataset,
  stored: EngineData,
  options: CheckedSgdOptions<N>,
  record: EpochRecord,
  which: "training" | "evaluation",
  inputSums?: Float64Array,
): void {
  const { correct, cost, hidden } = evaluateWithProbe(engine, network, data, stored, options.lmbda, which === "evaluation" ? inputSums : undefined);
  if (hidden) record.hidden = hidden;
  if (which === "training") {
    if (options.monitorTrainingCost) record.trainingCost = cost;
    if (options.monitorTrainingAccuracy) record.trainingAccuracy = correct;
  } else {
    if (options.monitorEvaluationCost) record.evaluationCost = cost;
    if (options.monitorEvaluationAccuracy) record.evaluationAccuracy = correct;
  }
}

/** One evaluation pass; with `inputSums`, the hidden-layer monitor is measured in the same pass. */
function evaluateWithProbe(
  engine: Engine,
  network: Trainable,
  data: Dataset,
  stored: EngineData,
  lmbda: number,
  inputSums?: Float64Array,
): { correct: number; cost: number; hidden?: HiddenLayerDiagnostics } {
  return inputSums ? evaluateWithHiddenLayer(engine, network, data, stored, lmbda, inputSums) : evaluate(engine, data, stored, lmbda);
}
