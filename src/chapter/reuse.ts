/**
 * Runs trained in one notebook, picked up by another: notebook 04's decayed and reference runs
 * at the chapter's settings are exactly notebook 03's old and new runs (same sizes, initializer,
 * seed, hyper-parameters and engine), so 04 reads them from 03's saved histories and networks
 * instead of training them again. A run is reused only if every setting that shapes its training
 * matches and it completed; anything else is trained afresh. A saved run that trained longer
 * (03 trains its 100-hidden pair past the chapter's 30 epochs) is reused for its first epochs,
 * which are exactly what the shorter run would record (same seed, same mini-batch order); its
 * final network is then not the shorter run's, so none is returned.
 *
 * This is a policy of the chapter's notebooks (which of 03's runs 04 may take as its own), built
 * on runs/' `loadHistories` and network2's `Network.load`: it composes, it stores nothing itself.
 *
 * Monitors are not compared: they measure the network without changing how it trains.
 */
import * as fs from "fs";
import * as path from "path";
import { Network } from "../network2/network";
import type { History } from "../network2/options";
import { loadHistories, saveHistories, SavedRun } from "../runs/histories";
import type { TrainingRun } from "../runs/runs";

/** The file names of a folder of saved runs: histories, and one network per run by index. */
export const SAVED_HISTORIES = "histories.json";
export const savedNetworkFile = (
  folder: string,
  index: number,
): string => path.join(folder, "networks", `${index}.json`);

/** The settings that decide what a run trains to. */
const TRAINING_KEYS = ["initializer", "seed", "miniBatchSize", "eta", "lmbda", "precision", "cost"] as const;

/**
 * Whether `saved`'s first `run.epochs` epochs are what `run` would train: the same sizes and every
 * setting in TRAINING_KEYS (absent λ is 0), and at least as many epochs.
 */
export function trainsLike(saved: TrainingRun, run: TrainingRun): boolean {
  const value = (
    r: TrainingRun,
    key: (typeof TRAINING_KEYS)[number],
  ): unknown => (key === "lmbda" ? (r.lmbda ?? 0) : r[key]);
  return (
    saved.sizes.length === run.sizes.length &&
    saved.sizes.every((s, i) => s === run.sizes[i]) &&
    saved.epochs >= run.epochs &&
    TRAINING_KEYS.every((key) => value(saved, key) === value(run, key))
  );
}

/** A reused run: the history and final network of a completed run that trained like the one asked for. */
export interface ReusedRun {
  readonly run: TrainingRun;
  readonly history: History;
  /** The final network, when the saved run trained exactly `run.epochs` epochs; else undefined. */
  readonly network: Network | undefined;
  /** The saved run's label, to say where it came from. */
  readonly from: string;
}

/**
 * The saved runs in `folder` that train like each of `runs` and have their network saved, keyed
 * by the asked-for run; an empty map when the folder holds none (nothing was saved yet).
 */
export function reusableRuns(folder: string, runs: readonly TrainingRun[]): Map<TrainingRun, ReusedRun> {
  const file = path.join(folder, SAVED_HISTORIES);
  const found = new Map<TrainingRun, ReusedRun>();
  if (!fs.existsSync(file)) return found;
  const saved: SavedRun[] = loadHistories(file);
  for (const run of runs) {
    const index = saved.findIndex((s) => s.completed && trainsLike(s.run, run));
    const networkFile = savedNetworkFile(folder, index);
    if (index < 0 || !fs.existsSync(networkFile)) continue;
    const { history } = saved[index];
    const same = saved[index].run.epochs === run.epochs;
    const first = same ? history : { ...history, epochs: history.epochs.slice(0, run.epochs) };
    found.set(
      run,
      { run, history: first, network: same ? Network.load(networkFile) : undefined, from: saved[index].run.label },
    );
  }
  return found;
}

/** Saves each run's final network beside its history, as {@link reusableRuns} expects them. */
export function saveNetworks(folder: string, results: readonly { readonly network: Network }[]): void {
  results.forEach(({ network }, i) => {
    fs.mkdirSync(path.dirname(savedNetworkFile(folder, i)), { recursive: true });
    network.save(savedNetworkFile(folder, i));
  });
}

/** Saves runs as {@link reusableRuns} reads them: `histories.json` and each final network, in `folder`. */
export function saveRuns(folder: string, results: readonly (SavedRun & { readonly network: Network })[]): void {
  saveHistories(path.join(folder, SAVED_HISTORIES), results);
  saveNetworks(folder, results);
}
