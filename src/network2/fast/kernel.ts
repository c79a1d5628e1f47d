/**
 * The compiled WebAssembly kernel (`wasm/kernel.ts`, built by `npm run build:wasm`) as the engine
 * sees it: its functions for one precision, and its memory layout, read from the instance's own
 * exported constants (defined once, in `wasm/layout.ts`).
 */
import * as fs from "fs";
import * as path from "path";
import type { Precision } from "../trainer";

/** The kernel's functions for one precision. */
export interface KernelFunctions {
  train(
    offsets: number, indices: number, values: number, targets: number, targetStride: number, order: number,
    n: number, m: number, eta: number, lmbda: number,
  ): void;
  forward(offsets: number, indices: number, values: number, example: number): void;
  /** An evaluation pass (`wasm/evaluate.ts`): its sums go to `out`, EVALUATION_WORDS f64 numbers. */
  evaluate(
    offsets: number, indices: number, values: number, count: number, labels: number, targets: number,
    withCost: boolean, inputSums: number, scratch: number, margin: number, layerExamples: number, out: number,
  ): void;
  /** Bytes of the monitors' scratch that `evaluate` takes (`wasm/monitors.ts`), for the configured network. */
  scratchBytes(): number;
  /** Points the kernel at the per-layer monitor's table, bins and margin (`wasm/monitors.ts`). */
  configureLayerProbe(
    table: number, zStart: number, zWidth: number, zBins: number, aStart: number, aWidth: number, aBins: number,
    margin: number,
  ): void;
  /** Points the kernel at the layer table. */
  configure(table: number): void;
  /** Points the kernel at the mini-batch scratch table. */
  configureScratch(table: number): void;
}

/** The layout constants of `wasm/layout.ts`, by their names there. */
export type KernelLayout = Record<(typeof LAYOUT_NAMES)[number], number>;

const LAYOUT_NAMES = [
  "HEADER_WORDS", "LAYER_FIELDS", "FIELD_N_IN", "FIELD_N_OUT", "FIELD_STRIDE", "FIELD_W", "FIELD_B",
  "FIELD_SLOT_INPUTS", "FIELD_NABLA_B", "FIELD_Z", "FIELD_A", "FIELD_DELTA", "FIELD_SLOT_DELTAS",
  "SCRATCH_WORDS", "SCRATCH_SLOT_DELTAS", "SCRATCH_HEAD",
  "SCRATCH_DONE", "SCRATCH_TOUCHED", "SCRATCH_LINKS", "SCRATCH_GATHER", "LINK_BYTES", "GATHER_BYTES", "VECTOR_BYTES",
  "COST_CROSS_ENTROPY", "COST_QUADRATIC", "COST_CUSTOM", "EVALUATION_CORRECT", "EVALUATION_COST_SUM",
  "EVALUATION_SATURATED", "EVALUATION_SIGMA_PRIME_SUM", "EVALUATION_GRADIENT_SUM", "EVALUATION_WORDS",
  "LAYER_PROBE_FIELDS", "LAYER_PROBE_STATS", "LAYER_PROBE_NABLA_B", "LAYER_PROBE_NABLA_W", "LAYER_PROBE_DELTA",
  "LAYER_STATS_SATURATED", "LAYER_STATS_SIGMA_PRIME_SUM", "LAYER_STATS_Z_SUM", "LAYER_STATS_Z_SQUARE_SUM",
  "LAYER_STATS_BINS",
] as const;

/** What the kernel imports from its host. */
export interface KernelImports {
  memory: WebAssembly.Memory;
  /** δᴸ of example e for a cost the kernel does not know, into the top layer's δ. */
  costDelta: (e: number) => void;
}

/**
 * The same kernel compiled twice, because a module declares whether its memory is shared:
 * `kernel.wasm` for an engine's private memory, `kernel-shared.wasm` for a training session's
 * shared one (see `arena.ts`).
 */
const KERNEL_FILES = { private: "kernel.wasm", shared: "kernel-shared.wasm" } as const;
const compiled: Partial<Record<keyof typeof KERNEL_FILES, WebAssembly.Module>> = {};

/** The compiled kernel, built by `npm run build` next to this file. */
function kernelModule(which: keyof typeof KERNEL_FILES): WebAssembly.Module {
  let module = compiled[which];
  if (module === undefined) {
    const file = path.join(__dirname, KERNEL_FILES[which]);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      throw new Error(
        `training engine: ${file} is missing; run npm run build (it compiles src/network2/fast/wasm/kernel.ts)`,
      );
    }
    module = compiled[which] = new WebAssembly.Module(bytes);
  }
  return module;
}

/** A fresh kernel instance on `imports.memory` (shared or not): its functions in `precision`, and its layout. */
export function instantiateKernel(
  imports: KernelImports,
  precision: Precision,
): { functions: KernelFunctions; layout: KernelLayout } {
  const which = imports.memory.buffer instanceof SharedArrayBuffer ? "shared" : "private";
  const instance = new WebAssembly.Instance(kernelModule(which), { env: { ...imports, exp: Math.exp, log: Math.log } });
  const exports = instance.exports as Record<string, unknown>;
  const suffix = precision === "float64" ? "64" : "32";
  const functions: KernelFunctions = {
    train: exports["train" + suffix] as KernelFunctions["train"],
    forward: exports["forward" + suffix] as KernelFunctions["forward"],
    evaluate: exports["evaluate" + suffix] as KernelFunctions["evaluate"],
    configure: exports.configure as KernelFunctions["configure"],
    configureScratch: exports.configureScratch as KernelFunctions["configureScratch"],
    configureLayerProbe: exports.configureLayerProbe as KernelFunctions["configureLayerProbe"],
    scratchBytes: exports.scratchBytes as KernelFunctions["scratchBytes"],
  };
  const layout = Object.fromEntries(
    LAYOUT_NAMES.map((name) => {
      const value = (exports[name] as { value?: unknown } | undefined)?.value;
      if (typeof value !== "number") {
        throw new Error(`training engine: kernel.wasm exports no constant ${name}; rebuild it with npm run build`);
      }
      return [name, value];
    }),
  ) as KernelLayout;
  return { functions, layout };
}
