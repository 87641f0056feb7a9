#!/usr/bin/python3
"""The markdown report of scripts/gpu-check.sh: ms per image per library, precision, graph and batch
(median and spread), the ratio to PyTorch's best, fp16's speedup over fp32, the ideal adaptive plans,
the TF32 check and the verification, from the files the script writes. Any library works (a CPU run
gives a report without the GPU columns), and every input is optional but --results (a missing one
gives a report of the steps and the verification only).

Usage: gpu_report.py --results results.json [--plans plans-fp32.json plans-fp16.json] [--torch torch.json]
                     [--gpu gpu.csv] [--verify verify.txt] [--tf32 tf32.json] [--steps steps.tsv] --out report.md
"""
import argparse
import csv
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from benchmark_report import fmt, per_image  # noqa: E402

TORCH_TARGET = 1.2     # cuDNN fp16 at most this many times PyTorch's best time per image, at every batch
FP16_TARGET = 1.8      # fp16 at least this many times faster than fp32 on cuDNN ...
FP16_TARGET_BATCH = 32  # ... at this batch and above


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def series(point):
    """'cudnn fp16', 'cudnn fp16 fused'."""
    return f"{point['lib']} {point['precision']}" + (" fused" if point.get("graph") == "fused" else "")


def spread(point):
    """Coefficient of variation of the end-to-end repetitions, in percent."""
    times = point.get("time_fw_ms") or []
    if len(times) < 2:
        return None
    return 100 * statistics.stdev(times) / statistics.mean(times)


def cell(point):
    """'1.234 ±2%', 'failed', or '' when there is no point."""
    if point is None:
        return ""
    if not point.get("success"):
        return "failed"
    noisy = "*" if point.get("noise", {}).get("noisy") else ""
    return f"{per_image(point):.4g} ±{fmt(spread(point), '.0f')}%{noisy}"


def gpu_section(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, skipinitialspace=True):
            lines.append(" | ".join(f"{k.strip()}: {v.strip()}" for k, v in row.items()))
    return ["GPU: " + l for l in lines]


def time_table(points, models, batches):
    out = ["## Milliseconds per image", "",
           "Median of the end-to-end repetitions divided by the batch size, ± their coefficient of variation "
           "(* noisy: above the run's noise threshold).", ""]
    for m in models:
        names = sorted({series(p) for p in points if p["model"] == m})
        out += [f"### {m}", "", "| series | " + " | ".join(f"batch {b}" for b in batches) + " |",
                "|---|" + "---|" * len(batches)]
        for s in names:
            got = {p["batch"]: p for p in points if p["model"] == m and series(p) == s}
            out.append(f"| {s} | " + " | ".join(cell(got.get(b)) for b in batches) + " |")
        out.append("")
    failed = [p for p in points if not p.get("success")]
    if failed:
        out += ["Failed points:", ""] + [f"- {p['model']} {series(p)} batch {p['batch']}: {p.get('error', '')}"
                                         for p in failed] + [""]
    return out


def best_of_graphs(ms, m, lib, precision, b):
    """The faster of the Caffe and fused graphs' ms per image, or None."""
    got = [v for v in (ms.get((m, f"{lib} {precision}", b)), ms.get((m, f"{lib} {precision} fused", b))) if v]
    return min(got) if got else None


def torch_table(ms, points, torch_doc, models, batches):
    tp = {(p["model"], p["batch"]): p for p in torch_doc["points"] if p.get("success")}
    plat = torch_doc.get("platform", {})
    gpu = plat.get("device") == "cuda"
    pairs = sorted({(p["lib"], p["precision"]) for p in points}, key=lambda lp: (lp != ("cudnn", "fp16"), lp))
    where = (f"{plat.get('gpu', '?')} (cuDNN {plat.get('cudnn', '?')}, TF32 {'on' if plat.get('tf32') else 'off'}), "
             "CUDA events around each pass" if gpu else "the CPU, host clock around each pass")
    out = ["## Against PyTorch", "",
           f"PyTorch {plat.get('torch', '?')} on {where}: its fastest variant per model and batch. Ratio = our ms "
           "per image (the faster of the Caffe and fused graphs) / PyTorch's best (fp32 series against its best "
           f"fp32 variant); target: cuDNN fp16 at most {TORCH_TARGET}x at every batch.", "",
           "| model | batch | PyTorch best ms/img (variant) | best fp32 | "
           + " | ".join(f"{lib} {prec}" for lib, prec in pairs) + " | target |",
           "|---|---|---|---|" + "---|" * len(pairs) + "---|"]
    for m in models:
        for b in batches:
            t = tp.get((m, b))
            if not t:
                continue
            best = t["median_ms"] / b
            best32 = t.get("best_fp32", {}).get("median_ms", t["median_ms"]) / b
            ratios, target = [], ""
            for lib, prec in pairs:
                ours = best_of_graphs(ms, m, lib, prec, b)
                ratio = ours / (best if prec == "fp16" else best32) if ours else None
                ratios.append(fmt(ratio, ".2f") + ("x" if ratio else ""))
                if (lib, prec) == ("cudnn", "fp16") and ratio:
                    target = "met" if ratio <= TORCH_TARGET else "missed"
            out.append(f"| {m} | {b} | {best:.4g} ({t['variant']}) | {best32:.4g} | " + " | ".join(ratios)
                       + f" | {target} |")
    return out + [""]


def fp16_table(ms, points, models, batches):
    names = sorted({(p["lib"], p.get("graph", "caffe")) for p in points})
    out = ["## fp16 speedup over fp32", "",
           f"fp32 ms per image / fp16 ms per image; target: cuDNN at least {FP16_TARGET}x at batch "
           f"{FP16_TARGET_BATCH} and above.", "",
           "| model | series | " + " | ".join(f"batch {b}" for b in batches) + " |", "|---|---|" + "---|" * len(batches)]
    for m in models:
        for lib, graph in names:
            suffix = " fused" if graph == "fused" else ""
            row = []
            for b in batches:
                f32, f16 = ms.get((m, f"{lib} fp32{suffix}", b)), ms.get((m, f"{lib} fp16{suffix}", b))
                if not (f32 and f16):
                    row.append("")
                    continue
                mark = ""
                if lib == "cudnn" and b >= FP16_TARGET_BATCH:
                    mark = " (met)" if f32 / f16 >= FP16_TARGET else " (missed)"
                row.append(f"{f32 / f16:.2f}x{mark}")
            if any(row):
                out.append(f"| {m} | {lib}{suffix} | " + " | ".join(row) + " |")
    if len(out) == 6:  # no rows
        out = out[:4] + ["No series was measured in both fp32 and fp16."]
    return out + [""]


def plan_table(plan_docs):
    out = ["## Ideal adaptive plans", "",
           "Each layer on the library that ran it fastest (cnn-bench plan --min-gain 0), at the batch where the "
           "plan's per-layer total is least, against the best single library.", "",
           "| model | precision | graph | batch | predicted ms/img | best single | ms/img | saving | layers per library |",
           "|---|---|---|---|---|---|---|---|---|"]
    for doc in plan_docs:
        for p in doc.get("plans", []):
            counts = {}
            for l in p["layers"]:
                counts[l["lib"]] = counts.get(l["lib"], 0) + 1
            single = p["best_single"]
            saving = 100 * (single["ms_per_image"] - p["predicted_ms_per_image"]) / single["ms_per_image"]
            out.append(f"| {p['model']} | {p['precision']} | {p.get('graph', 'caffe')} | {p['batch']} | "
                       f"{p['predicted_ms_per_image']:.4g} | {single['lib']} @ {single['batch']} | "
                       f"{single['ms_per_image']:.4g} | {saving:.1f}% | "
                       + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + " |")
    return out + [""]


def tf32_section(ms, tf32_doc):
    out = ["## TF32", ""]
    for p in tf32_doc["points"]:
        strict = ms.get((p["model"], series(p), p["batch"]))
        allowed = per_image(p)
        if strict and allowed:
            out.append(f"{p['model']} {series(p)} batch {p['batch']}: {strict:.4g} ms/img in full fp32, {allowed:.4g} "
                       f"with TF32 allowed ({strict / allowed:.2f}x; several times is expected on tensor-core GPUs).")
    return out + [""]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", required=True)
    ap.add_argument("--plans", nargs="*", default=[])
    ap.add_argument("--torch")
    ap.add_argument("--gpu")
    ap.add_argument("--verify")
    ap.add_argument("--tf32")
    ap.add_argument("--steps")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    doc = load(args.results) if os.path.exists(args.results) else {"points": []}
    points = doc["points"]
    models = list(dict.fromkeys(p["model"] for p in points))
    batches = sorted({p["batch"] for p in points})
    ms = {(p["model"], series(p), p["batch"]): per_image(p) for p in points if p.get("success")}
    libs = doc.get("platform", {}).get("libraries", {})
    lines = ["# GPU check", ""]
    if args.gpu and os.path.exists(args.gpu):
        lines += gpu_section(args.gpu)
    if "platform" in doc:
        plat = doc["platform"]
        lines += ["Libraries: " + "; ".join(f"{k} {v}" for k, v in libs.items() if "." not in k),
                  f"Run started {plat.get('started_at', '?')}; CPU {plat.get('cpu', '?')}."]
    lines.append("")
    if args.steps and os.path.exists(args.steps):
        lines += ["## Steps", "", "| step | result | seconds |", "|---|---|---|"]
        with open(args.steps, encoding="utf-8") as f:
            lines += ["| " + " | ".join(l.rstrip("\n").split("\t")) + " |" for l in f if l.strip()]
        lines.append("")
    if points:
        lines += time_table(points, models, batches)
        if args.torch and os.path.exists(args.torch):
            lines += torch_table(ms, points, load(args.torch), models, batches)
        lines += fp16_table(ms, points, models, batches)
    else:
        lines += [f"No measured points: {args.results} is missing or empty (see the sweep's log).", ""]
    plans = [load(p) for p in args.plans if os.path.exists(p)]
    if plans:
        lines += plan_table(plans)
    if args.tf32 and os.path.exists(args.tf32):
        lines += tf32_section(ms, load(args.tf32))
    if args.verify and os.path.exists(args.verify):
        with open(args.verify, encoding="utf-8") as f:
            lines += ["## Verification", "", "```", f.read().rstrip(), "```", ""]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n")
    print(f"gpu_report: wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
