/** figures/variance-tables.ts: the chapter's numbers in the theory table, sampled beside theory. */
import { expect } from "chai";
import { saturationTable, spreadCheck, varianceTable, zSummaryTable } from "../../src/figures/variance-tables";
import { gaussianMixtureSaturation } from "../../src/chapter/saturation";
import { Rng } from "../../src/data/random";
import { gaussianSaturation } from "../../src/chapter/saturation";
import { CHAPTER_INPUT, DEFAULT_WEIGHTS, LARGE_WEIGHTS } from "../../src/chapter/variance";
import erfc from "@stdlib/math-base-special-erfc";

// Oracles computed here by other routes than the library's, for z ~ N(0, σ²):
// σ(z) is within 0.01 of 0 or 1 when |z| > ln 99, so the saturated share is erfc(ln 99 / (σ√2));
// E[σ'(z)] by the trapezoidal rule on a fine grid (the library integrates by Simpson's rule).
const saturatedShare = (sigma: number) => erfc(Math.log(99) / (sigma * Math.SQRT2));
function meanSigmaPrime(sigma: number): number {
  const h = 0.002;
  const half = 12 * sigma;
  let sum = 0;
  for (let z = -half; z <= half; z += h) {
    const e = Math.exp(-Math.abs(z));
    sum += (e / ((1 + e) * (1 + e))) * Math.exp((-0.5 * z * z) / (sigma * sigma));
  }
  return (sum * h) / (sigma * Math.sqrt(2 * Math.PI));
}
/** The tables' own rounding: 4 significant digits, percentages to 3. */
const digits4 = (x: number) => Number(x.toPrecision(4));
const percent3 = (fraction: number) => `${Number((100 * fraction).toPrecision(3))} %`;

describe("tables of the variance notebooks", () => {
  describe("varianceTable", () => {
    it("gives the chapter's numbers for both schemes", () => {
      const table = varianceTable(CHAPTER_INPUT, [LARGE_WEIGHTS, DEFAULT_WEIGHTS]);
      expect(table.columns).to.have.length(7);
      // The chapter's setting: n_in = 1000 inputs, 500 of them on, so Var(z) = 500·σ_w² + 1.
      const oldSigma = Math.sqrt(500 * 1 + 1);
      const newSigma = Math.sqrt(500 / 1000 + 1);
      expect(table.rows[0].slice(0, 5)).to.deep.equal(["old", "w ~ N(0, 1), b ~ N(0, 1)", 1, 501, digits4(oldSigma)]);
      expect(table.rows[1].slice(0, 5)).to.deep.equal([
        "new",
        "w ~ N(0, 1/n_in), b ~ N(0, 1)",
        1 / 1000,
        1.5,
        digits4(newSigma),
      ]);
      expect(table.rows[0].slice(5)).to.deep.equal([
        percent3(saturatedShare(oldSigma)),
        digits4(meanSigmaPrime(oldSigma)),
      ]);
      expect(table.rows[1].slice(5)).to.deep.equal([
        percent3(saturatedShare(newSigma)),
        digits4(meanSigmaPrime(newSigma)),
      ]);
      expect(table.caption).to.contain("k = 500");
    });
  });

  describe("zSummaryTable", () => {
    it("sets sampled numbers beside the theory's", () => {
      const rng = new Rng(2);
      const sigmaNew = Math.sqrt(1.5);
      const zNew = Float64Array.from({ length: 100_000 }, () => sigmaNew * rng.normal());
      const table = zSummaryTable("caption", [
        { label: "new", z: zNew, sigmaZ: sigmaNew, theory: gaussianSaturation(sigmaNew) },
      ]);
      expect(table.columns).to.have.length(7);
      const [label, sigmaTheory, sigmaSampled, satTheory, satSampled, primeTheory, primeSampled] = table.rows[0];
      expect([label, sigmaTheory, satTheory, primeTheory]).to.deep.equal([
        "new",
        digits4(sigmaNew),
        percent3(saturatedShare(sigmaNew)),
        digits4(meanSigmaPrime(sigmaNew)),
      ]);
      // Sampled within about four standard errors of the theory (n = 100,000).
      expect(sigmaSampled as number).to.be.closeTo(sigmaNew, (4 * sigmaNew) / Math.sqrt(2 * 100_000));
      expect(satSampled).to.match(/^0\.0\d+ %$/);
      expect(primeSampled as number).to.be.closeTo(meanSigmaPrime(sigmaNew), 0.002);
    });
  });

  describe("spreadCheck and saturationTable (notebook 02)", () => {
    /** z = σ·(±1, ±1, …) alternating: sample σ exactly σ·√(N/(N − 1)), known without sampling. */
    const alternating = (n: number, sigma: number): Float64Array =>
      Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? sigma : -sigma));

    it("judges the sampled σ_z against the theory within 4.5 standard errors, or 1 % where that is wider", () => {
      const n = 100_000;
      const check = spreadCheck([
        { label: "old", z: alternating(n, 22), sigmaZ: 22 },
        { label: "new", z: alternating(n, 1.3), sigmaZ: 1.2 },
      ]);
      expect(check.tolerance).to.be.closeTo(4.5 / Math.sqrt(2 * (n - 1)), 1e-15); // 1.006 %, wider than 1 %
      expect(check.verdicts.map((v) => v.holds)).to.deep.equal([true, false]); // 1.3/1.2 is 8 % off
      expect(check.table.rows[1]).to.deep.equal([
        "new",
        "1.2000",
        (1.3 * Math.sqrt(n / (n - 1))).toFixed(4),
        `${((100 * (1.3 * Math.sqrt(n / (n - 1)) - 1.2)) / 1.2).toFixed(2)} %`,
      ]);
      expect(spreadCheck([{ label: "x", z: alternating(1_000_000, 1), sigmaZ: 1 }]).tolerance).to.equal(0.01);
      expect(() => spreadCheck([])).to.throw(RangeError, /samples is empty/);
    });

    it("takes a Gaussian theory or a mixture of per-example variances", () => {
      const z = alternating(1000, 3);
      const gaussian = saturationTable("g", [{ label: "old", z, sigmaZ: 3 }]);
      expect(gaussian.rows[0].slice(0, 2)).to.deep.equal(["old", 3]);
      const mixture = saturationTable("m", [{ label: "new", z, variances: [1, 17] }]);
      expect(mixture.rows[0][1]).to.equal(3); // √((1 + 17)/2)
      const theory = gaussianMixtureSaturation([1, 17]);
      expect(mixture.rows[0][5]).to.equal(Number(theory.meanSigmaPrime.toPrecision(4)));
    });
  });
});
