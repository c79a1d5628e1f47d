import { expect } from "chai";
import { BOOK_HYPER_PARAMETERS } from "../../src/chapter/book";
import { defaultPlanSettings, trainingPlan } from "../../src/chapter/training-plan";
import { checkRun } from "../../src/runs/runs";
import { syntheticLabelled, syntheticTargets } from "../support/synthetic";

describe("training plan: notebook 03's runs", () => {
  const plan = trainingPlan(defaultPlanSettings());

  it("with the defaults: per seed the chapter's four runs and biases 0, plus the first seed's extras", () => {
    expect(plan.main.map((r) => [r.sizes[1], r.initializer, r.seed, r.epochs])).to.deep.equal([
      [30, "large", 1, 30], [30, "default", 1, 30], [100, "large", 1, 35], [100, "default", 1, 35],
    ]);
    expect(plan.repeats.map((four) => four.map((r) => [r.sizes[1], r.initializer, r.seed, r.epochs]))).to.deep.equal([
      [[30, "large", 2, 30], [30, "default", 2, 30], [100, "large", 2, 30], [100, "default", 2, 30]],
    ]);
    expect(plan.biasZero.map((r) => [r.initializer, r.seed])).to.deep.equal([["lecun", 1], ["lecun", 2]]);
    expect(plan.control.map((r) => [r.initializer, r.lmbda])).to.deep.equal([["large", 0], ["default", 0]]);
    expect(plan.followers.map((r) => [r.initializer, r.sizes[1]])).to.deep.equal([["glorot", 30], ["he", 30]]);
    const all = plan.all;
    expect(all).to.have.length(14);
    expect(new Set(all.map((r) => r.label)).size, "labels are unique").to.equal(14);
    for (const r of all) {
      expect(r).to.include({ miniBatchSize: BOOK_HYPER_PARAMETERS.miniBatchSize, eta: BOOK_HYPER_PARAMETERS.eta });
      expect(r.lmbda).to.equal(plan.control.includes(r) ? 0 : BOOK_HYPER_PARAMETERS.lmbda);
      expect(r.monitorEvaluationAccuracy).to.equal(true);
    }
    // The hidden layer is recorded for the first seed's runs the notebook draws it for.
    const watched = all.filter((r) => r.monitorHiddenLayer).map((r) => r.label);
    expect(watched).to.have.length(7);
    expect(watched.every((label) => !label.includes("seed 2") && !label.includes("λ = 0"))).to.equal(true);
  });

  it("every run is one a session accepts", () => {
    const data = { training: syntheticTargets(1, 4, 784, 10), evaluation: syntheticLabelled(2, 2, 784, 10) };
    for (const run of plan.all) expect(() => checkRun(run, data), run.label).not.to.throw();
  });

  it("one seed has no repeats; extra epochs lengthen only the first seed's 100-hidden pair", () => {
    const one = trainingPlan({ ...defaultPlanSettings(3), seeds: 1, extraEpochs: 0 });
    expect(one.repeats).to.deep.equal([]);
    expect(one.biasZero).to.have.length(1);
    expect(one.all.every((r) => r.epochs === 3)).to.equal(true);
  });

  it("refuses a bad setting before making any run, naming it", () => {
    expect(() => trainingPlan({ ...defaultPlanSettings(), seeds: 0 })).to.throw(RangeError, /seeds must be an integer/);
    expect(() => trainingPlan({ ...defaultPlanSettings(), extraEpochs: -1 })).to.throw(/extraEpochs/);
    expect(() => trainingPlan({ ...defaultPlanSettings(), lmbda: NaN })).to.throw(/lmbda/);
  });
});
