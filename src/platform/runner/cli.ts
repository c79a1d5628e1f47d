/**
 * `npm start`: runs every notebook in notebooks/ (or the ones named) headless through the tslab
 * kernel and writes the executed copies to build/, each followed by its HTML page
 * (`build/<name>.html`, see src/platform/html/), and at the end `build/index.html`. Progress goes to
 * stderr, the paths written to stdout. A notebook whose run fails gets no new page.
 * Exit status: 0 all ran, 1 a cell failed or a page could not be written, 2 bad usage or the
 * kernel would not start, 130/143 interrupted by Ctrl-C/SIGTERM (the kernel is shut down first).
 */
import { readdirSync } from "fs";
import path from "path";
import { countFigures } from "../html/page";
import { pageReport, Site } from "../html/site";
import { notebooksDir, projectRoot } from "../paths";
import { Notebook } from "../nbformat";
import { ProgressEvent, runNotebook } from "./run-notebook";

const USAGE = `Usage: node dist/src/platform/runner/cli.js [options] [notebook.ipynb ...]

Executes notebooks through the tslab kernel and writes the executed copies,
each with its HTML page, and an index.html over the pages in the folder.
Without notebook arguments: every notebooks/*.ipynb, in name order.

Options:
  --out-dir DIR        where the executed copies and pages go (default: build)
  --cell-timeout SEC   fail a cell that runs longer than this (default: 3600)
  --quiet              do not echo what the cells print
  -h, --help           show this help`;

const EXIT_CELL_FAILED = 1;
const EXIT_PAGE_FAILED = 1;
const EXIT_USAGE_OR_KERNEL = 2;
const EXIT_SIGNAL_BASE = 128;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

interface CliOptions {
  notebooks: string[];
  outDir: string;
  cellTimeoutMs: number;
  quiet: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): CliOptions | "help" {
  const options: CliOptions = { notebooks: [], outDir: path.join(projectRoot(), "build"), cellTimeoutMs: 3600 * 1000, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "-h" || arg === "--help") return "help";
    else if (arg === "--out-dir") options.outDir = path.resolve(value());
    else if (arg === "--cell-timeout") {
      const seconds = Number(value());
      if (!(seconds > 0)) throw new UsageError(`--cell-timeout expects a positive number of seconds, got ${argv[i]}`);
      options.cellTimeoutMs = seconds * 1000;
    } else if (arg === "--quiet") options.quiet = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else options.notebooks.push(path.resolve(arg));
  }
  if (options.notebooks.length === 0) {
    const dir = notebooksDir();
    options.notebooks = readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => path.join(dir, f));
    if (options.notebooks.length === 0) throw new UsageError(`no notebooks in ${dir}`);
  }
  return options;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function relative(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** Prints progress to stderr: each cell as it starts and ends, with the time since the notebook started. */
function progressPrinter(quiet: boolean): (event: ProgressEvent) => void {
  const t0 = Date.now();
  const stamp = (): string => `[${seconds(Date.now() - t0).padStart(8)}]`;
  let atLineStart = true;
  return (event) => {
    switch (event.type) {
      case "kernel-ready":
        process.stderr.write(`  ${stamp()} kernel ready in ${seconds(event.startMs)} (pid ${event.pid})\n`);
        break;
      case "cell-start":
        process.stderr.write(`  ${stamp()} cell ${event.cell}/${event.cells} …\n`);
        break;
      case "cell-done":
        if (!atLineStart) process.stderr.write("\n");
        atLineStart = true;
        process.stderr.write(`  ${stamp()} cell ${event.cell}/${event.cells} ${event.ok ? "ok" : "FAILED"} in ${seconds(event.ms)}\n`);
        break;
      case "stream": {
        if (quiet) break;
        const text = event.text.replace(/\n(?!$)/g, "\n    │ ");
        process.stderr.write(`${atLineStart ? "    │ " : ""}${text}`);
        atLineStart = text.endsWith("\n");
        break;
      }
    }
  };
}

/** Writes an executed notebook's page and says so; false (after saying why) if it cannot be written. */
function writePage(site: Site, notebook: Notebook, executedPath: string): boolean {
  try {
    const written = site.writePage(notebook, executedPath);
    process.stderr.write(pageReport(written.page, written.path));
    process.stdout.write(`${relative(written.path)}\n`);
    return true;
  } catch (e) {
    process.stderr.write(`✗ ${relative(executedPath)} ran, but its page could not be written: ${(e as Error).message}\n`);
    return false;
  }
}

/** Writes the index of the pages in the output folder; false (after saying why) if it cannot be written. */
function writeIndex(site: Site): boolean {
  try {
    process.stdout.write(`${relative(site.writeIndex())}\n`);
    return true;
  } catch (e) {
    process.stderr.write(`✗ the index of ${relative(site.outDir)} could not be written: ${(e as Error).message}\n`);
    return false;
  }
}

async function main(): Promise<number> {
  let options: CliOptions | "help";
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    return EXIT_USAGE_OR_KERNEL;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== undefined) process.exit(EXIT_SIGNAL_BASE + (SIGNAL_NUMBERS[signal] ?? 0)); // second signal: kernels are killed on exit
    received = signal;
    process.stderr.write(`\n${signal}: stopping, shutting the kernel down…\n`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const t0 = Date.now();
  const site = new Site(options.outDir);
  for (const notebook of options.notebooks) {
    process.stderr.write(`▶ ${relative(notebook)}\n`);
    try {
      const result = await runNotebook(notebook, {
        outputPath: path.join(options.outDir, path.basename(notebook)),
        cellTimeoutMs: options.cellTimeoutMs,
        signal: controller.signal,
        onProgress: progressPrinter(options.quiet),
      });
      if (result.failure !== undefined) {
        const f = result.failure;
        process.stderr.write(
          `✗ ${relative(notebook)}: cell ${f.cell} of ${f.cells} failed (id ${f.cellId}, execution count ${f.executionCount ?? "none"}):\n` +
            `${f.message.replace(/^/gm, "    ")}\n` +
            `  executed up to that cell: ${relative(result.outputPath)}\n`,
        );
        return EXIT_CELL_FAILED;
      }
      const figures = countFigures(result.notebook);
      process.stderr.write(
        `✓ ${relative(notebook)}: ${result.cellTimes.length} code cells, ${figures} figure${figures === 1 ? "" : "s"}, ` +
          `${seconds(result.elapsedMs)} (kernel start ${seconds(result.kernelStartMs)})\n`,
      );
      process.stdout.write(`${relative(result.outputPath)}\n`);
      if (!writePage(site, result.notebook, result.outputPath)) return EXIT_PAGE_FAILED;
    } catch (e) {
      if (received !== undefined) {
        process.stderr.write(`interrupted in ${relative(notebook)}; the kernel was shut down\n`);
        return EXIT_SIGNAL_BASE + (SIGNAL_NUMBERS[received] ?? 0);
      }
      process.stderr.write(`✗ ${relative(notebook)}: ${(e as Error).message}\n`);
      return EXIT_USAGE_OR_KERNEL;
    }
  }
  if (!writeIndex(site)) return EXIT_PAGE_FAILED;
  process.stderr.write(`${options.notebooks.length} notebook${options.notebooks.length === 1 ? "" : "s"} executed in ${seconds(Date.now() - t0)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(EXIT_USAGE_OR_KERNEL);
  },
);
