// The notebooks' public surface: everything a cell imports from "../dist/src".
// data: MNIST, data sets, seeded randomness
export * from "./data/random";
export * from "./data/data";
export * from "./data/mnist";
// network2: the book's network, readable, and its fast engine
export * from "./network2/sigmoid";
export * from "./network2/cost";
export * from "./network2/sizes";
export * from "./network2/init";
export * from "./network2/network";
export * from "./network2/persist";
export * from "./network2/options";
export * from "./network2/trainer";
export * from "./network2/monitors";
export { wasmTrainer } from "./network2/fast/trainer";
export { hiddenLayerDiagnostics } from "./network2/fast/hidden-probe";
export { layerDiagnostics, layerSample, LAYER_SAMPLE_SIZE } from "./network2/fast/layer-probe";
// runs: independent runs on worker threads, histories on disk
export * from "./runs/runs";
export * from "./runs/parallel";
export * from "./runs/histories";
// chapter: the chapter's maths and measurements
export * from "./chapter/book";
export * from "./chapter/variance";
export * from "./chapter/exercise";
export * from "./chapter/gaussian";
export * from "./chapter/saturation";
export * from "./chapter/sampling";
export * from "./chapter/histogram";
export * from "./chapter/hidden-z";
export * from "./chapter/decay";
export * from "./chapter/decay-conditions";
export * from "./chapter/defaults";
export * from "./chapter/verdict";
export * from "./chapter/seed-spread";
export * from "./chapter/balance";
export * from "./chapter/reuse";
export * from "./chapter/deep-variance";
export * from "./chapter/symmetry";
export * from "./chapter/format";
export * from "./chapter/parameters";
export * from "./chapter/delta-factors";
export * from "./chapter/training-claims";
export * from "./chapter/decay-study";
export * from "./chapter/training-plan";
// figures: Plotly specs and tables
export * from "./figures/plotly";
export type { Table } from "./figures/table";
export * from "./figures/book-comparison";
export * from "./figures/training";
export * from "./figures/variance";
export * from "./figures/variance-tables";
export * from "./figures/decay";
export * from "./figures/decay-layers";
export * from "./figures/decay-report";
export * from "./figures/verdicts";
export * from "./figures/variance-explorer";
export * from "./figures/layers";
// platform: the only code that shows things in a notebook
export { showFigure, showHtml, showTable } from "./platform/display/display";
export type { LiveFigure } from "./platform/display/display";
export { outputPath } from "./platform/paths";
