#!/usr/bin/env python3
"""The exact Hessian of a 1-hidden-layer MLP f = W2 relu(W1 x) (no biases, cross-entropy, mean over N) in PyTorch,
in closed form with GEMMs in float64 -- the PyTorch reference of `hessianlab bench hessian --whole-process`.

Formulas (docs/hessian-math.md, "The 1-hidden-layer net written out"): with g = W1 x, h = relu(g), s = 1[g > 0],
p = softmax(W2 h), r = p - e_y, u_i = W2[:, i], mu = W2^T p and Lambda = diag(p) - p p^T,

    H_{w_i w_j} = (1/N) sum_n s_i s_j (u_i^T Lambda u_j) x x^T
    H_{v_a v_b} = (1/N) sum_n Lambda[a, b] h h^T
    H_{w_i v_c} = (1/N) sum_n s_i x ((Lambda u_i)_c h^T + r_c e_i^T),   (Lambda u_i)_c = p_c (u_ic - mu_i).

theta = [vec_row(W1); vec_row(W2)], HessianLab's order, so the matrix compares entry by entry with its hessian.npy.
Every block is a product with inner dimension N (samples as rows). What makes it fast, as in HessianLab's engine:
symmetry (pairs i <= j and a <= b only, the lower triangle mirrored) and relu's exact zeros (each product runs over
the samples where its weight is non-zero only: about 1/4 of them for a pair of hidden units). No Python loop runs
over samples; the loop runs over the m(m+1)/2 pairs of hidden units (36 for m = 8), one sample gather each.

--rows R times the paper's per-row method: one gradient with its graph, then R rows of H, each one double
backward (an HVP with a unit vector), and projects the time to all P rows.

The inputs are read from a HessianLab result folder (--inputs DIR/inputs: X.npy, y.npy, W1.npy, W2.npy) so that
both programs see the same problem; without --inputs the script draws them itself (Gaussian X, uniform labels,
LeCun-normal weights), which is the same recipe but not necessarily the same numbers.

The last line of stdout is one JSON object with every number (HessianLab's PyTorchReference parses it).
"""
import argparse
import json
import os
import statistics
import sys
import time

# The BLAS's own thread pool (Debian's torch calls the system libblas, e.g. OpenBLAS) must be sized before it loads.
if "--threads" in sys.argv[:-1]:
    _threads = sys.argv[sys.argv.index("--threads") + 1]
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = _threads

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layers", default="500,8,500", help="d0,m,C (one hidden layer)")
    ap.add_argument("--samples", type=int, default=5000, help="N (ignored with --inputs)")
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    ap.add_argument("--inputs", help="folder with X.npy, y.npy, W1.npy, W2.npy (a HessianLab result's inputs/)")
    ap.add_argument("--seed", type=int, default=0, help="data seed when drawing inputs (weights: seed + 1000003)")
    ap.add_argument("--repeats", type=int, default=1, help="timed closed-form runs (median reported)")
    ap.add_argument("--rows", type=int, default=0, help="rows timed by double backward, projected to all P rows")
    ap.add_argument("--out", help="write the matrix here (.npy)")
    ap.add_argument("--compare", help="a HessianLab hessian.npy: report max|diff|/max|H| against it")
    a = ap.parse_args(argv)
    widths = [int(w) for w in a.layers.split(",")]
    if len(widths) != 3 or min(widths) <= 0:
        ap.error(f"--layers must be three positive widths d0,m,C, got {a.layers}")
    if a.samples <= 0 or a.threads <= 0 or a.repeats <= 0 or a.rows < 0:
        ap.error("--samples, --threads and --repeats must be positive, --rows non-negative")
    a.widths = widths
    return a


def load_inputs(a):
    """X (N x d0) float64, y (N) int64, W1 (m x d0), W2 (C x m) float64."""
    if a.inputs:
        t = {k: torch.from_numpy(np.load(os.path.join(a.inputs, k + ".npy"))) for k in ("X", "y", "W1", "W2")}
        d0, m, c = a.widths
        if t["X"].shape[1] != d0 or t["W1"].shape != (m, d0) or t["W2"].shape != (c, m):
            raise SystemExit(f"error: the inputs in {a.inputs} do not match --layers {a.layers}")
        return t["X"].double(), t["y"].long(), t["W1"].double(), t["W2"].double()
    d0, m, c = a.widths
    gen = torch.Generator().manual_seed(a.seed)
    x = torch.randn(a.samples, d0, dtype=torch.float64, generator=gen)
    y = torch.randint(0, c, (a.samples,), generator=gen)
    gen = torch.Generator().manual_seed(a.seed + 1000003)
    w1 = torch.randn(m, d0, dtype=torch.float64, generator=gen) / d0 ** 0.5
    w2 = torch.randn(c, m, dtype=torch.float64, generator=gen) / m ** 0.5
    return x, y, w1, w2


def closed_form(x, y, w1, w2):
    """The P x P Hessian, P = m d0 + C m, theta = [vec_row(W1); vec_row(W2)]."""
    n, d0 = x.shape
    c, m = w2.shape
    p1 = m * d0
    g = x @ w1.T                                   # N x m
    s = g > 0                                      # relu'
    h = g.clamp_min(0)
    p = torch.softmax(h @ w2.T, dim=1)             # N x C
    r = p.clone()
    r[torch.arange(n), y] -= 1.0                   # p - e_y
    mu = p @ w2                                    # N x m: mu_i = u_i^T p
    # u_i^T Lambda u_j = sum_c p_c u_ic u_jc - mu_i mu_j, for all pairs at once: (N x C)(C x m^2).
    gww = (p @ (w2[:, :, None] * w2[:, None, :]).reshape(c, m * m)).view(n, m, m) - mu[:, :, None] * mu[:, None, :]

    hess = torch.empty(p1 + c * m, p1 + c * m, dtype=torch.float64)
    hww = hess[:p1, :p1].view(m, d0, m, d0)
    # H_VV and H_WV are built block by block in contiguous staging tensors, then permuted into theta's order in one
    # pass each (writing each block straight into H would touch one cache line per entry). H_WV's staging lives in
    # H's own rows p1: (contiguous, written last), so only H_VV's needs new memory: first touches of fresh pages cost
    # about as much as the products here.
    tvv = torch.empty(m, m, c, c, dtype=torch.float64)     # [a, b, c, c']
    twv = hess[p1:].view(-1)[:m * m * d0 * c].view(m, m, d0, c)   # [i, b, a, c]
    active = [s[:, i].nonzero().squeeze(1) for i in range(m)]
    for i in range(m):
        for j in range(i, m):
            # One set of samples serves blocks (w_i, w_j), (v_.i, v_.j), (w_i, v_.j) and (w_j, v_.i): every term of
            # them carries s_i s_j (h_j = g_j s_j), so S = {s_i s_j = 1} holds all non-zero terms.
            idx = active[i] if i == j else active[i][s[active[i], j]]
            xs, ps, hs, mus = x[idx], p[idx], h[idx], mu[idx]
            # Right factors side by side, all divided by N: [diag(G_ij) X_S | Lambda u_i h_j (+ r if i = j) | Lambda u_j h_i].
            right = torch.empty(len(idx), d0 + (c if i == j else 2 * c), dtype=torch.float64)
            torch.mul(xs, (gww[idx, i, j] / n)[:, None], out=right[:, :d0])
            torch.mul(ps * (w2[:, i][None, :] - mus[:, i:i + 1]), hs[:, j:j + 1] / n, out=right[:, d0:d0 + c])
            if i == j:
                right[:, d0:].add_(r[idx], alpha=1.0 / n)
            else:
                torch.mul(ps * (w2[:, j][None, :] - mus[:, j:j + 1]), hs[:, i:i + 1] / n, out=right[:, d0 + c:])
            blocks = xs.T @ right                            # one GEMM: d0 x (d0 + C or d0 + 2C), inner |S|
            hww[i, :, j, :] = blocks[:, :d0]                # X^T diag(w) X is symmetric, so block (j, i) is the same
            if i != j:
                hww[j, :, i, :] = blocks[:, :d0]
            twv[i, j] = blocks[:, d0:d0 + c]
            if i != j:
                twv[j, i] = blocks[:, d0 + c:]
            # H_{v_a v_b} (a = i, b = j) = diag(sum_n w p) - P_S^T diag(w) P_S / N, w = h_a h_b: symmetric in (c, c').
            pw = ps * (hs[:, i] * hs[:, j] / n)[:, None]
            blk = torch.mm(pw.T, ps).neg_()
            blk.diagonal().add_(pw.sum(0))
            tvv[i, j] = blk
            if i != j:
                tvv[j, i] = blk
    hess[:p1, p1:].view(m, d0, c, m).copy_(twv.permute(0, 2, 3, 1))
    del twv                                                 # rows p1: are free again
    hess[p1:, :p1] = hess[:p1, p1:].T
    hess[p1:, p1:].view(c, m, c, m).copy_(tvv.permute(2, 0, 3, 1))
    return hess


def loss_of(theta, x, y, m, d0, c):
    w1 = theta[:m * d0].view(m, d0)
    w2 = theta[m * d0:].view(c, m)
    return F.cross_entropy(torch.relu(x @ w1.T) @ w2.T, y)


def per_row(x, y, w1, w2, rows):
    """The paper's method: rows of H by double backward. Returns (gradient seconds, row indices, rows, row seconds)."""
    c, m = w2.shape
    d0 = x.shape[1]
    theta = torch.cat([w1.reshape(-1), w2.reshape(-1)]).requires_grad_(True)
    t0 = time.perf_counter()
    (grad,) = torch.autograd.grad(loss_of(theta, x, y, m, d0, c), theta, create_graph=True)
    t_grad = time.perf_counter() - t0
    idx = np.unique(np.linspace(0, theta.numel() - 1, rows).round().astype(np.int64))
    out = torch.empty(len(idx), theta.numel(), dtype=torch.float64)
    t0 = time.perf_counter()
    for k, i in enumerate(idx):
        e = torch.zeros_like(theta)
        e[i] = 1.0
        (out[k],) = torch.autograd.grad(grad, theta, grad_outputs=e, retain_graph=True)
    return t_grad, idx, out, time.perf_counter() - t0


def main(argv):
    a = parse_args(argv)
    torch.set_num_threads(a.threads)
    x, y, w1, w2 = load_inputs(a)
    n, d0 = x.shape
    c, m = w2.shape
    pcount = m * d0 + c * m
    res = {"torch": torch.__version__, "blas": blas_name(), "threads": torch.get_num_threads(), "samples": n,
           "layers": a.layers, "parameters": pcount}
    times = []
    hess = None
    for k in range(a.repeats):
        hess = None
        t0 = time.perf_counter()
        hess = closed_form(x, y, w1, w2)
        times.append(time.perf_counter() - t0)
        print(f"closed form {k + 1}/{a.repeats}: {times[-1]:.2f} s for the {pcount} x {pcount} matrix", flush=True)
    res["closedFormSeconds"] = times
    res["closedFormMedianSeconds"] = statistics.median(times)
    res["symmetryMaxAbs"] = float((hess - hess.T).abs().max())
    max_h = float(hess.abs().max())
    res["maxAbs"] = max_h
    if a.compare:
        ref = torch.from_numpy(np.load(a.compare))
        res["compareMaxRelative"] = float((ref - hess).abs().max()) / float(ref.abs().max())
        del ref
        print(f"against {a.compare}: max |diff| / max |H| = {res['compareMaxRelative']:.2e}", flush=True)
    if a.rows > 0:
        t_grad, idx, rows, t_rows = per_row(x, y, w1, w2, a.rows)
        res["rows"] = len(idx)
        res["gradientSeconds"] = t_grad
        res["rowSeconds"] = t_rows / len(idx)
        res["perRowProjectedSeconds"] = t_grad + t_rows / len(idx) * pcount
        res["rowsMaxRelative"] = float((rows - hess[torch.from_numpy(idx)]).abs().max()) / max_h
        print(f"per-row (double backward): {len(idx)} rows in {t_rows:.2f} s + gradient {t_grad:.2f} s, "
              f"projected to {pcount} rows: {res['perRowProjectedSeconds']:.0f} s; "
              f"rows vs closed form {res['rowsMaxRelative']:.2e}", flush=True)
    if a.out:
        np.save(a.out, hess.numpy())
    print(json.dumps(res), flush=True)


def blas_name():
    """The BLAS library mapped into this process (Debian's torch links the generic libblas.so.3 alternative)."""
    try:
        with open("/proc/self/maps") as f:
            maps = f.read().lower()
    except OSError:
        maps = ""
    for key, name in (("openblas", "OpenBLAS"), ("libmkl", "MKL"), ("blis", "BLIS"), ("/blas/libblas", "reference BLAS")):
        if key in maps:
            return name
    return "unknown"


if __name__ == "__main__":
    main(sys.argv[1:])
