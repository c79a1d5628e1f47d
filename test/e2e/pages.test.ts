/**
 * The pages `npm start` writes, opened from file:// in a real browser (Debian's chromium, headless,
 * through playwright-core), for every notebook in notebooks/ and for a fixture that holds every
 * kind of content. On each page: every figure the notebook holds draws (one `svg.main-svg` or more
 * in each), every formula is KaTeX's output with no error and KaTeX's fonts load, no `$…$` is
 * left untypeset, the console stays free of errors, and no request leaves the machine. Screenshots
 * go to build/test/screenshots/. Then the hostile notebook's pages (test/platform/html/hostile-pages.test.ts):
 * no payload runs, and a script slipped into a page is stopped by its Content-Security-Policy.
 *
 * The notebooks are executed once for the whole test run (`executed.ts`, shared with
 * notebooks.test.ts); the pages are written beside the executed copies, as `npm start` does.
 */
import { expect } from "chai";
import { writeFileSync } from "fs";
import path from "path";
import { pathToFileURL } from "url";
import type { Browser, Page } from "playwright-core";
import { Page as RenderedPage, renderPage, SITE_TITLE } from "../../src/platform/html/page";
import { Site } from "../../src/platform/html/site";
import { Notebook, writeNotebook } from "../../src/platform/nbformat";
import { RunResult } from "../../src/platform/runner/run-notebook";
import { chromiumPath, clearLog, guardedPage, launchChromium, PageLog, screenshotsDir } from "../support/browser";
import { EXECUTION_TIMEOUT_MS, executedDir, executedNotebook, failureText, notebookFiles } from "./executed";
import { figureOutputs, scratchDir, skipWithout } from "../support/helpers";
import { hostileNotebook } from "../support/hostile-notebook";
import { FIXTURE_FIGURES, FIXTURE_MATH, pageFixture } from "../support/page-fixture";

/** How long a page may take to draw all its figures (plotly.js is 4.8 MB; a cold start takes ~4 s here). */
const DRAW_TIMEOUT_MS = 30000;

/** What a page shows once it has settled, measured in the page. */
interface PageState {
  /** For each figure output, how many `svg.main-svg` it holds. */
  svgsPerFigure: number[];
  /** Formula elements in the page's content, and how many of them hold KaTeX's output. */
  math: number;
  typeset: number;
  katexErrors: number;
  /** Text of the markdown cells (code and typeset math left out) that still looks like math by pandoc's rule. */
  untypeset: string[];
  katexFontLoaded: boolean;
  plotlyCopyRan: boolean;
  title: string;
}

/** Runs in the page (as a string: the project's TypeScript has no DOM types). */
const MEASURE = `(async () => {
  await document.fonts.ready;
  const figures = [...document.querySelectorAll(".output.figure")];
  const math = [...document.querySelectorAll("main .math")];
  const untypeset = [...document.querySelectorAll(".cell.markdown")].flatMap((cell) => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll(".katex, code, pre").forEach((e) => e.remove());
    return copy.textContent.match(/\\$\\$|\\$[^\\s$](?:[^$]*[^\\s$])?\\$(?!\\d)/g) || [];
  });
  return {
    svgsPerFigure: figures.map((f) => f.querySelectorAll("svg.main-svg").length),
    math: math.length,
    typeset: math.filter((m) => m.querySelector(".katex") !== null).length,
    katexErrors: document.querySelectorAll(".katex-error").length,
    untypeset,
    katexFontLoaded: [...document.fonts].some(
      (f) => f.family.replace(/"/g, "") === "KaTeX_Main" && f.status === "loaded",
    ),
    plotlyCopyRan: window.fixturePlotlyCopyRan === true,
    title: document.title,
  };
})()`;

/** Waits until `n` figure outputs exist and each holds an svg.main-svg. */
const allFiguresDrawn = (n: number): string =>
  `(() => { const f = [...document.querySelectorAll(".output.figure")]; return f.length === ${n} && ` +
  'f.every((e) => e.querySelector("svg.main-svg") !== null); })()';

/**
 * Evaluates `expression` in the page until it is true or `timeoutMs` has passed; says which. Polls
 * from here rather than with `page.waitForFunction`, which builds its predicate with `new Function`
 * inside the page: the pages' Content-Security-Policy forbids that (no 'unsafe-eval'), so it
 * failed whenever the figures were not drawn at the first look.
 */
async function pollPage(page: Page, expression: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.evaluate(expression)) === true) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Totals over the test, printed at the end. */
const tally = { pages: 0, figures: 0, math: 0, requests: 0, blocked: 0, ms: 0 };

interface Expected {
  figures: number;
  math: number;
}

/** A browser tab with its log, reused from page to page. */
interface Tab {
  page: Page;
  log: PageLog;
}

/** Opens a page file in `tab`, waits for its figures, checks it as the module comment says, screenshots it. */
async function checkPage(tab: Tab, file: string, expected: Expected, screenshot: string): Promise<PageState> {
  const started = Date.now();
  const { page, log } = tab;
  clearLog(log);
  const name = path.basename(file);
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  if (!(await pollPage(page, allFiguresDrawn(expected.figures), DRAW_TIMEOUT_MS))) {
    const state = (await page.evaluate(MEASURE)) as PageState;
    throw new Error(
      `${name}: expected ${expected.figures} figures each with an svg.main-svg, ` +
        `got ${JSON.stringify(state.svgsPerFigure)}; ${log.errors.join("; ")}`,
    );
  }
  const state = (await page.evaluate(MEASURE)) as PageState;
  await page.screenshot({ path: path.join(screenshotsDir(), screenshot), fullPage: true });
  expect(state.svgsPerFigure, `${name}: svg.main-svg in each figure`).to.have.length(expected.figures);
  for (const svgs of state.svgsPerFigure) expect(svgs, `${name}: svg.main-svg in a figure`).to.be.at.least(1);
  expect(state.math, `${name}: formulas in the page`).to.equal(expected.math);
  expect(state.typeset, `${name}: formulas typeset by KaTeX`).to.equal(state.math);
  expect(state.katexErrors, `${name}: .katex-error`).to.equal(0);
  expect(state.untypeset, `${name}: math left untypeset`).to.deep.equal([]);
  if (state.math > 0) expect(state.katexFontLoaded, `${name}: KaTeX_Main font loaded from the assets`).to.equal(true);
  expect(log.errors, `${name}: console errors`).to.deep.equal([]);
  expect(log.blocked, `${name}: requests that would have left the machine`).to.deep.equal([]);
  tally.pages += 1;
  tally.figures += expected.figures;
  tally.math += state.math;
  tally.requests += log.requests.length;
  tally.blocked += log.blocked.length;
  tally.ms += Date.now() - started;
  return state;
}

describe("pages in a real browser (chromium, headless)", function () {
  this.timeout(120000);
  const notebooks = notebookFiles();
  let browser: Browser | undefined;
  let tab: Tab;
  const pages = new Map<string, { result: RunResult; page?: RenderedPage; file?: string }>();

  before(async function () {
    if (chromiumPath === undefined) {
      skipWithout(this, "chromium");
    }
    this.timeout(EXECUTION_TIMEOUT_MS);
    const site = new Site(executedDir());
    for (const file of notebooks) {
      const result = await executedNotebook(file);
      const written = result.ok ? site.writePage(result.notebook, result.outputPath, true) : undefined;
      pages.set(file, { result, page: written?.page, file: written?.path });
    }
    site.writeIndex();
    browser = await launchChromium();
    tab = await guardedPage(browser);
  });

  after(async () => {
    await browser?.close();
    if (tally.pages > 0) {
      console.log(
        `      ${tally.pages} pages in chromium: ${tally.figures} figures drawn, ${tally.math} formulas typeset, ` +
          `${tally.requests} requests (${tally.blocked} blocked), ${(tally.ms / 1000).toFixed(1)} s`,
      );
    }
  });

  for (const file of notebooks) {
    const name = path.basename(file, ".ipynb");
    it(`${name}.html: figures drawn, formulas typeset, no console error, nothing leaves the machine`, async () => {
      const {
        result,
        page,
        file: pageFile,
      } = pages.get(file) as { result: RunResult; page?: RenderedPage; file?: string };
      expect(result.ok, failureText(result)).to.equal(true);
      const expected = { figures: figureOutputs(result.notebook).length, math: (page as RenderedPage).math };
      const state = await checkPage(tab, pageFile as string, expected, `${name}.png`);
      expect(state.title).to.equal(`${(page as RenderedPage).title} · ${SITE_TITLE}`);
    });
  }

  it("index.html links every notebook's page, and opens offline", async () => {
    const { page, log } = tab;
    clearLog(log);
    await page.goto(pathToFileURL(path.join(executedDir(), "index.html")).href, { waitUntil: "load" });
    const links = (await page.evaluate(
      `[...document.querySelectorAll(".index-list h2 a")].map((a) => a.getAttribute("href"))`,
    )) as string[];
    expect(links).to.deep.equal(notebooks.map((f) => `${path.basename(f, ".ipynb")}.html`));
    await page.screenshot({ path: path.join(screenshotsDir(), "index.png"), fullPage: true });
    if (links.length > 0) {
      await page.click(".index-list h2 a");
      await page.waitForURL(pathToFileURL(path.join(executedDir(), links[0])).href);
    }
    expect(log.errors).to.deep.equal([]);
    expect(log.blocked).to.deep.equal([]);
  });

  it("the fixture page: math, tables, errors, an image, a figure; the notebook's plotly.js never runs", async () => {
    // Beside the notebook pages, to share their assets (and chromium's compiled plotly.js); with no
    // executed .ipynb next to it, the index leaves it out.
    const { path: file, page } = new Site(executedDir()).writePage(
      pageFixture(),
      path.join(executedDir(), "fixture.ipynb"),
    );
    const state = await checkPage(tab, file, { figures: FIXTURE_FIGURES, math: FIXTURE_MATH }, "fixture.png");
    expect(page.math).to.equal(FIXTURE_MATH);
    expect(state.katexFontLoaded).to.equal(true);
    expect(state.plotlyCopyRan, "the notebook's own plotly.js output ran").to.equal(false);
  });

  it("01's worked solution starts collapsed, as in JupyterLab (source_hidden), and opens on a click", async () => {
    const entry = [...pages.entries()].find(([file]) => path.basename(file) === "01-variance-of-z.ipynb")?.[1];
    if (entry?.file === undefined) {
      throw new Error(`no page for 01-variance-of-z: ${entry === undefined ? "not run" : failureText(entry.result)}`);
    }
    const { page } = tab;
    await page.goto(pathToFileURL(entry.file).href, { waitUntil: "load" });
    const state = (id: string): Promise<unknown> =>
      page.evaluate(`(() => { const d = document.querySelector("#cell-${id} details.collapsed");
        const body = d && d.querySelector(":scope > :not(summary)");
        return d && {
          open: d.open, visible: body.checkVisibility(), summary: d.querySelector("summary").textContent,
        }; })()`);
    expect(await state("solution")).to.deep.equal({
      open: false,
      visible: false,
      summary: "A worked solution: click to show",
    });
    expect(await state("solution-check")).to.deep.include({ open: false, visible: false });
    expect(await state("exercise"), "the exercise itself is open").to.equal(null);
    await page.click("#cell-solution details.collapsed > summary");
    expect(await state("solution")).to.deep.include({ open: true, visible: true });
  });

  it("a page's own Content-Security-Policy stops an output that reaches for the network, " +
    "before any request", async () => {
    const dir = scratchDir("html-browser-csp");
    const probe = "http://127.0.0.1:9/csp-probe.png"; // loopback discard port: harmless even if it were requested
    const notebook = pageFixture();
    notebook.cells = [
      {
        cell_type: "code",
        id: "reach",
        metadata: {},
        source: "",
        execution_count: 1,
        outputs: [{ output_type: "display_data", data: { "text/html": `<img src="${probe}">` }, metadata: {} }],
      },
    ];
    const site = new Site(dir);
    const file = path.join(dir, "reach.html");
    writeFileSync(file, renderPage(notebook, { name: "reach", source: "reach.ipynb", assets: site.assets() }).html);
    const { page, log, context } = await guardedPage(browser as Browser);
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      expect(log.requests.filter((u) => u.startsWith("http"))).to.deep.equal([]);
      expect(log.errors.join("\n")).to.match(/Content Security Policy/);
    } finally {
      await context.close();
    }
  });

  it("the test's guard stops a request that would leave the machine (so a page that tried would fail)", async () => {
    const file = path.join(scratchDir("html-browser-guard"), "no-policy.html");
    const probe = "http://127.0.0.1:9/guard-probe.png";
    writeFileSync(file, `<!doctype html><title>guard</title><img src="${probe}">`);
    const { page, log, context } = await guardedPage(browser as Browser);
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      expect(log.blocked).to.deep.equal([probe]);
    } finally {
      await context.close();
    }
  });
});

describe("hostile pages in chromium", function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  const dir = scratchDir("hostile-pages-browser");
  const site = new Site(dir);
  const file = path.join(dir, "hostile.ipynb");
  writeNotebook(file, hostileNotebook());

  before(async function () {
    if (chromiumPath === undefined) {
      skipWithout(this, "chromium");
    }
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  /** Opens `html` (written beside the assets) and returns the payloads that ran and how many figures drew. */
  async function open(name: string, html: string): Promise<{ ran: string[]; svgs: number }> {
    const page = path.join(dir, `${name}.html`);
    writeFileSync(page, html);
    const { page: tab, context } = await guardedPage(browser as Browser);
    try {
      await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
      await tab
        .waitForFunction("document.querySelectorAll('svg.main-svg').length > 0", undefined, { timeout: 30_000 })
        .catch(() => undefined);
      await tab.focus("body").catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500)); // let autofocus, toggle and error events fire
      return (await tab.evaluate(
        "({ ran: Object.keys(window).filter((k) => k.startsWith('pwned_')), " +
          "svgs: document.querySelectorAll('svg.main-svg').length })",
      )) as {
        ran: string[];
        svgs: number;
      };
    } finally {
      await context.close();
    }
  }

  it("a page from npm run pages: no payload runs, and the figure still draws", async () => {
    const { page } = site.writePage(hostileNotebook(), file);
    const state = await open("untrusted", page.html);
    expect(state.ran).to.deep.equal([]);
    expect(state.svgs).to.be.above(0);
  });

  it("a page npm start writes: its HTML output's script runs; a script slipped into the page does not", async () => {
    const { page } = (site.writePage as (n: Notebook, f: string, trusted: boolean) => { page: { html: string } })(
      hostileNotebook(),
      file,
      true,
    );
    const slipped = page.html.replace(
      "</main>",
      '<script>window.pwned_slipped=1</script><img src="x" onerror="window.pwned_slipped_handler=1"></main>',
    );
    const state = await open("trusted", slipped);
    expect(state.ran).to.deep.equal(["pwned_html_output"]);
    expect(state.svgs).to.be.above(0);
  });
});
