/**
 * A training session's inputs in one shared WebAssembly memory, so worker threads train on them
 * without copies: the CSR form of the training and evaluation inputs and the training targets are
 * written there once, by the main thread; each worker places its engines in the same memory (see
 * `arena.ts`) and reads them in place. Two workers on MNIST thus hold about 75 MB of inputs
 * between them instead of 75 MB each plus the main thread's.
 */
import type { Dataset, TargetData } from "../../data/data";
import type { PreparedData } from "../trainer";
import { Arena } from "./arena";
import { CsrStorage, SparseInputs, sparseInputs } from "./sparse";

/** What the main thread sends its workers: the memory and views of what it holds. */
export interface SharedInputs {
  readonly memory: WebAssembly.Memory;
  readonly training: SparseInputs;
  /** The training targets (f64, example after example), as the kernel reads them. */
  readonly targets: Float64Array;
  readonly evaluation?: SparseInputs;
}

/**
 * Writes the session's inputs (their CSR form) and a copy of the training targets into a new
 * shared memory. The data must have been checked (`checkDataset`): this is its prepared form.
 */
export function shareInputs(training: TargetData, evaluation?: Dataset): SharedInputs {
  const arena = Arena.shared(training.targets.byteLength);
  // Allocate first, then view: allocating may grow the memory, and a view of the old buffer is short.
  type View<A> = new (buffer: ArrayBufferLike, at: number, length: number) => A;
  const view = <A>(make: View<A>, bytesEach: number, length: number): A => {
    const at = arena.alloc(bytesEach * length);
    return new make(arena.memory.buffer, at, length);
  };
  const storage: CsrStorage = {
    u32: (length) => view(Uint32Array, 4, length),
    u16: (length) => view(Uint16Array, 2, length),
    f32: (length) => view(Float32Array, 4, length),
  };
  const targets = view(Float64Array, 8, training.targets.length);
  targets.set(training.targets);
  return {
    memory: arena.memory,
    training: sparseInputs(training, storage),
    targets,
    evaluation: evaluation && sparseInputs(evaluation, storage),
  };
}

/**
 * In a worker (or the main thread): the session's data as prepared data whose sparse inputs and
 * training targets are read in place, through one arena of the shared memory for this thread.
 * `data` is the data the main thread checked and shared.
 */
export function sharedData(
  data: { training: TargetData; evaluation?: Dataset },
  shared: SharedInputs,
): { training: PreparedData<TargetData>; evaluation?: PreparedData } {
  if (shared.targets.length !== data.training.targets.length) {
    throw new RangeError(`sharedData: ${shared.targets.length} shared targets for ${data.training.targets.length}`);
  }
  const arena = Arena.adopt(shared.memory);
  const inArena = (sparse: SparseInputs, of: Dataset): SparseInputs => {
    if (sparse.count !== of.count || sparse.inputSize !== of.inputSize) {
      const shapes = `${sparse.count}×${sparse.inputSize} sparse inputs for ${of.count}×${of.inputSize} inputs`;
      throw new RangeError(`sharedData: ${shapes}`);
    }
    return { ...sparse, arena };
  };
  const training: PreparedData<TargetData> = {
    kind: "prepared",
    data: { ...data.training, targets: shared.targets },
    sparse: inArena(shared.training, data.training),
    sharedTargets: shared.targets.byteOffset,
  };
  const evaluation: PreparedData | undefined = data.evaluation && shared.evaluation && {
    kind: "prepared",
    data: data.evaluation,
    sparse: inArena(shared.evaluation, data.evaluation),
  };
  return { training, evaluation };
}
