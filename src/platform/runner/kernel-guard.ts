/**
 * Loaded into every kernel the runner starts (`node --require kernel-guard.js tslab kernel …`),
 * so the kernel itself makes three promises the runner cannot make from outside:
 *
 * - **It dies with the runner.** The runner hands the kernel one end of a pipe (file descriptor
 *   {@link GUARD_FD}); when the runner ends, however it ends (SIGKILL included), the operating
 *   system closes its end. A worker thread watches the pipe, so a cell stuck in a synchronous loop
 *   cannot stop it; on end of file it removes the kernel's runtime folder (connection file and its
 *   signing key) and kills its own process.
 * - **It does not drop output.** tslab sends every iopub message with zeromq.js's `send()`
 *   without waiting; after 512 sends in one synchronous stretch zeromq.js delays the next one
 *   and refuses the rest with "busy", so a cell printing 2,000 lines lost three quarters of them
 *   and its final `idle`. Its Publisher is given no send timeout (zeromq.js then always sends at
 *   once) and no queue limit.
 * - **It reports unhandled rejections.** tslab prints them into whichever cell runs next; the
 *   guard also writes one JSON line to the pipe, so the runner can fail the run naming the cell.
 *
 * Only the kernel's main thread installs it, and only when {@link GUARD_ENV} is set (the runner
 * sets it in the kernel's environment); the variable is removed at once, so nothing the notebook
 * starts inherits it. Kept free of imports from the rest of the project: it runs inside tslab.
 */
import { rmSync, writeSync } from "fs";
import { isMainThread, Worker } from "worker_threads";

/** The kernel's file descriptor of the pipe to the runner (after stdin, stdout, stderr). */
export const GUARD_FD = 3;
/** Environment variable holding the runtime folder the guard removes when the runner is gone. */
export const GUARD_ENV = "NNDL_KERNEL_GUARD_RUNTIME_DIR";

/** What the guard writes to the pipe, one JSON object a line. */
export interface GuardReport {
  type: "unhandled-rejection";
  message: string;
}

/** The watcher, as a worker's source: it has its own event loop, so a busy kernel cannot block it. */
const WATCHER_SOURCE = `
const { workerData } = require("worker_threads");
const net = require("net");
const fs = require("fs");
const pipe = new net.Socket({ fd: workerData.fd, readable: true, writable: false });
const gone = () => {
  try {
    fs.rmSync(workerData.runtimeDir, { recursive: true, force: true });
  } finally {
    process.kill(process.pid, "SIGKILL");
  }
};
pipe.on("end", gone);
pipe.on("error", gone);
pipe.resume();
`;

/** Makes zeromq.js's Publisher (tslab's iopub socket) send at once and queue without limit. */
function publisherWithoutLimits(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zmq = require(require.resolve("zeromq", { paths: [require.resolve("tslab/package.json")] })) as {
    Publisher: new (options?: Record<string, unknown>) => object;
  };
  const Publisher = zmq.Publisher;
  zmq.Publisher = class extends Publisher {
    constructor(options: Record<string, unknown> = {}) {
      super({ sendTimeout: 0, sendHighWaterMark: 0, ...options });
    }
  };
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  try {
    return typeof reason === "string" ? reason : (JSON.stringify(reason) ?? String(reason));
  } catch {
    return String(reason);
  }
}

function install(runtimeDir: string): void {
  delete process.env[GUARD_ENV];
  publisherWithoutLimits();
  const watcher = new Worker(WATCHER_SOURCE, { eval: true, workerData: { fd: GUARD_FD, runtimeDir } });
  watcher.unref();
  process.on("unhandledRejection", (reason) => {
    const report: GuardReport = { type: "unhandled-rejection", message: reasonText(reason) };
    try {
      writeSync(GUARD_FD, `${JSON.stringify(report)}\n`);
    } catch {
      // the runner is gone; the watcher ends this process
    }
  });
}

const runtimeDir = process.env[GUARD_ENV];
if (isMainThread && runtimeDir !== undefined) {
  try {
    install(runtimeDir);
  } catch (e) {
    process.stderr.write(`kernel-guard: ${(e as Error).message}\n`);
    rmSync(runtimeDir, { recursive: true, force: true });
    process.exit(1);
  }
}
