import { expect } from "chai";
import { CrossEntropyCost } from "../../../src/network2/cost";
import { Engine } from "../../../src/network2/fast/engine";
import { shareInputs } from "../../../src/network2/fast/shared-inputs";
import { sparseInputs } from "../../../src/network2/fast/sparse";
import { Network } from "../../../src/network2/network";
import { range } from "../../../src/data/random";
import { expectSameParameters, syntheticLabelled, syntheticTargets } from "../../support/synthetic";

describe("a session's inputs in shared memory", () => {
  it("are read in place by engines in that memory, which train exactly as an engine of its own does", () => {
    const training = syntheticTargets(12, 200, 40, 5);
    const evaluation = syntheticLabelled(13, 50, 40, 5);
    const shared = shareInputs(training, evaluation);
    expect(sparseInputs(training).memory).to.equal(shared.memory);
    expect(sparseInputs(evaluation).memory).to.equal(shared.memory);
    const inputBytes = shared.training.indices.byteLength + shared.training.values.byteLength;

    const train = (memory?: WebAssembly.Memory) => {
      const network = new Network([40, 9, 5], { seed: 14 });
      const engine = new Engine(network.sizes, network.cost, "float64", memory);
      engine.load(network);
      const before = memory?.buffer.byteLength ?? 0;
      const data = engine.addData(training);
      if (memory) expect(memory.buffer.byteLength - before, "bytes the shared memory grew by").to.be.below(inputBytes);
      const order = range(training.count).reverse();
      engine.trainEpoch(data, order, 7, 0.5, 0.2);
      engine.store(network);
      engine.release();
      return network;
    };
    /** The shared arena's next free byte (its first word). */
    const top = () => new Int32Array(shared.memory.buffer, 0, 1)[0];
    const own = train();
    const inShared = train(shared.memory);
    const afterFirst = top();
    const secondInShared = train(shared.memory);
    expect(top(), "a second engine of the same shape reuses the first one's released memory").to.equal(afterFirst);
    expectSameParameters(inShared, own);
    expectSameParameters(secondInShared, own);
    expect(inShared.accuracy(evaluation)).to.equal(own.accuracy(evaluation));
  });

  it("are rebuilt, not read stale, when the inputs change after sharing", () => {
    const training = syntheticTargets(15, 30, 12, 3);
    const shared = shareInputs(training);
    training.inputs[training.inputs.findIndex((v) => v === 0)] = 0.5;
    expect(sparseInputs(training).memory).to.equal(undefined);
    expect(shared.memory).to.be.an.instanceOf(WebAssembly.Memory);
    const engine = new Engine([12, 4, 3], CrossEntropyCost, "float32");
    expect(engine.addData(training).nonZeros).to.equal(training.inputs.filter((v) => v !== 0).length);
  });
});
