#!/usr/bin/env bash
# Runs each libFuzzer target (or those named) for SECONDS seconds.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 s, every target)
# Each target starts from its checked-in seeds (fuzz/corpus/<target>/) and
# keeps what it finds in build-fuzz/corpus/<target>/; a crash leaves its
# input in build-fuzz/findings/ and makes the script fail.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ACTIONNODE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_input_validation fuzz_input_text fuzz_outputs fuzz_input_readers fuzz_token_inspect fuzz_license fuzz_declaration
             fuzz_schema_precheck fuzz_mcp_lines fuzz_http_request fuzz_webhook_receipt)
fi

bash "$root/scripts/build-fuzz.sh"
export ACTIONNODE_PLUGIN_PATH="$build/lib/actionnode/plugins"
export QT_LOGGING_RULES="*=false"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
mkdir -p "$build/findings"
failed=0
clean=0
for target in "${targets[@]}"; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    echo "== $target: ${seconds} s"
    # -timeout: one input taking longer is a finding (a hang); memory per input is bounded too.
    if ! "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$build/findings/$target-" \
        "$corpus" "$root/fuzz/corpus/$target" 2>"$build/findings/$target.log"; then
        tail -n 60 "$build/findings/$target.log" >&2
        echo "== $target: FINDING (input and log in $build/findings/)" >&2
        failed=$((failed + 1))
    else
        grep -E '^stat::number_of_executed_units' "$build/findings/$target.log" || true
        clean=$((clean + 1))
    fi
done
# The closing line counts targets: passed ran their time with no finding.
echo "fuzz: $clean passed, $failed failed"
[ "$failed" -eq 0 ]
