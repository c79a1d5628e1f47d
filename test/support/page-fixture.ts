/**
 * An executed notebook, built by hand, holding every kind of content a page must show: markdown
 * with inline, display and table math, a heading with math, a link to a sibling notebook, code
 * cells with stdout, coloured stderr, an error, an HTML table, a PNG, a Plotly figure, and the
 * notebook's plotly.js copy and its stub (which the page must leave out: the fake copy here sets
 * `window.fixturePlotlyCopyRan` if it ever runs).
 */
import {
  figureBundle,
  plotlyLoaderBundle,
  plotlyLoaderMetadata,
  plotlyLoaderStubBundle,
  tableBundle,
} from "../../src/platform/display/bundle";
import { CodeCell, Notebook, Output, TSLAB_KERNELSPEC } from "../../src/platform/nbformat";

/** Formulas in the fixture's markdown: what the page must typeset. */
export const FIXTURE_MATH = 10;
export const FIXTURE_FIGURES = 1;
/** A 1×1 transparent PNG. */
const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

const display = (data: Record<string, string | object>, metadata: Record<string, unknown> = {}): Output => ({
  output_type: "display_data",
  data,
  metadata,
});

function code(id: string, source: string, outputs: Output[], count: number): CodeCell {
  return { cell_type: "code", id, metadata: {}, source, outputs, execution_count: count };
}

export function pageFixture(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: TSLAB_KERNELSPEC, language_info: { name: "typescript" } },
    cells: [
      {
        cell_type: "markdown",
        id: "title",
        metadata: {},
        source:
          "# Fixture · every kind of content\n\n" +
          "A weighted input $z = \\sum_j w_j x_j + b$ with $n_{in}$ inputs; " +
          "prices like $5 and $6 stay text, so does \\$7.\n\n" +
          "$$\\mathrm{Var}(z) = k\\,\\sigma_w^2 + \\sigma_b^2 .$$\n",
      },
      {
        cell_type: "markdown",
        id: "table",
        metadata: {},
        source:
          "## Schemes and $\\sigma_z$\n\n" +
          "| scheme | $w_j$ | $b$ |\n|---|---|---|\n| old | $N(0, 1)$ | $N(0, 1)$ |\n\n" +
          "See [notebook 02](02-sampling-z.ipynb#drawing-z) and `const cost = $price;`.\n",
      },
      code("stdout", "console.log(`n = ${n}`);", [{ output_type: "stream", name: "stdout", text: "n = 1000\n" }], 1),
      code(
        "stderr",
        'console.error("careful");',
        [{ output_type: "stream", name: "stderr", text: "\u001b[31mcareful\u001b[0m\n" }],
        2,
      ),
      code(
        "error",
        'throw new RangeError("fixture error");',
        [
          {
            output_type: "error",
            ename: "RangeError",
            evalue: "fixture error",
            traceback: ["\u001b[31mRangeError: fixture error\u001b[0m", "    at cell 5"],
          },
        ],
        3,
      ),
      code(
        "html-table",
        "showTable(…);",
        [
          display(
            tableBundle({
              caption: "Two schemes",
              columns: ["scheme", "σ_z"],
              rows: [
                ["old", 22.4],
                ["new", 1.22],
              ],
            }),
          ),
        ],
        4,
      ),
      code(
        "figure",
        "showFigure(…);",
        [
          display(plotlyLoaderStubBundle(), plotlyLoaderMetadata(null)),
          display(
            plotlyLoaderBundle("window.fixturePlotlyCopyRan = true;", "0.0.0-fixture"),
            plotlyLoaderMetadata("0.0.0-fixture"),
          ),
          display(
            figureBundle(
              { data: [{ type: "scatter", y: [1, 3, 2] }], layout: { title: { text: "Fixture figure" } } },
              "nndl-figure-fixture-1",
            ),
          ),
        ],
        5,
      ),
      code("image", "showImage(…);", [display({ "image/png": PNG_1X1, "text/plain": "an image" })], 6),
      {
        cell_type: "markdown",
        id: "more-math",
        metadata: {},
        source: "## Closing\n\nTwo more: $\\sqrt{501} \\approx 22.4$ and $$\\sqrt{3/2}$$ inline.\n",
      },
    ],
  };
}
