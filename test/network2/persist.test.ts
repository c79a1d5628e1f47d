/**
 * network2's JSON format: round trips, a file written by hand, bad files. Then saving with care:
 * `save` refuses what `load` would refuse, the file it replaces keeps its permissions and symlinks,
 * temporary files that a killed save left behind are cleaned up, and a long name works (or fails
 * with its own error, not the clean-up's).
 */
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Cost, CrossEntropyCost, QuadraticCost } from "../../src/network2/cost";
import { Network } from "../../src/network2/network";
import { loadNetworkFile, parseNetworkJson } from "../../src/network2/persist";
import { sigmoid } from "../../src/network2/sigmoid";
import { projectRoot } from "../../src/platform/paths";
import { LIBRARY_INDEX } from "../support/child";
import { expectSameParameters, syntheticTargets } from "../support/synthetic";

const FIXTURE = path.join(projectRoot(), "test", "fixtures", "network2-2-2-1.json");

describe("save and load (network2's JSON format)", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "net-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("round-trips a trained network exactly", () => {
    const net = new Network([7, 5, 3], { cost: QuadraticCost, seed: 4 });
    net.sgd(syntheticTargets(1, 20, 7, 3), { epochs: 1, miniBatchSize: 4, eta: 0.5, lmbda: 0.1 });
    const file = path.join(dir, "net.json");
    net.save(file);
    const loaded = Network.load(file);
    expect(loaded.sizes).to.deep.equal([7, 5, 3]);
    expect(loaded.cost).to.equal(QuadraticCost);
    expectSameParameters(loaded, net);
  });

  it("writes network2's layout: weights as rows × columns, biases as columns, the cost's class name", () => {
    const net = new Network([3, 2], { seed: 1 });
    const file = path.join(dir, "net.json");
    net.save(file);
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(Object.keys(json).sort()).to.deep.equal(["biases", "cost", "sizes", "weights"]);
    expect(json.cost).to.equal("CrossEntropyCost");
    expect(json.weights[0]).to.deep.equal([
      Array.from(net.weights[0].subarray(0, 3)),
      Array.from(net.weights[0].subarray(3, 6)),
    ]);
    expect(json.biases[0]).to.deep.equal([[net.biases[0][0]], [net.biases[0][1]]]);
  });

  it("loads a file in network2's format written by hand, and computes its output", () => {
    const net = Network.load(FIXTURE);
    expect(net.sizes).to.deep.equal([2, 2, 1]);
    expect(net.cost).to.equal(CrossEntropyCost);
    // By hand: z¹ = (0.1·1 + 0.2·2 + 0.5, 0.3·1 + 0.4·2 − 0.5) = (1.0, 0.6);
    // a² = σ(0.6σ(1) − 0.7σ(0.6) + 0.1).
    const expected = sigmoid(0.6 * sigmoid(1.0) - 0.7 * sigmoid(0.6) + 0.1);
    expect(net.feedforward([1, 2])[0]).to.be.closeTo(expected, 1e-15);
  });

  it("never destroys the previous file when a save fails", () => {
    const file = path.join(dir, "net.json");
    const good = new Network([3, 2], { seed: 1 });
    good.save(file);
    const before = fs.readFileSync(file, "utf8");
    const bad = new Network([3, 2], { seed: 2 });
    bad.weights[0][4] = NaN;
    expect(() => bad.save(file)).to.throw(
      RangeError,
      /cannot save .*net\.json: weights\[0\]\[1\]\[1\] = NaN, expected finite numbers of magnitude at most 1e\+30/,
    );
    expect(fs.readFileSync(file, "utf8")).to.equal(before);
    // A save that fails at the rename (the target is a directory) leaves no temporary file behind.
    const blocked = path.join(dir, "blocked.json");
    fs.mkdirSync(blocked);
    expect(() => good.save(blocked)).to.throw(/cannot save .*blocked\.json/);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(["blocked.json", "net.json"]);
    expect(() => good.save(path.join(dir, "missing", "net.json"))).to.throw(/cannot save .*missing/);
  });

  describe("rejects bad files, naming the file and the field", () => {
    const valid = () => JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
    const cases: [string, (j: Record<string, unknown>) => unknown, RegExp][] = [
      [
        "a missing field",
        (j) => {
          delete j.biases;
          return j;
        },
        /x\.json: missing field "biases"/,
      ],
      [
        "sizes that are not layer sizes",
        (j) => ({ ...j, sizes: [2] }),
        /x\.json: field "sizes": expected an array of two or more positive integers, got \[2\]/,
      ],
      [
        "an unknown cost",
        (j) => ({ ...j, cost: "LogLikelihood" }),
        /x\.json: field "cost": unknown cost "LogLikelihood"/,
      ],
      [
        "too few weight matrices",
        (j) => ({ ...j, weights: [(j.weights as unknown[])[0]] }),
        /field "weights": expected an array of 2 matrices/,
      ],
      [
        "a weight matrix with a row too short",
        (j) => {
          (j.weights as number[][][])[0][1] = [0.3];
          return j;
        },
        /field "weights\[0\]\[1\]": expected a row of 2 numbers, got \[0\.3\]/,
      ],
      [
        "a bias that is not a column",
        (j) => {
          (j.biases as unknown[][])[1] = [0.1];
          return j;
        },
        /field "biases\[1\]\[0\]": expected a row of 1 number, got 0\.1/,
      ],
      [
        "a weight that is not a number",
        (j) => {
          (j.weights as unknown[][][])[1][0][1] = "x";
          return j;
        },
        /field "weights\[1\]\[0\]\[1\]": expected a finite number of magnitude at most 1e\+30, got "x" \(a string\)/,
      ],
      ["a top level that is not an object", () => [1, 2], /x\.json: field "\(top level\)": expected an object/],
    ];
    for (const [what, corrupt, message] of cases) {
      it(what, () => expect(() => parseNetworkJson(corrupt(valid()), "x.json")).to.throw(message));
    }

    it("a missing file and a file that is not JSON", () => {
      expect(() => loadNetworkFile(path.join(dir, "nope.json"))).to.throw(/cannot load .*nope\.json: file not found/);
      const broken = path.join(dir, "broken.json");
      fs.writeFileSync(broken, '{"sizes": [2, 1], "weights": [NaN]}');
      expect(() => Network.load(broken)).to.throw(/cannot load .*broken\.json: not valid JSON/);
    });
  });
});

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
      expect(() => new Network([3, 2, 2], { cost }).save(file)).to.throw(
        TypeError,
        new RegExp(
          String.raw`cannot save .*custom\.json: the cost "(MyCost|CrossEntropyCost)" \(a string\) ` +
            "is not CrossEntropyCost or QuadraticCost",
        ),
      );
      expect(fs.existsSync(file)).to.equal(false);
    }
  });

  it("refuses parameters that no longer fit the sizes (load would refuse the file)", () => {
    const net = network();
    net.weights.push(new Float64Array(4));
    expect(() => net.save(path.join(dir, "bad.json"))).to.throw(
      RangeError,
      /cannot save .*bad\.json: 3 weight matrices and 2 bias vectors, expected 2 of each/,
    );
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
      const writer = spawn(
        process.execPath,
        [
          "-e",
          `
        const lib = require(${JSON.stringify(LIBRARY_INDEX)});
        const net = new lib.Network([784, 2000, 10], { seed: 1 });
        for (;;) net.save(${JSON.stringify(file)});`,
        ],
        { stdio: "ignore" },
      );
      const exited = new Promise((resolve) => writer.on("exit", resolve));
      while (temporaries().length === 0 && writer.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 1));
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
});
