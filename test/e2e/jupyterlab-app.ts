/**
 * The real JupyterLab 4 and Notebook 7 of the project's Jupyter environment (`.venv/jupyter`),
 * served on loopback with the project's kernel (JUPYTER_PATH, as `npm run lab` does) and driven
 * in chromium as a learner would: open a notebook, click menus and toolbar buttons, watch cells
 * and figures. Page state is read through `window.jupyterapp` (`--expose-app-in-browser`).
 *
 * Each server gets its own configuration, settings, workspaces and runtime folders under
 * build/test/, so no user set-up leaks in and kernels it leaves behind can be found.
 */
import { randomBytes } from "crypto";
import { mkdirSync, writeFileSync } from "fs";
import path from "path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { jupyterEnvBin } from "../../src/platform/jupyter/jupyter-env";
import { withJupyterPath, writeKernelSpec } from "../../src/platform/jupyter/kernelspec";
import { freePorts } from "../../src/platform/runner/kernel";
import { guardedPage, PageLog } from "../support/browser";
import { isAlive, processCommandLines, Running, start } from "../support/helpers";

/** The two front-ends, by the program that serves each and the page that opens a notebook. */
export const FRONT_ENDS = {
  "JupyterLab 4": { program: "jupyter-lab", page: (name: string) => `lab/tree/${encodeURIComponent(name)}?reset` },
  "Notebook 7": { program: "jupyter-notebook", page: (name: string) => `notebooks/${encodeURIComponent(name)}` },
} as const;
export type FrontEndName = keyof typeof FRONT_ENDS;

const SERVER_START_MS = 90_000;
const SERVER_STOP_MS = 15_000;
const KERNEL_READY_MS = 120_000;

/**
 * Cells in every cell's DOM, not only those in view: JupyterLab 4's default windowing lays out
 * off-screen cells lazily, and a figure that is never laid out cannot be counted.
 */
const NOTEBOOK_SETTINGS = { windowingMode: "none" };

/** A running Jupyter server. */
export interface JupyterServer {
  frontEnd: FrontEndName;
  origin: string;
  token: string;
  /** The folder it serves. */
  root: string;
  process: Running;
  /** Calls the server's REST API. */
  api(route: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts `frontEnd` on `root` with `env` for its kernels, and waits until it answers. */
export async function startJupyter(
  frontEnd: FrontEndName,
  root: string,
  scratch: string,
  env: NodeJS.ProcessEnv,
): Promise<JupyterServer> {
  writeKernelSpec();
  const [port] = await freePorts(1);
  const token = randomBytes(16).toString("hex");
  const origin = `http://127.0.0.1:${port}`;
  const settings = path.join(scratch, "settings");
  mkdirSync(path.join(settings, "@jupyterlab", "notebook-extension"), { recursive: true });
  writeFileSync(
    path.join(settings, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"),
    JSON.stringify(NOTEBOOK_SETTINGS),
  );
  const runtime = path.join(scratch, "runtime");
  const serverEnv = {
    ...withJupyterPath(env),
    JUPYTER_CONFIG_DIR: path.join(scratch, "config"),
    JUPYTER_RUNTIME_DIR: runtime,
    JUPYTERLAB_SETTINGS_DIR: settings,
    JUPYTERLAB_WORKSPACES_DIR: path.join(scratch, "workspaces"),
  };
  const args = [
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${root}`,
    "--expose-app-in-browser",
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  const server = start(jupyterEnvBin(FRONT_ENDS[frontEnd].program), args, { env: serverEnv });
  const api = (route: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${origin}/api/${route}`, { ...init, headers: { Authorization: `token ${token}` } });
  await within(
    server.waitForStderr(/is running at/),
    SERVER_START_MS,
    () => `${frontEnd} did not start in ${SERVER_START_MS} ms:\n${server.output().stderr}`,
  );
  return {
    frontEnd,
    origin,
    token,
    root,
    process: server,
    api,
    stop: async () => {
      server.kill("SIGTERM"); // Jupyter Server shuts its kernels down on SIGTERM
      const stopped = await within(server.done, SERVER_STOP_MS, () => "").then(
        () => true,
        () => false,
      );
      if (!stopped) server.kill("SIGKILL");
      // A kernel the server failed to stop is ours (its connection file is in our runtime folder).
      for (const [pid, command] of processCommandLines())
        if (command.includes(runtime) && isAlive(pid)) process.kill(pid, "SIGKILL");
    },
  };
}

/** `promise`, or a rejection with `message` after `ms` (the timer does not outlive the race). */
export async function within<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Shuts down every kernel of the server (the notebooks' kernels hold MNIST: a few hundred MB each). */
export async function shutDownKernels(server: JupyterServer): Promise<void> {
  const kernels = (await (await server.api("kernels")).json()) as { id: string }[];
  for (const { id } of kernels) await server.api(`kernels/${id}`, { method: "DELETE" });
}

/** An open notebook in a guarded chromium page. */
export interface OpenNotebook {
  context: BrowserContext;
  page: Page;
  log: PageLog;
}

/** The notebook panel in view, as page code (the project has no DOM types, so strings). */
const PANEL = `window.jupyterapp.shell.currentWidget`;
/** Its code cells with source: the ones Run All executes. */
const CODE_CELLS =
  `${PANEL}.content.widgets` +
  '.filter((c) => c.model.type === "code" && c.model.sharedModel.getSource().trim() !== "")';
const KERNEL_STATUS = `${PANEL}?.sessionContext?.session?.kernel?.status`;

/** Opens `name` (in the server's root) and waits until its kernel is idle. */
export async function openNotebook(browser: Browser, server: JupyterServer, name: string): Promise<OpenNotebook> {
  const { context, page, log } = await guardedPage(browser, [server.origin], { width: 1280, height: 1000 });
  const page_ = FRONT_ENDS[server.frontEnd].page(name);
  await page.goto(`${server.origin}/${page_}${page_.includes("?") ? "&" : "?"}token=${server.token}`, {
    waitUntil: "load",
  });
  await waitInPage(
    page,
    `!!window.jupyterapp && ${PANEL}?.context?.path === ${JSON.stringify(name)} && ` +
      `${KERNEL_STATUS} === "idle" && ${PANEL}.content.widgets.length > 0`,
    KERNEL_READY_MS,
    `${name}: the kernel did not become idle`,
    log,
  );
  return { context, page, log };
}

/** Waits for a condition evaluated in the page. */
export async function waitInPage(
  page: Page,
  condition: string,
  timeout: number,
  what: string,
  log: PageLog,
  polling = 250,
): Promise<void> {
  await page.waitForFunction(condition, undefined, { timeout, polling }).catch((e: Error) => {
    throw new Error(`${what} (${e.message.split("\n")[0]}); errors: ${log.errors.join("; ") || "none"}`);
  });
}

/** Clicks a menu of the menu bar, then one of its items by the command it runs. */
export async function clickMenu(page: Page, menu: string, command: string): Promise<void> {
  await page
    .locator(".lm-MenuBar-item", { hasText: new RegExp(`^${menu}$`) })
    .first()
    .click();
  await page.locator(`.lm-Menu .lm-Menu-item[data-command="${command}"]`).first().click();
}

/** Clicks a button of the notebook's toolbar by its command (the stop button: notebook:interrupt-kernel). */
export async function clickToolbar(page: Page, command: string): Promise<void> {
  await page.locator(`.jp-NotebookPanel-toolbar [data-command="${command}"]`).first().click();
}

/** What the page shows of each code cell (with source), in order. */
export interface CellState {
  index: number;
  executionCount: number | null;
  /** The prompt shows `[*]`: queued or running. */
  busy: boolean;
  outputs: { output_type: string; name?: string; text?: string | string[]; ename?: string }[];
}

export async function cellStates(page: Page): Promise<CellState[]> {
  return (await page.evaluate(`${CODE_CELLS}.map((c) => ({
    index: ${PANEL}.content.widgets.indexOf(c),
    executionCount: c.model.executionCount,
    busy: (c.node.querySelector(".jp-InputPrompt")?.textContent ?? "").includes("*"),
    outputs: c.model.outputs.toJSON(),
  }))`)) as CellState[];
}

export async function kernelStatus(page: Page): Promise<string | undefined> {
  return (await page.evaluate(KERNEL_STATUS)) as string | undefined;
}

/** Run All (or a restart-and-run) has finished: nothing queued or running, the kernel idle. */
export const RUN_FINISHED =
  `${KERNEL_STATUS} === "idle" && ` +
  `${CODE_CELLS}.every((c) => !(c.node.querySelector(".jp-InputPrompt")?.textContent ?? "").includes("*"))`;

/** Plotly figures drawn in the notebook: `.js-plotly-plot` elements holding their `.main-svg`. */
export const FIGURES_DRAWN =
  `[...${PANEL}.content.node.querySelectorAll(".js-plotly-plot")]` +
  '.filter((e) => e.querySelector(".main-svg") !== null).length';

/**
 * Each figure drawn shows the traces its output holds now (after live updates): per cell, the
 * trace counts of its Plotly outputs equal those of its drawn figures, in order.
 */
export const FIGURES_MATCH_OUTPUTS = `${PANEL}.content.widgets.filter((c) => c.model.type === "code").every((c) => {
  const held = c.model.outputs.toJSON().filter((o) => o.data && o.data["application/vnd.plotly.v1+json"])
    .map((o) => o.data["application/vnd.plotly.v1+json"].data.length);
  const drawn = [...c.node.querySelectorAll(".js-plotly-plot")].map((gd) => (gd.data ?? []).length);
  return JSON.stringify(held) === JSON.stringify(drawn);
})`;

/** The number of points of each trace of each drawn figure in cell `index`. */
export async function tracePoints(page: Page, index: number): Promise<number[][]> {
  // A band (a filled polygon, `fill: "toself"`) goes out along its upper edge and back along its
  // lower one: its points are not one per epoch, so it is left out.
  return (await page.evaluate(
    `[...${PANEL}.content.widgets[${index}].node.querySelectorAll(".js-plotly-plot")]` +
      '.map((gd) => (gd.data ?? []).filter((t) => t.fill !== "toself").map((t) => (t.y ?? t.x ?? []).length))',
  )) as number[][];
}

/** Makes cell `index` the active one (as a click on it would). */
export async function selectCell(page: Page, index: number): Promise<void> {
  await page.evaluate(`${PANEL}.content.activeCellIndex = ${index}`);
}

/**
 * Errors that are the notebook's or ours: uncaught exceptions and console errors raised by the
 * notebook's outputs (their inline scripts, plotly.js, the plotly renderer) rather than by the
 * front-end's own code. JupyterLab logs errors of its own extensions (its debugger's "No active
 * debugger session" with a kernel that has no debugger, a missing favicon); those stay out.
 */
export function ourErrors(log: PageLog, origin: string): string[] {
  const frontEndAsset = new RegExp(
    `^${origin.replace(/[.]/g, "\\.")}/` +
      "(static|lab/extensions/(?!jupyterlab-plotly)|lab/api|api|favicon|nbextensions|custom)",
  );
  return log.errorDetails.filter((e) => !(e.source !== undefined && frontEndAsset.test(e.source))).map((e) => e.text);
}
