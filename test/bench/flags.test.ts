import { expect } from "chai";
import { parseFlags } from "../../src/bench/flags";

describe("npm run bench flags", () => {
  it("default to the book's bench and read every flag", () => {
    expect(parseFlags([])).to.deep.equal({
      json: false,
      epochs: 7,
      peers: false,
      peerEpochs: 4,
      notebook03: true,
      notebook03Epochs: 30,
      seeds: true,
      seedCount: 10,
      workers: undefined,
    });
    expect(
      parseFlags([
        "--json",
        "--peers",
        "--epochs",
        "3",
        "--peer-epochs=2",
        "--skip-notebook03",
        "--skip-seeds",
        "--seeds",
        "4",
        "--workers",
        "1",
      ]),
    ).to.deep.include({
      json: true,
      peers: true,
      epochs: 3,
      peerEpochs: 2,
      notebook03: false,
      seeds: false,
      seedCount: 4,
      workers: 1,
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
