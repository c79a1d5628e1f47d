/**
 * A training session's inputs in one shared WebAssembly memory, so worker threads train on them
 * without copies: the CSR form of the training and evaluation inputs and the training targets are
 * written there once, by the main thread; each worker places its engines in the same memory (see
 * `arena.ts`) and reads them in place. Two workers on MNIST thus hold about 75 MB of inputs
 * between them instead of 75 MB each plus the main thread's.
 */
import type { Dataset, TargetData } from "../../data/data";
import type { Fingerprint } from "../../data/fingerprint";
import { Arena } from "./arena";
import { adoptSparseInputs, CsrStorage, SparseInputs, sparseInputsIn } from "./sparse";

/** What the main thread sends its workers: the memory and views of what it holds. */
export interface SharedInputs {
  readonly memory: WebAssembly.Memory;
  readonly training: SparseInputs;
  /** The training targets (f64, example after example), as the kernel reads them. */
  readonly targets: Float64Array;
  readonly evaluation?: SparseInputs;
}

/** Where data already sits in a shared arena: its targets' byte offset, by targets array. */
const sharedTargets = new WeakMap<Float64Array, { memory: WebAssembly.Memory; at: number }>();

/**
 * Moves the session's inputs (their CSR form) into a new shared memory, with a copy of the training
 * targets; the main thread's own lookups find them there too. `fingerprints`: the inputs'
 * fingerprints when the caller has just read them (`checkDataset`), so they are not read again.
 */
export function shareInputs(training: TargetData, evaluation?: Dataset, fingerprints: { training?: Fingerprint; evaluation?: Fingerprint } = {}): SharedInputs {
  const arena = Arena.shared(training.targets.byteLength);
  // Allocate first, then view: allocating may grow the memory, and a view of the old buffer is short.
  const view = <A>(make: new (buffer: ArrayBufferLike, at: number, length: number) => A, bytesEach: number, length: number): A => {
    const at = arena.alloc(bytesEach * length);
    return new make(arena.memory.buffer, at, length);
  };
  const storage: CsrStorage = {
    memory: arena.memory,
    u32: (length) => view(Uint32Array, 4, length),
    u16: (length) => view(Uint16Array, 2, length),
    f32: (length) => view(Float32Array, 4, length),
  };
  const targets = view(Float64Array, 8, training.targets.length);
  targets.set(training.targets);
  return {
    memory: arena.memory,
    training: sparseInputsIn(training, storage, fingerprints.training),
    targets,
    evaluation: evaluation && sparseInputsIn(evaluation, storage, fingerprints.evaluation),
  };
}

/** In a worker: makes `data`'s lookups find the shared copies (same examples, checked by the main thread). */
export function adoptSharedInputs(data: { training: TargetData; evaluation?: Dataset }, shared: SharedInputs): void {
  adoptSparseInputs(data.training, shared.training);
  if (data.evaluation && shared.evaluation) adoptSparseInputs(data.evaluation, shared.evaluation);
  if (shared.targets.length !== data.training.targets.length) {
    throw new RangeError(`adoptSharedInputs: ${shared.targets.length} shared targets for ${data.training.targets.length}`);
  }
  sharedTargets.set(data.training.targets, { memory: shared.memory, at: shared.targets.byteOffset });
}

/** The byte offset of `targets` in `memory`, if a session put them there. */
export function sharedTargetsIn(memory: WebAssembly.Memory, targets: Float64Array): number | undefined {
  const shared = sharedTargets.get(targets);
  return shared && shared.memory === memory ? shared.at : undefined;
}
