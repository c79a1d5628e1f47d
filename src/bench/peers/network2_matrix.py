"""The bench's peers: network2's SGD in matrix form (one mini-batch per matrix product) in NumPy
or PyTorch on the CPU, on the same workload as `npm run bench` times: MNIST's first 50,000
training images, cross-entropy, N(0, 1/n_in) weights, m = 10, eta = 0.1, lmbda = 5.

Run by src/bench/peers.ts with one BLAS thread (OMP_NUM_THREADS=1, OPENBLAS_NUM_THREADS=1);
prints one JSON object: each epoch's wall and CPU seconds, the validation accuracy after epoch 1, and which
BLAS ran.

    python network2_matrix.py --framework numpy --dtype float32 --sizes 784,30,10 --epochs 4 \
        --images .../train-images-idx3-ubyte --labels .../train-labels-idx1-ubyte
"""
import argparse
import json
import time

import numpy as np

TRAINING = 50_000
VALIDATION = 10_000
IMAGE_MAGIC = 2051
LABEL_MAGIC = 2049


def read_idx(path, magic, header_words):
    """The bytes after an IDX header, checking its magic number."""
    raw = np.fromfile(path, dtype=np.uint8)
    header = raw[: 4 * header_words].view(">u4")
    if header[0] != magic:
        raise SystemExit(f"{path}: magic number {header[0]}, expected {magic}")
    return raw[4 * header_words:], header


def load(images_path, labels_path, dtype):
    pixels, header = read_idx(images_path, IMAGE_MAGIC, 4)
    labels, _ = read_idx(labels_path, LABEL_MAGIC, 2)
    x = (pixels.reshape(int(header[1]), int(header[2]) * int(header[3])) / 255.0).astype(dtype)
    return x[:TRAINING], labels[:TRAINING], x[TRAINING:TRAINING + VALIDATION], labels[TRAINING:TRAINING + VALIDATION]


class NumpyNet:
    """network2's Network with sigmoid layers, its SGD step written with whole-mini-batch products."""

    def __init__(self, sizes, dtype, rng):
        self.w = [(rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)).astype(dtype) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self.b = [rng.standard_normal(n_out).astype(dtype) for n_out in sizes[1:]]

    @staticmethod
    def sigmoid(z):
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp(-z))

    def feedforward(self, x):
        activations = [x]
        for w, b in zip(self.w, self.b):
            activations.append(self.sigmoid(activations[-1] @ w.T + b))
        return activations

    def update_mini_batch(self, x, y, eta, lmbda, n):
        a = self.feedforward(x)
        delta = a[-1] - y  # cross-entropy: delta = a - y
        m = x.shape[0]
        decay = 1 - eta * (lmbda / n)
        for l in range(len(self.w) - 1, -1, -1):
            nabla_w = delta.T @ a[l]
            nabla_b = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ self.w[l]) * a[l] * (1 - a[l])
            self.w[l] = decay * self.w[l] - (eta / m) * nabla_w
            self.b[l] = self.b[l] - (eta / m) * nabla_b

    def correct(self, x, labels):
        return int((self.feedforward(x)[-1].argmax(axis=1) == labels).sum())


class TorchNet(NumpyNet):
    """The same in PyTorch tensors (no autograd: the gradient is network2's own)."""

    def __init__(self, sizes, dtype, rng):
        import torch

        self.torch = torch
        super().__init__(sizes, dtype, rng)
        self.w = [torch.from_numpy(w) for w in self.w]
        self.b = [torch.from_numpy(b) for b in self.b]

    def sigmoid(self, z):
        return self.torch.sigmoid(z)

    def correct(self, x, labels):
        return int((self.feedforward(x)[-1].argmax(dim=1) == self.torch.from_numpy(labels)).sum())


def common_arguments():
    """The flags every peer script takes (the bench passes the same workload to each)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--sizes", required=True)
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--images", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--eta", type=float, default=0.1)
    parser.add_argument("--lmbda", type=float, default=5.0)
    parser.add_argument("--mini-batch-size", type=int, default=10)
    return parser


def print_result(framework, dtype, sizes, seconds, cpu_seconds, accuracy, blas):
    """The one JSON line the bench reads from a peer."""
    print(json.dumps({"framework": framework, "dtype": dtype, "sizes": sizes, "epochSeconds": seconds, "epochCpuSeconds": cpu_seconds, "epoch1Accuracy": accuracy, "blas": blas}))


def main():
    parser = common_arguments()
    parser.add_argument("--framework", choices=["numpy", "torch"], required=True)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    dtype = np.dtype(args.dtype)
    x, labels, x_val, labels_val = load(args.images, args.labels, dtype)
    y = np.eye(sizes[-1], dtype=dtype)[labels]
    rng = np.random.default_rng(args.seed)
    if args.framework == "torch":
        import torch

        torch.set_num_threads(1)
        net = TorchNet(sizes, dtype, rng)
        x, y, x_val = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(x_val)
        take = lambda data, rows: data[torch.from_numpy(rows)]
        blas = f"torch {torch.__version__}, {torch.get_num_threads()} thread"
    else:
        net = NumpyNet(sizes, dtype, rng)
        take = lambda data, rows: data[rows]
        blas = blas_description()
    n, m = x.shape[0], args.mini_batch_size
    seconds, cpu_seconds, accuracy = [], [], None
    for epoch in range(args.epochs):
        started, cpu_started = time.perf_counter(), time.process_time()
        order = rng.permutation(n)
        for k in range(0, n, m):
            rows = order[k:k + m]
            net.update_mini_batch(take(x, rows), take(y, rows), args.eta, args.lmbda, n)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        if epoch == 0:
            accuracy = net.correct(x_val, labels_val) / len(labels_val)
    print_result(args.framework, args.dtype, sizes, seconds, cpu_seconds, accuracy, blas)


def blas_description():
    """NumPy's BLAS as threadpoolctl sees it: library, version, the kernel it chose, threads."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return f"numpy {np.__version__}"
    pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    described = [f"{p.get('internal_api')} {p.get('version')} {p.get('architecture')}, {p.get('num_threads')} thread" for p in pools]
    return f"numpy {np.__version__}: " + "; ".join(described)


if __name__ == "__main__":
    main()
