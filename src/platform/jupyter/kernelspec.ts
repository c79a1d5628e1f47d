/**
 * The project's Jupyter kernel: a kernelspec named `tslab` whose command runs this project's
 * own tslab (node_modules, no global install) with the Node that installed it. Jupyter finds it
 * through `JUPYTER_PATH=<project>/build/jupyter`, which `npm run lab`, the notebook tests and
 * the headless runner all use; nothing is written outside the project.
 *
 * Run as a script (`npm install` does, through `prepare`), it writes the spec and says where.
 *
 * @see https://jupyter-client.readthedocs.io/en/latest/kernels.html#kernel-specs
 */
import { mkdirSync, writeFileSync } from "fs";
import path from "path";
import { buildDir, projectRoot } from "../paths";
import { TSLAB_KERNELSPEC } from "../nbformat";

/** The kernel.json fields Jupyter reads. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal";
  metadata: Record<string, unknown>;
}

/** What Jupyter replaces with the path of the connection file when it starts a kernel. */
export const CONNECTION_FILE_PLACEHOLDER = "{connection_file}";

/** tslab's launcher inside the project. */
export function tslabBin(root = projectRoot()): string {
  return path.join(root, "node_modules", "tslab", "bin", "tslab");
}

/** The kernelspec: `<node> <project>/node_modules/tslab/bin/tslab kernel --config-path {connection_file}`. */
export function kernelSpec(root = projectRoot(), node = process.execPath): KernelSpec {
  return {
    argv: [node, tslabBin(root), "kernel", "--config-path", CONNECTION_FILE_PLACEHOLDER],
    display_name: TSLAB_KERNELSPEC.display_name,
    language: TSLAB_KERNELSPEC.language,
    interrupt_mode: "signal",
    metadata: { generated_by: "src/platform/jupyter/kernelspec.ts", project: root },
  };
}

/** The folder to put on JUPYTER_PATH (it holds `kernels/tslab/kernel.json`). */
export function jupyterPathDir(): string {
  return path.join(buildDir(), "jupyter");
}

/** Writes `<dir>/kernels/tslab/kernel.json` and returns its path. */
export function writeKernelSpec(dir = jupyterPathDir(), spec = kernelSpec()): string {
  const file = path.join(dir, "kernels", TSLAB_KERNELSPEC.name, "kernel.json");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(spec, null, 1)}\n`);
  return file;
}

/** `env` with our kernelspec folder first on JUPYTER_PATH (so it wins over any other `tslab`). */
export function withJupyterPath(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const rest = env.JUPYTER_PATH ? [env.JUPYTER_PATH] : [];
  return { ...env, JUPYTER_PATH: [jupyterPathDir(), ...rest].join(path.delimiter) };
}

if (require.main === module) {
  const file = writeKernelSpec();
  console.log(
    `tslab kernel for this project: ${file}\n` +
      `  (Jupyter finds it with JUPYTER_PATH=${jupyterPathDir()}; npm run lab sets that)`,
  );
}
