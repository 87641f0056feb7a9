#!/usr/bin/env bash
# cnn-bench and its results store, end to end. Usage: cli_store_smoke.sh CNN_BENCH WORK_DIR
set -u
# shellcheck source=cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"
begin_smoke "$@"

# points_of RUN-ID: how many points `runs --json` lists for the run (-1 when absent).
points_of() {
  "$bench" runs --db "$db" --json 2>/dev/null | python3 -c "import json, sys
runs = [r for r in json.load(sys.stdin)['runs'] if r['id'] == int(sys.argv[1])]
print(runs[0]['points'] if runs else -1)" "$1"
}

# --- a tiny sweep, stored point by point ---
expect 0 runs_empty runs --db "$db"
check "runs: no runs yet" grep -q '^No runs stored' "$work/runs_empty.out"
check "runs does not create the store" test ! -e "$db"
expect 0 run run --models lenet --libs reference,openblas --batch 1,2 --reps 2 --max-reps 2 --min-time 0 --warmup 1 \
  --db "$db" --label smoke --out "$work/run.json"
check "run prints its id" grep -q "stored as run 1 in $db\.\$" "$work/run.err"
expect 0 runs runs --db "$db"
check "runs lists run 1" grep -Eq '^ +1 .* lenet +reference,openblas +4 +finished +smoke$' "$work/runs.out"
expect 0 runs_json runs --db "$db" --json
check "runs --json" json "$work/runs_json.out" \
  "[(r['id'], r['points'], r['status'], r['label'], r['libs']) for r in d['runs']] == [(1, 4, 'finished', 'smoke', ['reference', 'openblas'])]"

# --- report ---
expect 0 report report --db "$db"
for section in '(a) Best time per image' '(b) Ideal adaptive solution' '(c) Memory per image' '(d) Time ratios'; do
  check "report: $section" grep -qF "$section" "$work/report.out"
done
check "report: adaptive total" grep -q '^  lenet, fp32: batch [12], .* ms/image in total$' "$work/report.out"
check "report: ratio" grep -q 'openblas / reference (fp32)' "$work/report.out"
expect 0 report_json report --db "$db" --run 1 --json --good-enough 10
check "report --json is one object" json "$work/report_json.out" \
  "set(d) == {'run', 'options', 'best', 'adaptive', 'executed_adaptive', 'memory', 'ratios', 'readings', 'roofline'} and d['run']['id'] == 1"
check "report --json: the readings of the run" json "$work/report_json.out" \
  "d['readings']['points'] == 4 and d['readings']['noise_threshold'] == 0.05 and d['readings']['provisional'] == 0"
check "report --json: best per series with speedups" json "$work/report_json.out" \
  "sorted((b['lib'], b['speedup'] is not None) for b in d['best']) == [('openblas', True), ('reference', True)]"
check "report --json: adaptive over two libraries" json "$work/report_json.out" \
  "[(a['model'], a['libraries'], len(a['per_library'])) for a in d['adaptive']] == [('lenet', 2, 2)]"
check "report --json: memory and ratios" json "$work/report_json.out" \
  "len(d['memory']) == 2 and len(d['ratios']) == 1 and d['options']['good_enough_percent'] == 10"
expect 0 report_reference report --db "$db" --reference --json
check "report --reference: 24 published rows" json "$work/report_reference.out" \
  "d['reference']['published'] and len(d['reference']['rows']) == 24 and len(d['reference']['accuracy']) == 4"
check "report --reference: TX1 alexnet openblas" json "$work/report_reference.out" \
  "[(r['ms_per_image'], r['batch']) for r in d['reference']['rows'] if r['model'] == 'alexnet' and r['tag'] == 'cpu'] == [(124.327292, 16)]"
expect 0 report_reference_text report --db "$db" --reference --libs openblas
check "report --reference text" grep -Eq '^  alexnet +openblas +fp32 +- .* 124\.327 +16 ' "$work/report_reference_text.out"
check "the reference is never stored" test "$(points_of 1)" -eq 4 -a "$(points_of 2)" -eq -1

# --- export and import round trip ---
expect 0 export_json export --db "$db" --run 1 --format json --out "$work/export1.json"
check "export equals run --out" cmp -s "$work/export1.json" "$work/run.json"
expect 0 import import "$work/export1.json" --db "$db" --label again
check "import prints the new id" grep -q "stored as run 2 in $db\$" "$work/import.out"
expect 0 export_again export --db "$db" --run 2
check "round trip: identical documents" cmp -s "$work/export1.json" "$work/export_again.out"
check "round trip: points and platform" python3 -c "import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
sys.exit(0 if a['points'] == b['points'] and a['platform'] == b['platform'] and len(a['points']) == 4 else 1)" \
  "$work/export1.json" "$work/export_again.out"
expect 0 export_csv export --db "$db" --run 2 --out "$work/export.csv"
check "csv: a row per point and repetition" python3 -c "import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if len(rows) == 8 and {r['lib'] for r in rows} == {'reference', 'openblas'} else 1)" "$work/export.csv"
check "csv: layers beside" python3 -c "import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if len(rows) > 0 and len(rows) % 8 == 0 and set(rows[0]) >= {'name', 'type', 'time_ms'} else 1)" \
  "$work/export.layers.csv"
expect 0 export_csv_stdout export --db "$db" --format csv
check "csv on stdout: header and 8 rows" test "$(wc -l <"$work/export_csv_stdout.out")" -eq 9

# --- user errors ---
expect_usage_error report_no_run report --db "$db" --run 99
expect_usage_error report_unknown_lib report --db "$db" --libs nosuch
expect_usage_error report_bad_baseline report --db "$db" --baseline nosuch
expect_usage_error report_bad_percent report --db "$db" --good-enough -1
expect_usage_error report_missing_db report --db "$work/missing.sqlite"
expect_usage_error export_bad_format export --db "$db" --format xml
expect_usage_error export_format_mismatch export --db "$db" --format csv --out "$work/x.json"
expect_usage_error import_missing import "$work/missing.json" --db "$db"
expect_usage_error import_no_file import --db "$db"
printf '{"points": []}' >"$work/not_results.json"
expect_usage_error import_not_results import "$work/not_results.json" --db "$db"
expect_usage_error run_no_store_and_db run --models lenet --no-store --db "$db"
check "no run added by the errors" test "$(points_of 3)" -eq -1

# --- a corrupt store is refused before anything runs, and left untouched ---
head -c 4096 /dev/urandom >"$work/corrupt.sqlite"
cp "$work/corrupt.sqlite" "$work/corrupt.orig"
expect_usage_error corrupt_run run --models lenet --libs reference --db "$work/corrupt.sqlite"
check "corrupt: names the file" grep -qF "$work/corrupt.sqlite" "$work/corrupt_run.err"
check "corrupt: nothing ran" test ! -s "$work/corrupt_run.out"
expect_usage_error corrupt_runs runs --db "$work/corrupt.sqlite"
expect_usage_error corrupt_import import "$work/export1.json" --db "$work/corrupt.sqlite"
check "corrupt: file untouched" cmp -s "$work/corrupt.sqlite" "$work/corrupt.orig"

# --- --no-store ---
expect 0 no_store run --models lenet --libs reference --batch 1 --reps 1 --warmup 0 --no-store
check "--no-store stores nothing" test "$(points_of 3)" -eq -1 -a ! -e "$XDG_DATA_HOME"
check "--no-store prints no id" test "$(grep -c 'stored as run' "$work/no_store.err")" -eq 0

# --- a run killed with SIGKILL keeps the points committed before the kill ---
# long_sweep LABEL: starts a sweep far too long to finish, in the background; its pid in $!.
long_sweep() {
  "$bench" run --models lenet --libs reference --batch 1:400 --reps 3 --warmup 1 --db "$db" --label "$1" \
    >"$work/$1.out" 2>"$work/$1.err" &
}
# wait_for_points RUN-ID N: waits (up to 120 s) until the run has at least N points stored.
wait_for_points() {
  for _ in $(seq 600); do
    [ "$(points_of "$1")" -ge "$2" ] && return 0
    sleep 0.2
  done
  return 1
}
long_sweep killed
pid=$!
check "killed: points committed while running" wait_for_points 3 2
kill -KILL "$pid"
wait "$pid" 2>/dev/null
seen=$(points_of 3)
check "killed: points survive the kill ($seen)" test "$seen" -ge 2 -a "$seen" -lt 400
expect 0 runs_after_kill runs --db "$db"
check "killed: listed as running" grep -Eq '^ +3 .* running +killed$' "$work/runs_after_kill.out"
expect 0 export_killed export --db "$db" --run 3 --out "$work/killed.json"
check "killed: export holds the committed points" json "$work/killed.json" \
  "len(d['points']) == $seen and [p['batch'] for p in d['points']] == list(range(1, $seen + 1))"
expect 0 report_killed report --db "$db" --run 3 --json
check "killed: report works" json "$work/report_killed.out" "d['run']['status'] == 'running'"

# --- Ctrl-C: the run is finished as cancelled ---
long_sweep interrupted
pid=$!
check "interrupted: points committed" wait_for_points 4 1
kill -INT "$pid"
wait "$pid"
check "interrupted: exit 130" test $? -eq 130
expect 0 runs_after_int runs --db "$db" --json
check "interrupted: status cancelled" json "$work/runs_after_int.out" \
  "[r['status'] for r in d['runs'] if r['id'] == 4] == ['cancelled']"
check "interrupted: prints its id" grep -q "stored as run 4 in" "$work/interrupted.err"

# --- top-1 in the report and the CSV: measured (carried by imported points), else published ---
# Run 1 again, its openblas points measured on Fashion-MNIST and its reference points named alexnet
# (which has a published ImageNet top-1).
python3 - "$work/export1.json" "$work/accuracy.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for p in d['points']:
    if p['lib'] == 'openblas':
        p['accuracy'] = {'dataset': 'fashion-mnist-test', 'images': 10000, 'correct': 9083}
    else:
        p['model'] = 'alexnet'
json.dump(d, open(sys.argv[2], 'w'))
PY
expect 0 import_accuracy import "$work/accuracy.json" --db "$db" --label accuracy
check "accuracy: imported as run 5" grep -q "stored as run 5 in $db\$" "$work/import_accuracy.out"
expect 0 report_accuracy report --db "$db" --run 5
check "report: measured top-1" \
  grep -Eq '^  lenet +openblas +fp32 .* 90\.8 % \(fashion-mnist-test, 10000 images\) *$' "$work/report_accuracy.out"
check "report: published top-1" grep -Eq '^  alexnet +reference +fp32 .* 56\.8 % published *$' "$work/report_accuracy.out"
check "report: top-1 explained" grep -qF "top-1: measured with the series" "$work/report_accuracy.out"
expect 0 report_accuracy_json report --db "$db" --run 5 --json
check "report --json: top-1 per best row" json "$work/report_accuracy_json.out" \
  "[(b['model'], b['accuracy']['source'], b['accuracy']['text']) for b in d['best']] == [('alexnet', 'published', '56.8 % published'), ('lenet', 'measured', '90.8 % (fashion-mnist-test, 10000 images)')] and d['best'][1]['accuracy']['images'] == 10000"
check "report --json: none known for lenet" json "$work/report_json.out" "[b['accuracy'] for b in d['best']] == [None, None]"
expect 0 export_accuracy export --db "$db" --run 5 --format json --out "$work/export5.json"
check "accuracy: the export keeps it" json "$work/export5.json" \
  "[p.get('accuracy') for p in d['points']] == [p.get('accuracy') for p in json.load(open('$work/accuracy.json'))['points']] and sum('accuracy' in p for p in d['points']) == 2"
expect 0 export_accuracy_csv export --db "$db" --run 5 --format csv --out "$work/accuracy.csv"
check "accuracy: CSV top1" python3 -c "import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if rows and all((r['top1'] == '0.9083') == (r['lib'] == 'openblas') for r in rows) else 1)" "$work/accuracy.csv"

end_smoke
