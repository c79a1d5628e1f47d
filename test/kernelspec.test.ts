import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "fs";
import { spawnSync } from "child_process";
import os from "os";
import path from "path";
import {
  JUPYTER_ENV_VARIABLE, jupyterEnvBin, jupyterEnvDir, jupyterEnvReady, LAB_OVERRIDES, labOverridesFile, pinFiles, pinnedVersions, pinsHash,
  writeLabOverrides,
} from "../src/platform/jupyter/jupyter-env";
import { jupyterPathDir, kernelSpec, tslabBin, withJupyterPath } from "../src/platform/jupyter/kernelspec";
import { freePorts } from "../src/platform/runner/kernel";
import { notebooksDir, projectRoot } from "../src/platform/paths";
import { isAlive, processCommandLines, runNode, scratchDir, skipWithout, start } from "./helpers";

describe("kernelspec: the project's tslab kernel", () => {
  it("runs this project's tslab with this Node, by absolute paths", () => {
    const spec = kernelSpec();
    expect(spec.argv).to.deep.equal([process.execPath, path.join(projectRoot(), "node_modules/tslab/bin/tslab"), "kernel", "--config-path", "{connection_file}"]);
    expect(existsSync(tslabBin())).to.equal(true);
    expect(spec).to.include({ display_name: "TypeScript (tslab, this project)", language: "typescript" });
  });

  it("is written by `npm install` (prepare) into build/jupyter, the folder put on JUPYTER_PATH", async () => {
    const manifest = JSON.parse(readFileSync(path.join(projectRoot(), "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepare).to.include("node dist/src/platform/jupyter/kernelspec.js");
    const r = await runNode("dist/src/platform/jupyter/kernelspec.js", []);
    expect(r.code).to.equal(0);
    const file = path.join(jupyterPathDir(), "kernels", "tslab", "kernel.json");
    expect(r.stdout).to.include(file).and.include(`JUPYTER_PATH=${jupyterPathDir()}`);
    expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal(kernelSpec());
  });

  it("puts its folder first on JUPYTER_PATH and keeps what was there", () => {
    expect(withJupyterPath({}).JUPYTER_PATH).to.equal(jupyterPathDir());
    expect(withJupyterPath({ JUPYTER_PATH: "/a" }).JUPYTER_PATH).to.equal(`${jupyterPathDir()}${path.delimiter}/a`);
  });
});

describe("npm run kernel:install (opt-in)", () => {
  it("writes the same spec into the user's Jupyter data folder and says when it replaced one", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "jupyter-data-"));
    const env = { ...process.env, JUPYTER_DATA_DIR: dataDir };
    const file = path.join(dataDir, "kernels", "tslab", "kernel.json");
    const first = await runNode("dist/src/platform/jupyter/install-kernel.js", [], { env });
    expect(first.code).to.equal(0);
    expect(first.stdout).to.match(new RegExp(`^wrote ${file}`));
    expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal(kernelSpec());
    writeFileSync(file, '{"argv": ["someone", "else"]}');
    const second = await runNode("dist/src/platform/jupyter/install-kernel.js", [], { env });
    expect(second.stdout).to.match(/^replaced /).and.include('"someone"');
  });
});

describe("npm run lab", function () {
  this.timeout(120000);
  const lab = "dist/src/platform/jupyter/lab.js";

  it("pins each package of requirements.txt at the same version in constraints.txt", () => {
    const constraints = readFileSync(pinFiles().constraints, "utf8");
    expect([...pinnedVersions().keys()]).to.include.members(["jupyterlab", "notebook", "plotly"]);
    for (const [name, version] of pinnedVersions()) expect(constraints, name).to.match(new RegExp(`^${name}==${version.replace(/\./g, "\\.")}$`, "mi"));
  });

  it("without Python 3, says exactly what to install and exits 1", async () => {
    const env = { ...process.env, PATH: "", [JUPYTER_ENV_VARIABLE]: scratchDir("lab-no-python") };
    const r = await runNode(lab, [], { env });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include("No python3 on PATH").and.include("sudo apt-get install python3 python3-venv").and.include("npm start");
  });

  it("with a Python that cannot make virtual environments, names python3-venv and exits 1", async () => {
    const bin = scratchDir("lab-python-without-venv");
    // A stand-in python3: answers the version question, fails the venv/ensurepip import as Debian's does without python3-venv.
    writeFileSync(path.join(bin, "python3"), '#!/bin/sh\ncase "$2" in *ensurepip*) exit 1;; esac\necho 3.11\n', { mode: 0o755 });
    const env = { ...process.env, PATH: bin, [JUPYTER_ENV_VARIABLE]: path.join(bin, "env") };
    const r = await runNode(lab, [], { env });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include("cannot make a virtual environment").and.include("sudo apt-get install python3-venv");
    expect(existsSync(path.join(bin, "env")), "nothing made").to.equal(false);
  });

  it("--setup-only on an environment already there writes JupyterLab's news setting off, keeping other overrides", async () => {
    // A stand-in environment: a jupyter-lab file and a stamp of the current pins make it "ready".
    const dir = scratchDir("lab-overrides-env");
    const env = { ...process.env, [JUPYTER_ENV_VARIABLE]: dir };
    mkdirSync(path.dirname(jupyterEnvBin("jupyter-lab", env)), { recursive: true });
    writeFileSync(jupyterEnvBin("jupyter-lab", env), "");
    writeFileSync(path.join(dir, "nndl-pins.sha256"), `${pinsHash()}\n`);
    const file = labOverridesFile(env);
    expect(file).to.equal(path.join(dir, "share", "jupyter", "lab", "settings", "overrides.json"));
    mkdirSync(path.dirname(file), { recursive: true });
    const mine = { "@jupyterlab/apputils-extension:themes": { theme: "JupyterLab Dark" }, "@jupyterlab/apputils-extension:notification": { doNotDisturbMode: true } };
    writeFileSync(file, JSON.stringify(mine));

    const r = await runNode(lab, ["--setup-only"], { env });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).not.to.include("Setting up");
    const written = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
    expect(written["@jupyterlab/apputils-extension:notification"]).to.deep.equal({ doNotDisturbMode: true, fetchNews: "false", checkForUpdates: false });
    expect(written["@jupyterlab/apputils-extension:themes"]).to.deep.equal({ theme: "JupyterLab Dark" });
    const before = readFileSync(file, "utf8");
    writeLabOverrides(env);
    expect(readFileSync(file, "utf8"), "a second set-up changes nothing").to.equal(before);
    writeFileSync(file, "{ not json");
    writeLabOverrides(env);
    expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal(LAB_OVERRIDES);
  });

  it("the project's JupyterLab reads that file as its default settings: no news pop-up", async function () {
    if (!jupyterEnvReady()) skipWithout(this, "jupyter");
    // Where the environment's JupyterLab looks for overrides.json: its app folder's settings/.
    const appDir = spawnSync(jupyterEnvBin("python"), ["-c", "from jupyterlab.commands import get_app_dir; print(get_app_dir())"], { encoding: "utf8" });
    expect(appDir.status, appDir.stderr).to.equal(0);
    // (Compared as real paths: .venv may be a link to another checkout's.)
    expect(realpathSync(appDir.stdout.trim())).to.equal(realpathSync(path.dirname(path.dirname(labOverridesFile()))));
    expect(path.basename(path.dirname(labOverridesFile()))).to.equal("settings");
    // The file as we write it, served from a scratch settings folder (the real one belongs to `npm run lab`).
    const scratch = scratchDir("lab-overrides-server");
    const settingsDir = path.dirname(writeLabOverrides({ ...process.env, [JUPYTER_ENV_VARIABLE]: scratch }));
    const [port] = await freePorts(1);
    const token = "0123456789abcdef";
    const args = ["--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--IdentityProvider.token=${token}`, `--LabApp.app_settings_dir=${settingsDir}`];
    if (process.getuid?.() === 0) args.push("--allow-root");
    const server = start(jupyterEnvBin("jupyter-lab"), args, {
      env: { ...process.env, JUPYTER_CONFIG_DIR: path.join(scratch, "config"), JUPYTER_RUNTIME_DIR: path.join(scratch, "runtime"), JUPYTERLAB_SETTINGS_DIR: path.join(scratch, "user-settings") },
    });
    try {
      await server.waitForStderr(/is running at/);
      const url = `http://127.0.0.1:${port}/lab/api/settings/@jupyterlab/apputils-extension:notification`;
      // Retried briefly: on a busy machine the server may print its URL a moment before it answers.
      let response: Response | undefined;
      for (let i = 0; i < 40 && response === undefined; i++) {
        response = await fetch(url, { headers: { Authorization: `token ${token}` } }).catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 250)));
      }
      expect(response?.status, server.output().stderr).to.equal(200);
      response = response as Response;
      const plugin = (await response.json()) as { schema: { properties: Record<string, { default: unknown }> } };
      expect(plugin.schema.properties.fetchNews.default).to.equal("false");
      expect(plugin.schema.properties.checkForUpdates.default).to.equal(false);
    } finally {
      server.kill("SIGTERM");
      await server.done;
    }
  });

  it("with the project's Jupyter set up, --setup-only installs nothing and the server serves notebooks/ with our kernel", async function () {
    if (!jupyterEnvReady() || !existsSync("/proc")) skipWithout(this, "jupyter");
    const setup = await runNode(lab, ["--setup-only"]);
    expect(setup.code, setup.stderr).to.equal(0);
    expect(setup.stderr).to.include(jupyterEnvBin("jupyter-lab")).and.not.include("Setting up");

    const [port] = await freePorts(1);
    // Without NNDL_JUPYTER_ENV a jupyter-lab on PATH would win; this test is about the project's.
    const server = start(process.execPath, [lab, "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0"], { env: { ...process.env, [JUPYTER_ENV_VARIABLE]: jupyterEnvDir() } });
    try {
      const [, token] = await server.waitForStderr(new RegExp(`http://(?:127\\.0\\.0\\.1|localhost):${port}/\\S*token=([0-9a-f]+)`));
      expect(server.output().stderr).to.include(jupyterEnvBin("jupyter-lab")).and.not.include("Setting up");
      const api = async (route: string, init: RequestInit = {}): Promise<Response> =>
        fetch(`http://127.0.0.1:${port}/api/${route}`, { ...init, headers: { Authorization: `token ${token}` } });

      // The first request, retried briefly: on a busy machine the URL may be printed a moment before it answers.
      let answer: Response | undefined;
      for (let i = 0; i < 20 && answer === undefined; i++) answer = await api("contents").catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 250)));
      expect(answer, `the server at port ${port} answers:\n${server.output().stderr}`).not.to.equal(undefined);
      const contents = (await (answer as Response).json()) as { content: { name: string }[] };
      expect(contents.content.map((c) => c.name)).to.include.members(readdirSync(notebooksDir()).filter((f) => f.endsWith(".ipynb")));
      const specs = (await (await api("kernelspecs")).json()) as { kernelspecs: Record<string, { spec: { argv: string[] } }> };
      expect(specs.kernelspecs.tslab.spec.argv).to.deep.equal(kernelSpec().argv);

      const kernel = (await (await api("kernels", { method: "POST", body: JSON.stringify({ name: "tslab" }) })).json()) as { id: string };
      const command = `${kernelSpec().argv.slice(0, 4).join(" ")} `;
      let pid: number | undefined;
      for (let i = 0; i < 50 && pid === undefined; i++) {
        for (const [p, cmd] of processCommandLines()) if (cmd.startsWith(command) && cmd.includes(kernel.id)) pid = p;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 100));
      }
      expect(pid, `a process "${command}… kernel-${kernel.id}.json"`).to.be.a("number");
      expect((await api(`kernels/${kernel.id}`, { method: "DELETE" })).status).to.equal(204);
      for (let i = 0; i < 50 && isAlive(pid as number); i++) await new Promise((r) => setTimeout(r, 100));
      expect(isAlive(pid as number), "kernel process after DELETE").to.equal(false);
    } finally {
      server.kill("SIGTERM");
      await server.done;
    }
  });
});
