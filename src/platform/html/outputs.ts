/**
 * A code cell's outputs as HTML for a static page, in the order the kernel sent them, each in the
 * richest form the page can show:
 * - a Plotly figure (`application/vnd.plotly.v1+json`) is drawn afresh from its JSON with the same
 *   div-and-script `figureHtml` the notebook uses, under an id unique in the page; the page loads
 *   plotly.js itself, once, so the notebook's own copies (outputs marked with
 *   `nndl_plotly_loader` metadata, and their stubs) are left out;
 * - HTML (tables from `showTable`, `showHtml`) as it is: the outputs come from our own kernel run,
 *   as trusted as the notebook itself;
 * - images inline as data URLs, markdown and LaTeX typeset, JSON and text as preformatted text;
 * - streams and errors as text, terminal colour codes removed.
 */
import type MarkdownIt from "markdown-it";
import { escapeHtml, figureHtml, PLOTLY_LOADER_METADATA_KEY, PLOTLY_MIME, PlotlyJson } from "../display/bundle";
import { joinLines, MimeData, MultilineString, Output } from "../nbformat";
import { PageEnv, renderMarkdown, uniqueId } from "./markdown";
import { MATH_CLASS, typeset } from "./math";

/** Everything an output needs from the page it goes into. */
export interface OutputContext {
  md: MarkdownIt.MarkdownIt;
  env: PageEnv;
  /** Counts the figures drawn in the page. */
  figures: number;
}

/** The MIME types we render, richest first; the first one an output has is the one shown. */
const MIME_PREFERENCE = [
  PLOTLY_MIME,
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
] as const;

/** Removes terminal colour and cursor codes (tslab colours its error messages). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/** Whether an output is the notebook's plotly.js copy or the stub left where one was. */
export function isPlotlyLoader(output: Output): boolean {
  return (output.output_type === "display_data" || output.output_type === "execute_result") && PLOTLY_LOADER_METADATA_KEY in output.metadata;
}

function text(value: MultilineString | object): string {
  return typeof value === "string" || Array.isArray(value) ? joinLines(value as MultilineString) : JSON.stringify(value, null, 2);
}

function pre(className: string, content: string): string {
  return `<pre class="output ${className}">${escapeHtml(content)}</pre>`;
}

/** Renders one MIME bundle in its preferred type. */
function renderData(data: MimeData, ctx: OutputContext): string {
  const mime = MIME_PREFERENCE.find((m) => m in data);
  if (mime === undefined) {
    return `<p class="output note">(an output of type ${escapeHtml(Object.keys(data).join(", ") || "none")} that a page cannot show)</p>`;
  }
  const value = data[mime];
  switch (mime) {
    case PLOTLY_MIME: {
      ctx.figures += 1;
      const id = uniqueId(`figure-${ctx.figures}`, ctx.env.ids);
      return `<div class="output figure">${figureHtml(value as PlotlyJson, id)}</div>`;
    }
    case "text/html":
      return `<div class="output html">${text(value)}</div>`;
    case "image/svg+xml":
      return `<div class="output image"><img alt="" src="data:image/svg+xml;base64,${Buffer.from(text(value)).toString("base64")}"></div>`;
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return `<div class="output image"><img alt="" src="data:${mime};base64,${text(value).replace(/\s/g, "")}"></div>`;
    case "text/markdown":
      return `<div class="output markdown">${renderMarkdown(ctx.md, text(value), ctx.env)}</div>`;
    case "text/latex":
      return `<div class="output latex ${MATH_CLASS} display">${typeset(text(value).trim().replace(/^\$\$?|\$\$?$/g, ""), true, ctx.env)}</div>`;
    case "application/json":
      return pre("json", text(value));
    case "text/plain":
      return pre("text", stripAnsi(text(value)));
  }
}

/** One output as HTML ("" for the plotly.js copies, which the page replaces with its own). */
export function renderOutput(output: Output, ctx: OutputContext): string {
  switch (output.output_type) {
    case "stream":
      return pre(`stream ${output.name}`, stripAnsi(joinLines(output.text)));
    case "error": {
      const traceback = output.traceback.map(stripAnsi).join("\n");
      return pre("error", traceback.includes(output.evalue) ? traceback : `${output.ename}: ${output.evalue}\n${traceback}`.trimEnd());
    }
    case "display_data":
    case "execute_result":
      return isPlotlyLoader(output) ? "" : renderData(output.data, ctx);
  }
}
