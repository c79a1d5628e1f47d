/**
 * Figure HTML in a real browser (Debian's chromium, headless; skipped without it): figures draw
 * whether plotly.js arrives before or after them, without plotly.js a figure says what it waits
 * for, and every kind of figure the notebooks show draws. (Whole pages: pages.test.ts.)
 */
import { expect } from "chai";
import { execFile } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import path from "path";
import { pathToFileURL } from "url";
import { decayExperiment } from "../../src/chapter/decay-conditions";
import { histogram } from "../../src/chapter/histogram";
import { DEFAULT_WEIGHTS, LARGE_WEIGHTS } from "../../src/chapter/variance";
import { Rng } from "../../src/data/random";
import { decayFactorFigure, weightRmsFigure } from "../../src/figures/decay";
import type { Figure } from "../../src/figures/plotly";
import { gaussianZSeries, sigmaZFigure, sigmoidPrimeFigure, zHistogramFigure } from "../../src/figures/variance";
import { sigmaZExplorerFigure } from "../../src/figures/variance-explorer";
import { findExecutable } from "../../src/platform/jupyter/find-jupyter";
import { figureBundle, plotlyLoaderBundle } from "../../src/platform/display/bundle";
import { chapterLike, CHAPTER, STUDY } from "../support/decay-histories";
import { scratchDir, skipWithout } from "../support/helpers";

/** Virtual time the page gets: enough for plotly.js to load and the waiting note (3 s) to show. */
const VIRTUAL_TIME_BUDGET_MS = 5000;

const browser = findExecutable("chromium") ?? findExecutable("chromium-browser") ?? findExecutable("google-chrome");

/** The page's DOM after its scripts ran. */
function renderedDom(file: string): Promise<string> {
  const args = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    `--virtual-time-budget=${VIRTUAL_TIME_BUDGET_MS}`,
    "--dump-dom",
    pathToFileURL(file).href,
  ];
  return new Promise((resolve, reject) =>
    execFile(browser as string, args, { timeout: 60000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}

/** The DOM from a figure's div up to the next figure's div. */
function figureDom(dom: string, divId: string): string {
  const start = dom.indexOf(`<div id="${divId}"`);
  expect(start, `div ${divId} in the page`).to.be.greaterThan(-1);
  const next = dom.indexOf('<div id="fig-', start + 1);
  return dom.slice(start, next < 0 ? undefined : next);
}

const figure = (title: string): Figure => ({
  data: [{ type: "scatter", y: [1, 3, 2] }],
  layout: { title: { text: title } },
});
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
    writeFileSync(
      page,
      `<!doctype html><html><body>\n${html("fig-before")}\n${plotlyLoaderBundle(source, "test")["text/html"]}\n` +
        `${html("fig-after")}\n</body></html>`,
    );
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

describe("figures/decay in a real browser (chromium)", function () {
  this.timeout(120000);

  it("plotly.js draws every decay figure (one main-svg per figure)", async function () {
    if (browser === undefined) {
      skipWithout(this, "chromium");
    }
    const networks = [30, 100].map((h) => ({ experiment: decayExperiment(STUDY, h), histories: chapterLike(4) }));
    const figures = [
      weightRmsFigure(networks[0].experiment, networks[0].histories, CHAPTER),
      weightRmsFigure(networks[1].experiment, chapterLike(0), CHAPTER),
      decayFactorFigure(CHAPTER, networks),
    ];
    const source = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
    const divs = figures.map((f, i) => figureBundle(f, `fig-decay-${i}`)["text/html"] as string);
    const page = path.join(scratchDir("browser-decay"), "decay.html");
    writeFileSync(
      page,
      `<!doctype html><html><body>\n${plotlyLoaderBundle(source, "test")["text/html"]}\n` +
        `${divs.join("\n")}\n</body></html>`,
    );
    const dom = await renderedDom(page);
    for (let i = 0; i < figures.length; i++) {
      const start = dom.indexOf(`<div id="fig-decay-${i}"`);
      expect(start, `figure ${i} in the page`).to.be.greaterThan(-1);
      const next = dom.indexOf('<div id="fig-decay-', start + 1);
      const svgs = dom.slice(start, next < 0 ? undefined : next).match(/class="main-svg"/g) ?? [];
      expect(svgs.length, `figure ${i}: Plotly's main-svg elements`).to.be.greaterThan(0);
      // Plotly draws a log axis' tick labels as powers of ten or plain decimals; the axis title is there.
      if (i < 2) expect(dom.slice(start, next < 0 ? undefined : next)).to.include("RMS of the weights (log scale)");
    }
  });
});

describe("figures of the variance notebooks in a real browser", function () {
  this.timeout(120000);
  const sigmaOld = Math.sqrt(501);
  const rng = new Rng(1);
  const zOld = Float64Array.from({ length: 100_000 }, () => sigmaOld * rng.normal());
  const chapterAxes = { range: [-30, 30] as [number, number], bins: 120 };

  it("draws every figure kind (chromium, headless)", async function () {
    if (browser === undefined) {
      skipWithout(this, "chromium");
    }
    const nIns = [10, 100, 1000];
    const figures: Record<string, Figure> = {
      "fig-z": zHistogramFigure({ title: "z", series: [gaussianZSeries("old", zOld, sigmaOld, chapterAxes)] }),
      "fig-sigma": sigmaZFigure({
        nIns,
        series: [{ label: "new", name: "new", sigmaZ: [1, 1, 1] }],
        marks: [{ nIn: 100, sigmaZ: 1, text: "here" }],
      }),
      "fig-explorer": sigmaZExplorerFigure({
        nIns,
        schemes: [LARGE_WEIGHTS, DEFAULT_WEIGHTS],
        fractions: [0.1, 0.5],
        sigmaBs: [0, 1],
        fraction: 0.5,
        sigmaB: 1,
      }),
      "fig-prime": sigmoidPrimeFigure({
        series: [{ label: "new", histogram: histogram([0.2, 0.25], { range: [0, 0.25], bins: 5 }), mean: 0.225 }],
      }),
    };
    const source = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
    const divs = Object.entries(figures).map(([id, figure]) => figureBundle(figure, id)["text/html"] as string);
    const page = path.join(scratchDir("figures-variance"), "figures.html");
    writeFileSync(
      page,
      '<!doctype html><html><head><meta charset="utf-8"></head><body>\n' +
        `${plotlyLoaderBundle(source, "test")["text/html"]}\n${divs.join("\n")}\n</body></html>`,
    );
    const dom = await renderedDom(page);
    const ids = Object.keys(figures);
    ids.forEach((id, i) => {
      const start = dom.indexOf(`<div id="${id}"`);
      expect(start, `div ${id}`).to.be.greaterThan(-1);
      const end = i + 1 < ids.length ? dom.indexOf(`<div id="${ids[i + 1]}"`) : undefined;
      const div = dom.slice(start, end);
      expect(div, id).to.match(/class="main-svg"/);
      expect(div, `${id}: bars or lines drawn`).to.match(/class="(trace bars|scatterlayer)/);
      expect(div, `${id}: title drawn`).to.match(/class="gtitle"/);
      expect(div, `${id}: axis titles drawn`).to.match(/class="xtitle"[\s\S]*class="ytitle"/);
      if (id === "fig-explorer")
        expect((div.match(/class="slider-group"/g) ?? []).length, "two sliders drawn").to.equal(2);
    });
  });
});
