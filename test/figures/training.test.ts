import { expect } from "chai";
import { accuracyBand } from "../../src/chapter/seed-spread";
import { bookComparisonTable, seedSpreadTable } from "../../src/figures/book-comparison";
import {
  accuracyBandFigure,
  accuracyFigure,
  accuracyPercent,
  CHAPTER_ACCURACY_PERCENT,
  saturationFigure,
} from "../../src/figures/training";
import { prose, verdictTable } from "../../src/figures/verdicts";
import { below } from "../../src/chapter/verdict";
import type { TrainingRun } from "../../src/runs/runs";
import type { EpochRecord, History } from "../../src/network2/options";

const hidden = (saturatedFraction: number) => ({
  saturatedFraction,
  meanWeightGradient: 0.01,
  relativeWeightGradient: 0.1,
  meanSigmaPrime: 0.2,
});
const weights = { layers: [], all: { rms: 1, norm: 1, count: 1 } };

/** A history whose validation accuracies (counts out of 10,000) are `correct`. */
function history(correct: number[]): History {
  const epochs: EpochRecord[] = correct.map((c, i) => ({
    epoch: i + 1,
    seconds: 0.5,
    evaluationAccuracy: c,
    hidden: hidden(0.5 - i / 10),
    weights,
  }));
  return { trainingSize: 50_000, evaluationSize: 10_000, initial: { weights, hidden: hidden(0.6) }, epochs };
}

const run = (initializer: TrainingRun["initializer"], sizes: number[]): TrainingRun => ({
  label: `${initializer} ${sizes[1]}`,
  sizes,
  initializer,
  seed: 1,
  epochs: 3,
  miniBatchSize: 10,
  eta: 0.1,
  lmbda: 5,
});

describe("training figures and the chapter's numbers", () => {
  it("draw a band of ± 1 s.d. over seeds around the mean, as a closed shape behind the mean's line", () => {
    const band = accuracyBand([history([8700, 9500]), history([8800, 9500])]);
    const figure = accuracyBandFigure([{ label: "old", band, seeds: 2 }], "t", 2);
    const [shape, mean] = figure.data;
    const sd = Math.sqrt(0.5); // two values one point apart
    expect(mean.y).to.deep.equal([87.5, 95]);
    expect(mean.name).to.equal("old: mean of 2 seeds ± 1 s.d.");
    expect(shape.x).to.deep.equal([1, 2, 2, 1]);
    expect(shape.y).to.deep.equal([87.5 + sd, 95, 95, 87.5 - sd]);
    expect(shape.fill).to.equal("toself");
    expect(figure.layout.xaxis?.range).to.deep.equal([0, 2]);
  });

  it("tabulate epoch 1 over seeds with the chapter's verdict on the mean, and count the seeds that meet it", () => {
    const old = [8650, 8700, 8750, 8800].map((c) => history([c]));
    const { table, verdicts } = seedSpreadTable([
      { label: "old 30", initializer: "large", sizes: [784, 30, 10], histories: old },
      { label: "old 100", initializer: "large", sizes: [784, 100, 10], histories: old },
    ]);
    expect(table.rows[0]).to.deep.equal([
      "old 30",
      4,
      "87.25 ± 0.65",
      "86.50 … 88.00",
      "under 87 %",
      "1 of 4",
      "✗ missed",
    ]);
    expect(table.rows[1].slice(4)).to.deep.equal(["—", "—", "—"]); // the chapter gives no number for 100 hidden
    expect(verdicts).to.have.length(1);
    expect(verdicts[0]).to.deep.include({ holds: false, measured: "87.25", bound: "< 87.00" });
  });

  it("show verdicts as a table and generated prose as escaped HTML paragraphs", () => {
    expect(verdictTable([below("a < b", 1, 2)], "c")).to.deep.equal({
      caption: "c",
      columns: ["", "claim", "measured", "bound"],
      rows: [["✓", "a < b", "1", "< 2"]],
    });
    expect(prose(["x < 1 & y", "z"])).to.deep.equal({
      html: "<p>x &#60; 1 &#38; y</p>\n<p>z</p>",
      text: "x < 1 & y\n\nz",
    });
  });

  it("turn counts into percentages per epoch", () => {
    expect(accuracyPercent(history([8718, 9500]))).to.deep.equal({ epochs: [1, 2], percent: [87.18, 95] });
  });

  it("draw accuracy on the chapter's axes, widening them when a run falls below 85 %", () => {
    const figure = accuracyFigure([{ label: "a", history: history([8718, 9500]) }], "t");
    expect(figure.data[0]).to.include({ name: "a", type: "scatter" });
    expect(figure.data[0].y).to.deep.equal([87.18, 95]);
    expect(figure.layout.yaxis?.range).to.deep.equal([...CHAPTER_ACCURACY_PERCENT]);
    expect(figure.layout.xaxis?.range).to.deep.equal([0, 30]);
    const low = accuracyFigure([{ label: "b", history: history([4000]) }], "t", 5);
    expect(low.layout.yaxis?.range).to.deep.equal([40, 100]);
    expect(low.layout.xaxis?.range).to.deep.equal([0, 5]);
  });

  it("draw saturation and gradients from epoch 0, in three panels, one legend entry per run", () => {
    const figure = saturationFigure(
      [
        { label: "a", history: history([9000, 9100]) },
        { label: "b", history: history([9200]) },
      ],
      "t",
    );
    expect(figure.data).to.have.length(6);
    expect(figure.data[0].x).to.deep.equal([0, 1, 2]);
    expect(figure.data[0].y).to.deep.equal([60, 50, 40]);
    expect(figure.data.filter((t) => t.showlegend).map((t) => t.name)).to.deep.equal(["a", "b"]);
    expect(figure.data.map((t) => t.yaxis)).to.deep.equal(["y", "y2", "y3", "y", "y2", "y3"]);
    expect(figure.layout.yaxis3).to.include({ type: "log" });
  });

  it("set our epoch-1 and final accuracies beside the chapter's, for 30 hidden neurons only", () => {
    const table = bookComparisonTable([
      { ...run("large", [784, 30, 10]), history: history([8690, 9500, 9642]) },
      { ...run("default", [784, 30, 10]), history: history([9283, 9652]) },
      { ...run("default", [784, 100, 10]), history: history([9332]) },
    ]);
    expect(table.rows[0]).to.deep.equal([
      "large 30",
      "86.90",
      "under 87 %",
      "-0.10",
      "96.42 (epoch 3)",
      "a little over 96 %",
      "+0.42",
    ]);
    expect(table.rows[1].slice(1, 4)).to.deep.equal(["92.83", "almost 93 %", "-0.17"]);
    expect(table.rows[2]).to.deep.equal(["default 100", "93.32", "—", "—", "93.32 (epoch 1)", "—", "—"]);
  });
});
