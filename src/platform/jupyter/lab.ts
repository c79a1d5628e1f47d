/**
 * `npm run lab`: opens the notebooks in JupyterLab with this project's tslab kernel, which it
 * (re)writes first and makes visible through JUPYTER_PATH. A `jupyter-lab` on PATH (the user's
 * own) is used as it is; otherwise the project's own JupyterLab in `.venv/jupyter`, made on the
 * first run (see `jupyter-env.ts`), which also turns JupyterLab's "official Jupyter news" pop-up
 * off (a user's own JupyterLab keeps its own settings). Arguments after `--` go to Jupyter
 * (`npm run lab -- --no-browser --port 8899`), except `--setup-only`, which makes the project's
 * environment and exits (`.ci/run` uses it). Where the environment cannot be made it says what
 * to install and exits with status 1.
 */
import { spawn } from "child_process";
import { notebooksDir } from "../paths";
import { findExecutable } from "./find-jupyter";
import { ensureJupyterEnv, JUPYTER_ENV_VARIABLE, jupyterEnvBin, JupyterEnvError, pinnedVersions } from "./jupyter-env";
import { jupyterPathDir, withJupyterPath, writeKernelSpec } from "./kernelspec";

const EXIT_CANNOT_SET_UP = 1;
/** Makes the project's environment (even where a JupyterLab is on PATH), then exits. */
export const SETUP_ONLY_FLAG = "--setup-only";

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The project's JupyterLab, made if needed; exits with what to install where it cannot be. */
function projectJupyterLab(): string {
  try {
    ensureJupyterEnv(log);
  } catch (e) {
    if (!(e instanceof JupyterEnvError)) throw e;
    log(e.message);
    process.exit(EXIT_CANNOT_SET_UP);
  }
  return jupyterEnvBin("jupyter-lab");
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes(SETUP_ONLY_FLAG)) {
    const started = Date.now();
    const executable = projectJupyterLab();
    log(`${executable} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  // A user's own JupyterLab wins, unless NNDL_JUPYTER_ENV asks for a project environment.
  const own = process.env[JUPYTER_ENV_VARIABLE] === undefined ? findExecutable("jupyter-lab") : undefined;
  if (own !== undefined) {
    log(
      `Using your JupyterLab (${own}). For figures that draw when a notebook is reopened, install the plotly\n` +
        `renderer beside it: pip install plotly==${pinnedVersions().get("plotly")} ` +
        "(in the environment that runs that jupyter-lab).",
    );
  }
  const executable = own ?? projectJupyterLab();
  const spec = writeKernelSpec();
  const jupyterArgs = [`--notebook-dir=${notebooksDir()}`, ...args];
  // Jupyter refuses to run as root without this flag; containers and CI machines often are root.
  if (process.getuid?.() === 0 && !jupyterArgs.includes("--allow-root")) jupyterArgs.push("--allow-root");
  log(
    `JupyterLab on ${notebooksDir()}\n  kernel "tslab": ${spec}\n  JUPYTER_PATH=${jupyterPathDir()}\n  ` +
      `${executable} ${jupyterArgs.join(" ")}`,
  );
  const child = spawn(executable, jupyterArgs, { stdio: "inherit", env: withJupyterPath() });
  // Ctrl-C reaches Jupyter directly (same terminal); Jupyter asks whether to stop. We wait for it.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

main();
