# Shared helpers of the cnn-bench smoke tests. A script sources it, calls `begin_smoke "$@"` (its
# arguments: CNN_BENCH WORK_DIR) and ends with `end_smoke`.

# Sets bench, work (emptied), db (a store inside it) and failures; keeps the user's default store
# out of reach (XDG_DATA_HOME inside work).
begin_smoke() {
  bench=$1
  work=$2
  rm -rf "$work" && mkdir -p "$work" || exit 1
  db="$work/results.sqlite"
  export XDG_DATA_HOME="$work/xdg"
  failures=0
}

# Exits 1 when any check failed, else 0.
end_smoke() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}

# expect STATUS NAME ARGS...: runs cnn-bench ARGS, checks the exit status; stderr goes to $work/NAME.err.
expect() {
  local want=$1 name=$2
  shift 2
  "$bench" "$@" >"$work/$name.out" 2>"$work/$name.err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, expected $want: cnn-bench $*"
    sed 's/^/    /' "$work/$name.err" | tail -20
    failures=$((failures + 1))
  else
    echo "ok   $name (exit $got)"
  fi
}

# check NAME CONDITION-COMMAND...: a further check, reported like expect.
check() {
  local name=$1
  shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name: $*"; failures=$((failures + 1)); fi
}

# A user error: status 2 and one line starting "cnn-bench: ".
expect_usage_error() {
  local name=$1
  shift
  expect 2 "$name" "$@"
  check "$name: one line" test "$(wc -l <"$work/$name.err")" -eq 1
  check "$name: prefix" grep -q '^cnn-bench: ' "$work/$name.err"
}

# settings_list KEY RUN-ID: the list KEY ("graphs", "schedulers") of the run's settings in the store
# $db, comma separated; "(none)" when the settings have no such list.
settings_list() {
  python3 -c "import json, sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute('SELECT settings FROM runs WHERE id = ?', (int(sys.argv[2]),)).fetchone()
print(','.join(json.loads(row[0]).get(sys.argv[3], ['(none)'])))" "$db" "$2" "$1"
}

# json FILE PYTHON-EXPRESSION: true when FILE is valid JSON and the expression (over d) holds.
json() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
