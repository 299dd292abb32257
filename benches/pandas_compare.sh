#!/usr/bin/env bash
# The script a user would write instead of ropa, timed on the same file as ropa:
# pandas read_csv + to_excel, with openpyxl and with xlsxwriter. It creates its own
# Python virtual environment (target/bench-venv) and maps nothing — it is the yardstick
# of issue 16, not a competitor. Usage (after `cargo bench --bench pipeline` made the data):
#   benches/pandas_compare.sh [ROWS]        # default 20000 rows of target/bench-data/table-100000.tsv
# Prints, for each tool, the median of 3 runs (wall seconds), peak memory (MB) and output size.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-20000}"
data=target/bench-data
src="$data/table-100000.tsv"
[ -f "$src" ] || { echo "run ROPA_BENCH_ONLY=a cargo bench --bench pipeline first (it generates $src)" >&2; exit 2; }
input="$data/table-$rows.tsv"
head -n $((rows + 1)) "$src" > "$input"
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pandas openpyxl xlsxwriter
fi
cargo build --release -q
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() { # name, command...
  local name=$1; shift
  local times=() mem=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/t" "$@" > /dev/null 2>&1
    read -r t m < "$out/t"
    times+=("$t"); mem=$(( m > mem ? m : mem ))
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  printf '%-28s %8.2f s  %6d MB\n' "$name" "$median" $((mem / 1024))
}
measure "ropa ingest (all outputs)" target/release/ropa ingest -q "$input" -o "$out/ropa"
measure "pandas + openpyxl" "$venv/bin/python" -c "import pandas as p; p.read_csv('$input', sep='\t', dtype=str).to_excel('$out/o.xlsx', engine='openpyxl', index=False)"
measure "pandas + xlsxwriter" "$venv/bin/python" -c "import pandas as p; p.read_csv('$input', sep='\t', dtype=str).to_excel('$out/x.xlsx', engine='xlsxwriter', index=False)"
echo "input: $(du -h "$input" | cut -f1); ropa's outputs: $(du -sh "$out/ropa" | cut -f1); pandas' workbook: $(du -h "$out/o.xlsx" | cut -f1)"
