#!/usr/bin/env bash
# cnn-bench schedulers end to end: run --schedule (stored with the run and its points, printed, reported,
# exported, imported) and a one-sentence error for an unknown scheduler. Only the scheduler each point
# names is looked at, never its speed or its schedule's stages.
# Usage: cli_schedule_smoke.sh CNN_BENCH WORK_DIR
set -u
# shellcheck source=cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"
begin_smoke "$@"

expect 0 run run --models lenet --libs reference --schedule sequential,ios --batch 1 --reps 2 --max-reps 2 \
  --min-time 0 --rounds 1 --warmup 0 --db "$db" --out "$work/run.json"
check "run: the settings keep both schedulers" test "$(settings_list schedulers 1)" = "sequential,ios"
check "run: a point per scheduler, side by side" json "$work/run.json" \
  "[p['scheduler'] for p in d['points']] == ['sequential', 'ios']"
check "run: the progress line names ios" grep -q '^\[round 1/1, point 2/2\] lenet reference fp32 ios batch 1: ' "$work/run.err"
check "run: sequential is not named" grep -q '^\[round 1/1, point 1/2\] lenet reference fp32 batch 1: ' "$work/run.err"
check "run: the summary names the ios series" grep -Eq '^  lenet +reference +fp32, ios +[0-9]' "$work/run.out"
check "store: the points' schedulers" test "$(python3 -c "import sqlite3, sys
print(','.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT scheduler FROM points ORDER BY id')))" "$db")" = "sequential,ios"
expect 0 default_schedule run --models lenet --libs reference --batch 1 --reps 1 --max-reps 1 --min-time 0 \
  --rounds 1 --warmup 0 --db "$db" --out "$work/default.json"
check "run: sequential by default" test "$(settings_list schedulers 2)" = "sequential"
check "run: its point sequential" json "$work/default.json" "[p['scheduler'] for p in d['points']] == ['sequential']"

expect 0 report report --db "$db" --run 1
check "report (a): the ios series" grep -Eq '^  lenet +reference +fp32, ios ' "$work/report.out"
check "report (d): ios against sequential" grep -q 'ios / sequential (reference fp32)' "$work/report.out"
expect 0 report_json report --db "$db" --run 1 --json
check "report --json: best per scheduler" json "$work/report_json.out" \
  "sorted(b['scheduler'] for b in d['best']) == ['ios', 'sequential']"
check "report --json: labelled ratio" json "$work/report_json.out" \
  "'reference/fp32/ios' in [r['numerator'] for r in d['ratios']]"

expect 0 export_csv export --db "$db" --run 1 --out "$work/run.csv"
check "csv: the scheduler column" python3 -c "import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if sorted({r['scheduler'] for r in rows}) == ['ios', 'sequential'] else 1)" "$work/run.csv"
expect 0 import import "$work/run.json" --db "$db"
check "import: the settings keep both schedulers" test "$(settings_list schedulers 3)" = "sequential,ios"
expect 0 export_again export --db "$db" --run 3
check "import: the points keep their schedulers and schedules" python3 -c "import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
sys.exit(0 if a['points'] == b['points'] else 1)" "$work/run.json" "$work/export_again.out"

check "run: the ios point keeps its schedule, every stage timed in each repetition" json "$work/run.json" \
  "all(len(st['time_ms']) == 2 for st in d['points'][1]['schedule']['stages']) and d['points'][1]['schedule']['stages_measured'] > 0"
check "run: the sequential point has none" json "$work/run.json" "'schedule' not in d['points'][0]"

expect 0 schedule schedule --model lenet --lib reference --threads 2 --compare 2 --runs 1 --out "$work/lenet.schedule.json"
check "schedule: the summary names the model and the search" grep -Eq '^lenet on reference fp32 caffe, batch 1, 2 threads: ios schedule of [0-9]+ stages' "$work/schedule.out"
check "schedule: three schedules compared" grep -Eq '^greedy +[0-9.]+ ' "$work/schedule.out"
check "schedule: the document names every layer and node indices in range" json "$work/lenet.schedule.json" \
  "d['layers'][0] == 'conv1' and sorted(i for st in d['schedule']['stages'] for g in st['groups'] for i in g) == list(range(len(d['layers'])))"
expect_usage_error schedule_device schedule --model lenet --lib nosuchlib
check "schedule: an unknown library in one sentence" grep -qx \
  "cnn-bench: unknown library 'nosuchlib' for --lib (see 'cnn-bench list')" "$work/schedule_device.err"
expect_usage_error schedule_bad schedule --model lenet --lib reference --scheduler sequential
check "schedule: sequential is not a search" grep -qx \
  "cnn-bench: --scheduler is 'sequential'; use ios or greedy" "$work/schedule_bad.err"

expect_usage_error bad_schedule run --models lenet --libs reference --schedule fast --db "$db"
check "bad --schedule: one sentence naming the option and the valid names" grep -qx \
  "cnn-bench: unknown scheduler 'fast' for '--schedule' (use sequential, greedy, ios or a list like sequential,ios)" \
  "$work/bad_schedule.err"

end_smoke
