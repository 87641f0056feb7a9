#!/usr/bin/python3
"""Times the Caffe models in PyTorch on the CPU or an NVIDIA GPU, the way a user would run them for inference.

On the CPU, for each model and batch size, every execution variant is probed (one warm-up, --probe-reps
passes) and the fastest is then measured with the full warm-up and repetitions, so PyTorch is compared
at its best:
  eager      nn.Module in NCHW (oneDNN convolutions when torch.backends.mkldnn is available)
  eager-cl   the same in channels_last memory format
  frozen     torch.jit.trace + torch.jit.freeze (batch norm folded into convolutions)
  frozen-cl  the same, channels_last
  ofi        torch.jit.optimize_for_inference (freeze + oneDNN layout conversion)
With --device cuda every GPU variant is measured in full (GPU passes are short) and the fastest reported,
each pass timed with CUDA events on the input already on the device, as cnn-bench times its GPU libraries:
  cuda          nn.Module in NCHW, fp32 (cudnn.benchmark on; TF32 off unless --allow-tf32)
  cuda-cl       the same in channels_last
  cuda-fp16     fp16 autocast (torch.autocast), NCHW
  cuda-fp16-cl  fp16 autocast, channels_last
The fastest fp32 variant is recorded too ("best_fp32"), for comparisons within fp32.
Times are milliseconds per forward pass of the whole batch, under torch.inference_mode().
With --per-layer, each layer of the fastest eager variant is also timed on its own (host clock
around each module call), for per-convolution figures.

Usage: torch_time.py --models alexnet,googlenet --batch 1,16 --threads 2 --reps 5 --warmup 2 --out torch.json
       torch_time.py --device cuda --models alexnet,resnet-50 --batch 1,8,32,64 --out torch-gpu.json
A model is a name in models/ (alexnet -> models/alexnet.prototxt) or a path to a .prototxt.
"""
import argparse
import contextlib
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
CUDA_VARIANTS = ["cuda", "cuda-cl", "cuda-fp16", "cuda-fp16-cl"]


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


def time_passes_cuda(fn, x, warmup, reps, fp16):
    """Milliseconds per pass from CUDA events around each pass, one per repetition, after `warmup`
    untimed passes; under fp16 autocast when `fp16`."""
    times = []
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    autocast = torch.autocast("cuda", dtype=torch.float16) if fp16 else contextlib.nullcontext()
    with torch.inference_mode(), autocast:
        for _ in range(warmup):
            fn(x)
        torch.cuda.synchronize()
        for _ in range(reps):
            start.record()
            fn(x)
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
    return times


def measure_cuda(path, batch, args):
    """Every GPU variant measured in full; the fastest overall and the fastest in fp32 recorded."""
    point = {"model": args.model_names[path], "batch": batch, "device": "cuda",
             "macs": None, "variants": {}, "errors": {}}
    for variant in args.variants:
        try:
            net = c2t.load(path, batch)
            point["macs"] = net.total_macs()
            x = net.example_input().to("cuda")
            net = net.to("cuda").eval()
            if variant.endswith("-cl"):
                net = net.to(memory_format=torch.channels_last)
                x = x.contiguous(memory_format=torch.channels_last)
            times = time_passes_cuda(net, x, args.warmup, args.reps, "fp16" in variant)
        except Exception as e:  # a variant PyTorch cannot run (e.g. out of memory) is reported, not fatal
            point["errors"][variant] = f"{type(e).__name__}: {e}".splitlines()[0]
            continue
        finally:
            net = x = None
            torch.cuda.empty_cache()
        point["variants"][variant] = {"median_ms": statistics.median(times), "time_ms": times}
        print(f"  {point['model']:16s} batch {batch:3d} {variant:12s} {statistics.median(times):9.3f} ms",
              file=sys.stderr)
    if not point["variants"]:
        point["success"] = False
        point["error"] = "no PyTorch variant could run: " + "; ".join(point["errors"].values())
        return point
    best = min(point["variants"], key=lambda v: point["variants"][v]["median_ms"])
    point.update(success=True, variant=best, time_ms=point["variants"][best]["time_ms"],
                 median_ms=point["variants"][best]["median_ms"])
    fp32 = [v for v in point["variants"] if "fp16" not in v]
    if fp32:
        b32 = min(fp32, key=lambda v: point["variants"][v]["median_ms"])
        point["best_fp32"] = {"variant": b32, "median_ms": point["variants"][b32]["median_ms"]}
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
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="where to run (default: cpu)")
    ap.add_argument("--variants", help="subset of " + ",".join(VARIANTS) + " (cpu) or " + ",".join(CUDA_VARIANTS)
                    + " (cuda); default: all of the device's")
    ap.add_argument("--allow-tf32", action="store_true", help="cuda: let fp32 convolutions and matmuls use TF32")
    ap.add_argument("--per-layer", action="store_true", help="also time each layer (eager)")
    ap.add_argument("--models-dir", default=os.path.join(HERE, "..", "models"))
    ap.add_argument("--out", help="JSON output file (default: stdout)")
    args = ap.parse_args()
    known = CUDA_VARIANTS if args.device == "cuda" else VARIANTS
    args.variants = [v for v in (args.variants or ",".join(known)).split(",") if v]
    unknown = [v for v in args.variants if v not in known]
    if unknown:
        sys.exit(f"torch_time: unknown {args.device} variant '{unknown[0]}' (known: {', '.join(known)})")
    if args.device == "cuda":
        if not torch.cuda.is_available():
            sys.exit(f"torch_time: PyTorch {torch.__version__} sees no CUDA device")
        if args.per_layer:
            sys.exit("torch_time: --per-layer times layers on the CPU only")
        torch.backends.cudnn.benchmark = True
        torch.backends.cudnn.allow_tf32 = args.allow_tf32
        torch.backends.cuda.matmul.allow_tf32 = args.allow_tf32

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
                           "machine": platform.machine(), "device": args.device},
              "points": []}
    if args.device == "cuda":
        result["platform"].update(gpu=torch.cuda.get_device_name(), cuda=torch.version.cuda,
                                  cudnn=torch.backends.cudnn.version(), tf32=args.allow_tf32)
    for p in paths:
        for b in batches:
            try:
                result["points"].append(measure_cuda(p, b, args) if args.device == "cuda" else measure(p, b, args))
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
