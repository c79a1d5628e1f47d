/** The hidden layer's saturation, σ' and gradient size from an evaluation pass, against per-example backprop. */
import { expect } from "chai";
import { inputOf } from "../../../src/data/data";
import { hiddenLayerDiagnostics } from "../../../src/network2/fast/hidden-probe";
import { SATURATION_MARGIN } from "../../../src/network2/monitors";
import { largeWeightInitializer } from "../../../src/network2/init";
import { Network } from "../../../src/network2/network";
import { sigmoid } from "../../../src/network2/sigmoid";
import { syntheticLabelled, syntheticTargets } from "../../support/synthetic";

describe("the hidden-layer monitor (hiddenLayerDiagnostics)", () => {
  for (const data of [syntheticLabelled(2, 30, 16, 4), syntheticTargets(3, 30, 16, 4)]) {
    it(`hidden-layer saturation, σ' and gradient size agree with per-example backprop (${data.kind} data)`, () => {
      const net = new Network([16, 12, 7, 4], { initializer: largeWeightInitializer, seed: 6 });
      let saturated = 0;
      let sigmaPrime = 0;
      let gradient = 0;
      for (let e = 0; e < data.count; e++) {
        const x = inputOf(data, e);
        for (let j = 0; j < 12; j++) {
          let z = net.biases[0][j];
          for (let k = 0; k < 16; k++) z += net.weights[0][j * 16 + k] * x[k];
          const a = sigmoid(z);
          if (Math.min(a, 1 - a) < SATURATION_MARGIN) saturated++;
          sigmaPrime += a * (1 - a);
        }
        const y = new Float64Array(4);
        if (data.kind === "labelled") y[data.labels[e]] = 1;
        else y.set(data.targets.subarray(e * 4, e * 4 + 4));
        const { nablaW } = net.backprop(x, y);
        gradient += nablaW[0].reduce((s, v) => s + Math.abs(v), 0) / nablaW[0].length;
      }
      const d = hiddenLayerDiagnostics(net, data, "float64");
      expect(saturated).to.be.above(0);
      expect(d.saturatedFraction).to.equal(saturated / (30 * 12));
      expect(d.meanSigmaPrime).to.be.closeTo(sigmaPrime / (30 * 12), 1e-12);
      expect(d.meanWeightGradient).to.be.closeTo(gradient / 30, 1e-12 * (gradient / 30));
      const rms = Math.sqrt(net.weights[0].reduce((s, w) => s + w * w, 0) / net.weights[0].length);
      expect(d.relativeWeightGradient).to.be.closeTo(gradient / 30 / rms, 1e-12 * (gradient / 30 / rms));
    });
  }

  it("needs a hidden layer", () => {
    expect(() => hiddenLayerDiagnostics(new Network([16, 4]), syntheticLabelled(1, 3, 16, 4))).to.throw(
      /no hidden layer/,
    );
  });
});
