#!/usr/bin/python3
"""One benchmark run: OpenBLAS sgemm peak, cnn-bench (OpenBLAS and oneDNN backends, the Caffe graph and the
fused graph), PyTorch CPU, and
the adaptive plan made from cnn-bench's sweep and executed, on the same Caffe models, batch sizes and
thread count; then markdown tables and the verdicts on the targets.

Builds nothing: give it a build directory that holds app/cnn-bench and bench/sgemm-peak.
  bench/run_benchmarks.py [BUILD_DIR] [--extra resnet-50,mobilenet-v1] [--threads 2] [--out-dir DIR]
For each model, cnn-bench, PyTorch and the adaptive run go back to back (interleaved per model) so
that they see the same machine load; every figure is a median over repetitions. Raw JSON and the
report go to --out-dir.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import benchmark_report  # noqa: E402
DEFAULT_MODELS = "alexnet,googlenet,squeezenet-1.0,squeezenet-1.1"


def run(cmd, env=None):
    """Runs a command, echoing it; stdout is returned, stderr passes through. Exits on failure."""
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"run_benchmarks: '{os.path.basename(cmd[0])}' failed with exit status {proc.returncode}")
    return proc.stdout


def load_json(path):
    with open(path) as f:
        return json.load(f)


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
                "reps": args.reps, "warmup": args.warmup, "libs": args.libs.split(","), "adaptive": args.adaptive,
                "graphs": args.graph.split(","),
                "loadavg": [os.getloadavg()[0]]}
    db = os.path.join(out_dir, "results.sqlite")
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    sgemm_out = run([sgemm_peak, "--threads", str(args.threads), "--reps", str(args.reps)], env)
    with open(os.path.join(out_dir, "sgemm.json"), "w") as f:
        f.write(sgemm_out)
    timing = ["--threads", str(args.threads), "--reps", str(args.reps), "--warmup", str(args.warmup)]
    common = ["--batch", args.batch] + timing
    for m in models:  # interleaved: every side of a model sees the same machine load
        run([cnn_bench, "run", "--models", m, "--libs", args.libs, "--graph", args.graph, "--db", db,
             "--out", os.path.join(out_dir, f"ours-{m}.json")] + common, env)
        cmd = [sys.executable, os.path.join(HERE, "torch_time.py"), "--models", m,
               "--out", os.path.join(out_dir, f"torch-{m}.json")] + common
        if args.torch_per_layer:
            cmd.append("--per-layer")
        if args.torch_variants:
            cmd += ["--variants", args.torch_variants]
        run(cmd, env)
        if args.adaptive:  # the plan from the sweep just stored, run at every batch beside the single libraries
            plans = os.path.join(out_dir, f"plans-{m}.json")
            run([cnn_bench, "plan", "--db", db, "--models", m, "--libs", args.libs, "--graph", "caffe",
                 "--out", plans], env)
            for r in range(args.adaptive_rounds):  # rounds: the report takes each figure's median over them
                run([cnn_bench, "run", "--models", m, "--libs", "adaptive," + args.libs, "--graph", "caffe", "--plan", plans,
                     "--db", db, "--out", os.path.join(out_dir, f"adaptive-{m}-{r + 1}.json")] + common, env)
    # Again at the end: the report takes the better of the two peaks (load drifts on a shared machine).
    sgemm_out = run([sgemm_peak, "--threads", str(args.threads), "--reps", str(args.reps)], env)
    with open(os.path.join(out_dir, "sgemm-end.json"), "w") as f:
        f.write(sgemm_out)
    run_info["loadavg"].append(os.getloadavg()[0])
    with open(os.path.join(out_dir, "run.json"), "w") as f:
        json.dump(run_info, f, indent=1)


def report_from_dir(out_dir):
    """Reads a run's raw JSON and writes report.md and summary.json beside it; returns the report."""
    info = argparse.Namespace(**load_json(os.path.join(out_dir, "run.json")))
    libs = getattr(info, "libs", None) or [getattr(info, "lib", "openblas")]
    # A fused series is reported as a library of its own, "<lib>/fused".
    if "fused" in getattr(info, "graphs", ["caffe"]):
        libs = libs + [lib + "/fused" for lib in libs]
    sgemm = load_json(os.path.join(out_dir, "sgemm.json"))
    end_path = os.path.join(out_dir, "sgemm-end.json")
    if os.path.isfile(end_path):
        end = load_json(end_path)
        sgemm["peak_runs_gflops"] = [sgemm["peak_gflops"], end["peak_gflops"]]
        if end["peak_gflops"] > sgemm["peak_gflops"]:
            sgemm = dict(end, peak_runs_gflops=sgemm["peak_runs_gflops"])
    ours, torch_points, adaptive_docs, ours_platform, torch_platform = {}, {}, {}, {}, {}
    for m in info.models:
        path = os.path.join(out_dir, f"ours-{m}.json")
        if os.path.isfile(path):
            doc = load_json(path)
            ours.update({(p["model"], benchmark_report.series_name(p), p["batch"]): p for p in doc["points"]})
            ours_platform = doc.get("platform", ours_platform)
        path = os.path.join(out_dir, f"torch-{m}.json")
        if os.path.isfile(path):
            doc = load_json(path)
            torch_points.update({(p["model"], p["batch"]): p for p in doc["points"]})
            torch_platform = doc.get("platform", torch_platform)
        rounds = sorted(f for f in os.listdir(out_dir) if f.startswith(f"adaptive-{m}-") and f.endswith(".json")
                        and f[len(f"adaptive-{m}-"):-5].isdigit())
        if os.path.isfile(os.path.join(out_dir, f"adaptive-{m}.json")):  # a run from before rounds existed
            rounds = [f"adaptive-{m}.json"]
        if rounds:
            adaptive_docs[m] = [load_json(os.path.join(out_dir, f)) for f in rounds]
    batches = [int(b) for b in str(info.batch).split(",") if b]
    rows = benchmark_report.build_rows(info.models, batches, libs, ours, torch_points, sgemm.get("peak_gflops"))
    caffe_libs = [lib for lib in libs if not lib.endswith("/fused")]
    adaptive = benchmark_report.adaptive_rows(info.models, adaptive_docs, rows, caffe_libs)
    text = benchmark_report.report(rows, info.models, libs, sgemm, ours_platform, torch_platform, info, adaptive)
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump({"run": vars(info), "sgemm_peak_gflops": sgemm.get("peak_gflops"), "rows": rows,
                   "adaptive": adaptive}, f, indent=1)
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    ap.add_argument("--models", default=DEFAULT_MODELS, help=f"comma separated (default: {DEFAULT_MODELS})")
    ap.add_argument("--extra", default="", help="more models, e.g. resnet-50,mobilenet-v1")
    ap.add_argument("--batch", default="1,4,16")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--libs", default="openblas,onednn", help="cnn-bench library ids (default: openblas,onednn)")
    ap.add_argument("--graph", default="caffe,fused", help="cnn-bench graph modes (default: caffe,fused)")
    ap.add_argument("--no-adaptive", dest="adaptive", action="store_false",
                    help="skip the adaptive plan (made from the sweep of --libs and executed)")
    ap.add_argument("--adaptive-rounds", type=int, default=2, metavar="N",
                    help="run the adaptive plan beside the single libraries N times; the report takes medians")
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
