#!/usr/bin/env bash
# Benchmarks against the speed and memory goals (ARCHITECTURE.md), measured on this machine in one run with their
# reference (not tests: timings vary by machine). Release build.
#   bundle: a 500-page bundle from 100 mixed PDFs against `qpdf --empty --pages … --`, by the
#   PDF engine alone and then through `casefile bundle build` (scripts/bundle-cli-benchmark.sh).
#   plan: a 150-page EHC plan read, checked, compared and marked, against one pass over its words.
#   marked: the working document's hearing print laid out and written.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --release -p casefile-pdf --example bundle_benchmark
bin=target/release/examples/bundle_benchmark
"$bin" make "$dir"
echo "== Evidence bundle (goal: ≤ 0.5× qpdf, ≤ 150 MB)"
"$bin" run "$dir"

echo "== The same goal through the command line, from an encrypted case file, beside qpdf"
bash scripts/bundle-cli-benchmark.sh 3

echo "== Import and search (goal: 1,000 emails ≤ 10 s; search p95 ≤ 20 ms over 10,000 documents)"
cargo run --release -q -p casefile-core --example import_search_benchmark

echo "== Unlocking an encrypted case file (Argon2id settings of new key files)"
cargo run --release -q -p casefile-core --example unlock_benchmark

echo "== The viewer's first page of a 100-page PDF (goal: ≤ 150 ms)"
cargo run --release -q -p casefile-core --example viewer_benchmark

echo "== The council-bundle audit: a 500-page council bundle against 100 documents (goal: ≤ 10 s)"
cargo run --release -q -p casefile-core --example audit_benchmark

echo "== A 150-page EHC plan: sections, check, ledger, comparison, working document (goal: each well under a second)"
cargo run --release -q -p casefile-plan --example plan_benchmark

echo "== The working document printed for the hearing: 150 paragraphs in the key (goal: counted well under 100 ms, as the window counts pages each time it shows it)"
cargo run --release -q -p casefile-pdf --example marked_benchmark
