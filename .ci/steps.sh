# Sourced by .ci/run: `step` runs one CI step and records its result; `summary` prints
# every step's result and time and the summed test counts, and returns 1 if any step
# failed. Every step runs, whatever the ones before it did.
#   CI_LOG   file that collects every step's output (required)

ci_results=()
ci_failures=0

# step [--timeout <duration, e.g. 45m>] <name> <command...>
# A step over its timeout is stopped (SIGTERM, then SIGKILL a minute later) and fails, so
# a hung step costs its budget, not the whole CI job; each header and result line carries
# the time since CI started, so a log cut short still says where the time went.
step() {
  local limit=() budget=""
  if [[ "$1" == --timeout ]]; then
    budget="$2"
    limit=(timeout --kill-after=60 "$budget")
    shift 2
  fi
  local name="$1" started=$SECONDS status
  shift
  printf '\n==> [+%ss] %s\n' "$SECONDS" "$name" | tee -a "$CI_LOG"
  "${limit[@]}" "$@" 2>&1 | tee -a "$CI_LOG"
  status=${PIPESTATUS[0]}
  if [[ $status -eq 0 ]]; then
    ci_results+=("$(printf 'ok      %5ss  %s' "$((SECONDS - started))" "$name")")
  elif [[ ${#limit[@]} -gt 0 && ( $status -eq 124 || $status -eq 137 ) ]]; then
    ci_results+=("$(printf 'FAILED  %5ss  %s (stopped: over its %s budget)' "$((SECONDS - started))" "$name" "$budget")")
    ci_failures=$((ci_failures + 1))
  else
    ci_results+=("$(printf 'FAILED  %5ss  %s' "$((SECONDS - started))" "$name")")
    ci_failures=$((ci_failures + 1))
  fi
  printf '<== [+%ss] %s\n' "$SECONDS" "${ci_results[-1]}" | tee -a "$CI_LOG"
}

# Test counts from the log: Jest's "Tests:" lines, pytest's "N passed … in Ns" lines,
# and Go's `go test -v` results.
ci_test_counts() {
  sed 's/\x1b\[[0-9;]*m//g' "$CI_LOG" | awk '
    /^ *Tests: / || /(^|[^0-9])[0-9]+ passed.* in [0-9.]+s/ {
      for (i = 1; i < NF; i++) {
        n = $i; w = $(i + 1); gsub(/[^0-9]/, "", n); if (n == "") continue
        if (w ~ /^passed/) passed += n; else if (w ~ /^failed/) failed += n; else if (w ~ /^skipped/) skipped += n
      }
    }
    /^ *--- PASS: / { passed++ } /^ *--- FAIL: / { failed++ } /^ *--- SKIP: / { skipped++ }
    END { printf "%d passed, %d failed, %d skipped", passed, failed, skipped }'
}

summary() {
  printf '\n==> summary\n'
  printf '%s\n' "${ci_results[@]}"
  printf '\n%s; %d of %d steps failed\n' "$(ci_test_counts)" "$ci_failures" "${#ci_results[@]}"
  [[ $ci_failures -eq 0 ]]
}
