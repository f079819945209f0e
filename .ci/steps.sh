# Sourced by .ci/run: `step` runs one CI step and records its result; `summary` prints
# every step's result and time and the summed test counts, and returns 1 if any step
# failed. Every step runs, whatever the ones before it did.
#   CI_LOG   file that collects every step's output (required)

ci_results=()
ci_failures=0

# step <name> <command...>
step() {
  local name="$1" started=$SECONDS
  shift
  printf '\n==> %s\n' "$name" | tee -a "$CI_LOG"
  if "$@" 2>&1 | tee -a "$CI_LOG"; then
    ci_results+=("$(printf 'ok      %5ss  %s' "$((SECONDS - started))" "$name")")
  else
    ci_results+=("$(printf 'FAILED  %5ss  %s' "$((SECONDS - started))" "$name")")
    ci_failures=$((ci_failures + 1))
  fi
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
