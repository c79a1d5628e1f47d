/**
 * `npm run lab` with the project's Jupyter set up: `--setup-only` installs nothing, and the server
 * it starts serves notebooks/ and starts this project's tslab kernel (and ends it on request).
 */
import { expect } from "chai";
import { existsSync, readdirSync, realpathSync } from "fs";
import { spawnSync } from "child_process";
import path from "path";
import {
  JUPYTER_ENV_VARIABLE,
  jupyterEnvBin,
  jupyterEnvDir,
  jupyterEnvReady,
  labOverridesFile,
  writeLabOverrides,
} from "../../src/platform/jupyter/jupyter-env";
import { kernelSpec } from "../../src/platform/jupyter/kernelspec";
import { notebooksDir } from "../../src/platform/paths";
import { freePorts } from "../../src/platform/runner/kernel";
import { isAlive, processCommandLines, runNode, scratchDir, skipWithout, start } from "../support/helpers";

describe("npm run lab", function () {
  this.timeout(120000);
  const lab = "dist/src/platform/jupyter/lab.js";

  it("--setup-only installs nothing; the server serves notebooks/ and starts our kernel", async function () {
    if (!jupyterEnvReady() || !existsSync("/proc")) skipWithout(this, "jupyter");
    const setup = await runNode(lab, ["--setup-only"]);
    expect(setup.code, setup.stderr).to.equal(0);
    expect(setup.stderr).to.include(jupyterEnvBin("jupyter-lab")).and.not.include("Setting up");

    const [port] = await freePorts(1);
    // Without NNDL_JUPYTER_ENV a jupyter-lab on PATH would win; this test is about the project's.
    const server = start(
      process.execPath,
      [lab, "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0"],
      { env: { ...process.env, [JUPYTER_ENV_VARIABLE]: jupyterEnvDir() } },
    );
    try {
      const [, token] = await server.waitForStderr(
        new RegExp(`http://(?:127\\.0\\.0\\.1|localhost):${port}/\\S*token=([0-9a-f]+)`),
      );
      expect(server.output().stderr).to.include(jupyterEnvBin("jupyter-lab")).and.not.include("Setting up");
      const api = async (route: string, init: RequestInit = {}): Promise<Response> =>
        fetch(`http://127.0.0.1:${port}/api/${route}`, { ...init, headers: { Authorization: `token ${token}` } });

      // The first request, retried briefly: on a busy machine the URL may be printed a moment before it answers.
      let answer: Response | undefined;
      for (let i = 0; i < 20 && answer === undefined; i++)
        answer = await api("contents").catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 250)));
      expect(answer, `the server at port ${port} answers:\n${server.output().stderr}`).not.to.equal(undefined);
      const contents = (await (answer as Response).json()) as { content: { name: string }[] };
      expect(contents.content.map((c) => c.name)).to.include.members(
        readdirSync(notebooksDir()).filter((f) => f.endsWith(".ipynb")),
      );
      const specs = (await (await api("kernelspecs")).json()) as {
        kernelspecs: Record<string, { spec: { argv: string[] } }>;
      };
      expect(specs.kernelspecs.tslab.spec.argv).to.deep.equal(kernelSpec().argv);

      const kernel = (await (
        await api("kernels", { method: "POST", body: JSON.stringify({ name: "tslab" }) })
      ).json()) as { id: string };
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

  it("the project's JupyterLab reads that file as its default settings: no news pop-up", async function () {
    if (!jupyterEnvReady()) skipWithout(this, "jupyter");
    // Where the environment's JupyterLab looks for overrides.json: its app folder's settings/.
    const appDir = spawnSync(
      jupyterEnvBin("python"),
      ["-c", "from jupyterlab.commands import get_app_dir; print(get_app_dir())"],
      { encoding: "utf8" },
    );
    expect(appDir.status, appDir.stderr).to.equal(0);
    // (Compared as real paths: .venv may be a link to another checkout's.)
    expect(realpathSync(appDir.stdout.trim())).to.equal(realpathSync(path.dirname(path.dirname(labOverridesFile()))));
    expect(path.basename(path.dirname(labOverridesFile()))).to.equal("settings");
    // The file as we write it, served from a scratch settings folder (the real one belongs to `npm run lab`).
    const scratch = scratchDir("lab-overrides-server");
    const settingsDir = path.dirname(writeLabOverrides({ ...process.env, [JUPYTER_ENV_VARIABLE]: scratch }));
    const [port] = await freePorts(1);
    const token = "0123456789abcdef";
    const args = [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--IdentityProvider.token=${token}`,
      `--LabApp.app_settings_dir=${settingsDir}`,
    ];
    if (process.getuid?.() === 0) args.push("--allow-root");
    const server = start(jupyterEnvBin("jupyter-lab"), args, {
      env: {
        ...process.env,
        JUPYTER_CONFIG_DIR: path.join(scratch, "config"),
        JUPYTER_RUNTIME_DIR: path.join(scratch, "runtime"),
        JUPYTERLAB_SETTINGS_DIR: path.join(scratch, "user-settings"),
      },
    });
    try {
      await server.waitForStderr(/is running at/);
      const url = `http://127.0.0.1:${port}/lab/api/settings/@jupyterlab/apputils-extension:notification`;
      // Retried briefly: on a busy machine the server may print its URL a moment before it answers.
      let response: Response | undefined;
      for (let i = 0; i < 40 && response === undefined; i++) {
        response = await fetch(url, { headers: { Authorization: `token ${token}` } }).catch(
          () => new Promise<undefined>((r) => setTimeout(() => r(undefined), 250)),
        );
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
});
