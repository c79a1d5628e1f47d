/**
 * `wasmTrainer`: `sgd`'s epochs and evaluations in the WebAssembly engine (`engine.ts`), behind the
 * seam of `../trainer.ts`. Per `sgd` call it lays out one engine, copies the parameters in, and
 * makes the data readable by the kernel (in place when a session put it in shared memory); per
 * epoch it runs the mini-batch pass in the kernel and copies the parameters back out. An
 * evaluation is one pass of the kernel over the data, which measures the monitors asked for on
 * the way (for a cost the kernel does not know, the probes do, in JavaScript).
 *
 * @see network2.py `SGD`, `update_mini_batch`, `accuracy`, `total_cost`
 */
import { Dataset, inputOf } from "../../data/data";
import { SATURATION_MARGIN } from "../monitors";
import type { Parameters } from "../init";
import {
  DEFAULT_TRAINING_PRECISION, Evaluation, EvaluationMonitors, PreparedData, Trainable, Trainer, TrainerRun,
  TrainingData,
} from "../trainer";
import { absoluteInputSums, hiddenDiagnostics, HiddenLayerProbe } from "./hidden-probe";
import { LAYER_SAMPLE_SIZE, layerDiagnosticsOf, LayerProbe, layerSumsRequest } from "./layer-probe";
import { Engine, EngineData, evaluate, totalCost } from "./engine";
import { SparseInputs, sparseInputs } from "./sparse";

export const wasmTrainer: Trainer = {
  name: "WebAssembly (src/network2/fast/)",
  begin(network: Trainable, data: TrainingData, precision = DEFAULT_TRAINING_PRECISION): TrainerRun {
    const training = withSparse(data.training);
    // In a training session's worker the inputs sit in a shared memory: the engine lives there too.
    const engine = new Engine(network.sizes, network.cost, precision, training.sparse.arena);
    engine.load(network);
    const inEngine = {
      training: engine.addData(training.data, training.sparse, training.sharedTargets),
      evaluation: undefined as EngineData | undefined,
    };
    const evaluation = data.evaluation && withSparse(data.evaluation);
    if (evaluation) inEngine.evaluation = engine.addData(evaluation.data, evaluation.sparse);
    // What the hidden-layer monitor needs of the inputs, once per call.
    const inputSums: { training?: Float64Array; evaluation?: Float64Array } = {};
    return {
      epoch(order, m, eta, lmbda) {
        engine.trainEpoch(inEngine.training, order, m, eta, lmbda);
        engine.store(network);
      },
      evaluate(which, lmbda, monitors) {
        const prepared = which === "training" ? training : evaluation;
        const stored = inEngine[which];
        if (prepared === undefined || stored === undefined) throw new Error(`wasmTrainer: no ${which} data was given`);
        if (monitors.hidden) inputSums[which] ??= absoluteInputSums(prepared.data, prepared.sparse);
        const sums = monitors.hidden ? inputSums[which] : undefined;
        return evaluateWithMonitors(engine, network, prepared.data, stored, lmbda, monitors, sums);
      },
      // In a session's shared memory the next run of this worker reuses the engine's pieces.
      end: () => engine.release(),
    };
  },
};

/**
 * One evaluation pass of `engine` over `data` (stored as `stored`) with the monitors asked for:
 * in the kernel for network2's costs, else with the probes in JavaScript. `inputSums` is
 * {@link absoluteInputSums} of `data`, given for the hidden-layer monitor.
 */
function evaluateWithMonitors(
  engine: Engine,
  network: Trainable,
  data: Dataset,
  stored: EngineData,
  lmbda: number,
  monitors: EvaluationMonitors,
  inputSums: Float64Array | undefined,
): Evaluation {
  const n = data.count;
  if (engine.kernelKnowsCost) {
    const sums = engine.evaluationSums(stored, {
      cost: monitors.cost,
      hidden: inputSums && { inputSums, margin: SATURATION_MARGIN },
      layers: monitors.layers ? layerSumsRequest(LAYER_SAMPLE_SIZE) : undefined,
    });
    const result: Evaluation = { correct: sums.correct };
    if (monitors.cost) result.cost = totalCost(engine, sums.costSum, n, lmbda);
    if (inputSums) result.hidden = hiddenDiagnostics(network, n, sums);
    if (sums.layers) result.layers = layerDiagnosticsOf(engine, sums.layers);
    return result;
  }
  const hidden = inputSums && new HiddenLayerProbe(network, inputSums);
  // The layer probe backpropagates through the weights the engine holds (float32 rounds them).
  const layers = monitors.layers ? new LayerProbe({ ...network, ...engineParameters(engine, network) }) : undefined;
  const { correct, cost } = evaluate(engine, data, stored, lmbda, (e, activations, zs, y) => {
    hidden?.visit(e, activations, zs, y);
    if (layers && e < LAYER_SAMPLE_SIZE) layers.visit(inputOf(data, e), activations, zs, y);
  });
  const result: Evaluation = { correct };
  if (monitors.cost) result.cost = cost;
  if (hidden) result.hidden = hidden.result();
  if (layers) result.layers = layers.result();
  return result;
}

/** The parameters `engine` holds, copied out. */
function engineParameters(engine: Engine, network: Parameters): Parameters {
  const held = { weights: network.weights.map((w) => w.slice()), biases: network.biases.map((b) => b.slice()) };
  engine.store(held);
  return held;
}

/** Prepared data with its inputs' sparse form, made now (for this call only) if it has none. */
function withSparse<D extends Dataset>(data: PreparedData<D>): PreparedData<D> & { sparse: SparseInputs } {
  return { ...data, sparse: data.sparse ?? sparseInputs(data.data) };
}
