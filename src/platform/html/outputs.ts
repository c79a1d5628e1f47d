/**
 * A code cell's outputs as HTML for a static page, in the order the kernel sent them, each in the
 * richest form the page can show:
 * - a Plotly figure (`application/vnd.plotly.v1+json`) is drawn afresh from its JSON with the same
 *   div-and-script `figureHtml` the notebook uses, under an id unique in the page; the page loads
 *   plotly.js itself, once, so the notebook's own copies (outputs marked with
 *   `nndl_plotly_loader` metadata, and their stubs) are left out;
 * - HTML (tables from `showTable`, `showHtml`) as it is when the outputs are trusted (the runner
 *   has just produced them in its own kernel run), its scripts allowed by their hashes; otherwise
 *   sanitized, as JupyterLab shows the HTML of a notebook it did not run itself;
 * - images inline as data URLs (base64 checked, the attribute escaped), markdown and LaTeX
 *   typeset, JSON and text as preformatted text;
 * - streams and errors as text, terminal control codes removed.
 */
import { createHash } from "crypto";
import type MarkdownIt from "markdown-it";
import { stripVTControlCharacters } from "util";
import { escapeHtml } from "../../figures/html";
import { figureHtml, PLOTLY_LOADER_METADATA_KEY, PLOTLY_MIME, PlotlyJson } from "../display/bundle";
import { joinLines, MimeData, MultilineString, Output } from "../nbformat";
import { PageEnv, renderMarkdown, uniqueId } from "./markdown";
import { MATH_CLASS, typeset } from "./math";
import { sanitize } from "./sanitize";

/** Everything an output needs from the page it goes into. */
export interface OutputContext {
  md: MarkdownIt.MarkdownIt;
  env: PageEnv;
  /** Counts the figures drawn in the page. */
  figures: number;
  /** Whether HTML outputs are the runner's own (kept, scripts and all) or to be sanitized. */
  trusted: boolean;
  /** CSP hash sources (`'sha256-…'`) of the inline scripts the page may run, collected as they are emitted. */
  scriptHashes: Set<string>;
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

/** An inline script's body, as the HTML parser ends it: at the first `</script`. */
const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script/gi;
/** Base64 as nbformat stores images (line breaks allowed, removed before use). */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Records the hash of every inline script in `html` (HTML the page itself emits or trusts), so
 * the page's Content-Security-Policy lets exactly those run. A script the pattern misreads gets
 * a hash that matches nothing, and is blocked: the failure is a figure not drawn, never a script run.
 */
export function allowScripts(html: string, ctx: OutputContext): string {
  for (const [, attributes, body] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    // The parser turns CR LF and CR into LF before the browser hashes the text.
    const parsed = body.replace(/\r\n?/g, "\n");
    ctx.scriptHashes.add(`'sha256-${createHash("sha256").update(parsed, "utf8").digest("base64")}'`);
  }
  return html;
}

/** An `<img>` for base64 image data; a note instead if the data is not base64. */
function image(mime: string, base64: string): string {
  const data = base64.replace(/\s/g, "");
  if (!BASE64.test(data)) return `<p class="output note">(an ${escapeHtml(mime)} output whose data is not base64)</p>`;
  return `<div class="output image"><img alt="" src="${escapeHtml(`data:${mime};base64,${data}`)}"></div>`;
}

/** Whether an output is the notebook's plotly.js copy or the stub left where one was. */
export function isPlotlyLoader(output: Output): boolean {
  return (
    (output.output_type === "display_data" || output.output_type === "execute_result") &&
    PLOTLY_LOADER_METADATA_KEY in output.metadata
  );
}

function text(value: MultilineString | object): string {
  return typeof value === "string" || Array.isArray(value)
    ? joinLines(value as MultilineString)
    : JSON.stringify(value, null, 2);
}

function pre(className: string, content: string): string {
  return `<pre class="output ${className}">${escapeHtml(content)}</pre>`;
}

/** Renders one MIME bundle in its preferred type. */
function renderData(data: MimeData, ctx: OutputContext): string {
  const mime = MIME_PREFERENCE.find((m) => m in data);
  if (mime === undefined) {
    const types = escapeHtml(Object.keys(data).join(", ") || "none");
    return `<p class="output note">(an output of type ${types} that a page cannot show)</p>`;
  }
  const value = data[mime];
  switch (mime) {
    case PLOTLY_MIME: {
      ctx.figures += 1;
      const id = uniqueId(`figure-${ctx.figures}`, ctx.env.ids);
      return `<div class="output figure">${allowScripts(figureHtml(value as PlotlyJson, id), ctx)}</div>`;
    }
    case "text/html":
      return `<div class="output html">${ctx.trusted ? allowScripts(text(value), ctx) : sanitize(text(value))}</div>`;
    case "image/svg+xml":
      return image(mime, Buffer.from(text(value)).toString("base64"));
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return image(mime, text(value));
    case "text/markdown":
      return `<div class="output markdown">${renderMarkdown(ctx.md, text(value), ctx.env)}</div>`;
    case "text/latex":
      return `<div class="output latex ${MATH_CLASS} display">${typeset(
        text(value)
          .trim()
          .replace(/^\$\$?|\$\$?$/g, ""),
        true,
        ctx.env,
      )}</div>`;
    case "application/json":
      return pre("json", text(value));
    case "text/plain":
      return pre("text", stripVTControlCharacters(text(value)));
  }
}

/** One output as HTML ("" for the plotly.js copies, which the page replaces with its own). */
export function renderOutput(output: Output, ctx: OutputContext): string {
  switch (output.output_type) {
    case "stream":
      return pre(`stream ${output.name}`, stripVTControlCharacters(joinLines(output.text)));
    case "error": {
      const traceback = output.traceback.map(stripVTControlCharacters).join("\n");
      return pre(
        "error",
        traceback.includes(output.evalue) ? traceback : `${output.ename}: ${output.evalue}\n${traceback}`.trimEnd(),
      );
    }
    case "display_data":
    case "execute_result":
      return isPlotlyLoader(output) ? "" : renderData(output.data, ctx);
  }
}
