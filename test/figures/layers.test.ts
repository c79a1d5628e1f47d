import { expect } from "chai";
import { layerEpochFigure, layerHistogramFigure, layerVarianceFigure } from "../../src/figures/layers";
import { layerDiagnostics } from "../../src/network2/fast/layer-probe";
import { Network } from "../../src/network2/network";
import type { History } from "../../src/network2/options";
import { syntheticLabelled } from "../support/synthetic";

describe("figures of a deep network's layers (figures/layers.ts)", () => {
  const data = syntheticLabelled(51, 60, 12, 4);
  const layers = (seed: number) => layerDiagnostics(new Network([12, 6, 5, 4], { seed }), data, "float64");
  const series = [{ label: "a", layers: layers(1) }, { label: "b", layers: layers(2) }];

  it("draws z and σ(z) for every hidden layer, one layer per slider step, the first shown", () => {
    const figure = layerHistogramFigure(series, "t");
    expect(figure.data).to.have.length(2 * 2 * 2); // hidden layers × series × (z, σ(z))
    const steps = (figure.layout.sliders as { steps: { args: [{ visible: boolean[] }] }[] }[])[0].steps;
    expect(steps).to.have.length(2);
    steps.forEach((step, l) => {
      expect(step.args[0].visible).to.deep.equal(figure.data.map((_, t) => Math.floor(t / 4) === l));
    });
    expect(figure.data.map((t) => t.visible)).to.deep.equal([true, true, true, true, false, false, false, false]);
    // Bars are shares in per cent of all pairs: they add up to 100 less what fell off the axis.
    const z = figure.data[0].y as number[];
    const h = series[0].layers[0].zHistogram;
    const off = (100 * (h.below + h.above)) / h.total;
    expect(z.reduce((s, v) => s + v, 0)).to.be.closeTo(100 - off, 0.05);
    expect(() => layerHistogramFigure([{ label: "x", layers: series[0].layers.slice(0, 1) }], "t")).to.throw(
      /no hidden layer/,
    );
  });

  it("sets measured Var(z) against theory per layer, and leaves out what a log axis cannot show", () => {
    const v = layerVarianceFigure([{ label: "a", measured: [1, 2], theory: [1.5, 2.5] }], "t");
    expect(v.data.map((t) => t.y)).to.deep.equal([[1.5, 2.5], [1, 2]]);
    const history: History = {
      trainingSize: 1,
      evaluationSize: 1,
      initial: { weights: { layers: [], all: { rms: 0, norm: 0, count: 0 } }, layers: series[0].layers },
      epochs: [
        { epoch: 1, seconds: 0, weights: { layers: [], all: { rms: 0, norm: 0, count: 0 } }, layers: series[1].layers },
      ],
    };
    const f = layerEpochFigure([{ label: "a", history }], (m) => (m.zMean > 0 ? m.biasGradientNorm : null), {
      title: "t",
      yTitle: "y",
      log: true,
    });
    expect(f.data).to.have.length(3);
    f.data.forEach((trace, l) => {
      const expected = [series[0].layers[l], series[1].layers[l]]
        .map((m, epoch) => ({ epoch, m }))
        .filter(({ m }) => m.zMean > 0);
      expect(trace.x).to.deep.equal(expected.map((p) => p.epoch));
    });
    expect(f.data[2].name).to.equal("output layer");
  });
});
