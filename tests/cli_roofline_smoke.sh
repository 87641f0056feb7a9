#!/usr/bin/env bash
# cnn-bench machine and the roofline, end to end: ceilings measured and stored, shown again, carried
# through export and import, and each layer of a run held against them in report (text and JSON).
# Usage: cli_roofline_smoke.sh CNN_BENCH WORK_DIR
set -u
# shellcheck source=cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"
begin_smoke "$@"

expect_usage_error show_nothing machine --show --db "$db"
check "show without a store names it" grep -q "no results store at '$db'" "$work/show_nothing.err"
expect_usage_error bad_reps machine --repetitions 0 --db "$db"

expect 0 machine machine --threads 1 --repetitions 2 --db "$db"
check "machine prints the host triad" grep -Eq '^  host +bandwidth +triad ' "$work/machine.out"
expect 0 machine_json machine --show --json --db "$db"
check "machine --show --json: the triad with 2 samples and its median" json "$work/machine_json.out" \
  "[c for c in d['ceilings'] if c['source'] == 'triad' and len(c['samples']) == 2 and c['min'] <= c['median'] <= c['max']]"
# Whether this build has a host library with a GEMM of its own (OpenBLAS, oneDNN): then a host fp32 roof.
has_roof=$(python3 -c "import json, sys; d = json.load(open(sys.argv[1]))
print(int(any(r['space'] == 'host' and r['precision'] == 'fp32' for r in d['roofs'])))" "$work/machine_json.out")
libs=reference
grep -q '"openblas": "host"' "$work/machine_json.out" && libs=reference,openblas

expect 0 run run --models lenet --libs "$libs" --batch 1 --reps 2 --max-reps 2 --min-time 0 --warmup 1 --db "$db"
expect 0 report report --db "$db"
check "report has the roofline section" grep -q '^(e) Roofline' "$work/report.out"
expect 0 report_json report --db "$db" --json
if [ "$has_roof" = 1 ]; then
  # LeNet's layers with FLOPs: conv1, pool1, conv2, pool2, ip1, relu1, ip2, prob, for every series.
  check "report --json: 8 layers per series with intensity and efficiency" json "$work/report_json.out" \
    "all(sum(1 for l in d['roofline']['layers'] if l['series'] == s) == 8 for s in {l['series'] for l in d['roofline']['layers']}) and all(l['intensity'] > 0 and l['gflops'] > 0 and l['attainable_gflops'] > 0 for l in d['roofline']['layers'])"
  check "report --json: conv1's FLOPs (2 x 20 x 24 x 24 x 1 x 5 x 5)" json "$work/report_json.out" \
    "all(l['flops'] == 576000 for l in d['roofline']['layers'] if l['name'] == 'conv1')"
  check "report --json: whole-network predictions" json "$work/report_json.out" \
    "len(d['roofline']['networks']) >= 1 and all(n['predicted_images_per_s'] > 0 for n in d['roofline']['networks'])"
else
  check "report --json: no host roof, no layers" json "$work/report_json.out" "d['roofline']['layers'] == []"
fi

expect 0 export export --db "$db" --out "$work/run.json"
check "export carries the machine record" json "$work/run.json" "d['machine']['cpu'] != '' and len(d['machine']['ceilings']) >= 1"
expect 0 import import "$work/run.json" --db "$work/other.sqlite"
expect 0 import_again import "$work/run.json" --db "$work/other.sqlite"
expect 0 other_show machine --show --json --db "$work/other.sqlite"
check "the imported record equals the measured one" python3 -c "import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(0 if a['ceilings'] == b['ceilings'] and a['measured_at'] == b['measured_at'] else 1)" \
  "$work/machine_json.out" "$work/other_show.out"
end_smoke
