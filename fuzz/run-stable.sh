#!/usr/bin/env bash
# Runs every fuzz target with stable Rust: libFuzzer's coverage instrumentation is LLVM's
# sanitizer-coverage pass, which stable rustc can switch on (-C passes=sancov-module); only
# the address sanitizer needs nightly, and Rust's own bounds and overflow checks stand in for it.
# With FUZZ_ASAN=1 and a nightly toolchain installed, the Rust code is built with the address
# sanitizer too (MuPDF's C is built as usual; a crash there is still caught as a deadly signal).
#   bash fuzz/run-stable.sh [SECONDS_PER_TARGET] [TARGET...]
#   FUZZ_ASAN=1 bash fuzz/run-stable.sh 1200 pdf_engine
# The corpus grows in a scratch copy (the seeds in corpus/ stay as they are); anything found
# goes to fuzz/artifacts/<target>/, with libFuzzer's one-line reproduction in its log.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import_file import_email bundle_reader handover_import export_reader pdf_engine)
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
toolchain=()
if [ "${FUZZ_ASAN:-0}" = 1 ]; then
    toolchain=(+nightly)
    RUSTFLAGS="$RUSTFLAGS -Zsanitizer=address"
    target_dir="$target_dir/asan"
fi
# --target keeps the instrumentation out of build scripts and proc macros.
cargo "${toolchain[@]}" build --release --target "$triple" --target-dir "$target_dir" $(printf -- '--bin %s ' "${targets[@]}")
scratch=$(mktemp -d)
status=0
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t" "artifacts/$t"
    cp -r "corpus/$t/." "$scratch/$t/" 2>/dev/null || true
    echo "==> $t for ${seconds}s"
    if ! "$target_dir/$triple/release/$t" "$scratch/$t" -artifact_prefix="artifacts/$t/" \
        -max_total_time="$seconds" -rss_limit_mb=3000 -timeout=30 -max_len=262144 \
        > "artifacts/$t/log.txt" 2>&1; then
        status=1
        echo "    found something: see fuzz/artifacts/$t/"
    fi
    grep -o 'Done [0-9]* runs in [0-9]* second(s)' "artifacts/$t/log.txt" | sed 's/^/    /' || true
done
rm -rf "$scratch"
exit $status
