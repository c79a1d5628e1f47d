/**
 * The layers of src/, checked by `npm test` (dependency-cruiser). Imports point down only:
 *
 *   platform/  bench/           the notebook platform (display, runner, pages, Jupyter) and the benchmark
 *   figures/                    Plotly specs and tables, pure functions of data
 *   chapter/                    the chapter's maths and measurements
 *   runs/                       independent runs on worker threads, their histories on disk
 *   network2/                   the book's network2.py, readable
 *   network2/fast/              its fast engine (WebAssembly kernel + host)
 *   data/                       MNIST, data types, seeded randomness, atomic files
 *
 * index.ts (the notebooks' surface) may import any layer. Type-only imports count too.
 */
const layer = (name) => `^src/${name}/`;

/** `from` may not import anything in `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: "error", from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "A cycle (type imports included) means two modules are one concept or a layer is upside down.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    forbid("data-is-the-floor", "data/ stands on Node alone.", layer("data"), "^src/(network2|runs|chapter|figures|platform|bench)/"),
    forbid("network2-below-its-users", "network2/ knows nothing of runs, the chapter, figures or the platform.", layer("network2"), "^src/(runs|chapter|figures|platform|bench)/"),
    forbid(
      "fast-serves-network2",
      "The engine implements the Trainer seam (network2/trainer.ts) under Network: it may use network2's costs, monitors and " +
        "the seam's types, never the Network class or its files; network.ts names the engine where it chooses it.",
      layer("network2/fast"),
      "^src/network2/(network|persist|options)\\.ts$",
    ),
    forbid("runs-below-the-chapter", "runs/ trains networks; it knows nothing of the chapter's analysis, figures or the platform.", layer("runs"), "^src/(chapter|figures|platform|bench)/"),
    forbid("chapter-is-maths", "The chapter's maths never imports figures or the platform.", layer("chapter"), "^src/(figures|platform|bench)/"),
    forbid("figures-are-pure", "Figure specs are data; they never touch the platform.", layer("figures"), "^src/(platform|bench)/"),
    forbid("library-not-from-index", "Only notebooks and tests import the public surface.", "^src/.+/", "^src/index\\.ts$"),
    {
      name: "only-display-touches-tslab",
      comment: "platform/display is the one place that talks to the tslab kernel.",
      severity: "error",
      from: { pathNot: "^src/platform/display/" },
      to: { path: "node_modules/tslab/" },
    },
    {
      name: "no-orphans",
      comment: "A module nothing imports is dead code (entry points excepted).",
      severity: "error",
      from: {
        orphan: true,
        pathNot: [
          "^src/index\\.ts$",
          "(^|/)cli\\.ts$",
          "^src/runs/worker\\.ts$",
          "^src/bench/",
          "^src/platform/jupyter/(lab|install-kernel|kernelspec)\\.ts$",
          "\\.d\\.ts$",
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/network2/fast/wasm/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
