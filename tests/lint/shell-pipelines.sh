#!/usr/bin/env bash
# tests/lint/shell-pipelines.sh [REPO]
# Fails on a pipeline that can fail by racing under `set -o pipefail`: a producer
# piped into a reader that exits early (`head`, `grep -q`/`-m`, `awk ... exit`,
# `sed ...q`) gets SIGPIPE when it writes after the reader is gone, and pipefail
# turns that into a failed check (tests/e2e/engines-smoke.sh flaked this way on
# `tofu version | tee /dev/stderr | head -n 1 | grep -qx ...`).
# Capture the output into a variable first, then test the variable.
#
# Checked: every shell script (and sourced *.sh library) under scripts/, tests/,
# bench/, examples/ and .ci/ that turns pipefail on. Not flagged: pipelines inside a double-quoted string
# (a command for a remote shell, which has no pipefail), pipelines whose status
# is discarded (`|| true` on the line) and diagnostics after `||`.
set -uo pipefail
repo=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}
cd "$repo" || exit 2

scripts=()
while IFS= read -r -d '' f; do
  # Scripts by their #! line, and sourced libraries by their name.
  case $(head -c 64 "$f" | tr -d '\0') in
    '#!'*sh*) scripts+=("$f") ;;
    *) if [[ $f == *.sh ]]; then scripts+=("$f"); fi ;;
  esac
done < <(find scripts tests bench examples .ci -type f ! -path '*/node_modules/*' -print0 2>/dev/null)

bad=0
for f in "${scripts[@]}"; do
  grep -qE '^[^#]*set -[a-z]*o pipefail|^[^#]*set -o pipefail' "$f" || continue
  hits=$(awk '
    # Logical lines: physical ones joined while a quote is open or the line ends
    # in "\", "|" or "&&". Each pipe "|" (not "||") outside quotes is looked at.
    function scan(text, report,   i, c, rest, prev) {
      for (i = 1; i <= length(text); i++) {
        c = substr(text, i, 1)
        if (c == "\\") { i++; continue }
        if (c == "\"" && !sq) dq = !dq
        else if (c == "'"'"'" && !dq) sq = !sq
        else if (report && c == "|" && !sq && !dq) {
          prev = substr(text, i - 1, 1); rest = substr(text, i + 1)
          if (prev == "|" || substr(rest, 1, 1) == "|") continue
          if (rest ~ /^[ \t\\]*(head|grep[^|;&]*[ \t](-[a-zA-Z]*[qm]|--quiet|--max-count)|awk[^|;&]*exit|sed[ \t]+(-n[ \t]+)?[^|;&]*q)/) {
            if (text ~ /\|\|[ \t]*true/) return 0
            if (substr(text, 1, i) ~ /\|\|/) return 0
            return 1
          }
        }
      }
      return 0
    }
    /^[ \t]*#/ && !cont { next }
    {
      if (cont) line = line "\n" $0; else { line = $0; start = FNR; dq = 0; sq = 0 }
      scan($0, 0)
      cont = dq || sq || ($0 ~ /(\\|\||&&)[ \t]*$/)
      if (!cont) {
        dq = 0; sq = 0
        if (scan(line, 1)) { gsub(/\n/, " ", line); printf "%s:%d: %s\n", FILENAME, start, line }
      }
    }' "$f")
  if [[ -n $hits ]]; then
    echo "$hits"
    bad=$((bad + $(wc -l <<<"$hits")))
  fi
done
echo "${#scripts[@]} scripts checked, $bad racy pipelines"
((bad == 0))
