import { expect } from "chai";
import { epochDecayFactor } from "../../src/chapter/decay";
import { checkDecayConditions, decayExperiment, tailOffBracket } from "../../src/chapter/decay-conditions";
import {
  decayAccuracyTable,
  decayConditionTable,
  decayFactorFigure,
  decayFactorTable,
  firstEpochTable,
  tailOffTable,
  weightRmsFigure,
} from "../../src/figures/decay";
import type { Figure, Trace } from "../../src/figures/plotly";
import { figureBundle } from "../../src/platform/display/bundle";
import { chapterLike, CHAPTER, COUNTS, historyOf, STUDY } from "../support/decay-histories";

const P = epochDecayFactor(CHAPTER);

const traceNamed = (figure: Figure, pattern: RegExp): Trace => {
  const trace = figure.data.find((t) => pattern.test(t.name ?? ""));
  expect(trace, `a trace named ${pattern}`).not.to.equal(undefined);
  return trace as Trace;
};

/** Every trace has a legend name and as many x as y values, all finite numbers: plain data Plotly draws. */
function expectDrawable(figure: Figure): void {
  expect(JSON.parse(JSON.stringify(figure))).to.deep.equal(figure);
  for (const trace of figure.data) {
    expect(trace.name, "legend name").to.be.a("string").and.not.equal("");
    expect((trace.x as number[]).length, `${trace.name}: x and y`).to.equal((trace.y as number[]).length);
    for (const v of [...(trace.x as number[]), ...(trace.y as number[])])
      expect(Number.isFinite(v), `${trace.name}: ${v}`).to.equal(true);
  }
  for (const axis of ["xaxis", "yaxis"] as const)
    expect(figure.layout[axis]?.title, `${axis} title`).to.not.equal(undefined);
  expect(figureBundle(figure, "fig-check")["application/vnd.plotly.v1+json"]).to.be.an("object");
}

describe("figures/decay: tables", () => {
  it("the factor table: 1 − ηλ/n, ⌈n/m⌉, both per-epoch factors, their log-ratio and its bound", () => {
    const table = decayFactorTable(CHAPTER);
    expect(table.columns).to.deep.equal(["quantity", "formula", "value"]);
    expect(table.rows.map((r) => r[2])).to.deep.equal([
      "1.000e-5",
      "0.9999900000",
      5000,
      "0.9512291867",
      "0.9512294245",
      "-2.500e-7",
      "2.500e-7",
      "5.000e-6",
      "0.05",
    ]);
    expect(table.caption).to.equal("Weight decay with η = 0.1, λ = 5, m = 10, n = 50000");
  });

  it("the verdict table: the problem's rows in order, one column per network, ✓ or ✗", () => {
    const good = chapterLike(2);
    // Weights that kept their size: the gradient undid the decay exactly, so (1)'s ratio is 1.
    const bad = { ...good, decayed: historyOf([[1, 1], [1, 1]], COUNTS) };
    const change = { decay: [1, 1, 7.5], rest: [1, 1, 26] };
    const table = decayConditionTable([
      {
        sizes: [784, 30, 10],
        checks: checkDecayConditions(CHAPTER, { sizes: [784, 30, 10], histories: good, change }),
      },
      {
        sizes: [784, 100, 10],
        checks: checkDecayConditions(CHAPTER, { sizes: [784, 100, 10], histories: bad, change }),
      },
    ]);
    expect(table.columns).to.deep.equal(["part", "the book", "criterion", "[784, 30, 10]", "[784, 100, 10]"]);
    expect(table.rows.map((r) => r[0])).to.deep.equal(["(1)", "(1)", "(2)", "(2)", "(3)", "(3)"]);
    expect(table.rows[0][3]).to.match(/ ✓$/);
    expect(table.rows[0][4]).to.equal("1 ✗");
    expect(table.rows[1].slice(3)).to.deep.equal(["0.288 ✗", "0.288 ✗"]);
    expect(table.rows[2].slice(3)).to.deep.equal(["5.00e-6 ✓", "5.00e-6 ✓"]);
    expect(() => decayConditionTable([])).to.throw(RangeError, /networks is empty/);
  });

  it("the first-epoch table: per layer and for all weights, with λ and without, against exp(−ηλ/m)", () => {
    const histories = chapterLike(1);
    const change = { decay: [7.5, 0.9, 7.55], rest: [20.9, 15.4, 26] };
    const table = firstEpochTable(CHAPTER, [{ experiment: decayExperiment(STUDY, 30), histories, change }]);
    expect(table.rows.map((r) => r.slice(0, 3))).to.deep.equal([
      ["[784, 30, 10]", "layer 1: 784 → 30", 23_520],
      ["[784, 30, 10]", "layer 2: 30 → 10", 300],
      ["[784, 30, 10]", "all weights", 23_820],
    ]);
    expect(table.rows[0][4]).to.equal(String(Number((P * 1.001).toPrecision(5))));
    expect(table.rows[0][5]).to.equal("0.999");
    expect(table.rows[0][6]).to.equal("+0.10 %");
    expect(table.rows[1][4]).to.equal("1.07");
    expect(table.rows[2].slice(7)).to.deep.equal(["7.55", "26"]);
  });

  it("the tail-off table and the accuracy table", () => {
    const histories = chapterLike(3);
    const sizes = [784, 30, 10];
    const tail = tailOffTable([{ sizes, bracket: tailOffBracket(sizes, histories) }]);
    const referenceStart = Math.sqrt((23_520 * 0.036 ** 2 + 300 * 0.19 ** 2) / 23_820);
    expect(tail.rows[0].slice(0, 5)).to.deep.equal([
      "[784, 30, 10]",
      23_820,
      "0.006479",
      String(Number(referenceStart.toPrecision(4))),
      3,
    ]);
    expect(tail.rows[0][6]).to.match(/^\d+(\.\d+)? … \d+(\.\d+)?$/);
    const accuracy = decayAccuracyTable([{ experiment: decayExperiment(STUDY, 30), histories }]);
    expect(accuracy.rows[0]).to.deep.equal(["large, λ = 5, [784, 30, 10]", "87.18 %", 3, "91.70 %"]);
    const unmonitored = { ...histories, decayed: historyOf([1, 0.9]) };
    expect(
      decayAccuracyTable([{ experiment: decayExperiment(STUDY, 30), histories: unmonitored }]).rows[0],
    ).to.deep.equal(["large, λ = 5, [784, 30, 10]", "—", 1, "—"]);
  });
});

describe("figures/decay: figures", () => {
  it("weight RMS: measured against pure decay on a log axis, with λ = 0, the new weights and 1/√N", () => {
    const histories = chapterLike(4);
    const figure = weightRmsFigure(decayExperiment(STUDY, 30), histories, CHAPTER);
    expectDrawable(figure);
    expect(figure.data).to.have.length(5);
    expect(figure.layout.yaxis?.type).to.equal("log");
    const prediction = traceNamed(figure, /^pure decay/).y as number[];
    expect(prediction).to.have.length(STUDY.epochs + 1); // drawn over every planned epoch, ahead of training
    expect(prediction[0]).to.equal(traceNamed(figure, /measured/).y?.[0]);
    for (let t = 1; t < prediction.length; t++) expect(prediction[t] / prediction[t - 1]).to.be.closeTo(P, 1e-5);
    const level = traceNamed(figure, /^1\/√N = 0.00648 \(N = 23820\)/);
    expect(level.y).to.deep.equal([0.00647932, 0.00647932]);
    expect(traceNamed(figure, /λ = 0/).y).to.have.length(5);
    expect(traceNamed(figure, /^default weights/).y).to.have.length(5);
    // The axis spans every measured value and the level, with room.
    const [low, high] = (figure.layout.yaxis?.range as [number, number]).map((v) => 10 ** v);
    const drawn = figure.data.filter((t) => !/^pure decay/.test(t.name ?? "")).flatMap((t) => t.y as number[]);
    expect(low).to.be.at.most(Math.min(...drawn) / 1.99);
    expect(high).to.be.at.least(Math.max(...drawn) * 1.99);
  });

  it("weight RMS while training: runs with no epoch yet draw their starting point", () => {
    const start = chapterLike(0);
    const figure = weightRmsFigure(decayExperiment(STUDY, 30), start, CHAPTER);
    expectDrawable(figure);
    expect(traceNamed(figure, /measured/).y).to.have.length(1);
    expect(traceNamed(figure, /^pure decay/).y).to.have.length(STUDY.epochs + 1);
  });

  it("decay factor per epoch: each network's measured factor against exp(−ηλ/m), the check's band and 1", () => {
    const networks = [30, 100].map((h) => ({ experiment: decayExperiment(STUDY, h), histories: chapterLike(3) }));
    const figure = decayFactorFigure(CHAPTER, networks);
    expectDrawable(figure);
    expect(traceNamed(figure, /^exp\(−ηλ\/m\) = 0.951229$/).y).to.deep.equal([0.951229, 0.951229]);
    // The band of a decay exponent within 10 % of ηλ/m = 0.05: factors exp(−0.045) … exp(−0.055).
    expect(traceNamed(figure, /the check's band$/).y?.[0]).to.be.closeTo(Math.exp(-0.05 * 0.9), 1e-6);
    expect(traceNamed(figure, /^lower edge$/).y?.[0]).to.be.closeTo(Math.exp(-0.05 * 1.1), 1e-6);
    expect(traceNamed(figure, /^1 \(no decay\)$/).y).to.deep.equal([1, 1]);
    const measured = traceNamed(figure, /^\[784, 100, 10\], large weights: measured$/);
    expect(measured.x).to.deep.equal([1, 2, 3]);
    expect(measured.y?.[0]).to.be.closeTo(
      networks[1].histories.decayed.epochs[0].weights.all.rms / networks[1].histories.decayed.initial.weights.all.rms,
      1e-5,
    );
    expect(() => decayFactorFigure(CHAPTER, [])).to.throw(RangeError, /networks is empty/);
  });
});
