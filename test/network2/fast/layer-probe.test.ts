import { expect } from "chai";
import { CrossEntropyCost, QuadraticCost } from "../../../src/network2/cost";
import { weightedInput } from "../../../src/network2/backprop";
import type { Dataset } from "../../../src/data/data";
import { inputOf, slice } from "../../../src/data/data";
import { layerDiagnostics, LayerProbe, measureLayers } from "../../../src/network2/fast/layer-probe";
import { Engine, evaluate } from "../../../src/network2/fast/engine";
import type { Cost } from "../../../src/network2/cost";
import type { LayerDiagnostics } from "../../../src/network2/monitors";
import { Network } from "../../../src/network2/network";
import { sigmoid, sigmoidPrime } from "../../../src/network2/sigmoid";
import { trainRun } from "../../../src/runs/runs";
import { syntheticLabelled, syntheticTargets } from "../../support/synthetic";

/**
 * The per-layer monitor against the readable network: z from `weightedInput`, gradients summed
 * from `Network.backprop` example by example, norms of their means; and the gradients' norms
 * against central finite differences of the mean cost.
 */
function readableLayers(
  network: Network,
  data: Dataset,
): Omit<LayerDiagnostics, "zHistogram" | "activationHistogram">[] {
  const outputs = network.sizes[network.sizes.length - 1];
  const sums = network.weights.map((w, l) => ({
    nablaB: new Float64Array(network.biases[l].length),
    nablaW: new Float64Array(w.length),
    saturated: 0,
    sigmaPrime: 0,
    z: 0,
    z2: 0,
  }));
  for (let e = 0; e < data.count; e++) {
    const y = new Float64Array(outputs);
    if (data.kind === "labelled") y[data.labels[e]] = 1;
    else y.set(data.targets.subarray(e * outputs, (e + 1) * outputs));
    let a: ArrayLike<number> = inputOf(data, e);
    network.weights.forEach((w, l) => {
      const z = weightedInput(w, network.biases[l], a, network.sizes[l]);
      const next = z.map(sigmoid);
      z.forEach((v, j) => {
        if (next[j] < 0.01 || next[j] > 0.99) sums[l].saturated++;
        sums[l].sigmaPrime += sigmoidPrime(v);
        sums[l].z += v;
        sums[l].z2 += v * v;
      });
      a = next;
    });
    const { nablaB, nablaW } = network.backprop(inputOf(data, e), y);
    nablaB.forEach((nb, l) => nb.forEach((v, j) => (sums[l].nablaB[j] += v)));
    nablaW.forEach((nw, l) => nw.forEach((v, j) => (sums[l].nablaW[j] += v)));
  }
  const n = data.count;
  const norm = (v: Float64Array, over = 1) => Math.sqrt(v.reduce((s, x) => s + (x / over) * (x / over), 0));
  return sums.map((s, l) => {
    const pairs = n * network.sizes[l + 1];
    const zMean = s.z / pairs;
    const weightNorm = norm(network.weights[l]);
    const weightGradientNorm = norm(s.nablaW, n);
    return {
      examples: n,
      saturatedFraction: s.saturated / pairs,
      meanSigmaPrime: s.sigmaPrime / pairs,
      zMean,
      zVariance: Math.max(0, s.z2 / pairs - zMean * zMean),
      biasGradientNorm: norm(s.nablaB, n),
      weightGradientNorm,
      weightNorm,
      relativeWeightGradient: weightNorm > 0 ? weightGradientNorm / weightNorm : null,
    };
  });
}

/** The mean cost (no L2 term) and the norms of its gradient per layer by central differences. */
function finiteDifferenceNorms(network: Network, data: Dataset, h = 1e-5): { b: number; w: number }[] {
  const cost = () => network.totalCost(data, 0);
  const derivative = (values: Float64Array, i: number) => {
    const kept = values[i];
    values[i] = kept + h;
    const up = cost();
    values[i] = kept - h;
    const down = cost();
    values[i] = kept;
    return (up - down) / (2 * h);
  };
  const norm = (values: Float64Array) => Math.sqrt(values.reduce((s, _, i) => s + derivative(values, i) ** 2, 0));
  return network.weights.map((w, l) => ({ b: norm(network.biases[l]), w: norm(w) }));
}

describe("the per-layer monitor (layer-probe.ts)", () => {
  const data: [string, Dataset][] = [
    ["labelled data", syntheticLabelled(31, 120, 12, 4)],
    ["target vectors", syntheticTargets(32, 120, 12, 4)],
  ];
  for (const cost of [CrossEntropyCost, QuadraticCost]) {
    for (const [what, d] of data) {
      it(`equals the readable network's numbers bit for bit in float64 (${cost.name}, ${what}, four layers)`, () => {
        const network = new Network([12, 7, 6, 5, 4], { seed: 8, cost });
        // Large weights: saturated neurons in every layer.
        network.weights.forEach((w) => w.forEach((x, i) => (w[i] = 12 * x)));
        const measured = layerDiagnostics(network, d, "float64");
        const readable = readableLayers(network, d);
        expect(measured).to.have.length(4);
        measured.forEach(({ zHistogram, activationHistogram, ...numbers }, l) => {
          expect(numbers, `layer ${l + 1}`).to.deep.equal(readable[l]);
          expect(zHistogram.total).to.equal(d.count * network.sizes[l + 1]);
          const binned = zHistogram.counts.reduce((s, c) => s + c, 0) + zHistogram.below + zHistogram.above;
          expect(binned).to.equal(zHistogram.total);
          expect(activationHistogram.counts.reduce((s, c) => s + c, 0)).to.equal(activationHistogram.total);
        });
        expect(measured.some((m) => m.saturatedFraction > 0.1), "some layer saturated").to.equal(true);
      });
    }
  }

  for (const precision of ["float64", "float32"] as const) {
    for (const cost of [CrossEntropyCost, QuadraticCost]) {
      const title = `in the kernel equals the JavaScript probe on the engine's activations bit for bit`;
      it(`${title} (${precision}, ${cost.name})`, () => {
        for (const [[what, d], sizes] of [
          [data[0], [12, 7, 6, 5, 4]],
          [data[1], [12, 7, 6, 5, 4]],
          [data[0], [12, 4]],
        ] as const) {
          const network = new Network(sizes, { seed: 12, cost });
          network.weights.forEach((w) => w.forEach((x, i) => (w[i] = 6 * x)));
          const engine = new Engine(network.sizes, cost, precision);
          engine.load(network);
          // The probe backpropagates through the weights the engine holds (float32 rounds them).
          engine.store(network);
          const stored = engine.addData(d);
          const probe = new LayerProbe(network);
          evaluate(engine, d, stored, 0, (e, a, zs, y) => probe.visit(inputOf(d, e), a, zs, y));
          const kernel = measureLayers(engine, network, d, stored);
          expect(kernel, `${what}, [${sizes}]`).to.deep.equal(probe.result());
          expect(kernel.some((m) => m.saturatedFraction > 0.05), "some layer saturated").to.equal(true);
        }
      });
    }
  }

  it("runs in JavaScript for a cost the kernel does not know, with that cost's own δ", () => {
    const halfCrossEntropy: Cost = {
      name: "HalfCrossEntropy" as Cost["name"],
      fn: (a, y) => 0.5 * CrossEntropyCost.fn(a, y),
      delta: (z, a, y, out) => {
        CrossEntropyCost.delta(z, a, y, out);
        for (let j = 0; j < out.length; j++) out[j] *= 0.5;
        return out;
      },
    };
    const d = data[0][1];
    const half = layerDiagnostics(new Network([12, 6, 5, 4], { seed: 13, cost: halfCrossEntropy }), d, "float64");
    const full = layerDiagnostics(new Network([12, 6, 5, 4], { seed: 13 }), d, "float64");
    half.forEach((m, l) => {
      expect(m.biasGradientNorm, `layer ${l + 1}`).to.be.closeTo(0.5 * full[l].biasGradientNorm, 1e-15);
      expect(m.weightGradientNorm, `layer ${l + 1}`).to.be.closeTo(0.5 * full[l].weightGradientNorm, 1e-15);
      expect(m.zHistogram).to.deep.equal(full[l].zHistogram);
    });
  });

  it("is within float32 rounding of the float64 numbers", () => {
    const network = new Network([12, 9, 8, 4], { seed: 9 });
    const d = data[0][1];
    const exact = layerDiagnostics(network, d, "float64");
    const rounded = layerDiagnostics(network, d, "float32");
    exact.forEach((m, l) => {
      for (const key of [
        "meanSigmaPrime",
        "zVariance",
        "biasGradientNorm",
        "weightGradientNorm",
        "weightNorm",
      ] as const) {
        expect(rounded[l][key], `layer ${l + 1} ${key}`).to.be.closeTo(m[key], 1e-5 * Math.max(1, m[key]));
      }
    });
  });

  it("gives gradient norms that match central finite differences of the mean cost", () => {
    const network = new Network([12, 6, 5, 4], { seed: 10 });
    const d = data[1][1];
    const measured = layerDiagnostics(network, d, "float64");
    const fd = finiteDifferenceNorms(network, d);
    measured.forEach((m, l) => {
      expect(m.biasGradientNorm, `‖∂C/∂b‖ of layer ${l + 1}`).to.be.closeTo(fd[l].b, 1e-6 * fd[l].b + 1e-9);
      expect(m.weightGradientNorm, `‖∂C/∂w‖ of layer ${l + 1}`).to.be.closeTo(fd[l].w, 1e-6 * fd[l].w + 1e-9);
      expect(m.biasGradientNorm).to.be.above(1e-4);
    });
  });

  it("says null, not Infinity, for the gradient relative to weights that are all zero", () => {
    const network = new Network([12, 5, 4], { seed: 11 });
    network.weights.forEach((w) => w.fill(0));
    const measured = layerDiagnostics(network, data[0][1], "float64");
    expect(measured.map((m) => m.relativeWeightGradient)).to.deep.equal([null, null]);
    // Zero weights above the hidden layer: its δ, and so its gradient, is zero.
    expect(measured[0].biasGradientNorm).to.equal(0);
    expect(measured[1].biasGradientNorm).to.be.above(0);
  });

  it("is recorded by sgd before training and after every epoch, equal to a pass on the network then", () => {
    const training = syntheticTargets(33, 200, 12, 4);
    const evaluation = syntheticLabelled(34, 1500, 12, 4);
    const run = {
      label: "deep",
      sizes: [12, 6, 6, 4],
      initializer: "large" as const,
      seed: 3,
      epochs: 2,
      miniBatchSize: 10,
      eta: 0.5,
      precision: "float64" as const,
      monitorLayers: true,
    };
    const { network, history } = trainRun(run, { training, evaluation });
    expect(history.initial.layers).to.have.length(3);
    expect(history.initial.layers![0].examples).to.equal(1000);
    expect(history.epochs.map((e) => e.layers?.length)).to.deep.equal([3, 3]);
    const after = layerDiagnostics(network, slice(evaluation, 0, 1000), "float64");
    expect(history.epochs[1].layers).to.deep.equal(after);
    expect(JSON.parse(JSON.stringify(history.epochs[1].layers))).to.deep.equal(after);
  });

  it("is refused without evaluation data, and for a value that is not a boolean", () => {
    const training = syntheticTargets(35, 50, 12, 4);
    const network = new Network([12, 5, 4]);
    expect(() => network.sgd(training, { epochs: 1, miniBatchSize: 10, eta: 0.1, monitorLayers: true })).to.throw(
      /monitorLayers needs evaluationData/,
    );
    expect(() =>
      network.sgd(training, {
        epochs: 1,
        miniBatchSize: 10,
        eta: 0.1,
        evaluationData: training,
        monitorLayers: "yes" as unknown as boolean,
      }),
    ).to.throw(/monitorLayers must be true or false/);
    expect(() => layerDiagnostics(network, syntheticLabelled(36, 10, 12, 6))).to.throw(
      /do not fit the network's 4 outputs/,
    );
  });

  it("counts each value into one bin, the ends included", () => {
    const network = new Network([2, 1], {
      parameters: { weights: [Float64Array.of(0, 0)], biases: [Float64Array.of(30)] },
    });
    const probe = new LayerProbe(network);
    probe.visit([0, 0], [Float64Array.of(sigmoid(30))], [Float64Array.of(30)], [1]);
    probe.visit([0, 0], [Float64Array.of(sigmoid(-31))], [Float64Array.of(-31)], [1]);
    const [layer] = probe.result();
    expect(layer.zHistogram.counts[layer.zHistogram.counts.length - 1]).to.equal(1);
    expect(layer.zHistogram.below).to.equal(1);
    expect(layer.saturatedFraction).to.equal(1);
  });
});
