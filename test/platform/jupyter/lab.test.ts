/**
 * `npm run lab` before any server starts: the pins it installs, and what it says on a machine
 * without Python 3 or without Python's venv module. (The server it starts: test/e2e/lab.test.ts.)
 */
import { expect } from "chai";
import { existsSync, readFileSync, writeFileSync } from "fs";
import path from "path";
import { JUPYTER_ENV_VARIABLE, pinFiles, pinnedVersions } from "../../../src/platform/jupyter/jupyter-env";
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
});
