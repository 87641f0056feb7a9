#!/usr/bin/env bash
# cnn-bench plan and run --libs adaptive, end to end: a sweep, its plans (JSON and prototxt), the
# plans executed and reported, and the user errors. Usage: cli_adaptive_smoke.sh CNN_BENCH WORK_DIR
set -u
# shellcheck source=cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"
begin_smoke "$@"

# --- a sweep over two libraries, then its plans ---
expect 0 sweep run --models lenet,squeezenet-1.1 --libs openblas,onednn --batch 1,2 --reps 2 --warmup 1 --threads 1 \
  --db "$db"
expect 0 plan plan --db "$db" --run 1 --libs openblas,onednn --out "$work/plans.json" --prototxt "$work/protos"
check "plan: a row per model" grep -Eq '^squeezenet-1\.1 +caffe +[12] ' "$work/plan.out"
check "plan: how to run it" grep -qF "cnn-bench run --libs adaptive --plan $work/plans.json" "$work/plan.err"
check "plans.json: two plans, every layer planned" json "$work/plans.json" \
  "d['schema'] == 'cnn-explorer-plan/1' and [p['model'] for p in d['plans']] == ['lenet', 'squeezenet-1.1'] and \
   all(p['source_run'] == 1 and len(p['layers']) > 0 and {l['lib'] for l in p['layers']} <= {'openblas', 'onednn'} \
       for p in d['plans'])"
check "prototxt: an engine per layer" test "$(grep -c '^  engine: "' "$work/protos/squeezenet-1.1.adaptive.prototxt")" -eq \
  "$(python3 -c "import json; print(len(json.load(open('$work/plans.json'))['plans'][1]['layers']))")"
# The exported prototxt is a model of its own: same shape of network, runnable.
expect 0 run_prototxt run --models "$work/protos/lenet.adaptive.prototxt" --libs openblas --reps 1 --warmup 0 --no-store

# --- the plans run as lib adaptive, each at its own batch, and are reported against the prediction ---
expect 0 adaptive run --libs adaptive --plan "$work/plans.json" --reps 2 --warmup 1 --threads 1 --db "$db" \
  --out "$work/adaptive.json"
check "adaptive: one point per plan, each with its plan" json "$work/adaptive.json" \
  "[(p['model'], p['lib'], p['success']) for p in d['points']] == [('lenet', 'adaptive', True), \
    ('squeezenet-1.1', 'adaptive', True)] and all(p['plan']['model'] == p['model'] and p['batch'] == p['plan']['batch'] \
    for p in d['points'])"
check "adaptive: reorders recorded beside their layers" json "$work/adaptive.json" \
  "all(l['index'] == prev['index'] for p in d['points'] for prev, l in zip(p['layers'], p['layers'][1:]) \
       if l['type'] in ('Reorder', 'Transfer'))"
expect 0 report report --db "$db" --run 2 --json
check "report: executed plans beside the prediction" json "$work/report.out" \
  "[e['model'] for e in d['executed_adaptive']] == ['lenet', 'squeezenet-1.1'] and \
   all(e['predicted_ms_per_image'] > 0 and e['measured_ms_per_image'] > 0 for e in d['executed_adaptive'])"
expect 0 report_text report --db "$db" --run 2
check "report text: section (b')" grep -q "^(b') Executed adaptive plans" "$work/report_text.out"
# With the single libraries in the same run, at one batch.
expect 0 compare run --models squeezenet-1.1 --libs openblas,onednn,adaptive --plan "$work/plans.json" --batch 2 \
  --reps 1 --warmup 0 --threads 1 --db "$db"
expect 0 compare_report report --db "$db" --run 3 --json
check "report: best single measured in the same run" json "$work/compare_report.out" \
  "d['executed_adaptive'][0]['batch'] == 2 and d['adaptive'][0]['libraries'] == 2"

# --- one command after a sweep: the plans made from stored run 1 and run at once ---
expect 0 plan_run run --libs adaptive --plan-run 1 --models lenet --reps 1 --warmup 0 --threads 1 --db "$db" \
  --out "$work/plan_run.json"
check "--plan-run: the same plan as 'plan' made" python3 -c "import json, sys
made = json.load(open(sys.argv[1]))['points'][0]['plan']
saved = json.load(open(sys.argv[2]))['plans'][0]
sys.exit(0 if made == saved else 1)" "$work/plan_run.json" "$work/plans.json"

# --- user errors ---
expect_usage_error adaptive_without_plan run --libs adaptive --db "$db"
expect_usage_error plan_without_adaptive run --libs openblas --plan "$work/plans.json" --db "$db"
expect_usage_error plan_missing run --libs adaptive --plan "$work/missing.json" --db "$db"
printf '{"schema": "cnn-explorer-plan/1", "plans": [{"model": "lenet"}]}' >"$work/bad_plan.json"
expect_usage_error plan_bad run --libs adaptive --plan "$work/bad_plan.json" --db "$db"
check "bad plan: names the field" grep -q "missing field 'precision'" "$work/plan_bad.err"
expect_usage_error plan_other_model run --models alexnet --libs adaptive --plan "$work/plans.json" --db "$db"
expect_usage_error plan_unknown_lib plan --db "$db" --run 1 --libs nosuch
expect_usage_error plan_two_precisions plan --db "$db" --run 1 --precision fp32,fp16
expect_usage_error plan_and_plan_run run --libs adaptive --plan "$work/plans.json" --plan-run 1 --db "$db"
expect_usage_error plan_run_missing_run run --libs adaptive --plan-run 99 --db "$db"
check "no run added by the errors" test "$("$bench" runs --db "$db" --json | python3 -c "import json, sys; print(len(json.load(sys.stdin)['runs']))")" -eq 4

end_smoke
