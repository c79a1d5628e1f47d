import { expect } from "chai";
import {
  checkDecayParameters,
  checkParameterValues,
  checkTrainingParameters,
  describeRule,
} from "../../src/chapter/parameters";
import { DECAY_THRESHOLDS } from "../../src/chapter/decay-conditions";

const NB03 = {
  epochs: 30,
  miniBatchSize: 10,
  eta: 0.1,
  lmbda: 5,
  seed: 1,
  precision: "float32",
  seeds: 2,
  extraEpochs: 5,
};
const NB04 = {
  eta: 0.1, lmbda: 5, miniBatchSize: 10, hiddenSizes: [30, 100], initializer: "large", epochs: 30, seed: 1,
  sweepLambdas: [5, 50, 500, 5000], balanceLambdas: [50, 500], sweepEpochs: 10, ...DECAY_THRESHOLDS,
};

describe("chapter/parameters: the ✎ cells' values checked in their cell", () => {
  it("the defaults pass and say they are the defaults; an edit passes and says it is not", () => {
    expect(checkTrainingParameters(NB03)).to.equal(true);
    expect(checkTrainingParameters({ ...NB03, eta: 0.5 })).to.equal(false);
    expect(checkTrainingParameters({ ...NB03, seeds: 3 })).to.equal(false);
    expect(checkDecayParameters(NB04)).to.equal(true);
    expect(checkDecayParameters({ ...NB04, levelFactor: 100 })).to.equal(false);
    expect(checkDecayParameters({ ...NB04, hiddenSizes: [30] })).to.equal(false);
  });

  it("refuses 0, negative, NaN, huge, fractional, string and empty values, " +
    "naming the parameter and what it accepts", () => {
    const cases: [object, RegExp][] = [
      [{ ...NB03, epochs: 0 }, /^✎ epochs must be an integer in \[1, 200\], got 0$/],
      [{ ...NB03, epochs: 1e9 }, /^✎ epochs must be an integer in \[1, 200\], got 1000000000$/],
      [{ ...NB03, seeds: 2.5 }, /^✎ seeds must be an integer in \[1, 20\], got 2\.5$/],
      [{ ...NB03, eta: Number.NaN }, /^✎ eta must be a number > 0 and ≤ 100, got NaN$/],
      [{ ...NB03, eta: "0.1" }, /^✎ eta must be a number > 0 and ≤ 100, got "0\.1" \(a string\)$/],
      [{ ...NB03, lmbda: -1 }, /^✎ lmbda must be a number ≥ 0 and ≤ 1000000, got -1$/],
      [
        { ...NB03, precision: "float16" },
        /^✎ precision must be one of "float32", "float64", got "float16" \(a string\)$/,
      ],
    ];
    for (const [values, message] of cases)
      expect(() => checkTrainingParameters(values as never)).to.throw(RangeError, message);
    expect(() => checkDecayParameters({ ...NB04, lmbda: 0 })).to.throw(
      RangeError,
      /^✎ lmbda must be a number > 0 and ≤ 1000000, got 0$/,
    );
    expect(() => checkDecayParameters({ ...NB04, hiddenSizes: [] })).to.throw(
      RangeError,
      /^✎ hiddenSizes must be a list of 1 to 4 values, each an integer in \[1, 1000\], got \[\]$/,
    );
    expect(() => checkDecayParameters({ ...NB04, sweepLambdas: [5, "50"] })).to.throw(
      RangeError,
      /got \[5, "50" \(a string\)\]$/,
    );
    expect(() => checkDecayParameters({ ...NB04, levelFactor: 0.5 })).to.throw(
      RangeError,
      /^✎ levelFactor must be a number ≥ 1/,
    );
  });

  it("describes rules in words", () => {
    expect(describeRule({ kind: "number", min: 0, max: 1, minOpen: true })).to.equal("a number > 0 and ≤ 1");
    expect(describeRule({ kind: "list", item: { kind: "integer", min: 1, max: 2 }, minLength: 0, maxLength: 3 }))
      .to.equal("a list of 0 to 3 values, each an integer in [1, 2]");
    expect(() => checkParameterValues({}, { x: { kind: "integer", min: 0, max: 1 } })).to.throw(
      /✎ x must be an integer in \[0, 1\], got undefined/,
    );
  });
});
