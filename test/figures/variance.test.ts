/**
 * figures/variance.ts: the specs hold what the notebooks need (bars, curves, axes, colours), stay
 * compact. (Drawn in a real browser: test/e2e/figures.test.ts.)
 */
import { expect } from "chai";
import {
  gaussianZSeries,
  mixtureZSeries,
  SCHEME_COLORS,
  schemeColor,
  sigmaZFigure,
  sigmaZFigureFor,
  sigmoidPrimeFigure,
  sigmoidPrimeSeries,
  zHistogramFigure,
} from "../../src/figures/variance";
import type { Trace } from "../../src/figures/plotly";
import { gaussianDensity } from "../../src/chapter/gaussian";
import { histogram } from "../../src/chapter/histogram";
import { Rng } from "../../src/data/random";
import { DEFAULT_WEIGHTS, LARGE_WEIGHTS, logSpacedIntegers, zStdAgainstNIn } from "../../src/chapter/variance";
import { sigmaZExplorerFigure } from "../../src/figures/variance-explorer";

/** 100,000 draws of N(0, σ²): the size of the notebooks' samples. */
function gaussianSample(sigma: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: 100_000 }, () => sigma * rng.normal());
}

const numbers = (column: Trace["x"]): number[] => Array.from(column as ArrayLike<number>);

describe("figures of the variance notebooks", () => {
  const sigmaOld = Math.sqrt(501);
  const sigmaNew = Math.sqrt(1.5);
  const zOld = gaussianSample(sigmaOld, 1);
  const zNew = gaussianSample(sigmaNew, 2);
  const chapterAxes = { range: [-30, 30] as [number, number], bins: 120 };

  describe("zHistogramFigure", () => {
    const figure = zHistogramFigure({ title: "old", series: [gaussianZSeries("old", zOld, sigmaOld, chapterAxes)] });

    it("draws the bins as density bars and the Gaussian over them, on the chapter's axes", () => {
      const [bars, curve] = figure.data;
      expect(bars.type).to.equal("bar");
      expect(bars.x).to.have.length(120);
      expect(bars.width).to.equal(0.5);
      expect(curve.type).to.equal("scatter");
      const x = numbers(curve.x);
      const y = numbers(curve.y);
      expect(x[0]).to.equal(-30);
      expect(x[x.length - 1]).to.equal(30);
      expect(y[x.indexOf(0)]).to.be.closeTo(gaussianDensity(0, sigmaOld), 1e-7);
      expect(figure.layout.xaxis?.range).to.deep.equal([-30, 30]);
    });

    it("bars agree with the curve where the data is dense", () => {
      const bars = numbers(figure.data[0].y);
      const centre = bars.slice(58, 62).reduce((s, v) => s + v, 0) / 4;
      expect(centre).to.be.closeTo(gaussianDensity(0, sigmaOld), 0.1 * gaussianDensity(0, sigmaOld));
    });

    it("says how many draws fall beyond the axes", () => {
      const notes = figure.layout.annotations as { text: string }[];
      expect(notes[0].text).to.match(/^old: 1[78]\.\d % of z beyond the axes$/);
      const zoomed = zHistogramFigure({ title: "new", series: [gaussianZSeries("new", zNew, sigmaNew, chapterAxes)] });
      expect(zoomed.layout.annotations).to.equal(undefined);
    });

    it("colours each scheme the same everywhere", () => {
      const both = zHistogramFigure({
        title: "both",
        series: [
          gaussianZSeries("old", zOld, sigmaOld, chapterAxes),
          gaussianZSeries("new", zNew, sigmaNew, chapterAxes),
        ],
      });
      expect(both.data.map((t) => (t.marker?.color as string | undefined) ?? t.line?.color)).to.deep.equal([
        SCHEME_COLORS.old,
        SCHEME_COLORS.old,
        SCHEME_COLORS.new,
        SCHEME_COLORS.new,
      ]);
      expect(schemeColor("other", 0)).to.not.be.oneOf([SCHEME_COLORS.old, SCHEME_COLORS.new]);
    });

    it("stays compact: bin counts and a curve, not 100,000 points", () => {
      expect(JSON.stringify(figure).length).to.be.below(20_000);
    });

    it("draws a mixture density for a real network's z", () => {
      const series = mixtureZSeries("new", zNew, [1, 4], { range: [-5, 5], bins: 50 });
      const y = numbers(series.density?.y);
      expect(y[300]).to.be.closeTo((gaussianDensity(0, 1) + gaussianDensity(0, 2)) / 2, 1e-12);
      expect(() => zHistogramFigure({ title: "none", series: [] })).to.throw(RangeError, /series is empty/);
    });
  });

  describe("sigmaZFigure", () => {
    const nIns = logSpacedIntegers(10, 100_000, 41);
    const figure = sigmaZFigure({
      nIns,
      series: [LARGE_WEIGHTS, DEFAULT_WEIGHTS].map((s) => ({
        label: s.label,
        name: s.label,
        sigmaZ: zStdAgainstNIn(nIns, 0.5, s),
      })),
      marks: [
        { nIn: 1000, sigmaZ: sigmaOld, text: "√501" },
        { nIn: 1000, sigmaZ: sigmaNew, text: "√(3/2)" },
      ],
    });

    it("plots σ_z against n_in on log axes, one line per scheme", () => {
      expect(figure.layout.xaxis?.type).to.equal("log");
      expect(figure.layout.yaxis?.type).to.equal("log");
      expect(numbers(figure.data[0].x)).to.deep.equal(nIns);
      expect(numbers(figure.data[1].y).every((s) => Math.abs(s - sigmaNew) < 1e-5)).to.equal(true);
    });

    it("labels the chapter's points and marks the σ_z at which 1 % and half of the neurons are saturated", () => {
      const [, , points, labels, onePercent, half] = figure.data;
      expect(points.mode).to.equal("markers");
      expect(labels.text).to.deep.equal(["√501", "√(3/2)"]);
      // Independent of our bisection: |z| > ln 99 has probability p when ln 99 / σ_z is the normal
      // quantile Φ⁻¹(1 − p/2): 2.5758293035489 for p = 1 %, 0.6744897501960817 for p = 1/2.
      const [y1, y2] = [numbers(onePercent.y), numbers(half.y)];
      expect(y1[0]).to.be.closeTo(Math.log(99) / 2.5758293035489, 1e-4);
      expect(y2[0]).to.be.closeTo(Math.log(99) / 0.6744897501960817, 1e-4);
      expect(onePercent.name).to.equal("σ_z = 1.78: 1 % of neurons saturated");
      expect(half.name).to.equal("σ_z = 6.81: 50 % of neurons saturated");
      expect(sigmaZFigure({ nIns: [1, 2], series: [], saturatedShares: [] }).data).to.deep.equal([]);
    });

    it("sigmaZFigureFor: a setting's curves, its n_in marked, the axis long enough for a huge n_in", () => {
      const fig = sigmaZFigureFor({ nIn: 1000, fractionOn: 0.5 }, [LARGE_WEIGHTS, DEFAULT_WEIGHTS]);
      expect(numbers(fig.data[0].x).at(-1)).to.equal(100_000);
      expect(fig.data[2].y).to.deep.equal([Math.sqrt(501), 1.5 ** 0.5]);
      expect(fig.data[3].text).to.deep.equal(["σ_z = 22.38", "σ_z = 1.22"]);
      const huge = sigmaZFigureFor({ nIn: 1e12, fractionOn: 0.5 }, [LARGE_WEIGHTS]);
      expect(numbers(huge.data[0].x).at(-1)).to.equal(1e13);
      expect(() => sigmaZFigureFor({ nIn: 0, fractionOn: 0.5 }, [LARGE_WEIGHTS])).to.throw(RangeError, /nIn/);
    });

    it("rejects a series that does not match n_in", () => {
      expect(() => sigmaZFigure({ nIns: [1, 2], series: [{ label: "old", name: "old", sigmaZ: [1] }] })).to.throw(
        RangeError,
        /series "old" has 1 values of σ_z for 2 values of n_in/,
      );
    });
  });

  describe("sigmoidPrimeFigure", () => {
    it("shows the share of draws per σ'(z) bin and a line at each mean", () => {
      const figure = sigmoidPrimeFigure({
        series: [
          { label: "old", histogram: histogram([0, 0.01, 0.16, 0.24], { range: [0, 0.25], bins: 5 }), mean: 0.1025 },
        ],
      });
      const [bars, mean] = figure.data;
      expect(numbers(bars.y)).to.deep.equal([0.5, 0, 0, 0.25, 0.25]);
      expect(mean.x).to.deep.equal([0.1025, 0.1025]);
      expect(mean.name).to.equal("old: mean σ'(z) = 0.102");
      expect(figure.layout.xaxis?.range).to.deep.equal([0, 0.25]);
    });
  });

  describe("sigmoidPrimeSeries", () => {
    it("bins σ'(z) over [0, 1/4] and takes its mean", () => {
      const series = sigmoidPrimeSeries("new", [0, 0, 100]);
      expect(series.histogram.start).to.equal(0);
      expect(series.histogram.counts).to.have.length(50);
      expect(series.histogram.counts[49]).to.equal(2);
      expect(series.histogram.counts[0]).to.equal(1);
      expect(series.mean).to.be.closeTo(0.5 / 3, 1e-15);
    });
  });

  describe("sigmaZExplorerFigure (two sliders, no kernel)", () => {
    const nIns = [10, 100, 1000];
    const explorer = () =>
      sigmaZExplorerFigure({
        nIns,
        schemes: [LARGE_WEIGHTS, DEFAULT_WEIGHTS],
        fractions: [0.1, 0.5],
        sigmaBs: [0, 1],
        fraction: 0.5,
        sigmaB: 1,
      });

    it("holds one pair of curves per σ_b, only the chosen pair visible, and the saturation guides", () => {
      const figure = explorer();
      const guides = ["σ_z = 1.78: 1 % of neurons saturated", "σ_z = 6.81: 50 % of neurons saturated"];
      expect(figure.data.map((t) => t.name)).to.deep.equal(["old", "new", "old", "new", ...guides]);
      expect(figure.data.map((t) => t.visible)).to.deep.equal([false, false, true, true, undefined, undefined]);
      // σ_b = 1, half on: the old curve is √(n/2 + 1), the new one √(1/2 + 1) at every n_in.
      expect(figure.data[2].y).to.deep.equal(nIns.map((n) => Number(Math.sqrt(n / 2 + 1).toPrecision(5))));
      expect(figure.data[3].y).to.deep.equal(nIns.map(() => Number(Math.sqrt(1.5).toPrecision(5))));
    });

    it("the fraction slider restyles every curve's y, the σ_b slider only which pair is visible", () => {
      const [fraction, sigmaB] = explorer().layout.sliders as {
        active: number;
        steps: { label: string; method: string; args: [Record<string, unknown[]>, number[]] }[];
      }[];
      expect(fraction.active).to.equal(1);
      expect(fraction.steps.map((s) => s.label)).to.deep.equal(["10 %", "50 %"]);
      const [ys, indices] = fraction.steps[0].args;
      expect(indices).to.deep.equal([0, 1, 2, 3]);
      // σ_b = 0, 10 % on: √(n/10); the new one √(1/10).
      expect(ys.y[0]).to.deep.equal(nIns.map((n) => Number(Math.sqrt(n / 10).toPrecision(5))));
      expect(ys.y[1]).to.deep.equal(nIns.map(() => Number(Math.sqrt(0.1).toPrecision(5))));
      expect(sigmaB.steps.map((s) => s.args[0].visible)).to.deep.equal([
        [true, true, false, false],
        [false, false, true, true],
      ]);
      expect(
        sigmaB.steps.every((s) => s.method === "restyle") && fraction.steps.every((s) => s.method === "restyle"),
      ).to.equal(true);
    });

    it("rejects slider values it does not hold, and bad lists, by name", () => {
      const base = { nIns, schemes: [LARGE_WEIGHTS], fractions: [0.5], sigmaBs: [1], fraction: 0.5, sigmaB: 1,  };
      expect(() => sigmaZExplorerFigure({ ...base, fraction: 0.3 })).to.throw(
        RangeError,
        /fraction 0.3 is not one of the fractions/,
      );
      expect(() => sigmaZExplorerFigure({ ...base, sigmaB: 2 })).to.throw(
        RangeError,
        /sigmaB 2 is not one of the sigmaBs/,
      );
      expect(() => sigmaZExplorerFigure({ ...base, fractions: [1.5, 0.5] })).to.throw(
        RangeError,
        /fractions must be non-empty, each in \[0, 1\], got \[1.5, 0.5\]/,
      );
      expect(() => sigmaZExplorerFigure({ ...base, sigmaBs: [-1] })).to.throw(
        RangeError,
        /sigmaBs must be non-empty, each ≥ 0/,
      );
      expect(() => sigmaZExplorerFigure({ ...base, nIns: [10] })).to.throw(RangeError, /nIns needs at least 2 values/);
    });
  });
});
