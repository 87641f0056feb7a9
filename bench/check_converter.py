#!/usr/bin/python3
"""Checks caffe_to_torch against Caffe's formulas written as plain loops (pooling, LRN) and
that every models/*.prototxt converts to a network with the classifier's output.
Usage: check_converter.py [models_dir]. Exit status 0 when every check passes."""
import glob
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caffe_layers  # noqa: E402
import caffe_to_torch as c2t  # noqa: E402


def caffe_pool_loops(x, method, k, s, p, ceil=True):
    """Caffe's PoolingLayer::Forward_cpu, transcribed (one image, one channel at a time)."""
    n, c, h, w = x.shape
    oh, ow = (caffe_layers.caffe_pool_out(h, k[0], s[0], p[0], ceil), caffe_layers.caffe_pool_out(w, k[1], s[1], p[1], ceil))
    y = torch.empty(n, c, oh, ow)
    for py in range(oh):
        for px in range(ow):
            hs, ws = py * s[0] - p[0], px * s[1] - p[1]
            he, we = min(hs + k[0], h + p[0]), min(ws + k[1], w + p[1])
            size = (he - hs) * (we - ws)
            hs, ws, he, we = max(hs, 0), max(ws, 0), min(he, h), min(we, w)
            win = x[:, :, hs:he, ws:we]
            if method == "MAX":
                y[:, :, py, px] = win.amax(dim=(2, 3))
            else:
                y[:, :, py, px] = win.sum(dim=(2, 3)) / size
    return y


def caffe_lrn_loops(x, size, alpha, beta, k):
    """Caffe LRN ACROSS_CHANNELS: x / (k + alpha/size * sum over the channel window of x^2)^beta."""
    c = x.shape[1]
    y = torch.empty_like(x)
    pre = (size - 1) // 2
    for ch in range(c):
        lo, hi = max(0, ch - pre), min(c, ch - pre + size)
        sq = (x[:, lo:hi] ** 2).sum(dim=1)
        y[:, ch] = x[:, ch] / (k + alpha / size * sq) ** beta
    return y


def check_pooling():
    failures = 0
    cases = [  # (H, W, k, s, p): GoogLeNet/AlexNet/ResNet shapes and the clip and k<s cases
        (55, 55, 3, 2, 0), (112, 112, 3, 2, 0), (28, 28, 3, 1, 1), (14, 14, 3, 2, 0),
        (7, 7, 7, 1, 0), (13, 13, 3, 2, 0), (6, 6, 2, 2, 1), (5, 5, 3, 3, 1), (10, 7, 2, 3, 0),
        (8, 8, 3, 2, 1), (8, 8, 3, 2, 2), (7, 5, 3, 3, 2), (10, 10, 4, 3, 2), (11, 6, 5, 2, 2), (7, 7, 3, 2, 1), (4, 4, 2, 2, 1),
    ]
    torch.manual_seed(0)
    for (h, w, k, s, p) in cases:
        for method in ("MAX", "AVE"):
            x = torch.randn(2, 3, h, w)
            out = [caffe_layers.caffe_pool_out(h, k, s, p), caffe_layers.caffe_pool_out(w, k, s, p)]
            mod = caffe_layers.CaffePool(method, (k, k), (s, s), (p, p), (h, w), out, True)
            want = caffe_pool_loops(x, method, (k, k), (s, s), (p, p))
            paths = ["native", "explicit"] if mod.native else ["explicit"]
            for path in paths:  # the explicit path must be right for every case, not only where it is used
                mod.native = path == "native"
                got = mod(x)
                ok = got.shape == want.shape and torch.allclose(got, want, atol=1e-5)
                failures += not ok
                print(f"{'ok  ' if ok else 'FAIL'} pool {method} {h}x{w} k{k} s{s} p{p} -> {list(want.shape[2:])} "
                      f"({path})")
    return failures


def check_lrn():
    torch.manual_seed(0)
    x = torch.randn(2, 16, 5, 5)
    mod = torch.nn.LocalResponseNorm(5, 1e-4 * 1000, 0.75, 2.0)
    ok = torch.allclose(mod(x), caffe_lrn_loops(x, 5, 1e-4 * 1000, 0.75, 2.0), atol=1e-5)
    print(f"{'ok  ' if ok else 'FAIL'} LRN across channels == Caffe's formula")
    return 0 if ok else 1


def check_models(models_dir):
    failures = 0
    for path in sorted(glob.glob(os.path.join(models_dir, "*.prototxt"))):
        net = c2t.load(path, batch=2)
        with torch.no_grad():
            y = net(net.example_input())
        classes = 10 if os.path.basename(path).startswith("lenet") else 1000
        ok = y.shape[0] == 2 and y[0].numel() == classes and bool(torch.isfinite(y).all())
        # Softmax output: each image's probabilities sum to one.
        ok = ok and torch.allclose(y.reshape(2, -1).sum(1), torch.ones(2), atol=1e-4)
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {os.path.basename(path)}: output {list(y.shape)}, "
              f"{net.total_macs() // 2} MACs per image")
    return failures


def main():
    models_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "models")
    failures = check_pooling() + check_lrn() + check_models(models_dir)
    print("all checks passed" if failures == 0 else f"{failures} check(s) failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
