import { expect } from "chai";
import { Dataset, TargetData } from "../../../src/data/data";
import { Network } from "../../../src/network2/network";
import { expectSameParameters, syntheticLabelled, syntheticTargets } from "../../support/synthetic";

/** The same data set over a fresh copy of its inputs: nothing can be cached for it. */
function freshCopy<D extends Dataset>(data: D): D {
  return { ...data, inputs: Float32Array.from(data.inputs) };
}

/** Edits pixels in place: a zero made non-zero, a non-zero changed, a non-zero made zero. */
function editInPlace(data: Dataset): void {
  const x = data.inputs;
  const zero = x.findIndex((v) => v === 0);
  const nonZero = x.findIndex((v) => v !== 0);
  const another = x.findIndex((v, i) => v !== 0 && i > nonZero);
  expect([zero, nonZero, another]).to.not.include(-1);
  x[zero] = 0.75;
  x[nonZero] = x[nonZero] / 2;
  x[another] = 0;
}

describe("hostile: data edited in place after a first use (stale inputs)", () => {
  it("accuracy and totalCost see the edited pixels", () => {
    const net = new Network([12, 8, 4], { seed: 3 });
    const data = syntheticLabelled(5, 40, 12, 4);
    const before = net.totalCost(data, 0.5);
    net.accuracy(data);
    editInPlace(data);
    const expected = freshCopy(data);
    expect(net.totalCost(data, 0.5)).to.not.equal(before);
    expect(net.totalCost(data, 0.5)).to.equal(net.totalCost(expected, 0.5));
    expect(net.accuracy(data)).to.equal(net.accuracy(expected));
  });

  for (const precision of ["float64", "float32"] as const) {
    it(`sgd in ${precision} trains on the edited pixels, as on a fresh copy of them`, () => {
      const training: TargetData = syntheticTargets(6, 30, 12, 4);
      const options = { epochs: 1, miniBatchSize: 5, eta: 0.5, lmbda: 0.1, precision };
      new Network([12, 8, 4], { seed: 4 }).sgd(training, options);
      editInPlace(training);
      const edited = new Network([12, 8, 4], { seed: 4 });
      edited.sgd(training, options);
      const fresh = new Network([12, 8, 4], { seed: 4 });
      fresh.sgd(freshCopy(training), options);
      expectSameParameters(edited, fresh);
    });
  }

  it("the hidden-layer monitor sees edited evaluation pixels", () => {
    const training = syntheticTargets(7, 30, 12, 4);
    const evaluation = syntheticLabelled(8, 20, 12, 4);
    const options = {
      epochs: 1,
      miniBatchSize: 5,
      eta: 0.5,
      evaluationData: evaluation,
      monitorHiddenLayer: true,
      monitorEvaluationCost: true,
      precision: "float64" as const,
    };
    new Network([12, 8, 4], { seed: 5 }).sgd(training, options);
    editInPlace(evaluation);
    const edited = new Network([12, 8, 4], { seed: 5 }).sgd(training, options);
    const fresh = new Network([12, 8, 4], { seed: 5 }).sgd(training, {
      ...options,
      evaluationData: freshCopy(evaluation),
    });
    expect(edited.epochs).to.deep.equal(
      fresh.epochs.map((r) => ({ ...r, seconds: edited.epochs[r.epoch - 1].seconds })),
    );
    expect(edited.initial).to.deep.equal(fresh.initial);
  });
});
