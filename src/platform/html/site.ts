/**
 * Writes the pages: `<out>/<name>.html` for an executed notebook, the shared `<out>/assets/`, and
 * `<out>/index.html` over every page in `<out>`. `npm start` calls these after each notebook runs;
 * `node dist/src/platform/html/cli.js` calls them on notebooks executed before.
 *
 * The index is made from what is in the folder (each `<name>.html` beside its `<name>.ipynb`),
 * not from one run's list, so running a single notebook keeps the others in the index. Pages and
 * the index are written atomically: a kill mid-write leaves the previous file whole.
 */
import { existsSync, readdirSync } from "fs";
import path from "path";
import { writeFileAtomic } from "../../data/atomic-file";
import { notebooksDir, projectRoot } from "../paths";
import { Notebook, readNotebook } from "../nbformat";
import { AssetUrls, writeAssets } from "./assets";
import { renderIndex } from "./index-page";
import { INDEX_FILE, Page, pageName, renderPage } from "./page";

/** The pages' folder and its assets, written once per run. */
export class Site {
  private assetUrls: AssetUrls | undefined;

  constructor(readonly outDir: string) {}

  /** The assets' URLs; copies them into `<outDir>/assets` on first use. */
  assets(): AssetUrls {
    this.assetUrls ??= writeAssets(this.outDir);
    return this.assetUrls;
  }

  /**
   * Renders an executed notebook without writing it. `file` is the executed copy's path;
   * `trusted`: its HTML outputs are the runner's own, just produced (see {@link PageOptions}).
   */
  render(notebook: Notebook, file: string, trusted = false): Page {
    const name = pageName(file);
    if (`${name}.html` === INDEX_FILE)
      throw new Error(`${file}: its page would be ${INDEX_FILE}, which is the index of the pages; rename the notebook`);
    return renderPage(notebook, { name, source: sourceLabel(file), assets: this.assets(), trusted });
  }

  /** Writes `<outDir>/<name>.html` for an executed notebook; returns the page and its path. */
  writePage(notebook: Notebook, file: string, trusted = false): { page: Page; path: string } {
    const page = this.render(notebook, file, trusted);
    const out = path.join(this.outDir, `${page.name}.html`);
    writeFileAtomic(out, page.html);
    return { page, path: out };
  }

  /**
   * Writes `<outDir>/index.html` linking every page in the folder, in name order; returns its
   * path and the notebooks left out because they could not be read (each with why), so one
   * broken file does not take the index down.
   */
  writeIndex(): { path: string; skipped: string[] } {
    const pages: Page[] = [];
    const skipped: string[] = [];
    for (const file of pagesIn(this.outDir)) {
      try {
        pages.push(this.render(readNotebook(file), file));
      } catch (e) {
        skipped.push(`${file}: ${(e as Error).message}`);
      }
    }
    const out = path.join(this.outDir, INDEX_FILE);
    writeFileAtomic(out, renderIndex(pages, this.assets()));
    return { path: out, skipped };
  }
}

/** The executed notebooks in `dir` that have a page beside them, in name order. */
export function pagesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && existsSync(path.join(dir, `${pageName(f)}.html`)))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * How a page names its notebook: `notebooks/<name>.ipynb` when that source exists (the executed
 * copy in build/ is its output), else the executed file itself, relative to the project.
 */
function sourceLabel(executedFile: string): string {
  const source = path.join(notebooksDir(), path.basename(executedFile));
  const shown = existsSync(source) ? source : path.resolve(executedFile);
  return path.relative(projectRoot(), shown).split(path.sep).join("/");
}

/** What the CLIs print on stderr about a page written to `file`: its size and contents, then its warnings. */
export function pageReport(page: Page, file: string): string {
  const shown = path.relative(process.cwd(), file) || file;
  const kb = (Buffer.byteLength(page.html) / 1024).toFixed(0);
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const figures = count(page.figures, "figure", "figures");
  return (
    `  page ${shown}: ${kb} KB, ${figures}, ${count(page.math, "formula", "formulas")}\n` +
    page.warnings.map((w) => `  ⚠ ${shown}: ${w}\n`).join("")
  );
}
