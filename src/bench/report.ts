/** The bench's table: our engine, the reference and the peers side by side, then the sessions. */
import type { PeerResult } from "./peers";
import type { SessionReport } from "./workloads";
import type { EpochOverhead } from "./overhead";
import type { NotebookRun } from "./notebooks";

/** One engine measurement, as the report and --json show it. */
export interface EngineRun {
  sizes: number[];
  precision: "float64" | "float32";
  medianEpochSeconds: number;
  medianEpochCpuSeconds: number;
  minEpochSeconds: number;
  maxEpochSeconds: number;
  epochSeconds: number[];
  examplesPerSecond: number;
  epoch1Accuracy: number;
  referenceMedianEpochSeconds: number;
  speedup: number;
}

export interface BenchReport {
  runs: EngineRun[];
  peers: PeerResult[] | null;
  /** Why the peers did not run, when asked for and absent. */
  peersSkipped?: string;
  notebook03: SessionReport | null;
  /** An epoch's time outside training, per network (null with --skip-overhead). */
  overhead: EpochOverhead[] | null;
  /** Each notebook's Run All (null without --notebooks). */
  notebooks: NotebookRun[] | null;
  mnistLoadSeconds: number;
  rssAfterLoadMB: number;
  node: string;
  cpus: string;
  loadAverage: number[];
}

const ratio = (theirs: number, ours: number) => `${(theirs / ours).toFixed(2)}×`;
const percent = (fraction: number) => `${(100 * fraction).toFixed(2)} %`;

function row(cells: string[]): void {
  console.log(cells.map((c, i) => (i === 0 ? c.padEnd(16) : i === 1 ? c.padEnd(18) : c.padStart(14))).join(""));
}

export function printReport(report: BenchReport): void {
  console.log("");
  row([
    "network", "system", "median s/epoch", "cpu s/epoch", "epoch-1 acc.", "reference s", "vs ours f32", "cpu vs ours",
  ]);
  for (const sizes of [...new Set(report.runs.map((r) => r.sizes.join(", ")))]) {
    const ours = report.runs.filter((r) => r.sizes.join(", ") === sizes);
    const f32 = ours.find((r) => r.precision === "float32")!;
    for (const r of ours) {
      row([
        `[${sizes}]`,
        `ours ${r.precision}`,
        r.medianEpochSeconds.toFixed(3),
        r.medianEpochCpuSeconds.toFixed(3),
        percent(r.epoch1Accuracy),
        r.referenceMedianEpochSeconds.toFixed(1),
        ratio(r.medianEpochSeconds, f32.medianEpochSeconds),
        ratio(r.medianEpochCpuSeconds, f32.medianEpochCpuSeconds),
      ]);
    }
    for (const p of report.peers?.filter((p) => p.sizes.join(", ") === sizes) ?? []) {
      row([
        `[${sizes}]`,
        p.name,
        p.medianEpochSeconds.toFixed(3),
        p.medianEpochCpuSeconds.toFixed(3),
        percent(p.epoch1Accuracy),
        "",
        ratio(p.medianEpochSeconds, f32.medianEpochSeconds),
        ratio(p.medianEpochCpuSeconds, f32.medianEpochCpuSeconds),
      ]);
    }
  }
  console.log("");
  console.log(
    "vs ours f32: the row's s/epoch over ours in float32 (above 1: ours is faster); " +
      "cpu: the same in CPU seconds of the",
  );
  console.log("measuring process, steadier than wall time when other programs share the cores.");
  if (report.peers && report.peers.length > 0) {
    console.log(`what the peers ran: ${[...new Set(report.peers.map((p) => p.blas))].join(" | ")}`);
  }
  if (report.peersSkipped) console.log(`peers not measured: ${report.peersSkipped}`);
  const session = report.notebook03;
  if (session !== null) {
    const what = `notebook-03 workload (${session.runs} runs of up to ${session.epochs} epochs)`;
    console.log(
      `${what}, float32, ${session.workers} workers: ${session.seconds.toFixed(1)} s wall ` +
        `(${session.cpuSeconds.toFixed(1)} CPU s), peak resident memory ${session.peakRssMB.toFixed(0)} MB`,
    );
    console.log(
      `  against its ideal (its runs' training epochs alone, over ${session.workers} workers: ` +
        `${session.idealSeconds.toFixed(1)} s): ` +
        `${(session.seconds / session.idealSeconds).toFixed(2)}× (target ≤ 1.25×)`,
    );
  }
  for (const o of report.overhead ?? []) {
    console.log(
      `[${o.sizes}] float32, an epoch's ${o.monitors}: ${o.medianOutsideSeconds.toFixed(3)} s ` +
        `after ${o.medianTrainingSeconds.toFixed(3)} s of training,\n  ${percent(o.medianShare)} of it (target ≤ 15 %)`,
    );
  }
  for (const n of report.notebooks ?? []) {
    console.log(
      n.seconds === undefined
        ? `notebook ${n.notebook}: failed: ${n.error}`
        : `notebook ${n.notebook}, Run All: ${n.seconds.toFixed(1)} s ` +
            `(its kernel's start ${n.kernelStartSeconds!.toFixed(1)} s)`,
    );
  }
  console.log(
    `MNIST load: ${report.mnistLoadSeconds.toFixed(2)} s (${report.rssAfterLoadMB.toFixed(0)} MB resident); ` +
      `${report.node}, ${report.cpus}, load average ${report.loadAverage.map((l) => l.toFixed(1)).join(" ")}`,
  );
}
