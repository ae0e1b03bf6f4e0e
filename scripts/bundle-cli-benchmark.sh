#!/usr/bin/env bash
# Benchmark (not a test): a 500-page evidence bundle of 100 PDFs built through the `casefile`
# command from an encrypted case file, side by side in one run with qpdf merging the same
# files (`qpdf --empty --pages … --`), with the command's peak memory.
# Goals (issue 14, ARCHITECTURE.md): at most half qpdf's time; at most 150 MB.
#
# The 100 PDFs: 53 cut from real files nobody here wrote (an iLovePDF annual report, two pdfTeX
# manuals, a scanned brochure, and single pages from OpenOffice, LibreOffice, macOS Quartz,
# Google Docs, iLovePDF and a scanner), 196 pages; the other 47 (304 pages) are typed letters,
# Casefile's own letters and greyscale scans made by `bundle_benchmark make`. qpdf cuts the real
# files at page ranges, so each is a document of its own (import refuses a file twice).
# Importing them reads every scanned page by OCR, which takes minutes; give a folder as DIR to
# keep the sources and the case file there, and a second run with the same DIR starts at once.
#   bash scripts/bundle-cli-benchmark.sh [RUNS] [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
runs=${1:-3}
if [ -n "${2:-}" ]; then
    dir=$2
    mkdir -p "$dir"
else
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
fi
cargo build --release -q -p casefile-cli
cargo build --release -q -p casefile-pdf --example bundle_benchmark
bin=$PWD/target/release/casefile
src=$dir/sources
export CASEFILE_PASSPHRASE="benchmark passphrase, not a real one"
home=$dir/home
if [ -f "$home/ready" ]; then
    files=("$src"/*.pdf)
    echo "sources:   ${#files[@]} PDFs, imported before into $home"
else
rm -rf "$src" "$home"
mkdir -p "$src"

registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ | head -1)
mupdf_files=$(ls -d "$registry"mupdf-0.8*/tests/files | tail -1)
n=0
cut_pages() { # FILE FIRST LAST
    n=$((n + 1))
    qpdf --empty --pages "$1" "$2-$3" -- "$src/real$(printf %03d $n).pdf" 2>/dev/null || [ $? = 3 ]
}
cut_every() { # FILE PAGES STEP
    local first=1
    while [ "$first" -le "$2" ]; do
        local last=$((first + $3 - 1))
        [ "$last" -le "$2" ] || last=$2
        cut_pages "$1" "$first" "$last"
        first=$((last + 1))
    done
}
cut_every "$mupdf_files/i32-box.pdf" 120 4                      # iLovePDF, 30 documents
cut_every /usr/share/doc/libtasn1-doc/libtasn1.pdf 36 4          # pdfTeX, 9
cut_every /usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf 17 6 # pdfTeX, 3
cut_every "$mupdf_files/p11.pdf" 14 7                           # scanned pages, 2
for one in "$mupdf_files/dummy.pdf" "$mupdf_files/multiple-images.pdf" "$mupdf_files/no-json.pdf" \
    "$mupdf_files/utf8-error-on-this-file.pdf" "$mupdf_files/image-mask.pdf" \
    tests/fixtures/lopdf/unicode.pdf tests/fixtures/lopdf/example.pdf \
    tests/fixtures/lopdf/Incremental.pdf tests/fixtures/scanned-letter.pdf; do
    cut_pages "$one" 1 1
done
real_pages=0
for f in "$src"/real*.pdf; do
    real_pages=$((real_pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}')))
done
target/release/examples/bundle_benchmark make "$src" $((100 - n)) $((500 - real_pages)) > /dev/null
files=("$src"/*.pdf)
pages=0
for f in "${files[@]}"; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
bytes=$(cat "${files[@]}" | wc -c)
echo "sources:   ${#files[@]} PDFs ($n cut from real files, $real_pages pages), $pages pages, $((bytes / 1000000)) MB"

"$bin" --home "$home" case new --name "Benchmark Child" --la "Northshire County Council" > /dev/null 2>&1
started=$(date +%s.%N)
"$bin" --home "$home" import --case 1 "${files[@]}" > "$dir/import.txt"
imported=$(grep -c "" "$dir/import.txt" || true)
echo "import:    $(echo "$(date +%s.%N) - $started" | bc | xargs printf %.1f) s into the encrypted case file (OCR of the scans included; $imported lines)"
touch "$home/ready"
fi

# Side by side, alternating, each run timed by GNU time: wall seconds and peak resident memory.
ours=()
theirs=()
peaks=()
for run in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$dir/qpdf.time" qpdf --empty --pages "${files[@]}" -- "$dir/qpdf.pdf" 2>/dev/null || [ $? = 3 ]
    /usr/bin/time -f "%e %M" -o "$dir/ours.time" "$bin" --home "$home" bundle build --case 1 --out "$dir/bundle.pdf" --date 2026-12-07 > /dev/null
    theirs+=("$(awk '{print $1}' "$dir/qpdf.time")")
    ours+=("$(awk '{print $1}' "$dir/ours.time")")
    peaks+=("$(awk '{print $2}' "$dir/ours.time")")
    echo "run $run:     qpdf ${theirs[-1]} s; casefile bundle build ${ours[-1]} s, peak $((${peaks[-1]} / 1024)) MB"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
q=$(median "${theirs[@]}")
o=$(median "${ours[@]}")
p=$(printf '%s\n' "${peaks[@]}" | sort -g | tail -1)
echo "bundle:    $(pdfinfo "$dir/bundle.pdf" | awk '/^Pages:/ {print $2}') pages, $(($(wc -c < "$dir/bundle.pdf") / 1000000)) MB; qpdf --check: $(qpdf --check "$dir/bundle.pdf" > /dev/null 2>&1 && echo clean || echo 'NOT clean')"
echo "median:    qpdf $q s, casefile $o s: $(echo "scale=2; $o / $q" | bc)× qpdf (goal ≤ 0.5×); peak $((p / 1024)) MB (goal ≤ 150 MB)"
