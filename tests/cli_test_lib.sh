# Shared helpers of the cnn-bench smoke tests; source it after setting bench, work and failures=0.

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

# json FILE PYTHON-EXPRESSION: true when FILE is valid JSON and the expression (over d) holds.
json() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
