/** The project's tslab kernelspec: what it runs, where `npm install` writes it, the opt-in `npm run kernel:install`. */
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import os from "os";
import path from "path";
import { jupyterPathDir, kernelSpec, tslabBin, withJupyterPath } from "../../../src/platform/jupyter/kernelspec";
import { projectRoot } from "../../../src/platform/paths";
import { runNode } from "../../support/helpers";

describe("kernelspec: the project's tslab kernel", () => {
  it("runs this project's tslab with this Node, by absolute paths", () => {
    const spec = kernelSpec();
    expect(spec.argv).to.deep.equal([
      process.execPath,
      path.join(projectRoot(), "node_modules/tslab/bin/tslab"),
      "kernel",
      "--config-path",
      "{connection_file}",
    ]);
    expect(existsSync(tslabBin())).to.equal(true);
    expect(spec).to.include({ display_name: "TypeScript (tslab, this project)", language: "typescript" });
  });

  it("is written by `npm install` (prepare) into build/jupyter, the folder put on JUPYTER_PATH", async () => {
    const manifest = JSON.parse(readFileSync(path.join(projectRoot(), "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
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
    expect(second.stdout)
      .to.match(/^replaced /)
      .and.include('"someone"');
  });
});
