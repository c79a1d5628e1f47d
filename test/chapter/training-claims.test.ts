import { expect } from "chai";
import { trainingVerdicts } from "../../src/chapter/training-claims";
import { CHANCE_LIMIT_PERCENT, unlessAtChance, below } from "../../src/chapter/verdict";
import { historyOf } from "../support/decay-histories";

/** A history whose validation accuracy (of 10,000) is `percent[t]` after epoch t + 1. */
const run = (percent: readonly number[]) => historyOf([1, ...percent.map(() => 1)], [100], percent.map((p) => p * 100));

describe("chapter/training-claims: the chapter's statements judged on runs over seeds", () => {
  it("judges means over seeds against each statement, with the book's words", () => {
    const runs = {
      old30: [run([87.1, 96.2]), run([86.7, 96.4])],
      new30: [run([92.9, 96.4]), run([92.7, 96.3])],
      old100: [run([89.9, 97.4, 97.6]), run([89.7, 97.3])],
      new100: [run([93.3, 97.7, 97.7]), run([93.1, 97.6])],
      biasZero30: [run([93.0, 96.5]), run([92.8, 96.2])],
      old30NoDecay: run([87.0, 94.9]),
      new30NoDecay: run([92.8, 96.0]),
      epochs: 2,
    };
    const v = trainingVerdicts(runs);
    const byClaim = (text: string) => v.find((x) => x.claim.includes(text))!;
    expect(byClaim("30 hidden, the new initialization's lead")).to.include({ holds: true, measured: "5.90" });
    expect(byClaim("100 hidden, the new initialization's lead")).to.include({ holds: true, measured: "3.40" });
    expect(byClaim('"under 87 %"')).to.include({ holds: true, measured: "86.90" });
    expect(byClaim('"almost 93 %"')).to.include({ holds: true, measured: "92.80" });
    expect(byClaim("almost exactly the same\" final")).to.include({ holds: true, measured: "0.05" });
    expect(byClaim("don't quite meet")).to.include({ holds: true, measured: "0.30" });
    expect(byClaim("a few more epochs")).to.include({ holds: true, measured: "0.10" });
    expect(byClaim("after epoch 1 (means")).to.include({ holds: true }); // biases, epoch 1: 0.10
    // The control: old gains 96.2 − 94.9 = 1.3, new 96.4 − 96.0 = 0.4 (first seed, epoch 2).
    expect(byClaim("gains more from λ")).to.include({ holds: true, measured: "0.90" });
  });

  it("a network at chance is told so, never ✓", () => {
    const chance = [run([10.0, 10.0])];
    const v = trainingVerdicts({
      old30: chance,
      new30: chance,
      old100: chance,
      new100: chance,
      biasZero30: chance,
      epochs: 2,
    });
    expect(v.every((x) => !x.holds)).to.equal(true);
    expect(v.find((x) => x.claim.includes('"under 87 %"'))!.measured).to.equal("10.00 %: at chance");
    expect(CHANCE_LIMIT_PERCENT).to.equal(20);
    expect(unlessAtChance(below("x", 1, 2), [Number.NaN]).measured).to.equal("no accuracy (diverged or not run)");
    expect(unlessAtChance(below("x", 1, 2), [50])).to.include({ holds: true, measured: "1" });
  });
});
