#!/usr/bin/env bash
# Builds the packages a family installs, with Tauri's own bundler (the @tauri-apps/cli npm package;
# nothing is downloaded while packaging): a .deb and an .rpm holding the window app, the `casefile`
# command and its manual page, the desktop entry and icons, the AppStream metadata with
# screenshots, the English OCR data, the licence and the changelog.
#   bash scripts/package.sh           release build: target/release/bundle/{deb,rpm}/
#   bash scripts/package.sh --debug   the same from a debug build (quicker to build; the test command uses it)
# Windows and macOS installers are built by .github/workflows/release.yml on those systems.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

profile=release
tauri_flags=()
cargo_flags=(--release)
if [[ "${1:-}" == "--debug" ]]; then
  profile=debug
  tauri_flags=(--debug)
  cargo_flags=()
fi
root=$(pwd)
stage="$root/target/package"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[[ -n "$version" ]] || { echo "package: no version in Cargo.toml's [workspace.package]" >&2; exit 1; }
date=$(date -u +%Y-%m-%d)

scripts/install-deps.sh
say "Building the screens"
(cd ui && npm run build --silent)
say "Building the app and the casefile command ($profile)"
cargo build "${cargo_flags[@]}" -p casefile-app -p casefile-cli --locked
cli="$root/target/$profile/casefile"

rm -rf "$stage"
mkdir -p "$stage/tessdata" "$stage/screenshots"

# The English OCR data, from Debian's tesseract-ocr-eng (Apache-2.0; a data file: no program of
# Tesseract is shipped or run). The app looks for it in /usr/share/casefile/tessdata.
ocr=""
for dir in /usr/share/tesseract-ocr/5/tessdata /usr/share/tesseract-ocr/4.00/tessdata; do
  [[ -f "$dir/eng.traineddata" ]] && { ocr="$dir/eng.traineddata"; break; }
done
[[ -n "$ocr" ]] || { echo "package: eng.traineddata not found (install tesseract-ocr-eng)" >&2; exit 1; }
cp "$ocr" "$stage/tessdata/eng.traineddata"

cp docs/screenshot.png "$stage/screenshots/today.png"
cp docs/bundles.png "$stage/screenshots/bundles.png"

# The manual page: the command's own --help, and every subcommand's, as one page.
subcommands() {
  "$@" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\)\( .*\)\{0,1\}$/\1/p' | grep -vx help || true
}
roff() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }
{
  printf '.TH CASEFILE 1 "%s" "Casefile %s" "User Commands"\n' "$date" "$version"
  printf '.SH NAME\ncasefile \\- keep a child'"'"'s SEND case file on this computer, and turn it into evidence\n'
  printf '.SH SYNOPSIS\n.B casefile\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR ...\n'
  printf '.SH DESCRIPTION\nThe command line of Casefile: everything the window does, for scripts and support workers.\n'
  printf 'Casefile opens no network connection.\n.PP\n.nf\n'
  "$cli" --help | roff
  printf '.fi\n'
  for cmd in $(subcommands "$cli"); do
    printf '.SH "CASEFILE %s"\n.nf\n' "${cmd^^}"
    "$cli" "$cmd" --help | roff
    printf '.fi\n'
    for sub in $(subcommands "$cli" "$cmd"); do
      printf '.SS "casefile %s %s"\n.nf\n' "$cmd" "$sub"
      "$cli" "$cmd" "$sub" --help | roff
      printf '.fi\n'
    done
  done
  printf '.SH FILES\n.TP\n.I ~/.local/share/Casefile\nThe case files (or the folder given by \\fB\\-\\-home\\fR or \\fBCASEFILE_HOME\\fR). Removing the package leaves it untouched.\n'
  printf '.SH "SEE ALSO"\n/usr/share/doc/casefile/README.md, /usr/share/doc/casefile/CHANGELOG.md\n'
} | gzip -9n > "$stage/casefile.1.gz"

# Tauri names the desktop entry after the product; the metadata points at it. AppStream wants
# the screenshots as web addresses (a software centre shows them before installing); they are
# under the project's web address (CASEFILE_WEB; the default is the domain the app's identifier
# names, not yet confirmed), and the same pictures are installed in /usr/share/casefile/screenshots.
desktop_id="Casefile.desktop"
web="${CASEFILE_WEB:-https://casefile.uk}"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$date/" -e "s/@DESKTOP_ID@/$desktop_id/" \
  -e "s#@SCREENSHOTS@#$web/screenshots#" -e "s#@WEB@#$web#" \
  packaging/linux/uk.casefile.desktop.metainfo.xml > "$stage/uk.casefile.desktop.metainfo.xml"

# What the package holds beyond the app itself, the same in the .deb and the .rpm.
files=$(cat <<JSON
{
  "/usr/bin/casefile": "$cli",
  "/usr/share/man/man1/casefile.1.gz": "$stage/casefile.1.gz",
  "/usr/share/metainfo/uk.casefile.desktop.metainfo.xml": "$stage/uk.casefile.desktop.metainfo.xml",
  "/usr/share/casefile/tessdata/eng.traineddata": "$stage/tessdata/eng.traineddata",
  "/usr/share/casefile/screenshots/today.png": "$stage/screenshots/today.png",
  "/usr/share/casefile/screenshots/bundles.png": "$stage/screenshots/bundles.png",
  "/usr/share/icons/hicolor/scalable/apps/casefile-app.svg": "$root/icons/casefile.svg",
  "/usr/share/doc/casefile/README.md": "$root/README.md",
  "/usr/share/doc/casefile/CHANGELOG.md": "$root/CHANGELOG.md",
  "/usr/share/doc/casefile/LICENSE": "$root/LICENSE",
  "/usr/share/doc/casefile/fonts/OFL.txt": "$root/src-tauri/crates/casefile-pdf/fonts/OFL.txt",
  "/usr/share/doc/casefile/fonts/NOTO-OFL.txt": "$root/src-tauri/crates/casefile-pdf/fonts/NOTO-OFL.txt",
  "/usr/share/doc/casefile/fonts/DROID-APACHE-2.0.txt": "$root/src-tauri/crates/casefile-pdf/fonts/DROID-APACHE-2.0.txt"
}
JSON
)
# Run-time needs beyond the WebKitGTK 4.1 and GTK 3 Tauri declares itself: OpenSSL's libcrypto,
# which the built-in SQLCipher encrypts the case file with (libssl3t64 on Ubuntu 24.04 and later).
cat > "$stage/tauri.package.json" <<JSON
{
  "bundle": {
    "active": true,
    "targets": ["deb", "rpm"],
    "publisher": "Casefile",
    "copyright": "Casefile's authors; AGPL-3.0-or-later",
    "license": "AGPL-3.0-or-later",
    "longDescription": "Casefile keeps a child's SEND case file on this computer, encrypted, and turns it into organised, dated evidence for the SEND Tribunal, a complaint or the Ombudsman. It needs no network and never uses one.",
    "linux": {
      "deb": {
        "section": "misc",
        "depends": ["libssl3 | libssl3t64"],
        "desktopTemplate": "$root/packaging/linux/casefile.desktop",
        "files": $files
      },
      "rpm": {
        "depends": ["openssl-libs"],
        "desktopTemplate": "$root/packaging/linux/casefile.desktop",
        "files": $files
      }
    }
  }
}
JSON

say "Packaging Casefile $version ($profile)"
ui/node_modules/.bin/tauri build "${tauri_flags[@]}" --ci --no-sign --config "$stage/tauri.package.json"

out="$root/target/$profile/bundle"
for pkg in "$out"/deb/*_"$version"_*.deb "$out"/rpm/*-"$version"-*.rpm; do
  [[ -f "$pkg" ]] && printf '%s (%s)\n' "$pkg" "$(du -h "$pkg" | cut -f1)"
done
