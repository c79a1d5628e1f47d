/** Runs and their histories on disk (`saveHistories`, `loadHistories`): round trips and refusals. */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EpochRecord, History } from "../../src/network2/options";
import { HISTORIES_FORMAT, loadHistories, saveHistories, SavedRun } from "../../src/runs/histories";
import type { TrainingRun } from "../../src/runs/runs";

/** A history whose validation accuracies (counts out of 10,000) are `correct`. */
function history(correct: number[]): History {
  const weights = { layers: [], all: { rms: 1, norm: 1, count: 1 } };
  const hidden = (saturatedFraction: number) => ({
    saturatedFraction,
    meanWeightGradient: 0.01,
    relativeWeightGradient: 0.1,
    meanSigmaPrime: 0.2,
  });
  const epochs: EpochRecord[] = correct.map((c, i) => ({
    epoch: i + 1,
    seconds: 0.5,
    evaluationAccuracy: c,
    hidden: hidden(0.5 - i / 10),
    weights,
  }));
  return { trainingSize: 50_000, evaluationSize: 10_000, initial: { weights, hidden: hidden(0.6) }, epochs };
}

const run: TrainingRun = {
  label: "large 30",
  sizes: [784, 30, 10],
  initializer: "large",
  seed: 1,
  epochs: 3,
  miniBatchSize: 10,
  eta: 0.1,
  lmbda: 5,
};

describe("histories on disk", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "hist-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("round-trip, creating the folder, and say what the accuracy counts", () => {
    const file = path.join(dir, "03-training", "histories.json");
    const runs = [{ run, completed: true, history: history([8718]) }];
    saveHistories(file, runs);
    expect(loadHistories(file)).to.deep.equal(runs);
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(json.format).to.equal(HISTORIES_FORMAT);
    expect(json.accuracyUnit).to.match(/counts correctly classified validation images/);
  });

  it("reject files of another format, naming the file", () => {
    const file = path.join(dir, "x.json");
    fs.writeFileSync(file, JSON.stringify({ format: "other", runs: [] }));
    expect(() => loadHistories(file)).to.throw(
      /x\.json: field "format": expected "nndl-weight-initialization\/histories@2", got "other"/,
    );
    fs.writeFileSync(file, JSON.stringify({ format: HISTORIES_FORMAT, runs: [{ run: {} }] }));
    expect(() => loadHistories(file)).to.throw(/x\.json: runs\[0\]: expected/);
    expect(() => loadHistories(path.join(dir, "missing.json"))).to.throw(/cannot load histories from .*missing\.json/);
  });

  it("refuses to save histories that loadHistories would refuse, and writes nothing", () => {
    const file = path.join(dir, "histories.json");
    expect(() => saveHistories(file, [{ run: {}, completed: true } as unknown as SavedRun])).to.throw(
      /saveHistories: runs\[0\]: expected \{ run: \{ label, … \}, history: \{ epochs: \[...\] \} \}, got an object/,
    );
    expect(fs.existsSync(file)).to.equal(false);
    expect(() => loadHistories(file)).to.throw(/cannot load histories/);
  });
});
