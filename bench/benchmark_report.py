"""The report of one benchmark run (see run_benchmarks.py): tables and verdicts from its raw JSON."""
import os
import platform
import statistics

NOISY_SPREAD = 1.5   # a point whose slowest repetition is this many times its fastest is flagged noisy
SGEMM_TARGET = 0.60  # AlexNet conv layers at batch 16 (OpenBLAS) should reach this fraction of the sgemm peak
PREDICTED_TOLERANCE = 5.0  # % either way: the measured adaptive per-layer pass vs predicted + transfers
BEST_SINGLE_TOLERANCE = 2.0  # % : the adaptive end-to-end time may exceed the best single library's by this much


def median(values):
    return statistics.median(values) if values else float("nan")


def fmt(value, spec):
    return "n/a" if value is None or value != value else format(value, spec)


def layer_pass(point):
    """Sum of the per-layer medians, whole batch (ms): layers, reorders and transfers."""
    return sum(median(l["time_ms"]) for l in point.get("layers", []))


def conv_gflops(point):
    convs = [l for l in point.get("layers", []) if l.get("type") == "Convolution"]
    seconds = sum(median(l["time_ms"]) for l in convs) / 1e3
    return 2 * sum(l["macs"] for l in convs) / seconds / 1e9 if seconds > 0 else None


def layer_costs(point):
    """Per graph node: the median of its layer record plus those of its reorder/transfer records (ms, batch)."""
    costs = {}
    for l in point.get("layers", []):
        costs[l["index"]] = costs.get(l["index"], 0) + median(l["time_ms"])
    return costs


def per_image(point):
    """Median end-to-end ms per image of a successful point, else None."""
    if not point or not point.get("success"):
        return None
    return median(point["time_fw_ms"]) / point["batch"]


def series_name(point):
    """The library, or "<lib>/fused" for a point of the fused graph."""
    return point["lib"] + ("/fused" if point.get("graph") == "fused" else "")


def net_macs(point):
    """Multiply-accumulates per image of the point's network (its layers' sum; the same in both graphs)."""
    return sum(l.get("macs", 0) for l in point.get("layers", []) if l.get("type") not in ("Reorder", "Transfer")) / point["batch"]


def is_noisy(point):
    times = point.get("time_fw_ms") or [1]
    return max(times) > NOISY_SPREAD * min(times)


def build_rows(models, batches, libs, ours, torch_points, peak):
    """One row per (model, batch): ms/img per library and PyTorch, ratios, conv efficiency."""
    rows = []
    for m in models:
        for b in batches:
            t = torch_points.get((m, b))
            row = {"model": m, "batch": b, "ms": {}, "errors": [], "noisy": [], "torch_variant": None}
            for lib in libs:
                o = ours.get((m, lib, b))
                row["ms"][lib] = per_image(o)
                if o and not o.get("success"):
                    row["errors"].append(f"{lib}: {o.get('error')}")
                if o and o.get("success") and is_noisy(o):
                    row["noisy"].append(lib)
            for lib in libs:  # whole-network GFLOP/s of each series: 2 x MACs / time
                o = ours.get((m, lib, b))
                if o and o.get("success") and row["ms"].get(lib):
                    row.setdefault("gflops", {})[lib] = 2 * net_macs(o) / (row["ms"][lib] * 1e6)
                    row["macs"] = net_macs(o)
            o = ours.get((m, "openblas", b))
            row["openblas_conv_gflops"] = conv_gflops(o) if o and o.get("success") else None
            row["conv_pct"] = 100 * row["openblas_conv_gflops"] / peak if row["openblas_conv_gflops"] and peak else None
            row["ms"]["PyTorch"] = t["median_ms"] / b if t and t.get("success") else None
            if t and t.get("success"):
                row["torch_variant"] = t["variant"]
                if max(t["time_ms"]) > NOISY_SPREAD * min(t["time_ms"]):
                    row["noisy"].append("PyTorch")
            elif t:
                row["errors"].append("PyTorch: " + (t.get("error") or "; ".join(t.get("errors", {}).values())))
            rows.append(row)
    return rows


def best_of(rows, model, lib):
    """(ms/img, batch) of a library's best batch for a model, or (None, None)."""
    cands = [(r["ms"][lib], r["batch"]) for r in rows if r["model"] == model and r["ms"].get(lib)]
    return min(cands) if cands else (None, None)


def adaptive_round(m, doc, rows, libs):
    """One round of a model's adaptive command (the plan and the single libraries at every batch):
    the plan at its own batch against its predictions, and the adaptive run at its best batch against
    the best single library at its best batch (each (library, batch) at its freshest measurement)."""
    points = [p for p in doc.get("points", []) if p["model"] == m]
    adaptive = {p["batch"]: p for p in points if p["lib"] == "adaptive"}
    plan_batch = next(iter(adaptive.values()))["plan"]["batch"] if adaptive else None
    a = adaptive.get(plan_batch)
    if not a or not a.get("success"):
        return {"model": m, "error": (a or {}).get("error", "no adaptive point at the plan's batch")}
    plan, b = a["plan"], a["batch"]
    transfers = sum(median(l["time_ms"]) for l in a["layers"] if l["type"] == "Transfer") / b
    reorders = sum(median(l["time_ms"]) for l in a["layers"] if l["type"] == "Reorder") / b
    measured = layer_pass(a) / b
    # The same plan predicted again from the single-library points measured beside it (same command,
    # same batch, same machine state): each layer with its own reorders, as the plan chose.
    beside = {p["lib"]: layer_costs(p) for p in points if p["lib"] != "adaptive" and p.get("success") and p["batch"] == b}
    try:
        predicted_beside = sum(beside[l["lib"]][l["index"]] for l in plan["layers"]) / b
    except KeyError:
        predicted_beside = None
    singles = {}
    for lib in libs:
        for r in rows:
            if r["model"] == m and r["ms"].get(lib):
                singles[(lib, r["batch"])] = r["ms"][lib]
    for p in points:
        if p["lib"] != "adaptive" and p.get("success"):
            singles[(p["lib"], p["batch"])] = per_image(p)
    best_ms, (best_lib, best_batch) = min((v, k) for k, v in singles.items()) if singles else (None, (None, None))
    e2e, e2e_batch = min((per_image(p), batch) for batch, p in adaptive.items() if p.get("success"))
    return {"model": m, "batch": b, "predicted": plan["predicted_ms_per_image"],
            "predicted_beside": predicted_beside, "transfers": transfers, "reorders": reorders, "measured": measured,
            "vs_sweep": 100 * (measured - plan["predicted_ms_per_image"] - transfers)
            / (plan["predicted_ms_per_image"] + transfers),
            "vs_predicted": 100 * (measured - predicted_beside - transfers) / (predicted_beside + transfers)
            if predicted_beside else None,
            "e2e": e2e, "e2e_batch": e2e_batch, "best_lib": best_lib, "best_batch": best_batch, "best_ms": best_ms,
            "vs_best": 100 * (e2e - best_ms) / best_ms if best_ms else None,
            "layers": {lib: sum(1 for l in plan["layers"] if l["lib"] == lib) for lib in libs},
            "noisy": is_noisy(a)}


def adaptive_rows(models, adaptive_docs, rows, libs):
    """Per model: the median over rounds of every figure of adaptive_round (the best single library
    being the one most rounds found); an error when any round failed."""
    out = []
    for m in models:
        rounds = [adaptive_round(m, doc, rows, libs) for doc in adaptive_docs.get(m, [])]
        if not rounds:
            continue
        failed = [r for r in rounds if "error" in r]
        if failed:
            out.append(failed[0])
            continue
        row = dict(rounds[0], rounds=len(rounds))
        for key in ("predicted_beside", "transfers", "reorders", "measured", "vs_sweep", "vs_predicted", "e2e",
                    "best_ms", "vs_best"):
            values = [r[key] for r in rounds if r[key] is not None]
            row[key] = median(values) if values else None
        row["best_lib"], row["best_batch"] = statistics.mode([(r["best_lib"], r["best_batch"]) for r in rounds])
        row["e2e_batch"] = statistics.mode([r["e2e_batch"] for r in rounds])
        row["noisy"] = any(r["noisy"] for r in rounds)
        out.append(row)
    return out


def against_pytorch(rows, models, lib, strict):
    """(all ok, one line per model) for `lib` against PyTorch, each at its own best batch; strict: faster,
    else at least as fast."""
    all_ok, parts = True, []
    for m in models:
        mine, mb = best_of(rows, m, lib)
        theirs, tb = best_of(rows, m, "PyTorch")
        if mine is None or theirs is None:
            all_ok = False
            parts.append(f"{m}: not measured")
            continue
        ok = mine < theirs if strict else mine <= theirs
        all_ok &= ok
        parts.append(f"{m}: {lib} {mine:.2f} ms/img (b{mb}) vs PyTorch {theirs:.2f} ms/img (b{tb}): "
                     f"{theirs / mine:.2f}x {'ok' if ok else 'SLOWER'}")
    return all_ok, parts


def verdicts(rows, models, peak, adaptive):
    lines = []
    alex = [r for r in rows if r["model"] == "alexnet" and r["batch"] == 16]
    if alex and alex[0]["openblas_conv_gflops"] and peak:
        pct = alex[0]["conv_pct"]
        lines.append(f"- {'PASS' if pct >= 100 * SGEMM_TARGET else 'FAIL'}: AlexNet conv at batch 16 (openblas) >= "
                     f"{100 * SGEMM_TARGET:.0f}% of sgemm ({alex[0]['openblas_conv_gflops']:.1f} GFLOP/s = "
                     f"{pct:.0f}% of {peak:.1f})")
    else:
        lines.append("- not measured: AlexNet conv at batch 16 >= 60% of sgemm (needs alexnet, openblas, batch 16)")
    for lib, strict, words in (("openblas", True, "faster than"), ("onednn", False, "at least as fast as")):
        if not any(r["ms"].get(lib) for r in rows):
            continue
        all_ok, parts = against_pytorch(rows, models, lib, strict)
        lines.append(f"- {'PASS' if all_ok else 'FAIL'}: {lib} {words} PyTorch on every model "
                     f"(each side at its own best batch)")
        lines += [f"  - {p}" for p in parts]
    lines += fused_verdicts(rows, models, peak)
    if adaptive:
        measured = [a for a in adaptive if "error" not in a]
        ok_pred = bool(measured) and all(a["vs_predicted"] is not None and abs(a["vs_predicted"]) <= PREDICTED_TOLERANCE
                                         for a in measured) and len(measured) == len(adaptive)
        lines.append(f"- {'PASS' if ok_pred else 'FAIL'}: the adaptive run within {PREDICTED_TOLERANCE:.0f}% of its "
                     f"predicted time plus its measured transfers (per-layer pass; the plan's layers as the single "
                     f"libraries ran them beside it)")
        lines += [f"  - {a['model']}: " + (a["error"] if "error" in a else
                                          f"{fmt(a['vs_predicted'], '+.1f')}% (against the sweep's prediction: "
                                          f"{a['vs_sweep']:+.1f}%)") for a in adaptive]
        ok_best = bool(measured) and all(a["vs_best"] is not None and a["vs_best"] <= BEST_SINGLE_TOLERANCE
                                         for a in measured) and len(measured) == len(adaptive)
        lines.append(f"- {'PASS' if ok_best else 'FAIL'}: the adaptive run never more than {BEST_SINGLE_TOLERANCE:.0f}% "
                     f"slower than the best single library (end to end, per image, each at its best batch)")
        lines += [f"  - {a['model']}: " + (a["error"] if "error" in a else
                                          f"{a['e2e']:.2f} (b{a['e2e_batch']}) vs {a['best_lib']} b{a['best_batch']} {a['best_ms']:.2f} "
                                          f"ms/img: {a['vs_best']:+.1f}%") for a in adaptive]
    return lines


FUSED_PEAK_TARGET = 0.85     # ResNet-50 fused: whole-network GFLOP/s over the sgemm peak
MOBILENET_FLOOR_TARGET = 1.25  # MobileNet v1 fused: time over its compute floor at the sgemm peak


def fused_verdicts(rows, models, peak):
    """The fused graph's targets: oneDNN fused vs PyTorch, ResNet-50 vs the sgemm peak, MobileNet vs its floor."""
    lib = "onednn/fused"
    if not any(r["ms"].get(lib) for r in rows):
        return []
    lines = []
    all_ok, parts = against_pytorch(rows, [m for m in models if m != "lenet"], lib, False)
    lines.append(f"- {'PASS' if all_ok else 'FAIL'}: oneDNN fused at least as fast as PyTorch on every model "
                 f"(each side at its own best batch)")
    lines += [f"  - {p}" for p in parts]
    for m, words in (("resnet-50", "ResNet-50"), ("mobilenet-v1", "MobileNet v1")):
        mine, mb = best_of(rows, m, lib)
        row = next((r for r in rows if r["model"] == m and r["batch"] == mb), None)
        if mine is None or not peak or not row or not row.get("macs"):
            lines.append(f"- not measured: {words} fused against the sgemm peak")
            continue
        gflops = 2 * row["macs"] / (mine * 1e6)
        floor_ms = 2 * row["macs"] / (peak * 1e6)
        if m == "resnet-50":
            ok = gflops >= FUSED_PEAK_TARGET * peak
            lines.append(f"- {'PASS' if ok else 'FAIL'}: ResNet-50 fused >= {100 * FUSED_PEAK_TARGET:.0f}% of the sgemm "
                         f"peak: {gflops:.1f} GFLOP/s at b{mb} = {100 * gflops / peak:.0f}% of {peak:.1f}")
        else:
            ok = mine <= MOBILENET_FLOOR_TARGET * floor_ms
            lines.append(f"- {'PASS' if ok else 'FAIL'}: MobileNet v1 fused under {MOBILENET_FLOOR_TARGET}x its compute "
                         f"floor: {mine:.2f} ms/img at b{mb} vs floor {floor_ms:.2f} ms/img ({mine / floor_ms:.2f}x)")
    return lines


def report(rows, models, libs, sgemm, ours_platform, torch_platform, info, adaptive):
    peak = sgemm.get("peak_gflops")
    loads = info.loadavg
    out = [f"Run {info.started} on {ours_platform.get('cpu') or platform.processor()}, {info.threads} threads, "
           f"{info.reps} repetitions after {info.warmup} warm-up passes; load average {loads[0]:.2f} before, "
           f"{loads[-1]:.2f} after.",
           f"OpenBLAS: {sgemm.get('config', '?')}, core {sgemm.get('corename', '?')}; sgemm "
           f"{sgemm.get('shapes', [{}])[0].get('name', '')} peak {fmt(peak, '.1f')} GFLOP/s (best of runs: "
           f"{', '.join(fmt(v, '.1f') for v in sgemm.get('peak_runs_gflops', [peak]))}); AlexNet conv GEMMs alone at "
           f"batch 16: {fmt(sgemm.get('alexnet_conv_b16_gflops'), '.1f')} GFLOP/s.",
           f"oneDNN: {ours_platform.get('libraries', {}).get('onednn', '?')}. PyTorch {torch_platform.get('torch', '?')} "
           f"(oneDNN: {torch_platform.get('mkldnn', '?')}, ATen {torch_platform.get('cpu_capability', '?')}), fastest "
           f"variant in a probe, then measured like cnn-bench."]
    cores = ours_platform.get("cores") or os.cpu_count()
    if max(loads) > cores + 1:  # the benchmark itself keeps `threads` cores busy
        out.append(f"Warning: the machine was busy (load average above its {cores} cores): other work shared the "
                   f"cores, so absolute figures are low and the same-run ratios are the meaningful ones.")
    cols = libs + ["PyTorch"]
    out += ["", "| model | batch | " + " | ".join(f"{c} ms/img" for c in cols) + " | "
            + " | ".join(f"PyTorch/{lib}" for lib in libs) + " | openblas conv GFLOP/s | conv % of sgemm "
            "| PyTorch variant | noisy |",
            "|---|---:|" + "---:|" * (2 * len(cols) - 1) + "---:|---:|---|---|"]
    for r in rows:
        ratios = [fmt(r["ms"]["PyTorch"] / r["ms"][lib] if r["ms"].get(lib) and r["ms"]["PyTorch"] else None, ".2f")
                  for lib in libs]
        out.append(f"| {r['model']} | {r['batch']} | " + " | ".join(fmt(r["ms"].get(c), ".2f") for c in cols) + " | "
                   + " | ".join(ratios) + f" | {fmt(r['openblas_conv_gflops'], '.1f')} | {fmt(r['conv_pct'], '.0f')} "
                   f"| {r['torch_variant'] or 'n/a'} | {', '.join(r['noisy'])} |")
    if adaptive:
        rounds = max((a.get("rounds", 1) for a in adaptive), default=1)
        out += ["", "Adaptive plans (made by `cnn-bench plan` from the sweep above, then run by `cnn-bench run --libs "
                f"adaptive,{','.join(libs)}` at every batch, {rounds} round(s), medians): at the plan's batch, the per-layer "
                "pass per image (predicted from the sweep, predicted from the single libraries run beside it, "
                "measured); end to end per image, the adaptive run and the best single library, each at its best "
                "batch.", "",
                "| model | batch | layers per library | predicted (sweep) | predicted (beside) | transfers | reorders "
                "| measured | vs predicted | adaptive e2e (batch) | best single | best e2e | vs best |",
                "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
        for a in adaptive:
            if "error" in a:
                out.append(f"| {a['model']} | | {a['error']} | | | | | | | | | | |")
                continue
            split = ", ".join(f"{lib} {n}" for lib, n in a["layers"].items() if n)
            out.append(f"| {a['model']} | {a['batch']} | {split} | {a['predicted']:.2f} | {fmt(a['predicted_beside'], '.2f')} "
                       f"| {a['transfers']:.2f} | {a['reorders']:.2f} | {a['measured']:.2f} "
                       f"| {fmt(a['vs_predicted'], '+.1f')}% | {a['e2e']:.2f} (b{a['e2e_batch']}) "
                       f"| {a['best_lib']} b{a['best_batch']} | {fmt(a['best_ms'], '.2f')} | {fmt(a['vs_best'], '+.1f')}% |")
    if any(r["noisy"] for r in rows):
        out += ["", f"noisy: the slowest repetition took more than {NOISY_SPREAD}x the fastest: machine load changed "
                "during the point."]
    errors = [f"- {r['model']} b{r['batch']}: {e}" for r in rows for e in r["errors"]]
    if errors:
        out += [""] + errors
    out += ["", "Targets:"] + verdicts(rows, models, peak, adaptive)
    return "\n".join(out) + "\n"
