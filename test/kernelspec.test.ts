import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import os from "os";
import path from "path";
import { findFrontEnd } from "../src/platform/jupyter/find-jupyter";
import { jupyterPathDir, kernelSpec, tslabBin, withJupyterPath } from "../src/platform/jupyter/kernelspec";
import { freePorts } from "../src/platform/runner/kernel";
import { projectRoot } from "../src/platform/paths";
import { isAlive, processCommandLines, runNode, start } from "./helpers";

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
  this.timeout(60000);

  it("without Jupyter, says how to get one and exits 1", async () => {
    const r = await runNode("dist/src/platform/jupyter/lab.js", [], { env: { ...process.env, PATH: "" } });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include("pip install jupyterlab").and.include("apt-get install jupyter-notebook").and.include("npm start");
  });

  it("serves notebooks/ and starts our kernel from the registered spec", async function () {
    const frontEnd = findFrontEnd();
    if (frontEnd === undefined || !existsSync("/proc")) {
      console.log("      (skipped: no jupyter-lab or jupyter-notebook on PATH, or no /proc)");
      this.skip();
    }
    const [port] = await freePorts(1);
    const lab = start(process.execPath, ["dist/src/platform/jupyter/lab.js", "--no-browser", `--port=${port}`, "--port-retries=0"]);
    try {
      const [, token] = await lab.waitForStderr(new RegExp(`http://(?:127\\.0\\.0\\.1|localhost):${port}/\\S*token=([0-9a-f]+)`));
      const api = async (route: string, init: RequestInit = {}): Promise<Response> =>
        fetch(`http://127.0.0.1:${port}/api/${route}`, { ...init, headers: { Authorization: `token ${token}` } });

      const contents = (await (await api("contents")).json()) as { content: { name: string }[] };
      expect(contents.content.map((c) => c.name)).to.include("01-variance-of-z.ipynb");
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
      lab.kill("SIGTERM");
      await lab.done;
    }
  });
});
