/**
 * z in a real network: the weighted inputs of the first hidden layer of a freshly initialized
 * network, over real images, to set beside the chapter's idealized half-on input.
 *
 * For one image x, the weights still random, z = w·x + b is Gaussian with variance
 * σ_w² ‖x‖² + σ_b² (`variance.ts`), so over a data set z follows a mixture of Gaussians, one per
 * image. A validation image has ‖x‖² ≈ 87 on average (about 150 of its 784 pixels are nonzero,
 * most of them near 1), so the old scheme gives σ_z ≈ 9.4 and the new one σ_z ≈ 1.05.
 *
 * @see NNDL §3.3
 */
import { CrossEntropyCost } from "../network2/cost";
import { Inputs } from "../data/data";
import { Parameters } from "../network2/init";
import { Engine } from "../network2/fast/engine";
import { WeightScheme, zVariance } from "./variance";

/**
 * z = w·x + b of every neuron of the first hidden layer for each example: `count × sizes[1]`
 * numbers, example after example. Computed by the training engine in float64 (only an image's
 * nonzero pixels are multiplied), the same sums the network's own forward pass takes.
 */
export function firstHiddenZ(parameters: Parameters, data: Inputs): Float64Array {
  const w = parameters.weights[0];
  const b = parameters.biases[0];
  if (w === undefined || b === undefined) {
    throw new RangeError("firstHiddenZ: parameters has no layers, expected weights[0] and biases[0]");
  }
  const nIn = data.inputSize;
  const nHidden = b.length;
  if (w.length !== nHidden * nIn) {
    throw new RangeError(
      `firstHiddenZ: weights[0] has ${w.length} entries, expected sizes[1] × inputSize = ${nHidden} × ${nIn} = ${nHidden * nIn}`,
    );
  }
  const engine = new Engine([nIn, nHidden], CrossEntropyCost, "float64");
  engine.load({ weights: [w], biases: [b] });
  const z = new Float64Array(data.count * nHidden);
  engine.visitActivations(engine.addData(data), (e, _activations, zs) => z.set(zs[0], e * nHidden));
  return z;
}

/** Var(z) = σ_w² ‖x‖² + σ_b² for each example x of `data` under `scheme`: the mixture's components. */
export function zVariancesOverExamples(data: Inputs, scheme: WeightScheme): Float64Array {
  const sigmaW2 = scheme.weightVariance(data.inputSize);
  const out = new Float64Array(data.count);
  for (let i = 0; i < data.count; i++) {
    out[i] = zVariance(data.inputs.subarray(i * data.inputSize, (i + 1) * data.inputSize), sigmaW2, scheme.biasVariance);
  }
  return out;
}
