import { expect } from "chai";
import { readFileSync } from "fs";
import vm from "vm";
import type { Figure } from "../../../src/figures/plotly";
import {
  DEFAULT_CONFIG,
  escapeScript,
  figureBundle,
  figureHtml,
  figureSummary,
  jsonForScript,
  PLOTLY_MIME,
  plotlyLoaderBundle,
  plotlyLoaderStubBundle,
  tableBundle,
  toPlotlyJson,
} from "../../../src/platform/display/bundle";

const figure: Figure = {
  data: [
    { type: "histogram", name: "samples", x: new Float64Array([0.5, -1, 2]) },
    { type: "scatter", mode: "lines", y: [1, 2] },
  ],
  layout: { title: { text: "Var(z)" }, height: 300 },
  config: { displayModeBar: false },
};

/** The script inside an HTML fragment with one `<script>` element. */
function scriptOf(html: string): string {
  const m = html.match(/<script[^>]*>([\s\S]*)<\/script>/);
  if (!m) throw new Error(`no <script> in ${html.slice(0, 80)}`);
  return m[1];
}

/**
 * Runs a figure's script against a fake page: a clock we advance by hand, timers on that clock,
 * an element registry, and a Plotly that records its calls.
 */
class FakePage {
  now = 0;
  timers: { at: number; fn: () => void }[] = [];
  elements = new Map<string, { textContent: string }>();
  plots: unknown[][] = [];
  readonly window: Record<string, unknown> = {};
  private readonly context: vm.Context;

  constructor() {
    const page = this;
    this.context = vm.createContext({
      window: this.window,
      document: { getElementById: (id: string) => page.elements.get(id) ?? null },
      Date: { now: () => page.now },
      setTimeout: (fn: () => void, ms: number) => page.timers.push({ at: page.now + ms, fn }),
    });
  }

  loadPlotly(): void {
    this.window.Plotly = { newPlot: (...args: unknown[]) => this.plots.push(args) };
  }

  run(script: string): void {
    vm.runInContext(script, this.context);
  }

  /** Moves the clock forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (next === undefined || next.at > end) break;
      this.timers.shift();
      this.now = next.at;
      next.fn();
    }
    this.now = end;
  }
}

describe("bundle: escaping for HTML and <script>", () => {
  it("escapeScript neutralises </script and <!-- and keeps the string's meaning", () => {
    const text = "a</script>b</SCRIPT >c<!--d";
    const escaped = escapeScript(JSON.stringify(text));
    expect(escaped).not.to.match(/<\/script|<!--/i);
    expect(vm.runInNewContext(escaped)).to.equal(text);
  });

  it("jsonForScript evaluates back to the value and contains no <, >, & or line separators", () => {
    const value = { html: "</script><b>&amp;</b>", sep: "x\u2028y\u2029z", n: [1.5, null] };
    const json = jsonForScript(value);
    expect(json).not.to.match(/[<>&\u2028\u2029]/);
    expect(vm.runInNewContext(`(${json})`)).to.deep.equal(value);
  });
});

describe("bundle: figures", () => {
  it("converts typed arrays to arrays, adds the default config under the figure's own, leaves the input alone", () => {
    const json = toPlotlyJson(figure);
    expect((json.data[0] as { x: unknown }).x).to.deep.equal([0.5, -1, 2]);
    expect(json.config).to.deep.equal({ ...DEFAULT_CONFIG, displayModeBar: false });
    expect(JSON.parse(JSON.stringify(json))).to.deep.equal(json);
    expect(figure.data[0].x).to.be.instanceOf(Float64Array);
    expect(toPlotlyJson({ data: [], layout: {}, config: { responsive: false } }).config.responsive).to.equal(false);
  });

  it("rejects figures without data or layout, naming the field", () => {
    expect(() => toPlotlyJson({ layout: {} } as unknown as Figure)).to.throw(/figure\.data must be an array/);
    expect(() => toPlotlyJson({ data: [] } as unknown as Figure)).to.throw(/figure\.layout must be an object/);
  });

  it("summarises a figure in one line: title, traces, sizes", () => {
    expect(figureSummary(figure)).to.equal(
      'Plotly figure "Var(z)": 2 traces: histogram "samples" (3 points), scatter (2 points)',
    );
    expect(figureSummary({ data: [{ y: [1] }], layout: { title: { text: "t" } } })).to.equal(
      'Plotly figure "t": 1 trace: scatter (1 points)',
    );
    const long = figureSummary({ data: Array.from({ length: 30 }, (_, i) => ({ name: `trace ${i}` })), layout: {} });
    expect(long).to.have.length(200);
    expect(long).not.to.include("\n");
  });

  it("bundles the figure as Plotly JSON, HTML and text", () => {
    const bundle = figureBundle(figure, "fig-1");
    expect(Object.keys(bundle).sort()).to.deep.equal([PLOTLY_MIME, "text/html", "text/plain"]);
    expect(bundle[PLOTLY_MIME]).to.deep.equal(toPlotlyJson(figure));
    expect(bundle["text/html"]).to.include('<div id="fig-1"').and.include("min-height:300px");
    expect(bundle["text/plain"]).to.equal(figureSummary(figure));
  });

  it("refuses div ids that would break the HTML", () => {
    expect(() => figureHtml(toPlotlyJson(figure), 'x" onload="')).to.throw(/invalid div id/);
  });
});

describe("bundle: the figure's script", () => {
  const html = figureHtml(toPlotlyJson(figure), "fig-1");

  it("draws at once when the div and plotly.js are there", () => {
    const page = new FakePage();
    page.loadPlotly();
    page.elements.set("fig-1", { textContent: "" });
    page.run(scriptOf(html));
    expect(page.plots).to.have.length(1);
    const [el, data, layout, config] = page.plots[0];
    expect(el).to.equal(page.elements.get("fig-1"));
    expect({ data, layout, config }).to.deep.equal(toPlotlyJson(figure));
    expect(page.timers).to.have.length(0);
  });

  it("waits for plotly.js arriving later, says so after a while, then draws once", () => {
    const page = new FakePage();
    page.elements.set("fig-1", { textContent: "" });
    page.run(scriptOf(html));
    page.advance(1000);
    expect(page.plots).to.have.length(0);
    expect(page.elements.get("fig-1")?.textContent).to.equal("");
    page.advance(3000);
    expect(page.elements.get("fig-1")?.textContent).to.match(/Waiting for plotly\.js/);
    page.loadPlotly();
    page.advance(200);
    expect(page.plots).to.have.length(1);
    expect(page.elements.get("fig-1")?.textContent).to.equal("");
    page.advance(10000);
    expect(page.plots).to.have.length(1);
  });

  it("waits for its div to be attached (classic Notebook runs scripts first)", () => {
    const page = new FakePage();
    page.loadPlotly();
    page.run(scriptOf(html));
    page.advance(500);
    expect(page.plots).to.have.length(0);
    page.elements.set("fig-1", { textContent: "" });
    page.advance(100);
    expect(page.plots).to.have.length(1);
  });

  it("stops looking when its div never appears (the output was removed)", () => {
    const page = new FakePage();
    page.run(scriptOf(html));
    page.advance(61000);
    expect(page.timers).to.have.length(0);
  });
});

describe("bundle: the plotly.js loader", () => {
  it("runs the source only when no plotly.js is loaded, with `this` = window", () => {
    const source = "this.loaded = (this.loaded || 0) + 1; window.Plotly = { version: 'fake' };";
    const script = scriptOf(plotlyLoaderBundle(source, "9.9.9")["text/html"] as string);
    const window: Record<string, unknown> = {};
    const context = vm.createContext({ window });
    vm.runInContext(script, context);
    vm.runInContext(script, context);
    expect(window.loaded).to.equal(1);
    expect(window.Plotly).to.deep.equal({ version: "fake" });
  });

  it("embeds the real plotly.min.js so that it still parses and ends the <script> only at its end", function () {
    this.timeout(20000);
    const pkg = require.resolve("plotly.js-dist-min/package.json");
    const source = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
    const version = (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
    const bundle = plotlyLoaderBundle(source, version);
    const html = bundle["text/html"] as string;
    expect(html.match(/<\/script/gi)).to.have.length(1);
    expect(html.match(/<!--/g)).to.equal(null);
    expect(() => new vm.Script(scriptOf(html))).not.to.throw();
    expect(html.length).to.be.greaterThan(source.length);
    expect(bundle["text/plain"]).to.equal(`plotly.js ${version} (offline copy that draws this notebook's figures)`);
  });

  it("replaces an earlier copy with a stub that carries no script", () => {
    expect(plotlyLoaderStubBundle()["text/html"]).not.to.include("<script");
  });
});

describe("bundle: tables", () => {
  const table = {
    caption: "a < b",
    columns: ["name", "value"],
    rows: [
      ["x<y", 1.5],
      ["long name", 10],
    ],
  };

  it("writes HTML with escaped text and right-aligned numbers", () => {
    const html = tableBundle(table)["text/html"] as string;
    expect(html).to.include("<caption>a &#60; b</caption>");
    expect(html).to.include("<td>x&#60;y</td>");
    expect(html).to.include('<td style="text-align:right">1.5</td>');
    expect(html.match(/<tr>/g)).to.have.length(3);
  });

  it("writes aligned plain text", () => {
    expect(tableBundle(table)["text/plain"]).to.equal(
      ["a < b", "name       value", "---------  -----", "x<y          1.5", "long name     10"].join("\n"),
    );
  });

  it("rejects rows of the wrong length, naming the row", () => {
    expect(() => tableBundle({ columns: ["a", "b"], rows: [["x", 1], ["y"]] })).to.throw(
      /row 1 has 1 cells, expected 2/,
    );
    expect(() => tableBundle({ columns: [], rows: [] })).to.throw(/columns must be a non-empty array/);
  });
});
