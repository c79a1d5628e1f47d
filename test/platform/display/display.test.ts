/**
 * display.ts against a stand-in for tslab's internal writer: what is sent, in which order, with
 * which display ids. (The same module in the real kernel: test/platform/runner/runner.test.ts.)
 */
import { expect } from "chai";
import { mkdirSync, writeFileSync } from "fs";
import path from "path";
import { inspect } from "util";
import type { Figure } from "../../../src/figures/plotly";
import { PLOTLY_MIME } from "../../../src/platform/display/bundle";
import { MIN_REDRAW_MS, showFigure, showHtml, showTable } from "../../../src/platform/display/display";
import { scratchDir } from "../../support/helpers";

interface Sent {
  content: { data: Record<string, unknown>; metadata: object; transient?: { display_id: string } };
  update: boolean;
}

const TSLAB_JUPYTER = require.resolve("tslab/dist/jupyter");
const fakeTslab: { lastWriteDisplayData: ((content: Sent["content"], update: boolean) => void) | null } = {
  lastWriteDisplayData: null,
};

/** Starts a new "cell execution": a new writer, as tslab creates one per execute_request. */
function newExecution(): Sent[] {
  const sent: Sent[] = [];
  fakeTslab.lastWriteDisplayData = (content, update) => sent.push({ content, update });
  return sent;
}

const isLoader = (s: Sent): boolean => String(s.content.data["text/plain"]).startsWith("plotly.js ");
const isStub = (s: Sent): boolean => String(s.content.data["text/html"]).startsWith("<!-- plotly.js: moved");
const isFigure = (s: Sent): boolean => PLOTLY_MIME in s.content.data;
const fig = (title: string, y: number[] = [1, 2]): Figure => ({
  data: [{ type: "scatter", y }],
  layout: { title: { text: title } },
});

describe("display: outside a kernel", () => {
  it("importing the library does not load tslab", () => {
    require("../../../src");
    expect(Object.keys(require.cache).filter((k) => k.includes("/node_modules/tslab/"))).to.deep.equal([]);
  });

  it("fails with a message that says what to do", () => {
    expect(() => showFigure(fig("x"))).to.throw(/not running inside a tslab kernel.*npm run lab.*npm start/);
    expect(() => showHtml("<b>x</b>", "x")).to.throw(/^showHtml: not running inside a tslab kernel/);
    expect(() => showTable({ columns: ["a"], rows: [] })).to.throw(/^showTable: not running inside a tslab kernel/);
  });
});

describe("display: inside a (stand-in) tslab kernel", () => {
  before(() => {
    require.cache[TSLAB_JUPYTER] = {
      id: TSLAB_JUPYTER,
      filename: TSLAB_JUPYTER,
      loaded: true,
      exports: fakeTslab,
    } as NodeJS.Module;
  });
  after(() => {
    delete require.cache[TSLAB_JUPYTER];
  });

  it("before any cell ran, says so", () => {
    fakeTslab.lastWriteDisplayData = null;
    expect(() => showFigure(fig("x"))).to.throw(/has not started executing a cell/);
  });

  it("sends plotly.js once per execution, before its first figure, and stubs the copy sent before", () => {
    const first = newExecution();
    showFigure(fig("a"));
    showFigure(fig("b"));
    // The module may carry a copy from an earlier test: then a stub update follows the new copy.
    const firstLoaders = first.filter(isLoader);
    expect(firstLoaders).to.have.length(1);
    expect(first[0]).to.equal(firstLoaders[0]);
    expect(first.filter(isFigure)).to.have.length(2);
    const firstCopyId = firstLoaders[0].content.transient?.display_id;

    const second = newExecution();
    showFigure(fig("c"));
    expect(second).to.have.length(3);
    const [loader, stub, figure] = second;
    expect(isLoader(loader) && !loader.update).to.equal(true);
    expect(loader.content.transient?.display_id).not.to.equal(firstCopyId);
    expect(isStub(stub) && stub.update).to.equal(true);
    expect(loader.content.metadata).to.deep.equal({
      nndl_plotly_loader: { version: require("plotly.js-dist-min/package.json").version },
    });
    expect(stub.content.metadata).to.deep.equal({ nndl_plotly_loader: { version: null } });
    expect(stub.content.transient?.display_id).to.equal(firstCopyId);
    expect(isFigure(figure) && !figure.update).to.equal(true);
  });

  it("updates a figure in place under its display id, also from a later execution", () => {
    newExecution();
    const live = showFigure(fig("before", [1]));
    const later = newExecution();
    live.update(fig("after", [1, 2, 3]));
    // A placeholder first (so JupyterLab's Plotly renderer is replaced, not asked to redraw), then the figure.
    expect(later).to.have.length(2);
    const [placeholder, update] = later;
    expect(later.every((s) => s.update && s.content.transient?.display_id === live.displayId)).to.equal(true);
    expect(Object.keys(placeholder.content.data).sort()).to.deep.equal(["text/html", "text/plain"]);
    expect(placeholder.content.data["text/html"]).to.match(/min-height:450px/);
    expect((update.content.data[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0].y).to.deep.equal([1, 2, 3]);
    expect(update.content.data["text/plain"]).to.match(/"after"/);
  });

  it(`redraws at most once per ${MIN_REDRAW_MS} ms, drawing the newest update when the time is up`, async () => {
    const sent = newExecution();
    const live = showFigure(fig("shown", [0]));
    live.update(fig("first", [1]));
    live.update(fig("dropped", [1, 2]));
    live.update(fig("last", [1, 2, 3]));
    const drawn = () =>
      sent
        .filter((s) => s.update && isFigure(s))
        .map((s) => (s.content.data[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0].y.length);
    expect(drawn(), "at once: the first update only").to.deep.equal([1]);
    await new Promise((resolve) => setTimeout(resolve, MIN_REDRAW_MS / 2));
    expect(drawn(), "before the time is up").to.deep.equal([1]);
    // The next cell starts before the time is up: the waiting update goes out through its writer.
    const next = newExecution();
    await new Promise((resolve) => setTimeout(resolve, MIN_REDRAW_MS / 2 + 100));
    const ys = (messages: typeof sent) =>
      messages
        .filter((s) => s.update && isFigure(s))
        .map((s) => (s.content.data[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0].y.length);
    expect(drawn(), "the first cell's writer: the first update only").to.deep.equal([1]);
    expect(ys(next), "after it, in the cell running then: the newest update, the one in between never").to.deep.equal([
      3,
    ]);
    // Each redraw is a placeholder and then the figure.
    expect(next.filter((s) => s.update && s.content.transient?.display_id === live.displayId).length).to.equal(2);
  });

  it("draws a waiting update when the cell's code ends, before tslab replies to it", async () => {
    // A stand-in for tslab's handler: its handleExecuteImpl runs a cell's code and then replies.
    class Handler {
      async handleExecuteImpl(code: () => Promise<void>): Promise<string> {
        await code();
        return "reply";
      }
    }
    (fakeTslab as { JupyterHandlerImpl?: unknown }).JupyterHandlerImpl = Handler;
    try {
      const sent = newExecution();
      const live = showFigure(fig("shown", [0]));
      const reply = await new Handler().handleExecuteImpl(async () => {
        live.update(fig("first", [1]));
        live.update(fig("last", [1, 2]));
      });
      const drawn = sent
        .filter((s) => s.update && isFigure(s))
        .map((s) => (s.content.data[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0].y.length);
      expect(drawn, `both updates by the cell's end, ${MIN_REDRAW_MS} ms not yet up`).to.deep.equal([1, 2]);
      expect(reply).to.equal("reply");
    } finally {
      delete (fakeTslab as { JupyterHandlerImpl?: unknown }).JupyterHandlerImpl;
    }
  });

  it("gives every drawing its own div id, so an update never draws into the old div", () => {
    const sent = newExecution();
    const live = showFigure(fig("x"));
    live.update(fig("x"));
    const divIds = sent
      .filter(isFigure)
      .map((s) => String(s.content.data["text/html"]).match(/<div id="([^"]+)"/)?.[1]);
    expect(divIds).to.have.length(2);
    expect(new Set(divIds).size).to.equal(2);
  });

  it("validates a figure before sending anything", () => {
    const sent = newExecution();
    expect(() => showFigure({ data: "oops" } as unknown as Figure)).to.throw(/figure\.data must be an array/);
    expect(sent).to.deep.equal([]);
  });

  it("shows HTML and tables as one output each, without plotly.js", () => {
    const sent = newExecution();
    showHtml("<b>x</b>", "x");
    showTable({ columns: ["a"], rows: [[1]] });
    expect(sent.map((s) => Object.keys(s.content.data).sort())).to.deep.equal([
      ["text/html", "text/plain"],
      ["text/html", "text/plain"],
    ]);
    expect(sent.every((s) => !s.update)).to.equal(true);
    expect(() => showTable({ columns: ["a"], rows: [[1, 2]] })).to.throw(/row 0 has 2 cells/);
    expect(sent).to.have.length(2);
  });

  it("prints the handle as one short line when a cell prints it", () => {
    newExecution();
    expect(inspect(showFigure(fig("x")))).to.match(/^LiveFigure [0-9a-f]{16}$/);
  });

  it("prints nothing, not even console.log's newline, when tslab prints it as the cell's last value", () => {
    newExecution();
    const live = showFigure(fig("x"));
    // A stand-in for tslab's executor, at the path the handle recognises, printing as tslab does.
    const executor = path.join(scratchDir("display-tslab"), "tslab", "dist", "executor.js");
    mkdirSync(path.dirname(executor), { recursive: true });
    writeFileSync(executor, "exports.printLast = (value) => { console.log(value); console.log('after'); };\n");
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write;
    try {
      (require(executor) as { printLast: (v: unknown) => void }).printLast(live);
    } finally {
      process.stdout.write = write;
    }
    expect(written).to.deep.equal(["after\n"]);
  });
});
