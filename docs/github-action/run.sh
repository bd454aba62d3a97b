#!/usr/bin/env bash
# What the policy-lint action runs: check with annotations (and SARIF), then an optional audit.
# Inputs come as INPUT_* variables; the exit code is policy-lint's own (0 pass, 1 fail, 2 error).
set -uo pipefail
read -r -a paths <<< "${INPUT_PATHS:-policies}"
args=(check --format github --fail-level "${INPUT_FAIL_LEVEL:-error}")
if [ -n "${INPUT_SARIF:-}" ]; then
  args+=(--report "sarif=${INPUT_SARIF}")
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "sarif=${INPUT_SARIF}" >> "$GITHUB_OUTPUT"
fi
policy-lint "${args[@]}" "${paths[@]}"
status=$?
if [ -n "${INPUT_AUDIT_POLICY:-}" ] && [ -n "${INPUT_AUDIT_EXPORT:-}" ]; then
  policy-lint audit --source "${INPUT_AUDIT_SOURCE:-auto}" --format markdown \
    "${INPUT_AUDIT_POLICY}" "${INPUT_AUDIT_EXPORT}" | tee -a "${GITHUB_STEP_SUMMARY:-/dev/null}"
  audit=${PIPESTATUS[0]}
  [ "$audit" -gt "$status" ] && status=$audit
fi
exit "$status"
