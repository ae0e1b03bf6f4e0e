#!/usr/bin/env bash
# Runs every test: Rust (core, CLI), the generated TypeScript types, the screens in a real
# browser engine, and end to end through the real app window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

scripts/install-deps.sh --tests

step "Type-checking and building the screens"
(cd ui && npm run check && npm run build)

step "The PDF engine depends on no other Casefile crate (cargo tree)"
if cargo tree -p casefile-pdf -e normal,build,dev --prefix none --locked | grep -v '^casefile-pdf ' | grep -q '^casefile-'; then
  echo "casefile-pdf depends on another Casefile crate; the PDF engine must know nothing of the case file:"
  cargo tree -p casefile-pdf -e normal,build,dev --locked | grep casefile-
  exit 1
fi

step "No HTTP, TLS or WebSocket client in what Casefile is built from, on Linux, Windows and macOS (cargo tree)"
# The strace test below proves it on Linux while the app runs; this holds for the other systems'
# builds too, whose dependency trees differ.
for target in x86_64-unknown-linux-gnu x86_64-pc-windows-msvc aarch64-apple-darwin x86_64-apple-darwin; do
  clients=$(cargo tree --workspace -e normal,build --target "$target" --prefix none --locked | awk '{print $1}' | sort -u |
    grep -E -x 'reqwest|hyper|ureq|curl|curl-sys|isahc|attohttpc|surf|native-tls|rustls|h2|tungstenite|openssl|websocket' || true)
  if [[ -n "$clients" ]]; then
    echo "A network client is in Casefile's build for $target:"
    echo "$clients"
    exit 1
  fi
done

step "Rust tests (core, CLI, app shell); this also regenerates ui/src/lib/bindings"
cargo test --workspace

step "The TypeScript types match the Rust types"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  drift=$(git status --porcelain -- ui/src/lib/bindings)
  if [[ -n "$drift" ]]; then
    echo "The generated bindings changed; commit them:"
    echo "$drift"
    git --no-pager diff -- ui/src/lib/bindings | head -50
    exit 1
  fi
fi

step "Screen tests in Chromium"
(cd ui && npm test)

step "End-to-end tests through the real app window"
cargo build -p casefile-app -p casefile-cli
# Each test has four minutes (package.json) and the whole step twenty, so a stuck window fails the
# run with a message instead of holding it.
(cd tests/e2e && timeout --kill-after=30 1200 xvfb-run -a --server-args="-screen 0 1280x800x24" npm test)

step "The package as a family installs it: the .deb built, installed with apt-get, used and removed"
bash tests/install/run.sh
