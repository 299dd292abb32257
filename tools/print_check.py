#!/usr/bin/env python3
"""Prints workbooks through LibreOffice and says whether every page is legible.

    python3 tools/print_check.py out/register.xlsx out/gaps.xlsx [--min-pt 6]

Each workbook is converted to PDF by LibreOffice (`soffice --headless`), then every
page is read with `pdftotext -bbox` (poppler-utils): its paper size, the sheet it
comes from (the page header ropa writes is the sheet's name) and the median height of
its words, in points. Exit 1 when a page's median is under --min-pt or when a working
sheet (Ignoré, Provenance, Libellés, in either language) printed. Needs LibreOffice
and poppler-utils: apt-get install -y libreoffice-calc poppler-utils.
"""
import argparse
import html
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WORKING = {"Ignoré", "Provenance", "Libellés", "Ignored", "Labels"}
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAPER = {(842, 1191): "A3", (595, 842): "A4", (612, 792): "Letter"}


def pages(pdf: Path):
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for m in PAGE.finditer(out):
        w, h, body = float(m[1]), float(m[2]), m[3]
        words = WORD.findall(body)
        heights = [float(y1) - float(y0) for _, y0, _, y1, _ in words]
        # the header ropa writes: the sheet's name, alone on the page's first line
        top = min((float(y0) for _, y0, _, _, _ in words), default=0.0)
        first = [html.unescape(t) for _, y0, _, _, t in words if float(y0) < top + 2 and top < 45]
        size = PAPER.get(tuple(sorted((round(w), round(h)))), f"{w:.0f}x{h:.0f}")
        yield size, " ".join(first), statistics.median(heights) if heights else 0.0, len(words)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbooks", nargs="+", type=Path)
    ap.add_argument("--min-pt", type=float, default=6.0)
    ap.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    args = ap.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        print("needs soffice (LibreOffice) and pdftotext (poppler-utils)", file=sys.stderr)
        return 2
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        outdir = args.keep or Path(tmp)
        outdir.mkdir(parents=True, exist_ok=True)
        for wb in args.workbooks:
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(wb)],
                capture_output=True,
                check=True,
            )
            pdf = outdir / (wb.stem + ".pdf")
            per_sheet = {}
            for n, (size, sheet, median, count) in enumerate(pages(pdf), 1):
                small = count and median < args.min_pt
                working = sheet in WORKING
                bad += bool(small or working)
                flag = " TOO SMALL" if small else " WORKING SHEET" if working else ""
                print(f"{wb.name} p{n}: {sheet or '?'} · {size} · median {median:.1f} pt{flag}")
                per_sheet.setdefault(sheet, []).append(median)
            print(
                f"{wb.name}: "
                + ", ".join(f"{s or '?'} {len(m)} p." for s, m in per_sheet.items())
            )
    if bad:
        print(f"{bad} page(s) illegible or of a working sheet", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
