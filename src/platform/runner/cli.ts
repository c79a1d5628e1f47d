/**
 * `npm start`: runs every notebook in notebooks/ (or the ones named) headless through the tslab
 * kernel and writes the executed copies to build/, each followed by its HTML page
 * (`build/<name>.html`, see src/platform/html/), and at the end `build/index.html`. Progress goes to
 * stderr, the paths written to stdout. A notebook whose run fails gets no new page.
 * Exit status: 0 all ran, 1 a cell failed or a page could not be written, 2 bad usage or the
 * kernel would not start, 129/130/143 stopped by SIGHUP (a closed terminal), Ctrl-C or SIGTERM
 * (the kernel is shut down first).
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync } from "fs";
import path from "path";
import { parseArgs, ParseArgsConfig } from "util";
import { countFigures } from "../html/page";
import { pageReport, Site } from "../html/site";
import { notebooksDir, projectRoot } from "../paths";
import { Notebook } from "../nbformat";
import { MAX_TIMEOUT_MS, ProgressEvent, RunResult, runNotebook } from "./run-notebook";

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
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
/** The longest `--cell-timeout` Node's timers can keep, in whole seconds (2,147,483). */
const MAX_CELL_TIMEOUT_S = Math.floor(MAX_TIMEOUT_MS / 1000);

interface CliOptions {
  notebooks: string[];
  outDir: string;
  cellTimeoutMs: number;
  quiet: boolean;
}

class UsageError extends Error {}

const OPTIONS = {
  "out-dir": { type: "string" },
  "cell-timeout": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} satisfies ParseArgsConfig["options"];

/** Node's messages for bad arguments, said as this CLI always said them. */
function usageMessage(e: Error & { code?: string }): string {
  const option = /'(-[^ ']+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option !== undefined) return `unknown option ${option}`;
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option !== undefined)
    return `${option.split(" ")[0]} needs a value`;
  return e.message;
}

/** `--cell-timeout`'s value in ms: a positive number of seconds that Node's timers can keep. */
function cellTimeoutMs(value: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !(seconds > 0) || seconds > MAX_CELL_TIMEOUT_S) {
    throw new UsageError(
      `--cell-timeout expects a number of seconds above 0 and at most ${MAX_CELL_TIMEOUT_S} (about 24.8 days), ` +
        `got ${value}`,
    );
  }
  return seconds * 1000;
}

/** Every notebooks/*.ipynb, in name order. */
function allNotebooks(): string[] {
  const dir = notebooksDir();
  const notebooks = readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => path.join(dir, f));
  if (notebooks.length === 0) throw new UsageError(`no notebooks in ${dir}`);
  return notebooks;
}

/** The notebooks named on the command line, each checked to be a file. */
function namedNotebooks(args: string[]): string[] {
  return args.map((arg) => {
    const file = path.resolve(arg);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such notebook: ${arg}`);
    return file;
  });
}

/** The output folder, made if need be and checked to be writable before any notebook runs. */
function writableDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`--out-dir ${dir} is not a folder this process can write to (${(e as Error).message})`);
  }
  return dir;
}

function parseCommandLine(argv: string[]): CliOptions | "help" {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (e) {
    throw new UsageError(usageMessage(e as Error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return "help";
  return {
    notebooks: positionals.length > 0 ? namedNotebooks(positionals) : allNotebooks(),
    outDir: writableDir(path.resolve(values["out-dir"] ?? path.join(projectRoot(), "build"))),
    cellTimeoutMs: values["cell-timeout"] === undefined ? 3600 * 1000 : cellTimeoutMs(values["cell-timeout"]),
    quiet: values.quiet === true,
  };
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
        process.stderr.write(
          `  ${stamp()} cell ${event.cell}/${event.cells} ${event.ok ? "ok" : "FAILED"} in ${seconds(event.ms)}\n`,
        );
        break;
      case "output-incomplete":
        if (!atLineStart) process.stderr.write("\n");
        atLineStart = true;
        process.stderr.write(
          `  ⚠ cell ${event.cell}/${event.cells}: its output may be incomplete ` +
            `(no final "idle" from the kernel within ${seconds(event.graceMs)} of its reply)\n`,
        );
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
    const written = site.writePage(notebook, executedPath, true); // outputs the runner has just produced
    process.stderr.write(pageReport(written.page, written.path));
    process.stdout.write(`${relative(written.path)}\n`);
    return true;
  } catch (e) {
    process.stderr.write(
      `✗ ${relative(executedPath)} ran, but its page could not be written: ${(e as Error).message}\n`,
    );
    return false;
  }
}

/** Writes the index of the pages in the output folder; false (after saying why) if it cannot be written. */
function writeIndex(site: Site): boolean {
  try {
    const { path: written, skipped } = site.writeIndex();
    for (const problem of skipped) process.stderr.write(`⚠ left out of the index: ${problem}\n`);
    process.stdout.write(`${relative(written)}\n`);
    return true;
  } catch (e) {
    process.stderr.write(`✗ the index of ${relative(site.outDir)} could not be written: ${(e as Error).message}\n`);
    return false;
  }
}

/** The exit status for a stopping signal: 128 + its number. */
const signalStatus = (signal: NodeJS.Signals): number => EXIT_SIGNAL_BASE + (SIGNAL_NUMBERS[signal] ?? 0);

/**
 * Turns SIGHUP, SIGINT and SIGTERM into an abort (the run shuts its kernel down); a second
 * signal exits at once (the kernels are killed on exit). Returns the signal received, if any.
 */
function stopOnSignals(controller: AbortController): () => NodeJS.Signals | undefined {
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== undefined) process.exit(signalStatus(signal));
    received = signal;
    process.stderr.write(`\n${signal}: stopping, shutting the kernel down…\n`);
    controller.abort();
  };
  for (const signal of Object.keys(SIGNAL_NUMBERS) as NodeJS.Signals[]) process.on(signal, onSignal);
  return () => received;
}

/** Reports a finished run; returns an exit status if the CLI must stop here. */
function reportRun(notebook: string, result: RunResult, site: Site): number | undefined {
  for (const warning of result.warnings) process.stderr.write(`⚠ ${relative(notebook)}: ${warning}\n`);
  if (result.failure !== undefined) {
    const f = result.failure;
    process.stderr.write(
      `✗ ${relative(notebook)}: cell ${f.cell} of ${f.cells} failed ` +
        `(id ${f.cellId}, execution count ${f.executionCount ?? "none"}):\n` +
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
  return writePage(site, result.notebook, result.outputPath) ? undefined : EXIT_PAGE_FAILED;
}

/** Runs the notebooks one by one, each followed by its page, then writes the index. */
async function runAll(options: CliOptions): Promise<number> {
  const controller = new AbortController();
  const received = stopOnSignals(controller);
  const t0 = Date.now();
  const site = new Site(options.outDir);
  for (const notebook of options.notebooks) {
    process.stderr.write(`▶ ${relative(notebook)}\n`);
    let result: RunResult;
    try {
      result = await runNotebook(notebook, {
        outputPath: path.join(options.outDir, path.basename(notebook)),
        cellTimeoutMs: options.cellTimeoutMs,
        signal: controller.signal,
        onProgress: progressPrinter(options.quiet),
      });
    } catch (e) {
      const signal = received();
      if (signal !== undefined) {
        process.stderr.write(`interrupted in ${relative(notebook)}; the kernel was shut down\n`);
        return signalStatus(signal);
      }
      process.stderr.write(`✗ ${relative(notebook)}: ${(e as Error).message}\n`);
      return EXIT_USAGE_OR_KERNEL;
    }
    const stop = reportRun(notebook, result, site);
    if (stop !== undefined) return stop;
  }
  if (!writeIndex(site)) return EXIT_PAGE_FAILED;
  process.stderr.write(
    `${options.notebooks.length} notebook${options.notebooks.length === 1 ? "" : "s"} ` +
      `executed in ${seconds(Date.now() - t0)}\n`,
  );
  return 0;
}

async function main(): Promise<number> {
  let options: CliOptions | "help";
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    return EXIT_USAGE_OR_KERNEL;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return runAll(options);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(EXIT_USAGE_OR_KERNEL);
  },
);
