#!/usr/bin/python3
"""Times the Caffe models in PyTorch on the CPU, the way a user would run them for inference.

For each model and batch size, every execution variant is probed (one warm-up, --probe-reps passes) and
the fastest is then measured with the full warm-up and repetitions, so PyTorch is compared at its best:
  eager      nn.Module in NCHW (oneDNN convolutions when torch.backends.mkldnn is available)
  eager-cl   the same in channels_last memory format
  frozen     torch.jit.trace + torch.jit.freeze (batch norm folded into convolutions)
  frozen-cl  the same, channels_last
  ofi        torch.jit.optimize_for_inference (freeze + oneDNN layout conversion)
Times are milliseconds per forward pass of the whole batch, under torch.inference_mode().
With --per-layer, each layer of the fastest eager variant is also timed on its own (host clock
around each module call), for per-convolution figures.

Usage: torch_time.py --models alexnet,googlenet --batch 1,16 --threads 2 --reps 5 --warmup 2 --out torch.json
A model is a name in models/ (alexnet -> models/alexnet.prototxt) or a path to a .prototxt.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time



def _blas_environment():
    """PyTorch's Linear layers use the system OpenBLAS (openblas-pthread), which reads its settings only
    when it loads: give it the kernel the backend's rule picks (SkylakeX for AVX-512 F/BW/VL/DQ, Haswell
    for AVX2 + FMA) and the thread count, unless the user set them. Must run before `import torch`."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--threads", type=int)
    threads = pre.parse_known_args()[0].threads
    if threads:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", str(threads))
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
    except OSError:
        flags = []
    if all(f in flags for f in ("avx512f", "avx512bw", "avx512vl", "avx512dq")):
        os.environ.setdefault("OPENBLAS_CORETYPE", "SkylakeX")
    elif all(f in flags for f in ("avx2", "fma")):
        os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")


_blas_environment()
import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import caffe_to_torch as c2t  # noqa: E402

JIT_SETTLE_PASSES = 3  # untimed calls after scripting, before any warm-up or probe
VARIANTS = ["eager", "eager-cl", "frozen", "frozen-cl", "ofi"]


def model_path(name, models_dir):
    if name.endswith(".prototxt") or os.sep in name:
        return name
    return os.path.join(models_dir, name + ".prototxt")


def prepare(net, x, variant):
    """Returns (callable, input) for one execution variant; the callable is ready to time."""
    cl = variant.endswith("-cl")
    if cl:
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    if variant == "eager" or variant == "eager-cl":
        return net, x
    with torch.no_grad():
        traced = torch.jit.trace(net, x, check_trace=False)
        if variant.startswith("frozen"):
            fn = torch.jit.freeze(traced.eval())
        else:
            fn = torch.jit.optimize_for_inference(torch.jit.freeze(traced.eval()))
    # TorchScript's profiling executor re-optimizes the graph during the first calls: part of loading.
    with torch.inference_mode():
        for _ in range(JIT_SETTLE_PASSES):
            fn(x)
    return fn, x


def time_passes(fn, x, warmup, reps):
    """Milliseconds per pass, one per repetition, after `warmup` untimed passes."""
    times = []
    with torch.inference_mode():
        for _ in range(warmup):
            fn(x)
        for _ in range(reps):
            t0 = time.perf_counter()
            fn(x)
            times.append((time.perf_counter() - t0) * 1e3)
    return times


def time_layers(net, x, warmup, reps):
    """Per-layer host time: the network's steps run one by one, each module call timed."""
    per_step = [[] for _ in net.steps]
    with torch.inference_mode():
        for r in range(warmup + reps):
            blobs = {net.inputs[0][0]: x}
            for i, step in enumerate(net.steps):
                args = [blobs[b] for b in step.bottoms]
                t0 = time.perf_counter()
                y = net.layers[step.key](*args)
                dt = (time.perf_counter() - t0) * 1e3
                for t, v in zip(step.tops, [y] if len(step.tops) == 1 else y):
                    blobs[t] = v
                if r >= warmup:
                    per_step[i].append(dt)
    return [{"index": i, "name": s.name, "type": s.type, "time_ms": per_step[i], "macs": s.macs}
            for i, s in enumerate(net.steps)]


def measure(path, batch, args):
    net = c2t.load(path, batch)
    x = net.example_input()
    point = {"model": args.model_names[path], "batch": batch, "threads": args.threads,
             "macs": net.total_macs(), "conv_macs": net.total_macs({"Convolution"}),
             "variants": {}, "errors": {}}
    # Pick the variant in a short probe, then measure only the winner with the full warm-up and
    # repetitions: the reported median is one fresh measurement, like cnn-bench's, not the best of many.
    prepared = {}
    for variant in args.variants:
        try:
            fn, xv = prepare(c2t.load(path, batch), x, variant)
            probe = time_passes(fn, xv, 1, args.probe_reps) if len(args.variants) > 1 else [0.0]
        except Exception as e:  # a variant PyTorch cannot run is reported, not fatal
            point["errors"][variant] = f"{type(e).__name__}: {e}".splitlines()[0]
            continue
        prepared[variant] = (fn, xv)
        point["variants"][variant] = {"probe_median_ms": statistics.median(probe), "probe_ms": probe}
        if len(args.variants) > 1:
            print(f"  {point['model']:16s} batch {batch:3d} {variant:10s} probe {statistics.median(probe):9.2f} ms",
                  file=sys.stderr)
    if not prepared:
        point["success"] = False
        point["error"] = "no PyTorch variant could run: " + "; ".join(point["errors"].values())
        return point
    best = min(prepared, key=lambda v: point["variants"][v]["probe_median_ms"])
    fn, xv = prepared.pop(best)
    prepared.clear()
    times = time_passes(fn, xv, args.warmup, args.reps)
    point.update(success=True, variant=best, time_ms=times, median_ms=statistics.median(times))
    print(f"  {point['model']:16s} batch {batch:3d} {best:10s} {point['median_ms']:9.2f} ms (measured)",
          file=sys.stderr)
    if args.per_layer:
        eager = [v for v in ("eager", "eager-cl") if v in point["variants"]]
        if eager:
            lay = min(eager, key=lambda v: point["variants"][v]["probe_median_ms"])
            net_l = net.to(memory_format=torch.channels_last) if lay == "eager-cl" else net
            x_l = x.contiguous(memory_format=torch.channels_last) if lay == "eager-cl" else x
            point["layers_variant"] = lay
            point["layers"] = time_layers(net_l, x_l, args.warmup, args.reps)
    return point


def cpu_capability():
    """ATen's vector kernel level (oneDNN picks its own ISA at run time), from the build summary."""
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage:" in line:
            return line.split(":", 1)[1].strip()
    return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", required=True, help="comma-separated names in models/ or .prototxt paths")
    ap.add_argument("--batch", default="1", help="comma-separated batch sizes")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--probe-reps", type=int, default=3, help="timed passes per variant when choosing one")
    ap.add_argument("--variants", default=",".join(VARIANTS), help="subset of " + ",".join(VARIANTS))
    ap.add_argument("--per-layer", action="store_true", help="also time each layer (eager)")
    ap.add_argument("--models-dir", default=os.path.join(HERE, "..", "models"))
    ap.add_argument("--out", help="JSON output file (default: stdout)")
    args = ap.parse_args()
    args.variants = [v for v in args.variants.split(",") if v]
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        sys.exit(f"torch_time: unknown variant '{unknown[0]}' (known: {', '.join(VARIANTS)})")

    torch.set_num_threads(args.threads)
    paths = [model_path(m, args.models_dir) for m in args.models.split(",") if m]
    args.model_names = {p: os.path.basename(p)[:-len(".prototxt")] if p.endswith(".prototxt") else p
                        for p in paths}
    for p in paths:
        if not os.path.isfile(p):
            sys.exit(f"torch_time: model file '{p}' does not exist")
    batches = [int(b) for b in args.batch.split(",") if b]

    result = {"schema": "cnn-explorer-torch/1",
              "platform": {"torch": torch.__version__, "mkldnn": torch.backends.mkldnn.is_available(),
                           "cpu_capability": cpu_capability(),
                           "threads": torch.get_num_threads(),
                           "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", ""), "python": platform.python_version(),
                           "machine": platform.machine()},
              "points": []}
    for p in paths:
        for b in batches:
            try:
                result["points"].append(measure(p, b, args))
            except (OSError, ValueError) as e:
                result["points"].append({"model": args.model_names[p], "batch": b, "threads": args.threads,
                                         "success": False, "error": str(e)})
                print(f"torch_time: {e}", file=sys.stderr)
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
