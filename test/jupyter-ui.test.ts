/**
 * One notebook in a real Jupyter front-end: Debian's classic Jupyter Notebook (6.x) serves it on
 * loopback with the project's kernel (found through JUPYTER_PATH, as `npm run lab` does),
 * chromium opens it, Cell → Run All runs it through the menus, and the figures draw there too,
 * with no console error and nothing leaving the machine.
 *
 * The notebook is a copy in build/test/jupyter-ui/notebooks/ (Jupyter saves what it runs; the
 * committed notebook stays clean) beside a `dist` link to the project's build, so its
 * `import … from "../dist/src"` reaches the library as from notebooks/.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { copyFileSync, mkdirSync, symlinkSync } from "fs";
import { createServer } from "net";
import path from "path";
import { randomBytes } from "crypto";
import type { Browser, Page } from "playwright-core";
import { findExecutable } from "../src/platform/jupyter/find-jupyter";
import { withJupyterPath, writeKernelSpec } from "../src/platform/jupyter/kernelspec";
import { projectRoot } from "../src/platform/paths";
import { joinLines, readNotebook } from "../src/platform/nbformat";
import { chromiumPath, guardedPage, launchChromium, NO_CHROMIUM, PageLog, screenshotsDir } from "./browser";
import { EXECUTION_TIMEOUT_MS, executedNotebook, failureText, notebookFiles, TEST_ENV } from "./executed";
import { codeCells, figureOutputs, isAlive, processCommandLines, Running, scratchDir, start } from "./helpers";

/** The classic Notebook UI whose menus this test clicks (Notebook 7 is JupyterLab-based). */
const CLASSIC_MAJOR_VERSION = 6;
/** Limits: the server to answer, the kernel to be ready, the run, the figures to draw. */
const SERVER_START_MS = 60000;
const KERNEL_READY_MS = 120000;
const RUN_ALL_MS = 10 * 60 * 1000;
const DRAW_MS = 30000;
/** How long the server gets to shut its kernel down after SIGTERM. */
const SERVER_STOP_MS = 10000;
/** Height cap of the screenshot (the notebook scrolls inside Jupyter's page, so we grow the window). */
const SCREENSHOT_MAX_HEIGHT = 12000;

const jupyterNotebook = findExecutable("jupyter-notebook");

function classicVersion(): string | undefined {
  if (jupyterNotebook === undefined) return undefined;
  return execFileSync(jupyterNotebook, ["--version"], { encoding: "utf8" }).trim();
}

/** A free TCP port on loopback (asked of the OS, then released for Jupyter to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The first notebook that shows figures (else the first notebook): the one opened in Jupyter. */
function notebookToOpen(): string | undefined {
  const files = notebookFiles();
  return files.find((f) => codeCells(readNotebook(f)).some((c) => /\bshowFigure\s*\(/.test(joinLines(c.source)))) ?? files[0];
}

/** `promise`, or a rejection with `message` after `ms` (the timer does not outlive the race). */
async function within<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for a condition evaluated in the page (a string: the project has no DOM types). */
async function waitInPage(page: Page, condition: string, timeout: number, what: string, log: PageLog): Promise<void> {
  await page.waitForFunction(condition, undefined, { timeout, polling: 250 }).catch((e: Error) => {
    throw new Error(`Jupyter: ${what} (${e.message.split("\n")[0]}); console errors: ${log.errors.join("; ") || "none"}`);
  });
}

const KERNEL_IDLE = `document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null`;
const KERNEL_READY = `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()) && ${KERNEL_IDLE}`;
/** Code cells with source: the ones Run All executes. */
const CODE_CELLS = `Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code" && c.get_text().trim() !== "")`;
/** Run All has finished: nothing queued or running (`In [*]`), the kernel idle, something ran. */
const RUN_FINISHED = `${CODE_CELLS}.every((c) => c.input_prompt_number !== "*") && ${CODE_CELLS}.some((c) => typeof c.input_prompt_number === "number") && ${KERNEL_IDLE}`;
const figuresDrawn = (n: number): string =>
  `(() => { const f = [...document.querySelectorAll("#notebook .output_area .nndl-figure")]; return f.length === ${n} && f.every((e) => e.querySelector("svg.main-svg") !== null); })()`;

describe("a notebook in Jupyter Notebook (classic UI, in chromium)", function () {
  this.timeout(EXECUTION_TIMEOUT_MS + RUN_ALL_MS); // the shared run of the notebooks may come first
  const file = notebookToOpen();
  let dir: string;
  let server: Running | undefined;
  let browser: Browser | undefined;

  before(function () {
    const version = classicVersion();
    const missing =
      chromiumPath === undefined
        ? NO_CHROMIUM
        : version === undefined
          ? "jupyter-notebook is not installed; .ci/run installs Debian's"
          : Number(version.split(".")[0]) !== CLASSIC_MAJOR_VERSION
            ? `jupyter-notebook ${version} is not the classic Notebook ${CLASSIC_MAJOR_VERSION} UI this test drives (Debian's jupyter-notebook is)`
            : file === undefined
              ? "no notebook in notebooks/"
              : undefined;
    if (missing !== undefined) {
      console.log(`      (skipped: ${missing})`);
      this.skip();
    }
    dir = scratchDir("jupyter-ui");
  });

  after(async function () {
    this.timeout(SERVER_STOP_MS + 10000);
    await browser?.close();
    if (server !== undefined) {
      server.kill("SIGTERM"); // Notebook 6 shuts its kernels down on SIGTERM
      const stopped = await within(server.done, SERVER_STOP_MS, () => "").then(() => true, () => false);
      if (!stopped) server.kill("SIGKILL");
    }
    // A kernel the server failed to stop is ours (its connection file is in our runtime folder).
    for (const [pid, command] of processCommandLines()) if (command.includes(path.join(dir, "runtime")) && isAlive(pid)) process.kill(pid, "SIGKILL");
  });

  it("Cell → Run All runs every cell on the project's kernel and every figure draws", async () => {
    const source = file as string;
    const name = path.basename(source);
    const executed = await executedNotebook(source);
    expect(executed.ok, failureText(executed)).to.equal(true);
    const expectedFigures = figureOutputs(executed.notebook).length;

    mkdirSync(path.join(dir, "notebooks"));
    copyFileSync(source, path.join(dir, "notebooks", name));
    symlinkSync(path.join(projectRoot(), "dist"), path.join(dir, "dist"), "dir");
    writeKernelSpec();
    const port = await freePort();
    const token = randomBytes(16).toString("hex");
    const origin = `http://127.0.0.1:${port}`;
    const env = {
      ...withJupyterPath(TEST_ENV),
      JUPYTER_CONFIG_DIR: path.join(dir, "config"), // no user configuration or extensions
      JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"),
    };
    const args = ["--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${token}`, `--notebook-dir=${path.join(dir, "notebooks")}`];
    if (process.getuid?.() === 0) args.push("--allow-root");
    server = start(jupyterNotebook as string, args, { env });
    await within(server.waitForStderr(/is running at/), SERVER_START_MS, () => `jupyter-notebook did not start in ${SERVER_START_MS} ms:\n${server?.output().stderr}`);

    browser = await launchChromium();
    const { page, log } = await guardedPage(browser, [origin]);
    await page.goto(`${origin}/notebooks/${encodeURIComponent(name)}?token=${token}`, { waitUntil: "load" });
    await waitInPage(page, KERNEL_READY, KERNEL_READY_MS, "the tslab kernel did not become ready", log);
    expect(await page.evaluate(`Jupyter.notebook.kernel.name`)).to.equal("tslab");

    await page.click("#celllink"); // the Cell menu
    await page.click("#run_all_cells"); // Run All
    await waitInPage(page, RUN_FINISHED, RUN_ALL_MS, "Run All did not finish", log);
    const prompts = (await page.evaluate(`${CODE_CELLS}.map((c) => c.input_prompt_number)`)) as unknown[];
    const stderr = (await page.evaluate(`[...document.querySelectorAll("#notebook .output_stderr, #notebook .output_error")].map((e) => e.textContent)`)) as string[];
    expect(prompts.every((p) => typeof p === "number"), `every cell ran (prompts ${JSON.stringify(prompts)}); stderr: ${stderr.join("\n")}`).to.equal(true);

    await waitInPage(page, figuresDrawn(expectedFigures), DRAW_MS, `expected ${expectedFigures} figures, each with an svg.main-svg`, log);
    const height = (await page.evaluate(`document.querySelector("#notebook").scrollHeight + document.querySelector("#header").offsetHeight`)) as number;
    await page.setViewportSize({ width: 1280, height: Math.min(height, SCREENSHOT_MAX_HEIGHT) });
    await page.screenshot({ path: path.join(screenshotsDir(), `jupyter-${path.basename(name, ".ipynb")}.png`) });

    expect(log.errors, "console errors in Jupyter").to.deep.equal([]);
    expect(log.blocked, "requests that would have left the machine").to.deep.equal([]);
    console.log(`      ${name} in Jupyter Notebook: ${prompts.length} cells run, ${expectedFigures} figures drawn, ${log.requests.length} requests (${log.blocked.length} blocked)`);
  });
});
