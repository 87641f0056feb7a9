#!/usr/bin/env python3
"""Exports torchvision CNNs with random weights to ONNX, with test data in ONNX's backend-test layout.

For each model: torchvision's definition, torch.manual_seed(seed) right before construction (random
weights; nothing is downloaded), eval mode, exported with torch.onnx.export (opset 13,
do_constant_folding=True, input "input" of shape (1,3,224,224) and output "output", both with a
dynamic batch axis named "batch"). Beside the model, one test case:

  OUT_DIR/<model>/model.onnx
  OUT_DIR/<model>/test_data_set_0/input_0.pb    TensorProto: uniform in [-1, 1], shape (batch,3,224,224),
                                                from numpy.random.default_rng(seed), the same for every model
  OUT_DIR/<model>/test_data_set_0/output_0.pb   TensorProto: PyTorch's output for it (torch.no_grad), (batch,1000)

googlenet is built with aux_logits=False, transform_input=False, init_weights=True.
The same seed gives the same tensors (weights, input, output) on the same machine and library versions.

Notes on what the export looks like (torch 1.13, torchvision 0.14, opset 13), for importer writers:
  * Eval-mode export fuses BatchNormalization into the preceding Conv (no BatchNormalization nodes remain).
  * ReLU6 (mobilenet_v2) becomes Clip with min and max as inputs (opset >= 11), each fed by a Constant node
    holding a float scalar (0.0 and 6.0), not by an initializer.
  * The classifier ends GlobalAveragePool -> Flatten(axis=1) [-> Gemm(transB=1)] in all four models.
  * Identity nodes alias initializers: the exporter deduplicates identical initializers, and with fresh
    weights many Conv biases (folded from untrained BatchNorm, or zero-initialised) are all zero, so the
    duplicates reach their Conv through an Identity of the one kept initializer.
  * Run with --describe to list each op type's distinct attribute sets and the graph's tail.

With fresh weights BatchNorm's running stats are mean 0 / var 1, which leaves mobilenet_v2's output at
~1e-9 and googlenet's nearly independent of the input: a weak reference. --bn-calibration N (default 2) re-estimates
them on seeded random data first (weights unchanged), so the folded Conv biases become non-zero (no
Identity aliases) and the outputs are near unit scale and input-dependent. Each model's line reports
max|y| and sample-spread (max |y[0]-y[1]| / max |y|) so the reference's strength is visible.

Usage: export_torchvision.py OUT_DIR [--models resnet18,mobilenet_v2,squeezenet1_1,googlenet]
                             [--batch 2] [--seed 0] [--bn-calibration N] [--describe]
"""
import argparse
import collections
import os
import pathlib
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torchvision

DEFAULT_MODELS = "resnet18,mobilenet_v2,squeezenet1_1,googlenet"
OPSET = 13


def build(name):
    """torchvision's definition with random weights (the caller seeds torch first)."""
    if name == "googlenet":
        return torchvision.models.googlenet(weights=None, aux_logits=False, transform_input=False,
                                            init_weights=True)
    ctor = getattr(torchvision.models, name, None)
    if ctor is None:
        raise SystemExit(f"unknown torchvision model: {name}")
    return ctor(weights=None)


def calibrate_bn(net, batches, seed):
    """Sets every BatchNorm's running mean/var to the statistics of random inputs (seeded).

    Fresh torchvision models keep BatchNorm's running stats at mean 0, var 1, so in eval mode BN does not
    normalise: activations shrink layer by layer (mobilenet_v2's logits come out ~1e-9; googlenet's hardly
    depend on the input). Re-estimating the stats on random data keeps activations near unit scale, so the
    reference output tells a right implementation from a wrong one. Weights are unchanged."""
    bns = [m for m in net.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if not bns or batches <= 0:
        return 0
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average over the calibration batches
    rng = np.random.default_rng([seed, 1])
    net.train()
    with torch.no_grad():
        for _ in range(batches):
            x = rng.uniform(-1.0, 1.0, size=(8, 3, 224, 224)).astype(np.float32)
            net(torch.from_numpy(x))
    net.eval()
    return len(bns)


def attr_value(a):
    v = onnx.helper.get_attribute_value(a)
    if isinstance(v, onnx.TensorProto):
        arr = numpy_helper.to_array(v)
        return f"tensor{list(arr.shape)}:{arr.tolist() if arr.size <= 4 else '...'}"
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, list):
        return tuple(v)
    return v


def describe(model):
    """Prints each op type's distinct attribute sets, the Clip form and the graph's last nodes."""
    g = model.graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    consts = {}
    for n in g.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    consts[n.output[0]] = numpy_helper.to_array(a.t)
    seen = collections.defaultdict(collections.Counter)
    for n in g.node:
        key = tuple(sorted((a.name, attr_value(a)) for a in n.attribute if n.op_type != "Constant"))
        seen[n.op_type][key] += 1
    for op in sorted(seen):
        for key, count in sorted(seen[op].items(), key=lambda kv: -kv[1]):
            attrs = ", ".join(f"{k}={v}" for k, v in key) or "(no attributes)"
            print(f"    {op:20s} x{count:<3d} {attrs}")
    clips = [n for n in g.node if n.op_type == "Clip"]
    if clips:
        forms = collections.Counter()
        for n in clips:
            parts = []
            for i, name in enumerate(n.input[1:], 1):
                what = ("min", "max")[i - 1]
                if name == "":
                    parts.append(f"{what}=absent")
                elif name in inits:
                    parts.append(f"{what}=initializer {inits[name].tolist()}")
                elif name in consts:
                    parts.append(f"{what}=Constant {consts[name].tolist()}")
                else:
                    parts.append(f"{what}=computed")
            forms[f"{len(n.input)} inputs: " + ", ".join(parts)] += 1
        for form, count in forms.items():
            print(f"    Clip form x{count}: {form}")
    consumers = collections.defaultdict(list)
    for n in g.node:
        for k, i in enumerate(n.input):
            consumers[i].append(f"{n.op_type} input {k}")
    idents = collections.Counter()
    for n in g.node:
        if n.op_type == "Identity":
            src = n.input[0]
            what = (f"initializer{list(inits[src].shape)}" + (" all zero" if not inits[src].any() else "")
                    if src in inits else "a computed tensor")
            idents[f"{what} -> {', '.join(consumers[n.output[0]])}"] += 1
    for form, count in sorted(idents.items()):
        print(f"    Identity form x{count}: {form}")
    tail = [n for n in g.node if n.op_type not in ("Constant", "Identity")][-6:]
    print("    tail: " + " -> ".join(
        f"{n.op_type}({', '.join(f'{a.name}={attr_value(a)}' for a in n.attribute)})" for n in tail))
    print(f"    inputs: {[(i.name, [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim]) for i in g.input]}"
          f"  outputs: {[(o.name, [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]) for o in g.output]}"
          f"  initializers: {len(g.initializer)}")


def export_one(name, out_dir, batch, seed, show, bn_batches):
    t0 = time.time()
    torch.manual_seed(seed)
    net = build(name).eval()
    calibrated = calibrate_bn(net, bn_batches, seed)
    model_dir = out_dir / name
    data_dir = model_dir / "test_data_set_0"
    data_dir.mkdir(parents=True, exist_ok=True)
    onnx_path = model_dir / "model.onnx"

    with torch.no_grad():
        torch.onnx.export(net, torch.zeros(1, 3, 224, 224), str(onnx_path),
                          export_params=True, opset_version=OPSET, do_constant_folding=True,
                          training=torch.onnx.TrainingMode.EVAL,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
        x = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(batch, 3, 224, 224)).astype(np.float32)
        y = net(torch.from_numpy(x)).numpy().astype(np.float32)

    model = onnx.load(str(onnx_path))
    onnx.checker.check_model(model)
    (data_dir / "input_0.pb").write_bytes(numpy_helper.from_array(x, "input").SerializeToString())
    (data_dir / "output_0.pb").write_bytes(numpy_helper.from_array(y, "output").SerializeToString())

    ops = collections.Counter(n.op_type for n in model.graph.node)
    bn = "BatchNormalization kept" if ops.get("BatchNormalization") else "no BatchNormalization (folded)"
    if calibrated:
        bn += f", {calibrated} BN calibrated"
    op_list = " ".join(f"{op}:{c}" for op, c in sorted(ops.items()))
    # How well the reference output discriminates: its scale, and how much it depends on the input
    # (largest difference between the first two samples, relative to the output's largest magnitude).
    spread = float(np.abs(y[0] - y[1]).max() / max(np.abs(y).max(), 1e-30)) if batch > 1 else float("nan")
    print(f"{onnx_path}  {os.path.getsize(onnx_path)} bytes  {len(model.graph.node)} nodes  "
          f"output {tuple(y.shape)} max|y| {np.abs(y).max():.3g} sample-spread {spread:.2g}  {bn}  "
          f"{time.time() - t0:.1f}s  ops: {op_list}", flush=True)
    if show:
        describe(model)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", type=pathlib.Path)
    ap.add_argument("--models", default=DEFAULT_MODELS, help=f"comma-separated (default {DEFAULT_MODELS})")
    ap.add_argument("--batch", type=int, default=2, help="batch of the test input (default 2)")
    ap.add_argument("--seed", type=int, default=0, help="seeds the weights and the test input (default 0)")
    ap.add_argument("--describe", action="store_true", help="also print attributes, Clip form and graph tail")
    ap.add_argument("--bn-calibration", type=int, default=2, metavar="N",
                    help="re-estimate BatchNorm running stats on N seeded random batches of 8 before export "
                         "(default 2: well-scaled, input-dependent reference outputs; 0: fresh stats, mean 0 var 1)")
    ap.add_argument("--threads", type=int, default=2, help="torch CPU threads (default 2)")
    args = ap.parse_args()
    if args.batch < 1:
        ap.error("--batch must be >= 1")
    torch.set_num_threads(args.threads)
    t0 = time.time()
    for name in [m.strip() for m in args.models.split(",") if m.strip()]:
        export_one(name, args.out_dir, args.batch, args.seed, args.describe, args.bn_calibration)
    print(f"done in {time.time() - t0:.1f}s (torch {torch.__version__}, torchvision {torchvision.__version__}, "
          f"onnx {onnx.__version__}, opset {OPSET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
