import { expect } from "chai";
import { costByName, CrossEntropyCost, nanToNum, QuadraticCost } from "../../src/network2/cost";
import { sigmoid, sigmoidPrime } from "../../src/network2/sigmoid";

describe("costs", () => {
  it("quadratic: C = ½‖a − y‖², δ = (a − y)σ'(z)", () => {
    const z = [0.3, -1.2];
    const a = z.map(sigmoid);
    const y = [1, 0];
    expect(QuadraticCost.fn(a, y)).to.be.closeTo(0.5 * ((a[0] - 1) ** 2 + a[1] ** 2), 1e-15);
    const delta = QuadraticCost.delta(z, a, y, new Float64Array(2));
    expect(delta[0]).to.equal((a[0] - 1) * sigmoidPrime(z[0]));
    expect(delta[1]).to.equal(a[1] * sigmoidPrime(z[1]));
  });

  it("cross-entropy: C = −Σ[y ln a + (1 − y) ln(1 − a)], δ = a − y", () => {
    const a = [0.8, 0.1];
    const y = [1, 0];
    expect(CrossEntropyCost.fn(a, y)).to.be.closeTo(-Math.log(0.8) - Math.log(0.9), 1e-15);
    expect(Array.from(CrossEntropyCost.delta([9, 9], a, y, new Float64Array(2)))).to.deep.equal([0.8 - 1, 0.1]);
  });

  it("cross-entropy counts 0·ln 0 as 0 where a = y (network2's nan_to_num)", () => {
    expect(CrossEntropyCost.fn([1, 0], [1, 0])).to.equal(0);
    expect(CrossEntropyCost.fn([1], [0])).to.equal(Number.MAX_VALUE);
    expect(Number.isFinite(CrossEntropyCost.fn([1, 0.5], [1, 1]))).to.equal(true);
  });

  it("nanToNum maps NaN to 0 and ±∞ to ±the largest double", () => {
    expect([nanToNum(NaN), nanToNum(Infinity), nanToNum(-Infinity), nanToNum(2.5)]).to.deep.equal([
      0,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      2.5,
    ]);
  });

  it("finds costs by their network2 names and rejects others", () => {
    expect(costByName("CrossEntropyCost")).to.equal(CrossEntropyCost);
    expect(costByName("QuadraticCost")).to.equal(QuadraticCost);
    expect(() => costByName("HingeCost")).to.throw(
      /unknown cost "HingeCost", expected "CrossEntropyCost" or "QuadraticCost"/,
    );
  });
});
