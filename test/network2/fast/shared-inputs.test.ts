import { expect } from "chai";
import { Engine } from "../../../src/network2/fast/engine";
import { sharedData, shareInputs } from "../../../src/network2/fast/shared-inputs";
import { Network } from "../../../src/network2/network";
import { range } from "../../../src/data/random";
import { expectSameParameters, syntheticLabelled, syntheticTargets } from "../../support/synthetic";

describe("a session's inputs in shared memory", () => {
  it("are read in place by engines in that memory, which train exactly as an engine of its own does", () => {
    const training = syntheticTargets(12, 200, 40, 5);
    const evaluation = syntheticLabelled(13, 50, 40, 5);
    const shared = shareInputs(training, evaluation);
    const prepared = sharedData({ training, evaluation }, shared);
    const arena = prepared.training.sparse!.arena!;
    expect(arena.memory).to.equal(shared.memory);
    expect(prepared.evaluation!.sparse!.arena).to.equal(arena);
    const inputBytes = shared.training.indices.byteLength + shared.training.values.byteLength;

    const train = (inShared: boolean) => {
      const network = new Network([40, 9, 5], { seed: 14 });
      const engine = new Engine(network.sizes, network.cost, "float64", inShared ? arena : undefined);
      engine.load(network);
      const memory = inShared ? shared.memory : undefined;
      const before = memory?.buffer.byteLength ?? 0;
      const { data: examples, sparse, sharedTargets } = prepared.training;
      const data = inShared ? engine.addData(examples, sparse, sharedTargets) : engine.addData(training);
      if (memory) expect(memory.buffer.byteLength - before, "bytes the shared memory grew by").to.be.below(inputBytes);
      const order = range(training.count).reverse();
      engine.trainEpoch(data, order, 7, 0.5, 0.2);
      engine.store(network);
      engine.release();
      return network;
    };
    /** The shared arena's next free byte (its first word). */
    const top = () => new Int32Array(shared.memory.buffer, 0, 1)[0];
    const own = train(false);
    const inShared = train(true);
    const afterFirst = top();
    const secondInShared = train(true);
    expect(top(), "a second engine of the same shape reuses the first one's released memory").to.equal(afterFirst);
    expectSameParameters(inShared, own);
    expectSameParameters(secondInShared, own);
    expect(inShared.accuracy(evaluation)).to.equal(own.accuracy(evaluation));
  });

  it("are refused for data of another shape than was shared", () => {
    const training = syntheticTargets(15, 30, 12, 3);
    const shared = shareInputs(training);
    const other = syntheticTargets(16, 31, 12, 3);
    expect(() => sharedData({ training: other }, shared)).to.throw(RangeError, /sharedData: 90 shared targets for 93/);
  });
});
