/**
 * The pages' stylesheet (written to `assets/nndl.css`): prose in a readable measure of about 80
 * characters, code and figures a little wider,
 * the contents in a sticky side bar where the window is wide enough (above it on narrow ones),
 * code cells in a tinted box with their execution count, outputs set off by a rule on the left,
 * stderr and errors tinted red, cells the notebook hides as closed boxes that open on a click,
 * tables with rules and right-aligned numbers. Only system fonts, so nothing is fetched; KaTeX
 * brings its own fonts for the math.
 */
export const PAGE_CSS = `/* Pages of the executed notebooks (src/platform/html/style.ts). */
:root {
  --text: #1d1d1f;
  --muted: #6b6b70;
  --rule: #d9d9de;
  --accent: #1f5fa8;
  --code-bg: #f6f7f9;
  --output-rule: #c8d3e0;
  --stderr-bg: #fff4f2;
  --error: #b3261e;
  --column: 52rem;
  --measure: 44rem;
  --sidebar: 16rem;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "DejaVu Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Code", "Source Code Pro", Menlo, Consolas, "DejaVu Sans Mono",
    monospace;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { scroll-padding-top: 1rem; }
body { margin: 0; color: var(--text); background: #fff; font: 1.0625rem/1.6 var(--serif); }
a { color: var(--accent); }
header.site { font: 0.9rem/1.4 var(--sans); border-bottom: 1px solid var(--rule); }
header.site .bar, .layout {
  max-width: calc(var(--column) + 2.5rem); margin: 0 auto; padding-left: 1.25rem; padding-right: 1.25rem;
}
header.site .bar {
  padding-top: 0.6rem; padding-bottom: 0.6rem; display: flex; gap: 1rem; flex-wrap: wrap; align-items: baseline;
}
header.site a { text-decoration: none; font-weight: 600; }
header.site .where { color: var(--muted); }
.layout { display: grid; grid-template-columns: minmax(0, 1fr); padding-bottom: 4rem; }
@media (min-width: 72rem) {
  body.with-toc header.site .bar, body.with-toc .layout { max-width: calc(var(--sidebar) + var(--column) + 5rem); }
  body.with-toc .layout { grid-template-columns: var(--sidebar) minmax(0, var(--column)); column-gap: 2.5rem; }
  nav.toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding-top: 2rem; }
}
nav.toc { font: 0.9rem/1.45 var(--sans); padding: 1rem 0; }
nav.toc h2 {
  font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 0.5rem;
}
nav.toc ol { list-style: none; margin: 0; padding: 0; }
nav.toc li { margin: 0.2rem 0; }
nav.toc li.level-3 { padding-left: 1rem; font-size: 0.85rem; }
nav.toc li.level-4, nav.toc li.level-5, nav.toc li.level-6 { padding-left: 2rem; font-size: 0.85rem; }
nav.toc a { color: var(--text); text-decoration: none; }
nav.toc a:hover { color: var(--accent); text-decoration: underline; }
main { min-width: 0; padding-top: 1rem; }
h1, h2, h3, h4 { font-family: var(--sans); line-height: 1.25; margin: 1.8em 0 0.6em; }
h1 { font-size: 2rem; margin-top: 0.8em; }
h2 { font-size: 1.45rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.25rem; }
h3 { font-size: 1.15rem; }
p, ul, ol { margin: 0.75em 0; }
.cell.markdown > :is(p, ul, ol, blockquote), footer.page, main > p { max-width: var(--measure); }
code { font-family: var(--mono); font-size: 0.88em; }
:not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 3px; }
pre { font: 0.85rem/1.5 var(--mono); overflow-x: auto; margin: 0; }
.cell { margin: 1rem 0; }
.cell.code .source {
  position: relative; background: var(--code-bg); border: 1px solid var(--rule); border-radius: 6px;
}
.cell.code .source pre { padding: 0.7rem 0.9rem; }
.cell.code .source code.hljs { background: transparent; padding: 0; }
.cell.code .prompt {
  position: absolute; top: 0.15rem; right: 0.45rem; font: 0.75rem var(--mono); color: var(--muted); user-select: none;
}
details.collapsed { margin: 0.4rem 0; }
details.collapsed > summary {
  cursor: pointer; font: 0.85rem/1.6 var(--sans); color: var(--muted);
  padding: 0.25rem 0.6rem; border: 1px dashed var(--rule); border-radius: 6px;
}
details.collapsed > summary:hover { color: var(--accent); }
details.collapsed[open] > summary { margin-bottom: 0.5rem; }
.outputs { margin: 0.5rem 0 0; padding-left: 0.9rem; border-left: 3px solid var(--output-rule); }
.outputs:empty { display: none; }
.output { margin: 0.4rem 0; }
pre.output { white-space: pre-wrap; word-break: break-word; }
pre.output.stderr { background: var(--stderr-bg); padding: 0.3rem 0.5rem; }
pre.output.error {
  color: var(--error); background: var(--stderr-bg); padding: 0.4rem 0.6rem; border-left: 3px solid var(--error);
}
.output.figure { min-width: 0; }
.output.html, .cell.markdown table { overflow-x: auto; }
.cell.markdown table { display: block; max-width: 100%; }
.output.image img { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.8rem 0; font: 0.9rem/1.4 var(--sans); font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; color: var(--muted); padding-bottom: 0.3rem; }
th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--text); }
tbody tr:nth-child(even) { background: #fafafb; }
.math.display { display: block; overflow-x: auto; overflow-y: hidden; }
.katex { font-size: 1.08em; }
blockquote { margin: 1rem 0; padding: 0 1rem; color: var(--muted); border-left: 3px solid var(--rule); }
footer.page {
  margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule);
  font: 0.8rem/1.5 var(--sans); color: var(--muted);
}
.index-list { list-style: none; padding: 0; }
.index-list li { margin: 1.2rem 0; padding: 1rem 1.2rem; border: 1px solid var(--rule); border-radius: 8px; }
.index-list h2 { margin: 0 0 0.3rem; border: 0; font-size: 1.25rem; }
.index-list h2 a { text-decoration: none; }
.index-list .meta { font: 0.8rem var(--sans); color: var(--muted); }
@media print { nav.toc, header.site { display: none; } .layout { display: block; max-width: none; } }
`;
