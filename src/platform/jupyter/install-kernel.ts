/**
 * `npm run kernel:install` (opt-in): also registers the project's tslab kernel in your own
 * Jupyter data folder, for front-ends that are not started by `npm run lab` and so do not see
 * our JUPYTER_PATH: VS Code, or a JupyterLab you already run.
 *
 * Opt-in because it writes outside the project: the spec points at this checkout and this Node
 * by absolute path (run it again after moving either), and it replaces any kernel already
 * named "tslab" (a globally installed tslab would have started this project's tslab anyway, as
 * tslab prefers the copy in the notebook's node_modules).
 */
import { execFileSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import os from "os";
import path from "path";
import { findExecutable } from "./find-jupyter";
import { kernelSpec, writeKernelSpec } from "./kernelspec";

/** Jupyter's per-user data folder: `jupyter --data-dir`, or its documented default per platform. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  const jupyter = findExecutable("jupyter", env);
  if (jupyter !== undefined) {
    try {
      return execFileSync(jupyter, ["--data-dir"], { encoding: "utf8", env }).trim();
    } catch {
      // fall back to the defaults below
    }
  }
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  if (process.platform === "win32")
    return path.join(env.APPDATA ?? path.join(os.homedir(), "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local", "share"), "jupyter");
}

function main(): void {
  const dir = userDataDir();
  const target = path.join(dir, "kernels", "tslab", "kernel.json");
  const previous = existsSync(target) ? readFileSync(target, "utf8") : undefined;
  const file = writeKernelSpec(dir, kernelSpec());
  const replaced = previous !== undefined && previous !== readFileSync(file, "utf8");
  process.stdout.write(
    `${replaced ? "replaced" : "wrote"} ${file}\n` +
      (replaced ? `  previous spec was:\n${previous.replace(/^/gm, "    ")}` : "") +
      `  to remove it: delete ${path.dirname(file)}\n`,
  );
}

if (require.main === module) main();
