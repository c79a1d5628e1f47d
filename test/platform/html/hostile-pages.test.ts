/**
 * Hostile: notebooks whose markdown, outputs or math try to run code in, or break, the pages.
 * Raw HTML in markdown (the index page's blurb included), image data, HTML outputs of a notebook
 * the runner did not just execute, a script slipped past everything (the CSP must stop it), and
 * formulas that make KaTeX fail in ways other than a parse error. Static checks on the HTML here;
 * the same pages in chromium are in test/e2e/pages.test.ts.
 */
import { expect } from "chai";
import { existsSync, readFileSync, writeFileSync } from "fs";
import path from "path";
import { renderPage } from "../../../src/platform/html/page";
import { Site } from "../../../src/platform/html/site";
import { Notebook, writeNotebook } from "../../../src/platform/nbformat";
import { runNode, scratchDir } from "../../support/helpers";
import { hostileNotebook } from "../../support/hostile-notebook";

const PAGES_CLI = "dist/src/platform/html/cli.js";

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
    expect(page.html).not.to.include('pwned_image_attribute=1"');
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
  const notebook = (source: string): Notebook => ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [{ cell_type: "markdown", id: "m", metadata: {}, source }],
  });

  it("2,000 nested braces: that formula is marked as an error and recorded with its cell; the page is written", () => {
    const dir = scratchDir("hostile-math");
    const rendered = renderPage(notebook(`# Deep\n\nBefore ${nested} after, and $x^2$ still typeset.`), {
      name: "deep",
      source: "deep.ipynb",
      assets: new Site(dir).assets(),
    });
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
    for (const name of ["01-deep.html", "02-fine.html", "index.html"])
      expect(existsSync(path.join(dir, name)), name).to.equal(true);
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

describe("hostile pages: malformed outputs", () => {
  it("an output with the wrong shape is named by its field, with what was expected and given", async () => {
    const dir = scratchDir("hostile-pages-malformed");
    const cell = (outputs: unknown[]): unknown => ({
      cell_type: "code",
      id: "c",
      metadata: {},
      source: "",
      execution_count: 1,
      outputs,
    });
    const cases: [unknown, RegExp][] = [
      [
        { output_type: "stream", name: "stdout", text: 5 },
        /cells\[0\]\.outputs\[0\]\.text should be a string or a list of strings, got 5/,
      ],
      [
        { output_type: "display_data", data: { "image/png": 7 }, metadata: {} },
        /cells\[0\]\.outputs\[0\]\.data\["image\/png"\] should be a string or a list of strings, got 7/,
      ],
      [
        { output_type: "error", ename: "E", evalue: "v", traceback: "x" },
        /cells\[0\]\.outputs\[0\]\.traceback should be a list of strings, got "x"/,
      ],
      [
        { output_type: "banner" },
        new RegExp(
          'cells\\[0\\]\\.outputs\\[0\\]\\.output_type should be "stream", "display_data", "execute_result" ' +
            'or "error", got "banner"',
        ),
      ],
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
