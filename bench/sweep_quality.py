#!/usr/bin/env python3
"""How far a sweep's readings can be trusted: reads results documents written by
`cnn-bench run --out FILE.json` and prints, per document, the share of points with CoV at most the
threshold, with the per-layer sum within 10 % of end to end, flagged noisy, and with tracked memory
within 10 % of the modelled figure, plus the worst points. Usage: sweep_quality.py FILE.json..."""
import json
import statistics
import sys


def modelled(memory):
    return memory["weights_bytes"] + memory["activations_bytes"] + memory["workspace_bytes"]


def report(path):
    with open(path) as f:
        points = [p for p in json.load(f)["points"] if p["success"] and p.get("noise")]
    if not points:
        print(f"{path}: no successful point")
        return
    n = len(points)
    covs = [p["noise"]["cov"] for p in points]
    threshold = points[0].get("noise_threshold", 0.05)
    quiet = sum(c <= threshold for c in covs)
    ratios = [p["noise"].get("layer_sum_ratio") for p in points]
    layered = [r for r in ratios if r is not None]
    within = sum(abs(r - 1) <= 0.10 for r in layered)
    noisy = sum(p["noise"]["noisy"] for p in points)
    tracked = [(p["memory"]["tracked_bytes"], modelled(p["memory"])) for p in points if "tracked_bytes" in p["memory"]]
    mem_ok = sum(abs(t / m - 1) <= 0.10 for t, m in tracked if m > 0)
    loads = [p[k] for p in points for k in ("load_before", "load_after") if k in p]
    reps = [len(p["time_fw_ms"]) for p in points]
    print(f"{path}: {n} points")
    print(f"  CoV <= {threshold:.0%}: {quiet}/{n} ({quiet / n:.1%}); median CoV {statistics.median(covs):.1%}; "
          f"flagged noisy {noisy}")
    print(f"  per-layer sum within 10% of end to end: {within}/{len(layered)} ({within / max(len(layered), 1):.1%})")
    print(f"  tracked memory within 10% of modelled: {mem_ok}/{len(tracked)}")
    print(f"  repetitions per point: median {statistics.median(reps)}, min {min(reps)}, max {max(reps)}")
    if loads:
        print(f"  load average around the points: {min(loads):.2f} .. {max(loads):.2f}")
    worst = sorted(points, key=lambda p: -p["noise"]["cov"])[:5]
    for p in worst:
        r = p["noise"].get("layer_sum_ratio")
        layers = f", layers/e2e {r:.2f}" if r is not None else ""
        flag = " (noisy)" if p["noise"]["noisy"] else ""
        print(f"    {p['model']} {p['lib']} b{p['batch']}: CoV {p['noise']['cov']:.1%}{layers}{flag}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        report(path)
