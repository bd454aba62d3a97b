#!/usr/bin/env bash
# What the policy-lint action runs: check with annotations (and SARIF), then an optional audit.
# Inputs come as INPUT_* variables; the exit code is policy-lint's own (0 pass, 1 fail, 2 error).
set -uo pipefail
read -r -a paths <<< "${INPUT_PATHS:-policies}"
args=(check --format github --fail-level "${INPUT_FAIL_LEVEL:-error}")

# The configuration a pull request cannot edit: the base branch's, with the rule packs it names
# (its whole tree, exported outside the checkout, so that its `rules:` resolve there).
pinned() {
  local ref="$1" base="origin/$1" dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/policy-lint-base"
  if ! git rev-parse --verify --quiet "${base}^{commit}" > /dev/null; then
    git fetch --quiet --no-tags --depth=1 origin "+refs/heads/${ref}:refs/remotes/${base}" \
      || { echo "policy-lint: cannot fetch the base branch ${ref} to pin the configuration" >&2; return 1; }
  fi
  if ! git cat-file -e "${base}:.policy-lint.yaml" 2> /dev/null; then
    args+=(--isolated)  # the base branch has no configuration: neither may the pull request
    return 0
  fi
  rm -rf "$dir" && mkdir -p "$dir" && git archive "$base" | tar -x -C "$dir" || return 1
  args+=(--config "$dir/.policy-lint.yaml")
}
case "${INPUT_CONFIG:-base}" in
  base) if [ -n "${GITHUB_BASE_REF:-}" ]; then pinned "$GITHUB_BASE_REF" || exit 2; fi ;;
  repository) ;;
  none) args+=(--isolated) ;;
  *) args+=(--config "$INPUT_CONFIG") ;;
esac
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
