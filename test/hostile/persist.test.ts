/**
 * Saving: `save` refuses what `load` would refuse, and a save treats the file it replaces with
 * care: its permissions and symlinks survive, temporary files that a killed save left behind are
 * cleaned up, and a long name works (or fails with its own error, not the clean-up's).
 */
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Cost, CrossEntropyCost } from "../../src/network2/cost";
import { Network } from "../../src/network2/network";
import { loadHistories, saveHistories, SavedRun } from "../../src/runs/histories";
import { LIBRARY_INDEX } from "./child";

describe("hostile: saving networks", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-save-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const network = () => new Network([3, 2, 2], { seed: 4 });

  it("refuses a custom cost, which network2's format cannot name, and writes nothing", () => {
    const custom: Cost = { ...CrossEntropyCost, name: "MyCost" as Cost["name"] };
    const lookalike: Cost = { ...CrossEntropyCost };
    for (const cost of [custom, lookalike]) {
      const file = path.join(dir, "custom.json");
      expect(() => new Network([3, 2, 2], { cost }).save(file)).to.throw(TypeError, /cannot save .*custom\.json: the cost "(MyCost|CrossEntropyCost)" \(a string\) is not CrossEntropyCost or QuadraticCost/);
      expect(fs.existsSync(file)).to.equal(false);
    }
  });

  it("refuses parameters that no longer fit the sizes (load would refuse the file)", () => {
    const net = network();
    net.weights.push(new Float64Array(4));
    expect(() => net.save(path.join(dir, "bad.json"))).to.throw(RangeError, /cannot save .*bad\.json: 3 weight matrices and 2 bias vectors, expected 2 of each/);
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it("removes the temporary files of a save that was killed, and only those", () => {
    const file = path.join(dir, "net.json");
    network().save(file);
    const gone = spawnSync(process.execPath, ["-e", ""]).pid as number; // a process that has exited
    const killed = path.join(dir, `.net.json.${gone}.1764633600000.tmp`);
    const live = path.join(dir, `.net.json.${process.ppid}.1764633600000.tmp`); // a writer still running
    const other = path.join(dir, `.other.json.${gone}.1764633600000.tmp`); // another file's
    for (const f of [killed, live, other]) fs.writeFileSync(f, "half a network");
    network().save(file);
    expect(fs.readdirSync(dir).sort()).to.deep.equal([path.basename(live), path.basename(other), "net.json"].sort());
    expect(Network.load(file).sizes).to.deep.equal([3, 2, 2]);
  });

  it("cleans up after a save really killed (SIGKILL) while writing, and the next save loads", async function () {
    this.timeout(120_000);
    const file = path.join(dir, "big.json");
    const temporaries = () => fs.readdirSync(dir).filter((name) => name.endsWith(".tmp"));
    // A writer saving a 30 MB network over and over, killed the moment its temporary file appears.
    for (let attempt = 0; attempt < 10 && temporaries().length === 0; attempt++) {
      const writer = spawn(process.execPath, ["-e", `
        const lib = require(${JSON.stringify(LIBRARY_INDEX)});
        const net = new lib.Network([784, 2000, 10], { seed: 1 });
        for (;;) net.save(${JSON.stringify(file)});`], { stdio: "ignore" });
      const exited = new Promise((resolve) => writer.on("exit", resolve));
      while (temporaries().length === 0 && writer.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 1));
      writer.kill("SIGKILL");
      await exited;
    }
    const left = temporaries();
    expect(left, "no kill landed during a write in 10 attempts").to.have.length(1);
    network().save(file);
    expect(temporaries()).to.deep.equal([]);
    expect(Network.load(file).sizes).to.deep.equal([3, 2, 2]);
  });

  it("keeps the file's permissions", () => {
    const file = path.join(dir, "private.json");
    network().save(file);
    fs.chmodSync(file, 0o600);
    network().save(file);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
  });

  it("writes through a symlink to its target, and through a dangling one", () => {
    const target = path.join(dir, "real.json");
    const link = path.join(dir, "link.json");
    network().save(target);
    fs.symlinkSync("real.json", link);
    new Network([3, 2, 2], { seed: 5 }).save(link);
    expect(fs.lstatSync(link).isSymbolicLink()).to.equal(true);
    expect(Network.load(target).weights).to.deep.equal(new Network([3, 2, 2], { seed: 5 }).weights);
    const dangling = path.join(dir, "later.json");
    fs.symlinkSync(path.join(dir, "made-later.json"), dangling);
    network().save(dangling);
    expect(fs.lstatSync(dangling).isSymbolicLink()).to.equal(true);
    expect(Network.load(path.join(dir, "made-later.json")).sizes).to.deep.equal([3, 2, 2]);
  });

  it("saves under a name near the 255-byte limit, and fails with the name's own error just beyond it", () => {
    const near = path.join(dir, `${"n".repeat(245)}.json`);
    network().save(near);
    expect(Network.load(near).sizes).to.deep.equal([3, 2, 2]);
    const beyond = path.join(dir, `${"b".repeat(251)}.json`);
    expect(() => network().save(beyond)).to.throw(/^cannot save .*b{251}\.json: ENAMETOOLONG: name too long, rename/);
    expect(fs.readdirSync(dir)).to.deep.equal([path.basename(near)]);
  });

  it("refuses to save histories that loadHistories would refuse, and writes nothing", () => {
    const file = path.join(dir, "histories.json");
    expect(() => saveHistories(file, [{ run: {}, completed: true } as unknown as SavedRun])).to.throw(/saveHistories: runs\[0\]: expected \{ run: \{ label, … \}, history: \{ epochs: \[...\] \} \}, got an object/);
    expect(fs.existsSync(file)).to.equal(false);
    expect(() => loadHistories(file)).to.throw(/cannot load histories/);
  });
});
