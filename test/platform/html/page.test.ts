/**
 * Executed notebooks to pages, without a browser: outputs, the page around them, the assets, the
 * index, and `npm run pages`. (That the pages draw and typeset in a browser: test/e2e/pages.test.ts.)
 */
import { expect } from "chai";
import { existsSync, readFileSync, statSync } from "fs";
import path from "path";
import { createMarkdown, newPageEnv } from "../../../src/platform/html/markdown";
import { OutputContext, renderOutput } from "../../../src/platform/html/outputs";
import { hiddenParts, renderPage } from "../../../src/platform/html/page";
import { Site } from "../../../src/platform/html/site";
import { Notebook, readNotebook, writeNotebook } from "../../../src/platform/nbformat";
import { runNode, scratchDir } from "../../support/helpers";
import { FIXTURE_FIGURES, FIXTURE_MATH, pageFixture } from "../../support/page-fixture";

const context = (trusted = false): OutputContext => ({
  md: createMarkdown(),
  env: newPageEnv(),
  figures: 0,
  trusted,
  scriptHashes: new Set(),
});

/** Every src and href in a page. */
/** One regular expression from several, written on separate lines (no flags). */
const joined = (...parts: RegExp[]): RegExp => new RegExp(parts.map((p) => p.source).join(""));
const urls = (html: string): string[] => [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);

describe("html/outputs", () => {
  it("removes terminal colours from streams and marks stderr", () => {
    const html = renderOutput(
      { output_type: "stream", name: "stderr", text: ["\u001b[31mred\u001b[0m <b>\n"] },
      context(),
    );
    expect(html).to.equal('<pre class="output stream stderr">red &#60;b&#62;\n</pre>');
  });

  it("shows an error's traceback, or its name and value when the traceback lacks them", () => {
    const ctx = context();
    expect(
      renderOutput(
        { output_type: "error", ename: "E", evalue: "boom", traceback: ["\u001b[1mE: boom\u001b[0m", "  at x"] },
        ctx,
      ),
    ).to.equal('<pre class="output error">E: boom\n  at x</pre>');
    expect(renderOutput({ output_type: "error", ename: "E", evalue: "boom", traceback: [] }, ctx)).to.equal(
      '<pre class="output error">E: boom</pre>',
    );
  });

  it("draws a figure from its Plotly JSON under a new id, whatever HTML the notebook stored", () => {
    const ctx = context();
    const json = { data: [{ y: [1, 2] }], layout: {}, config: {} };
    const html = renderOutput(
      {
        output_type: "display_data",
        data: { "application/vnd.plotly.v1+json": json, "text/html": "<p>stale</p>" },
        metadata: {},
      },
      ctx,
    );
    expect(html)
      .to.include('<div id="figure-1" class="nndl-figure"')
      .and.include('"data":[{"y":[1,2]}]')
      .and.not.include("stale");
    expect(ctx.figures).to.equal(1);
  });

  it("leaves out the notebook's plotly.js copy and its stub (by their metadata)", () => {
    const ctx = context();
    for (const version of ["4.1.2", null]) {
      const output = {
        output_type: "display_data",
        data: { "text/html": "<script>x</script>", "text/plain": "" },
        metadata: { nndl_plotly_loader: { version } },
      } as const;
      expect(renderOutput(output, ctx)).to.equal("");
    }
  });

  it("prefers HTML to text, shows images inline, says when it cannot show an output", () => {
    const ctx = context();
    const show = (data: Record<string, string>): string =>
      renderOutput({ output_type: "execute_result", execution_count: 1, data, metadata: {} }, ctx);
    expect(show({ "text/html": "<table></table>", "text/plain": "t" })).to.equal(
      '<div class="output html"><table></table></div>',
    );
    expect(show({ "image/png": "iVBO\nRw==", "text/plain": "i" })).to.equal(
      '<div class="output image"><img alt="" src="data:image/png;base64,iVBORw=="></div>',
    );
    expect(show({ "text/latex": "$$x^2$$" })).to.match(
      /^<div class="output latex math display"><span class="katex-display">/,
    );
    expect(show({ "application/x-unknown": "?" }))
      .to.include("application/x-unknown")
      .and.include("cannot show");
  });
});

describe("html/page", () => {
  const assets = {
    katexCss: "assets/k.css",
    highlightCss: "assets/h.css",
    pageCss: "assets/p.css",
    plotlyJs: "assets/plotly.js",
    plotlyVersion: "4.1.2",
  };
  const page = renderPage(pageFixture(), { name: "fixture", source: "notebooks/fixture.ipynb", assets });

  it("is titled by the notebook's first heading, with contents from the others", () => {
    expect(page.title).to.equal("Fixture · every kind of content");
    expect(page.html).to.include("<title>Fixture · every kind of content · Weight initialization</title>");
    expect(page.headings.map((h) => h.id)).to.deep.equal(["schemes-and-sigma-z", "closing"]);
    expect(page.html).to.match(/<nav class="toc"[^>]*><h2>Contents<\/h2><ol>\n<li class="level-2">/);
    expect(page.html).to.include(
      '<li class="level-2"><a href="#schemes-and-sigma-z">Schemes and <span class="math inline">',
    );
  });

  it("counts what it holds: figures, formulas, code cells", () => {
    expect(page).to.include({ figures: FIXTURE_FIGURES, math: FIXTURE_MATH, codeCells: 6 });
    expect(page.mathProblems).to.deep.equal([]);
    expect(page.blurb).to.match(/^A weighted input <span class="math inline">/);
  });

  it("loads plotly.js once, from the assets, and never the notebook's own copy", () => {
    expect(page.html.match(/<script[^>]*\ssrc=/g)).to.have.length(1);
    expect(page.html).to.match(/<script defer nonce="[A-Za-z0-9+/]+=*" src="assets\/plotly.js"><\/script>/);
    expect(page.html).not.to.include("fixturePlotlyCopyRan");
    const noFigures = renderPage(
      { ...pageFixture(), cells: pageFixture().cells.filter((c) => c.id !== "figure") },
      { name: "x", source: "x", assets },
    );
    expect(noFigures.html).not.to.include("plotly");
  });

  it("refers only to files beside it, and tells the browser so (Content-Security-Policy)", () => {
    const external = urls(page.html).filter((u) => /^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith("data:"));
    expect(external).to.deep.equal([]);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page.html)?.[1] ?? "";
    expect(csp).to.match(/^default-src 'self' file: data: blob:; script-src /);
    expect(csp).not.to.match(/https?:|\*|unsafe-inline'[^;]*;[^;]*$|script-src[^;]*unsafe/);
  });

  it("warns when the notebook ran with another plotly.js than the page draws with", () => {
    expect(page.warnings).to.deep.equal([
      "the notebook was executed with plotly.js 0.0.0-fixture; the page draws with 4.1.2 (npm start re-executes it)",
    ]);
  });

  it("shows every cell with an anchor, and code with its execution count, highlighted", () => {
    for (const id of ["title", "table", "stdout", "stderr", "error", "html-table", "figure", "image", "more-math"])
      expect(page.html).to.include(`id="cell-${id}"`);
    expect(page.html).to.include('<span class="prompt" title="execution count">[4]</span>');
    expect(page.html).to.match(
      /<code class="hljs language-typescript"><span class="hljs-variable language_">console<\/span>/,
    );
  });
});

describe("html/page: cells the notebook hides (jupyter.source_hidden, jupyter.outputs_hidden)", () => {
  const assets = {
    katexCss: "k.css",
    highlightCss: "h.css",
    pageCss: "p.css",
    plotlyJs: "plotly.js",
    plotlyVersion: "4.1.2",
  };
  const hide = (source: boolean, outputs: boolean) => ({ jupyter: { source_hidden: source, outputs_hidden: outputs } });
  const cells = (): Notebook["cells"] => [
    { cell_type: "markdown", id: "open", metadata: {}, source: "# Title\n\nThe exercise, open.\n" },
    {
      cell_type: "markdown",
      id: "answer",
      metadata: hide(true, true),
      source: "### A worked *solution*\n\nVar(z) is $k\\sigma_w^2$.\n",
    },
    { cell_type: "markdown", id: "plain", metadata: hide(true, false), source: "No heading here.\n" },
    {
      cell_type: "code",
      id: "check",
      metadata: hide(true, true),
      source: "console.log(42);",
      execution_count: 1,
      outputs: [{ output_type: "stream", name: "stdout", text: "42\n" }],
    },
    {
      cell_type: "code",
      id: "out",
      metadata: hide(false, true),
      source: "console.log(7);",
      execution_count: 2,
      outputs: [{ output_type: "stream", name: "stdout", text: "7\n" }],
    },
    {
      cell_type: "code",
      id: "shown",
      metadata: hide(false, false),
      source: "console.log(8);",
      execution_count: 3,
      outputs: [{ output_type: "stream", name: "stdout", text: "8\n" }],
    },
  ];
  const page = renderPage({ ...pageFixture(), cells: cells() }, { name: "hidden", source: "hidden.ipynb", assets });
  /** The HTML of the cell section `id`. */
  const section = (id: string): string =>
    new RegExp(`<section class="cell [a-z]+" id="cell-${id}">\\n([\\s\\S]*?)\\n</section>`).exec(page.html)?.[1] ?? "";

  it("reads the flags as JupyterLab writes them, and nothing else as hidden", () => {
    expect(hiddenParts(cells()[1])).to.deep.equal({ source: true, outputs: true });
    expect(hiddenParts(cells()[4])).to.deep.equal({ source: false, outputs: true });
    for (const metadata of [
      {},
      { jupyter: null },
      { jupyter: "x" },
      { jupyter: { source_hidden: "true" } },
      { collapsed: true },
    ]) {
      expect(
        hiddenParts({ cell_type: "markdown", id: "m", metadata, source: "" }),
        JSON.stringify(metadata),
      ).to.deep.equal({ source: false, outputs: false });
    }
  });

  it("puts a hidden markdown cell in a closed <details> named by its heading (or a plain label), " +
    "math typeset inside", () => {
    expect(section("answer")).to.match(joined(
      /^<details class="collapsed"><summary>A worked solution: click to show<\/summary>\n/,
      /<h3[^>]*>A worked <em>solution<\/em><\/h3>[\s\S]*class="math inline"[\s\S]*<\/details>$/,
    ));
    expect(section("plain")).to.match(joined(
      /^<details class="collapsed"><summary>Text \(hidden\): click to show<\/summary>\n/,
      /<p>No heading here.<\/p>\n*<\/details>$/,
    ));
    expect(section("open")).not.to.include("<details");
    expect(page.blurb, "the blurb skips hidden text").to.equal("The exercise, open.");
  });

  it("hides a code cell's source and its outputs each in their own closed <details>", () => {
    const check = section("check");
    expect(check.match(/<details class="collapsed">/g)).to.have.length(2);
    expect(check).to.match(joined(
      /^<details class="collapsed"><summary>Code \(hidden\): click to show<\/summary>\n/,
      /<div class="source">[\s\S]*console[\s\S]*<\/div>\n<\/details>\n/,
      /<details class="collapsed"><summary>Output \(hidden\): click to show<\/summary>\n/,
      /<div class="outputs"><pre class="output stream stdout">42\n<\/pre><\/div>\n<\/details>$/,
    ));
    expect(section("out")).to.match(joined(
      /^<div class="source">[\s\S]*<\/div>\n/,
      /<details class="collapsed"><summary>Output \(hidden\)[\s\S]*7\n<\/pre><\/div>\n<\/details>$/,
    ));
    expect(section("shown")).not.to.include("<details");
    expect(section("shown")).to.include(">8\n</pre>");
    expect(page.html.match(/<details[^>]*\sopen/g), "all start closed").to.equal(null);
  });
});

describe("html/site: assets, pages, index", function () {
  this.timeout(20000);

  /** A folder of executed notebooks: 00-a (no title heading), 01-b, 02-c. */
  function executedFolder(name: string): string {
    const dir = scratchDir(name);
    writeNotebook(path.join(dir, "00-a.ipynb"), { ...pageFixture(), cells: pageFixture().cells.slice(1) });
    writeNotebook(path.join(dir, "01-b.ipynb"), pageFixture());
    writeNotebook(path.join(dir, "02-c.ipynb"), pageFixture());
    return dir;
  }

  /** The index's entries: [href, title, meta line]. */
  function indexEntries(dir: string): string[][] {
    const index = readFileSync(path.join(dir, "index.html"), "utf8");
    return [...index.matchAll(/<h2><a href="([^"]+)">([^<]+)<\/a><\/h2>[\s\S]*?<div class="meta">([^<]+)<\/div>/g)].map(
      (m) => [m[1], m[2], m[3]],
    );
  }

  it("copies KaTeX's CSS with every font it names, plotly.js and the theme beside the pages, with licences", () => {
    const dir = scratchDir("html-assets");
    const assets = new Site(dir).assets();
    for (const url of [assets.katexCss, assets.highlightCss, assets.pageCss, assets.plotlyJs])
      expect(existsSync(path.join(dir, url)), url).to.equal(true);
    const css = readFileSync(path.join(dir, assets.katexCss), "utf8");
    const fonts = [...css.matchAll(/url\((fonts\/[^)]+)\)/g)].map((m) => m[1]);
    expect(fonts.length).to.be.greaterThan(20);
    for (const font of fonts)
      expect(existsSync(path.join(dir, path.dirname(assets.katexCss), font)), font).to.equal(true);
    expect(statSync(path.join(dir, assets.plotlyJs)).size).to.be.greaterThan(1e6);
    for (const url of [assets.katexCss, assets.highlightCss, assets.plotlyJs])
      expect(existsSync(path.join(dir, path.dirname(url), "LICENSE")), url).to.equal(true);
  });

  it("indexes the executed notebooks that have a page, in name order, with what each holds", () => {
    const dir = executedFolder("html-site");
    const site = new Site(dir);
    for (const name of ["01-b", "00-a"])
      site.writePage(readNotebook(path.join(dir, `${name}.ipynb`)), path.join(dir, `${name}.ipynb`));
    site.writeIndex();
    expect(indexEntries(dir)).to.deep.equal([
      ["00-a.html", "00-a", "6 code cells · 1 figure · 2 sections"],
      ["01-b.html", "Fixture · every kind of content", "6 code cells · 1 figure · 2 sections"],
    ]);
  });

  it("npm run pages writes a page per executed notebook and the index, and prints their paths", async () => {
    const dir = executedFolder("html-pages-cli");
    const r = await runNode("dist/src/platform/html/cli.js", ["--out-dir", dir]);
    expect(r.code, r.stderr).to.equal(0);
    expect(
      r.stdout
        .trim()
        .split("\n")
        .map((p) => path.basename(p)),
    ).to.deep.equal(["00-a.html", "01-b.html", "02-c.html", "index.html"]);
    expect(r.stderr).to.match(/page \S*01-b\.html: \d+ KB, 1 figure, 10 formulas\n/);
    expect(indexEntries(dir).map((e) => e[0])).to.deep.equal(["00-a.html", "01-b.html", "02-c.html"]);
  });

  it("npm run pages says what to do when nothing was executed", async () => {
    const empty = scratchDir("html-pages-empty");
    for (const dir of [empty, path.join(empty, "missing")]) {
      const r = await runNode("dist/src/platform/html/cli.js", ["--out-dir", dir]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.include(`no executed notebooks in ${dir}: run npm start first`);
    }
  });
});
