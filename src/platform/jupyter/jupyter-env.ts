/**
 * The project's own Jupyter: a Python virtual environment in `.venv/jupyter` (gitignored) holding
 * the JupyterLab, Notebook 7 and plotly versions pinned in `requirements.txt` and `constraints.txt`
 * beside this file. `npm run lab` makes it where no `jupyter-lab` is on PATH, `.ci/run` makes it
 * with `npm run lab -- --setup-only`, and the tests drive the front-ends it holds.
 *
 * A stamp file in the environment records the hash of the pins it was installed from, so a
 * second `npm run lab` checks one file and starts at once, and a change of pins reinstalls.
 *
 * The environment also carries the project's JupyterLab defaults (`LAB_OVERRIDES`), written into
 * its `share/jupyter/lab/settings/overrides.json` on every set-up, even of an environment that is
 * already there: JupyterLab reads that file as its app-wide defaults, which a learner's own
 * settings still override.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import path from "path";
import { projectRoot } from "../paths";
import { findExecutable } from "./find-jupyter";

/** Overrides where the environment lives (a test points it at an empty folder). */
export const JUPYTER_ENV_VARIABLE = "NNDL_JUPYTER_ENV";

/** The oldest Python that JupyterLab 4.6 supports. */
const MIN_PYTHON = { major: 3, minor: 9 };

/** The stamp file inside the environment: the hash of the pins it was installed from. */
const STAMP = "nndl-pins.sha256";

/** The environment's folder: `.venv/jupyter` in the project unless {@link JUPYTER_ENV_VARIABLE} says otherwise. */
export function jupyterEnvDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env[JUPYTER_ENV_VARIABLE] ?? path.join(projectRoot(), ".venv", "jupyter"));
}

/** A program installed in the environment (`jupyter-lab`, `jupyter-nbconvert`, `python`). */
export function jupyterEnvBin(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const windows = process.platform === "win32";
  return path.join(jupyterEnvDir(env), windows ? "Scripts" : "bin", windows ? `${name}.exe` : name);
}

/** The two pin files, in the order pip takes them (`-r`, `-c`). */
export function pinFiles(): { requirements: string; constraints: string } {
  const dir = path.join(projectRoot(), "src", "platform", "jupyter");
  return { requirements: path.join(dir, "requirements.txt"), constraints: path.join(dir, "constraints.txt") };
}

/** The versions pinned in requirements.txt (`name==version` lines), by package name. */
export function pinnedVersions(): Map<string, string> {
  const pins = new Map<string, string>();
  for (const line of readFileSync(pinFiles().requirements, "utf8").split("\n")) {
    const m = line.match(/^\s*([A-Za-z0-9_.-]+)==(\S+)/);
    if (m) pins.set(m[1].toLowerCase(), m[2]);
  }
  return pins;
}

/** The hash of the pin files that the stamp records. */
export function pinsHash(): string {
  const { requirements, constraints } = pinFiles();
  return createHash("sha256").update(readFileSync(requirements)).update(readFileSync(constraints)).digest("hex");
}

/** True when the environment exists and was installed from the current pins. */
export function jupyterEnvReady(env: NodeJS.ProcessEnv = process.env): boolean {
  const stamp = path.join(jupyterEnvDir(env), STAMP);
  return (
    existsSync(jupyterEnvBin("jupyter-lab", env)) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8").trim() === pinsHash()
  );
}

/**
 * JupyterLab settings the project sets by default, by plugin id. `fetchNews: "false"`: no "official
 * Jupyter news" consent pop-up over the notebook on the first start, and no request for news (the
 * notebooks need no network); `checkForUpdates` only works with news on, so it goes off too.
 */
export const LAB_OVERRIDES = {
  "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false },
} as const;

/** Where JupyterLab in the environment reads its app-wide default settings. */
export function labOverridesFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(jupyterEnvDir(env), "share", "jupyter", "lab", "settings", "overrides.json");
}

/**
 * Writes {@link LAB_OVERRIDES} into the environment's `overrides.json`, keeping any other plugin's
 * entries found there; writes nothing when the file already says so. Returns the file.
 */
export function writeLabOverrides(env: NodeJS.ProcessEnv = process.env): string {
  const file = labOverridesFile(env);
  let current: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        current = parsed as Record<string, unknown>;
      }
    } catch {
      // Unreadable: JupyterLab would ignore it too; ours replaces it.
    }
  }
  const merged: Record<string, unknown> = { ...current };
  for (const [plugin, settings] of Object.entries(LAB_OVERRIDES)) {
    const mine = merged[plugin];
    merged[plugin] = { ...(typeof mine === "object" && mine !== null ? mine : {}), ...settings };
  }
  const wanted = JSON.stringify(merged, null, 2) + "\n";
  if (!existsSync(file) || readFileSync(file, "utf8") !== wanted) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, wanted);
  }
  return file;
}

/** A set-up that cannot go on; `message` says exactly what to install. */
export class JupyterEnvError extends Error {}

/** What to install where Python 3 itself is missing. */
export const HOW_TO_GET_PYTHON =
  `npm run lab needs Python 3.${MIN_PYTHON.minor} or newer (with its venv module) ` +
  `to install JupyterLab into .venv/jupyter.
Install it, then run npm run lab again:
  sudo apt-get install python3 python3-venv     # Debian, Ubuntu
  brew install python                           # macOS (Homebrew)
  https://www.python.org/downloads/             # Windows and others
Or use a JupyterLab of your own: with jupyter-lab on PATH, npm run lab starts that one.
The notebooks also run without Jupyter: npm start executes them all into build/.`;

/** Runs `python -c code` and returns its stdout, or undefined if it fails. */
function pythonSays(python: string, code: string): string | undefined {
  const r = spawnSync(python, ["-c", code], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The Python that will make the environment: `python3` (or `python`) on PATH, new enough and
 * able to make virtual environments with pip in them; otherwise a {@link JupyterEnvError}
 * naming what to install.
 */
export function findPython(env: NodeJS.ProcessEnv = process.env): string {
  const python = findExecutable("python3", env) ?? findExecutable("python", env);
  if (python === undefined) throw new JupyterEnvError(`No python3 on PATH.\n${HOW_TO_GET_PYTHON}`);
  const version = pythonSays(python, "import sys; print('%d.%d' % sys.version_info[:2])");
  const [major, minor] = (version ?? "").split(".").map(Number);
  if (version === undefined || major !== MIN_PYTHON.major || minor < MIN_PYTHON.minor) {
    throw new JupyterEnvError(
      `${python} is Python ${version ?? "(it did not run)"}, not 3.${MIN_PYTHON.minor} or newer.\n${HOW_TO_GET_PYTHON}`,
    );
  }
  // Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a separate package.
  if (pythonSays(python, "import venv, ensurepip") === undefined) {
    throw new JupyterEnvError(
      `${python} (Python ${version}) cannot make a virtual environment with pip: ` +
        "its venv or ensurepip module is missing.\n" +
        `  sudo apt-get install python3-venv     # Debian, Ubuntu (python${version}-venv)\n` +
        "then run npm run lab again.",
    );
  }
  return python;
}

/** Runs a set-up step with its output on our stderr (pip's progress), failing with `what` on error. */
function step(what: string, command: string, args: string[]): void {
  const r = spawnSync(command, args, { stdio: ["ignore", process.stderr, process.stderr] });
  if (r.status !== 0) {
    throw new JupyterEnvError(
      `${what} failed (${command} ${args.join(" ")}: ${r.error?.message ?? `exit status ${r.status}`}).`,
    );
  }
}

/**
 * Makes the environment if it is missing or older than the pins, showing progress on stderr
 * (`log` for our own lines, pip's output as it comes), writes the project's JupyterLab defaults
 * into it ({@link writeLabOverrides}), and returns its folder.
 */
export function ensureJupyterEnv(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const dir = jupyterEnvDir(env);
  if (jupyterEnvReady(env)) {
    writeLabOverrides(env);
    return dir;
  }
  const python = findPython(env);
  const { requirements, constraints } = pinFiles();
  const pins = [...pinnedVersions()].map(([name, version]) => `${name} ${version}`).join(", ");
  log(`Setting up the project's Jupyter in ${dir} (once; about a minute and 100 MB): ${pins}`);
  if (!existsSync(jupyterEnvBin("python", env))) {
    log(`  ${python} -m venv ${dir}`);
    step("Creating the virtual environment", python, ["-m", "venv", dir]);
  }
  const pip = [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-input",
    "--progress-bar",
    process.stderr.isTTY ? "on" : "off",
    "-r",
    requirements,
    "-c",
    constraints,
  ];
  log(`  pip install -r ${path.relative(projectRoot(), requirements)} -c ${path.relative(projectRoot(), constraints)}`);
  step("Installing JupyterLab (pip; it needs PyPI)", jupyterEnvBin("python", env), pip);
  writeLabOverrides(env);
  writeFileSync(path.join(dir, STAMP), `${pinsHash()}\n`);
  log(`  done: ${jupyterEnvBin("jupyter-lab", env)}`);
  return dir;
}
