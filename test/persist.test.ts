import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CrossEntropyCost, QuadraticCost } from "../src/network2/cost";
import { Network } from "../src/network2/network";
import { loadNetworkFile, parseNetworkJson } from "../src/network2/persist";
import { sigmoid } from "../src/network2/sigmoid";
import { expectSameParameters, syntheticTargets } from "./synthetic";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "network2-2-2-1.json");

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
    expect(json.weights[0]).to.deep.equal([Array.from(net.weights[0].subarray(0, 3)), Array.from(net.weights[0].subarray(3, 6))]);
    expect(json.biases[0]).to.deep.equal([[net.biases[0][0]], [net.biases[0][1]]]);
  });

  it("loads a file in network2's format written by hand, and computes its output", () => {
    const net = Network.load(FIXTURE);
    expect(net.sizes).to.deep.equal([2, 2, 1]);
    expect(net.cost).to.equal(CrossEntropyCost);
    // By hand: z¹ = (0.1·1 + 0.2·2 + 0.5, 0.3·1 + 0.4·2 − 0.5) = (1.0, 0.6); a² = σ(0.6σ(1) − 0.7σ(0.6) + 0.1).
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
    expect(() => bad.save(file)).to.throw(RangeError, /cannot save .*net\.json: weights\[0\]\[1\]\[1\] = NaN, expected finite numbers of magnitude at most 1e\+30/);
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
      ["a missing field", (j) => { delete j.biases; return j; }, /x\.json: missing field "biases"/],
      ["sizes that are not layer sizes", (j) => ({ ...j, sizes: [2] }), /x\.json: field "sizes": expected an array of two or more positive integers, got \[2\]/],
      ["an unknown cost", (j) => ({ ...j, cost: "LogLikelihood" }), /x\.json: field "cost": unknown cost "LogLikelihood"/],
      ["too few weight matrices", (j) => ({ ...j, weights: [(j.weights as unknown[])[0]] }), /field "weights": expected an array of 2 matrices/],
      ["a weight matrix with a row too short", (j) => { (j.weights as number[][][])[0][1] = [0.3]; return j; }, /field "weights\[0\]\[1\]": expected a row of 2 numbers, got \[0\.3\]/],
      ["a bias that is not a column", (j) => { (j.biases as unknown[][])[1] = [0.1]; return j; }, /field "biases\[1\]\[0\]": expected a row of 1 number, got 0\.1/],
      ["a weight that is not a number", (j) => { (j.weights as unknown[][][])[1][0][1] = "x"; return j; }, /field "weights\[1\]\[0\]\[1\]": expected a finite number of magnitude at most 1e\+30, got "x" \(a string\)/],
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
