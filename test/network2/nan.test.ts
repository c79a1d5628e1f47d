/**
 * NaN must never turn into a plausible number: NaN inputs are refused when data is built or
 * checked, a network that training blew up is flagged in its history (and training stops), and
 * `accuracy`/`totalCost` refuse such a network instead of returning 0 or the count of class 0.
 */
import { expect } from "chai";
import { LabelledData, labelledData, oneHot, targetData } from "../../src/data/data";
import { Network } from "../../src/network2/network";
import { syntheticLabelled, syntheticTargets } from "../support/synthetic";

describe("hostile: NaN and blow-ups", () => {
  it("refuses NaN and infinite inputs and targets when data is built", () => {
    expect(() => labelledData(Float32Array.from([0, 1, NaN, 0]), 2, Uint8Array.from([0, 1]), 2)).to.throw(
      RangeError,
      /labelledData: input 0 of example 1 is NaN, expected a finite number/,
    );
    expect(() => targetData(Float32Array.from([0, 1]), 2, Float64Array.from([Infinity, 0]), 2)).to.throw(
      RangeError,
      /targetData: target 0 of example 0 is Infinity/,
    );
  });

  it("refuses a data set whose inputs were edited to NaN after it was built", () => {
    const data = syntheticLabelled(1, 10, 4, 2);
    const net = new Network([4, 3, 2], { seed: 1 });
    const edited: LabelledData = { ...data, inputs: data.inputs.slice() };
    edited.inputs[13] = NaN;
    expect(() => net.accuracy(edited)).to.throw(RangeError, /accuracy: input 1 of example 3 is NaN/);
    expect(() => net.totalCost(edited, 0)).to.throw(RangeError, /totalCost: input 1 of example 3 is NaN/);
    expect(() => net.sgd(oneHot(data), { epochs: 1, miniBatchSize: 2, eta: 0.1, evaluationData: edited })).to.throw(
      RangeError,
      /evaluationData: input 1 of example 3 is NaN/,
    );
  });

  it("flags the epoch where η = 10⁶ blows the network up, stops there, keeps no cost or accuracy from it", () => {
    const training = syntheticTargets(1, 60, 6, 3);
    const evaluation = syntheticLabelled(2, 20, 6, 3);
    const net = new Network([6, 4, 3], { seed: 1 });
    const seen: number[] = [];
    const history = net.sgd(training, {
      epochs: 10,
      miniBatchSize: 1,
      eta: 1e6,
      lmbda: 5,
      evaluationData: evaluation,
      monitorEvaluationCost: true,
      monitorEvaluationAccuracy: true,
      monitorTrainingCost: true,
      monitorTrainingAccuracy: true,
      onEpoch: (record) => void seen.push(record.epoch),
    });
    const last = history.epochs[history.epochs.length - 1];
    expect(history.epochs.length).to.be.below(10);
    expect(seen).to.deep.equal(history.epochs.map((r) => r.epoch));
    expect(last.diverged).to.match(
      /^a parameter blew up \((weights|biases)\[\d+\]\[\d+\](\[\d+\])? = (NaN|-?Infinity|-?[\d.]+e\+\d+)\)$/,
    );
    for (const key of ["evaluationCost", "evaluationAccuracy", "trainingCost", "trainingAccuracy"])
      expect(last).not.to.have.property(key);
    history.epochs.slice(0, -1).forEach((record) => expect(record.diverged).to.equal(undefined));
    expect(() => net.accuracy(evaluation)).to.throw(
      RangeError,
      /accuracy: the network's parameters are unusable .* training diverged/,
    );
    expect(() => net.totalCost(evaluation, 0)).to.throw(RangeError, /totalCost: the network's parameters are unusable/);
    expect(() => net.sgd(training, { epochs: 1, miniBatchSize: 1, eta: 0.1 })).to.throw(
      RangeError,
      /sgd: the network's parameters are unusable/,
    );
  });

  it("refuses to evaluate a network whose weights were set to NaN (it reported cost 0 and counted class 0)", () => {
    const data = syntheticLabelled(3, 30, 4, 3);
    const net = new Network([4, 3, 3], { seed: 2 });
    net.weights[1][4] = NaN;
    expect(() => net.accuracy(data)).to.throw(RangeError, /weights\[1\]\[1\]\[1\] = NaN/);
    expect(() => net.totalCost(data, 0)).to.throw(RangeError, /weights\[1\]\[1\]\[1\] = NaN/);
  });

  it("refuses NaN or absurdly large starting parameters", () => {
    const weights = [new Float64Array([0, 1, 2, 3]), new Float64Array([1, NaN])];
    const biases = [new Float64Array(2), new Float64Array(1)];
    expect(() => new Network([2, 2, 1], { parameters: { weights, biases } })).to.throw(
      RangeError,
      /options.parameters: weights\[1\]\[0\]\[1\] = NaN, expected finite numbers/,
    );
    weights[1][1] = 1e300;
    expect(() => new Network([2, 2, 1], { parameters: { weights, biases } })).to.throw(
      RangeError,
      /weights\[1\]\[0\]\[1\] = 1e\+300/,
    );
  });

  it("refuses a NaN or a string in a single input to feedforward, classify and backprop", () => {
    const net = new Network([3, 2, 2], { seed: 1 });
    expect(() => net.feedforward([0, NaN, 1])).to.throw(
      RangeError,
      /feedforward: input\[1\] is NaN, expected a finite number/,
    );
    expect(() => net.classify([0, 1, Infinity])).to.throw(RangeError, /input\[2\] is Infinity/);
    expect(() => net.backprop([0, 1, 1], [0, "1"] as unknown as number[])).to.throw(
      RangeError,
      /backprop: y\[1\] is "1" \(a string\)/,
    );
  });
});
