#!/usr/bin/python3
"""One benchmark run: OpenBLAS sgemm peak, cnn-bench (OpenBLAS backend) and PyTorch CPU on the same
Caffe models, batch sizes and thread count, then a markdown table and the verdicts on the targets.

Builds nothing: give it a build directory that holds app/cnn-bench and bench/sgemm-peak.
  bench/run_benchmarks.py [BUILD_DIR] [--extra resnet-50,mobilenet-v1] [--threads 2] [--out-dir DIR]
For each model, cnn-bench and PyTorch run back to back (interleaved per model) so that both see the
same machine load; every figure is a median over repetitions. Raw JSON and the report go to --out-dir.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_MODELS = "alexnet,googlenet,squeezenet-1.0,squeezenet-1.1"
NOISY_SPREAD = 1.5   # a point whose slowest repetition is this many times its fastest is flagged noisy
SGEMM_TARGET = 0.60  # AlexNet conv layers at batch 16 should reach this fraction of the sgemm peak


def run(cmd, env=None):
    """Runs a command, echoing it; stdout is returned, stderr passes through. Exits on failure."""
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"run_benchmarks: '{os.path.basename(cmd[0])}' failed with exit status {proc.returncode}")
    return proc.stdout


def median(values):
    return statistics.median(values) if values else float("nan")


def conv_figures(point):
    """(conv MACs, conv seconds) of one cnn-bench point from its per-layer pass (whole batch)."""
    convs = [l for l in point.get("layers", []) if l.get("type") == "Convolution"]
    macs = sum(l["macs"] for l in convs)
    seconds = sum(median(l["time_ms"]) for l in convs) / 1e3
    return macs, seconds


def fmt(value, spec):
    return "n/a" if value is None or value != value else format(value, spec)


def build_rows(models, batches, ours, torch_points, peak):
    """One row per (model, batch) with every derived figure; None where a side failed."""
    rows = []
    for m in models:
        for b in batches:
            o = ours.get((m, b))
            t = torch_points.get((m, b))
            row = {"model": m, "batch": b, "ours_ms": None, "torch_ms": None, "ratio": None,
                   "gflops": None, "conv_gflops": None, "conv_pct": None, "torch_variant": None,
                   "torch_conv_gflops": None, "noisy": [], "ours_error": None, "torch_error": None, "mac_check": None}
            if o and o.get("success"):
                ms = median(o["time_fw_ms"])
                if max(o["time_fw_ms"]) > NOISY_SPREAD * min(o["time_fw_ms"]):
                    row["noisy"].append("ours")
                layer_sum = sum(median(l["time_ms"]) for l in o.get("layers", []))
                if layer_sum and not 1 / NOISY_SPREAD < layer_sum / ms < NOISY_SPREAD:
                    row["noisy"].append("ours: per-layer sum vs end-to-end")
                macs = sum(l["macs"] for l in o.get("layers", []))
                row["ours_ms"] = ms / b
                row["gflops"] = 2 * macs / (ms / 1e3) / 1e9 if macs else None
                cmacs, csec = conv_figures(o)
                if csec > 0:
                    row["conv_gflops"] = 2 * cmacs / csec / 1e9
                    row["conv_pct"] = 100 * row["conv_gflops"] / peak if peak else None
                if t and t.get("success"):
                    row["mac_check"] = cmacs == t.get("conv_macs")
            else:
                row["ours_error"] = (o or {}).get("error", "no point")
            if t and t.get("success"):
                row["torch_ms"] = t["median_ms"] / b
                if max(t["time_ms"]) > NOISY_SPREAD * min(t["time_ms"]):
                    row["noisy"].append("PyTorch")
                row["torch_variant"] = t["variant"]
                convs = [l for l in t.get("layers", []) if l["type"] == "Convolution"]
                csec = sum(median(l["time_ms"]) for l in convs) / 1e3
                if csec > 0:
                    row["torch_conv_gflops"] = 2 * sum(l["macs"] for l in convs) / csec / 1e9
            else:
                row["torch_error"] = (t or {}).get("error") or "; ".join((t or {}).get("errors", {}).values()) \
                    or "no point"
            if row["ours_ms"] and row["torch_ms"]:
                row["ratio"] = row["torch_ms"] / row["ours_ms"]
            rows.append(row)
    return rows


def verdicts(rows, models, peak):
    lines = []
    alex = [r for r in rows if r["model"] == "alexnet" and r["batch"] == 16]
    if alex and alex[0]["conv_gflops"] and peak:
        pct = alex[0]["conv_pct"]
        ok = pct >= 100 * SGEMM_TARGET
        lines.append(f"- {'PASS' if ok else 'FAIL'}: AlexNet conv at batch 16 >= {100 * SGEMM_TARGET:.0f}% of sgemm "
                     f"({alex[0]['conv_gflops']:.1f} GFLOP/s = {pct:.0f}% of {peak:.1f})")
    else:
        lines.append("- not measured: AlexNet conv at batch 16 >= 60% of sgemm (needs alexnet at batch 16)")
    all_ok, parts = True, []
    for m in models:
        mine = [r for r in rows if r["model"] == m and r["ours_ms"]]
        theirs = [r for r in rows if r["model"] == m and r["torch_ms"]]
        if not mine or not theirs:
            all_ok = False
            parts.append(f"{m}: not measured")
            continue
        best_o = min(mine, key=lambda r: r["ours_ms"])
        best_t = min(theirs, key=lambda r: r["torch_ms"])
        ok = best_o["ours_ms"] < best_t["torch_ms"]
        all_ok &= ok
        parts.append(f"{m}: ours {best_o['ours_ms']:.2f} ms/img (b{best_o['batch']}) vs PyTorch "
                     f"{best_t['torch_ms']:.2f} ms/img (b{best_t['batch']}) {'ok' if ok else 'SLOWER'}")
    lines.append(f"- {'PASS' if all_ok else 'FAIL'}: every model at its best batch faster than PyTorch "
                 f"(each side at its own best batch)")
    lines += [f"  - {p}" for p in parts]
    return lines


def report(rows, models, sgemm, ours_platform, torch_platform, args, loads):
    peak = sgemm.get("peak_gflops")
    out = []
    cpu = ours_platform.get("cpu") or platform.processor()
    out.append(f"Run {args.started} on {cpu}, {args.threads} threads, {args.reps} repetitions after "
               f"{args.warmup} warm-up passes; load average {loads[0]:.2f} before, {loads[1]:.2f} after.")
    out.append(f"OpenBLAS: {sgemm.get('config', '?')}, core {sgemm.get('corename', '?')}; sgemm {sgemm.get('shapes', [{}])[0].get('name', '')} "
               f"peak {fmt(peak, '.1f')} GFLOP/s (best of runs: "
               f"{', '.join(fmt(v, '.1f') for v in sgemm.get('peak_runs_gflops', [peak]))}); AlexNet conv GEMMs alone at batch 16: "
               f"{fmt(sgemm.get('alexnet_conv_b16_gflops'), '.1f')} GFLOP/s.")
    out.append(f"PyTorch {torch_platform.get('torch', '?')} (oneDNN: {torch_platform.get('mkldnn', '?')}, "
               f"ATen {torch_platform.get('cpu_capability', '?')}), fastest variant in a probe, then measured like cnn-bench.")
    cores = ours_platform.get("cores") or os.cpu_count()
    if max(loads) > cores:
        out.append(f"Warning: the machine was busy (load average above its {cores} cores): other work shared "
                   f"the cores, so absolute figures are low and the same-run ratios are the meaningful ones.")
    out.append("")
    out.append("| model | batch | ours ms/img | PyTorch ms/img | PyTorch/ours | ours GFLOP/s | conv GFLOP/s "
               "| conv % of sgemm | PyTorch variant | noisy |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        out.append(f"| {r['model']} | {r['batch']} | {fmt(r['ours_ms'], '.2f')} | {fmt(r['torch_ms'], '.2f')} "
                   f"| {fmt(r['ratio'], '.2f')} | {fmt(r['gflops'], '.1f')} | {fmt(r['conv_gflops'], '.1f')} "
                   f"| {fmt(r['conv_pct'], '.0f')} | {r['torch_variant'] or 'n/a'} | {', '.join(r['noisy'])} |")
    if any(r["torch_conv_gflops"] for r in rows):
        out += ["", "PyTorch conv GFLOP/s (eager, each convolution timed on its own): "
                + ", ".join(f"{r['model']} b{r['batch']} {fmt(r['torch_conv_gflops'], '.1f')}" for r in rows)]
    if any(r["noisy"] for r in rows):
        out += ["", f"noisy: the slowest repetition took more than {NOISY_SPREAD}x the fastest, or cnn-bench's "
                "per-layer sum and end-to-end time disagree by that much: machine load changed during the point."]
    errors = [f"- {r['model']} b{r['batch']}: {side} failed: {r[key]}" for r in rows
              for side, key in (("cnn-bench", "ours_error"), ("PyTorch", "torch_error")) if r[key]]
    mismatched = [f"{r['model']} b{r['batch']}" for r in rows if r["mac_check"] is False]
    if mismatched:
        errors.append("- convolution MACs differ between cnn-bench and the PyTorch conversion for "
                      + ", ".join(mismatched))
    if errors:
        out += [""] + errors
    out += ["", "Targets:"] + verdicts(rows, models, peak)
    return "\n".join(out) + "\n"


def load_points(doc, key_model="model"):
    return {(p[key_model], p["batch"]): p for p in doc.get("points", [])}


def wait_for_quiet(max_load, max_wait_s):
    """Waits (up to max_wait_s) until the 1-minute load average is at most max_load."""
    deadline = time.monotonic() + max_wait_s
    while os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        print(f"run_benchmarks: load average {os.getloadavg()[0]:.2f} > {max_load}, waiting", file=sys.stderr)
        time.sleep(15)


def measure(args, models, out_dir):
    """Runs sgemm-peak, then cnn-bench and PyTorch model by model; raw JSON goes to out_dir."""
    cnn_bench = os.path.join(args.build_dir, "app", "cnn-bench")
    sgemm_peak = os.path.join(args.build_dir, "bench", "sgemm-peak")
    for exe in (cnn_bench, sgemm_peak):
        if not os.access(exe, os.X_OK):
            sys.exit(f"run_benchmarks: '{exe}' is not built (cmake --build {args.build_dir} "
                     f"--target cnn-bench sgemm-peak)")
    if args.wait_load is not None:
        wait_for_quiet(args.wait_load, args.wait_max)
    args.started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    run_info = {"started": args.started, "models": models, "batch": args.batch, "threads": args.threads,
                "reps": args.reps, "warmup": args.warmup, "lib": args.lib, "loadavg": [os.getloadavg()[0]]}
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    sgemm_out = run([sgemm_peak, "--threads", str(args.threads), "--reps", str(args.reps)], env)
    with open(os.path.join(out_dir, "sgemm.json"), "w") as f:
        f.write(sgemm_out)
    common = ["--batch", args.batch, "--threads", str(args.threads), "--reps", str(args.reps),
              "--warmup", str(args.warmup)]
    for m in models:  # interleaved: both sides of a model see the same machine load
        run([cnn_bench, "run", "--models", m, "--libs", args.lib,
             "--out", os.path.join(out_dir, f"ours-{m}.json")] + common, env)
        cmd = [sys.executable, os.path.join(HERE, "torch_time.py"), "--models", m,
               "--out", os.path.join(out_dir, f"torch-{m}.json")] + common
        if args.torch_per_layer:
            cmd.append("--per-layer")
        if args.torch_variants:
            cmd += ["--variants", args.torch_variants]
        run(cmd, env)
    # Again at the end: the report takes the better of the two peaks (load drifts on a shared machine).
    sgemm_out = run([sgemm_peak, "--threads", str(args.threads), "--reps", str(args.reps)], env)
    with open(os.path.join(out_dir, "sgemm-end.json"), "w") as f:
        f.write(sgemm_out)
    run_info["loadavg"].append(os.getloadavg()[0])
    with open(os.path.join(out_dir, "run.json"), "w") as f:
        json.dump(run_info, f, indent=1)


def report_from_dir(out_dir):
    """Reads a run's raw JSON and writes report.md and summary.json beside it; returns the report."""
    with open(os.path.join(out_dir, "run.json")) as f:
        info = argparse.Namespace(**json.load(f))
    with open(os.path.join(out_dir, "sgemm.json")) as f:
        sgemm = json.load(f)
    end_path = os.path.join(out_dir, "sgemm-end.json")
    if os.path.isfile(end_path):
        with open(end_path) as f:
            end = json.load(f)
        sgemm["peak_runs_gflops"] = [sgemm["peak_gflops"], end["peak_gflops"]]
        if end["peak_gflops"] > sgemm["peak_gflops"]:
            sgemm = dict(end, peak_runs_gflops=sgemm["peak_runs_gflops"])
    ours, torch_points, ours_platform, torch_platform = {}, {}, {}, {}
    for m in info.models:
        for prefix, points in (("ours", ours), ("torch", torch_points)):
            path = os.path.join(out_dir, f"{prefix}-{m}.json")
            if not os.path.isfile(path):
                continue
            with open(path) as f:
                doc = json.load(f)
            points.update(load_points(doc))
            if prefix == "ours":
                ours_platform = doc.get("platform", ours_platform)
            else:
                torch_platform = doc.get("platform", torch_platform)
    batches = [int(b) for b in str(info.batch).split(",") if b]
    rows = build_rows(info.models, batches, ours, torch_points, sgemm.get("peak_gflops"))
    text = report(rows, info.models, sgemm, ours_platform, torch_platform, info, info.loadavg)
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump({"run": vars(info), "sgemm_peak_gflops": sgemm.get("peak_gflops"), "rows": rows}, f, indent=1)
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    ap.add_argument("--models", default=DEFAULT_MODELS, help=f"comma separated (default: {DEFAULT_MODELS})")
    ap.add_argument("--extra", default="", help="more models, e.g. resnet-50,mobilenet-v1")
    ap.add_argument("--batch", default="1,16")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--lib", default="openblas", help="cnn-bench library id (default: openblas)")
    ap.add_argument("--torch-variants", default="", help="limit torch_time.py's variants (default: all)")
    ap.add_argument("--torch-per-layer", action="store_true",
                    help="also time PyTorch's layers one by one (eager) for its conv GFLOP/s")
    ap.add_argument("--out-dir", default="", help="where raw JSON and report.md go "
                                                  "(default: BUILD_DIR/bench-results/<timestamp>)")
    ap.add_argument("--wait-load", type=float, metavar="L",
                    help="before measuring, wait until the 1-minute load average is at most L")
    ap.add_argument("--wait-max", type=float, default=1800, metavar="S", help="give up waiting after S seconds")
    ap.add_argument("--report", metavar="DIR", help="measure nothing: rebuild the report of an earlier run's DIR")
    args = ap.parse_args()

    if args.report:
        print(report_from_dir(args.report))
        return
    models = [m for m in (args.models + "," + args.extra).split(",") if m]
    now = datetime.datetime.now(datetime.timezone.utc)
    out_dir = args.out_dir or os.path.join(args.build_dir, "bench-results", now.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out_dir, exist_ok=True)
    measure(args, models, out_dir)
    print(report_from_dir(out_dir))
    print(f"raw results and report.md in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
