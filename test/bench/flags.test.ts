import { expect } from "chai";
import { parseFlags } from "../../src/bench/flags";
import { idealSeconds } from "../../src/bench/workloads";

describe("npm run bench flags", () => {
  it("default to the book's bench and read every flag", () => {
    expect(parseFlags([])).to.deep.equal({
      json: false, epochs: 7, peers: false, peerEpochs: 4, notebook03: true, notebook03Epochs: 30,
      workers: undefined, overhead: true, notebooks: false,
    });
    const argv = [
      "--json", "--peers", "--epochs", "3", "--peer-epochs=2", "--skip-notebook03",
      "--workers", "1", "--skip-overhead", "--notebooks",
    ];
    expect(parseFlags(argv)).to.deep.include({
      json: true, peers: true, epochs: 3, peerEpochs: 2, notebook03: false, workers: 1,
      overhead: false, notebooks: true,
    });
  });

  it("reject a count that is not a positive integer, naming the flag and the value given", () => {
    for (const bad of ["0", "2.5", "ten", "1e3", ""]) {
      expect(() => parseFlags(["--epochs", bad]), bad).to.throw(
        `bench: --epochs needs a positive integer, got ${JSON.stringify(bad)}`,
      );
    }
    expect(() => parseFlags(["--epochs=-2"])).to.throw('bench: --epochs needs a positive integer, got "-2"');
    expect(() => parseFlags(["--workers", "NaN"])).to.throw(/--workers needs a positive integer, got "NaN"/);
  });

  it("reject an unknown flag or a missing value, with the usage line", () => {
    expect(() => parseFlags(["--fast"])).to.throw(/bench: Unknown option '--fast'[\s\S]*usage: npm run bench --/);
    expect(() => parseFlags(["--epochs"])).to.throw(/bench: Option '--epochs <value>' argument missing[\s\S]*usage:/);
    expect(() => parseFlags(["extra"])).to.throw(/bench: .*positional[\s\S]*usage:/i);
  });
});

describe("bench: a session's ideal", () => {
  it("is the sum over runs of epochs × the run's median epoch, over the workers", () => {
    const run = (epochSeconds: number[]) => ({ label: "", initializer: "", hidden: 30, accuracies: [], epochSeconds });
    // Medians 2 (of 1, 2, 9) and 0.5 (of 0.4, 0.6): 3 × 2 + 2 × 0.5 = 7 s of training, over 2 workers.
    expect(idealSeconds({ workers: 2, results: [run([1, 9, 2]), run([0.4, 0.6])] })).to.equal(3.5);
    expect(idealSeconds({ workers: 1, results: [run([1, 9, 2])] })).to.equal(6);
  });
});
