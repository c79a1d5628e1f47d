/**
 * The figure HTML in a real browser (Debian's chromium, headless): figures draw whether
 * plotly.js arrives before or after them, and without plotly.js a figure says what it waits for.
 * (Whole executed notebooks in a browser are issue 8's test.)
 */
import { expect } from "chai";
import { execFile } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import path from "path";
import { pathToFileURL } from "url";
import type { Figure } from "../src/figures/plotly";
import { findExecutable } from "../src/platform/jupyter/find-jupyter";
import { figureBundle, plotlyLoaderBundle } from "../src/platform/display/bundle";
import { scratchDir, skipWithout } from "./helpers";

/** Virtual time the page gets: enough for plotly.js to load and the waiting note (3 s) to show. */
const VIRTUAL_TIME_BUDGET_MS = 5000;

const browser = findExecutable("chromium") ?? findExecutable("chromium-browser") ?? findExecutable("google-chrome");

/** The page's DOM after its scripts ran. */
function renderedDom(file: string): Promise<string> {
  const args = ["--headless=new", "--no-sandbox", "--disable-gpu", `--virtual-time-budget=${VIRTUAL_TIME_BUDGET_MS}`, "--dump-dom", pathToFileURL(file).href];
  return new Promise((resolve, reject) =>
    execFile(browser as string, args, { timeout: 60000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
}

/** The DOM from a figure's div up to the next figure's div. */
function figureDom(dom: string, divId: string): string {
  const start = dom.indexOf(`<div id="${divId}"`);
  expect(start, `div ${divId} in the page`).to.be.greaterThan(-1);
  const next = dom.indexOf('<div id="fig-', start + 1);
  return dom.slice(start, next < 0 ? undefined : next);
}

const figure = (title: string): Figure => ({ data: [{ type: "scatter", y: [1, 3, 2] }], layout: { title: { text: title } } });
const html = (id: string): string => figureBundle(figure(id), id)["text/html"] as string;

describe("figures in a real browser (chromium)", function () {
  this.timeout(120000);
  let dir: string;

  before(function () {
    if (browser === undefined) {
      skipWithout(this, "chromium");
    }
    dir = scratchDir("browser");
  });

  it("draws figures placed before and after the plotly.js copy", async () => {
    const source = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
    const page = path.join(dir, "figures.html");
    writeFileSync(page, `<!doctype html><html><body>\n${html("fig-before")}\n${plotlyLoaderBundle(source, "test")["text/html"]}\n${html("fig-after")}\n</body></html>`);
    const dom = await renderedDom(page);
    for (const id of ["fig-before", "fig-after"]) {
      expect(figureDom(dom, id), id).to.match(/class="main-svg"/);
    }
  });

  it("without plotly.js, a figure says what it is waiting for", async () => {
    const page = path.join(dir, "no-plotly.html");
    writeFileSync(page, `<!doctype html><html><body>\n${html("fig-alone")}\n</body></html>`);
    const dom = await renderedDom(page);
    expect(figureDom(dom, "fig-alone")).to.match(/<div id="fig-alone"[^>]*>Waiting for plotly\.js/);
  });
});
