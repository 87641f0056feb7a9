#!/usr/bin/python3
"""Builds a torch.nn.Module that runs a Caffe deploy prototxt's layers in file order, with Caffe's semantics.

Weights are random (He-style, like cnn-bench's generate_weights): timing does not depend on them.
Usage as a script: caffe_to_torch.py model.prototxt [--batch N]  -> prints output shape and per-layer MACs.
Library use: net = load("models/alexnet.prototxt", batch=16); y = net(net.example_input()).
"""
import argparse
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prototxt  # noqa: E402
from caffe_layers import CaffePool, ChannelScale, Concat, Eltwise, WithinChannelLRN, caffe_pool_out  # noqa: E402


class ConvertError(ValueError):
    """A prototxt this converter cannot express; the message names the layer."""


def _pair(msg, name, name_h, name_w, default):
    """Caffe's repeated kernel_size/stride/pad/dilation with the _h/_w overrides -> (h, w)."""
    values = msg.all(name)
    if len(values) == 0:
        h = w = default
    elif len(values) == 1:
        h = w = values[0]
    else:
        h, w = values[0], values[1]
    return msg.get1(name_h, h), msg.get1(name_w, w)


class Step:
    """One Caffe layer: where its inputs come from and where its outputs go."""

    def __init__(self, name, type_, bottoms, tops, key, macs, out_shapes):
        self.name, self.type, self.bottoms, self.tops = name, type_, bottoms, tops
        self.key, self.macs, self.out_shapes = key, macs, out_shapes


class CaffeNet(nn.Module):
    """The layers of a prototxt, executed in file order over a dictionary of named blobs."""

    def __init__(self, name, inputs, steps, modules, outputs):
        super().__init__()
        self.net_name = name
        self.inputs = inputs          # [(blob name, [N, C, H, W])]
        self.steps = steps            # [Step]
        self.layers = nn.ModuleDict(modules)
        self.outputs = outputs        # blob names never consumed

    def example_input(self, seed=1):
        g = torch.Generator().manual_seed(seed)
        xs = [torch.rand(*shape, generator=g) * 2 - 1 for _, shape in self.inputs]
        return xs[0] if len(xs) == 1 else tuple(xs)

    def forward(self, *xs):
        blobs = {name: x for (name, _), x in zip(self.inputs, xs)}
        for step in self.steps:
            y = self.layers[step.key](*[blobs[b] for b in step.bottoms])
            if len(step.tops) == 1:
                blobs[step.tops[0]] = y
            else:
                for t, v in zip(step.tops, y):
                    blobs[t] = v
        outs = [blobs[o] for o in self.outputs]
        return outs[0] if len(outs) == 1 else tuple(outs)

    def total_macs(self, types=None):
        return sum(s.macs for s in self.steps if types is None or s.type in types)


def _he_(weight, fan_in):
    with torch.no_grad():
        weight.normal_(0.0, math.sqrt(2.0 / fan_in))


def _net_inputs(net, layers, batch):
    """Inputs from Input layers, or the old top-level input/input_shape/input_dim forms."""
    inputs = []
    names = net.all("input")
    shapes = [s.all("dim") for s in net.all("input_shape")]
    dims = net.all("input_dim")
    for i, name in enumerate(names):
        if i < len(shapes):
            inputs.append((name, list(shapes[i])))
        elif len(dims) >= 4 * (i + 1):
            inputs.append((name, list(dims[4 * i:4 * i + 4])))
        else:
            raise ConvertError(f"input '{name}' has no shape")
    for layer in layers:
        if layer.get1("type") == "Input":
            shapes = layer.msg("input_param").all("shape")
            for j, top in enumerate(layer.all("top")):
                dims = shapes[min(j, len(shapes) - 1)].all("dim") if shapes else []
                if len(dims) != 4:
                    raise ConvertError(f"layer '{layer.get1('name')}' (Input): expected a 4-D shape")
                inputs.append((top, list(dims)))
    if not inputs:
        raise ConvertError("the prototxt declares no input")
    for _, shape in inputs:
        shape[0] = batch
    return inputs


def _is_train_only(layer):
    return any(rule.get1("phase") in ("TRAIN", 0) for rule in layer.all("include"))


def build(text, batch=1, source="<prototxt>", fuse_bn_scale=True):
    """Parses prototxt text and returns a CaffeNet in eval mode for the given batch size."""
    net = prototxt.parse(text, source)
    if net.all("layers"):
        raise ConvertError(f"{source}: the old V1 'layers' format is not supported")
    layers = [l for l in net.all("layer") if not _is_train_only(l)]
    inputs = _net_inputs(net, layers, batch)
    shapes = {name: shape for name, shape in inputs}
    consumed = set()
    steps, modules = [], {}
    skip = set()  # indices of Scale layers fused into the BatchNorm before them

    for i, layer in enumerate(layers):
        name, type_ = layer.get1("name", f"layer{i}"), layer.get1("type")
        bottoms, tops = layer.all("bottom"), layer.all("top")
        where = f"layer '{name}' ({type_})"
        if type_ == "Input" or i in skip:
            continue
        for b in bottoms:
            if b not in shapes:
                raise ConvertError(f"{where}: bottom '{b}' is not produced by an earlier layer")
        consumed.update(bottoms)
        ins = [shapes[b] for b in bottoms]
        x = ins[0] if ins else None
        macs = 0
        inplace = len(bottoms) == 1 and len(tops) == 1 and bottoms[0] == tops[0]

        if type_ == "Convolution":
            p = layer.msg("convolution_param")
            kh, kw = _pair(p, "kernel_size", "kernel_h", "kernel_w", 0)
            sh, sw = _pair(p, "stride", "stride_h", "stride_w", 1)
            ph, pw = _pair(p, "pad", "pad_h", "pad_w", 0)
            dh, dw = _pair(p, "dilation", "dilation_h", "dilation_w", 1)
            cout, group, bias = p.get1("num_output"), p.get1("group", 1), p.get1("bias_term", True)
            cin = x[1]
            if cout is None or kh <= 0 or kw <= 0 or cin % group or cout % group:
                raise ConvertError(f"{where}: bad num_output/kernel/group for {cin} input channels")
            mod = nn.Conv2d(cin, cout, (kh, kw), (sh, sw), (ph, pw), (dh, dw), group, bias)
            _he_(mod.weight, cin // group * kh * kw)
            if bias:
                nn.init.uniform_(mod.bias, -0.1, 0.1)
            oh = (x[2] + 2 * ph - (dh * (kh - 1) + 1)) // sh + 1
            ow = (x[3] + 2 * pw - (dw * (kw - 1) + 1)) // sw + 1
            out = [[x[0], cout, oh, ow]]
            macs = x[0] * cout * oh * ow * (cin // group) * kh * kw
        elif type_ == "Pooling":
            p = layer.msg("pooling_param")
            method = p.get1("pool", "MAX")
            method = {0: "MAX", 1: "AVE", 2: "STOCHASTIC"}.get(method, method)
            if method not in ("MAX", "AVE"):
                raise ConvertError(f"{where}: pool {method} is not supported")
            if p.get1("global_pooling", False):
                k, s, pad = (x[2], x[3]), (1, 1), (0, 0)
            else:
                k = _pair(p, "kernel_size", "kernel_h", "kernel_w", 0)
                s = _pair(p, "stride", "stride_h", "stride_w", 1)
                pad = _pair(p, "pad", "pad_h", "pad_w", 0)
            ceil = p.get1("round_mode", "CEIL") in ("CEIL", 0)
            out_hw = [caffe_pool_out(x[2 + j], k[j], s[j], pad[j], ceil) for j in range(2)]
            mod = CaffePool(method, tuple(k), tuple(s), tuple(pad), (x[2], x[3]), out_hw, ceil)
            out = [[x[0], x[1]] + out_hw]
        elif type_ == "LRN":
            p = layer.msg("lrn_param")
            size, alpha, beta, k = p.get1("local_size", 5), p.get1("alpha", 1.0), p.get1("beta", 0.75), p.get1("k", 1.0)
            region = p.get1("norm_region", "ACROSS_CHANNELS")
            if region in ("ACROSS_CHANNELS", 0):
                mod = nn.LocalResponseNorm(size, alpha, beta, k)
            else:
                mod = WithinChannelLRN(size, alpha, beta)
            out = [list(x)]
        elif type_ == "ReLU":
            slope = layer.msg("relu_param").get1("negative_slope", 0.0)
            mod = nn.LeakyReLU(slope, inplace=inplace) if slope else nn.ReLU(inplace=inplace)
            out = [list(x)]
        elif type_ == "InnerProduct":
            p = layer.msg("inner_product_param")
            axis = p.get1("axis", 1)
            k_in = math.prod(x[axis:])
            cout, bias = p.get1("num_output"), p.get1("bias_term", True)
            lin = nn.Linear(k_in, cout, bias)
            _he_(lin.weight, k_in)
            if bias:
                nn.init.uniform_(lin.bias, -0.1, 0.1)
            mod = nn.Sequential(nn.Flatten(axis), lin)
            out = [x[:axis] + [cout]]
            macs = math.prod(x[:axis]) * k_in * cout
        elif type_ == "Concat":
            p = layer.msg("concat_param")
            axis = p.get1("axis", p.get1("concat_dim", 1))
            mod = Concat(axis)
            o = list(x)
            o[axis] = sum(s[axis] for s in ins)
            out = [o]
        elif type_ == "Eltwise":
            p = layer.msg("eltwise_param")
            op = p.get1("operation", "SUM")
            op = {0: "PROD", 1: "SUM", 2: "MAX"}.get(op, op)
            mod = Eltwise(op, [float(c) for c in p.all("coeff")])
            out = [list(x)]
        elif type_ == "BatchNorm":
            eps = layer.msg("batch_norm_param").get1("eps", 1e-5)
            nxt = layers[i + 1] if i + 1 < len(layers) else None
            fuse = (fuse_bn_scale and nxt is not None and nxt.get1("type") == "Scale"
                    and nxt.all("bottom") == tops and len(nxt.all("bottom")) == 1)
            mod = nn.BatchNorm2d(x[1], eps=eps, affine=fuse)
            with torch.no_grad():
                mod.running_mean.uniform_(-0.1, 0.1)
                mod.running_var.uniform_(0.9, 1.1)
                if fuse:
                    mod.weight.uniform_(0.9, 1.1)
                    mod.bias.uniform_(-0.1, 0.1)
            if fuse:  # a PyTorch user writes BatchNorm2d(affine=True) for Caffe's BatchNorm + Scale
                skip.add(i + 1)
                tops = nxt.all("top")
            out = [list(x)]
        elif type_ == "Scale":
            p = layer.msg("scale_param")
            if len(bottoms) != 1:
                raise ConvertError(f"{where}: only the one-bottom form (learned per-channel scale) is supported")
            mod = ChannelScale(x[1], p.get1("bias_term", False))
            out = [list(x)]
        elif type_ == "Dropout":
            mod = nn.Identity()
            out = [list(x)]
        elif type_ == "Softmax":
            mod = nn.Softmax(dim=layer.msg("softmax_param").get1("axis", 1))
            out = [list(x)]
        elif type_ == "Flatten":
            p = layer.msg("flatten_param")
            axis, end = p.get1("axis", 1), p.get1("end_axis", -1)
            mod = nn.Flatten(axis, end)
            end = end % len(x)
            out = [x[:axis] + [math.prod(x[axis:end + 1])] + x[end + 1:]]
        else:
            raise ConvertError(f"{where}: layer type '{type_}' is not supported")

        if len(out) != len(tops):
            raise ConvertError(f"{where}: expected {len(out)} top(s), found {len(tops)}")
        key = f"l{len(steps)}"
        modules[key] = mod
        steps.append(Step(name, type_, list(bottoms), list(tops), key, macs, out))
        for t, s in zip(tops, out):
            shapes[t] = s

    produced = []
    for s in steps:
        for t in s.tops:
            if t not in produced:
                produced.append(t)
    outputs = [t for t in produced if t not in consumed] or [steps[-1].tops[0]]
    model = CaffeNet(net.get1("name", source), inputs, steps, modules, outputs)
    model.out_shapes = {t: shapes[t] for t in outputs}
    return model.eval()


def load(path, batch=1, **kwargs):
    with open(path, encoding="utf-8") as f:
        return build(f.read(), batch, source=path, **kwargs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("prototxt")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--layers", action="store_true", help="list layers with output shape and MACs")
    args = ap.parse_args()
    try:
        net = load(args.prototxt, args.batch)
    except (OSError, ValueError) as e:
        sys.exit(f"caffe_to_torch: {e}")
    with torch.no_grad():
        y = net(net.example_input())
    ys = y if isinstance(y, tuple) else (y,)
    if args.layers:
        for s in net.steps:
            print(f"{s.name:32s} {s.type:13s} {str(s.out_shapes[0]):24s} {s.macs}")
    print(f"{net.net_name}: input {[s for _, s in net.inputs]} -> output {[list(t.shape) for t in ys]}")
    print(f"MACs (whole batch): conv {net.total_macs({'Convolution'})}, "
          f"fc {net.total_macs({'InnerProduct'})}, total {net.total_macs()}")
    finite = all(torch.isfinite(t).all().item() for t in ys)
    print(f"finite: {finite}")


if __name__ == "__main__":
    main()
