/**
 * `wasmTrainer`: `sgd`'s epochs and evaluations in the WebAssembly engine (`engine.ts`), behind the
 * seam of `../trainer.ts`. Per `sgd` call it lays out one engine, copies the parameters in, and
 * makes the data readable by the kernel (in place when a session put it in shared memory); per
 * epoch it runs the mini-batch pass in the kernel and copies the parameters back out.
 *
 * @see network2.py `SGD`, `update_mini_batch`, `accuracy`, `total_cost`
 */
import type { Dataset } from "../../data/data";
import { DEFAULT_TRAINING_PRECISION, PreparedData, Trainable, Trainer, TrainerRun, TrainingData } from "../trainer";
import { absoluteInputSums, evaluateWithHiddenLayer } from "./hidden-probe";
import { Engine, EngineData, evaluate } from "./engine";
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
      evaluate(which, lmbda, hidden) {
        const prepared = which === "training" ? training : evaluation;
        const stored = inEngine[which];
        if (prepared === undefined || stored === undefined) throw new Error(`wasmTrainer: no ${which} data was given`);
        const given: Dataset = prepared.data;
        if (!hidden) return evaluate(engine, given, stored, lmbda);
        const sums = (inputSums[which] ??= absoluteInputSums(given, prepared.sparse));
        return evaluateWithHiddenLayer(engine, network, given, stored, lmbda, sums);
      },
      // In a session's shared memory the next run of this worker reuses the engine's pieces.
      end: () => engine.release(),
    };
  },
};

/** Prepared data with its inputs' sparse form, made now (for this call only) if it has none. */
function withSparse<D extends Dataset>(data: PreparedData<D>): PreparedData<D> & { sparse: SparseInputs } {
  return { ...data, sparse: data.sparse ?? sparseInputs(data.data) };
}
