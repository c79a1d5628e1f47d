/**
 * Finds the Jupyter front-ends installed on this machine, by looking for their executables on
 * PATH the way a shell would (Jupyter's subcommands are separate programs: `jupyter-lab`,
 * `jupyter-notebook`).
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

/** A Jupyter web front-end: JupyterLab if installed, else the classic Notebook. */
export interface JupyterFrontEnd {
  name: "JupyterLab" | "Jupyter Notebook";
  executable: string;
}

/** JupyterLab if present, else Jupyter Notebook, else undefined. */
export function findFrontEnd(env: NodeJS.ProcessEnv = process.env): JupyterFrontEnd | undefined {
  const lab = findExecutable("jupyter-lab", env);
  if (lab !== undefined) return { name: "JupyterLab", executable: lab };
  const notebook = findExecutable("jupyter-notebook", env);
  if (notebook !== undefined) return { name: "Jupyter Notebook", executable: notebook };
  return undefined;
}

/** What to print when no Jupyter is installed: how to get one, and what works without it. */
export const HOW_TO_GET_JUPYTER = `No Jupyter found: neither jupyter-lab nor jupyter-notebook is on PATH.
Install one, then run this again:
  pip install jupyterlab                      # JupyterLab, any system with Python 3
  sudo apt-get install jupyter-notebook       # Debian/Ubuntu: the classic Jupyter Notebook
The notebooks also run without Jupyter: npm start executes them all into build/.`;
