/**
 * Hostile cases that could hang, crash or leave threads behind run in a child `node -e` with a
 * time limit, so the test sees how the process ended (its status, its output, or that it had to
 * be killed) instead of hanging or dying with it.
 */
import { spawnSync } from "child_process";
import path from "path";

/** The compiled library's entry point, as a child script requires it. */
export const LIBRARY_INDEX = path.resolve(__dirname, "..", "..", "src", "index.js");

/** A prelude for child scripts: the library as `lib`, and `labelled(count, inputSize, classes)`, small fixed data. */
const PRELUDE = `
const lib = require(${JSON.stringify(LIBRARY_INDEX)});
const labelled = (count, inputSize, classes) => lib.labelledData(
  Float32Array.from({ length: count * inputSize }, (_, i) => ((i * 37) % 11) / 11), inputSize,
  Uint8Array.from({ length: count }, (_, i) => i % classes), classes);
`;

export interface ChildOutcome {
  /** The exit status, or null when a signal ended it. */
  status: number | null;
  stdout: string;
  stderr: string;
  /** Whether it was still running at the time limit (and was killed). */
  timedOut: boolean;
}

/** Runs `script` (after the prelude) in a fresh Node process, killed after `timeoutMs`. */
export function runChild(script: string, timeoutMs = 30_000): ChildOutcome {
  const result = spawnSync(process.execPath, ["-e", PRELUDE + script], {
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut };
}
