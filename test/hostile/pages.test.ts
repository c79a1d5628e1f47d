/**
 * Hostile: notebooks whose markdown, outputs or math try to run code in, or break, the pages.
 * Raw HTML in markdown (the index page's blurb included), image data, HTML outputs of a notebook
 * the runner did not just execute, a script slipped past everything (the CSP must stop it), and
 * formulas that make KaTeX fail in ways other than a parse error. Static checks on the HTML, then
 * the same pages in chromium (skipped, saying so, where there is none).
 */
import { expect } from "chai";
import { existsSync, readFileSync, writeFileSync } from "fs";
import path from "path";
import { pathToFileURL } from "url";
import type { Browser } from "playwright-core";
import { figureBundle } from "../../src/platform/display/bundle";
import { renderPage } from "../../src/platform/html/page";
import { Site } from "../../src/platform/html/site";
import { CodeCell, Notebook, Output, TSLAB_KERNELSPEC, writeNotebook } from "../../src/platform/nbformat";
import { chromiumPath, guardedPage, launchChromium } from "../browser";
import { runNode, scratchDir, skipWithout } from "../helpers";

const PAGES_CLI = "dist/src/platform/html/cli.js";

/** Each payload sets `window.pwned_<name>` if it ever runs. */
const PAYLOADS: Record<string, string> = {
  script: "<script>window.pwned_script=1</script>",
  img_onerror: '<img src="x" onerror="window.pwned_img_onerror=1">',
  a_href: '<a href="javascript:window.pwned_a_href=1">a link</a>',
  a_case: '<a href="JaVaScRiPt:window.pwned_a_case=1">a link</a>',
  a_entity: '<a href="&#106;avascript:window.pwned_a_entity=1">a link</a>',
  iframe: '<iframe src="javascript:parent.pwned_iframe=1"></iframe>',
  srcdoc: '<iframe srcdoc="<script>parent.pwned_srcdoc=1</script>"></iframe>',
  svg_onload: '<svg onload="window.pwned_svg_onload=1"><circle r="1"/></svg>',
  object: '<object data="javascript:window.pwned_object=1"></object>',
  embed: '<embed src="javascript:window.pwned_embed=1">',
  details: '<details open ontoggle="window.pwned_details=1"><summary>more</summary>text</details>',
  input: '<input autofocus onfocus="window.pwned_input=1">',
  mxss: '<math><mtext><table><mglyph><style><img src=x onerror="window.pwned_mxss=1">',
  meta: '<meta http-equiv="refresh" content="0;url=javascript:window.pwned_meta=1">',
  video: '<video><source onerror="window.pwned_video=1"></video>',
};
const ALL_PAYLOADS = Object.values(PAYLOADS).join(" ");
/** A 1×1 PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

const display = (data: Record<string, string | object>): Output => ({ output_type: "display_data", data, metadata: {} });
const code = (id: string, outputs: Output[]): CodeCell => ({ cell_type: "code", id, metadata: {}, source: "", outputs, execution_count: 1 });

function hostileNotebook(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: TSLAB_KERNELSPEC },
    cells: [
      { cell_type: "markdown", id: "title", metadata: {}, source: `# Hostile\n\nThe blurb ${ALL_PAYLOADS}\n` },
      { cell_type: "markdown", id: "blocks", metadata: {}, source: Object.values(PAYLOADS).join("\n\n") },
      code("image", [display({ "image/png": `${PNG}" onerror="window.pwned_image_attribute=1`, "text/plain": "image" })]),
      code("markdown-output", [display({ "text/markdown": ALL_PAYLOADS })]),
      code("html-output", [display({ "text/html": `<p>an HTML output</p><script>window.pwned_html_output=1</script>${PAYLOADS.img_onerror}` })]),
      code("figure", [display(figureBundle({ data: [{ type: "scatter", y: [1, 3, 2] }], layout: {} }, "nndl-hostile-figure"))]),
    ],
  };
}

/** The parts of a page a notebook controls: everything inside `<main>`. */
const mainOf = (html: string): string => html.slice(html.indexOf("<main>"), html.indexOf("</main>"));
/** Scripts, event handlers and `javascript:` URLs left in some HTML. */
function dangers(html: string): string[] {
  return [
    ...(html.match(/<script\b(?![^>]*\bclass="nndl-own")[^>]*>(?![\s\S]{0,40}var id = )/gi) ?? []),
    ...(html.match(/<[^>]+\son[a-z]+\s*=[^>]*>/gi) ?? []),
    ...(html.match(/<[^>]+(?:java|&#106;ava|&#x6a;ava)script:[^>]*>/gi) ?? []),
    ...(html.match(/<(?:iframe|object|embed|meta|form|input|base)\b[^>]*>/gi) ?? []),
  ];
}

describe("hostile pages: HTML and data that try to run code", () => {
  const dir = scratchDir("hostile-pages");
  const site = new Site(dir);
  const file = path.join(dir, "hostile.ipynb");
  writeNotebook(file, hostileNotebook());
  const { page } = site.writePage(hostileNotebook(), file); // as npm run pages: the outputs are not the runner's own
  const indexFile = site.writeIndex() as unknown as { path?: string } | string;
  const index = readFileSync(typeof indexFile === "string" ? indexFile : (indexFile.path as string), "utf8");

  it("the page keeps no script, event handler, javascript: URL or embedding element from markdown or outputs", () => {
    expect(dangers(mainOf(page.html))).to.deep.equal([]);
    expect(page.html).to.include("The blurb").and.include("a link").and.include("<details");
  });

  it("the index page's blurb is sanitized too", () => {
    expect(index).to.include("The blurb");
    expect(dangers(mainOf(index))).to.deep.equal([]);
  });

  it("image data goes into its src attribute escaped, or not at all", () => {
    expect(page.html).not.to.match(/<img[^>]*\sonerror=/);
    expect(page.html).not.to.include("pwned_image_attribute=1\"");
  });

  it("the Content-Security-Policy allows no inline script but the page writer's own, by nonce or hash", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page.html)?.[1] ?? "";
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
    expect(scriptSrc, csp).to.match(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.to.match(/'unsafe-inline'|'unsafe-eval'|\*|https?:|file:|'self'/);
  });
});

describe("hostile pages: math that breaks KaTeX", function () {
  this.timeout(60_000);
  const nested = `$${"{".repeat(2000)}x${"}".repeat(2000)}$`;
  const notebook = (source: string): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "markdown", id: "m", metadata: {}, source }] });

  it("2,000 nested braces: that formula is marked as an error and recorded with its cell; the page is written", () => {
    const dir = scratchDir("hostile-math");
    const rendered = renderPage(notebook(`# Deep\n\nBefore ${nested} after, and $x^2$ still typeset.`), { name: "deep", source: "deep.ipynb", assets: new Site(dir).assets() });
    expect(rendered.mathProblems).to.have.length(1);
    expect(rendered.mathProblems[0].where).to.equal("cell 1");
    expect(rendered.html).to.include("katex-error").and.include("after, and").and.include('class="katex"');
  });

  it("npm run pages writes every page, naming the broken formula's cell, and exits 0", async () => {
    const dir = scratchDir("hostile-math-cli");
    writeNotebook(path.join(dir, "01-deep.ipynb"), notebook(`# Deep\n\n${nested}`));
    writeNotebook(path.join(dir, "02-fine.ipynb"), notebook("# Fine\n\n$x$"));
    const r = await runNode(PAGES_CLI, ["--out-dir", dir]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/01-deep\.html: cell 1: KaTeX cannot typeset/);
    for (const name of ["01-deep.html", "02-fine.html", "index.html"]) expect(existsSync(path.join(dir, name)), name).to.equal(true);
  });

  it("npm run pages names a notebook it cannot read, writes the others and the index, and exits 1", async () => {
    const dir = scratchDir("hostile-pages-broken");
    writeFileSync(path.join(dir, "00-broken.ipynb"), '{"cells": [');
    writeNotebook(path.join(dir, "01-fine.ipynb"), notebook("# Fine\n\ntext"));
    const r = await runNode(PAGES_CLI, ["--out-dir", dir]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include("00-broken.ipynb").and.include("not valid JSON");
    expect(existsSync(path.join(dir, "01-fine.html"))).to.equal(true);
    expect(readFileSync(path.join(dir, "index.html"), "utf8")).to.include("01-fine.html");
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
      await tab.waitForFunction("document.querySelectorAll('svg.main-svg').length > 0", undefined, { timeout: 30_000 }).catch(() => undefined);
      await tab.focus("body").catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500)); // let autofocus, toggle and error events fire
      return (await tab.evaluate("({ ran: Object.keys(window).filter((k) => k.startsWith('pwned_')), svgs: document.querySelectorAll('svg.main-svg').length })")) as {
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

  it("a page npm start writes: its own HTML output's script runs; a script slipped into the page does not", async () => {
    const { page } = (site.writePage as (n: Notebook, f: string, trusted: boolean) => { page: { html: string } })(hostileNotebook(), file, true);
    const slipped = page.html.replace("</main>", '<script>window.pwned_slipped=1</script><img src="x" onerror="window.pwned_slipped_handler=1"></main>');
    const state = await open("trusted", slipped);
    expect(state.ran).to.deep.equal(["pwned_html_output"]);
    expect(state.svgs).to.be.above(0);
  });
});

describe("hostile pages: malformed outputs", () => {
  it("an output with the wrong shape is named by its field, with what was expected and given", async () => {
    const dir = scratchDir("hostile-pages-malformed");
    const cell = (outputs: unknown[]): unknown => ({ cell_type: "code", id: "c", metadata: {}, source: "", execution_count: 1, outputs });
    const cases: [unknown, RegExp][] = [
      [{ output_type: "stream", name: "stdout", text: 5 }, /cells\[0\]\.outputs\[0\]\.text should be a string or a list of strings, got 5/],
      [{ output_type: "display_data", data: { "image/png": 7 }, metadata: {} }, /cells\[0\]\.outputs\[0\]\.data\["image\/png"\] should be a string or a list of strings, got 7/],
      [{ output_type: "error", ename: "E", evalue: "v", traceback: "x" }, /cells\[0\]\.outputs\[0\]\.traceback should be a list of strings, got "x"/],
      [{ output_type: "banner" }, /cells\[0\]\.outputs\[0\]\.output_type should be "stream", "display_data", "execute_result" or "error", got "banner"/],
    ];
    for (const [i, [output, message]] of cases.entries()) {
      const file = path.join(dir, `0${i}-bad.ipynb`);
      writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell([output])] }));
      const r = await runNode(PAGES_CLI, ["--out-dir", dir]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.include(`0${i}-bad.ipynb`).and.match(message);
      writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
    }
  });
});
