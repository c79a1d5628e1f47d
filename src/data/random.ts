/**
 * Seeded randomness: one generator, passed in explicitly, never `Math.random`.
 *
 * Every random choice in this project (initial weights and biases, the per-epoch shuffle of the
 * training data, Monte-Carlo draws of z) goes through an {@link Rng}, so the same seed gives
 * bit-identical numbers. Normal draws come from `@stdlib/random-base-normal` (improved ziggurat);
 * uniform draws for shuffling come from the Mersenne Twister (MT19937) underneath it, so one seed
 * and one state drive both.
 *
 * The book's code uses numpy's and Python's global generators; we cannot reproduce their exact
 * streams, only their distributions.
 *
 * @see NNDL §1 (initialization), §3.3 (weight initialization)
 */
import normal = require("@stdlib/random-base-normal");
import { describeValue } from "./describe";

/** The largest seed MT19937 accepts: seeds are integers in [1, 2³² − 1]. */
const MAX_SEED = 0xffffffff;

/** A seeded source of standard normal and uniform numbers. */
export class Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  private readonly gaussian: () => number;
  private readonly uniform01: () => number;

  /** @param seed an integer in [1, 2³² − 1] (0 is accepted and mapped to 2³² − 1, MT19937 rejects 0). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`Rng: seed must be an integer in [0, ${MAX_SEED}], got ${describeValue(seed)}`);
    }
    this.seed = seed;
    const generator = normal.factory(0, 1, { seed: seed === 0 ? MAX_SEED : seed });
    this.gaussian = generator;
    this.uniform01 = generator.PRNG;
  }

  /** One draw from N(0, 1). */
  normal(): number {
    return this.gaussian();
  }

  /** One draw from the uniform distribution on [0, 1). */
  uniform(): number {
    return this.uniform01();
  }

  /** Fills `out` with draws from N(0, σ²) and returns it. */
  fillNormal(out: Float64Array, sigma = 1): Float64Array {
    if (typeof sigma !== "number" || !Number.isFinite(sigma) || sigma < 0) {
      throw new RangeError(`fillNormal: sigma must be a finite number ≥ 0, got ${describeValue(sigma)}`);
    }
    for (let i = 0; i < out.length; i++) out[i] = sigma * this.gaussian();
    return out;
  }

  /** A uniformly random integer in [0, n). */
  integerBelow(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > MAX_SEED + 1) {
      throw new RangeError(`integerBelow: n must be an integer in [1, 2³²], got ${describeValue(n)}`);
    }
    return this.below(n);
  }

  /** `integerBelow` without the check, for the shuffle's inner loop. */
  private below(n: number): number {
    return Math.floor(this.uniform01() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates), every permutation equally likely; returns `items`. */
  shuffle<T extends { length: number; [i: number]: number }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

/** The identity permutation 0, 1, …, n − 1 as indices into a data set. */
export function range(n: number): Uint32Array {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SEED) {
    throw new RangeError(`range: n must be an integer in [0, 2³² − 1], got ${describeValue(n)}`);
  }
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
