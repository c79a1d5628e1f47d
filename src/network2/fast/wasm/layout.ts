// AssemblyScript. The one definition of the kernel's memory layout: the host (engine.ts) reads these
// constants from the instance's exports and writes its tables by them, so neither side can drift.
//
// The layer table, written once per engine: HEADER_WORDS words (depth, cost kind), then LAYER_FIELDS
// i32 words per layer, each a count or a byte offset into the memory.
export const HEADER_WORDS: i32 = 2;
export const LAYER_FIELDS: i32 = 11;
export const FIELD_N_IN: i32 = 0;
export const FIELD_N_OUT: i32 = 1;
/** Numbers per weight row and per vector: nOut rounded up to whole SIMD vectors; pads stay 0. */
export const FIELD_STRIDE: i32 = 2;
/** The weights, input-major: nIn rows of `stride` numbers (row k: from input k to every neuron). */
export const FIELD_W: i32 = 3;
export const FIELD_B: i32 = 4;
/**
 * The layer's inputs a (stride of the layer below numbers each) of every example of the mini-batch
 * so far, m vectors, which the update makes Σ∇w of; 0 for the first layer, whose gradient is
 * never summed (and 0 until the host reserves a mini-batch).
 */
export const FIELD_SLOT_INPUTS: i32 = 5;
export const FIELD_NABLA_B: i32 = 6;
export const FIELD_Z: i32 = 7;
export const FIELD_A: i32 = 8;
export const FIELD_DELTA: i32 = 9;
/** The layer's δ of every example of the mini-batch so far, m vectors, as FIELD_SLOT_INPUTS. */
export const FIELD_SLOT_DELTAS: i32 = 10;

// The mini-batch scratch table: SCRATCH_WORDS i32 pointers.
export const SCRATCH_WORDS: i32 = 6;
/** m first-layer δ vectors (stride numbers each), one per example of the mini-batch. */
export const SCRATCH_SLOT_DELTAS: i32 = 0;
/** nIn i32: the first link of each row's list, −1 when empty (float64 only). */
export const SCRATCH_HEAD: i32 = 1;
/** nIn i32: the updates applied to each row so far (float64 only). */
export const SCRATCH_DONE: i32 = 2;
/** nIn i32: the rows the mini-batch touched (float64 only). */
export const SCRATCH_TOUCHED: i32 = 3;
/** One link per non-zero input of the mini-batch (float64 only). */
export const SCRATCH_LINKS: i32 = 4;
/** One gather entry per example of the mini-batch (float64 only). */
export const SCRATCH_GATHER: i32 = 5;
/** A link: CSR position p (i32), slot in the mini-batch (i32), next link or −1 (i32). */
export const LINK_BYTES: i32 = 12;
/** A gather entry: x_k (f64), pointer to its example's δ (i32), pad. */
export const GATHER_BYTES: i32 = 16;
/** SIMD vector width: every vector and row starts at a multiple of it. */
export const VECTOR_BYTES: i32 = 16;

export const COST_CROSS_ENTROPY: i32 = 0;
export const COST_QUADRATIC: i32 = 1;
/** Any other cost: the host computes δᴸ (the `costDelta` import). */
export const COST_CUSTOM: i32 = 2;

let layers: usize = 0;
let scratchTable: usize = 0;
export let depth: i32 = 0;
export let costKind: i32 = 0;

/** Points the kernel at its layer table (call once after the host writes it). */
export function configure(table: usize): void {
  layers = table + ((<usize>HEADER_WORDS) << 2);
  depth = load<i32>(table);
  costKind = load<i32>(table + 4);
}

/** Points the kernel at its mini-batch scratch table (after the host grows it). */
export function configureScratch(table: usize): void {
  scratchTable = table;
}

/** Field f of layer l. */
@inline
export function field(l: i32, f: i32): usize {
  return <usize>load<i32>(layers + ((<usize>(l * LAYER_FIELDS + f)) << 2));
}

/** Scratch pointer `slot`. */
@inline
export function scratch(slot: i32): usize {
  return <usize>load<i32>(scratchTable + ((<usize>slot) << 2));
}
