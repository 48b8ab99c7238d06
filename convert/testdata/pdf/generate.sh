#!/usr/bin/env bash
# Regenerates the PDF fixtures of the PDF reader's tests (convert/pdf_test.go, convert/pdfcrypt_test.go; retrieval and cmd/citebot read them too) from the HTML
# pages beside this script, the way people make PDFs: printed by a browser, then encrypted or
# broken by other tools. The fixtures are committed, so tests need none of this.
#
# Needs: chromium (headless), qpdf, python3, and the fonts the pages name (Debian: fonts-dejavu-core,
# fonts-noto-cjk). Run it from anywhere: bash convert/testdata/pdf/generate.sh
set -euo pipefail
cd "$(dirname "$0")"
chrome=${CHROMIUM:-chromium}
run() { "$chrome" --headless --no-sandbox --disable-gpu "$@" 2>/dev/null; }
print() { run --no-pdf-header-footer --print-to-pdf="$PWD/$2" "file://$PWD/$1"; }

# Text PDFs: English over three pages with running header and "Page N of M" footers (CSS @page
# margin boxes), Spanish in two columns with a list, Chinese (Noto Sans CJK: Identity-H fonts with
# ToUnicode maps), English on small pages with a paragraph that runs from page 1 onto page 2.
for f in report spanish chinese minutes; do print "$f.html" "$f.pdf"; done

# A scan: a picture of text, no text layer.
run --hide-scrollbars --window-size=700,140 --screenshot="$PWD/scanned.png" "file://$PWD/scanned-source.html"
print scanned.html scanned.pdf
rm -f scanned.png

# Encrypted (AES-256 and RC4 128-bit, a user password): not readable without it.
qpdf --encrypt secret secret 256 -- report.pdf encrypted.pdf
qpdf --allow-weak-crypto --encrypt secret secret 128 --use-aes=n -- spanish.pdf encrypted-rc4.pdf

# Encrypted with an owner password only (the user password empty), as publishers "restrict copying
# or printing": every viewer opens them without asking, and they read as their sources do. RC4
# 40-bit (V1 R2), 128-bit (V2 R3, and V4 R4 with a /V2 crypt filter), AES-128 (V4 R4 /AESV2),
# AES-256 (V5 R5 and R6); and with object streams and a cross-reference stream, metadata in clear.
qpdf --allow-weak-crypto --encrypt "" owner 40 -- report.pdf report-rc4-40.pdf
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n -- report.pdf report-rc4-128.pdf
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n --force-V4 -- report.pdf report-rc4-128-v4.pdf
qpdf --encrypt "" owner 128 --use-aes=y -- report.pdf report-aes-128.pdf
qpdf --encrypt "" owner 256 -- report.pdf report-aes-256.pdf
qpdf --encrypt "" owner 256 --force-R5 -- report.pdf report-aes-256-r5.pdf
qpdf --object-streams=generate --encrypt "" owner 128 --use-aes=y --cleartext-metadata -- spanish.pdf spanish-aes-128-objstm.pdf
qpdf --object-streams=generate --encrypt "" owner 256 -- spanish.pdf spanish-aes-256-objstm.pdf

# Small encrypted PDFs of one line, the fuzzer's seeds (it mutates a large input slowly).
small=$(mktemp)
cat > "$small" <<'PDF'
%PDF-1.4
1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj
2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj
3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>> endobj
4 0 obj <</Length 43>> stream
BT /F1 12 Tf 20 50 Td (Hello, world) Tj ET
endstream endobj
5 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj
6 0 obj <</Title (Hello)>> endobj
trailer <</Size 7/Root 1 0 R/Info 6 0 R>>
%%EOF
PDF
qpdf --warning-exit-0 "$small" "$small.pdf" 2>/dev/null # writes its cross-reference table
qpdf --allow-weak-crypto --encrypt "" owner 40 -- "$small.pdf" small-rc4-40.pdf
qpdf --object-streams=generate --encrypt "" owner 128 --use-aes=y -- "$small.pdf" small-aes-128.pdf
qpdf --encrypt "" owner 256 -- "$small.pdf" small-aes-256.pdf
rm -f "$small" "$small.pdf"

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
