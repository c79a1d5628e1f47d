/** gaussian.ts: densities, and expectations by Simpson's rule against known values and limits. */
import { expect } from "chai";
import {
  gaussianCurve,
  gaussianDensity,
  gaussianExpectation,
  gaussianMixtureCurve,
  gaussianTail,
  simpson,
} from "../../src/chapter/gaussian";
import { sigmoidPrime } from "../../src/network2/sigmoid";

describe("gaussian", () => {
  it("gaussianDensity is the N(0, σ²) density", () => {
    expect(gaussianDensity(0, 1)).to.be.closeTo(0.3989422804014327, 1e-15);
    expect(gaussianDensity(2, 2)).to.be.closeTo((0.3989422804014327 * Math.exp(-0.5)) / 2, 1e-15);
    expect(() => gaussianDensity(0, 0)).to.throw(RangeError, /sigma.*got 0/);
  });

  it("simpson is exact for cubics", () => {
    expect(simpson((x) => x * x * x - 2 * x + 1, 0, 2, 2)).to.be.closeTo(4 - 4 + 2, 1e-12);
    expect(() => simpson((x) => x, 0, 1, 3)).to.throw(RangeError, /intervals must be an even integer/);
  });

  it("gaussianTail matches tabulated normal tail probabilities", () => {
    expect(gaussianTail(1.959963984540054, 1)).to.be.closeTo(0.025, 1e-10);
    expect(gaussianTail(3, 1)).to.be.closeTo(0.0013498980316301, 1e-10);
    expect(gaussianTail(3, 2)).to.be.closeTo(0.0668072012688581, 1e-10);
    expect(gaussianTail(-3, 2)).to.be.closeTo(1 - 0.0668072012688581, 1e-10);
    expect(gaussianTail(0, 5)).to.be.closeTo(0.5, 1e-12);
    expect(gaussianTail(100, 1)).to.equal(0);
  });

  it("gaussianExpectation integrates 1, z² and z⁴ to 1, σ² and 3σ⁴", () => {
    for (const sigma of [0.01, 1.2247, 22.38]) {
      expect(gaussianExpectation(() => 1, sigma)).to.be.closeTo(1, 1e-10);
      expect(gaussianExpectation((z) => z * z, sigma) / sigma ** 2).to.be.closeTo(1, 1e-10);
      expect(gaussianExpectation((z) => z ** 4, sigma) / sigma ** 4).to.be.closeTo(3, 1e-9);
    }
    expect(gaussianExpectation((z) => z + 7, 0)).to.equal(7);
  });

  it("E[σ'(z)] tends to 1/4 as σ → 0 and to 1/(σ√(2π)) as σ grows", () => {
    expect(gaussianExpectation(sigmoidPrime, 1e-3)).to.be.closeTo(0.25, 1e-7);
    const sigma = 1000;
    const wide = gaussianExpectation(sigmoidPrime, sigma) * sigma * Math.sqrt(2 * Math.PI);
    expect(wide).to.be.closeTo(1, 1e-5);
  });

  it("curves span their range with the density at each point", () => {
    const c = gaussianCurve(2, [-4, 4], 5);
    expect(c.x).to.deep.equal([-4, -2, 0, 2, 4]);
    expect(c.y[2]).to.equal(gaussianDensity(0, 2));
    expect(() => gaussianCurve(1, [1, -1], 5)).to.throw(RangeError, /low < high/);
    const m = gaussianMixtureCurve([1, 4], [0, 1], 2);
    expect(m.y[0]).to.be.closeTo((gaussianDensity(0, 1) + gaussianDensity(0, 2)) / 2, 1e-15);
    expect(() => gaussianMixtureCurve([], [0, 1], 2)).to.throw(RangeError, /empty/);
  });
});
