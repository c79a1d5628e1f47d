/** The exercise's check: right answers in either form, the usual slips named, never a throw. */
import { expect } from "chai";
import { checkSigmaZAnswer } from "../../src/chapter/exercise";

describe("the exercise's check (σ_z of the chapter's input, new scheme)", () => {
  const check = (answer: unknown) => checkSigmaZAnswer(answer, "mySigmaZ");

  it("accepts σ_z = √(3/2), the chapter's rounding 1.22 included, and Var(z) = 3/2, saying which", () => {
    for (const answer of [Math.sqrt(1.5), 1.22, 1.225]) expect(check(answer).correct, String(answer)).to.equal(true);
    expect(check(1.22).line).to.match(/^✓ σ_z = 1.22: right, σ_z = √1.5 = 1.2247/);
    expect(check(1.5)).to.deep.include({ correct: true });
    expect(check(1.5).line).to.match(/^✓ 1.5 is Var\(z\), accepted: .*σ_z = √1.5 = 1.2247/);
  });

  it("names the usual slips, in either form", () => {
    expect(check(22.38).line).to.match(/^✗ .*old scheme/);
    expect(check(501).line).to.match(/^✗ .*old scheme/);
    expect(check(0.5).line).to.match(/^✗ .*weights only/);
    expect(check(Math.SQRT1_2).line).to.match(/^✗ .*weights only/);
    expect(check(1).line).to.match(/^✗ .*bias alone/);
    expect(check(2).line).to.match(/^✗ .*counts every input/);
    expect(check(1.3).line).to.match(/^✗ 1.3 is not σ_z \(nor Var\(z\)\) yet: which terms/);
    expect(check(1.3).correct).to.equal(false);
  });

  it("answers anything else with a line, never a throw", () => {
    expect(check(null)).to.deep.equal({
      correct: null,
      line: "No answer yet: set mySigmaZ in the cell above, then run both cells again.",
    });
    expect(check("1.22").line).to.equal('✗ mySigmaZ must be a finite number (σ_z, or Var(z)), got "1.22" (a string).');
    for (const answer of [NaN, Infinity, -1, 0, 1e300, {}])
      expect(check(answer).correct, String(answer)).to.equal(false);
    expect(check(NaN).line).to.include("got NaN");
  });
});
