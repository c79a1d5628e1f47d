/**
 * One tslab kernel process: free ports, a connection file, the process started with the same
 * command line as the registered kernelspec, and a shutdown that always ends it.
 *
 * No kernel outlives its runner, however the runner ends:
 * - every kernel started here is remembered until it exits, and killed (its runtime folder
 *   removed) if this process exits first (test runner done, `process.exit`, a second Ctrl-C);
 * - a process cannot run code when it is killed with SIGKILL, so each kernel also watches a pipe
 *   to this process and ends itself when the pipe closes (`kernel-guard.ts`). That covers every
 *   way to die without a process group (the kernel is in ours, but a signal to the runner alone
 *   does not reach it) or a sweep at the next start (which would leave kernels running until then).
 *
 * The connection file, which holds the key that signs every message, lives in a fresh private
 * folder under the system's temporary folder (mode 0700), never in the project, so the runner
 * works with a read-only checkout; the folder goes when the kernel does.
 *
 * @see https://jupyter-client.readthedocs.io/en/latest/kernels.html#connection-files
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import net from "net";
import os from "os";
import path from "path";
import { createInterface } from "readline";
import { Readable } from "stream";
import { CONNECTION_FILE_PLACEHOLDER, kernelSpec } from "../jupyter/kernelspec";
import { GUARD_ENV, GUARD_FD, GuardReport } from "./kernel-guard";

/** The connection file's fields (what enchannel-zmq-backend connects with). */
export interface ConnectionInfo {
  version: number;
  transport: "tcp";
  ip: string;
  signature_scheme: "hmac-sha256";
  key: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/** The kernel listens on loopback only. */
const LOOPBACK = "127.0.0.1";
/** Bytes of randomness in the HMAC key that signs every message. */
const KEY_BYTES = 32;
/** Kernel stderr kept for error messages (tslab reports start-up failures there). */
const STDERR_TAIL_CHARS = 4000;

/** `count` distinct free TCP ports on loopback, held open together so they differ. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once("error", reject);
          server.listen(0, LOOPBACK, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

/** Fresh connection info: five free ports and a random key. */
export async function newConnectionInfo(): Promise<ConnectionInfo> {
  const [shell, iopub, stdin, control, hb] = await freePorts(5);
  return {
    version: 5,
    transport: "tcp",
    ip: LOOPBACK,
    signature_scheme: "hmac-sha256",
    key: randomBytes(KEY_BYTES).toString("hex"),
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
  };
}

/** How the kernel ended. */
export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The kernels still running, with their runtime folders. */
const live = new Map<ChildProcess, string>();
process.on("exit", () => {
  for (const [child, runtimeDir] of live) {
    child.kill("SIGKILL");
    rmSync(runtimeDir, { recursive: true, force: true });
  }
});

/** The compiled guard the kernel loads first (`kernel-guard.ts`). */
const GUARD_MODULE = path.join(__dirname, "kernel-guard.js");

export interface KernelStartOptions {
  /** The kernel's working directory: the notebook's folder (Jupyter's convention). */
  cwd: string;
  /** The kernel's environment (the notebook reads e.g. NNDL_EPOCHS from it). */
  env: NodeJS.ProcessEnv;
  /** Where the kernel's private runtime folder is made; default the system's temporary folder. */
  tmpDir?: string;
  /** The ports and key to start it on; fresh ones (`newConnectionInfo`) by default. */
  connection?: ConnectionInfo;
}

/** The kernelspec's command line with the guard loaded before tslab. */
function guardedArgv(connectionFile: string): string[] {
  const [node, ...rest] = kernelSpec().argv.map((a) => (a === CONNECTION_FILE_PLACEHOLDER ? connectionFile : a));
  if (node !== process.execPath)
    throw new Error(`kernel: the kernelspec should start this Node (${process.execPath}), it starts ${node}`);
  return [node, "--require", GUARD_MODULE, ...rest];
}

/** A started tslab kernel process. */
export class KernelProcess {
  /** Resolves when the process has exited. */
  readonly exited: Promise<KernelExit>;
  private stderrTail = "";
  private exitInfo: KernelExit | undefined;
  private readonly reportListeners = new Set<(report: GuardReport) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ConnectionInfo,
    readonly connectionFile: string,
  ) {
    live.set(child, path.dirname(connectionFile));
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        live.delete(child);
        this.removeConnectionFile(); // however it ended and whoever stopped it
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    child.stdout?.resume(); // tslab logs there before the first cell; nobody reads it
    const guard = child.stdio[GUARD_FD] as Readable | null;
    if (guard !== null) {
      createInterface({ input: guard }).on("line", (line) => {
        let report: GuardReport;
        try {
          report = JSON.parse(line) as GuardReport;
        } catch {
          return;
        }
        for (const listener of this.reportListeners) listener(report);
      });
    }
  }

  /** Calls `listener` with what the kernel's guard reports (unhandled rejections); returns a function that stops it. */
  onReport(listener: (report: GuardReport) => void): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  /**
   * Writes a connection file into a new private folder and starts
   * `<node> --require kernel-guard.js node_modules/tslab/bin/tslab kernel --config-path <file>`.
   */
  static async start(options: KernelStartOptions): Promise<KernelProcess> {
    const connection = options.connection ?? (await newConnectionInfo());
    const runtimeDir = mkdtempSync(path.join(options.tmpDir ?? os.tmpdir(), "nndl-kernel-")); // mode 0700
    const file = path.join(runtimeDir, `kernel-${process.pid}-${connection.shell_port}.json`);
    let child: ChildProcess;
    try {
      writeFileSync(file, JSON.stringify(connection, null, 1), { mode: 0o600 });
      const [command, ...args] = guardedArgv(file);
      child = spawn(command, args, {
        cwd: options.cwd,
        env: { ...options.env, [GUARD_ENV]: runtimeDir },
        stdio: ["ignore", "pipe", "pipe", "pipe"],
      });
    } catch (e) {
      rmSync(runtimeDir, { recursive: true, force: true });
      throw e;
    }
    const kernel = new KernelProcess(child, connection, file);
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", (e) => {
        kernel.removeConnectionFile();
        reject(new Error(`cannot start the tslab kernel (${child.spawnargs.join(" ")}): ${e.message}`));
      });
    });
    return kernel;
  }

  /** The operating-system process id. */
  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error("kernel: no process id (the process failed to start)");
    return pid;
  }

  /** How the process ended, once it has. */
  get exit(): KernelExit | undefined {
    return this.exitInfo;
  }

  /** The last lines the kernel wrote to its own stderr (start-up errors end up there). */
  get stderr(): string {
    return this.stderrTail;
  }

  /** Waits up to `ms` for the process to exit; true if it has. */
  async waitForExit(ms: number): Promise<boolean> {
    if (this.exitInfo !== undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const done = await Promise.race([this.exited.then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }

  /** SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it is gone. */
  async kill(graceMs: number): Promise<void> {
    if (this.exitInfo !== undefined) return;
    this.child.kill("SIGTERM");
    if (!(await this.waitForExit(graceMs))) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }

  /** Removes the connection file and its private folder. */
  removeConnectionFile(): void {
    rmSync(path.dirname(this.connectionFile), { recursive: true, force: true });
  }
}
