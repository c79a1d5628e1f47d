/**
 * `npm run lab` with the project's Jupyter set up: `--setup-only` installs nothing, and the server
 * it starts serves notebooks/ and starts this project's tslab kernel (and ends it on request).
 */
import { expect } from "chai";
import { existsSync, readdirSync } from "fs";
import {
  JUPYTER_ENV_VARIABLE,
  jupyterEnvBin,
  jupyterEnvDir,
  jupyterEnvReady,
} from "../../src/platform/jupyter/jupyter-env";
import { kernelSpec } from "../../src/platform/jupyter/kernelspec";
import { notebooksDir } from "../../src/platform/paths";
import { freePorts } from "../../src/platform/runner/kernel";
import { isAlive, processCommandLines, runNode, skipWithout, start } from "../support/helpers";

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
});
