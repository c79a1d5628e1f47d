import { expect } from "chai";
import { Cost, CrossEntropyCost, QuadraticCost } from "../../src/network2/cost";
import { Dataset, inputOf, LabelledData, oneHot, slice } from "../../src/data/data";
import type { HiddenLayerDiagnostics } from "../../src/network2/monitors";
import { largeWeightInitializer } from "../../src/network2/init";
import { loadMnist } from "../../src/data/mnist";
import { Network, readableTrainer } from "../../src/network2/network";
import { Rng } from "../../src/data/random";
import { sigmoid, sigmoidPrime } from "../../src/network2/sigmoid";
import { EpochRecord, STOP_TRAINING } from "../../src/network2/options";
import { wasmTrainer } from "../../src/network2/fast/trainer";
import { checkedData } from "../../src/network2/trainer";
import { expectSameParameters, syntheticLabelled, syntheticTargets } from "../support/synthetic";

/**
 * The first hidden layer's diagnostics (see monitors.ts) computed the plain way, example by
 * example: z and σ(z) from the weights, ∂C/∂w¹ from `Network.backprop` (whose ∂C/∂b¹ is δ¹), and
 * every |∂C_x/∂w_jk| summed one by one rather than factored as the monitor does.
 */
function hiddenLayerByBackprop(net: Network, data: LabelledData): HiddenLayerDiagnostics {
  const [nIn, nHidden] = net.sizes;
  let saturated = 0;
  let sigmaPrimeSum = 0;
  let gradientSum = 0;
  for (let i = 0; i < data.count; i++) {
    const x = inputOf(data, i);
    const y = new Float64Array(net.sizes[net.numLayers - 1]);
    y[data.labels[i]] = 1;
    const { nablaB, nablaW } = net.backprop(x, y);
    for (let j = 0; j < nHidden; j++) {
      let z = net.biases[0][j];
      for (let k = 0; k < nIn; k++) z += net.weights[0][j * nIn + k] * x[k];
      const a = sigmoid(z);
      if (a < 0.01 || a > 0.99) saturated++;
      sigmaPrimeSum += sigmoidPrime(z);
      for (let k = 0; k < nIn; k++) {
        expect(nablaW[0][j * nIn + k]).to.equal(nablaB[0][j] * x[k]); // ∂C/∂w_jk = δ_j x_k
        gradientSum += Math.abs(nablaW[0][j * nIn + k]);
      }
    }
  }
  const pairs = data.count * nHidden;
  const meanWeightGradient = gradientSum / (pairs * nIn);
  const rms = Math.sqrt(net.weights[0].reduce((sum, w) => sum + w * w, 0) / net.weights[0].length);
  return {
    saturatedFraction: saturated / pairs,
    meanWeightGradient,
    relativeWeightGradient: meanWeightGradient / rms,
    meanSigmaPrime: sigmaPrimeSum / pairs,
  };
}

/** The cost of one example as a function of the network's parameters. */
function exampleCost(net: Network, x: ArrayLike<number>, y: ArrayLike<number>): number {
  return net.cost.fn(net.feedforward(x), y);
}

describe("Network", () => {
  describe("backprop", () => {
    for (const cost of [CrossEntropyCost, QuadraticCost]) {
      it(`agrees with central finite differences (${cost.name}, relative error < 1e-6)`, () => {
        const net = new Network([6, 5, 4, 3], { cost, seed: 3 });
        const rng = new Rng(4);
        const x = Array.from({ length: 6 }, () => rng.normal());
        const y = [0.2, 0.9, 0.5];
        const { nablaB, nablaW } = net.backprop(x, y);
        const h = 1e-5;
        const numeric: number[] = [];
        const analytic: number[] = [];
        const collect = (params: Float64Array, gradient: Float64Array) => {
          for (let i = 0; i < params.length; i++) {
            const saved = params[i];
            params[i] = saved + h;
            const plus = exampleCost(net, x, y);
            params[i] = saved - h;
            const minus = exampleCost(net, x, y);
            params[i] = saved;
            numeric.push((plus - minus) / (2 * h));
            analytic.push(gradient[i]);
          }
        };
        net.weights.forEach((w, l) => collect(w, nablaW[l]));
        net.biases.forEach((b, l) => collect(b, nablaB[l]));
        // ‖numeric − analytic‖ / max(‖numeric‖, ‖analytic‖) over all 5·6 + 4·5 + 3·4 + 12 = 74
        // parameters.
        const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
        const error = norm(numeric.map((v, i) => v - analytic[i])) / Math.max(norm(numeric), norm(analytic));
        expect(numeric).to.have.length(74);
        expect(norm(analytic)).to.be.above(1e-3);
        expect(error).to.be.below(1e-6);
      });
    }

    it("matches a 2-2-1 network worked out by hand", () => {
      const net = new Network([2, 2, 1], {
        parameters: {
          weights: [Float64Array.from([0.1, 0.2, 0.3, 0.4]), Float64Array.from([0.6, -0.7])],
          biases: [Float64Array.from([0.5, -0.5]), Float64Array.from([0.1])],
        },
      });
      const x = [1, 2];
      // Forward: z¹ = w¹x + b¹ = (0.1 + 0.4 + 0.5, 0.3 + 0.8 − 0.5) = (1.0, 0.6).
      const a1 = [sigmoid(1.0), sigmoid(0.6)];
      const z2 = 0.6 * a1[0] - 0.7 * a1[1] + 0.1;
      const a2 = sigmoid(z2);
      expect(net.feedforward(x)[0]).to.be.closeTo(a2, 1e-15);
      // Backward with cross-entropy and y = 1: δ² = a² − 1, δ¹ = (w²)ᵀδ² ⊙ σ'(z¹).
      const d2 = a2 - 1;
      const d1 = [0.6 * d2 * sigmoidPrime(1.0), -0.7 * d2 * sigmoidPrime(0.6)];
      const { nablaB, nablaW } = net.backprop(x, [1]);
      expect(nablaB[1][0]).to.be.closeTo(d2, 1e-15);
      expect(nablaW[1][0]).to.be.closeTo(d2 * a1[0], 1e-15);
      expect(nablaW[1][1]).to.be.closeTo(d2 * a1[1], 1e-15);
      expect(nablaB[0][0]).to.be.closeTo(d1[0], 1e-15);
      expect(nablaB[0][1]).to.be.closeTo(d1[1], 1e-15);
      expect(Array.from(nablaW[0]).map((v) => +v.toFixed(15))).to.deep.equal(
        [d1[0] * 1, d1[0] * 2, d1[1] * 1, d1[1] * 2].map((v) => +v.toFixed(15)),
      );
    });
  });

  describe("updateMiniBatch", () => {
    it("takes the L2 step w ← (1 − ηλ/n)w − (η/m)Σ∇w and leaves biases undecayed", () => {
      const data = syntheticTargets(1, 4, 3, 2);
      const net = new Network([3, 2, 2], { seed: 5 });
      const before = net.parameters();
      const batch = [0, 2, 3];
      const grads = batch.map((e) => net.backprop(inputOf(data, e), data.targets.subarray(e * 2, e * 2 + 2)));
      const [eta, lmbda, n, m] = [0.5, 2, 100, batch.length];
      net.updateMiniBatch(data, batch, eta, lmbda, n);
      before.weights.forEach((w, l) =>
        w.forEach((v, i) => {
          const sum = grads.reduce((s, g) => s + g.nablaW[l][i], 0);
          expect(net.weights[l][i]).to.be.closeTo((1 - (eta * lmbda) / n) * v - (eta / m) * sum, 1e-15);
        }),
      );
      before.biases.forEach((b, l) =>
        b.forEach((v, i) => {
          const sum = grads.reduce((s, g) => s + g.nablaB[l][i], 0);
          expect(net.biases[l][i]).to.be.closeTo(v - (eta / m) * sum, 1e-15);
        }),
      );
    });
  });

  describe("sgd in WebAssembly (float64) against the readable loops, bit for bit", () => {
    /** A cost the engine does not know: cross-entropy under another name, so it takes the custom path. */
    const customCost: Cost = {
      ...CrossEntropyCost,
      fn: (a, y) => CrossEntropyCost.fn(a, y),
      delta: (z, a, y, out) => CrossEntropyCost.delta(z, a, y, out),
    };
    const cases: { what: string; sizes: number[]; cost: Cost; m: number; lmbda: number }[] = [
      {
        what: "an odd hidden layer (padding), cross-entropy",
        sizes: [12, 7, 5],
        cost: CrossEntropyCost,
        m: 10,
        lmbda: 0.3,
      },
      { what: "two hidden layers, quadratic cost", sizes: [12, 6, 5, 3], cost: QuadraticCost, m: 4, lmbda: 1 },
      { what: "no hidden layer", sizes: [12, 3], cost: CrossEntropyCost, m: 7, lmbda: 0 },
      { what: "a cost the engine does not know", sizes: [12, 8, 3], cost: customCost, m: 5, lmbda: 0.1 },
      { what: "one mini-batch per epoch (m > n)", sizes: [12, 4, 3], cost: CrossEntropyCost, m: 100, lmbda: 0.5 },
    ];
    for (const { what, sizes, cost, m, lmbda } of cases) {
      it(`${what}: ${JSON.stringify(sizes)}, m = ${m}, λ = ${lmbda}`, () => {
        const classes = sizes[sizes.length - 1];
        const training = syntheticTargets(10, 53, sizes[0], classes);
        const evaluation = syntheticLabelled(11, 17, sizes[0], classes);
        const options = {
          epochs: 3,
          miniBatchSize: m,
          eta: 0.4,
          lmbda,
          evaluationData: evaluation,
          precision: "float64" as const,
          monitorEvaluationCost: true,
          monitorEvaluationAccuracy: true,
          monitorTrainingCost: true,
          monitorTrainingAccuracy: true,
          monitorHiddenLayer: sizes.length > 2,
        };
        const fast = new Network(sizes, { cost, seed: 21 });
        const readable = new Network(sizes, { cost, seed: 21 });
        const fastHistory = fast.sgd(training, options);
        const readableHistory = readable.sgd(training, { ...options, trainer: readableTrainer });
        expectSameParameters(fast, readable);
        const monitors = (r: EpochRecord) => [
          r.epoch,
          r.evaluationCost,
          r.evaluationAccuracy,
          r.trainingCost,
          r.trainingAccuracy,
          r.hidden,
        ];
        expect(fastHistory.epochs.map(monitors)).to.deep.equal(readableHistory.epochs.map(monitors));
        expect(fastHistory.initial).to.deep.equal(readableHistory.initial);
        expect(fast.weights[0]).to.not.deep.equal(new Network(sizes, { cost, seed: 21 }).weights[0]);
      });
    }

    it("on 1,000 MNIST images with the chapter's [784, 30, 10], η = 0.1, λ = 5, m = 10", () => {
      const mnist = loadMnist();
      const training = oneHot(slice(mnist.training, 0, 1000));
      const options = { epochs: 1, miniBatchSize: 10, eta: 0.1, lmbda: 5, precision: "float64" as const };
      const fast = new Network([784, 30, 10], { initializer: largeWeightInitializer, seed: 8 });
      const readable = new Network([784, 30, 10], { initializer: largeWeightInitializer, seed: 8 });
      fast.sgd(training, options);
      readable.sgd(training, { ...options, trainer: readableTrainer });
      expectSameParameters(fast, readable);
    });
  });

  describe("sgd in float32", () => {
    // Hidden widths that take each of the kernel's paths: rows of 3 vectors; of 8 (the first layer's
    // δ held in registers); of 11 (4-vector blocks of the forward sum plus single vectors); of 25.
    for (const hidden of [9, 30, 41, 100]) {
      it(`follows the readable loops up to float rounding, [30, ${hidden}, 4]`, () => {
        const training = syntheticTargets(10, 200, 30, 4);
        const options = { epochs: 2, miniBatchSize: 10, eta: 0.3, lmbda: 1 };
        const fast = new Network([30, hidden, 4], { seed: 5 });
        const readable = new Network([30, hidden, 4], { seed: 5 });
        fast.sgd(training, { ...options, precision: "float32" });
        readable.sgd(training, { ...options, trainer: readableTrainer });
        let worst = 0;
        fast.weights.forEach((w, l) =>
          w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - readable.weights[l][i])))),
        );
        expect(worst).to.be.above(0);
        expect(worst).to.be.below(1e-4);
      });
    }

    it("rejects an unknown precision", () => {
      const net = new Network([30, 4]);
      expect(() =>
        net.sgd(syntheticTargets(1, 5, 30, 4), {
          epochs: 1,
          miniBatchSize: 5,
          eta: 1,
          precision: "float16" as "float32",
        }),
      ).to.throw(/sgd: precision must be "float64" or "float32", got "float16"/);
    });
  });

  describe("accuracy and totalCost", () => {
    /** network2's `accuracy` and `total_cost`, computed here from `feedforward` alone. */
    const byHand = (net: Network, data: Dataset, lmbda: number) => {
      let correct = 0;
      let sum = 0;
      for (let i = 0; i < data.count; i++) {
        const a = net.feedforward(inputOf(data, i));
        const y = new Float64Array(a.length);
        if (data.kind === "labelled") y[data.labels[i]] = 1;
        else y.set(data.targets.subarray(i * a.length, (i + 1) * a.length));
        if (a.indexOf(Math.max(...a)) === y.indexOf(Math.max(...y))) correct++;
        sum += net.cost.fn(a, y);
      }
      let squares = 0;
      for (const w of net.weights) for (const v of w) squares += v * v;
      return { correct, cost: sum / data.count + 0.5 * (lmbda / data.count) * squares };
    };

    it("equal network2's per-example definitions, with λ's ½(λ/n)Σ‖w‖² term, " +
      "and the engine's float64 pass bit for bit", () => {
      const net = new Network([12, 9, 4], { seed: 2 });
      for (const data of [syntheticLabelled(3, 40, 12, 4), syntheticTargets(4, 40, 12, 4)]) {
        for (const lmbda of [0, 5]) {
          const expected = byHand(net, data, lmbda);
          expect({ correct: net.accuracy(data), cost: net.totalCost(data, lmbda) }).to.deep.equal(expected);
          const training = checkedData(syntheticTargets(5, 10, 12, 4), "training");
          const work = wasmTrainer.begin(net, { training, evaluation: checkedData<Dataset>(data, "data") }, "float64");
          expect(work.evaluate("evaluation", lmbda, { cost: true })).to.deep.equal(expected);
          work.end();
        }
        expect(net.totalCost(data, 5) - net.totalCost(data, 0)).to.be.closeTo(
          0.5 * (5 / 40) * net.sumOfSquaredWeights(),
          1e-12,
        );
      }
    });
  });

  describe("training runs", () => {
    it("are reproducible: the same seed gives the same weights and history", () => {
      const training = syntheticTargets(1, 60, 10, 3);
      const run = () => {
        const net = new Network([10, 6, 3], { seed: 99 });
        const history = net.sgd(training, { epochs: 2, miniBatchSize: 5, eta: 1, monitorTrainingCost: true });
        return { net, costs: history.epochs.map((r) => r.trainingCost) };
      };
      const a = run();
      const b = run();
      expectSameParameters(a.net, b.net);
      expect(a.costs).to.deep.equal(b.costs);
    });

    it("report each epoch to onEpoch with up-to-date parameters, and stop when it says so", () => {
      const training = syntheticTargets(1, 30, 10, 3);
      const net = new Network([10, 4, 3], { seed: 1 });
      const seen: number[] = [];
      const history = net.sgd(training, {
        epochs: 5,
        miniBatchSize: 10,
        eta: 1,
        monitorTrainingAccuracy: true,
        precision: "float64",
        onEpoch: (record, network) => {
          seen.push(record.epoch);
          expect(record.trainingAccuracy).to.equal(network.accuracy(training));
          return record.epoch === 2 ? STOP_TRAINING : undefined;
        },
      });
      expect(seen).to.deep.equal([1, 2]);
      expect(history.epochs).to.have.length(2);
      expect(history).to.include({ trainingSize: 30, evaluationSize: 0 });
    });

    for (const precision of ["float64", "float32"] as const) {
      const title =
        `reproduce the chapter after one epoch on MNIST in ${precision}: ` +
        "above 91 % with the default initializer, below 89 % with the large one";
      it(title, function () {
        this.timeout(120_000);
        const mnist = loadMnist();
        const training = oneHot(mnist.training);
        const firstEpoch = (initializer?: typeof largeWeightInitializer) => {
          const net = new Network([784, 30, 10], { initializer, seed: 1 });
          const history = net.sgd(training, {
            epochs: 1,
            miniBatchSize: 10,
            eta: 0.1,
            lmbda: 5,
            evaluationData: mnist.validation,
            monitorEvaluationAccuracy: true,
            precision,
          });
          return history.epochs[0].evaluationAccuracy! / history.evaluationSize;
        };
        expect(firstEpoch()).to.be.above(0.91);
        expect(firstEpoch(largeWeightInitializer)).to.be.below(0.89);
      });
    }

    it("measure the hidden layer before training and each epoch as per-example computation from backprop's δ", () => {
      const training = syntheticTargets(1, 60, 16, 4);
      const evaluation = syntheticLabelled(2, 25, 16, 4);
      const make = () => new Network([16, 10, 4], { initializer: largeWeightInitializer, seed: 3 });
      const expectClose = (actual: HiddenLayerDiagnostics | undefined, expected: HiddenLayerDiagnostics) => {
        expect(actual).to.not.equal(undefined);
        expect(actual!.saturatedFraction).to.equal(expected.saturatedFraction);
        for (const key of ["meanWeightGradient", "relativeWeightGradient", "meanSigmaPrime"] as const) {
          expect(actual![key]).to.be.closeTo(expected[key], 1e-12 * Math.abs(expected[key]));
        }
      };
      const initial = hiddenLayerByBackprop(make(), evaluation);
      expect(initial.saturatedFraction).to.be.above(0); // N(0, 1) weights: some neurons start saturated
      const net = make();
      const seen: HiddenLayerDiagnostics[] = [];
      const history = net.sgd(training, {
        epochs: 2,
        miniBatchSize: 6,
        eta: 0.5,
        evaluationData: evaluation,
        monitorHiddenLayer: true,
        precision: "float64",
        onEpoch: (_record, network) => void seen.push(hiddenLayerByBackprop(network, evaluation)),
      });
      expectClose(history.initial.hidden, initial);
      history.epochs.forEach((record, i) => expectClose(record.hidden, seen[i]));
      expect(seen[1]).to.not.deep.equal(initial);
      expect(() =>
        new Network([16, 4]).sgd(training, {
          epochs: 1,
          miniBatchSize: 6,
          eta: 0.5,
          evaluationData: evaluation,
          monitorHiddenLayer: true,
        }),
      ).to.throw(/monitorHiddenLayer needs a network with a hidden layer/);
    });

    it("take network2's positional SGD(data, epochs, m, η, options) to the same network and history as sgd", () => {
      const training = syntheticTargets(5, 40, 6, 3);
      const evaluation = syntheticLabelled(6, 10, 6, 3);
      const options = {
        lmbda: 2,
        evaluationData: evaluation,
        monitorEvaluationCost: true,
        monitorEvaluationAccuracy: true,
      };
      const positional = new Network([6, 5, 3], { seed: 8 });
      const named = new Network([6, 5, 3], { seed: 8 });
      const a = positional.SGD(training, 3, 7, 0.4, options);
      const b = named.sgd(training, { ...options, epochs: 3, miniBatchSize: 7, eta: 0.4 });
      expectSameParameters(positional, named);
      const strip = (h: typeof a) => h.epochs.map(({ seconds: _, ...rest }) => rest);
      expect(strip(a)).to.deep.equal(strip(b));
      expect(a.epochs).to.have.length(3);
      expect(() => positional.SGD(training, 3, 7, 0.4, null as never)).to.throw(
        TypeError,
        /SGD: the fifth argument must be an options object/,
      );
    });
  });

  describe("bad input", () => {
    const training = syntheticTargets(1, 20, 5, 2);
    const net = new Network([5, 3, 2]);
    const ok = { epochs: 1, miniBatchSize: 5, eta: 0.1 };
    const cases: [string, object, RegExp][] = [
      ["η = 0", { eta: 0 }, /eta \(η, the learning rate\) must be a finite number > 0, got 0/],
      ["η = NaN", { eta: NaN }, /eta .* got NaN/],
      ["η = ∞", { eta: Infinity }, /eta .* got Infinity/],
      ["λ < 0", { lmbda: -1 }, /lmbda \(λ, the L2 parameter\) must be a finite number ≥ 0, got -1/],
      ["m = 0", { miniBatchSize: 0 }, /miniBatchSize \(m\) must be an integer in \[1, 2³¹ − 1\], got 0/],
      ["m = 2.5", { miniBatchSize: 2.5 }, /miniBatchSize .* got 2.5/],
      ["epochs < 0", { epochs: -1 }, /epochs must be an integer in \[0, 1000000\], got -1/],
      ["evaluation monitors without data", { monitorEvaluationAccuracy: true }, /needs evaluationData/],
      [
        "evaluation data of the wrong width",
        { evaluationData: syntheticLabelled(1, 3, 4, 2) },
        /evaluationData: examples have 4 inputs, but the network's sizes\[0\] is 5/,
      ],
    ];
    for (const [what, change, message] of cases) {
      it(`rejects ${what}`, () => expect(() => net.sgd(training, { ...ok, ...change })).to.throw(message));
    }

    it("rejects training data that does not fit the network, or is not target vectors", () => {
      expect(() => new Network([6, 3, 2]).sgd(training, ok)).to.throw(
        /training data: examples have 5 inputs, but the network's sizes\[0\] is 6/,
      );
      expect(() => new Network([5, 3, 4]).sgd(training, ok)).to.throw(
        /targets have 2 entries, but the network has 4 outputs/,
      );
      const labelled = syntheticLabelled(1, 20, 5, 2) as unknown as typeof training;
      expect(() => net.sgd(labelled, ok)).to.throw(TypeError, /must be TargetData .* use oneHot/);
    });

    it("rejects invalid sizes, parameters of the wrong shape and inputs of the wrong length", () => {
      expect(() => new Network([3])).to.throw(RangeError, /at least two layers/);
      expect(() => new Network([3, -1, 2])).to.throw(RangeError, /sizes\[1\]/);
      expect(
        () => new Network([2, 2], { parameters: { weights: [new Float64Array(3)], biases: [new Float64Array(2)] } }),
      ).to.throw(/weights\[0\] has 3 entries, expected 2×2/);
      expect(() => net.feedforward([1, 2])).to.throw(RangeError, /feedforward: input has 2 entries, expected 5/);
      expect(() => net.totalCost(training, -2)).to.throw(RangeError, /lmbda/);
    });
  });
});
