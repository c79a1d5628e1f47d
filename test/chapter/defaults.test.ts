import { expect } from "chai";
import { BOOK_HYPER_PARAMETERS } from "../../src/chapter/book";
import { isDefault, NOTEBOOK_DEFAULTS } from "../../src/chapter/defaults";
import { above, assertVerdicts, below, verdictLine, within } from "../../src/chapter/verdict";

describe("defaults: whether a parameter cell still holds the defaults", () => {
  const notebook03 = { epochs: 30, miniBatchSize: 10, eta: 0.1, lmbda: 5.0, seed: 1, precision: "float32" };

  it("the defaults are the chapter's hyper-parameters, seed 1, float32, the old initializer, [30, 100]", () => {
    expect(NOTEBOOK_DEFAULTS).to.include({
      miniBatchSize: BOOK_HYPER_PARAMETERS.miniBatchSize,
      eta: BOOK_HYPER_PARAMETERS.eta,
      lmbda: BOOK_HYPER_PARAMETERS.lmbda,
    });
    expect(NOTEBOOK_DEFAULTS).to.include({ seed: 1, precision: "float32", initializer: "large" });
    expect(NOTEBOOK_DEFAULTS.hiddenSizes).to.deep.equal([30, 100]);
  });

  it("is true for the defaults whatever the epochs, false after any one edit", () => {
    expect(isDefault(notebook03)).to.equal(true);
    expect(isDefault({ ...notebook03, epochs: 1 })).to.equal(true);
    for (const edit of [
      { eta: 0.5 },
      { lmbda: 50 },
      { miniBatchSize: 100 },
      { seed: 2 },
      { precision: "float64" },
      { initializer: "default" },
    ]) {
      expect(isDefault({ ...notebook03, ...edit }), JSON.stringify(edit)).to.equal(false);
    }
  });

  it("compares arrays element by element", () => {
    expect(isDefault({ hiddenSizes: [30, 100] })).to.equal(true);
    expect(isDefault({ hiddenSizes: [30] })).to.equal(false);
    expect(isDefault({ hiddenSizes: [100, 30] })).to.equal(false);
    expect(isDefault({ hiddenSizes: 30 })).to.equal(false);
  });

  it("takes other defaults, and rejects a non-object", () => {
    expect(isDefault({ a: 1, b: 2 }, { a: 1 })).to.equal(true);
    expect(isDefault({ a: 2 }, { a: 1 })).to.equal(false);
    expect(() => isDefault(null as unknown as object)).to.throw(TypeError, /settings must be an object, got null/);
  });
});

describe("verdict: a claim, ✓ or ✗ with the measured number against the bound", () => {
  it("below, above, within, on either side and on the edge", () => {
    expect(below("x", 86.9, 87).holds).to.equal(true);
    expect(below("x", 87, 87).holds).to.equal(false);
    expect(below("x", 87, 87, String, false).holds).to.equal(true);
    expect(above("x", 2.01, 2).holds).to.equal(true);
    expect(above("x", 2, 2).holds).to.equal(false);
    expect(within("x", 92, 92, 93).holds).to.equal(true);
    expect(within("x", 93.01, 92, 93).holds).to.equal(false);
  });

  it("reads as one line with the formatted numbers", () => {
    const f = (v: number) => v.toFixed(2);
    expect(verdictLine(below("old, epoch 1", 87.214, 87, f))).to.equal(
      "✗ old, epoch 1: measured 87.21 (bound < 87.00)",
    );
    expect(verdictLine(within("new", 92.85, 92, 93, f))).to.equal("✓ new: measured 92.85 (bound in [92.00, 93.00])");
  });

  it("assertVerdicts throws with every failed verdict, and passes when all hold", () => {
    expect(() => assertVerdicts([above("a", 3, 2), below("b", 3, 2), below("c", 5, 2)], "defaults")).to.throw(
      Error,
      /^defaults: ✗ b: measured 3 \(bound < 2\); ✗ c: measured 5/,
    );
    expect(() => assertVerdicts([above("a", 3, 2)], "defaults")).not.to.throw();
  });
});
