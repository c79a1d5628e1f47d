/** histogram.ts: bin counts, values off the axes, densities. */
import { expect } from "chai";
import { binCenters, binDensities, binFractions, histogram, offRangeFraction } from "../../src/chapter/histogram";

describe("histogram", () => {
  const h = histogram([-5, -1, -0.5, 0, 0.25, 1, 2, 7], { range: [-1, 1], bins: 4 });

  it("counts values into equal bins, the end of the range in the last bin", () => {
    expect(h.binWidth).to.equal(0.5);
    expect(h.counts).to.deep.equal([1, 1, 2, 1]);
    expect(binCenters(h)).to.deep.equal([-0.75, -0.25, 0.25, 0.75]);
  });

  it("counts values off the range separately, still in the total", () => {
    expect(h.below).to.equal(1);
    expect(h.above).to.equal(2);
    expect(h.total).to.equal(8);
    expect(offRangeFraction(h)).to.equal(3 / 8);
  });

  it("gives densities whose area is the fraction in range, and fractions", () => {
    const area = binDensities(h).reduce((s, d) => s + d * h.binWidth, 0);
    expect(area).to.be.closeTo(5 / 8, 1e-15);
    expect(binFractions(h)).to.deep.equal([1 / 8, 1 / 8, 2 / 8, 1 / 8]);
  });

  it("rejects a bad binning or NaN, naming it", () => {
    expect(() => histogram([1], { range: [1, 1], bins: 4 })).to.throw(RangeError, /start < end/);
    expect(() => histogram([1], { range: [0, 1], bins: 0 })).to.throw(
      RangeError,
      /bins must be a positive integer, got 0/,
    );
    expect(() => histogram([1, NaN], { range: [0, 1], bins: 2 })).to.throw(RangeError, /values\[1\] is NaN/);
  });
});
