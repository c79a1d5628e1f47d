/**
 * One executed notebook as one HTML page: its title (the notebook's first `#` heading), a table
 * of contents from its headings, then every cell in order: markdown rendered with its math,
 * code highlighted with its execution count, and the outputs the run left (`outputs.ts`).
 *
 * The page loads plotly.js once, from the shared assets, and only if it has figures; it fetches
 * nothing else but the assets beside it. A Content-Security-Policy in the page says so to the
 * browser too: only the page's own folder (file: or its own server), inline styles, and
 * data:/blob: URLs, so a page cannot reach the network even if an output tried to; and only the
 * scripts the page writer emits or trusts run: plotly.js by a nonce, each inline script (the
 * figures', and those of HTML outputs the runner has just produced) by its hash.
 *
 * A cell whose metadata hides its source or its outputs (`jupyter.source_hidden`,
 * `jupyter.outputs_hidden`, as JupyterLab writes them when a learner collapses a cell) stays
 * collapsed on the page too: a closed `<details>` that opens on a click, as JupyterLab's
 * placeholder does (a worked solution under an exercise, say).
 */
import { randomBytes } from "crypto";
import path from "path";
import { escapeHtml } from "../../figures/html";
import { PLOTLY_LOADER_METADATA_KEY, PLOTLY_MIME } from "../display/bundle";
import { Cell, joinLines, Notebook } from "../nbformat";
import { AssetUrls } from "./assets";
import { CODE_CELL_LANGUAGE, highlightCode } from "./highlight";
import { createMarkdown, Heading, newPageEnv, PageEnv, renderMarkdown, uniqueId } from "./markdown";
import { MathProblem } from "./math";
import { OutputContext, renderOutput } from "./outputs";

/** What the pages are part of: named in every page's header and the index. */
export const SITE_TITLE = "Weight initialization";
export const SITE_SUBTITLE =
  "An executable companion to section 3.3 of Michael Nielsen's Neural Networks and Deep Learning";
/** The index page's file name, beside the notebook pages. */
export const INDEX_FILE = "index.html";
/** Said under pages with figures: Plotly's figures answer to the mouse. */
const FIGURE_HINT = " Figures are live: hover for values, drag to zoom, double-click to reset.";
/** Headings deeper than this stay out of the table of contents. */
const TOC_MAX_LEVEL = 3;

/** The scripts a page may run: a nonce for its `<script src>`, and the hashes of its inline scripts. */
export interface ScriptAllowance {
  nonce?: string;
  hashes?: Iterable<string>;
}

/**
 * Where a page may load from, and which scripts it may run (see the module comment). Plotly sets
 * inline styles, so styles may be inline; `'unsafe-eval'` and `'unsafe-inline'` scripts stay out.
 */
export function contentSecurityPolicy(scripts: ScriptAllowance = {}): string {
  const sources = [...(scripts.nonce === undefined ? [] : [`'nonce-${scripts.nonce}'`]), ...(scripts.hashes ?? [])];
  return [
    "default-src 'self' file: data: blob:",
    `script-src ${sources.length === 0 ? "'none'" : sources.join(" ")}`,
    "style-src 'self' file: 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

export interface PageOptions {
  /** The page's name: `<name>.html` (the notebook's file name without `.ipynb`). */
  name: string;
  /** Where the notebook's source lives, for the footer (e.g. `notebooks/01-variance-of-z.ipynb`). */
  source: string;
  assets: AssetUrls;
  /**
   * Whether the notebook's HTML outputs are the runner's own, just produced (their scripts then
   * run); otherwise they are sanitized, as JupyterLab treats a notebook it did not run. Default false.
   */
  trusted?: boolean;
}

/** A rendered page and what it holds. */
export interface Page {
  html: string;
  name: string;
  title: string;
  /** The first paragraph of the notebook's text, as HTML (for the index). */
  blurb: string;
  headings: Heading[];
  codeCells: number;
  figures: number;
  /** Formulas typeset (markdown and LaTeX outputs). */
  math: number;
  mathProblems: MathProblem[];
  /** Things worth telling whoever made the page (a formula KaTeX could not read, a plotly.js version mismatch). */
  warnings: string[];
}

/** What a cell's metadata hides, as JupyterLab records it: `{ jupyter: { source_hidden, outputs_hidden } }`. */
export function hiddenParts(cell: Cell): { source: boolean; outputs: boolean } {
  const jupyter = cell.metadata.jupyter;
  const flags = typeof jupyter === "object" && jupyter !== null ? (jupyter as Record<string, unknown>) : {};
  return { source: flags.source_hidden === true, outputs: flags.outputs_hidden === true };
}

/** `body` in a closed `<details>` under `summary` when `hidden`; else `body` as it is. */
function collapsible(hidden: boolean, summary: string, body: string): string {
  return hidden ? `<details class="collapsed"><summary>${escapeHtml(summary)}</summary>\n${body}\n</details>` : body;
}

function codeCellHtml(cell: Cell & { cell_type: "code" }, ctx: OutputContext): string {
  const hidden = hiddenParts(cell);
  const prompt =
    cell.execution_count === null
      ? ""
      : `<span class="prompt" title="execution count">[${cell.execution_count}]</span>`;
  const code = highlightCode(joinLines(cell.source), CODE_CELL_LANGUAGE);
  const rendered = cell.outputs.map((o) => renderOutput(o, ctx)).join("\n");
  const source =
    `<div class="source">${prompt}<pre><code class="hljs language-${CODE_CELL_LANGUAGE}">${code}</code></pre></div>`;
  const outputs = `<div class="outputs">${rendered}</div>`;
  return (
    `${collapsible(hidden.source, "Code (hidden): click to show", source)}\n` +
    collapsible(hidden.outputs && rendered !== "", "Output (hidden): click to show", outputs)
  );
}

/** The summary of a hidden markdown cell: its first heading (JupyterLab shows only "…"), else a plain label. */
function hiddenTextSummary(markdown: string): string {
  const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(markdown)?.[1];
  return heading === undefined ? "Text (hidden): click to show" : `${heading.replace(/[*_`$\\]/g, "")}: click to show`;
}

function tocHtml(headings: Heading[]): string {
  const items = headings
    .filter((h) => h.level <= TOC_MAX_LEVEL)
    .map((h) => `<li class="level-${h.level}"><a href="#${h.id}">${h.html}</a></li>`)
    .join("\n");
  return items === "" ? "" : `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>\n${items}\n</ol></nav>`;
}

/** The `<head>` and site header shared by notebook pages and the index. */
export function pageStart(
  title: string,
  assets: AssetUrls,
  options: { plotly: boolean; where: string; toc: boolean; scriptHashes?: Iterable<string> },
): string {
  const nonce = options.plotly ? randomBytes(16).toString("base64") : undefined;
  const csp = contentSecurityPolicy({ nonce, hashes: options.scriptHashes });
  const home = `<a href="${INDEX_FILE}">${escapeHtml(SITE_TITLE)}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="nndl-weight-initialization (src/platform/html)">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${escapeHtml(assets.katexCss)}">
<link rel="stylesheet" href="${escapeHtml(assets.highlightCss)}">
<link rel="stylesheet" href="${escapeHtml(assets.pageCss)}">
${nonce === undefined ? "" : `<script defer nonce="${nonce}" src="${escapeHtml(assets.plotlyJs)}"></script>\n`}</head>
<body${options.toc ? ' class="with-toc"' : ""}>
<header class="site"><div class="bar">${home}<span class="where">${escapeHtml(options.where)}</span></div></header>
`;
}

/** The plotly.js versions the notebook's own copies were made with (from their output metadata). */
function loaderVersions(notebook: Notebook): string[] {
  const versions = new Set<string>();
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const o of cell.outputs) {
      if (o.output_type !== "display_data" && o.output_type !== "execute_result") continue;
      const mark = o.metadata[PLOTLY_LOADER_METADATA_KEY] as { version?: unknown } | undefined;
      if (typeof mark?.version === "string") versions.add(mark.version);
    }
  }
  return [...versions];
}

/** The number of outputs carrying a Plotly figure: what the page must draw. */
export function countFigures(notebook: Notebook): number {
  let n = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const o of cell.outputs)
      if ((o.output_type === "display_data" || o.output_type === "execute_result") && PLOTLY_MIME in o.data) n++;
  }
  return n;
}

/** Every cell as a `<section>`, in order; the first paragraph of the notebook's text as the blurb. */
function cellsHtml(notebook: Notebook, ctx: OutputContext): { sections: string[]; blurb: string } {
  const { md, env } = ctx;
  let blurb = "";
  const sections = notebook.cells.map((cell, i) => {
    env.where = `cell ${i + 1}`;
    const id = uniqueId(`cell-${cell.id}`, env.ids);
    let body: string;
    if (cell.cell_type === "markdown") {
      const source = joinLines(cell.source);
      body = renderMarkdown(md, source, env);
      const hidden = hiddenParts(cell).source;
      if (!hidden) blurb ||= /<p>([\s\S]*?)<\/p>/.exec(body)?.[1] ?? "";
      body = collapsible(hidden, hiddenTextSummary(source), body);
    } else if (cell.cell_type === "code") {
      body = codeCellHtml(cell, ctx);
    } else {
      body = `<pre class="raw">${escapeHtml(joinLines(cell.source))}</pre>`;
    }
    return `<section class="cell ${cell.cell_type}" id="${id}">\n${body}\n</section>`;
  });
  return { sections, blurb };
}

/** What the page tells whoever made it: formulas KaTeX could not typeset, a plotly.js version mismatch. */
function pageWarnings(notebook: Notebook, env: PageEnv, plotlyVersion: string): string[] {
  const warnings = env.mathProblems?.map((p) => `${p.where}: KaTeX cannot typeset $${p.tex}$: ${p.message}`) ?? [];
  for (const version of loaderVersions(notebook)) {
    if (version !== plotlyVersion) {
      warnings.push(
        `the notebook was executed with plotly.js ${version}; ` +
          `the page draws with ${plotlyVersion} (npm start re-executes it)`,
      );
    }
  }
  return warnings;
}

/** The page around its cells: head, contents, the cells, the footer. */
function pageHtml(
  title: string,
  toc: string,
  sections: string[],
  codeCells: number,
  ctx: OutputContext,
  options: PageOptions,
): string {
  const { figures } = ctx;
  return (
    pageStart(`${title} · ${SITE_TITLE}`, options.assets, {
      plotly: figures > 0,
      where: `${options.name}.ipynb`,
      toc: toc !== "",
      scriptHashes: ctx.scriptHashes,
    }) +
    `<div class="layout">
${toc}
<main>
${sections.join("\n")}
<footer class="page">Executed from <code>${escapeHtml(options.source)}</code> by <code>npm start</code>:
${codeCells} code cells, ${figures} figure${figures === 1 ? "" : "s"}.${figures > 0 ? FIGURE_HINT : ""}
<a href="${INDEX_FILE}">All notebooks</a></footer>
</main>
</div>
</body>
</html>
`
  );
}

/** Renders an executed notebook as a page (see the module comment). */
export function renderPage(notebook: Notebook, options: PageOptions): Page {
  const env = newPageEnv();
  const ctx: OutputContext = {
    md: createMarkdown(),
    env,
    figures: 0,
    trusted: options.trusted === true,
    scriptHashes: new Set(),
  };
  const { sections, blurb } = cellsHtml(notebook, ctx);
  const expected = countFigures(notebook);
  if (ctx.figures !== expected) {
    throw new Error(`renderPage(${options.name}): drew ${ctx.figures} figures, the notebook has ${expected}`);
  }

  const titleHeading = env.headings.find((h) => h.level === 1);
  const title = titleHeading?.text ?? options.name;
  const headings = env.headings.filter((h) => h !== titleHeading);
  const codeCells = notebook.cells.filter((c) => c.cell_type === "code").length;
  return {
    html: pageHtml(title, tocHtml(headings), sections, codeCells, ctx, options),
    name: options.name,
    title,
    blurb,
    headings,
    codeCells,
    figures: ctx.figures,
    math: env.mathCount ?? 0,
    mathProblems: env.mathProblems ?? [],
    warnings: pageWarnings(notebook, env, options.assets.plotlyVersion),
  };
}

/** The page name of an executed notebook file: `build/01-x.ipynb` → `01-x`. */
export function pageName(notebookFile: string): string {
  return path.basename(notebookFile, ".ipynb");
}
