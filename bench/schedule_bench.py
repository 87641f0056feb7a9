#!/usr/bin/env python3
"""Sequential vs greedy vs IOS schedules, each model x library x batch in one process: runs
`cnn-bench schedule --compare ROUNDS --json` (the IOS search, then the three schedules timed end to end
in alternating rounds) and prints a Markdown table of ms/image (median, min-max), the speedups over
sequential, the IOS schedule's concurrent and merged stages and the search's cost.
Usage: schedule_bench.py BUILD_DIR [--models LIST] [--libs LIST] [--batches LIST] [--threads T]
                         [--graph caffe|fused] [--rounds R] [--json FILE]"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--models", default="googlenet,squeezenet-1.0,squeezenet-1.1,resnet-50")
    ap.add_argument("--libs", default="onednn,openblas")
    ap.add_argument("--batches", default="1,4")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--graph", default="caffe")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--json", help="also save every document here")
    a = ap.parse_args()
    bench = os.path.join(a.build, "app", "cnn-bench")
    docs = []
    print("| model | lib | batch | sequential ms/img | greedy | IOS | greedy vs seq | IOS vs seq | IOS stages (at once, merged) | search |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for model in a.models.split(","):
        for lib in a.libs.split(","):
            for batch in (int(b) for b in a.batches.split(",")):
                out = subprocess.run([bench, "schedule", "--model", model, "--lib", lib, "--batch", str(batch),
                                      "--threads", str(a.threads), "--graph", a.graph, "--compare", str(a.rounds),
                                      "--json"], check=True, capture_output=True, text=True).stdout
                doc = json.loads(out)
                docs.append(doc)
                ms = {k: [t / batch for t in v] for k, v in doc["compare_ms"].items()}
                med = {k: statistics.median(v) for k, v in ms.items()}
                cell = lambda k: f"{med[k]:.2f} ({min(ms[k]):.2f}-{max(ms[k]):.2f})"
                s = doc["schedule"]
                merged = sum(1 for st in s["stages"] if st.get("merged"))
                at_once = sum(1 for st in s["stages"] if len(st["groups"]) > 1) - merged
                print(f"| {model} | {lib} | {batch} | {cell('sequential')} | {cell('greedy')} | {cell('ios')} | "
                      f"{med['sequential'] / med['greedy']:.2f}x | {med['sequential'] / med['ios']:.2f}x | "
                      f"{len(s['stages'])} ({at_once}, {merged}) | {s['search_s']:.1f} s, {s['stages_measured']} stages |",
                      flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(docs, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
