/**
 * `index.html`: the chapter's front page, linking every notebook page in name order, each with its
 * title, its opening paragraph and what it holds.
 */
import { escapeHtml } from "../../figures/html";
import { AssetUrls } from "./assets";
import { Page, pageStart, SITE_SUBTITLE, SITE_TITLE } from "./page";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The index page's HTML for these pages (already in order). */
export function renderIndex(pages: Page[], assets: AssetUrls): string {
  const items = pages
    .map((p) => {
      const meta = [
        plural(p.codeCells, "code cell"),
        plural(p.figures, "figure"),
        plural(p.headings.length, "section"),
      ];
      return `<li>
<h2><a href="${escapeHtml(p.name)}.html">${escapeHtml(p.title)}</a></h2>
${p.blurb === "" ? "" : `<p>${p.blurb}</p>\n`}<div class="meta">${meta.join(" · ")}</div>
</li>`;
    })
    .join("\n");
  return (
    pageStart(SITE_TITLE, assets, { plotly: false, where: "the notebooks", toc: false }) +
    `<div class="layout">
<main>
<h1>${escapeHtml(SITE_TITLE)}</h1>
<p>${escapeHtml(SITE_SUBTITLE)}: TypeScript notebooks, executed, with their outputs and live figures.
Each page opens without a network or a server.</p>
<ol class="index-list">
${items}
</ol>
<footer class="page">Written by <code>npm start</code> from <code>notebooks/</code>.
To change and re-run a notebook, open it with <code>npm run lab</code>.</footer>
</main>
</div>
</body>
</html>
`
  );
}
