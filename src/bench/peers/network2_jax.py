"""The bench's JAX peer: network2's SGD in matrix form (one mini-batch per matrix product, the
gradient written out as network2 does, no autograd), with a whole epoch compiled as one jitted
`lax.scan` over the mini-batches, float32 on the CPU with one thread. Same workload, flags and
JSON output as network2_matrix.py (which it imports for loading MNIST and the initial weights).

    python network2_jax.py --sizes 784,30,10 --epochs 4 --images ... --labels ...
"""
import os

# One thread: XLA's CPU backend otherwise runs its work on a pool of all cores. The flag turns off
# Eigen's pool; XLA still ran parts in parallel (CPU seconds above wall seconds at [784, 100, 10]),
# so the process is also pinned to one core before JAX starts.
os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import time  # noqa: E402

import numpy as np  # noqa: E402

from network2_matrix import NumpyNet, common_arguments, load, print_result  # noqa: E402


def make_epoch(jax, jnp, lax, depth, eta, lmbda, n):
    """The jitted epoch: params (a tuple of (w, b) per layer) → params after every mini-batch of `batches`."""
    decay = 1 - eta * (lmbda / n)

    def update_mini_batch(params, rows, x, y):
        xb, yb = x[rows], y[rows]
        step = eta / rows.shape[0]
        activations = [xb]
        for w, b in params:
            activations.append(jax.nn.sigmoid(activations[-1] @ w.T + b))
        delta = activations[-1] - yb  # cross-entropy: delta = a - y
        updated = [None] * depth
        for l in range(depth - 1, -1, -1):
            w, b = params[l]
            nabla_w = delta.T @ activations[l]
            nabla_b = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ w) * activations[l] * (1 - activations[l])
            updated[l] = (decay * w - step * nabla_w, b - step * nabla_b)
        return tuple(updated)

    @jax.jit
    def epoch(params, x, y, batches):
        return lax.scan(lambda p, rows: (update_mini_batch(p, rows, x, y), None), params, batches)[0]

    return epoch


def main():
    args = common_arguments().parse_args()
    import jax
    import jax.numpy as jnp
    from jax import lax

    sizes = [int(s) for s in args.sizes.split(",")]
    if args.dtype != "float32":
        raise SystemExit("network2_jax.py: float32 only (JAX's default precision)")
    x, labels, x_val, labels_val = load(args.images, args.labels, np.float32)
    y = np.eye(sizes[-1], dtype=np.float32)[labels]
    rng = np.random.default_rng(args.seed)
    start = NumpyNet(sizes, np.float32, rng)
    params = tuple((jnp.asarray(w), jnp.asarray(b)) for w, b in zip(start.w, start.b))
    n, m = x.shape[0], args.mini_batch_size
    if n % m:
        raise SystemExit(f"network2_jax.py: {n} examples are not whole mini-batches of {m}")
    x_dev, y_dev = jnp.asarray(x), jnp.asarray(y)
    epoch = make_epoch(jax, jnp, lax, len(sizes) - 1, args.eta, args.lmbda, n)
    seconds, cpu_seconds, accuracy = [], [], None
    for e in range(args.epochs):
        started, cpu_started = time.perf_counter(), time.process_time()
        batches = jnp.asarray(rng.permutation(n).astype(np.int32).reshape(n // m, m))
        params = jax.block_until_ready(epoch(params, x_dev, y_dev, batches))
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        if e == 0:
            net = NumpyNet.__new__(NumpyNet)
            net.w = [np.asarray(w) for w, _ in params]
            net.b = [np.asarray(b) for _, b in params]
            accuracy = net.correct(x_val, labels_val) / len(labels_val)
    what = f"jax {jax.__version__}, jaxlib {jax.lib.__version__ if hasattr(jax.lib, '__version__') else ''}".rstrip(", ")
    print_result("jax", args.dtype, sizes, seconds, cpu_seconds, accuracy, f"{what}, {jax.default_backend()}, one jitted lax.scan per epoch, 1 thread, pinned to core {min(os.sched_getaffinity(0))}")


if __name__ == "__main__":
    main()
