/**
 * The bench's peers, one thread each, on the same workload as our engine, in the same bench run:
 * - network2's SGD in matrix form in NumPy (float32 and float64) and PyTorch on the CPU (float32),
 *   from `peers/network2_matrix.py`;
 * - the same in JAX, the whole epoch one jitted `lax.scan` (`peers/network2_jax.py`);
 * - this engine's own algorithm (sparse input rows, the decay as a scale factor, prefetch) written
 *   again in numba (`peers/network2_numba.py`), compiled twice: for this processor (AVX-512 and FMA
 *   where it has them) and at WebAssembly's width (128-bit vectors, no FMA), so that the bench shows
 *   what the same algorithm gains from a native compiler at the same width and at its full width.
 * They run in a project-local Python environment, `.venv/peers`
 * (gitignored), made with the pinned `peers/requirements.txt` the first time it is missing.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { defaultMnistDir, MNIST_FILES } from "../data/mnist";
import { projectRoot } from "../platform/paths";
import { BOOK, median } from "./timing";

export interface PeerResult {
  /** e.g. "NumPy float32". */
  name: string;
  framework: "numpy" | "torch" | "jax" | "numba";
  dtype: "float32" | "float64";
  sizes: number[];
  /** Wall seconds of each timed epoch (the warm-up, epoch 1, excluded). */
  epochSeconds: number[];
  medianEpochSeconds: number;
  /** CPU seconds of the same epochs (steadier than wall time on a loaded machine). */
  medianEpochCpuSeconds: number;
  /** Validation accuracy after epoch 1. */
  epoch1Accuracy: number;
  /**
   * What ran, as the script saw it: the BLAS (library, version, kernel, threads), or JAX's backend,
   * or numba's target and the widest vector registers and FMA in its compiled code.
   */
  blas: string;
  /**
   * Median wall and CPU seconds per epoch over ours in float32 on the same network, same run
   * (above 1: ours is faster).
   */
  vsOursFloat32?: { wall: number; cpu: number };
}

const PEERS = [
  {
    name: "NumPy float32", framework: "numpy", dtype: "float32", script: "network2_matrix.py",
    extra: ["--framework", "numpy"],
  },
  {
    name: "NumPy float64", framework: "numpy", dtype: "float64", script: "network2_matrix.py",
    extra: ["--framework", "numpy"],
  },
  {
    name: "PyTorch float32", framework: "torch", dtype: "float32", script: "network2_matrix.py",
    extra: ["--framework", "torch"],
  },
  { name: "JAX float32", framework: "jax", dtype: "float32", script: "network2_jax.py", extra: [] },
  {
    name: "numba f32 native", framework: "numba", dtype: "float32", script: "network2_numba.py",
    extra: ["--width", "native"],
  },
  {
    name: "numba f32 128-bit", framework: "numba", dtype: "float32", script: "network2_numba.py",
    extra: ["--width", "128"],
  },
] as const;

const peersDir = () => path.join(projectRoot(), "src", "bench", "peers");
const venvDir = () => path.join(projectRoot(), ".venv", "peers");
const venvPython = () => path.join(venvDir(), "bin", "python");

/** Whether `python` runs and imports what the peers need. */
function hasPeerPackages(python: string): boolean {
  const check = spawnSync(python, ["-c", "import numpy, torch, threadpoolctl, jax, numba"], { stdio: "ignore" });
  return check.status === 0;
}

/**
 * The Python of `.venv/peers`, made (with progress on stderr) when missing; `undefined` after
 * saying in one line why the peers cannot run.
 */
export function peerPython(log: (line: string) => void): string | undefined {
  if (fs.existsSync(venvPython()) && hasPeerPackages(venvPython())) return venvPython();
  const system = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (system.error !== undefined || system.status !== 0) {
    log(
      "peers: no python3 on PATH, so the peers (NumPy, PyTorch, JAX, numba) are not measured " +
        "(install Python 3.9+ to compare); measuring ours only",
    );
    return undefined;
  }
  log(
    `peers: making ${path.relative(projectRoot(), venvDir())} with ${system.stdout.trim()} ` +
      "and the pinned packages of src/bench/peers/requirements.txt (once; torch is large)…",
  );
  const steps: [string, string[]][] = [
    ["python3", ["-m", "venv", venvDir()]],
    [venvPython(), ["-m", "pip", "install", "--progress-bar", "on", "-r", path.join(peersDir(), "requirements.txt")]],
  ];
  for (const [command, args] of steps) {
    const step = spawnSync(command, args, { stdio: ["ignore", process.stderr, process.stderr] });
    if (step.status !== 0) {
      log(`peers: ${command} ${args.join(" ")} failed (exit ${step.status ?? step.signal}); measuring ours only`);
      return undefined;
    }
  }
  return venvPython();
}

/**
 * One BLAS thread, and OpenBLAS left to choose its own kernel: this machine's OPENBLAS_CORETYPE /
 * OPENBLAS_L2_SIZE (set for old OpenBLAS builds) would slow a current NumPy, so the peers alone run
 * without them.
 */
function peerEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1",
  };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** Runs every peer on network `sizes` for one warm-up and `epochs` timed epochs. */
export function runPeers(python: string, sizes: number[], epochs: number, log: (line: string) => void): PeerResult[] {
  const dir = defaultMnistDir();
  return PEERS.map(({ name, framework, dtype, script, extra }) => {
    log(`[${sizes}] ${name}: ${epochs} timed epochs after a warm-up…`);
    const args = [
      path.join(peersDir(), script), ...extra,
      "--dtype", dtype, "--sizes", sizes.join(","), "--epochs", String(epochs + 1),
      "--images", path.join(dir, MNIST_FILES.trainingImages),
      "--labels", path.join(dir, MNIST_FILES.trainingLabels),
      "--eta", String(BOOK.eta), "--lmbda", String(BOOK.lmbda),
      "--mini-batch-size", String(BOOK.miniBatchSize),
    ];
    const run = spawnSync(python, args, {
      encoding: "utf8", env: peerEnvironment(), stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20,
    });
    if (run.status !== 0) {
      throw new Error(`bench: peer ${name} on [${sizes}] failed (exit ${run.status ?? run.signal})`);
    }
    const out = JSON.parse(run.stdout) as {
      epochSeconds: number[]; epochCpuSeconds: number[]; epoch1Accuracy: number; blas: string;
    };
    const timed = out.epochSeconds.slice(1);
    return {
      name, framework, dtype, sizes, epochSeconds: timed, medianEpochSeconds: median(timed),
      medianEpochCpuSeconds: median(out.epochCpuSeconds.slice(1)), epoch1Accuracy: out.epoch1Accuracy, blas: out.blas,
    };
  });
}
