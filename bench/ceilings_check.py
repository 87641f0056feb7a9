#!/usr/bin/env python3
"""The machine's ceilings against bench's own sgemm peak, in one run: alternates `sgemm-peak` (the
square 2048 product bench/ calls the peak) and `cnn-bench machine` ROUNDS times with the same threads,
then prints the medians of OpenBLAS's sgemm ceiling, sgemm-peak's peak, their ratio (the roofline's
target: within 15 %), oneDNN's matmul ceiling, the host triad and the theoretical peak.
Usage: ceilings_check.py BUILD_DIR [--threads T] [--rounds R]"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    bench = os.path.join(a.build, "app", "cnn-bench")
    peak_tool = os.path.join(a.build, "bench", "sgemm-peak")
    sgemm, ceilings = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.rounds):
            out = subprocess.run([peak_tool, "--threads", str(a.threads), "--reps", "7"], check=True,
                                 capture_output=True, text=True).stdout
            sgemm.append(json.loads(out)["peak_gflops"])
            out = subprocess.run([bench, "machine", "--threads", str(a.threads), "--json", "--db",
                                  os.path.join(tmp, "m.sqlite")], check=True, capture_output=True, text=True).stdout
            for c in json.loads(out)["ceilings"]:
                ceilings.setdefault((c["space"], c["kind"], c["source"], c["precision"]), []).append(c["median"])
            print(f"round {r + 1}: sgemm-peak {sgemm[-1]:.1f} GFLOP/s, machine openblas "
                  f"{ceilings.get(('host', 'compute', 'openblas', 'fp32'), [float('nan')])[-1]:.1f}", file=sys.stderr)
    med = {k: statistics.median(v) for k, v in ceilings.items()}
    peak = statistics.median(sgemm)
    print(f"threads {a.threads}, {a.rounds} rounds alternating; medians over rounds of each tool's median")
    print(f"  sgemm-peak (bench/, square 2048):      {peak:8.1f} GFLOP/s  (rounds: {', '.join(f'{x:.1f}' for x in sgemm)})")
    for key, value in sorted(med.items()):
        unit = "GFLOP/s" if key[1] == "compute" else "GB/s"
        print(f"  machine {key[0]} {key[1]} {key[2]} {key[3] if key[1] == 'compute' else ''}".ljust(41) +
              f"{value:8.1f} {unit}  (rounds: {', '.join(f'{x:.1f}' for x in ceilings[key])})")
    ob = med.get(("host", "compute", "openblas", "fp32"))
    if ob:
        print(f"  openblas ceiling / sgemm-peak: {ob / peak:.3f} (target: within 15 %: "
              f"{'yes' if abs(ob / peak - 1) <= 0.15 else 'NO'})")


if __name__ == "__main__":
    main()
