/**
 * `npm run bench -- --notebooks`: every notebook's Run All with its defaults, through the headless
 * runner (`platform/runner/cli.ts`), one at a time, into an output folder of the bench's own. The
 * runner prints each notebook's time and its kernel's start time; this reads them from its output.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../platform/paths";

export interface NotebookRun {
  notebook: string;
  /** Seconds from the kernel's start to the last cell's end, as the runner reports them; undefined if it failed. */
  seconds?: number;
  kernelStartSeconds?: number;
  /** Why the run failed, when it did. */
  error?: string;
}

export function runNotebooks(log: (line: string) => void): NotebookRun[] {
  const dir = path.join(projectRoot(), "notebooks");
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-bench-notebooks-"));
  const runner = path.join(projectRoot(), "dist", "src", "platform", "runner", "cli.js");
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((file) => {
      log(`notebook ${file}: Run All through the runner…`);
      const child = spawnSync(process.execPath, [runner, "--quiet", "--out-dir", outDir, path.join(dir, file)], {
        encoding: "utf8",
        maxBuffer: 64 << 20,
      });
      const done = /✓ .*?: .*?, ([\d.]+) s \(kernel start ([\d.]+) s\)/.exec(child.stderr ?? "");
      if (child.status !== 0 || done === null) {
        const last = (child.stderr ?? "").trim().split("\n").slice(-1)[0] ?? "";
        return { notebook: file, error: `the runner exited ${child.status ?? child.signal}: ${last}` };
      }
      return { notebook: file, seconds: Number(done[1]), kernelStartSeconds: Number(done[2]) };
    });
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
