#!/usr/bin/env bash
# Regenerates the PDF fixtures of the PDF reader's tests (retrieval/pdf_test.go) from the HTML
# pages beside this script, the way people make PDFs: printed by a browser, then encrypted or
# broken by other tools. The fixtures are committed, so tests need none of this.
#
# Needs: chromium (headless), qpdf, python3, and the fonts the pages name (Debian: fonts-dejavu-core,
# fonts-noto-cjk). Run it from anywhere: bash retrieval/testdata/pdf/generate.sh
set -euo pipefail
cd "$(dirname "$0")"
chrome=${CHROMIUM:-chromium}
run() { "$chrome" --headless --no-sandbox --disable-gpu "$@" 2>/dev/null; }
print() { run --no-pdf-header-footer --print-to-pdf="$PWD/$2" "file://$PWD/$1"; }

# Text PDFs: English over four pages with running header and "Page N of M" footers (CSS @page
# margin boxes), Spanish in two columns with a list, Chinese (Noto Sans CJK: Identity-H fonts with
# ToUnicode maps), English on small pages with a paragraph that runs from page 1 onto page 2.
for f in report spanish chinese minutes; do print "$f.html" "$f.pdf"; done

# A scan: a picture of text, no text layer.
run --hide-scrollbars --window-size=700,140 --screenshot="$PWD/scanned.png" "file://$PWD/scanned-source.html"
print scanned.html scanned.pdf
rm -f scanned.png

# Encrypted (AES-256, a user password): not readable without it.
qpdf --encrypt secret secret 256 -- report.pdf encrypted.pdf

# Damaged: cut short before its catalog and page tree (a download that stopped); and whole but
# for page 2's content stream, whose compressed bytes are overwritten (the other pages still read).
head -c 2000 report.pdf > truncated.pdf
page2=$(qpdf --show-pages report.pdf | awk '/^page 2:/{getline; getline; print $1; exit}')
python3 - "$page2" <<'PY'
import re, sys
data = bytearray(open("report.pdf", "rb").read())
m = re.search(rb"(?<![0-9])%s 0 obj" % sys.argv[1].encode(), data)
start = data.index(b"stream", m.end()) + len(b"stream\n")
data[start + 2:start + 40] = b"\xff" * 38  # keep the zlib header, break the deflate data
open("broken-page.pdf", "wb").write(data)
PY
ls -l ./*.pdf
