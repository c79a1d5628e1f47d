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
import { Inputs } from "./data";
import { Parameters } from "./init";
import { WeightScheme, zVariance } from "./variance";

/**
 * z = w·x + b of every neuron of the first hidden layer for each example: `count × sizes[1]`
 * numbers, example after example. Only an image's nonzero pixels are multiplied (most are 0).
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
  const z = new Float64Array(data.count * nHidden);
  const index = new Int32Array(nIn);
  const value = new Float64Array(nIn);
  for (let i = 0; i < data.count; i++) {
    const offset = i * nIn;
    let active = 0;
    for (let k = 0; k < nIn; k++) {
      const v = data.inputs[offset + k];
      if (v !== 0) {
        index[active] = k;
        value[active] = v;
        active++;
      }
    }
    for (let j = 0; j < nHidden; j++) {
      const row = j * nIn;
      let sum = b[j];
      for (let a = 0; a < active; a++) sum += w[row + index[a]] * value[a];
      z[i * nHidden + j] = sum;
    }
  }
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
