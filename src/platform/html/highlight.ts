/**
 * Syntax highlighting for code cells (TypeScript) and fenced code in markdown, done when the page
 * is written: the page carries highlight.js's class names and one small theme, no script.
 *
 * highlight.js's core with the few languages a notebook of this project shows, not the whole
 * library: loading all of its languages takes about 0.3 s, these about 20 ms.
 *
 * It is loaded with a plain `require` and typed by the small interface below because its own type
 * declarations pull TypeScript's DOM library into the whole program (`/// <reference lib="dom">`),
 * which changes Node types elsewhere (the training engine's WebAssembly) and does not belong in a
 * Node project.
 */
import { escapeHtml } from "../../figures/html";

/** The part of highlight.js's API we use (highlight.js 11). */
interface HighlightJs {
  registerLanguage(name: string, language: unknown): void;
  registerAliases(aliases: string[], options: { languageName: string }): void;
  getLanguage(name: string): object | undefined;
  highlight(code: string, options: { language: string; ignoreIllegals: boolean }): { value: string };
}

/* eslint-disable @typescript-eslint/no-require-imports */
const hljs = require("highlight.js/lib/core") as HighlightJs;
const LANGUAGES: Record<string, unknown> = {
  typescript: require("highlight.js/lib/languages/typescript"),
  javascript: require("highlight.js/lib/languages/javascript"),
  json: require("highlight.js/lib/languages/json"),
  bash: require("highlight.js/lib/languages/bash"),
  python: require("highlight.js/lib/languages/python"),
  plaintext: require("highlight.js/lib/languages/plaintext"),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The language of code cells (the notebooks run on tslab). */
export const CODE_CELL_LANGUAGE = "typescript";

/** The highlight.js theme the pages use, a file in the `highlight.js` package's `styles/`. */
export const HIGHLIGHT_THEME_FILE = "github.min.css";

for (const [name, definition] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, definition);
hljs.registerAliases(["ts", "tsx"], { languageName: "typescript" });
hljs.registerAliases(["js", "jsx"], { languageName: "javascript" });
hljs.registerAliases(["sh", "shell", "console"], { languageName: "bash" });
hljs.registerAliases(["text", "txt"], { languageName: "plaintext" });

/**
 * `code` as HTML with highlight.js's `hljs-*` spans, for use inside `<code class="hljs">`. Code in
 * a language we do not highlight (or none) comes back escaped, unhighlighted.
 */
export function highlightCode(code: string, language: string | undefined): string {
  const name = language?.trim().toLowerCase();
  if (name === undefined || name === "" || hljs.getLanguage(name) === undefined) return escapeHtml(code);
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
