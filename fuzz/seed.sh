#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ (not committed) from the repository and the standard library of
# the python3 on PATH (or $RULECHECK_CORPUS). Run from anywhere; safe to rerun.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$fuzz")"
corpus="$fuzz/corpus"
mkdir -p "$corpus/pack_load" "$corpus/check_python" "$corpus/existing_merge" "$corpus/config_load"

# pack_load: every pack and every pack-shaped TOML fixture.
find "$repo/rules" "$repo/tests/fixtures" -name '*.toml' -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$corpus/pack_load/$(echo "$f" | md5sum | cut -c1-16).toml"; done

# existing_merge: the JSON fixtures (existing results and the like).
find "$repo/tests/fixtures" -name '*.json' -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$corpus/existing_merge/$(echo "$f" | md5sum | cut -c1-16).json"; done
printf 'null' > "$corpus/existing_merge/null.json"
printf '{"issues": [], "summary": {"total_issues": 0, "error_count": 0}}' > "$corpus/existing_merge/empty.json"

# config_load: the configuration fixtures (rulecheck.toml, pyproject.toml) and the README's
# example (the first ```toml block after "### Configuration").
find "$repo/tests/fixtures" \( -name 'rulecheck.toml' -o -name 'pyproject.toml' \) -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$corpus/config_load/$(echo "$f" | md5sum | cut -c1-16).toml"; done
awk '/^### Configuration/ { on = 1 } on && /^```toml/ { inside = 1; next } inside && /^```/ { exit }
    inside { print }' "$repo/README.md" > "$corpus/config_load/readme.toml"

# check_python: the Python fixtures, and a sample of the standard library (every 8th file up to
# 16 KiB, sorted: libFuzzer's default -max_len is 4096 bytes, longer seeds are cut).
find "$repo/tests/fixtures" "$repo/rules" -name '*.py' -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$corpus/check_python/$(echo "$f" | md5sum | cut -c1-16).py"; done
stdlib="${RULECHECK_CORPUS:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
find "$stdlib" -name '*.py' -size -16k -not -path '*/site-packages/*' | sort | awk 'NR % 8 == 0' |
    while IFS= read -r f; do cp "$f" "$corpus/check_python/$(echo "$f" | md5sum | cut -c1-16).py"; done

for target in pack_load check_python existing_merge config_load; do
    echo "$target: $(ls "$corpus/$target" | wc -l) seeds"
done
