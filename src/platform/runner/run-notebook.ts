/**
 * Executes one notebook top to bottom in a fresh tslab kernel and writes the executed copy,
 * as `jupyter nbconvert --execute` would, but with nothing but Node.
 *
 * Cells run one at a time; the first failing cell stops the run. tslab reports a failing cell
 * only through the `execute_reply` status (no iopub `error`; the message itself is printed on
 * the cell's stderr), so that is what we read. The kernel is always shut down: on success, on
 * failure, on timeout and when `signal` aborts (Ctrl-C in the CLI).
 */
import path from "path";
import { buildDir } from "../paths";
import { KernelClient, ExecuteReply } from "./client";
import { KernelProcess } from "./kernel";
import { CodeCell, joinLines, Notebook, readNotebook, TSLAB_KERNELSPEC, writeNotebook } from "../nbformat";
import { OutputRecorder } from "./outputs";

/** Default limit for one cell; training cells run for minutes, not hours. */
const DEFAULT_CELL_TIMEOUT_MS = 60 * 60 * 1000;
/** Default limit for the kernel to start and answer (it takes about 2-3 s). */
const DEFAULT_START_TIMEOUT_MS = 60 * 1000;
/** How long a kernel gets to answer a shutdown_request, and then to exit, before it is killed. */
const SHUTDOWN_REPLY_MS = 1000;
const EXIT_AFTER_SHUTDOWN_MS = 2000;
const KILL_GRACE_MS = 2000;
/** Lines of a failing cell's message kept in the report. */
const FAILURE_MESSAGE_MAX_LINES = 40;

export type ProgressEvent =
  | { type: "kernel-ready"; pid: number; startMs: number }
  | { type: "cell-start"; cell: number; cells: number }
  | { type: "cell-done"; cell: number; cells: number; ms: number; ok: boolean }
  | { type: "stream"; cell: number; name: "stdout" | "stderr"; text: string };

export interface RunOptions {
  /** Where the executed copy goes; default `build/<name>.ipynb`. */
  outputPath?: string;
  /** The kernel's environment; default this process's (so NNDL_EPOCHS reaches the notebook). */
  env?: NodeJS.ProcessEnv;
  /** Limit for one cell, in ms; default one hour. */
  cellTimeoutMs?: number;
  /** Limit for the kernel to start, in ms; default one minute. */
  startTimeoutMs?: number;
  /** Aborting stops the run, shuts the kernel down and rejects with an "AbortError". */
  signal?: AbortSignal;
  /** Called as the run progresses (the CLI prints these). */
  onProgress?: (event: ProgressEvent) => void;
}

/** Why a run stopped early. Cell numbers count every cell (markdown too), from 1, as a reader sees them. */
export interface CellFailure {
  cell: number;
  cells: number;
  cellId: string;
  executionCount: number | null;
  /** The kernel's message: its error text, or what went wrong around it (timeout, exit). */
  message: string;
}

export interface RunResult {
  notebookPath: string;
  outputPath: string;
  /** The executed notebook, as written to `outputPath`. */
  notebook: Notebook;
  ok: boolean;
  failure?: CellFailure;
  kernelStartMs: number;
  elapsedMs: number;
  /** Wall time of each executed code cell. */
  cellTimes: { cell: number; ms: number }[];
}

/** The default place of a notebook's executed copy: `build/<name>.ipynb`. */
export function defaultOutputPath(notebookPath: string): string {
  return path.join(buildDir(), path.basename(notebookPath));
}

/** Removes terminal colour codes (kernels colour their tracebacks). */
function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
}

/**
 * tslab prints a failing cell's stack down through Node's vm and tslab's own frames; the
 * frames after the cell's own (`evalmachine.<anonymous>`) say nothing about the notebook.
 */
function dropKernelFrames(text: string): string {
  const lines = text.split("\n");
  const firstForeign = lines.findIndex((l) => /^\s+at /.test(l) && !l.includes("evalmachine.<anonymous>"));
  return firstForeign < 0 ? text : lines.slice(0, firstForeign).join("\n");
}

function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split("\n");
  return lines.length <= n ? lines.join("\n") : ["…", ...lines.slice(-n)].join("\n");
}

/** The kernel's message for a failed cell: ename/evalue/traceback if sent, else the cell's stderr (tslab). */
function failureMessage(reply: ExecuteReply, cell: CodeCell): string {
  if (reply.ename !== undefined || reply.evalue !== undefined) {
    const traceback = (reply.traceback ?? []).map(stripAnsi).join("\n");
    return lastLines(`${reply.ename ?? "Error"}: ${reply.evalue ?? ""}${traceback ? `\n${traceback}` : ""}`, FAILURE_MESSAGE_MAX_LINES);
  }
  const errors = cell.outputs.filter((o) => o.output_type === "error");
  if (errors.length > 0) {
    return errors.map((e) => (e.output_type === "error" ? `${e.ename}: ${e.evalue}` : "")).join("\n");
  }
  const stderr = cell.outputs.map((o) => (o.output_type === "stream" && o.name === "stderr" ? joinLines(o.text) : "")).join("");
  return stderr.trim() === "" ? `the kernel reported status "${reply.status}" without a message` : lastLines(dropKernelFrames(stripAnsi(stderr)), FAILURE_MESSAGE_MAX_LINES);
}

/** Shuts the kernel down politely, then by signal; always leaves it gone and its files removed. */
async function stopKernel(kernel: KernelProcess, client: KernelClient | undefined): Promise<void> {
  try {
    if (client !== undefined && kernel.exit === undefined && (await client.shutdown(SHUTDOWN_REPLY_MS))) {
      await kernel.waitForExit(EXIT_AFTER_SHUTDOWN_MS);
    }
    await kernel.kill(KILL_GRACE_MS);
  } finally {
    client?.close();
    kernel.removeConnectionFile();
  }
}

/**
 * Executes every code cell of the notebook at `notebookPath` in order, in a new kernel whose
 * working directory is the notebook's folder, and writes the executed copy (also when a cell
 * fails: then up to and including the failing cell). Resolves with `ok: false` and a
 * {@link CellFailure} when a cell fails or times out; rejects if the kernel cannot start or the
 * run is aborted.
 */
export async function runNotebook(notebookPath: string, options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const source = path.resolve(notebookPath);
  const outputPath = path.resolve(options.outputPath ?? defaultOutputPath(source));
  const notebook = readNotebook(source);
  const kernelName = notebook.metadata.kernelspec?.name;
  if (kernelName !== undefined && kernelName !== TSLAB_KERNELSPEC.name) {
    throw new Error(`${source}: metadata.kernelspec.name should be "${TSLAB_KERNELSPEC.name}" (this runner starts tslab), got "${kernelName}"`);
  }
  const progress = options.onProgress ?? (() => undefined);
  const cellTimeoutMs = options.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_MS;
  const cells = notebook.cells.length;

  const kernel = await KernelProcess.start({
    cwd: path.dirname(source),
    env: options.env ?? process.env,
    runtimeDir: path.join(buildDir(), "runtime"),
  });
  const kernelGone: Promise<never> = kernel.exited.then((exit) => {
    throw new Error(
      `the kernel exited (code ${exit.code}, signal ${exit.signal})` + (kernel.stderr.trim() ? `; its stderr:\n${lastLines(kernel.stderr, 20)}` : ""),
    );
  });
  kernelGone.catch(() => undefined);

  let client: KernelClient | undefined;
  let failure: CellFailure | undefined;
  const cellTimes: { cell: number; ms: number }[] = [];
  let kernelStartMs = 0;
  try {
    client = await KernelClient.connect(kernel.connection);
    const info = await client.ready(options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, kernelGone, options.signal);
    kernelStartMs = Date.now() - started;
    progress({ type: "kernel-ready", pid: kernel.pid, startMs: kernelStartMs });
    notebook.metadata.kernelspec ??= { ...TSLAB_KERNELSPEC };
    if (info.language_info !== undefined) notebook.metadata.language_info = info.language_info;

    const recorder = new OutputRecorder();
    const cellOfRequest = new Map<string, number>();
    client.onIopub((msg) => {
      recorder.handle(msg);
      const cell = cellOfRequest.get(msg.parent_header.msg_id ?? "");
      if (msg.header.msg_type === "stream" && cell !== undefined) {
        progress({ type: "stream", cell, name: msg.content.name === "stderr" ? "stderr" : "stdout", text: String(msg.content.text ?? "") });
      }
    });

    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const number = index + 1;
      if (joinLines(cell.source).trim() === "") {
        cell.outputs = [];
        cell.execution_count = null;
        continue;
      }
      progress({ type: "cell-start", cell: number, cells });
      const cellStarted = Date.now();
      let reply: ExecuteReply | undefined;
      let problem: string | undefined;
      try {
        reply = await client.execute(joinLines(cell.source), {
          timeoutMs: cellTimeoutMs,
          signal: options.signal,
          failed: kernelGone,
          beforeSend: (msgId) => {
            recorder.beginCell(msgId, cell);
            cellOfRequest.set(msgId, number);
          },
        });
        cell.execution_count = reply.execution_count ?? null;
      } catch (e) {
        if ((e as Error).name === "AbortError") throw e;
        problem = (e as Error).message;
      }
      const ms = Date.now() - cellStarted;
      cellTimes.push({ cell: number, ms });
      const ok = reply?.status === "ok";
      progress({ type: "cell-done", cell: number, cells, ms, ok });
      if (!ok) {
        failure = {
          cell: number,
          cells,
          cellId: cell.id,
          executionCount: cell.execution_count,
          message: problem ?? failureMessage(reply as ExecuteReply, cell),
        };
        break;
      }
    }
  } finally {
    await stopKernel(kernel, client);
  }
  writeNotebook(outputPath, notebook);
  return { notebookPath: source, outputPath, notebook, ok: failure === undefined, failure, kernelStartMs, elapsedMs: Date.now() - started, cellTimes };
}
