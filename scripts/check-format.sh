#!/usr/bin/env bash
# Checks the C++ sources against .clang-format with Debian 12's clang-format 14
# (installed by scripts/setup-debian.sh), and that Qt's signal keywords are spelt as
# macros. Lists each file that clang-format would change, and each line that says
# 'signals:' or 'emit', and exits 1 if there is one; changes nothing. To reformat a file:
#   clang-format-14 -i path/to/file.cpp
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
format="${CLANG_FORMAT:-clang-format-14}"
if ! command -v "$format" >/dev/null 2>&1; then
    echo "check-format.sh: $format not found; run scripts/setup-debian.sh --tests" >&2
    exit 2
fi
cd "$root"
sources() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files -z -- '*.cpp' '*.h'
    else
        find . -type f \( -name '*.cpp' -o -name '*.h' \) -not -path '*/node_modules/*' -printf '%P\0'
    fi | grep -zE '^(plugin|actions|cli|hosts|triggers|emulator|tests|fuzz|bench|packaging)/'
}
differing=()
while IFS= read -r -d '' file; do
    if ! "$format" --style=file --dry-run --Werror "$file" >/dev/null 2>&1; then
        differing+=("$file")
    fi
done < <(sources)
# Q_SIGNALS and Q_EMIT, never the bare keywords: one spelling throughout, and the code
# still builds with QT_NO_KEYWORDS or beside a library that defines 'signals' or 'emit'.
keywords="$(sources | xargs -0 grep -nE '^[[:space:]]*signals[[:space:]]*:|(^|[^[:alnum:]_])emit[[:space:]]' || true)"
status=0
if [ ${#differing[@]} -gt 0 ]; then
    echo "check-format.sh: ${#differing[@]} file(s) differ from .clang-format:" >&2
    printf '  %s\n' "${differing[@]}" >&2
    status=1
fi
if [ -n "$keywords" ]; then
    echo "check-format.sh: use Q_SIGNALS and Q_EMIT instead of the bare keywords:" >&2
    printf '%s\n' "$keywords" | sed 's/^/  /' >&2
    status=1
fi
[ $status -eq 0 ] || exit 1
echo "check-format.sh: every file matches .clang-format and spells Qt's signal keywords as macros"
