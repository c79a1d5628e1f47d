/**
 * `$…$` and `$$…$$` LaTeX in markdown, typeset with KaTeX when the page is written, so a page
 * needs KaTeX's CSS and fonts but no script to show its math.
 *
 * Our own small markdown-it rule rather than a plugin: the maintained ones pin KaTeX 0.16
 * (`@vscode/markdown-it-katex`, `@traptitech/markdown-it-katex`, `@mdit/plugin-katex`, the last
 * also ESM-only) and would bring a second, older KaTeX next to the one whose CSS and fonts the
 * pages ship. The delimiters follow pandoc's `tex_math_dollars`, which is also what Jupyter users
 * write: an opening `$` is followed by a non-space, a closing `$` follows a non-space and is not
 * followed by a digit (so "costs $5 and $6" stays text), `\$` is a literal dollar, and `$$…$$` is
 * display math, on lines of its own or inside a paragraph.
 *
 * Every formula is wrapped in an element of class {@link MATH_CLASS}, so a test can check that
 * each one holds KaTeX's output. A formula KaTeX cannot typeset, for whatever reason (a parse
 * error, or 2,000 nested braces overflowing the stack), is shown as KaTeX shows a parse error (its
 * source in red, class `katex-error`, the message as its title) and recorded in the render
 * environment with the cell it is in; it never stops the page.
 */
import katex from "katex";
import type MarkdownIt from "markdown-it";
import { escapeHtml } from "../../figures/html";

/** Class of the element around each formula: `math inline` or `math display`. */
export const MATH_CLASS = "math";

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** A formula KaTeX could not typeset. */
export interface MathProblem {
  /** Where it is, as the caller set it in {@link MathEnv.where} (e.g. "cell 3"). */
  where: string;
  tex: string;
  message: string;
}

/** What the math rule reads and records in markdown-it's `env` while rendering. */
export interface MathEnv {
  where?: string;
  /**
   * Called with each formula's finished HTML; what it returns goes into the output (markdown.ts keeps
   * math out of the sanitizer this way).
   */
  shield?: (html: string) => string;
  /** Formulas typeset so far. */
  mathCount?: number;
  mathProblems?: MathProblem[];
}

/**
 * KaTeX options for every formula. `strict: "ignore"`: MathJax, which Jupyter uses, accepts
 * Unicode such as σ or · inside math, so we do too rather than print warnings.
 */
const KATEX_OPTIONS = { throwOnError: true, strict: "ignore", output: "htmlAndMathml" } as const;

/** The mark of a formula that could not be typeset: its source, red, with the reason as its title. */
function mathError(tex: string, message: string): string {
  return `<span class="katex-error" title="${escapeHtml(message)}" style="color:#cc0000">${escapeHtml(tex)}</span>`;
}

/** KaTeX's HTML for `tex`; if KaTeX fails in any way, the formula marked as an error, and the problem recorded. */
export function typeset(tex: string, displayMode: boolean, env: MathEnv): string {
  env.mathCount = (env.mathCount ?? 0) + 1;
  try {
    return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
  } catch (e) {
    const message =
      e instanceof Error ? `${e instanceof katex.ParseError ? "" : `${e.name}: `}${e.message}` : String(e);
    (env.mathProblems ??= []).push({ where: env.where ?? "markdown", tex, message });
    return mathError(tex, message);
  }
}

const isSpace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** Whether the character at `pos` is escaped by an odd number of backslashes before it. */
function escaped(src: string, pos: number): boolean {
  let n = 0;
  for (let i = pos - 1; i >= 0 && src.charCodeAt(i) === BACKSLASH; i--) n++;
  return n % 2 === 1;
}

/** The position of the next unescaped `delimiter` at or after `from`, or -1. */
function findClosing(src: string, from: number, end: number, delimiter: string): number {
  for (
    let pos = src.indexOf(delimiter, from);
    pos >= 0 && pos + delimiter.length <= end;
    pos = src.indexOf(delimiter, pos + 1)
  ) {
    if (!escaped(src, pos)) return pos;
  }
  return -1;
}

/** Inline rule: `$$…$$` (display) or `$…$` (inline) starting at the current position. */
function mathInline(state: MarkdownIt.StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== DOLLAR) return false;

  if (src.charCodeAt(pos + 1) === DOLLAR) {
    const close = findClosing(src, pos + 2, posMax, "$$");
    if (close < 0 || src.slice(pos + 2, close).trim() === "") return false;
    if (!silent) {
      const token = state.push("math_inline_display", "math", 0);
      token.markup = "$$";
      token.content = src.slice(pos + 2, close).trim();
    }
    state.pos = close + 2;
    return true;
  }

  if (pos + 1 >= posMax || isSpace(src.charCodeAt(pos + 1))) return false;
  for (
    let close = findClosing(src, pos + 1, posMax, "$");
    close >= 0;
    close = findClosing(src, close + 1, posMax, "$")
  ) {
    if (isSpace(src.charCodeAt(close - 1)) || isDigit(src.charCodeAt(close + 1))) continue;
    if (!silent) {
      const token = state.push("math_inline", "math", 0);
      token.markup = "$";
      token.content = src.slice(pos + 1, close);
    }
    state.pos = close + 1;
    return true;
  }
  return false;
}

/** Block rule: a `$$` line, the formula, a line ending in `$$` (or all of it on one line). */
function mathBlock(state: MarkdownIt.StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const lineEnd = state.eMarks[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false; // indented code
  if (!state.src.startsWith("$$", start)) return false;

  const firstLine = state.src.slice(start + 2, lineEnd);
  let content: string;
  let lastLine = startLine;
  const sameLineClose = firstLine.trimEnd();
  if (sameLineClose.length >= 2 && sameLineClose.endsWith("$$") && !escaped(sameLineClose, sameLineClose.length - 2)) {
    content = sameLineClose.slice(0, -2);
    if (content.includes("$$")) return false; // `$$a$$ and $$b$$`: inline, within a paragraph
  } else {
    const lines = [firstLine];
    let closed = false;
    while (++lastLine < endLine) {
      const from = state.bMarks[lastLine] + state.tShift[lastLine];
      const text = state.src.slice(from, state.eMarks[lastLine]).trimEnd();
      // Left the container (list item, quote).
      if (state.sCount[lastLine] < state.blkIndent && text !== "") return false;
      if (text.endsWith("$$") && !escaped(text, text.length - 2)) {
        lines.push(text.slice(0, -2));
        closed = true;
        break;
      }
      lines.push(text);
    }
    if (!closed) return false;
    content = lines.join("\n");
  }
  if (content.trim() === "") return false;
  if (silent) return true;

  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.markup = "$$";
  token.content = content.trim();
  token.map = [startLine, lastLine + 1];
  state.line = lastLine + 1;
  return true;
}

/** The markdown-it plugin: adds the two rules and renders their tokens with {@link typeset}. */
export function mathPlugin(md: MarkdownIt.MarkdownIt): void {
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  const render = (tag: "span" | "div", kind: "inline" | "display", tex: string, env: MathEnv): string => {
    const html = `<${tag} class="${MATH_CLASS} ${kind}">${typeset(tex, kind === "display", env)}</${tag}>`;
    return env.shield === undefined ? html : env.shield(html);
  };
  md.renderer.rules.math_inline = (tokens, idx, _options, env) =>
    render("span", "inline", tokens[idx].content, env as MathEnv);
  md.renderer.rules.math_inline_display = (tokens, idx, _options, env) =>
    render("span", "display", tokens[idx].content, env as MathEnv);
  md.renderer.rules.math_block = (tokens, idx, _options, env) =>
    `${render("div", "display", tokens[idx].content, env as MathEnv)}\n`;
}
