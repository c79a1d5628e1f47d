/** Shared helpers of the platform tests: scratch folders, child processes, Jupyter lookup, skips. */
import { spawn, SpawnOptions } from "child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "fs";
import path from "path";
import { findExecutable } from "../../src/platform/jupyter/find-jupyter";
import { jupyterEnvBin, jupyterEnvReady } from "../../src/platform/jupyter/jupyter-env";
import { chromiumPath } from "./browser";
import { PLOTLY_LOADER_METADATA_KEY, PLOTLY_MIME } from "../../src/platform/display/bundle";
import {
  CodeCell,
  DisplayDataOutput,
  joinLines,
  Notebook,
  readNotebook,
  writeNotebook,
} from "../../src/platform/nbformat";
import { buildDir, projectRoot } from "../../src/platform/paths";

/** An empty scratch folder `build/test/<name>` (gitignored). */
export function scratchDir(name: string): string {
  const dir = path.join(buildDir(), "test", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A test fixture notebook in test/fixtures (the .ipynb files are not compiled, so not in dist/). */
export function fixture(name: string): string {
  return path.join(projectRoot(), "test", "fixtures", name);
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A started child process whose output is collected; `done` resolves when it exits. */
export interface Running {
  pid: number;
  output: () => { stdout: string; stderr: string };
  done: Promise<Finished>;
  /** Resolves once stderr matches `pattern` (rejects if the process exits first). */
  waitForStderr: (pattern: RegExp) => Promise<RegExpMatchArray>;
  kill: (signal: NodeJS.Signals) => void;
}

export function start(command: string, args: string[], options: SpawnOptions = {}): Running {
  const child = spawn(command, args, { cwd: projectRoot(), ...options, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: (() => void)[] = [];
  child.stdout?.setEncoding("utf8").on("data", (t: string) => (stdout += t));
  child.stderr?.setEncoding("utf8").on("data", (t: string) => {
    stderr += t;
    waiters.forEach((w) => w());
  });
  const done = new Promise<Finished>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    pid: child.pid as number,
    output: () => ({ stdout, stderr }),
    done,
    waitForStderr: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = stderr.match(pattern);
          if (m) resolve(m);
        };
        waiters.push(check);
        check();
        void done.then(() => reject(new Error(`exited before stderr matched ${pattern}:\n${stderr}`)));
      }),
    kill: (signal) => child.kill(signal),
  };
}

/** Runs `node <script> args…` to completion. */
export function runNode(script: string, args: string[], options: SpawnOptions = {}): Promise<Finished> {
  return start(process.execPath, [path.join(projectRoot(), script), ...args], options).done;
}

/** True while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `jupyter-nbconvert` of the project's Jupyter environment if it is set up, else on PATH, else undefined. */
export function nbconvert(): string | undefined {
  return jupyterEnvReady() ? jupyterEnvBin("jupyter-nbconvert") : findExecutable("jupyter-nbconvert");
}

/** The tools a test may need beyond Node, and how to get each. */
export const TOOLS = {
  chromium: "chromium (sudo apt-get install chromium)",
  jupyter: "the project's Jupyter (npm run lab -- --setup-only; needs python3 and python3-venv)",
} as const;

/** Set in CI (.ci/run): a test that would skip for a missing tool fails instead. */
export const REQUIRE_ALL_VARIABLE = "NNDL_REQUIRE_ALL_TOOLS";

/**
 * Skips the current test (or, from a `before` hook, its suite) because `tools` are missing; with
 * {@link REQUIRE_ALL_VARIABLE} set it fails instead.
 */
export function skipWithout(context: Mocha.Context, ...tools: (keyof typeof TOOLS)[]): never {
  const names = tools.map((t) => TOOLS[t]).join(" and ");
  if (process.env[REQUIRE_ALL_VARIABLE])
    throw new Error(`${names}: required here (${REQUIRE_ALL_VARIABLE} is set) but missing`);
  return context.skip();
}

/** The tools of {@link TOOLS} this machine lacks. */
export function missingTools(): (keyof typeof TOOLS)[] {
  return [
    ...(chromiumPath === undefined ? (["chromium"] as const) : []),
    ...(nbconvert() === undefined ? (["jupyter"] as const) : []),
  ];
}

function pendingTests(suite: Mocha.Suite | undefined): number {
  if (suite === undefined) return 0;
  return suite.tests.filter((t) => t.isPending()).length + suite.suites.reduce((n, s) => n + pendingTests(s), 0);
}

// One summary line after all tests (a root-level hook, registered once when the tests load this module).
if (typeof after === "function") {
  after(function () {
    const skipped = pendingTests(this.test?.parent);
    const missing = missingTools();
    if (skipped === 0 || missing.length === 0) return;
    console.log(
      `\n  ${skipped} test${skipped === 1 ? "" : "s"} skipped for missing tools; ` +
        `to run them install ${missing.map((t) => TOOLS[t]).join(" and ")}`,
    );
  });
}

/**
 * The Python that runs Jupyter (from the shebang of `jupyter-nbconvert`), which therefore has
 * the `nbformat` package: an independent check of the notebooks we write.
 */
export function jupyterPython(): string | undefined {
  if (jupyterEnvReady()) return jupyterEnvBin("python");
  const script = nbconvert();
  if (script === undefined) return undefined;
  const shebang = readFileSync(script, "utf8").split("\n", 1)[0];
  const m = shebang.match(/^#!\s*(\S+)(?:\s+(\S+))?/);
  if (!m) return undefined;
  return m[1].endsWith("/env") ? findExecutable(m[2]) : m[1];
}

/** The code cells of a notebook. */
export function codeCells(notebook: Notebook): CodeCell[] {
  return notebook.cells.filter((c): c is CodeCell => c.cell_type === "code");
}

/** All display outputs carrying a Plotly figure. */
export function figureOutputs(notebook: Notebook): DisplayDataOutput[] {
  return codeCells(notebook).flatMap((c) =>
    c.outputs.filter((o): o is DisplayDataOutput => o.output_type === "display_data" && PLOTLY_MIME in o.data),
  );
}

/** All outputs that carry the full plotly.js source (marked in their metadata; stubs have version null). */
export function loaderOutputs(notebook: Notebook): DisplayDataOutput[] {
  return codeCells(notebook).flatMap((c) =>
    c.outputs.filter((o): o is DisplayDataOutput => {
      if (o.output_type !== "display_data") return false;
      const mark = o.metadata[PLOTLY_LOADER_METADATA_KEY] as { version?: unknown } | undefined;
      const full = typeof mark?.version === "string";
      if (full !== joinLines((o.data["text/plain"] as string | undefined) ?? "").startsWith("plotly.js ")) {
        throw new Error("an output's plotly.js metadata does not match its content");
      }
      return full;
    }),
  );
}

/** Each code cell's outputs reduced to their kind: type, stream name, MIME types. */
export function outputShape(notebook: Notebook): string[][] {
  return codeCells(notebook).map((c) =>
    c.outputs.map((o) =>
      o.output_type === "stream"
        ? `stream:${o.name}`
        : o.output_type === "error"
          ? "error"
          : `${o.output_type}:${Object.keys(o.data).sort().join(",")}`,
    ),
  );
}

/**
 * A notebook with each run of consecutive stream outputs of one name (stdout, stderr) joined into
 * one output, as JupyterLab shows them and as our runner records them. nbclient 0.11 (the
 * project's Jupyter) keeps each stream message as its own output; Debian's older one joined them.
 */
export function joinConsecutiveStreams(notebook: Notebook): Notebook {
  const cells = notebook.cells.map((cell) => {
    if (cell.cell_type !== "code") return cell;
    const outputs: CodeCell["outputs"] = [];
    for (const output of cell.outputs) {
      const last = outputs[outputs.length - 1];
      if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
        outputs[outputs.length - 1] = { ...last, text: joinLines(last.text) + joinLines(output.text) };
      } else outputs.push(output);
    }
    return { ...cell, outputs };
  });
  return { ...notebook, cells };
}

/**
 * Executes a notebook with `jupyter nbconvert --execute` on the project's registered kernel
 * (JUPYTER_PATH) into `outDir`, and returns the path of the executed copy with its consecutive
 * streams joined ({@link joinConsecutiveStreams}; nbconvert's own file stays beside it).
 */
export async function runNbconvert(
  notebook: string,
  outDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ finished: Finished; output: string }> {
  const { withJupyterPath, writeKernelSpec } = await import("../../src/platform/jupyter/kernelspec");
  writeKernelSpec();
  const args = [
    "--to",
    "notebook",
    "--execute",
    "--ExecutePreprocessor.kernel_name=tslab",
    "--ExecutePreprocessor.timeout=3600",
    "--output-dir",
    outDir,
    notebook,
  ];
  const finished = await start(nbconvert() as string, args, { env: withJupyterPath(env) }).done;
  const executed = path.join(outDir, path.basename(notebook));
  const output = path.join(outDir, `${path.basename(notebook, ".ipynb")}.streams-joined.ipynb`);
  if (finished.code === 0) writeNotebook(output, joinConsecutiveStreams(readNotebook(executed)));
  return { finished, output };
}

/** Command lines of the running processes (Linux /proc), by process id. */
export function processCommandLines(): Map<number, string> {
  const out = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      out.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim());
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
