/**
 * Shows figures, HTML and tables in a notebook running on the tslab kernel. This is the only
 * module that touches tslab; everything it sends is built by the pure functions in `bundle.ts`.
 *
 * tslab's public `display` sends one MIME type per output, but a figure needs three in one
 * output, so we call the function tslab itself uses underneath, `lastWriteDisplayData` from
 * `tslab/dist/jupyter` (tslab 1.0.22): it sends a `display_data` (or, with `update`, an
 * `update_display_data`) whose parent is the cell being executed.
 *
 * plotly.js (4.8 MB) travels inside the notebook, never from a CDN. It is sent with the first
 * figure of each cell execution, and the copy sent before is then replaced by a short comment
 * (an `update_display_data` on its display id). So the notebook always holds exactly one copy,
 * in its latest figure cell, and clearing or re-running any cell cannot lose it for good: the
 * next figure brings it back. Browsers load it once per page, whichever output arrives first.
 *
 * tslab is looked up lazily, when something is shown, so that `src/index.ts` (which re-exports
 * this module) loads in plain Node and in the unit tests.
 */
import { randomBytes } from "crypto";
import { readFileSync } from "fs";
import path from "path";
import { inspect } from "util";
import type { Figure } from "../../figures/plotly";
import {
  figureBundle,
  figurePlaceholderBundle,
  htmlBundle,
  MimeBundle,
  plotlyLoaderBundle,
  plotlyLoaderMetadata,
  plotlyLoaderStubBundle,
  PLOTLY_MIME,
  PlotlyJson,
  tableBundle,
} from "./bundle";

import type { Table } from "../../figures/table";
export type { Table } from "../../figures/table";

/** A figure already shown, which can be redrawn in place (live training curves). */
export interface LiveFigure {
  /** The Jupyter display id that `update` targets. */
  readonly displayId: string;
  /**
   * Replaces the shown figure with `figure` (`update_display_data`, also from later cells: a
   * placeholder, then the figure; see `figurePlaceholderBundle`). Each redraw re-sends the whole
   * figure, so redraws are at least `MIN_REDRAW_MS` apart: an update sooner than that waits, and
   * a newer one replaces it; the last one is always drawn.
   */
  update(figure: Figure): void;
}

/** The content of a `display_data` message, as tslab's writer takes it. */
interface DisplayDataContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient?: { display_id: string };
}

/** tslab's per-execution output writer (`update` = send `update_display_data`). */
type WriteDisplayData = (content: DisplayDataContent, update: boolean) => void;

/** The part of `tslab/dist/jupyter` we use. */
interface TslabJupyter {
  lastWriteDisplayData: WriteDisplayData | null;
  /** The handler whose `handleExecuteImpl` runs a cell (awaits its code, then the reply goes out). */
  JupyterHandlerImpl?: { prototype: { handleExecuteImpl?: (...args: unknown[]) => Promise<unknown> } };
}

const TSLAB_JUPYTER_MODULE = "tslab/dist/jupyter";
/** Bytes of randomness in a display id (tslab uses the same for its own ids). */
const DISPLAY_ID_BYTES = 8;

/**
 * The writer of the cell now executing. The kernel loaded `tslab/dist/jupyter` long before any
 * cell ran, so we only look in Node's module cache: outside a kernel it is absent and we fail
 * with a message instead of loading tslab (and its TypeScript compiler) for nothing.
 */
function currentWriter(caller: string): WriteDisplayData {
  let resolved: string;
  try {
    resolved = require.resolve(TSLAB_JUPYTER_MODULE);
  } catch {
    throw new Error(`${caller}: cannot find ${TSLAB_JUPYTER_MODULE}; is tslab installed (npm install)?`);
  }
  const loaded = require.cache[resolved] as { exports?: Partial<TslabJupyter> } | undefined;
  const write = loaded?.exports?.lastWriteDisplayData;
  if (loaded === undefined || write === undefined) {
    throw new Error(
      `${caller}: not running inside a tslab kernel (${resolved} is not loaded). ` +
        "Run this from a notebook on the tslab kernel: `npm run lab`, or headless with `npm start`.",
    );
  }
  if (write === null) {
    throw new Error(`${caller}: the tslab kernel has not started executing a cell yet; call this from a cell.`);
  }
  if (typeof write !== "function") {
    throw new Error(
      `${caller}: ${TSLAB_JUPYTER_MODULE}.lastWriteDisplayData is not a function; this module expects tslab 1.0.22.`,
    );
  }
  drawWaitingAtEachCellEnd(loaded.exports as Partial<TslabJupyter>);
  return write;
}

/** Live figures with an update waiting to be drawn (see `MIN_REDRAW_MS`). */
const waitingFigures = new Set<ShownFigure>();
let cellEndHooked = false;

/**
 * Makes tslab draw every waiting update when a cell's code has finished, before the cell's reply:
 * a front-end such as nbclient keeps only the messages sent while their cell runs, so the last
 * update of a training cell must not wait for its timer. (Wraps `handleExecuteImpl` of tslab
 * 1.0.22; without it, the timers alone draw the waiting updates.)
 */
function drawWaitingAtEachCellEnd(tslab: Partial<TslabJupyter>): void {
  if (cellEndHooked) return;
  const prototype = tslab.JupyterHandlerImpl?.prototype;
  const run = prototype?.handleExecuteImpl;
  if (prototype === undefined || typeof run !== "function") return;
  cellEndHooked = true;
  prototype.handleExecuteImpl = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    try {
      return await run.apply(this, args);
    } finally {
      for (const figure of [...waitingFigures]) figure.drawWaiting();
    }
  };
}

/** tslab's writer for the cell executed last, if there is one (see `currentWriter`). */
function latestWriter(): WriteDisplayData | undefined {
  try {
    return currentWriter("LiveFigure.update");
  } catch {
    return undefined;
  }
}

function newDisplayId(): string {
  return randomBytes(DISPLAY_ID_BYTES).toString("hex");
}

/** plotly.js source and version, read once from the `plotly.js-dist-min` package. */
let plotlySource: { source: string; version: string } | undefined;

function loadPlotly(): { source: string; version: string } {
  if (plotlySource === undefined) {
    const packageJson = require.resolve("plotly.js-dist-min/package.json");
    const { version, main } = JSON.parse(readFileSync(packageJson, "utf8")) as { version?: unknown; main?: unknown };
    if (typeof version !== "string" || typeof main !== "string") {
      throw new Error(`${packageJson}: expected string fields "version" and "main"`);
    }
    plotlySource = { source: readFileSync(path.join(path.dirname(packageJson), main), "utf8"), version };
  }
  return plotlySource;
}

/** Where the notebook's one plotly.js copy was last sent: which execution, which display id. */
let plotlyCarrier: { write: WriteDisplayData; displayId: string } | undefined;

/** Sends plotly.js with this execution's first figure and stubs out the copy sent before (see top). */
function ensurePlotlyLoader(write: WriteDisplayData): void {
  if (plotlyCarrier?.write === write) return;
  const { source, version } = loadPlotly();
  const displayId = newDisplayId();
  write(
    {
      data: plotlyLoaderBundle(source, version),
      metadata: plotlyLoaderMetadata(version),
      transient: { display_id: displayId },
    },
    false,
  );
  if (plotlyCarrier !== undefined) {
    const stub = {
      data: plotlyLoaderStubBundle(),
      metadata: plotlyLoaderMetadata(null),
      transient: { display_id: plotlyCarrier.displayId },
    };
    write(stub, true);
  }
  plotlyCarrier = { write, displayId };
}

/** Counts rendered figures so that every div id in a page is new (updates included). */
let renderCount = 0;

function figureContent(figure: Figure, displayId: string): DisplayDataContent {
  renderCount += 1;
  return {
    data: figureBundle(figure, `nndl-figure-${displayId}-${renderCount}`),
    metadata: {},
    transient: { display_id: displayId },
  };
}

/**
 * The least time between two redraws of one live figure. A redraw replaces the whole Plotly
 * output, which costs the browser tens to hundreds of milliseconds: four training runs of
 * [784, 30, 10] finish an epoch every 0.1–0.2 s, and a page redrawing at that rate answered
 * JupyterLab's stop button 2–5 s late (0.6–2.5 s at one redraw per 400 ms, 0.4–0.9 s at one
 * per second, in headless chromium). Updates in between are coalesced: the latest waits and is
 * drawn when the time is up or the cell's code ends, so the figure always ends in its last state.
 */
export const MIN_REDRAW_MS = 1000;

/** The handle `showFigure` returns. */
class ShownFigure implements LiveFigure {
  private lastRedraw = -Infinity;
  /** The newest update not drawn yet (a timer will draw it). */
  private waiting?: { write: WriteDisplayData; content: DisplayDataContent };

  constructor(readonly displayId: string) {}

  update(figure: Figure): void {
    const write = currentWriter("LiveFigure.update");
    const content = figureContent(figure, this.displayId); // builds (and validates) before anything is sent
    if (this.waiting !== undefined) {
      this.waiting = { write, content };
      return;
    }
    const wait = this.lastRedraw + MIN_REDRAW_MS - Date.now();
    if (wait <= 0) {
      this.redraw(write, content);
      return;
    }
    this.waiting = { write, content };
    waitingFigures.add(this);
    setTimeout(() => this.drawWaiting(), wait);
  }

  /**
   * Draws the waiting update, if any, through the writer of the cell running now, as an update
   * called now would be (front-ends such as nbclient take a cell's outputs only from the messages
   * of that cell's execution).
   */
  drawWaiting(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waitingFigures.delete(this);
    if (waiting !== undefined) this.redraw(latestWriter() ?? waiting.write, waiting.content);
  }

  private redraw(write: WriteDisplayData, content: DisplayDataContent): void {
    this.lastRedraw = Date.now();
    const placeholder = figurePlaceholderBundle(content.data[PLOTLY_MIME] as PlotlyJson);
    write({ data: placeholder, metadata: {}, transient: { display_id: this.displayId } }, true);
    write(content, true);
  }

  /**
   * tslab prints a cell's last value, so a cell ending in `showFigure(…)` would show this handle
   * under its figure. When tslab is the one printing, the handle prints as nothing (see
   * {@link printedByTslab}); printed on purpose it reads `LiveFigure <display id>`.
   */
  [inspect.custom](): string {
    if (!printedByTslab()) return `LiveFigure ${this.displayId}`;
    dropNextNewline();
    return "";
  }
}

/** tslab's executor, which prints a cell's last value with `console.log` after running it. */
const TSLAB_EXECUTOR = path.join("tslab", "dist", "executor.js");
/** Enough stack frames to get past `util.inspect` and `console.log`'s own (about ten). */
const CALLER_STACK_FRAMES = 40;

/**
 * True when the code that asked for this inspection is tslab's executor itself (its `console.log`
 * of the last value), not a cell: the first stack frame outside Node's internals and this module
 * is in `tslab/dist/executor.js`. A cell's own `console.log(live)` has the cell's frame first.
 */
function printedByTslab(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CALLER_STACK_FRAMES;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const caller = stack
    .split("\n")
    .slice(1)
    .find((frame) => !frame.includes("node:internal/") && !frame.includes(__filename));
  return caller?.includes(TSLAB_EXECUTOR) ?? false;
}

/**
 * `console.log` ends what it prints with a newline, written after inspecting: with the handle
 * printed as "", that lone newline would still make an empty text output under the figure. So
 * the next write to stdout, if it is exactly that newline, is dropped; the wrapper removes itself
 * on the next write or the next turn of the event loop, whichever comes first.
 */
function dropNextNewline(): void {
  const stdout = process.stdout;
  const write = stdout.write;
  const restore = (): void => {
    if (stdout.write === wrapper) stdout.write = write;
  };
  const wrapper = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    restore();
    if (chunk === "\n") return true;
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof stdout.write;
  stdout.write = wrapper;
  setImmediate(restore);
}

/**
 * Shows a Plotly figure as one output (plotly JSON, HTML, one-line text) and returns a handle
 * to redraw it in place.
 *
 * @example
 * const live = showFigure(accuracyFigure([]));
 * for (const epoch of epochs) live.update(accuracyFigure(history));
 */
export function showFigure(figure: Figure): LiveFigure {
  const write = currentWriter("showFigure");
  const displayId = newDisplayId();
  const content = figureContent(figure, displayId); // builds (and validates) before anything is sent
  ensurePlotlyLoader(write);
  write(content, false);
  return new ShownFigure(displayId);
}

/** Shows an HTML fragment, with `plainText` for front-ends that cannot render HTML. */
export function showHtml(html: string, plainText: string): void {
  currentWriter("showHtml")({ data: htmlBundle(html, plainText), metadata: {} }, false);
}

/** Shows a small table as HTML and aligned plain text. */
export function showTable(table: Table): void {
  const data = tableBundle(table); // validates before anything is sent
  currentWriter("showTable")({ data, metadata: {} }, false);
}
