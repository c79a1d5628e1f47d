"""The bench's numba peer: this project's own training algorithm (src/network2/fast/wasm/),
written again here as one numba-compiled epoch, to show what a native compiler makes of it:

- inputs in sparse rows (each image's non-zero pixels: 16-bit positions, float32 values), so
  z = w·x + b and the first layer's update touch only the rows of non-zero pixels;
- weights input-major (row k: from input k to every hidden neuron), so those rows are contiguous;
- the L2 decay of the first layer kept as one scale factor s (w = s·v): a step's decay is one
  multiplication and only the touched rows are written (v_k += (−step/s)·x_k·δ, example by example);
- the next example's pixels prefetched while this one trains (the shuffled order makes each a
  fresh place in memory).

float32, one thread, networks of one hidden layer ([784, n, 10], as the bench times). `--width`:
`native` compiles for this processor (AVX-512 and FMA where it has them); `128` for 128-bit
vectors without fused multiply-add, the width of WebAssembly's SIMD, by switching off every AVX,
FMA and wider feature before numba loads. The JSON's "blas" field says which vector registers and
whether FMA instructions the compiled epoch contains (from numba's `inspect_asm`).

    python network2_numba.py --width 128 --sizes 784,30,10 --epochs 4 --images ... --labels ...
"""
import os
import re
import sys
import time

import numpy as np

from network2_matrix import NumpyNet, common_arguments, load, print_result


def narrow_features():
    """This processor's LLVM features with AVX (all kinds), FMA, F16C, XOP and AMX turned off."""
    from llvmlite import binding

    features = binding.get_host_cpu_features()
    wide = re.compile(r"^(avx|fma|f16c|xop|amx|vaes|vpclmulqdq|gfni|evex512)")
    return ",".join(("-" if wide.match(name) else ("+" if on else "-")) + name for name, on in sorted(features.items()))


# e^x as the engine's float32 kernel computes it (Cephes' expf: x = k·ln 2 + r, a degree-6
# polynomial for e^r, 2^k written into the exponent bits), in loops the compiler vectorizes:
# numba's own np.exp is a call per number here (llvmlite has no vector math library).
EXP_HI = 88.3762626647949
LOG2E = 1.44269504088896341
LN2_HI = 0.693359375
LN2_LO = -2.12194440e-4
EXP_P = (1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1)


def compile_epoch(njit, prefetch, hidden, four_rows):
    """The epoch for `hidden` neurons (rows padded to whole cache lines), summing the first layer's
    rows two at a time, or four with `four_rows` (measured here: two pays at 32 floats a row, four
    at 112; one at a time, z is loaded and stored for every row)."""
    f32 = np.float32
    hi, log2e, ln2_hi, ln2_lo = f32(EXP_HI), f32(LOG2E), f32(LN2_HI), f32(LN2_LO)
    p0, p1, p2, p3, p4, p5 = (f32(c) for c in EXP_P)

    @njit(fastmath=True, boundscheck=False, inline="always")
    def sigmoid(z, a, bits, floats):
        """a = 1/(1 + e^−z); `bits` and `floats` are one buffer seen as int32 and float32."""
        for j in range(z.shape[0]):
            x = min(max(-z[j], -hi), hi)
            k = np.floor(x * log2e + f32(0.5))
            r = x - k * ln2_hi - k * ln2_lo
            p = ((((p0 * r + p1) * r + p2) * r + p3) * r + p4) * r + p5
            a[j] = p * r * r + r + f32(1)
            bits[j] = (np.int32(k) + 127) << 23
        for j in range(z.shape[0]):
            a[j] = f32(1) / (f32(1) + a[j] * floats[j])

    @njit(fastmath=True, boundscheck=False, nogil=True)
    def epoch(offsets, indices, values, labels, order, w1, b1, w2, b2, eta, lmbda, m):
        """One epoch in place. w1: input-major (784 × hidden); w2: output-major (10 × hidden)."""
        n = order.shape[0]
        H = w1.shape[1]  # the padded width: known at run time only (as a constant, LLVM unrolls the loops whole and vectorizes worse)
        outputs = w2.shape[0]
        decay = f32(1.0 - eta * (lmbda / n))
        z1 = np.empty(H, f32)
        a1 = np.empty(H, f32)
        z2 = np.empty(outputs, f32)
        a2 = np.empty(outputs, f32)
        bits = np.empty(max(H, outputs), np.int32)
        floats = bits.view(np.float32)
        deltas = np.empty((m, H), f32)
        nw2 = np.zeros((outputs, H), f32)
        nb1 = np.zeros(H, f32)
        nb2 = np.zeros(outputs, f32)
        s = 1.0
        for batch in range(0, n, m):
            size = min(m, n - batch)
            sf = f32(s)
            for slot in range(size):
                e = order[batch + slot]
                if batch + slot + 1 < n:
                    ahead = order[batch + slot + 1]
                    for p in range(offsets[ahead], offsets[ahead + 1], 32):
                        prefetch(indices, p)
                    for p in range(offsets[ahead], offsets[ahead + 1], 16):
                        prefetch(values, p)
                # Forward: the hidden layer from the non-zero pixels' rows, then the output layer.
                z1[:] = 0
                p = offsets[e]
                last = offsets[e + 1]
                if four_rows:
                    while p + 3 < last:
                        k0, k1, k2, k3 = indices[p], indices[p + 1], indices[p + 2], indices[p + 3]
                        v0, v1, v2, v3 = values[p], values[p + 1], values[p + 2], values[p + 3]
                        for j in range(H):
                            z1[j] += (v0 * w1[k0, j] + v1 * w1[k1, j]) + (v2 * w1[k2, j] + v3 * w1[k3, j])
                        p += 4
                while p + 1 < last:
                    k0, k1, v0, v1 = indices[p], indices[p + 1], values[p], values[p + 1]
                    for j in range(H):
                        z1[j] += v0 * w1[k0, j] + v1 * w1[k1, j]
                    p += 2
                if p < last:
                    k0, v0 = indices[p], values[p]
                    for j in range(H):
                        z1[j] += v0 * w1[k0, j]
                for j in range(H):
                    z1[j] = sf * z1[j] + b1[j]
                sigmoid(z1, a1, bits, floats)
                a1[hidden:] = 0  # the pad neurons stay silent, so their weights stay 0
                for i in range(outputs):
                    t = b2[i]
                    for j in range(H):
                        t += w2[i, j] * a1[j]
                    z2[i] = t
                sigmoid(z2[:outputs], a2, bits, floats)
                # Backward: δ = a − y (cross-entropy); the output layer's gradient summed, the
                # hidden layer's δ kept per example for the first layer's update.
                label = labels[e]
                a2[label] -= f32(1)
                d1 = deltas[slot]
                d1[:] = 0
                for i in range(outputs):
                    d = a2[i]
                    nb2[i] += d
                    for j in range(H):
                        nw2[i, j] += d * a1[j]
                        d1[j] += w2[i, j] * d
                for j in range(H):
                    d1[j] *= a1[j] * (f32(1) - a1[j])
                    nb1[j] += d1[j]
            step = f32(eta / size)
            # The first layer: s ← decay·s, then each example's x_k·δ into the rows it touched.
            s *= decay
            c = f32(-step / s)
            for slot in range(size):
                e = order[batch + slot]
                d1 = deltas[slot]
                for p in range(offsets[e], offsets[e + 1]):
                    k = indices[p]
                    cv = c * values[p]
                    for j in range(H):
                        w1[k, j] += cv * d1[j]
            if s < 1e-20:
                w1 *= f32(s)
                s = 1.0
            for i in range(outputs):
                for j in range(H):
                    w2[i, j] = decay * w2[i, j] - step * nw2[i, j]
                    nw2[i, j] = 0
                b2[i] -= step * nb2[i]
                nb2[i] = 0
            for j in range(H):
                b1[j] -= step * nb1[j]
                nb1[j] = 0
        w1 *= f32(s)

    return epoch


def make_prefetch(intrinsic, types, cgutils, ir):
    """prefetch(array, i): LLVM's prefetch of element i's cache line (read, keep in all levels)."""

    @intrinsic
    def prefetch(typingctx, array, index):
        def codegen(context, builder, signature, args):
            array_type = signature.args[0]
            view = context.make_array(array_type)(context, builder, args[0])
            pointer = cgutils.get_item_pointer(context, builder, array_type, view, [args[1]], wraparound=False)
            i8p = ir.IntType(8).as_pointer()
            i32 = ir.IntType(32)
            function = cgutils.get_or_insert_function(builder.module, ir.FunctionType(ir.VoidType(), [i8p, i32, i32, i32]), "llvm.prefetch.p0")
            builder.call(function, [builder.bitcast(pointer, i8p), i32(0), i32(3), i32(1)])
            return context.get_dummy_value()

        return types.void(array, index), codegen

    return prefetch


def aligned_zeros(shape):
    """A float32 array of zeros whose first element is at a multiple of 64 bytes (a cache line)."""
    count = int(np.prod(shape))
    raw = np.zeros(count + 16, np.float32)
    skip = (-raw.ctypes.data % 64) // 4
    return raw[skip:skip + count].reshape(shape)


def sparse_rows(x):
    """CSR form of the dense inputs: offsets (u32), 16-bit positions, float32 values."""
    counts = (x != 0).sum(axis=1)
    offsets = np.zeros(x.shape[0] + 1, np.uint32)
    np.cumsum(counts, out=offsets[1:])
    rows, columns = np.nonzero(x)
    return offsets, columns.astype(np.uint16), x[rows, columns].astype(np.float32)


def main():
    parser = common_arguments()
    parser.add_argument("--width", choices=["native", "128"], required=True)
    args = parser.parse_args()
    if args.width == "128":
        os.environ["NUMBA_CPU_NAME"] = "generic"
        os.environ["NUMBA_CPU_FEATURES"] = narrow_features()
    import numba
    from llvmlite import ir
    from numba.core import cgutils, types
    from numba.extending import intrinsic

    sizes = [int(s) for s in args.sizes.split(",")]
    if len(sizes) != 3 or args.dtype != "float32":
        raise SystemExit("network2_numba.py: float32 networks of one hidden layer only")
    x, labels, x_val, labels_val = load(args.images, args.labels, np.float32)
    offsets, indices, values = sparse_rows(x)
    rng = np.random.default_rng(args.seed)
    start = NumpyNet(sizes, np.float32, rng)
    # Rows padded to whole cache lines of 64 bytes (16 floats), the pads 0; the first layer input-major.
    hidden = sizes[1]
    stride = -(-hidden // 16) * 16
    w1 = aligned_zeros((sizes[0], stride))
    w1[:, :hidden] = start.w[0].T
    w2 = aligned_zeros((sizes[2], stride))
    w2[:, :hidden] = start.w[1]
    b1 = np.zeros(stride, np.float32)
    b1[:hidden] = start.b[0]
    b2 = start.b[1]
    epoch = compile_epoch(numba.njit, make_prefetch(intrinsic, types, cgutils, ir), hidden, stride > 32)
    n, m = x.shape[0], args.mini_batch_size
    seconds, cpu_seconds, accuracy = [], [], None
    for e in range(args.epochs):
        started, cpu_started = time.perf_counter(), time.process_time()
        order = rng.permutation(n).astype(np.uint32)
        epoch(offsets, indices, values, labels, order, w1, b1, w2, b2, args.eta, args.lmbda, m)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        if e == 0:
            net = NumpyNet.__new__(NumpyNet)
            net.w, net.b = [w1[:, :hidden].T, w2[:, :hidden]], [b1[:hidden], b2]
            accuracy = net.correct(x_val, labels_val) / len(labels_val)
    asm = "".join(epoch.inspect_asm().values())
    registers = "zmm" if "zmm" in asm else "ymm" if "ymm" in asm else "xmm"
    fma = "with FMA" if re.search(r"\bvfn?m(add|sub)", asm) else "no FMA"
    cpu = os.environ.get("NUMBA_CPU_NAME") or numba.config.CPU_NAME or "host"
    print_result("numba", args.dtype, sizes, seconds, cpu_seconds, accuracy, f"numba {numba.__version__}, cpu {cpu} ({args.width}), widest registers {registers}, {fma}, 1 thread")


if __name__ == "__main__":
    sys.exit(main())
