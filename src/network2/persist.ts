/**
 * Saving and loading networks in network2's own JSON format, so that a file written by the book's
 * Python program loads here and one written here loads there:
 *
 *     {"sizes": [784, 30, 10],
 *      "weights": [[[w, …], …], …],   // weights[l] as rows × columns (sizes[l+1] × sizes[l])
 *      "biases": [[[b], …], …],       // biases[l] as a column: sizes[l+1] rows of one number
 *      "cost": "CrossEntropyCost"}
 *
 * A save writes a temporary file beside the target, flushes it to disk and renames it over the
 * target, so a failed save never destroys the previous file. A load checks every field and shape
 * and names the file and the field that is wrong.
 *
 * @see network2.py `Network.save`, `load`
 */
import * as fs from "fs";
import { writeFileAtomic } from "../data/atomic-file";
import { describeValue } from "../data/describe";
import { Cost, costByName, CostName, isNamedCost } from "./cost";
import { checkParameters, MAX_PARAMETER_MAGNITUDE, Parameters } from "./init";
import { checkSizes } from "./sizes";

/** What a network2 JSON file holds, parsed and checked. */
export interface NetworkFile {
  sizes: number[];
  cost: Cost;
  parameters: Parameters;
}

/** The JSON text network2's `save` would write for these parameters (finite numbers only). */
export function networkToJson(sizes: readonly number[], cost: { name: CostName }, parameters: Parameters): string {
  const weights = parameters.weights.map((w, l) => {
    const nIn = sizes[l];
    return Array.from({ length: sizes[l + 1] }, (_, j) => Array.from(w.subarray(j * nIn, (j + 1) * nIn)));
  });
  const biases = parameters.biases.map((b) => Array.from(b, (v) => [v]));
  parameters.weights.forEach((w, l) => checkFinite(w, `weights[${l}]`, sizes[l]));
  parameters.biases.forEach((b, l) => checkFinite(b, `biases[${l}]`, 1));
  return JSON.stringify({ sizes, weights, biases, cost: cost.name });
}

function checkFinite(values: Float64Array, field: string, columns: number): void {
  const i = values.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) {
    throw new RangeError(
      `cannot save: ${field}[${Math.floor(i / columns)}][${i % columns}] is ${values[i]} ` +
        "(JSON holds finite numbers only)",
    );
  }
}

/**
 * Saves a network (anything with sizes, cost, weights, biases) to `file` in network2's format.
 * Refuses, before writing anything, what `loadNetworkFile` would refuse: a cost other than
 * network2's two (a file can only name those), sizes or parameters that do not fit.
 */
export function saveNetworkFile(
  file: string,
  network: { sizes: readonly number[]; cost: Cost; weights: Float64Array[]; biases: Float64Array[] },
): void {
  if (typeof file !== "string" || file === "") {
    throw new TypeError(`save: file must be a non-empty path, got ${describeValue(file)}`);
  }
  if (!isNamedCost(network.cost)) {
    throw new TypeError(
      `cannot save ${file}: the cost ${describeValue(network.cost?.name)} is not CrossEntropyCost or QuadraticCost, ` +
        "and network2's file format can only name those two",
    );
  }
  const sizes = checkSizes(network.sizes as number[], `cannot save ${file}: sizes`);
  checkParameters(sizes, network, `cannot save ${file}`);
  writeFileAtomic(file, networkToJson(sizes, network.cost, network));
}

/** Reads and checks a network2 JSON file. */
export function loadNetworkFile(file: string): NetworkFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot load ${file}: ${code === "ENOENT" ? "file not found" : (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`cannot load ${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseNetworkJson(json, file);
}

/** Checks parsed JSON against network2's format; errors name `file` and the field. */
export function parseNetworkJson(json: unknown, file: string): NetworkFile {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new Error(`${file}: field "${field}": expected ${expected}, got ${describeValue(got)}`);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("(top level)", "an object", json);
  const data = json as Record<string, unknown>;
  for (const field of ["sizes", "weights", "biases", "cost"]) {
    if (!(field in data)) {
      throw new Error(`${file}: missing field "${field}" (network2's format has sizes, weights, biases, cost)`);
    }
  }
  const sizes = data.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((n) => Number.isInteger(n) && n >= 1)) {
    fail("sizes", "an array of two or more positive integers", sizes);
  }
  // The same bounds as a Network's, so a file names its problem instead of failing an allocation.
  checkSizes(sizes as number[], `${file}: field "sizes"`);
  const layerSizes = sizes as number[];
  const layers = layerSizes.length - 1;
  const cost = costByName(data.cost, `${file}: field "cost"`);
  const matrices = (field: "weights" | "biases", columns: (l: number) => number): Float64Array[] => {
    const value = data[field];
    if (!Array.isArray(value) || value.length !== layers) {
      fail(field, `an array of ${layers} matrices (one per layer after the input)`, value);
    }
    return (value as unknown[]).map((matrix, l) => {
      const rows = layerSizes[l + 1];
      const cols = columns(l);
      const where = `${field}[${l}]`;
      if (!Array.isArray(matrix) || matrix.length !== rows) fail(where, `${rows} rows`, matrix);
      const out = new Float64Array(rows * cols);
      (matrix as unknown[]).forEach((row, j) => {
        if (!Array.isArray(row) || row.length !== cols) {
          fail(`${where}[${j}]`, `a row of ${cols} number${cols === 1 ? "" : "s"}`, row);
        }
        (row as unknown[]).forEach((v, k) => {
          if (typeof v !== "number" || !(Math.abs(v) <= MAX_PARAMETER_MAGNITUDE)) {
            fail(`${where}[${j}][${k}]`, `a finite number of magnitude at most ${MAX_PARAMETER_MAGNITUDE}`, v);
          }
          out[j * cols + k] = v as number;
        });
      });
      return out;
    });
  };
  const weights = matrices("weights", (l) => layerSizes[l]);
  const biases = matrices("biases", () => 1);
  return { sizes: layerSizes, cost, parameters: { weights, biases } };
}
