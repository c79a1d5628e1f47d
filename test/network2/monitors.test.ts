/** What `sgd` measures of the weights beyond network2: per-layer and overall RMS and norm. */
import { expect } from "chai";
import { weightStatistics } from "../../src/network2/monitors";

describe("weight statistics (monitors)", () => {
  it("weight statistics: per-layer and overall RMS and norm", () => {
    const stats = weightStatistics({ weights: [Float64Array.from([3, 4]), Float64Array.from([1, 1, 1, 1])] });
    expect(stats.layers[0]).to.deep.equal({ rms: Math.sqrt(12.5), norm: 5, count: 2 });
    expect(stats.layers[1]).to.deep.equal({ rms: 1, norm: 2, count: 4 });
    expect(stats.all.norm).to.be.closeTo(Math.sqrt(29), 1e-15);
    expect(stats.all.rms).to.be.closeTo(Math.sqrt(29 / 6), 1e-15);
  });
});
