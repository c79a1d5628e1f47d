import { expect } from "chai";
import path from "path";
import { reusableRuns, saveNetworks, savedNetworkFile, trainsLike } from "../../src/chapter/reuse";
import { Network } from "../../src/network2/network";
import { saveHistories } from "../../src/runs/histories";
import type { TrainingRun } from "../../src/runs/runs";
import { historyOf } from "../support/decay-histories";
import { scratchDir } from "../support/helpers";

const RUN: TrainingRun = {
  label: "old: 30 hidden",
  sizes: [784, 30, 10],
  initializer: "large",
  seed: 1,
  epochs: 30,
  miniBatchSize: 10,
  eta: 0.1,
  lmbda: 5,
  precision: "float32",
};

describe("reuse: runs one notebook trained, picked up by another", () => {
  it("a run trains like another when sizes and every training setting match; labels and monitors do not count", () => {
    expect(
      trainsLike(RUN, {
        ...RUN,
        label: "large, λ = 5, [784, 30, 10]",
        monitorHiddenLayer: true,
        monitorEvaluationAccuracy: true,
      }),
    ).to.equal(true);
    for (const edit of [
      { seed: 2 },
      { epochs: 31 },
      { eta: 0.5 },
      { lmbda: 50 },
      { miniBatchSize: 100 },
      { precision: "float64" as const },
      { initializer: "default" as const },
      { sizes: [784, 100, 10] },
      { sizes: [784, 30] },
      { cost: "QuadraticCost" as const },
    ]) {
      expect(trainsLike(RUN, { ...RUN, ...edit }), JSON.stringify(edit)).to.equal(false);
    }
    const { lmbda: _lmbda, ...noLambda } = RUN;
    expect(trainsLike({ ...noLambda }, { ...RUN, lmbda: 0 })).to.equal(true); // absent λ is network2's 0
    expect(trainsLike(RUN, { ...RUN, epochs: 29 })).to.equal(true); // its first 29 epochs are the shorter run's
  });

  it("finds completed runs with their networks in a saved folder, skips the rest, and is empty without files", () => {
    const folder = scratchDir("reuse");
    expect(reusableRuns(folder, [RUN]).size).to.equal(0);
    const small = { ...RUN, sizes: [4, 3, 2] };
    const other = { ...small, label: "new", initializer: "default" as const };
    const unfinished = { ...small, label: "stopped", seed: 7 };
    const networks = [
      new Network(small.sizes, { seed: 1 }),
      new Network(small.sizes, { seed: 2 }),
      new Network(small.sizes, { seed: 3 }),
    ];
    saveHistories(path.join(folder, "histories.json"), [
      { run: small, completed: true, history: historyOf([1, 0.9]) },
      { run: other, completed: true, history: historyOf([0.1, 0.2]) },
      { run: unfinished, completed: false, history: historyOf([1]) },
    ]);
    saveNetworks(
      folder,
      networks.map((network) => ({ network })),
    );
    const asked = { ...small, label: "large, λ = 5" };
    const found = reusableRuns(folder, [asked, { ...unfinished, label: "x" }, { ...small, seed: 99 }]);
    expect([...found.keys()]).to.deep.equal([asked]);
    const reused = found.get(asked)!;
    expect(reused.from).to.equal(small.label);
    expect(reused.history.epochs[0].weights.all.rms).to.equal(0.9);
    expect(Array.from(reused.network!.weights[0])).to.deep.equal(Array.from(networks[0].weights[0]));
    // A shorter run takes the saved run's first epochs, and no network (the saved one trained longer).
    const shorter = { ...small, epochs: 29, label: "shorter" };
    const cut = reusableRuns(folder, [shorter]).get(shorter)!;
    expect(cut.history.epochs).to.have.length(1); // the saved history holds one epoch: all of it is within the first 29
    expect(cut.network).to.equal(undefined);
    expect(savedNetworkFile(folder, 2)).to.equal(path.join(folder, "networks", "2.json"));
  });
});
