/**
 * `npm run lab` before any server starts: the pins it installs, and what it says on a machine
 * without Python 3 or without Python's venv module. (The server it starts: test/e2e/lab.test.ts.)
 */
import { expect } from "chai";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import path from "path";
import {
  JUPYTER_ENV_VARIABLE, jupyterEnvBin, LAB_OVERRIDES, labOverridesFile, pinFiles, pinnedVersions, pinsHash,
  writeLabOverrides,
} from "../../../src/platform/jupyter/jupyter-env";
import { runNode, scratchDir } from "../../support/helpers";

describe("npm run lab", function () {
  this.timeout(120000);
  const lab = "dist/src/platform/jupyter/lab.js";

  it("pins each package of requirements.txt at the same version in constraints.txt", () => {
    const constraints = readFileSync(pinFiles().constraints, "utf8");
    expect([...pinnedVersions().keys()]).to.include.members(["jupyterlab", "notebook", "plotly"]);
    for (const [name, version] of pinnedVersions())
      expect(constraints, name).to.match(new RegExp(`^${name}==${version.replace(/\./g, "\\.")}$`, "mi"));
  });

  it("without Python 3, says exactly what to install and exits 1", async () => {
    const env = { ...process.env, PATH: "", [JUPYTER_ENV_VARIABLE]: scratchDir("lab-no-python") };
    const r = await runNode(lab, [], { env });
    expect(r.code).to.equal(1);
    expect(r.stderr)
      .to.include("No python3 on PATH")
      .and.include("sudo apt-get install python3 python3-venv")
      .and.include("npm start");
  });

  it("with a Python that cannot make virtual environments, names python3-venv and exits 1", async () => {
    const bin = scratchDir("lab-python-without-venv");
    // A stand-in python3: answers the version question, fails the venv/ensurepip import as Debian's does
    // without python3-venv.
    writeFileSync(path.join(bin, "python3"), '#!/bin/sh\ncase "$2" in *ensurepip*) exit 1;; esac\necho 3.11\n', {
      mode: 0o755,
    });
    const env = { ...process.env, PATH: bin, [JUPYTER_ENV_VARIABLE]: path.join(bin, "env") };
    const r = await runNode(lab, [], { env });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include("cannot make a virtual environment").and.include("sudo apt-get install python3-venv");
    expect(existsSync(path.join(bin, "env")), "nothing made").to.equal(false);
  });

  it("--setup-only on an environment already there writes JupyterLab's news setting off, " +
    "keeping other overrides", async () => {
    // A stand-in environment: a jupyter-lab file and a stamp of the current pins make it "ready".
    const dir = scratchDir("lab-overrides-env");
    const env = { ...process.env, [JUPYTER_ENV_VARIABLE]: dir };
    mkdirSync(path.dirname(jupyterEnvBin("jupyter-lab", env)), { recursive: true });
    writeFileSync(jupyterEnvBin("jupyter-lab", env), "");
    writeFileSync(path.join(dir, "nndl-pins.sha256"), `${pinsHash()}\n`);
    const file = labOverridesFile(env);
    expect(file).to.equal(path.join(dir, "share", "jupyter", "lab", "settings", "overrides.json"));
    mkdirSync(path.dirname(file), { recursive: true });
    const mine = {
      "@jupyterlab/apputils-extension:themes": { theme: "JupyterLab Dark" },
      "@jupyterlab/apputils-extension:notification": { doNotDisturbMode: true },
    };
    writeFileSync(file, JSON.stringify(mine));

    const r = await runNode(lab, ["--setup-only"], { env });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).not.to.include("Setting up");
    const written = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
    expect(written["@jupyterlab/apputils-extension:notification"]).to.deep.equal({
      doNotDisturbMode: true,
      fetchNews: "false",
      checkForUpdates: false,
    });
    expect(written["@jupyterlab/apputils-extension:themes"]).to.deep.equal({ theme: "JupyterLab Dark" });
    const before = readFileSync(file, "utf8");
    writeLabOverrides(env);
    expect(readFileSync(file, "utf8"), "a second set-up changes nothing").to.equal(before);
    writeFileSync(file, "{ not json");
    writeLabOverrides(env);
    expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal(LAB_OVERRIDES);
  });
});
