/**
 * Markdown cells to HTML: markdown-it (CommonMark, tables, strikethrough) with the notebooks'
 * LaTeX typeset by KaTeX (`math.ts`), fenced code highlighted, raw HTML allowed as Jupyter allows
 * it and sanitized as JupyterLab sanitizes it (`sanitize.ts`: no scripts, no event handlers, no
 * `javascript:` URLs), and two things a page needs:
 * - every heading gets an id, unique in the page, and is recorded for the table of contents;
 * - a relative link to another notebook (`02-sampling-z.ipynb#part`) points at its page (`.html`).
 *
 * One {@link PageEnv} is passed to every cell of a page, so ids stay unique across cells and the
 * headings and math of the whole page are collected in one place.
 */
import { randomBytes } from "crypto";
import MarkdownIt from "markdown-it";
import { highlightCode } from "./highlight";
import { MathEnv, mathPlugin } from "./math";
import { sanitize } from "./sanitize";

/** A heading of the page, for the table of contents. */
export interface Heading {
  level: number;
  id: string;
  /** The heading's content as HTML (math typeset), without the `<hN>` element. */
  html: string;
  /** The heading's text, as plain text (math as its TeX source). */
  text: string;
}

/** The environment markdown-it carries through the rendering of one page's cells. */
export interface PageEnv extends MathEnv, MarkdownIt.Env {
  headings: Heading[];
  /** Ids handed out so far in the page (headings, and anything else that must not clash). */
  ids: Set<string>;
}

export function newPageEnv(): PageEnv {
  return { headings: [], ids: new Set(), mathCount: 0, mathProblems: [] };
}

/** A URL with a scheme (`https:`, `mailto:`) or starting with `/` or `#`: not a sibling notebook. */
const NOT_RELATIVE_FILE = /^(?:[a-z][a-z0-9+.-]*:|\/|#)/i;
const NOTEBOOK_LINK = /\.ipynb(?=$|[#?])/;

/**
 * An id made from a heading's text, as GitHub does: lower case, letters and digits kept, runs of
 * anything else become one `-`; `-2`, `-3`… when taken.
 */
export function uniqueId(text: string, ids: Set<string>, fallback = "section"): string {
  const base =
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "") || fallback;
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  ids.add(id);
  return id;
}

/** The plain text of an inline token's children: text and code as written, math as its TeX. */
function inlineText(token: MarkdownIt.Token): string {
  return (token.children ?? [])
    .map((t) => (t.type === "softbreak" || t.type === "hardbreak" ? " " : t.content))
    .join("");
}

/** Core rule: ids on headings, collected for the contents; sibling notebook links to their pages. */
function headingsAndLinks(md: MarkdownIt.MarkdownIt): void {
  md.core.ruler.push("nndl_headings_links", (state) => {
    const env = state.env as Partial<PageEnv>;
    state.tokens.forEach((token, i) => {
      if (token.type === "heading_open") {
        const inline = state.tokens[i + 1];
        const text = inlineText(inline).trim();
        const id = uniqueId(text, (env.ids ??= new Set()));
        token.attrSet("id", id);
        // html: filled in by renderMarkdown.
        (env.headings ??= []).push({ level: Number(token.tag.slice(1)), id, text, html: "" });
      }
      for (const child of token.children ?? []) {
        if (child.type !== "link_open") continue;
        const href = child.attrGet("href");
        if (typeof href === "string" && !NOT_RELATIVE_FILE.test(href) && NOTEBOOK_LINK.test(href)) {
          child.attrSet("href", href.replace(NOTEBOOK_LINK, ".html"));
        }
      }
    });
  });
}

/** A markdown renderer configured for notebook cells. */
export function createMarkdown(): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt({
    html: true, // notebooks may hold HTML, as Jupyter allows
    linkify: false,
    typographer: false,
    highlight: (code, language) => highlightCode(code, language || undefined),
  });
  md.use(mathPlugin);
  md.use(headingsAndLinks);
  return md;
}

/**
 * Renders markdown and sanitizes the result. KaTeX's output (spans with inline styles, MathML)
 * is trusted and would not survive the sanitizer's allowlist, so each formula is set aside
 * behind a placeholder (private-use characters and a random tag, which no source can predict),
 * and put back after.
 */
function renderSanitized(md: MarkdownIt.MarkdownIt, source: string, env: PageEnv): string {
  const formulas: string[] = [];
  const tag = randomBytes(8).toString("hex");
  const previous = env.shield;
  env.shield = (html) => `\uE000${tag}:${formulas.push(html) - 1}\uE001`;
  try {
    const clean = sanitize(md.render(source, env));
    return clean.replace(new RegExp(`\uE000${tag}:(\\d+)\uE001`, "g"), (_, i: string) => formulas[Number(i)]);
  } finally {
    env.shield = previous;
  }
}

/**
 * Renders one markdown cell; headings, ids and math are recorded in `env`. A heading's HTML for
 * the contents is taken from the cell's output (math is typeset once, and counted once).
 */
export function renderMarkdown(md: MarkdownIt.MarkdownIt, source: string, env: PageEnv): string {
  const before = env.headings.length;
  const html = renderSanitized(md, source, env);
  for (const heading of env.headings.slice(before)) {
    const element = new RegExp(`<h${heading.level} id="${heading.id}">([\\s\\S]*?)</h${heading.level}>`).exec(html);
    if (element === null)
      throw new Error(`renderMarkdown: heading "${heading.text}" (id ${heading.id}) is missing from its own output`);
    heading.html = element[1];
  }
  return html;
}
