/**
 * A small promise-based Jupyter client for one kernel, on nteract's maintained messaging
 * libraries: `enchannel-zmq-backend` (sockets, HMAC signing, over zeromq 6, the same zeromq
 * tslab uses) and `@nteract/messaging` (well-formed request messages).
 *
 * What it adds on top, because a notebook runner needs it:
 * - `ready()` repeats `kernel_info_request` until both the reply and its iopub `status` arrive,
 *   so that no output of the first cell is lost to the PUB/SUB "slow joiner" race;
 * - `execute()` resolves when the `execute_reply` and the iopub `idle` for the request have both
 *   arrived: after that, every output of the cell has been delivered. The `idle` comes after the
 *   reply; should it never come (a kernel that dropped messages), `execute()` waits a grace
 *   period after the reply, then resolves and says the output may be incomplete, rather than
 *   waiting for the cell's timeout;
 * - messages the library could not decode (bad signature) are reported, not dropped;
 * - a closed socket drops what it could not deliver (zeromq's context is not "blocky"), so that a
 *   request queued for a kernel that never answered cannot keep this process alive at its exit.
 *
 * @see https://jupyter-client.readthedocs.io/en/latest/messaging.html
 */
import { createMainChannel } from "enchannel-zmq-backend";
import { executeRequest, JupyterMessage, kernelInfoRequest, shutdownRequest } from "@nteract/messaging";
import type { ConnectionInfo } from "./kernel";
import { context } from "zeromq";

// Every socket made from here on lingers 0 ms after it is closed (set before the first one).
context.blocky = false;
import type { IopubMessage } from "./outputs";

/** How long `ready()` waits for one kernel_info round trip before asking again. */
const KERNEL_INFO_RETRY_MS = 500;
/** How long `execute()` waits for the `idle` after the reply: see {@link ExecuteOutcome}. */
export const DEFAULT_IDLE_GRACE_MS = 5000;

/** What the kernel said about itself. */
export interface KernelInfo {
  implementation?: string;
  language_info?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The content of an `execute_reply` (tslab sends only status and execution_count). */
export interface ExecuteReply {
  status: "ok" | "error" | "abort" | "aborted";
  execution_count?: number;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** What `execute()` resolves with. */
export interface ExecuteOutcome {
  reply: ExecuteReply;
  /** False when the request's iopub `idle` did not come within the grace period after its reply: output may be lost. */
  outputComplete: boolean;
  /** From the reply to the `idle` (or to the end of the grace period), in ms. */
  idleAfterReplyMs: number;
}

/** Rejects when `signal` aborts; the error's name is "AbortError". */
function abortPromise(signal: AbortSignal | undefined): { promise: Promise<never>; dispose: () => void } {
  if (signal === undefined) return { promise: new Promise<never>(() => undefined), dispose: () => undefined };
  let onAbort: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => {
      const error = new Error("interrupted");
      error.name = "AbortError";
      reject(error);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => signal.removeEventListener("abort", onAbort) };
}

/** Rejects with `message` after `ms` (never, if `ms` is Infinity). */
function timeoutPromise(ms: number, message: string): { promise: Promise<never>; dispose: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    if (Number.isFinite(ms)) timer = setTimeout(() => reject(new Error(message)), ms);
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => clearTimeout(timer) };
}

/** Replies and iopub traffic gathered for one request. */
interface Pending {
  reply?: JupyterMessage;
  idle: boolean;
  settle: () => void;
}

/** A reply and whether (and when, after the reply) its `idle` arrived. */
interface Answer {
  reply: JupyterMessage;
  idle: boolean;
  idleAfterReplyMs: number;
}

/** A connection to one kernel's shell, control, stdin and iopub channels. */
export class KernelClient {
  private readonly pending = new Map<string, Pending>();
  private readonly iopubListeners = new Set<(msg: IopubMessage) => void>();
  private undecodable = 0;

  private constructor(private readonly channel: Awaited<ReturnType<typeof createMainChannel>>) {
    channel.subscribe({
      next: (msg: JupyterMessage) => this.route(msg),
      error: () => undefined,
    });
  }

  /** Connects to the kernel described by `connection` (the kernel may still be starting). */
  static async connect(connection: ConnectionInfo): Promise<KernelClient> {
    return new KernelClient(await createMainChannel(connection));
  }

  /** Calls `listener` with every iopub message; returns a function that stops it. */
  onIopub(listener: (msg: IopubMessage) => void): () => void {
    this.iopubListeners.add(listener);
    return () => this.iopubListeners.delete(listener);
  }

  /** Messages that failed to decode so far (a wrong key shows up here). */
  get undecodableMessages(): number {
    return this.undecodable;
  }

  private route(msg: JupyterMessage): void {
    if (msg.header === undefined) {
      this.undecodable += 1; // enchannel emits `{ frames }` for what it could not verify
      return;
    }
    const parentId = (msg.parent_header as { msg_id?: string }).msg_id;
    const pending = parentId === undefined ? undefined : this.pending.get(parentId);
    if (msg.channel === "iopub") {
      for (const listener of this.iopubListeners) listener(msg as IopubMessage);
      if (
        pending !== undefined &&
        msg.header.msg_type === "status" &&
        (msg.content as { execution_state?: string }).execution_state === "idle"
      ) {
        pending.idle = true;
        pending.settle();
      }
    } else if (pending !== undefined && msg.channel !== "stdin") {
      pending.reply = msg;
      pending.settle();
    }
  }

  /**
   * Sends `request` and resolves with its reply once the reply (and, with `idleGraceMs`, the
   * iopub `idle` status of the request, or else the end of the grace period after the reply)
   * have arrived.
   */
  private request(
    request: JupyterMessage,
    options: {
      idleGraceMs?: number;
      timeoutMs: number;
      timeoutMessage: string;
      signal?: AbortSignal;
      failed?: Promise<never>;
    },
  ): Promise<Answer> {
    const id = request.header.msg_id;
    let grace: NodeJS.Timeout | undefined;
    const done = new Promise<Answer>((resolve) => {
      let repliedAt = 0;
      const answer = (idle: boolean): void =>
        resolve({ reply: pending.reply as JupyterMessage, idle, idleAfterReplyMs: Date.now() - repliedAt });
      const pending: Pending = {
        idle: false,
        settle: () => {
          if (pending.reply === undefined) return;
          if (repliedAt === 0) repliedAt = Date.now(); // the idle may come first: the channels are separate sockets
          if (options.idleGraceMs === undefined || pending.idle) return answer(pending.idle);
          grace ??= setTimeout(() => answer(false), options.idleGraceMs);
        },
      };
      this.pending.set(id, pending);
    });
    const timeout = timeoutPromise(options.timeoutMs, options.timeoutMessage);
    const abort = abortPromise(options.signal);
    this.channel.next(request);
    return Promise.race([done, timeout.promise, abort.promise, ...(options.failed ? [options.failed] : [])]).finally(
      () => {
        clearTimeout(grace);
        timeout.dispose();
        abort.dispose();
        this.pending.delete(id);
      },
    );
  }

  /**
   * Waits until the kernel answers and its iopub messages reach us. Rejects after `timeoutMs`,
   * or as soon as `failed` rejects (e.g. the kernel process exited).
   */
  async ready(timeoutMs: number, failed?: Promise<never>, signal?: AbortSignal): Promise<KernelInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) {
        const bad =
          this.undecodable > 0
            ? ` (${this.undecodable} messages arrived that failed the signature check: wrong key?)`
            : "";
        throw new Error(`the kernel did not answer kernel_info_request within ${timeoutMs / 1000} s${bad}`);
      }
      try {
        const { reply, idle } = await this.request(kernelInfoRequest(), {
          idleGraceMs: KERNEL_INFO_RETRY_MS,
          timeoutMs: Math.min(KERNEL_INFO_RETRY_MS, left),
          timeoutMessage: "retry",
          signal,
          failed,
        });
        if (idle) return reply.content as KernelInfo;
      } catch (e) {
        if ((e as Error).message !== "retry") throw e;
      }
    }
  }

  /**
   * Executes `code` and resolves with the reply once all of its output has arrived, or
   * `idleGraceMs` after the reply (default {@link DEFAULT_IDLE_GRACE_MS}) with `outputComplete: false`.
   */
  async execute(
    code: string,
    options: {
      timeoutMs: number;
      idleGraceMs?: number;
      signal?: AbortSignal;
      failed?: Promise<never>;
      beforeSend?: (msgId: string) => void;
    },
  ): Promise<ExecuteOutcome> {
    const request = executeRequest(code, {
      silent: false,
      store_history: true,
      allow_stdin: false,
      stop_on_error: true,
    });
    options.beforeSend?.(request.header.msg_id);
    const { reply, idle, idleAfterReplyMs } = await this.request(request, {
      idleGraceMs: options.idleGraceMs ?? DEFAULT_IDLE_GRACE_MS,
      timeoutMs: options.timeoutMs,
      timeoutMessage: `no reply within ${options.timeoutMs / 1000} s`,
      signal: options.signal,
      failed: options.failed,
    });
    return { reply: reply.content as ExecuteReply, outputComplete: idle, idleAfterReplyMs };
  }

  /** Asks the kernel to shut down (on the control channel); true if it replied within `timeoutMs`. */
  async shutdown(timeoutMs: number): Promise<boolean> {
    const request = shutdownRequest({ restart: false });
    request.channel = "control";
    try {
      await this.request(request, { timeoutMs, timeoutMessage: "no shutdown_reply" });
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the sockets. */
  close(): void {
    this.channel.complete();
  }
}
