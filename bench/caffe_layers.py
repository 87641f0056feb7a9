"""PyTorch modules for the Caffe layers that have no one-call PyTorch equivalent, with Caffe's semantics."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def caffe_pool_out(size, k, s, p, ceil=True):
    """Caffe's pooled size: ceil rounding, and the last window must start inside the image when padded."""
    if ceil:
        out = int(math.ceil((size + 2 * p - k) / s)) + 1
    else:
        out = (size + 2 * p - k) // s + 1
    if p > 0 and (out - 1) * s >= size + p:
        out -= 1
    return out


def torch_pool_out(size, k, s, p, ceil):
    """PyTorch's pooled size (aten pooling_output_shape)."""
    num = size + 2 * p - k + ((s - 1) if ceil else 0)
    out = num // s + 1
    if ceil and (out - 1) * s >= size + p:
        out -= 1
    return out


class CaffePool(nn.Module):
    """Caffe MAX / AVE pooling. Uses PyTorch's own pooling when it gives Caffe's output size
    (its AVE divisor with count_include_pad=True is Caffe's: window clipped to H+pad); otherwise
    pads/crops explicitly so the windows are exactly Caffe's."""

    def __init__(self, method, kernel, stride, pad, in_hw, out_hw, ceil):
        super().__init__()
        self.method, self.kernel, self.stride, self.pad = method, kernel, stride, pad
        torch_hw = tuple(torch_pool_out(in_hw[i], kernel[i], stride[i], pad[i], ceil) for i in range(2))
        self.native = torch_hw == tuple(out_hw) and all(pad[i] <= kernel[i] // 2 for i in range(2))
        self.ceil = ceil
        # Explicit path: pad (or crop) so that floor-mode windows are Caffe's windows.
        (h, w), (kh, kw), (sh, sw), (ph, pw) = in_hw, kernel, stride, pad
        oh, ow = out_hw
        self.padding = (pw, (ow - 1) * sw + kw - w - pw, ph, (oh - 1) * sh + kh - h - ph)
        if method == "AVE":  # Caffe's divisor per output cell: window clipped to [-pad, H+pad)
            div = torch.empty(1, 1, oh, ow)
            for y in range(oh):
                hs = y * sh - ph
                he = min(hs + kh, h + ph)
                for x in range(ow):
                    ws = x * sw - pw
                    we = min(ws + kw, w + pw)
                    div[0, 0, y, x] = (he - hs) * (we - ws)
            self.register_buffer("divisor", div)

    def forward(self, x):
        if self.native:
            if self.method == "MAX":
                return F.max_pool2d(x, self.kernel, self.stride, self.pad, ceil_mode=self.ceil)
            return F.avg_pool2d(x, self.kernel, self.stride, self.pad, ceil_mode=self.ceil,
                                count_include_pad=True)
        if self.method == "MAX":
            x = F.pad(x, self.padding, value=-math.inf)
            return F.max_pool2d(x, self.kernel, self.stride)
        x = F.pad(x, self.padding, value=0.0)
        area = self.kernel[0] * self.kernel[1]
        return F.avg_pool2d(x, self.kernel, self.stride, count_include_pad=True) * area / self.divisor


class WithinChannelLRN(nn.Module):
    """Caffe LRN WITHIN_CHANNEL: x / (1 + alpha/n^2 * sum_{n x n} x^2)^beta (zero padded)."""

    def __init__(self, size, alpha, beta):
        super().__init__()
        self.size, self.alpha, self.beta = size, alpha, beta

    def forward(self, x):
        pad = (self.size - 1) // 2
        mean = F.avg_pool2d(x * x, self.size, 1, pad, count_include_pad=True)
        return x * (1.0 + self.alpha * mean).pow(-self.beta)


class ChannelScale(nn.Module):
    """Caffe Scale with one bottom: per-channel gamma (and beta)."""

    def __init__(self, channels, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(channels).uniform_(0.9, 1.1))
        self.bias = nn.Parameter(torch.empty(channels).uniform_(-0.1, 0.1)) if bias else None

    def forward(self, x):
        shape = (1, -1) + (1,) * (x.dim() - 2)
        y = x * self.weight.view(shape)
        return y + self.bias.view(shape) if self.bias is not None else y


class Concat(nn.Module):
    def __init__(self, axis):
        super().__init__()
        self.axis = axis

    def forward(self, *xs):
        return torch.cat(xs, self.axis)


class Eltwise(nn.Module):
    def __init__(self, op, coeff):
        super().__init__()
        self.op, self.coeff = op, coeff

    def forward(self, *xs):
        if self.op == "PROD":
            y = xs[0]
            for x in xs[1:]:
                y = y * x
            return y
        if self.op == "MAX":
            y = xs[0]
            for x in xs[1:]:
                y = torch.maximum(y, x)
            return y
        if self.coeff and any(c != 1.0 for c in self.coeff):
            y = xs[0] * self.coeff[0]
            for c, x in zip(self.coeff[1:], xs[1:]):
                y = y + c * x
            return y
        y = xs[0]
        for x in xs[1:]:
            y = y + x
        return y
