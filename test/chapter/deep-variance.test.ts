import { expect } from "chai";
import { groupMeans, inputSquareSums, LAYER_SCHEMES, zVarianceThroughLayers } from "../../src/chapter/deep-variance";
import { firstMovingSteps, neuronSpread, valueRange } from "../../src/chapter/symmetry";
import { weightedInput } from "../../src/network2/backprop";
import { largeWeightInitializer, zeroInitializer, zeroWeightInitializer } from "../../src/network2/init";
import { Network } from "../../src/network2/network";
import { sigmoid } from "../../src/network2/sigmoid";
import { syntheticTargets } from "../support/synthetic";

describe("Var(z) carried through the layers (deep-variance.ts)", () => {
  it("gives the chapter's √501 and √(3/2) for its input of 500 ones in the first layer", () => {
    expect(zVarianceThroughLayers([1000, 1], LAYER_SCHEMES.large, [500])[0].zVariance).to.equal(501);
    expect(zVarianceThroughLayers([1000, 1], LAYER_SCHEMES.default, [500])[0].zVariance).to.be.closeTo(1.5, 1e-15);
  });

  it("predicts the second layer's spread of z over many random old networks within 3 %", () => {
    // One fixed input with Σx² = 20; 400 networks of N(0, 1) parameters; z of layer 2 pooled.
    const x = new Float64Array(40).fill(Math.sqrt(0.5));
    const sizes = [40, 30, 20];
    let sum = 0;
    let count = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const net = new Network(sizes, { seed, initializer: largeWeightInitializer });
      const a1 = weightedInput(net.weights[0], net.biases[0], x, 40).map(sigmoid);
      for (const z of weightedInput(net.weights[1], net.biases[1], a1, 30)) {
        sum += z * z;
        count++;
      }
    }
    const [first, second] = zVarianceThroughLayers(sizes, LAYER_SCHEMES.large, [20]);
    expect(first.zVariance).to.equal(21);
    expect(sum / count).to.be.closeTo(second.zVariance, 0.03 * second.zVariance);
    // Half the first layer's outputs near 0 or 1: E[a²] between 1/4 and 1/2.
    expect(first.meanSquareActivation).to.be.within(0.3, 0.5);
  });

  it("groups examples by Σx² and refuses bad input", () => {
    expect(groupMeans([4, 1, 3, 2], 2)).to.deep.equal([1.5, 3.5]);
    expect(groupMeans([5], 24)).to.deep.equal([5]);
    expect(inputSquareSums({ inputs: Float32Array.of(1, 2, 0, 3), inputSize: 2, count: 2 })).to.deep.equal([5, 9]);
    expect(() => zVarianceThroughLayers([10, 5], LAYER_SCHEMES.large, [])).to.throw(/squareSums/);
    expect(() => zVarianceThroughLayers([10], LAYER_SCHEMES.large, [1])).to.throw(/at least 2 layers/);
    expect(zVarianceThroughLayers([10, 5], LAYER_SCHEMES.zero, [3])[0]).to.include({
      zVariance: 0,
      saturatedFraction: 0,
      meanSigmaPrime: 0.25,
    });
  });
});

describe("symmetry (symmetry.ts)", () => {
  const training = syntheticTargets(41, 100, 12, 4);

  it("measures the spread across neurons: 0 for equal rows, the standard deviation otherwise", () => {
    expect(neuronSpread(Float64Array.of(1, 2, 1, 2), 2)).to.equal(0);
    expect(neuronSpread(Float64Array.of(0, 0, 2, 2), 2)).to.equal(1);
    expect(valueRange([3, -1, 2])).to.equal(4);
    expect(() => neuronSpread(Float64Array.of(1, 2, 3), 2)).to.throw(/rows of nIn = 2/);
  });

  it("keeps the neurons of an all-zero network identical through training", () => {
    const net = new Network([12, 6, 5, 4], { initializer: zeroInitializer });
    net.sgd(training, { epochs: 3, miniBatchSize: 10, eta: 0.5, lmbda: 1, precision: "float64" });
    expect(net.weights.slice(0, 2).map((w, l) => neuronSpread(w, net.sizes[l]))).to.deep.equal([0, 0]);
    expect(net.biases.slice(0, 2).map(valueRange)).to.deep.equal([0, 0]);
    expect(net.weights[0].some((v) => v !== 0), "the weights did move").to.equal(true);
  });

  it("moves zero weights one layer per step from the top, and random biases make the neurons differ", () => {
    const net = new Network([12, 6, 5, 4], { initializer: zeroWeightInitializer, seed: 2 });
    expect(firstMovingSteps(net, training, { miniBatchSize: 10, eta: 0.5, lmbda: 0, steps: 4 })).to.deep.equal([
      3, 2, 1,
    ]);
    expect(neuronSpread(net.weights[0], 12)).to.be.above(0);
    const still = new Network([12, 6, 5, 4], { initializer: zeroInitializer });
    expect(firstMovingSteps(still, training, { miniBatchSize: 10, eta: 0.5, lmbda: 0, steps: 4 })).to.deep.equal([
      3, 2, 1,
    ]);
    expect(neuronSpread(still.weights[0], 12)).to.equal(0);
  });
});
