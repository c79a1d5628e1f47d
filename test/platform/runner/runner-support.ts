/** What the runner tests share: where a runner's kernels keep their connection files; waiting for a process to go. */
import { existsSync, readdirSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { buildDir } from "../../../src/platform/paths";
import { isAlive } from "../../support/helpers";

/** The runner CLI, as `npm start` runs it. */
export const CLI = "dist/src/platform/runner/cli.js";

/**
 * Every connection file of a kernel started by the runner process `runnerPid`, wherever it is:
 * in the project (`build/runtime`, where they used to go) or in a private folder in the system's
 * temporary folder. Connection files are named `kernel-<runner pid>-<port>.json`.
 */
export function connectionFiles(runnerPid: number): string[] {
  const mine = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.startsWith(`kernel-${runnerPid}-`))
          .map((f) => path.join(dir, f))
      : [];
  const temporary = readdirSync(tmpdir())
    .filter((d) => d.startsWith("nndl-kernel-"))
    .flatMap((d) => mine(path.join(tmpdir(), d)));
  return [...mine(path.join(buildDir(), "runtime")), ...temporary];
}

/** Resolves true once `pid` is gone, false if it is still there after `ms` (polled, not timed). */
export async function gone(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    if (!isAlive(pid)) return true;
  }
  return !isAlive(pid);
}
