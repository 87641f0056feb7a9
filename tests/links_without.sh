#!/usr/bin/env bash
# links_without.sh PATTERN BINARY...: fails when a binary's shared libraries (ldd) include one whose name
# matches the extended regex PATTERN, or one that cannot be found.
set -euo pipefail
pattern=${1:?usage: links_without.sh PATTERN BINARY...}
shift
status=0
for bin in "$@"; do
  libs=$(ldd "$bin")
  if bad=$(grep -E "$pattern" <<<"$libs"); then
    echo "$(basename "$bin") links what this build left out:"
    echo "$bad"
    status=1
  fi
  if missing=$(grep "not found" <<<"$libs"); then
    echo "$(basename "$bin") cannot start: $missing"
    status=1
  fi
done
[ $status -eq 0 ] && echo "none of $* links a library matching $pattern"
exit $status
