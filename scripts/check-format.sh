#!/usr/bin/env bash
# Checks the C++ sources against .clang-format with Debian 12's clang-format 14
# (installed by scripts/setup-debian.sh). Lists each file that clang-format would
# change and exits 1 if there is one; changes nothing. To reformat a file:
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
if [ ${#differing[@]} -gt 0 ]; then
    echo "check-format.sh: ${#differing[@]} file(s) differ from .clang-format:" >&2
    printf '  %s\n' "${differing[@]}" >&2
    exit 1
fi
echo "check-format.sh: every file matches .clang-format"
