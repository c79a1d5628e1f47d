/**
 * The notebooks' default settings, and whether a learner's settings are still those.
 *
 * The notebooks guard the chapter's numbers with strict assertions (they fail `npm start` and CI
 * when the defaults drift), but a learner who edits a parameter cell is running an experiment,
 * not a regression test: there the notebook shows a verdict instead. `isDefault` tells the two
 * apart. The number of epochs is not compared: `NNDL_EPOCHS` shortens runs in the tests, and a
 * check that needs a certain number of epochs says so itself.
 *
 * @see NNDL §3.3
 */
import { BOOK_HYPER_PARAMETERS } from "./book";
import { describeValue } from "../data/describe";
import { DECAY_THRESHOLDS } from "./decay-conditions";

/** The defaults of the training notebooks' parameter cells (03 and 04): the chapter's, seed 1, float32. */
export const NOTEBOOK_DEFAULTS = {
  miniBatchSize: BOOK_HYPER_PARAMETERS.miniBatchSize,
  eta: BOOK_HYPER_PARAMETERS.eta,
  lmbda: BOOK_HYPER_PARAMETERS.lmbda,
  seed: 1,
  precision: "float32",
  initializer: "large",
  hiddenSizes: [30, 100],
  /** 03: runs per setting for the seed bands, and the 100-hidden pair's epochs past 30. */
  seeds: 2,
  extraEpochs: 5,
  /** 04: the thresholds of the criteria. */
  ...DECAY_THRESHOLDS,
} as const;

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((
    v,
    i,
  ) => sameValue(v, b[i])) : Object.is(a, b);

/**
 * Whether every setting in `settings` that has a default (in `defaults`) equals it; settings
 * without a default (epochs, labels, monitors) are ignored. Arrays compare element by element.
 */
export function isDefault(settings: object, defaults: object = NOTEBOOK_DEFAULTS): boolean {
  if (settings === null || typeof settings !== "object") {
    throw new TypeError(`isDefault: settings must be an object, got ${describeValue(settings)}`);
  }
  const expected = defaults as Record<string, unknown>;
  return Object.entries(settings).every(([key, value]) => !(key in expected) || sameValue(value, expected[key]));
}
