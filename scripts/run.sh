#!/usr/bin/env bash
# Installs what is missing, builds Casefile and opens its window.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
printf '\033[1m==> Building the screens\033[0m\n'
(cd ui && npm run build --silent)
printf '\033[1m==> Building Casefile (the first build takes a few minutes)\033[0m\n'
cargo build --release -p casefile-app -p casefile-cli
printf '\033[1m==> Opening Casefile\033[0m\n'
exec target/release/casefile-app
