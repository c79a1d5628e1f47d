import { expect } from "chai";
import {
  accuracyText,
  fixed,
  networkName,
  percent,
  percentSignificant,
  points,
  sci,
  significant,
  signedPercent,
  signedPoints,
} from "../../src/chapter/format";

describe("chapter/format: how the notebooks print numbers", () => {
  it("rounds to significant digits, as a number and as text without trailing zeros", () => {
    expect(significant(0.000123456, 3)).to.equal(0.000123);
    expect(significant(98765, 2)).to.equal(99000);
    expect(fixed(0.27874)).to.equal("0.2787");
    expect(fixed(54.6)).to.equal("54.6");
    expect(fixed(1 / 3, 3)).to.equal("0.333");
  });

  it("prints a fraction as a percentage to fixed decimals or to significant digits", () => {
    expect(percent(0.1234)).to.equal("12.34 %");
    expect(percent(0.5, 0)).to.equal("50 %");
    expect(percent(0.0456, 1)).to.equal("4.6 %");
    expect(percentSignificant(0.04567)).to.equal("4.57 %");
    expect(percentSignificant(0.5)).to.equal("50 %");
    expect(percentSignificant(0.000175)).to.equal("0.0175 %");
    expect(signedPercent(0.0008)).to.equal("+0.08 %");
    expect(signedPercent(-0.118)).to.equal("−11.80 %");
    expect(signedPercent(2.5)).to.equal("+250 %");
  });

  it("prints accuracies in percentage points, signed differences with an ASCII minus", () => {
    expect(points(87.214)).to.equal("87.21");
    expect(signedPoints(0.42)).to.equal("+0.42");
    expect(signedPoints(-1.3)).to.equal("-1.30");
    expect(signedPoints(0)).to.equal("+0.00");
    expect(accuracyText(87.18)).to.equal("87.18 %");
    expect(accuracyText(undefined, "–")).to.equal("–");
  });

  it("prints scientific notation and the book's network names", () => {
    expect(sci(0)).to.equal("0");
    expect(sci(0.000123456)).to.equal("1.235e-4");
    expect(networkName([784, 30, 10])).to.equal("[784, 30, 10]");
  });

  it("prints — for what is missing or not finite, never NaN or Infinity", () => {
    for (const v of [NaN, Infinity, -Infinity]) {
      for (const text of [fixed(v), percent(v), percentSignificant(v), signedPercent(v), sci(v), points(v),
        signedPoints(v), accuracyText(v)]) {
        expect(text).to.equal("—");
      }
    }
    expect([points(undefined), signedPoints(undefined), accuracyText(undefined)]).to.deep.equal(["—", "—", "—"]);
  });
});
