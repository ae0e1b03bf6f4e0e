#!/usr/bin/env bash
# The package as a family uses it: build the .deb, install it with apt-get, run the installed
# command and window (first-start screen, About panel, a case file the command made), check that it
# refuses a case file from a newer version and leaves it untouched, uninstall it, and check that the
# case files are still there, byte for byte. Screenshots land in tests/e2e/artifacts/.
#   bash tests/install/run.sh           from a debug build (as the test command runs it)
#   bash tests/install/run.sh --release from the release build a family gets
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'install test: %s\n' "$*" >&2; exit 1; }

profile=debug
package_flags=(--debug)
[[ "${1:-}" == "--release" ]] && { profile=release; package_flags=(); }
sudo=()
(( EUID == 0 )) || sudo=(sudo)

if dpkg-query -W -f='${Status}' casefile 2>/dev/null | grep -q 'install ok installed'; then
  fail "a Casefile package is already installed on this machine, and this test installs and removes its own. Remove it first (sudo apt-get remove casefile); your case files are not touched."
fi

step "Building the package ($profile)"
bash scripts/package.sh "${package_flags[@]}"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
deb=$(ls "$root"/target/$profile/bundle/deb/*_"$version"_*.deb)
rpm=$(ls "$root"/target/$profile/bundle/rpm/*-"$version"-*.rpm)
name=$(dpkg-deb -f "$deb" Package)
[[ "$name" == casefile ]] || fail "the package is called $name, not casefile"
printf 'package: %s, %s bytes (rpm %s bytes)\n' "$deb" "$(stat -c %s "$deb")" "$(stat -c %s "$rpm")"
printf 'Depends: %s\n' "$(dpkg-deb -f "$deb" Depends)"

step "What the package holds"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed -e 's#^\./#/#' -e 's#^\([^/]\)#/\1#')
for want in /usr/bin/casefile-app /usr/bin/casefile /usr/share/applications/Casefile.desktop \
  /usr/share/metainfo/uk.casefile.desktop.metainfo.xml /usr/share/man/man1/casefile.1.gz \
  /usr/share/casefile/tessdata/eng.traineddata /usr/share/casefile/screenshots/today.png \
  /usr/share/doc/casefile/LICENSE /usr/share/doc/casefile/CHANGELOG.md \
  /usr/share/icons/hicolor/16x16/apps/casefile-app.png /usr/share/icons/hicolor/32x32/apps/casefile-app.png \
  /usr/share/icons/hicolor/48x48/apps/casefile-app.png /usr/share/icons/hicolor/128x128/apps/casefile-app.png \
  /usr/share/icons/hicolor/256x256@2/apps/casefile-app.png /usr/share/icons/hicolor/512x512/apps/casefile-app.png \
  /usr/share/icons/hicolor/scalable/apps/casefile-app.svg; do
  grep -qx "$want" <<<"$contents" || fail "the package has no $want; it holds:
$contents"
done
depends=$(dpkg-deb -f "$deb" Depends)
for want in libwebkit2gtk-4.1-0 libgtk-3-0 libssl3; do
  grep -q "$want" <<<"$depends" || fail "the package does not declare $want (Depends: $depends)"
done
for unwanted in tesseract poppler; do
  ! grep -q "$unwanted" <<<"$depends" || fail "the package depends on $unwanted, which Casefile no longer runs (Depends: $depends)"
done

step "Installing it with apt-get"
start=$(date +%s%N)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
printf 'installed in %s ms\n' "$(( ($(date +%s%N) - start) / 1000000 ))"
cleanup() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq casefile >/dev/null 2>&1 || true; }
trap cleanup EXIT

desktop-file-validate /usr/share/applications/Casefile.desktop || fail "the desktop entry is not valid"
grep -qx 'Categories=Office;' /usr/share/applications/Casefile.desktop || fail "the desktop entry's category is not Office: $(cat /usr/share/applications/Casefile.desktop)"
appstreamcli validate --no-net --pedantic --explain /usr/share/metainfo/uk.casefile.desktop.metainfo.xml ||
  fail "the AppStream metadata is not valid"
# Read whole before searching: grep -q stops at the first match, and under pipefail zcat's
# broken pipe (the page is larger than a pipe's buffer) would fail the check that matched.
manual=$(zcat /usr/share/man/man1/casefile.1.gz)
grep -q 'casefile bundle build' <<<"$manual" || fail "the manual page does not describe casefile bundle build"
grep -q 'casefile plan working-document' <<<"$manual" || fail "the manual page does not describe casefile plan working-document"
cmp -s /usr/share/casefile/tessdata/eng.traineddata "$(ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata | head -n 1)" ||
  fail "the package's OCR data is not the English data it was built with"

step "The installed command"
[[ "$(command -v casefile)" == /usr/bin/casefile ]] || fail "casefile is not on PATH from the package"
shown=$(casefile --version)
[[ "$shown" == "casefile $version" ]] || fail "casefile --version says '$shown', not 'casefile $version'"
user=$(mktemp -d)
# The family's own data folder, where it is by default (~/.local/share/Casefile).
HOME="$user" XDG_DATA_HOME='' casefile --no-passphrase demo >/dev/null || fail "casefile demo failed"
data="$user/.local/share/Casefile"
[[ -d "$data" ]] || fail "casefile demo made no data folder in $data"
HOME="$user" XDG_DATA_HOME='' casefile --json case list | grep -q 'Robin Example' || fail "the demo case is not listed"
# A photographed letter is read by the installed app's own OCR, with PATH emptied of every program.
cp tests/fixtures/scanned-letter.jpg "$user/Letter photo.jpg"
read=$(HOME="$user" XDG_DATA_HOME='' PATH=/nonexistent /usr/bin/casefile import --case 1 "$user/Letter photo.jpg")
grep -q 'characters of text (OCR)' <<<"$read" || fail "the installed command did not read the photographed letter: $read"
HOME="$user" XDG_DATA_HOME='' PATH=/nonexistent /usr/bin/casefile --json search --case 1 Caseworker reference |
  python3 -c 'import json,sys; hits=json.load(sys.stdin)["hits"]; sys.exit(0 if any(h["title"]=="Letter photo" for h in hits) else 1)' ||
  fail "searching the installed case file does not find the photographed letter's words"

step "The installed window under Xvfb"
(cd tests/e2e && CASEFILE_APP=/usr/bin/casefile-app CASEFILE_CLI=/usr/bin/casefile CASEFILE_VERSION="$version" \
  timeout --kill-after=30 600 xvfb-run -a --server-args="-screen 0 1366x768x24" node --test --test-concurrency=1 --test-timeout=240000 installed/)

step "A case file from a newer version is refused and left untouched"
newer=$(mktemp -d)
casefile --home "$newer" --no-passphrase demo >/dev/null
python3 - "$newer/casefile.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA user_version = 9999")
db.commit()
db.close()
PY
before=$(cd "$newer" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
set +e
refusal=$(casefile --home "$newer" --json case list)
code=$?
set -e
[[ $code == 1 ]] || fail "a newer case file gave exit code $code, not 1: $refusal"
grep -q '"newer_schema"' <<<"$refusal" || fail "a newer case file was not refused as newer: $refusal"
grep -q 'newer version of Casefile' <<<"$refusal" || fail "the refusal does not say a newer version made it: $refusal"
after=$(cd "$newer" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
[[ "$before" == "$after" ]] || fail "refusing a newer case file changed its folder:
$before
---
$after"

step "Uninstalling leaves the case files untouched"
before=$(cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq casefile >/dev/null
trap - EXIT
[[ ! -e /usr/bin/casefile && ! -e /usr/bin/casefile-app ]] || fail "uninstalling left the programs behind"
after=$(cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
[[ -n "$before" && "$before" == "$after" ]] || fail "uninstalling changed the data folder"
printf 'the data folder kept its %s files\n' "$(wc -l <<<"$after")"
rm -rf "$user" "$newer"
echo "install test passed"
