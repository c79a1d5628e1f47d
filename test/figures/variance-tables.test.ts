/** figures/variance-tables.ts: the chapter's numbers in the theory table, sampled beside theory. */
import { expect } from "chai";
import { varianceTable, zSummaryTable } from "../../src/figures/variance-tables";
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
});
