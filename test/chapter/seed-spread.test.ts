import { expect } from "chai";
import { BOOK_BOUNDS, bookVerdict, formatSpread } from "../../src/chapter/book";
import { accuracyBand, accuracyPercentAt, accuracySpread, seedsFrom, spreadOf } from "../../src/chapter/seed-spread";
import { historyOf } from "../support/decay-histories";

describe("seed spread: mean ± s.d. over seeds", () => {
  it("spreadOf by hand: 1, 2, 3, 4 has mean 2.5 and sample s.d. √(5/3)", () => {
    expect(spreadOf([1, 2, 3, 4])).to.deep.equal({ mean: 2.5, sd: Math.sqrt(5 / 3), min: 1, max: 4, count: 4 });
    expect(spreadOf([7])).to.deep.equal({ mean: 7, sd: 0, min: 7, max: 7, count: 1 });
    expect(() => spreadOf([])).to.throw(RangeError, /values is empty/);
  });

  it("accuracy in percent per epoch, over the runs that recorded it, and as a band", () => {
    const a = historyOf([1, 1, 1], [100], [8700, 9500]);
    const b = historyOf([1, 1], [100], [8750]);
    expect(accuracyPercentAt(a, 1)).to.equal(87);
    expect(accuracyPercentAt(a, 3)).to.equal(undefined);
    expect(accuracyPercentAt(historyOf([1, 1]), 1)).to.equal(undefined); // no evaluation data
    expect(accuracySpread([a, b], 1)).to.deep.include({ mean: 87.25, count: 2 });
    expect(accuracySpread([a, b], 2)).to.deep.include({ mean: 95, sd: 0, count: 1 });
    expect(accuracySpread([a, b], 3)).to.equal(undefined);
    expect(accuracyBand([a, b]).map((p) => [p.epoch, p.spread.count])).to.deep.equal([
      [1, 2],
      [2, 1],
    ]);
  });

  it("seeds from a first one; bad counts are named", () => {
    expect(seedsFrom(1, 3)).to.deep.equal([1, 2, 3]);
    expect(() => seedsFrom(1, 0)).to.throw(RangeError, /count must be an integer ≥ 1, got 0/);
    expect(() => seedsFrom(-1, 2)).to.throw(RangeError, /first must be an integer ≥ 0, got -1/);
  });
});

describe("book: the chapter's statements as bounds", () => {
  it('"under 87 %" is < 87, "almost 93 %" is [92, 93], "a little over 96 %" is [96, 97]', () => {
    expect(BOOK_BOUNDS.large?.epoch1).to.deep.equal({ below: 87 });
    expect(bookVerdict("large", "epoch1", 87.21, "old")).to.deep.include({
      holds: false,
      measured: "87.21",
      bound: "< 87.00",
    });
    expect(bookVerdict("large", "epoch1", 86.99, "old")?.holds).to.equal(true);
    expect(bookVerdict("default", "epoch1", 92.85, "new")).to.deep.include({ holds: true, bound: "in [92.00, 93.00]" });
    expect(bookVerdict("default", "epoch1", 93.1, "new")?.holds).to.equal(false);
    expect(bookVerdict("large", "final", 96.42, "old")?.holds).to.equal(true);
    expect(bookVerdict("large", "final", 96.42, "old")?.claim).to.equal('old: the chapter\'s "a little over 96 %"');
    expect(bookVerdict("he", "epoch1", 90, "he")).to.equal(undefined);
    expect(formatSpread(spreadOf([87, 88]))).to.equal("87.50 ± 0.71");
  });
});
