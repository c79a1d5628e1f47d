/**
 * A real browser for the tests: Debian's chromium, headless, driven by playwright-core (which
 * downloads nothing: it starts the installed binary). Every page opened here is guarded: a
 * request to anything but the allowed places is stopped before it leaves and recorded, and so are
 * console errors and uncaught exceptions.
 */
import { mkdirSync } from "fs";
import path from "path";
import { Browser, BrowserContext, chromium, Page } from "playwright-core";
import { findExecutable } from "../../src/platform/jupyter/find-jupyter";
import { buildDir } from "../../src/platform/paths";

/** Chromium on PATH (Debian's `chromium`; other names where a developer has another build). */
export const chromiumPath: string | undefined =
  findExecutable("chromium") ?? findExecutable("chromium-browser") ?? findExecutable("google-chrome");

export const NO_CHROMIUM = "no chromium on PATH; .ci/run installs Debian's chromium";

/**
 * Flags for a quiet, offline chromium: as root it needs `--no-sandbox`; without the background
 * networking flags it tries to reach Google's update and sync services. (playwright adds a fresh
 * `--user-data-dir` and `--headless` itself.)
 */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where the tests' screenshots go. */
export function screenshotsDir(): string {
  const dir = path.join(buildDir(), "test", "screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function launchChromium(): Promise<Browser> {
  if (chromiumPath === undefined) throw new Error(NO_CHROMIUM);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

/** What a guarded page did. */
export interface PageLog {
  /** Every request the page made (URLs), allowed or not. */
  requests: string[];
  /** Requests stopped because they would have left the machine. */
  blocked: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** The same, each with the URL of the script (or resource) it came from where the browser says. */
  errorDetails: { text: string; source?: string }[];
}

/** Empties a log, to reuse its page for another URL. */
export function clearLog(log: PageLog): void {
  for (const list of [log.requests, log.blocked, log.errors, log.errorDetails]) list.length = 0;
}

/** URLs that stay on the machine by their nature. */
const LOCAL_SCHEMES = /^(file|data|blob|about):/;

/**
 * A new page in its own context (reuse it for several URLs: chromium then keeps plotly.js
 * compiled, and a page opens in about 1 s instead of 3 s) whose requests may only go to `file:`,
 * `data:`, `blob:` and `about:` URLs and to the `allowedOrigins` given (a loopback server, whose
 * WebSockets are allowed too); everything else, WebSockets included, is stopped and recorded.
 */
export async function guardedPage(
  browser: Browser,
  allowedOrigins: string[] = [],
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport });
  const log: PageLog = { requests: [], blocked: [], errors: [], errorDetails: [] };
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    log.requests.push(url);
    const allowed =
      LOCAL_SCHEMES.test(url) || allowedOrigins.some((origin) => url === origin || url.startsWith(`${origin}/`));
    if (allowed) await route.continue();
    else {
      log.blocked.push(url);
      await route.abort("blockedbyclient");
    }
  });
  await context.routeWebSocket(/.*/, (socket) => {
    const url = socket.url();
    log.requests.push(url);
    if (allowedOrigins.some((origin) => url.replace(/^ws/, "http").startsWith(`${origin}/`))) socket.connectToServer();
    else {
      log.blocked.push(url);
      void socket.close({ reason: "blocked by the test: it would leave the machine" });
    }
  });
  const page = await context.newPage();
  const record = (text: string, source: string | undefined): void => {
    log.errors.push(text);
    log.errorDetails.push({ text, source: source || undefined });
  };
  page.on("console", (message) => {
    if (message.type() === "error") record(`console: ${message.text()}`, message.location().url);
  });
  // An uncaught exception's source: the first script URL in its stack.
  page.on("pageerror", (error) =>
    record(`uncaught: ${error.message}`, (error.stack ?? "").match(/\b(?:https?|file|blob):[^\s)]+?(?=:\d+:\d+)/)?.[0]),
  );
  return { context, page, log };
}
