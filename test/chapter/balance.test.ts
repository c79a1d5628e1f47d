import { expect } from "chai";
import { BALANCE_EXAMPLES, balanceNorm, weightGradientProjection } from "../../src/chapter/balance";
import { Network } from "../../src/network2/network";
import { syntheticTargets } from "../support/synthetic";

/** C₀ (mean cost, no regularization) with layer l's weights scaled by `factor`. */
function costWithScaledLayer(
  network: Network,
  data: ReturnType<typeof syntheticTargets>,
  l: number,
  factor: number,
): number {
  const scaled = new Network(network.sizes, { parameters: network.parameters(), cost: network.cost });
  for (let i = 0; i < scaled.weights[l].length; i++) scaled.weights[l][i] *= factor;
  return scaled.totalCost(data, 0);
}

describe("balance: w·∇C₀ and the norm where decay and gradient balance", () => {
  const data = syntheticTargets(3, 40, 7, 3);

  for (const sizes of [
    [7, 5, 3],
    [7, 4, 6, 3],
  ]) {
    it(`w·∇C₀ per layer equals d/dα C₀(α·w_l) at α = 1 (central differences), ${sizes}`, () => {
      const network = new Network(sizes, { seed: 11 });
      const projection = weightGradientProjection(network, data, data.count);
      const h = 1e-5;
      sizes.slice(1).forEach((_, l) => {
        const numeric =
          (costWithScaledLayer(network, data, l, 1 + h) - costWithScaledLayer(network, data, l, 1 - h)) / (2 * h);
        expect(projection.layers[l]).to.be.closeTo(numeric, 1e-7 * Math.max(1, Math.abs(numeric)));
      });
      expect(projection.all).to.be.closeTo(
        projection.layers.reduce((a, b) => a + b, 0),
        1e-15,
      );
      expect(projection.examples).to.equal(data.count);
    });
  }

  it("averages over the first `examples` examples only, BALANCE_EXAMPLES by default (capped by the data)", () => {
    const network = new Network([7, 5, 3], { seed: 2 });
    const first = weightGradientProjection(
      network,
      { ...data, count: 10, inputs: data.inputs.subarray(0, 70), targets: data.targets.subarray(0, 30) },
      10,
    );
    expect(weightGradientProjection(network, data, 10).all).to.equal(first.all);
    expect(weightGradientProjection(network, data).examples).to.equal(Math.min(BALANCE_EXAMPLES, data.count));
    expect(() => weightGradientProjection(network, data, 0)).to.throw(
      RangeError,
      /examples must be an integer in \[1, 40\], got 0/,
    );
    expect(() => weightGradientProjection(network, data, 41)).to.throw(RangeError, /got 41/);
    expect(() => weightGradientProjection(new Network([6, 3]), data)).to.throw(
      RangeError,
      /data has 7 inputs, the network 6/,
    );
  });

  it("balance norm √((n/λ)·|w·∇C₀|), worked by hand; infinite without decay", () => {
    const setting = { eta: 0.1, lmbda: 5, miniBatchSize: 10, n: 50_000 };
    expect(balanceNorm(setting, -0.05)).to.be.closeTo(Math.sqrt(500), 1e-12); // 10,000 · 0.05 = 500
    expect(balanceNorm({ ...setting, lmbda: 0 }, -0.05)).to.equal(Infinity);
    expect(() => balanceNorm({ ...setting, n: 0 }, 1)).to.throw(RangeError, /balanceNorm: n/);
  });
});
