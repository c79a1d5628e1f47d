/**
 * Pure builders for the output bundles the notebooks display: one Plotly figure, the offline
 * plotly.js copy, an HTML fragment, a table. No tslab, no I/O: `display.ts` sends what these
 * return, and the unit tests check them without a kernel.
 *
 * A figure is one Jupyter output carrying three representations, so every front-end finds one
 * it can show:
 * - `application/vnd.plotly.v1+json`: the figure itself (VS Code, JupyterLab with the Plotly extension);
 * - `text/html`: a div plus a script that draws it with `window.Plotly` once that is loaded
 *   (Jupyter Notebook and Lab without the extension, and static HTML pages made later);
 * - `text/plain`: a one-line summary (terminals, text exports).
 */
import { escapeHtml } from "../../figures/html";
import type { Config, DataArray, Figure, Title, Trace } from "../../figures/plotly";
import type { Table } from "../../figures/table";
import { describeValue } from "../../data/describe";

/** The MIME type under which Jupyter front-ends look for a Plotly figure. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A Jupyter MIME bundle: MIME type → text (or JSON for the JSON types). */
export type MimeBundle = Record<string, string | object>;

/** A figure as sent under {@link PLOTLY_MIME}: plain JSON, typed arrays converted. */
export interface PlotlyJson {
  data: object[];
  layout: object;
  config: Config;
}

/** Plotly's default figure height in pixels, reserved before the figure draws. */
const DEFAULT_FIGURE_HEIGHT_PX = 450;
/** How often a figure's script looks for `window.Plotly` and its div. */
const POLL_INTERVAL_MS = 100;
/** After this long without plotly.js, the figure's div says what it is waiting for. */
const WAITING_NOTE_AFTER_MS = 3000;
/** A figure whose div never appears (its output was removed) stops looking after this long. */
const GIVE_UP_WITHOUT_DIV_MS = 60000;
/** The one-line summary is cut to this many characters. */
const SUMMARY_MAX_CHARS = 200;

/** The configuration every figure gets unless it says otherwise: fills the cell's width, no logo. */
export const DEFAULT_CONFIG: Config = { responsive: true, displaylogo: false };

/**
 * Makes JavaScript safe to place inside a `<script>` element: `</script` would end the element
 * early and `<!--` can change how the HTML parser reads the rest. Both only ever occur inside
 * string or regular-expression literals, where `\x3C` means the same `<`.
 */
export function escapeScript(js: string): string {
  return js.replace(/<(?=\/script|!--)/gi, "\\x3C");
}

/** JSON that can be pasted into a `<script>` as a JavaScript expression. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A deep copy of `value` as plain JSON data: typed arrays become arrays (JSON would make them objects). */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

/** The figure as JSON data, with {@link DEFAULT_CONFIG} under its own config. */
export function toPlotlyJson(figure: Figure): PlotlyJson {
  if (!Array.isArray(figure.data)) {
    throw new TypeError(`showFigure: figure.data must be an array of traces, got ${typeof figure.data}`);
  }
  if (figure.layout === null || typeof figure.layout !== "object") {
    throw new TypeError(`showFigure: figure.layout must be an object, got ${describeValue(figure.layout)}`);
  }
  return {
    data: plain(figure.data) as object[],
    layout: plain(figure.layout) as object,
    config: { ...DEFAULT_CONFIG, ...(plain(figure.config ?? {}) as Config) },
  };
}

function titleText(title: Title | undefined): string | undefined {
  if (title === undefined) return undefined;
  return title.text;
}

function pointCount(trace: Trace): number | undefined {
  const column: DataArray | undefined = trace.y ?? trace.x;
  return column?.length;
}

/** A one-line text description of a figure: its title and each trace's type, name and size. */
export function figureSummary(figure: Figure): string {
  const title = titleText(figure.layout.title);
  const traces = figure.data.map((trace) => {
    const name = trace.name === undefined ? "" : ` "${trace.name}"`;
    const n = pointCount(trace);
    return `${trace.type ?? "scatter"}${name}${n === undefined ? "" : ` (${n} points)`}`;
  });
  const line =
    `Plotly figure${title === undefined ? "" : ` "${title}"`}: ` +
    `${traces.length} trace${traces.length === 1 ? "" : "s"}` +
    (traces.length > 0 ? `: ${traces.join(", ")}` : "");
  return line.length > SUMMARY_MAX_CHARS ? `${line.slice(0, SUMMARY_MAX_CHARS - 1)}…` : line;
}

/**
 * The HTML that draws a figure: an empty div and a script that calls `Plotly.newPlot` once both
 * the div is in the page and `window.Plotly` is defined. It polls for both because front-ends
 * run output scripts before attaching the output (classic Notebook), and because plotly.js may
 * arrive in an earlier output, a later one, or a static page's own `<script>`.
 *
 * @param divId an id unique in the page (two notebooks may be open in one JupyterLab).
 */
export function figureHtml(json: PlotlyJson, divId: string): string {
  if (!/^[A-Za-z][\w-]*$/.test(divId)) throw new Error(`figureHtml: invalid div id "${divId}"`);
  const layout = json.layout as { height?: unknown };
  const height = typeof layout.height === "number" ? layout.height : DEFAULT_FIGURE_HEIGHT_PX;
  return `<div id="${divId}" class="nndl-figure" style="width:100%;min-height:${height}px"></div>
<script type="text/javascript">
(function () {
  var id = ${jsonForScript(divId)};
  var figure = ${jsonForScript(json)};
  var started = Date.now();
  var noted = false;
  function draw() {
    var el = document.getElementById(id);
    var waited = Date.now() - started;
    if (el && window.Plotly) {
      if (noted) el.textContent = "";
      window.Plotly.newPlot(el, figure.data, figure.layout, figure.config);
      return;
    }
    if (el && !noted && waited > ${WAITING_NOTE_AFTER_MS}) {
      noted = true;
      el.textContent = "Waiting for plotly.js, which travels with this notebook's latest figure output. " +
        "If nothing draws, re-run this cell: Jupyter runs the scripts of trusted outputs only.";
    }
    if (!el && waited > ${GIVE_UP_WITHOUT_DIV_MS}) return;
    setTimeout(draw, ${POLL_INTERVAL_MS});
  }
  draw();
})();
</script>`;
}

/**
 * What a live figure's output briefly holds between two drawings: an empty box of the figure's
 * height. JupyterLab's Plotly renderer draws once and ignores later updates of its output, but
 * it is replaced by a new one when the output's best MIME type changes, so `LiveFigure.update`
 * sends this, then the new figure: every update is drawn afresh, and the box keeps the page
 * from jumping meanwhile.
 */
export function figurePlaceholderBundle(json: PlotlyJson): MimeBundle {
  const layout = json.layout as { height?: unknown };
  const height = typeof layout.height === "number" ? layout.height : DEFAULT_FIGURE_HEIGHT_PX;
  return {
    "text/html": `<div style="width:100%;min-height:${height}px"></div>`,
    "text/plain": "(redrawing the figure)",
  };
}

/** The full output bundle of one figure (see the module comment). */
export function figureBundle(figure: Figure, divId: string): MimeBundle {
  const json = toPlotlyJson(figure);
  return {
    [PLOTLY_MIME]: json,
    "text/html": figureHtml(json, divId),
    "text/plain": figureSummary(figure),
  };
}

/**
 * The output that loads plotly.js into the page: its whole minified source in a script, run only
 * if no plotly.js is loaded yet (a page may hold several copies; see `display.ts`). No network:
 * the source comes from the `plotly.js-dist-min` package.
 */
export function plotlyLoaderBundle(source: string, version: string): MimeBundle {
  return {
    "text/html": `<script type="text/javascript">
/* plotly.js ${escapeScript(version)}, offline copy for this notebook's figures */
if (typeof window.Plotly === "undefined") {
(function () {
${escapeScript(source)}
}).call(window);
}
</script>`,
    "text/plain": `plotly.js ${version} (offline copy that draws this notebook's figures)`,
  };
}

/**
 * Output metadata key marking the plotly.js copy (`{ version }`) and its stub (`{ version: null }`),
 * so that later tools (the HTML export) can find or drop them without parsing HTML.
 */
export const PLOTLY_LOADER_METADATA_KEY = "nndl_plotly_loader";

/** The metadata of a plotly.js copy (`version`) or of its stub (`null`). */
export function plotlyLoaderMetadata(version: string | null): Record<string, unknown> {
  return { [PLOTLY_LOADER_METADATA_KEY]: { version } };
}

/** What an earlier plotly.js output is replaced with once a later output carries the copy. */
export function plotlyLoaderStubBundle(): MimeBundle {
  return { "text/html": "<!-- plotly.js: moved to a later output of this notebook -->", "text/plain": "" };
}

/** An HTML fragment with its plain-text alternative. */
export function htmlBundle(html: string, plainText: string): MimeBundle {
  return { "text/html": html, "text/plain": plainText };
}

function checkTable(table: Table): void {
  if (!Array.isArray(table.columns) || table.columns.length === 0) {
    throw new TypeError("showTable: table.columns must be a non-empty array of column names");
  }
  table.rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== table.columns.length) {
      throw new RangeError(
        `showTable: row ${i} has ${Array.isArray(row) ? row.length : "no"} cells, ` +
          `expected ${table.columns.length} (one per column)`,
      );
    }
  });
}

/** A table as HTML (numbers right-aligned) and as aligned plain text. */
export function tableBundle(table: Table): MimeBundle {
  checkTable(table);
  const cell = (v: string | number, tag: "td" | "th"): string =>
    typeof v === "number"
      ? `<${tag} style="text-align:right">${escapeHtml(String(v))}</${tag}>`
      : `<${tag}>${escapeHtml(v)}</${tag}>`;
  const html =
    `<table class="nndl-table">` +
    (table.caption === undefined ? "" : `<caption>${escapeHtml(table.caption)}</caption>`) +
    `<thead><tr>${table.columns.map((c) => cell(c, "th")).join("")}</tr></thead>` +
    `<tbody>${table.rows.map((r) => `<tr>${r.map((v) => cell(v, "td")).join("")}</tr>`).join("")}</tbody>` +
    `</table>`;

  const text = [table.columns, ...table.rows.map((r) => r.map(String))];
  const widths = table.columns.map((_, j) => Math.max(...text.map((r) => String(r[j]).length)));
  const numeric = table.columns.map(
    (_, j) => table.rows.length > 0 && table.rows.every((r) => typeof r[j] === "number"),
  );
  const line = (r: (string | number)[]): string =>
    r
      .map((v, j) => (numeric[j] ? String(v).padStart(widths[j]) : String(v).padEnd(widths[j])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const plainText = [
    ...(table.caption === undefined ? [] : [table.caption]),
    line(table.columns),
    rule,
    ...table.rows.map(line),
  ].join("\n");
  return { "text/html": html, "text/plain": plainText };
}
