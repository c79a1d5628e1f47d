/**
 * `npm run lab`: opens the notebooks in JupyterLab (or the classic Jupyter Notebook where Lab
 * is not installed) with this project's tslab kernel, which it (re)writes first and makes
 * visible through JUPYTER_PATH. Arguments after `--` go to Jupyter
 * (`npm run lab -- --no-browser --port 8899`). Without Jupyter it says how to get one and
 * exits with status 1.
 */
import { spawn } from "child_process";
import { notebooksDir } from "../paths";
import { findFrontEnd, HOW_TO_GET_JUPYTER } from "./find-jupyter";
import { jupyterPathDir, withJupyterPath, writeKernelSpec } from "./kernelspec";

const EXIT_NO_JUPYTER = 1;

function main(): void {
  const frontEnd = findFrontEnd();
  if (frontEnd === undefined) {
    process.stderr.write(`${HOW_TO_GET_JUPYTER}\n`);
    process.exit(EXIT_NO_JUPYTER);
  }
  const spec = writeKernelSpec();
  const args = [`--notebook-dir=${notebooksDir()}`, ...process.argv.slice(2)];
  // Jupyter refuses to run as root without this flag; containers and CI machines often are root.
  if (process.getuid?.() === 0 && !args.includes("--allow-root")) args.push("--allow-root");
  process.stderr.write(
    `${frontEnd.name} on ${notebooksDir()}\n` +
      `  kernel "tslab": ${spec}\n  JUPYTER_PATH=${jupyterPathDir()}\n` +
      `  ${frontEnd.executable} ${args.join(" ")}\n`,
  );
  const child = spawn(frontEnd.executable, args, { stdio: "inherit", env: withJupyterPath() });
  // Ctrl-C reaches Jupyter directly (same terminal); Jupyter asks whether to stop. We wait for it.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

main();
