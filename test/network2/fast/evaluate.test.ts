import { expect } from "chai";
import { Cost, CrossEntropyCost, QuadraticCost } from "../../../src/network2/cost";
import type { Dataset } from "../../../src/data/data";
import { Engine, evaluate } from "../../../src/network2/fast/engine";
import { absoluteInputSums, evaluateWithHiddenLayer, HiddenLayerProbe } from "../../../src/network2/fast/hidden-probe";
import { Network } from "../../../src/network2/network";
import { syntheticLabelled, syntheticTargets } from "../../support/synthetic";

/**
 * The kernel's evaluation pass (accuracy, cost and the hidden-layer monitor in WebAssembly) against
 * the JavaScript pass it replaces, which visits every example's activations from the host and
 * applies network2's `cost.fn` and the probe's recursion to them: the same numbers, bit for bit.
 */
describe("the kernel's evaluation pass", () => {
  const datasets: [string, Dataset][] = [
    ["labelled data", syntheticLabelled(21, 150, 12, 4)],
    ["target vectors", syntheticTargets(22, 150, 12, 4)],
  ];
  const costs: Cost[] = [CrossEntropyCost, QuadraticCost];

  for (const precision of ["float64", "float32"] as const) {
    for (const cost of costs) {
      for (const [what, data] of datasets) {
        const title =
          `equals the JavaScript pass in ${precision}, ${cost.name}, on ${what}, ` +
          "with and without the hidden-layer monitor";
        it(title, () => {
          // Two hidden layers, so that δ goes through more than one matrix on its way down.
          const network = new Network([12, 7, 5, 4], { seed: 5, cost });
          // Large weights: many saturated neurons, and outputs that round to 0 or 1 (cross-entropy's nan_to_num).
          network.weights.forEach((w) => w.forEach((x, i) => (w[i] = 12 * x)));
          const engine = new Engine(network.sizes, cost, precision);
          engine.load(network);
          // The probe reads the network's weights: make them the engine's (float32 rounds them).
          engine.store(network);
          const stored = engine.addData(data);

          const kernelPass = evaluate(engine, data, stored, 3);
          const hostPass = evaluate(engine, data, stored, 3, () => undefined);
          expect(kernelPass).to.deep.equal(hostPass);
          expect(hostPass.correct).to.be.above(0).and.below(data.count);

          const sums = absoluteInputSums(data);
          const probe = new HiddenLayerProbe(network, sums);
          const probed = evaluate(engine, data, stored, 3, probe.visit);
          const kernelProbed = evaluateWithHiddenLayer(engine, network, data, stored, 3, sums);
          expect(kernelProbed).to.deep.equal({ ...probed, hidden: probe.result() });
          expect(kernelProbed.hidden.saturatedFraction).to.be.above(0.05);
        });
      }
    }
  }

  it("runs in JavaScript for a cost the kernel does not know, with the numbers of that cost's own functions", () => {
    const halfQuadratic: Cost = {
      name: "HalfQuadratic" as Cost["name"],
      fn: (a, y) => 0.5 * QuadraticCost.fn(a, y),
      delta: (z, a, y, out) => {
        QuadraticCost.delta(z, a, y, out);
        for (let j = 0; j < out.length; j++) out[j] *= 0.5;
        return out;
      },
    };
    const data = syntheticLabelled(23, 80, 12, 4);
    const network = new Network([12, 6, 4], { seed: 6, cost: halfQuadratic });
    const engine = new Engine(network.sizes, halfQuadratic, "float64");
    engine.load(network);
    const stored = engine.addData(data);
    expect(engine.kernelKnowsCost).to.equal(false);
    expect(() => engine.evaluationSums(stored)).to.throw(/does not know the cost HalfQuadratic/);
    const quadratic = new Engine(network.sizes, QuadraticCost, "float64");
    quadratic.load(network);
    const half = evaluate(engine, data, stored, 0);
    const full = evaluate(quadratic, data, quadratic.addData(data), 0);
    expect(half.correct).to.equal(full.correct);
    expect(half.cost).to.be.closeTo(0.5 * full.cost, 1e-15);
    const withMonitor = evaluateWithHiddenLayer(engine, network, data, stored, 0, absoluteInputSums(data));
    expect(withMonitor.hidden.meanWeightGradient).to.be.above(0);
  });
});
