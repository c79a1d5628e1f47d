/**
 * Hostile inputs to `new Network` and `sgd`: empty data, bounds on m, epochs and layer sizes, the
 * wrong types. Each must fail before any work starts, naming the argument and showing what was
 * given as it was given (NaN as NaN, the string "0.1" as a string).
 */
import { expect } from "chai";
import { Network } from "../../src/network2/network";
import { largeWeightInitializer } from "../../src/network2/init";
import { oneHot, slice } from "../../src/data/data";
import type { SgdOptions } from "../../src/network2/options";
import { syntheticLabelled, syntheticTargets } from "../support/synthetic";
import { runChild } from "../support/child";

describe("hostile: sgd and Network inputs", () => {
  const training = syntheticTargets(1, 20, 5, 2);
  const ok = { epochs: 1, miniBatchSize: 5, eta: 0.1 };

  describe("empty data", () => {
    it("refuses empty training data of 64 inputs at once (it used to never return)", () => {
      const outcome = runChild(
        `
        const net = new lib.Network([64, 5, 3], { seed: 1 });
        try {
          net.sgd(lib.oneHot(lib.slice(labelled(10, 64, 3), 0, 0)), { epochs: 1, miniBatchSize: 10, eta: 0.1 });
          console.log("returned");
        }
        catch (e) { console.log("error: " + e.message); }`,
        20_000,
      );
      expect(outcome.timedOut, "sgd on empty data did not return").to.equal(false);
      expect(outcome.stdout).to.match(/error: training data: has no examples \(count 0\)/);
    });

    it("refuses empty training data of 16 inputs and leaves the parameters as they were", () => {
      const net = new Network([16, 4, 3], { seed: 2 });
      const before = net.parameters();
      const empty = oneHot(slice(syntheticLabelled(3, 10, 16, 3), 0, 0));
      expect(() => net.sgd(empty, { epochs: 2, miniBatchSize: 10, eta: 0.5 })).to.throw(
        RangeError,
        /training data: has no examples/,
      );
      expect(net.parameters()).to.deep.equal(before);
    });

    it("refuses empty evaluation data, and accuracy or cost over no examples", () => {
      const net = new Network([5, 3, 2]);
      const none = slice(syntheticLabelled(2, 6, 5, 2), 0, 0);
      expect(() => net.sgd(training, { ...ok, evaluationData: none, monitorEvaluationAccuracy: true })).to.throw(
        /evaluationData: has no examples/,
      );
      expect(() => net.accuracy(none)).to.throw(RangeError, /accuracy: has no examples/);
      expect(() => net.totalCost(none, 0)).to.throw(RangeError, /totalCost: has no examples/);
    });
  });

  describe("upper bounds, checked before anything is allocated or run", () => {
    for (const m of [2 ** 31, 2 ** 32, 2 ** 32 + 10]) {
      it(`refuses miniBatchSize ${m} (it used to crash the kernel, loop forever or train with another m)`, () => {
        const outcome = runChild(
          `
          const net = new lib.Network([4, 3, 2], { seed: 1 });
          try {
            net.sgd(lib.oneHot(labelled(30, 4, 2)), { epochs: 1, miniBatchSize: ${m}, eta: 0.1 });
            console.log("returned");
          }
          catch (e) { console.log("error: " + e.message); }`,
          20_000,
        );
        expect(outcome.timedOut, "sgd did not return").to.equal(false);
        const message = `sgd: miniBatchSize (m) must be an integer in [1, 2³¹ − 1], got ${m}`;
        expect(outcome.stdout).to.contain(`error: ${message}`);
      });
    }

    it("refuses a billion epochs", () => {
      const outcome = runChild(
        `
        const net = new lib.Network([4, 3, 2], { seed: 1 });
        try {
          net.sgd(lib.oneHot(labelled(30, 4, 2)), { epochs: 1e9, miniBatchSize: 10, eta: 0.1 });
          console.log("returned");
        }
        catch (e) { console.log("error: " + e.message); }`,
        20_000,
      );
      expect(outcome.timedOut, "sgd ran on").to.equal(false);
      expect(outcome.stdout).to.contain("error: sgd: epochs must be an integer in [0, 1000000], got 1000000000");
    });

    it("refuses layers and networks too large to allocate, naming sizes, before allocating them", () => {
      const outcome = runChild(
        `
        for (const sizes of [[784, 1e8, 10], [784, 100000, 10]]) {
          try { new lib.Network(sizes); console.log("built"); } catch (e) { console.log("error: " + e.message); }
        }
        console.log("rss " + process.memoryUsage().rss);`,
        60_000,
      );
      expect(outcome.timedOut).to.equal(false);
      const lines = outcome.stdout.trim().split("\n");
      expect(lines[0]).to.equal(
        "error: sizes[1]: a layer needs a positive integer number of neurons, at most 2²⁴ = 16777216, got 100000000",
      );
      expect(lines[1]).to.equal(
        "error: sizes: [784, 100000, 10] has 79400000 weights, more than the limit of 2²⁶ = 67108864",
      );
      // Nothing of the order of the refused networks (635 MB and more) was ever allocated.
      expect(Number(lines[2].split(" ")[1])).to.be.below(300e6);
    });
  });

  describe("the wrong types, reported faithfully", () => {
    it("asks for the options object when sgd gets none", () => {
      const net = new Network([5, 3, 2]);
      const call = net.sgd.bind(net) as (t: unknown, o?: unknown) => unknown;
      expect(() => call(training)).to.throw(
        TypeError,
        /sgd: expected an options object \{ epochs, miniBatchSize, eta, … \} after the training data, got undefined/,
      );
      expect(() => call(training, 30)).to.throw(TypeError, /got 30/);
    });

    const cases: [string, object, RegExp][] = [
      [
        'η as the string "0.1"',
        { eta: "0.1" },
        /eta \(η, the learning rate\) must be a finite number > 0, got "0.1" \(a string\)/,
      ],
      [
        'epochs as the string "3"',
        { epochs: "3" },
        /epochs must be an integer in \[0, 1000000\], got "3" \(a string\)/,
      ],
      ["m as NaN", { miniBatchSize: NaN }, /miniBatchSize \(m\) must be an integer in \[1, 2³¹ − 1\], got NaN/],
      [
        'λ as the string "5"',
        { lmbda: "5" },
        /lmbda \(λ, the L2 parameter\) must be a finite number ≥ 0, got "5" \(a string\)/,
      ],
      ["precision as NaN", { precision: NaN }, /precision must be "float64" or "float32", got NaN/],
      [
        "a monitor switch as a string",
        { evaluationData: syntheticLabelled(2, 4, 5, 2), monitorEvaluationAccuracy: "yes" },
        /monitorEvaluationAccuracy must be true or false, got "yes" \(a string\)/,
      ],
      ["onEpoch that is not a function", { onEpoch: 5 }, /onEpoch must be a function, got 5/],
      [
        "a misspelt option (lambda for lmbda)",
        { lambda: 5 },
        /unknown option "lambda"; the options are epochs, miniBatchSize, eta, lmbda/,
      ],
    ];
    for (const [what, change, message] of cases) {
      it(`refuses ${what}`, () => {
        const net = new Network([5, 3, 2]);
        expect(() => net.sgd(training, { ...ok, ...change } as SgdOptions<Network>)).to.throw(message);
      });
    }

    it("refuses sizes with NaN, printing NaN (not null)", () => {
      expect(() => new Network([784, NaN, 10])).to.throw(RangeError, /sizes\[1\]: .*got NaN$/);
      expect(() => new Network([784, "30", 10] as unknown as number[])).to.throw(
        RangeError,
        /sizes\[1\]: .*got "30" \(a string\)$/,
      );
    });

    it("refuses an initializer or a cost given by name, and says how to turn the name into one", () => {
      const sizes = [5, 3, 2];
      expect(() => new Network(sizes, { initializer: "large" } as never)).to.throw(
        TypeError,
        new RegExp(
          String.raw`Network: options.initializer must be a function \(sizes, rng\) => parameters .* ` +
            String.raw`got "large" \(a string\); for a name use initializerByName\("large"\)`,
        ),
      );
      expect(() => new Network(sizes, { cost: "QuadraticCost" } as never)).to.throw(
        TypeError,
        new RegExp(
          String.raw`Network: options.cost: expected a cost object \{ name, fn, delta \} .* ` +
            String.raw`got "QuadraticCost" \(a string\); for a name use costByName\("QuadraticCost"\)`,
        ),
      );
      expect(() => new Network(sizes, { cost: { name: "Hinge" } } as never)).to.throw(
        TypeError,
        /options.cost: expected a cost object/,
      );
    });

    it("refuses misspelt or contradictory Network options and a seed that is a string", () => {
      expect(() => new Network([5, 3, 2], { intializer: largeWeightInitializer } as never)).to.throw(
        TypeError,
        /unknown option "intializer"/,
      );
      expect(() => new Network([5, 3, 2], { seed: "1" } as never)).to.throw(
        RangeError,
        /options.seed must be an integer in \[0, 2³² − 1\], got "1" \(a string\)/,
      );
    });
  });
});
