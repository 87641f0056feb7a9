#!/usr/bin/env bash
# cnn-bench end to end: exit statuses and the files --out writes. Usage: cli_smoke.sh CNN_BENCH WORK_DIR
set -u
# shellcheck source=cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"
begin_smoke "$@"

expect 0 help --help
expect 0 version --version
expect 0 run_help run --help
expect 0 list list
check "list names lenet" grep -q '^  lenet ' "$work/list.out"
expect 0 list_json list --json
check "list --json names reference" grep -q '"id": "reference"' "$work/list_json.out"

expect 0 run_json run --models lenet --libs reference,openblas --batch 1,2 --reps 2 --warmup 1 --out "$work/r.json"
check "json schema" grep -q '"schema": "cnn-explorer/1"' "$work/r.json"
check "json has 4 points" test "$(grep -c '"model": "lenet"' "$work/r.json")" -eq 4
check "summary printed" grep -q 'Best time per image' "$work/run_json.out"
check "where the time goes" grep -q 'by type:' "$work/run_json.out"

expect 0 run_csv run --models lenet --libs reference --batch 1 --reps 2 --max-reps 2 --min-time 0 --rounds 1 --warmup 0 \
  --out "$work/r.csv"
check "points csv header" grep -q '^model,lib,precision,graph,scheduler,batch,threads,success,error,repetition,time_fw_ms,' "$work/r.csv"
check "points csv rows" test "$(wc -l <"$work/r.csv")" -eq 3
check "layers csv beside" grep -q '^model,lib,precision,graph,scheduler,batch,threads,index,name,type,' "$work/r.layers.csv"
check "progress off a terminal: a line per visit" test "$(grep -c '^\[round 1/1, point 1/1\] lenet reference fp32 batch 1: ' "$work/run_csv.err")" -eq 1
check "progress off a terminal: no carriage return" test "$(tr -cd '\r' <"$work/run_csv.err" | wc -c)" -eq 0
expect 0 run_rounds run --models lenet --libs reference --batch 1,2 --reps 3 --rounds 3 --min-time 0 --warmup 0 --out "$work/rounds.json"
check "rounds: every point visited three times" test "$(grep -c '^\[round [123]/3, point [12]/2\]' "$work/run_rounds.err")" -ge 6
check "rounds: visits recorded" grep -q '"visits": [3-6]' "$work/rounds.json"
check "noise in the json" grep -q '"cov":' "$work/rounds.json"
expect_usage_error bad_max_reps run --models lenet --reps 5 --max-reps 2

expect 0 verify verify --models lenet,alexnet
check "verify passes" grep -q 'PASS' "$work/verify.out"

expect_usage_error no_command
expect_usage_error unknown_command frobnicate
expect_usage_error unknown_model run --models nosuch
expect_usage_error bad_range run --models lenet --batch 5:1
expect_usage_error unknown_lib run --models lenet --libs nosuchlib
expect_usage_error unknown_option run --models lenet --fast
expect_usage_error bad_reps run --models lenet --reps 0
expect_usage_error missing_file run --models "$work/missing.prototxt"
expect_usage_error bad_out run --models lenet --out "$work/no/such/dir/r.json"
expect_usage_error bad_out_ext run --models lenet --out "$work/r.txt"
expect_usage_error verify_unknown_model verify --models nosuch
check "no file left by a refused --out" test ! -e "$work/r.txt"

end_smoke
