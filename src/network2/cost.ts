/**
 * Cost functions, as network2's small swappable objects with `fn` and `delta`.
 *
 * `fn(a, y)` is the cost of one example whose output activations are `a` and target `y`;
 * `delta(z, a, y, out)` writes the output layer's error δᴸ = ∂C/∂zᴸ into `out`.
 * The names are the ones network2's JSON files store in their `cost` field.
 *
 * @see NNDL §3.1 (the cross-entropy cost), network2.py
 */
import { describeValue } from "../data/describe";
import { sigmoidPrime } from "./sigmoid";

export type CostName = "QuadraticCost" | "CrossEntropyCost";

export interface Cost {
  readonly name: CostName;
  fn(a: ArrayLike<number>, y: ArrayLike<number>): number;
  delta(z: ArrayLike<number>, a: ArrayLike<number>, y: ArrayLike<number>, out: Float64Array): Float64Array;
}

/** C = ½‖a − y‖²; δ = (a − y) ⊙ σ'(z). */
export const QuadraticCost: Cost = {
  name: "QuadraticCost",
  fn(a, y) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) sum += (a[j] - y[j]) ** 2;
    return 0.5 * sum;
  },
  delta(z, a, y, out) {
    for (let j = 0; j < a.length; j++) out[j] = (a[j] - y[j]) * sigmoidPrime(z[j]);
    return out;
  },
};

/**
 * numpy's `nan_to_num`: NaN becomes 0 and ±∞ the largest finite double. network2 applies it to
 * each term of the cross-entropy, so that 0·log 0 (when a = y = 1, or a = y = 0) counts as 0.
 */
export function nanToNum(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x === Infinity) return Number.MAX_VALUE;
  if (x === -Infinity) return -Number.MAX_VALUE;
  return x;
}

/** C = −Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)]; δ = a − y (the σ'(z) factor cancels). */
export const CrossEntropyCost: Cost = {
  name: "CrossEntropyCost",
  fn(a, y) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) {
      sum += nanToNum(-y[j] * Math.log(a[j]) - (1 - y[j]) * Math.log(1 - a[j]));
    }
    return sum;
  },
  delta(_z, a, y, out) {
    for (let j = 0; j < a.length; j++) out[j] = a[j] - y[j];
    return out;
  },
};

/** The cost a network2 JSON file names, or an error that lists the names we know. */
export function costByName(name: unknown, where = "cost"): Cost {
  if (name === "CrossEntropyCost") return CrossEntropyCost;
  if (name === "QuadraticCost") return QuadraticCost;
  throw new Error(
    `${where}: unknown cost ${typeof name === "string" ? JSON.stringify(name) : describeValue(name)}, ` +
      'expected "CrossEntropyCost" or "QuadraticCost"',
  );
}

/**
 * Checks `cost` is a cost object (a `name`, `fn` and `delta`), as `Network` takes it: a name such
 * as "QuadraticCost" is what a saved file or a training run holds, not what a network is given.
 */
export function checkCost(cost: unknown, where = "cost"): Cost {
  const candidate = cost as Partial<Cost> | null;
  if (
    typeof candidate !== "object" || candidate === null ||
    typeof candidate.name !== "string" || typeof candidate.fn !== "function" || typeof candidate.delta !== "function"
  ) {
    const hint = typeof cost === "string" ? `; for a name use costByName(${JSON.stringify(cost)})` : "";
    throw new TypeError(
      `${where}: expected a cost object { name, fn, delta } such as CrossEntropyCost or QuadraticCost, ` +
        `got ${describeValue(cost)}${hint}`,
    );
  }
  return candidate as Cost;
}

/** Whether `cost` is one of network2's two costs, the only ones its JSON files can name. */
export function isNamedCost(cost: Cost): boolean {
  return cost === CrossEntropyCost || cost === QuadraticCost;
}
