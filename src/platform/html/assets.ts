/**
 * The files every page uses, copied from their npm packages into `<out>/assets/` once, beside the
 * pages, so that a page opens with no network and no server (file:// is enough):
 * - KaTeX's stylesheet and the fonts it names (`katex-<version>/`);
 * - plotly.js, one copy shared by all pages (`plotly.js-dist-min-<version>/`);
 * - the highlight.js theme (`highlight.js-<version>/`);
 * - the pages' own stylesheet (`nndl.css`).
 * Folders carry the package version, so a browser never mixes a cached old copy with a new page,
 * and each package's LICENSE goes along with its files.
 */
import { cpSync, mkdirSync, readFileSync } from "fs";
import path from "path";
import { writeFileAtomic } from "../../data/atomic-file";
import { HIGHLIGHT_THEME_FILE } from "./highlight";
import { PAGE_CSS } from "./style";

/** The folder of `<out>` that holds the assets. */
export const ASSETS_DIR = "assets";

/** Where the pages find each asset: URLs relative to the pages' folder. */
export interface AssetUrls {
  katexCss: string;
  highlightCss: string;
  pageCss: string;
  plotlyJs: string;
  /** The plotly.js version the pages draw with. */
  plotlyVersion: string;
}

interface InstalledPackage {
  dir: string;
  version: string;
  /** The file its package.json's `main` names, if any. */
  main?: string;
}

function installed(name: string): InstalledPackage {
  const manifest = require.resolve(`${name}/package.json`);
  const { version, main } = JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown; main?: unknown };
  if (typeof version !== "string") throw new Error(`${manifest}: expected a string "version"`);
  return { dir: path.dirname(manifest), version, main: typeof main === "string" ? main : undefined };
}

/** A URL path (always `/`) from the pages' folder. */
const url = (...parts: string[]): string => parts.join("/");

/** Copies a package's files (paths relative to the package) and its LICENSE into `<assets>/<name>-<version>/`. */
function copyPackageFiles(assets: string, name: string, files: string[]): { folder: string; version: string } {
  const pkg = installed(name);
  const folder = `${name}-${pkg.version}`;
  const target = path.join(assets, folder);
  for (const file of [...files, "LICENSE"]) {
    const from = path.join(pkg.dir, file);
    const to = path.join(target, path.basename(file));
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(from, to, { recursive: true });
  }
  return { folder, version: pkg.version };
}

/** Writes (or refreshes) `<outDir>/assets/` and returns the URLs pages use. */
export function writeAssets(outDir: string): AssetUrls {
  const assets = path.join(outDir, ASSETS_DIR);
  mkdirSync(assets, { recursive: true });
  // katex.min.css names its fonts as `fonts/KaTeX_*`, so the fonts folder goes beside it.
  const katex = copyPackageFiles(assets, "katex", ["dist/katex.min.css", "dist/fonts"]);
  const highlight = copyPackageFiles(assets, "highlight.js", [`styles/${HIGHLIGHT_THEME_FILE}`]);
  const plotlyMain = installed("plotly.js-dist-min").main;
  if (plotlyMain === undefined)
    throw new Error('plotly.js-dist-min/package.json: expected a string "main" (the bundle)');
  const plotly = copyPackageFiles(assets, "plotly.js-dist-min", [plotlyMain]);
  writeFileAtomic(path.join(assets, "nndl.css"), PAGE_CSS);
  return {
    katexCss: url(ASSETS_DIR, katex.folder, "katex.min.css"),
    highlightCss: url(ASSETS_DIR, highlight.folder, HIGHLIGHT_THEME_FILE),
    pageCss: url(ASSETS_DIR, "nndl.css"),
    plotlyJs: url(ASSETS_DIR, plotly.folder, path.basename(plotlyMain)),
    plotlyVersion: plotly.version,
  };
}
