import { expect } from "chai";
import { DecaySetting, epochDecayFactor } from "../../src/chapter/decay";
import { decayExperiment, DecayHistories, DecayStudy } from "../../src/chapter/decay-conditions";
import {
  gradientShare,
  lambdaSweepTable,
  layerRmsFigure,
  layerTable,
  squaredNormShares,
  tailOffNumbers,
  tailOffProse,
} from "../../src/figures/decay-layers";
import { historyOf } from "../support/decay-histories";

const CHAPTER: DecaySetting = { eta: 0.1, lmbda: 5, miniBatchSize: 10, n: 50_000 };
const STUDY: DecayStudy = { eta: 0.1, lmbda: 5, miniBatchSize: 10, initializer: "large", epochs: 4, seed: 1 };
const P = epochDecayFactor(CHAPTER);
const COUNTS = [23_520, 300];

/**
 * Old weights: the first layer decays purely for two epochs, then stops; the output layer grows.
 * New weights: small, rising.
 */
function histories(): DecayHistories {
  return {
    decayed: historyOf(
      [
        [1, 1],
        [P, 1.2],
        [P * P, 1.4],
        [P * P, 1.6],
        [P * P, 1.8],
      ],
      COUNTS,
      [8700, 9000, 9300, 9400],
    ),
    undecayed: historyOf(
      [
        [1, 1],
        [1, 1.1],
        [1, 1.2],
        [1, 1.3],
        [1, 1.4],
      ],
      COUNTS,
      [8700, 8800, 8900, 9000],
    ),
    reference: historyOf(
      [
        [0.04, 0.2],
        [0.1, 0.5],
        [0.12, 0.6],
        [0.13, 0.7],
        [0.14, 0.8],
      ],
      COUNTS,
      [9300, 9400, 9500, 9600],
    ),
  };
}

describe("figures: part (3) layer by layer", () => {
  it("squared-norm shares per layer sum to 1 and follow the layers' norms", () => {
    const shares = squaredNormShares(histories().decayed);
    expect(shares).to.have.length(5);
    // Before training: 23,520·1² against 300·1².
    expect(shares[0][0]).to.be.closeTo(23_520 / 23_820, 1e-12);
    for (const s of shares) expect(s[0] + s[1]).to.be.closeTo(1, 1e-12);
    const last = (300 * 1.8 ** 2) / (23_520 * P ** 4 + 300 * 1.8 ** 2);
    expect(shares[4][1]).to.be.closeTo(last, 1e-12);
  });

  it("the layer figure: per layer old, new and pure decay on a log axis, and the shares on the right", () => {
    const figure = layerRmsFigure(decayExperiment(STUDY, 30), histories(), CHAPTER);
    expect(figure.data.map((t) => t.name)).to.deep.equal([
      "layer 1 (784 → 30), old weights",
      "layer 1 (784 → 30), new weights",
      "layer 1 (784 → 30), pure decay",
      "layer 2 (30 → 10), old weights",
      "layer 2 (30 → 10), new weights",
      "layer 2 (30 → 10), pure decay",
      "1/√n_in = 0.0357 (layer 1)",
      "layer 1 (784 → 30): share of ‖w‖²",
      "layer 2 (30 → 10): share of ‖w‖²",
    ]);
    expect(figure.data[2].y).to.deep.equal([1, P, P ** 2, P ** 3, P ** 4].map((v) => Number(v.toPrecision(6))));
    expect(figure.data[8].xaxis).to.equal("x2");
    expect(figure.layout.yaxis?.type).to.equal("log");
  });

  it("the layer table: now against pure decay, in units of 1/√n_in and 1/√N, with shares", () => {
    const table = layerTable(CHAPTER, [{ experiment: decayExperiment(STUDY, 30), histories: histories() }]);
    expect(table.rows).to.have.length(3);
    const [first, output, all] = table.rows;
    expect(first.slice(0, 6)).to.deep.equal([
      "[784, 30, 10]",
      "layer 1 (784 → 30)",
      4,
      "1",
      String(Number((P * P).toPrecision(4))),
      String(Number((P ** 4).toPrecision(4))),
    ]);
    expect(first[7]).to.equal(`${Number((P * P * 28).toPrecision(3))} × 1/√n_in`);
    expect(output[4]).to.equal("1.8");
    expect(all[1]).to.equal("all 23820 weights");
    expect(all[8]).to.equal("100 %");
  });

  it("tail-off numbers: the gradient's share of the first layer's decay, the output layer, norm, accuracy gap", () => {
    const n = tailOffNumbers(CHAPTER, decayExperiment(STUDY, 30), histories());
    // First layer: factors P, P, 1, 1, so shares 0, 0, 1, 1; sampled at epochs 1 and 4 (the last).
    expect(n.firstLayerShares.map((s) => s.epoch)).to.deep.equal([1, 4]);
    expect(n.firstLayerShares[0].share).to.be.closeTo(0, 1e-12);
    expect(n.firstLayerShares[1].share).to.be.closeTo(1, 1e-12);
    expect(gradientShare(Math.sqrt(P), P)).to.be.closeTo(0.5, 1e-12);
    expect(n.firstLayer).to.deep.include({ start: 1, now: P * P });
    expect(n.firstLayer.pureDecay).to.be.closeTo(P ** 4, 1e-15);
    expect(n.outputLayer).to.deep.include({ start: 1, now: 1.8 });
    expect(n.norm).to.be.closeTo(Math.sqrt(23_520 * P ** 4 + 300 * 1.8 ** 2), 1e-9);
    expect(n.accuracy).to.deep.equal({ oldFirst: 87, newFirst: 93, oldNow: 94, newNow: 96 });
    const text = tailOffProse(n).join("\n");
    expect(text)
      .to.include("was 0 % in epoch 1, 100 % in epoch 4: by the last epoch the gradient undoes at least half")
      .and.include("it grew, despite the decay")
      .and.include("the gap went from 6.00 to 2.00 points");
  });

  it("a run still under pure decay says the decay outweighs the gradient", () => {
    const pure = {
      ...histories(),
      decayed: historyOf(
        [
          [1, 1],
          [P, P],
          [P * P, P * P],
        ],
        COUNTS,
      ),
    };
    const text = tailOffProse(tailOffNumbers(CHAPTER, decayExperiment({ ...STUDY, epochs: 2 }, 30), pure))[0];
    expect(text).to.include("after 2 epochs").and.include("the decay still outweighs the gradient in the last epoch");
  });

  it("the λ sweep table: measured norm against the balance norm", () => {
    const table = lambdaSweepTable([
      {
        lmbda: 50,
        sizes: [784, 30, 10],
        history: historyOf(
          [
            [1, 1],
            [0.5, 1.2],
            [0.5, 1.2],
          ],
          COUNTS,
        ),
        balanceNorm: 40,
      },
    ]);
    const norm = Math.sqrt(23_520 * 0.25 + 300 * 1.44);
    expect(table.rows[0]).to.deep.equal([
      50,
      "[784, 30, 10]",
      2,
      "1",
      String(Number((norm / Math.sqrt(23_820)).toPrecision(4))),
      String(Number(norm.toPrecision(3))),
      "40",
      String(Number((norm / 40).toPrecision(3))),
      "—",
    ]);
  });
});
