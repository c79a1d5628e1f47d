/** `npm run bench` flags, parsed by Node's `util.parseArgs`; errors name the flag and what it needs. */
import { parseArgs } from "util";

export interface Flags {
  json: boolean;
  /** Timed epochs per engine measurement (after one warm-up). */
  epochs: number;
  /** Also run NumPy and PyTorch on the same workload. */
  peers: boolean;
  /** Timed epochs per peer measurement (after one warm-up). */
  peerEpochs: number;
  notebook03: boolean;
  notebook03Epochs: number;
  workers?: number;
  /** Measure an epoch's time outside training (evaluation and monitors), `overhead.ts`. */
  overhead: boolean;
  /** Run every notebook (Run All, defaults) through the headless runner and time it. */
  notebooks: boolean;
}

export const USAGE =
  "usage: npm run bench -- [--json] [--peers] [--epochs N] [--peer-epochs N] [--skip-notebook03] " +
  "[--notebook03-epochs N] [--workers N] [--skip-overhead] [--notebooks]";

/** Parses `argv` (without node and the script); throws with the usage line on a bad flag. */
export function parseFlags(argv: string[]): Flags {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: "boolean", default: false },
        peers: { type: "boolean", default: false },
        epochs: { type: "string", default: "7" },
        "peer-epochs": { type: "string", default: "4" },
        "skip-notebook03": { type: "boolean", default: false },
        "notebook03-epochs": { type: "string", default: "30" },
        workers: { type: "string" },
        "skip-overhead": { type: "boolean", default: false },
        notebooks: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new Error(`bench: ${(error as Error).message}\n${USAGE}`);
  }
  return {
    json: values.json,
    peers: values.peers,
    epochs: positiveInteger("--epochs", values.epochs),
    peerEpochs: positiveInteger("--peer-epochs", values["peer-epochs"]),
    notebook03: !values["skip-notebook03"],
    notebook03Epochs: positiveInteger("--notebook03-epochs", values["notebook03-epochs"]),
    workers: values.workers === undefined ? undefined : positiveInteger("--workers", values.workers),
    overhead: !values["skip-overhead"],
    notebooks: values.notebooks,
  };
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`bench: ${flag} needs a positive integer, got ${JSON.stringify(text)}\n${USAGE}`);
  }
  return value;
}
