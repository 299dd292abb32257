#!/usr/bin/env bash
# Seeds fuzz/corpus/<target> from the fixtures (the first byte picks the format, as the
# targets read it). Run from the repository root: fuzz/seed.sh
set -euo pipefail
mkdir -p fuzz/corpus/workbook fuzz/corpus/docx fuzz/corpus/reimport
n=0
for f in fixtures/corpus/*.xlsx fixtures/variants/*.xlsx; do printf '\x00' | cat - "$f" > "fuzz/corpus/workbook/xlsx-$((n++))"; done
for f in fixtures/variants/*.xls fixtures/hostile/*.xls; do printf '\x03' | cat - "$f" > "fuzz/corpus/workbook/xls-$((n++))"; done
for f in fixtures/variants/*.ods; do printf '\x04' | cat - "$f" > "fuzz/corpus/workbook/ods-$((n++))"; done
for f in fixtures/corpus/*.docx fixtures/cases/*.docx; do printf '\x00' | cat - "$f" > "fuzz/corpus/docx/docx-$((n++))"; done
for f in fixtures/corpus/*.odt fixtures/cases/*.odt; do printf '\x01' | cat - "$f" > "fuzz/corpus/docx/odt-$((n++))"; done
# the re-import target edits a register of its own: a few edit scripts to start from
printf '\x00\x00\x01\x03Nouveau\x01\x00\x01\x02\x04\x00\x01\x02' > fuzz/corpus/reimport/edits-1
printf '\x03\x00\x00\x00\x05\x00\x01\x00' > fuzz/corpus/reimport/edits-2
