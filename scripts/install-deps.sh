#!/usr/bin/env bash
# Installs what Casefile needs and is missing on a Debian/Ubuntu machine. Safe to run again:
# it only installs what is not there yet.
#   scripts/install-deps.sh            what building and running the app needs
#   scripts/install-deps.sh --tests    also what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[[ "${1:-}" == "--tests" ]] && want_tests=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'casefile setup: %s\n' "$*" >&2; exit 1; }

# System libraries for Tauri (WebKitGTK) and the build; OpenSSL's libcrypto for the encrypted
# database (SQLCipher, built into Casefile, uses it for AES); libclang for the bindings of the
# PDF engine (MuPDF, built from source into Casefile with its own OCR).
# tesseract-ocr-eng is a data file only (the English OCR data Casefile reads scans with; the
# packages ship their own copy): no Tesseract or poppler program is needed.
packages=(build-essential pkg-config file libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
  libclang-dev tesseract-ocr-eng)
if (( want_tests )); then
  # WebKitWebDriver and a virtual display for the end-to-end tests, Chromium for the component
  # tests, the PDF tools the bundle tests check against, and LibreOffice (optional for the app:
  # it turns Word files into bundle pages) so that conversion is tested too, and strace to prove
  # that no run opens a network socket. Poppler's tools are the reference the tests hold
  # Casefile's reader against (never used by Casefile itself), with real PDFs from Debian's
  # documentation (pdfTeX's libtasn1 manual; shared-mime-info's specification comes with GTK).
  # The install test checks the package's desktop entry and AppStream metadata with their
  # validators (desktop-file-utils, appstream).
  packages+=(webkit2gtk-driver xvfb xauth chromium qpdf poppler-utils libreoffice-writer-nogui strace
    libtasn1-doc shared-mime-info desktop-file-utils appstream python3)
fi
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} )); then
  command -v apt-get >/dev/null || die "this machine has no apt-get; install by hand: ${missing[*]}"
  sudo=()
  (( EUID == 0 )) || sudo=(sudo)
  say "Installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js 20.19 or newer (Vite 8).
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a>20||(a===20&&b>=19)?1:0)' 2>/dev/null || echo 0)
[[ "$node_ok" == 1 ]] || die "Casefile's screens need Node.js 20.19 or newer (this machine has $(node --version 2>/dev/null || echo none)). Install a newer Node.js, then run this again."

command -v cargo >/dev/null || die "Rust is not installed. Install it with rustup (https://rustup.rs), then run this again."

npm_install() {
  local dir=$1
  # Reinstall only when the lock file changed since the last install.
  if [[ ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    say "Installing Node packages in $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install ui
if (( want_tests )); then
  npm_install tests/e2e
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "Installing tauri-driver (WebDriver for the app window) from crates.io"
    cargo install tauri-driver --locked --quiet
  fi
fi
