import { expect } from "chai";
import type { LabelledData } from "../../src/data/data";
import { A_FUNCTION, checkOptions, checkValue, integerIn, OptionChecks, TRUE_OR_FALSE } from "../../src/data/check";
import { Network, readableTrainer } from "../../src/network2/network";
import { wasmTrainer } from "../../src/network2/fast/trainer";
import { prepareData } from "../../src/network2/trainer";
import { expectSameParameters, syntheticLabelled, syntheticTargets } from "../support/synthetic";

describe("the Trainer seam", () => {
  const options = {
    epochs: 2, miniBatchSize: 6, eta: 0.5, lmbda: 0.2, precision: "float64" as const,
    monitorEvaluationAccuracy: true, monitorEvaluationCost: true, monitorHiddenLayer: true,
  };

  for (const trainer of [readableTrainer, wasmTrainer]) {
    it(`${trainer.name}: trains on prepared data exactly as on the data itself`, () => {
      const training = syntheticTargets(31, 40, 9, 3);
      const evaluation = syntheticLabelled(32, 15, 9, 3);
      const plain = new Network([9, 5, 3], { seed: 3 });
      const plainHistory = plain.sgd(training, { ...options, evaluationData: evaluation, trainer });
      const prepared = new Network([9, 5, 3], { seed: 3 });
      const preparedHistory = prepared.sgd(prepareData(training), {
        ...options,
        evaluationData: prepareData(evaluation),
        trainer,
      });
      expectSameParameters(prepared, plain);
      const withoutTime = (h: typeof plainHistory) => h.epochs.map((r) => ({ ...r, seconds: 0 }));
      expect(withoutTime(preparedHistory)).to.deep.equal(withoutTime(plainHistory));
      expect(preparedHistory.initial).to.deep.equal(plainHistory.initial);
    });
  }

  it("both trainers record the same monitors, the per-layer one included, bit for bit in float64", () => {
    const training = syntheticTargets(35, 60, 9, 3);
    const evaluation = syntheticLabelled(36, 1100, 9, 3);
    const monitors = { monitorEvaluationCost: false, monitorLayers: true };
    const run = { ...options, ...monitors, evaluationData: evaluation, trainer: readableTrainer };
    const readable = new Network([9, 6, 5, 3], { seed: 4 }).sgd(training, run);
    const fast = new Network([9, 6, 5, 3], { seed: 4 }).sgd(training, { ...run, trainer: wasmTrainer });
    const withoutTime = (h: typeof readable) => h.epochs.map((r) => ({ ...r, seconds: 0 }));
    expect(withoutTime(fast)).to.deep.equal(withoutTime(readable));
    expect(fast.initial).to.deep.equal(readable.initial);
    expect(fast.initial.layers![0].examples).to.equal(1000);
    expect(fast.epochs[1].layers).to.have.length(3);
    // Only the monitors asked for: no cost was watched.
    expect(fast.epochs[1]).to.not.have.property("evaluationCost");
  });

  it("one evaluation pass gives what separate passes give, each monitor only when asked for", () => {
    const training = syntheticTargets(37, 30, 9, 3);
    const evaluation = prepareData(syntheticLabelled(38, 1200, 9, 3));
    for (const precision of ["float64", "float32"] as const) {
      const net = new Network([9, 7, 5, 3], { seed: 5 });
      const work = wasmTrainer.begin(net, { training: prepareData(training), evaluation }, precision);
      const all = work.evaluate("evaluation", 0.3, { cost: true, hidden: true, layers: true });
      const bare = work.evaluate("evaluation", 0.3, {});
      expect(bare).to.deep.equal({ correct: all.correct });
      expect(work.evaluate("evaluation", 0.3, { cost: true })).to.deep.equal({ correct: all.correct, cost: all.cost });
      expect(work.evaluate("evaluation", 0.3, { hidden: true }).hidden).to.deep.equal(all.hidden);
      expect(work.evaluate("evaluation", 0.3, { layers: true }).layers).to.deep.equal(all.layers);
      expect(all.layers!.map((l) => l.examples)).to.deep.equal([1000, 1000, 1000]);
      work.end();
    }
  });

  it("prepareData checks the whole data set once, naming it, and makes its sparse form", () => {
    const data = syntheticLabelled(33, 10, 4, 2);
    const edited: LabelledData = { ...data, inputs: data.inputs.slice() };
    edited.inputs[5] = NaN;
    expect(() => prepareData(edited, "validation")).to.throw(RangeError, /validation: input 1 of example 1 is NaN/);
    const prepared = prepareData(data);
    expect(prepared.sparse!.values.length).to.equal(data.inputs.filter((v) => v !== 0).length);
    expect(new Network([4, 2]).accuracy(prepared)).to.equal(new Network([4, 2]).accuracy(data));
  });

  it("the readable trainer computes in float64 and says so when asked for float32; a trainer must be one", () => {
    const training = syntheticTargets(34, 12, 4, 2);
    const net = new Network([4, 3, 2], { seed: 1 });
    const run = { epochs: 1, miniBatchSize: 4, eta: 0.1 };
    expect(() => net.sgd(training, { ...run, precision: "float32", trainer: readableTrainer })).to.throw(
      RangeError,
      /readableTrainer computes in float64/,
    );
    expect(() => net.sgd(training, { ...run, trainer: "wasm" as never })).to.throw(
      TypeError,
      /sgd: trainer must be a trainer \(wasmTrainer or readableTrainer\), got "wasm" \(a string\)/,
    );
  });
});

describe("the options checker", () => {
  interface Options {
    count: number;
    verbose?: boolean;
    onDone?: () => void;
  }
  const CHECKS: OptionChecks<Options> = {
    count: { name: "count (n)", check: integerIn(1, 9), required: true },
    verbose: TRUE_OR_FALSE,
    onDone: A_FUNCTION,
  };

  it("accepts known options, leaves optional ones out, and refuses the rest with the value as given", () => {
    expect(() => checkOptions("f", { count: 3 }, CHECKS)).to.not.throw();
    expect(() => checkOptions("f", { count: 3, verbose: true, onDone: () => undefined }, CHECKS)).to.not.throw();
    expect(() => checkOptions("f", {}, CHECKS)).to.throw(
      RangeError,
      /^f: count \(n\) must be an integer in \[1, 9\], got undefined$/,
    );
    expect(() => checkOptions("f", { count: "3" }, CHECKS)).to.throw(
      RangeError,
      /^f: count \(n\) must be an integer in \[1, 9\], got "3" \(a string\)$/,
    );
    expect(() => checkOptions("f", { count: 3, verbose: 1 }, CHECKS)).to.throw(
      TypeError,
      /^f: verbose must be true or false, got 1$/,
    );
    expect(() => checkOptions("f", { count: 3, cuont: 4 }, CHECKS)).to.throw(
      TypeError,
      /^f: unknown option "cuont"; the options are count, verbose, onDone$/,
    );
    expect(() => checkOptions("f", [3], CHECKS)).to.throw(
      TypeError,
      /^f: options must be an object \{ count, verbose, onDone \}, got \[3\]$/,
    );
    expect(() => checkOptions("f", null, CHECKS, "expected { count }")).to.throw(
      TypeError,
      /^f: expected \{ count \}, got null$/,
    );
  });

  it("checks one value the same way, without a prefix when there is no caller to name", () => {
    expect(() => checkValue("g", "x", NaN, integerIn(0, 1))).to.throw(
      RangeError,
      /^g: x must be an integer in \[0, 1\], got NaN$/,
    );
    expect(() => checkValue("", "x", -0.5, integerIn(0, 1))).to.throw(
      RangeError,
      /^x must be an integer in \[0, 1\], got -0.5$/,
    );
  });
});
