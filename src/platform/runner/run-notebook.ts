/**
 * Executes one notebook top to bottom in a fresh tslab kernel and writes the executed copy,
 * as `jupyter nbconvert --execute` would, but with nothing but Node.
 *
 * Cells run one at a time; the first failing cell stops the run. tslab reports a failing cell
 * only through the `execute_reply` status (no iopub `error`; the message itself is printed on
 * the cell's stderr), so that is what we read. The kernel is always shut down: on success, on
 * failure, on timeout and when `signal` aborts (Ctrl-C in the CLI).
 *
 * Two things a cell's reply does not show are caught too: a cell whose final `idle` never came
 * (its output may be cut short) gets a warning naming it, and an unhandled promise rejection
 * (a timer's, or a promise nobody awaited), which tslab only prints into whatever cell runs
 * next, fails the run at the cell during or after which it was reported.
 */
import { accessSync, constants, mkdirSync } from "fs";
import path from "path";
import { stripVTControlCharacters } from "util";
import { buildDir } from "../paths";
import { DEFAULT_IDLE_GRACE_MS, ExecuteOutcome, ExecuteReply, KernelClient } from "./client";
import { KernelProcess } from "./kernel";
import { Cell, CodeCell, joinLines, Notebook, readNotebook, TSLAB_KERNELSPEC, writeNotebook } from "../nbformat";
import { OutputRecorder } from "./outputs";
import { describeValue } from "../../data/describe";

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
/** The longest delay Node's timers keep (2³¹ − 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export type ProgressEvent =
  | { type: "kernel-ready"; pid: number; startMs: number }
  | { type: "cell-start"; cell: number; cells: number }
  | { type: "cell-done"; cell: number; cells: number; ms: number; ok: boolean }
  | { type: "stream"; cell: number; name: "stdout" | "stderr"; text: string }
  | { type: "output-incomplete"; cell: number; cells: number; graceMs: number };

export interface RunOptions {
  /** Where the executed copy goes; default `build/<name>.ipynb`. */
  outputPath?: string;
  /** The kernel's environment; default this process's (so NNDL_EPOCHS reaches the notebook). */
  env?: NodeJS.ProcessEnv;
  /** Limit for one cell, in ms; default one hour. */
  cellTimeoutMs?: number;
  /** Limit for the kernel to start, in ms; default one minute. */
  startTimeoutMs?: number;
  /** How long after a cell's reply its final `idle` may take before its output is called incomplete; default 5 s. */
  idleGraceMs?: number;
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
  /** Cells whose output may be incomplete (their `idle` never came), with why. */
  warnings: string[];
}

/** The default place of a notebook's executed copy: `build/<name>.ipynb`. */
export function defaultOutputPath(notebookPath: string): string {
  return path.join(buildDir(), path.basename(notebookPath));
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
    const traceback = (reply.traceback ?? []).map(stripVTControlCharacters).join("\n");
    return lastLines(
      `${reply.ename ?? "Error"}: ${reply.evalue ?? ""}${traceback ? `\n${traceback}` : ""}`,
      FAILURE_MESSAGE_MAX_LINES,
    );
  }
  const errors = cell.outputs.filter((o) => o.output_type === "error");
  if (errors.length > 0) {
    return errors.map((e) => (e.output_type === "error" ? `${e.ename}: ${e.evalue}` : "")).join("\n");
  }
  const stderr = cell.outputs
    .map((o) => (o.output_type === "stream" && o.name === "stderr" ? joinLines(o.text) : ""))
    .join("");
  return stderr.trim() === ""
    ? `the kernel reported status "${reply.status}" without a message`
    : lastLines(dropKernelFrames(stripVTControlCharacters(stderr)), FAILURE_MESSAGE_MAX_LINES);
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

/** Checks a duration option: a number of ms in (0, {@link MAX_TIMEOUT_MS}]. */
function checkDuration(name: string, ms: number | undefined): void {
  if (ms === undefined) return;
  if (typeof ms !== "number" || !(ms > 0) || ms > MAX_TIMEOUT_MS) {
    throw new RangeError(
      `runNotebook: ${name} should be a number of milliseconds above 0 ` +
        `and at most ${MAX_TIMEOUT_MS} (about 24.8 days), got ${describeValue(ms)}`,
    );
  }
}

/** Reads the notebook and checks everything the run needs before a kernel starts. */
function openNotebook(source: string, outputPath: string, options: RunOptions): Notebook {
  checkDuration("cellTimeoutMs", options.cellTimeoutMs);
  checkDuration("startTimeoutMs", options.startTimeoutMs);
  checkDuration("idleGraceMs", options.idleGraceMs);
  const notebook = readNotebook(source);
  const kernelName = notebook.metadata.kernelspec?.name;
  if (kernelName !== undefined && kernelName !== TSLAB_KERNELSPEC.name) {
    throw new Error(
      `${source}: metadata.kernelspec.name should be "${TSLAB_KERNELSPEC.name}" (this runner starts tslab), ` +
        `got "${kernelName}"`,
    );
  }
  const outDir = path.dirname(outputPath);
  try {
    mkdirSync(outDir, { recursive: true });
    accessSync(outDir, constants.W_OK);
  } catch (e) {
    throw new Error(`cannot write the executed copy of ${source} into ${outDir}: ${(e as Error).message}`);
  }
  return notebook;
}

/** A promise that rejects, saying how, when the kernel process exits. */
function whenKernelGone(kernel: KernelProcess): Promise<never> {
  const gone: Promise<never> = kernel.exited.then((exit) => {
    throw new Error(
      `the kernel exited (code ${exit.code}, signal ${exit.signal})` +
        (kernel.stderr.trim() ? `; its stderr:\n${lastLines(kernel.stderr, 20)}` : ""),
    );
  });
  gone.catch(() => undefined);
  return gone;
}

/** Kernels started for one notebook when each in turn found one of its ports taken. */
const KERNEL_START_ATTEMPTS = 3;

/** A kernel that could not bind one of its ports: tslab then stays up but can never answer. */
class PortTakenError extends Error {}

/**
 * A promise that rejects when the kernel reports that one of its ports was taken: another process
 * bound it between our choosing it (`freePorts`) and the kernel's start.
 */
function whenPortTaken(kernel: KernelProcess): { taken: Promise<never>; dispose: () => void } {
  let dispose = () => undefined as void;
  const taken = new Promise<never>((_, reject) => {
    dispose = kernel.onReport((report) => {
      if (/EADDRINUSE|Address already in use/.test(report.message)) {
        reject(new PortTakenError(`the kernel could not bind its ports: ${lastLines(report.message, 3)}`));
      }
    });
  });
  taken.catch(() => undefined);
  return { taken, dispose: () => dispose() };
}

/**
 * Starts a kernel in the notebook's folder and waits until it answers. A kernel that finds one of
 * its ports taken is stopped and another started on fresh ports, up to
 * {@link KERNEL_START_ATTEMPTS} in all; any other failure stops the kernel and is thrown.
 */
async function startKernel(source: string, options: RunOptions) {
  for (let attempt = 1; ; attempt++) {
    const kernel = await KernelProcess.start({ cwd: path.dirname(source), env: options.env ?? process.env });
    const kernelGone = whenKernelGone(kernel);
    const port = whenPortTaken(kernel);
    let client: KernelClient | undefined;
    try {
      client = await KernelClient.connect(kernel.connection);
      const failed = Promise.race([kernelGone, port.taken]);
      failed.catch(() => undefined);
      const info = await client.ready(options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, failed, options.signal);
      return { kernel, kernelGone, client, info };
    } catch (e) {
      await stopKernel(kernel, client);
      if (!(e instanceof PortTakenError) || attempt >= KERNEL_START_ATTEMPTS) throw e;
    } finally {
      port.dispose();
    }
  }
}

/** One notebook's cells being executed in one kernel. */
class Execution {
  readonly cellTimes: { cell: number; ms: number }[] = [];
  readonly warnings: string[] = [];
  private readonly recorder = new OutputRecorder();
  private readonly cellOfRequest = new Map<string, number>();
  private readonly cells: number;
  /** The cell running now, or else the last one that ran (0 before the first). */
  private cell = 0;
  private running = false;
  /** The first unhandled rejection the kernel reported: the cell it was reported during or after, and the report. */
  private rejection: { cell: number; message: string } | undefined;

  constructor(
    private readonly notebook: Notebook,
    private readonly client: KernelClient,
    kernel: KernelProcess,
    private readonly kernelGone: Promise<never>,
    private readonly options: RunOptions,
    private readonly progress: (event: ProgressEvent) => void,
  ) {
    this.cells = notebook.cells.length;
    client.onIopub((msg) => {
      this.recorder.handle(msg);
      const cell = this.cellOfRequest.get(msg.parent_header.msg_id ?? "");
      if (msg.header.msg_type === "stream" && cell !== undefined) {
        this.progress({
          type: "stream",
          cell,
          name: msg.content.name === "stderr" ? "stderr" : "stdout",
          text: String(msg.content.text ?? ""),
        });
      }
    });
    kernel.onReport((report) => {
      if (report.type !== "unhandled-rejection" || this.rejection !== undefined) return;
      const when = this.running
        ? `while cell ${this.cell} ran`
        : this.cell === 0
          ? "before the first cell"
          : `after cell ${this.cell} finished`;
      this.rejection = {
        cell: this.cell,
        message:
          "an unhandled promise rejection (a promise nobody awaited, or one rejected in a timer or callback, " +
          "possibly set up by an earlier cell) " +
          `was reported ${when}:\n${lastLines(stripVTControlCharacters(report.message), FAILURE_MESSAGE_MAX_LINES)}`,
      };
    });
  }

  /** Runs the code cells in order; the first failure stops the run and is returned. */
  async run(): Promise<CellFailure | undefined> {
    for (const [index, cell] of this.notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      if (joinLines(cell.source).trim() === "") {
        cell.outputs = [];
        cell.execution_count = null;
        continue;
      }
      const failure = this.rejectionFailure() ?? (await this.runCell(cell, index + 1)) ?? this.rejectionFailure();
      if (failure !== undefined) return failure;
    }
    return undefined;
  }

  /** Executes one cell; a failure if its reply says so or it could not finish. */
  private async runCell(cell: CodeCell, number: number): Promise<CellFailure | undefined> {
    this.progress({ type: "cell-start", cell: number, cells: this.cells });
    const started = Date.now();
    this.cell = number;
    this.running = true;
    let outcome: ExecuteOutcome | undefined;
    let problem: string | undefined;
    try {
      outcome = await this.client.execute(joinLines(cell.source), {
        timeoutMs: this.options.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_MS,
        idleGraceMs: this.options.idleGraceMs ?? DEFAULT_IDLE_GRACE_MS,
        signal: this.options.signal,
        failed: this.kernelGone,
        beforeSend: (msgId) => {
          this.recorder.beginCell(msgId, cell);
          this.cellOfRequest.set(msgId, number);
        },
      });
      cell.execution_count = outcome.reply.execution_count ?? null;
    } catch (e) {
      if ((e as Error).name === "AbortError") throw e;
      problem = (e as Error).message;
    } finally {
      this.running = false;
    }
    const ms = Date.now() - started;
    this.cellTimes.push({ cell: number, ms });
    const ok = outcome?.reply.status === "ok";
    if (outcome !== undefined && !outcome.outputComplete) this.warnIncomplete(number);
    this.progress({ type: "cell-done", cell: number, cells: this.cells, ms, ok });
    if (ok) return undefined;
    return this.failure(cell, number, problem ?? failureMessage(outcome?.reply as ExecuteReply, cell));
  }

  private warnIncomplete(cell: number): void {
    const graceMs = this.options.idleGraceMs ?? DEFAULT_IDLE_GRACE_MS;
    this.warnings.push(
      `cell ${cell} of ${this.cells}: its output may be incomplete: ` +
        `the kernel's final "idle" did not arrive within ${graceMs / 1000} s of its reply`,
    );
    this.progress({ type: "output-incomplete", cell, cells: this.cells, graceMs });
  }

  /** The failure for a reported rejection, at the cell it came during or after (the first cell if before any). */
  private rejectionFailure(): CellFailure | undefined {
    if (this.rejection === undefined) return undefined;
    const number = Math.max(this.rejection.cell, 1);
    return this.failure(this.notebook.cells[number - 1], number, this.rejection.message);
  }

  private failure(cell: Cell, number: number, message: string): CellFailure {
    return {
      cell: number,
      cells: this.cells,
      cellId: cell.id,
      executionCount: cell.cell_type === "code" ? cell.execution_count : null,
      message,
    };
  }
}

/**
 * Executes every code cell of the notebook at `notebookPath` in order, in a new kernel whose
 * working directory is the notebook's folder, and writes the executed copy (also when a cell
 * fails: then up to and including the failing cell). Resolves with `ok: false` and a
 * {@link CellFailure} when a cell fails or times out, or an unhandled rejection is reported;
 * rejects if an option is out of range, the kernel cannot start or the run is aborted.
 */
export async function runNotebook(notebookPath: string, options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const source = path.resolve(notebookPath);
  const outputPath = path.resolve(options.outputPath ?? defaultOutputPath(source));
  const notebook = openNotebook(source, outputPath, options);
  const progress = options.onProgress ?? (() => undefined);

  const { kernel, kernelGone, client, info } = await startKernel(source, options);
  const kernelStartMs = Date.now() - started;
  let execution: Execution | undefined;
  let failure: CellFailure | undefined;
  try {
    progress({ type: "kernel-ready", pid: kernel.pid, startMs: kernelStartMs });
    notebook.metadata.kernelspec ??= { ...TSLAB_KERNELSPEC };
    if (info.language_info !== undefined) notebook.metadata.language_info = info.language_info;
    execution = new Execution(notebook, client, kernel, kernelGone, options, progress);
    failure = await execution.run();
  } finally {
    await stopKernel(kernel, client);
  }
  writeNotebook(outputPath, notebook);
  return {
    notebookPath: source,
    outputPath,
    notebook,
    ok: failure === undefined,
    failure,
    kernelStartMs,
    elapsedMs: Date.now() - started,
    cellTimes: execution?.cellTimes ?? [],
    warnings: execution?.warnings ?? [],
  };
}
