#!/usr/bin/env python3
"""Trains Caffe's LeNet on Fashion-MNIST and exports it to ONNX (opset 13).

Input preprocessing (what the C++ accuracy command must feed):
  one grayscale image as 1x28x28 float32, value = pixel / 255 (range [0, 1]),
  no mean subtraction, no scaling beyond that, no channel or axis swaps (IDX row-major = NCHW).
The output is (N, 10) class probabilities (a final Softmax, like lenet.prototxt's "prob" layer);
top-1 = argmax, class ids as in the dataset's labels (0 T-shirt/top .. 9 Ankle boot).

Network: exactly models/lenet.prototxt (BVLC/caffe examples/mnist/lenet.prototxt):
  conv1 Convolution 20 5x5 stride 1 -> pool1 MAX 2x2 stride 2 -> conv2 Convolution 50 5x5 stride 1
  -> pool2 MAX 2x2 stride 2 -> ip1 InnerProduct 500 -> relu1 -> ip2 InnerProduct 10 -> prob Softmax
ONNX graph: Conv, MaxPool, Conv, MaxPool, Flatten(axis=1), Gemm, Relu, Gemm, Softmax(axis=1).
The Softmax is kept because the Caffe deploy net ends with it: the two readers then give the same layer
list and the same kind of output, and top-1 is unchanged by it. Training uses the logits (cross-entropy).

Data: Debian's dataset-fashion-mnist, /usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,
labels-idx1}-ubyte.gz, read with gzip + numpy (nothing is downloaded). 60,000 training images, all
used for training; the 10,000 test images only measure the final model (no selection on them).

Training: Adam (lr 1e-3, cosine decay to 0 over all steps), batch 64, cross-entropy, no weight decay,
no augmentation, seeded (torch.manual_seed(seed), numpy shuffles from default_rng(seed)); two runs with
the same seed wrote byte-identical ONNX files. 8 epochs: test top-1 0.9153 (torch 1.13, seed 0), about
12 s per epoch on 2 idle cores (up to ~140 s per epoch when the cores are shared).

Usage: train_lenet_fashion.py [--out models/lenet-fashion.onnx] [--epochs 8] [--seed 0]
       Writes OUT and OUT with .json in place of .onnx (the settings and the test top-1).
"""
import argparse
import gzip
import json
import pathlib
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA_DIR = pathlib.Path("/usr/share/datasets/fashion-mnist")
REPO_MODELS = pathlib.Path(__file__).resolve().parent.parent
OPSET = 13


def read_idx(path):
    """Parses an IDX file (gzip): magic 0x0000 <type 0x08 = ubyte> <ndim>, big-endian int32 dims, data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = np.frombuffer(raw, dtype=">i4", count=ndim, offset=4)
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise SystemExit(f"{path}: {data.size} bytes of data for dims {dims.tolist()}")
    return data.reshape(dims)


def load(split):
    images = read_idx(DATA_DIR / f"{split}-images-idx3-ubyte.gz")
    labels = read_idx(DATA_DIR / f"{split}-labels-idx1-ubyte.gz")
    assert images.shape[0] == labels.shape[0] and images.shape[1:] == (28, 28)
    x = (images.astype(np.float32) / 255.0)[:, None, :, :]  # the documented preprocessing: pixel / 255
    return x, labels.astype(np.int64)


class LeNet(nn.Module):
    """models/lenet.prototxt layer for layer (Caffe pooling rounds up, but 24/2 and 8/2 are exact)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5, stride=1)
        self.conv2 = nn.Conv2d(20, 50, 5, stride=1)
        self.ip1 = nn.Linear(50 * 4 * 4, 500)
        self.ip2 = nn.Linear(500, 10)

    def logits(self, x):
        x = F.max_pool2d(self.conv1(x), 2, 2)
        x = F.max_pool2d(self.conv2(x), 2, 2)
        x = torch.flatten(x, 1)
        return self.ip2(F.relu(self.ip1(x)))

    def forward(self, x):
        return F.softmax(self.logits(x), dim=1)


def top1(net, x, y, batch=1000):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out = net.logits(torch.from_numpy(x[i:i + batch]))
            correct += int((out.argmax(1).numpy() == y[i:i + batch]).sum())
    return correct / len(x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=pathlib.Path, default=REPO_MODELS / "lenet-fashion.onnx")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(args.seed)

    t0 = time.time()
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    print(f"data: train {x_train.shape}, test {x_test.shape}, pixel/255 in [{x_train.min()}, {x_train.max()}]")

    net = LeNet()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    steps_per_epoch = (len(x_train) + args.batch - 1) // args.batch
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * steps_per_epoch)
    for epoch in range(args.epochs):
        net.train()
        order = rng.permutation(len(x_train))
        total, seen = 0.0, 0
        for i in range(0, len(order), args.batch):
            idx = order[i:i + args.batch]
            xb, yb = torch.from_numpy(x_train[idx]), torch.from_numpy(y_train[idx])
            loss = F.cross_entropy(net.logits(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(idx)
            seen += len(idx)
        # The test figure per epoch is only shown; the model kept is the last epoch's, whatever it reads.
        print(f"epoch {epoch + 1}/{args.epochs}: train loss {total / seen:.4f}, "
              f"test top-1 {top1(net, x_test, y_test):.4f}  ({time.time() - t0:.0f}s)", flush=True)

    acc = top1(net, x_test, y_test)
    train_s = time.time() - t0

    net.eval()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(net, torch.zeros(1, 1, 28, 28), str(args.out), export_params=True,
                          opset_version=OPSET, do_constant_folding=True,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    model = onnx.load(str(args.out))
    onnx.checker.check_model(model)
    ops = [n.op_type for n in model.graph.node]
    params = sum(p.numel() for p in net.parameters())

    meta = {
        "model": "lenet-fashion",
        "file": args.out.name,
        "architecture": "models/lenet.prototxt (Caffe LeNet): conv1 20x5x5, pool 2/2, conv2 50x5x5, pool 2/2, "
                        "ip1 500, relu, ip2 10, softmax",
        "onnx_ops": ops,
        "onnx_opset": OPSET,
        "input": "pixel/255, 1x28x28 (no mean subtraction)",
        "input_name": "input",
        "input_shape": ["batch", 1, 28, 28],
        "output": "softmax probabilities, (batch, 10); top-1 = argmax",
        "output_name": "output",
        "classes": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                    "Bag", "Ankle boot"],
        "dataset": "Fashion-MNIST (Debian dataset-fashion-mnist): 60000 train, 10000 test",
        "pytorch_test_top1": round(acc, 4),
        "test_images": int(len(x_test)),
        "parameters": int(params),
        "epochs": args.epochs,
        "batch": args.batch,
        "optimizer": f"Adam lr {args.lr:g}, cosine decay to 0 per step, no weight decay",
        "augmentation": "none",
        "seed": args.seed,
        "torch": torch.__version__,
        "script": "models/tools/train_lenet_fashion.py",
    }
    json_path = args.out.with_suffix(".json")
    json_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, ops {' '.join(ops)}) and {json_path}")
    print(f"parameters {params}, training {train_s:.0f}s")
    print(f"test top-1: {acc:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
