/**
 * Finds programs on PATH the way a shell would: a user's own `jupyter-lab`, `python3`, chromium
 * (Jupyter's subcommands are separate programs: `jupyter-lab`, `jupyter-nbconvert`).
 */
import { accessSync, constants, statSync } from "fs";
import path from "path";

/** Where to find `name` on `PATH` (Windows extensions included), or undefined. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
