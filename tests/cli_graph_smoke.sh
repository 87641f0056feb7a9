#!/usr/bin/env bash
# cnn-bench graph modes end to end: run --graph (stored, printed, exported, imported), verify --graph,
# report and plan per mode. The speed of the fused graph is never looked at, only its mode.
# Usage: cli_graph_smoke.sh CNN_BENCH WORK_DIR
set -u
# shellcheck source=cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"
begin_smoke "$@"

expect 0 run run --models lenet --libs reference,openblas --graph caffe,fused --batch 1 --reps 2 --max-reps 2 \
  --min-time 0 --rounds 1 --warmup 0 --db "$db" --out "$work/run.json"
check "run: the settings keep both modes" test "$(settings_list graphs 1)" = "caffe,fused"
check "run: a point per library and mode" json "$work/run.json" \
  "sorted((p['lib'], p['graph']) for p in d['points']) == [('openblas', 'caffe'), ('openblas', 'fused'), ('reference', 'caffe'), ('reference', 'fused')]"
check "run: modes side by side" json "$work/run.json" "[p['graph'] for p in d['points']] == ['caffe', 'fused'] * 2"
check "run: the progress line names the fused mode" grep -q '^\[round 1/1, point 2/4\] lenet reference fp32 fused batch 1: ' "$work/run.err"
check "run: the caffe mode is not named" grep -q '^\[round 1/1, point 1/4\] lenet reference fp32 batch 1: ' "$work/run.err"
check "run: the summary names the fused series" grep -Eq '^  lenet +openblas +fp32, fused +[0-9]' "$work/run.out"
expect 0 default_mode run --models lenet --libs reference --batch 1 --reps 1 --max-reps 1 --min-time 0 --rounds 1 \
  --warmup 0 --db "$db"
check "run: caffe by default" test "$(settings_list graphs 2)" = "caffe"

expect 0 report report --db "$db" --run 1
check "report (a): the fused series" grep -Eq '^  lenet +openblas +fp32, fused ' "$work/report.out"
check "report (b): an adaptive solution per mode" grep -q '^  lenet, fp32, fused: batch 1, ' "$work/report.out"
check "report (b): and the caffe one" grep -q '^  lenet, fp32: batch 1, ' "$work/report.out"
check "report (d): fused against caffe" grep -q 'fused / caffe (openblas fp32)' "$work/report.out"
expect 0 report_json report --db "$db" --run 1 --json
check "report --json: best per series and mode" json "$work/report_json.out" \
  "sorted((b['lib'], b['graph']) for b in d['best']) == [('openblas', 'caffe'), ('openblas', 'fused'), ('reference', 'caffe'), ('reference', 'fused')]"
check "report --json: adaptive per mode" json "$work/report_json.out" "[a['graph'] for a in d['adaptive']] == ['caffe', 'fused']"
check "report --json: labelled ratios" json "$work/report_json.out" \
  "'openblas/fp32/fused' in [r['numerator'] for r in d['ratios']]"

expect 0 plan plan --db "$db" --run 1 --out "$work/plans.json" --prototxt "$work/prototxt"
check "plan: a plan per mode" json "$work/plans.json" "[(p['model'], p['graph']) for p in d['plans']] == [('lenet', 'caffe'), ('lenet', 'fused')]"
check "plan: the table names the mode" grep -Eq '^lenet +fused ' "$work/plan.out"
check "plan: no prototxt for the fused plan" grep -q 'no prototxt for the fused plan of lenet' "$work/plan.err"
expect 0 plan_caffe plan --db "$db" --run 1 --graph caffe --out "$work/plans_caffe.json"
check "plan --graph caffe: one plan" json "$work/plans_caffe.json" "[p['graph'] for p in d['plans']] == ['caffe']"
expect 0 run_fused_plan run --plan "$work/plans.json" --graph fused --reps 1 --max-reps 1 --min-time 0 --rounds 1 \
  --warmup 0 --db "$db" --out "$work/adaptive.json"
check "run --plan --graph fused: the fused plan only" json "$work/adaptive.json" \
  "[(p['lib'], p['graph'], p['plan']['graph']) for p in d['points']] == [('adaptive', 'fused', 'fused')]"

expect 0 export_csv export --db "$db" --run 1 --out "$work/run.csv"
check "csv: the graph column" python3 -c "import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if sorted({(r['lib'], r['graph']) for r in rows}) == [('openblas', 'caffe'), ('openblas', 'fused'), ('reference', 'caffe'), ('reference', 'fused')] else 1)" "$work/run.csv"
expect 0 import import "$work/run.json" --db "$db"
check "import: the settings keep both modes" test "$(settings_list graphs 4)" = "caffe,fused"
expect 0 export_again export --db "$db" --run 4
check "import: the points keep their modes" python3 -c "import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
sys.exit(0 if a['points'] == b['points'] else 1)" "$work/run.json" "$work/export_again.out"

expect 0 verify verify --models lenet --libs openblas --graph caffe
check "verify: the mode in its table" grep -Eq '^lenet +openblas +fp32 +caffe +sequential +2 .* PASS' "$work/verify.out"
expect 0 verify_fused verify --models lenet --libs openblas --graph fused
check "verify --graph fused: the fused row passes" grep -Eq '^lenet +openblas +fp32 +fused +sequential +2 .* PASS' "$work/verify_fused.out"

expect_usage_error bad_graph run --models lenet --libs reference --graph folded --db "$db"
check "bad --graph: one sentence naming the valid modes" grep -qx "cnn-bench: unknown graph mode 'folded' for '--graph' (use caffe, fused or caffe,fused)" "$work/bad_graph.err"
expect_usage_error verify_bad_graph verify --models lenet --graph folded
expect_usage_error plan_bad_graph plan --db "$db" --run 1 --graph folded

end_smoke
