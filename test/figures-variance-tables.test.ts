/** figures/variance-tables.ts: the chapter's numbers in the theory table, sampled beside theory. */
import { expect } from "chai";
import { varianceTable, zSummaryTable } from "../src/figures/variance-tables";
import { Rng } from "../src/data/random";
import { gaussianSaturation } from "../src/chapter/saturation";
import { CHAPTER_INPUT, DEFAULT_WEIGHTS, LARGE_WEIGHTS } from "../src/chapter/variance";

describe("tables of the variance notebooks", () => {
  describe("varianceTable", () => {
    it("gives the chapter's numbers for both schemes", () => {
      const table = varianceTable(CHAPTER_INPUT, [LARGE_WEIGHTS, DEFAULT_WEIGHTS]);
      expect(table.columns).to.have.length(7);
      expect(table.rows[0].slice(0, 5)).to.deep.equal(["old", "w ~ N(0, 1), b ~ N(0, 1)", 1, 501, 22.38]);
      expect(table.rows[1].slice(0, 5)).to.deep.equal(["new", "w ~ N(0, 1/n_in), b ~ N(0, 1)", 0.001, 1.5, 1.225]);
      expect(table.rows[0].slice(5)).to.deep.equal(["83.7 %", 0.01777]);
      expect(table.rows[1].slice(5)).to.deep.equal(["0.0175 %", 0.1928]);
      expect(table.caption).to.contain("k = 500");
    });
  });

  describe("zSummaryTable", () => {
    it("sets sampled numbers beside the theory's", () => {
      const rng = new Rng(2);
      const sigmaNew = Math.sqrt(1.5);
      const zNew = Float64Array.from({ length: 100_000 }, () => sigmaNew * rng.normal());
      const table = zSummaryTable("caption", [{ label: "new", z: zNew, sigmaZ: sigmaNew, theory: gaussianSaturation(sigmaNew) }]);
      expect(table.columns).to.have.length(7);
      const [label, sigmaTheory, sigmaSampled, satTheory, satSampled, primeTheory, primeSampled] = table.rows[0];
      expect([label, sigmaTheory, satTheory, primeTheory]).to.deep.equal(["new", 1.225, "0.0175 %", 0.1928]);
      expect(sigmaSampled as number).to.be.closeTo(1.225, 0.01);
      expect(satSampled).to.match(/^0\.0\d+ %$/);
      expect(primeSampled as number).to.be.closeTo(0.1928, 0.002);
    });
  });
});
