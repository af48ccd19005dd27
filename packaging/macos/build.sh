#!/usr/bin/env bash
# Build the macOS app and disk image of Stagecoach (run on macOS 11+, Apple silicon or Intel):
#   bash packaging/macos/build.sh
# Needs Python 3.11 (python3.11 on PATH, or PYTHON=/path/to/python3.11) and the Xcode
# command-line tools (codesign, hdiutil, plutil are part of macOS).
# Produces dist/Stagecoach.app (with NSMicrophoneUsageDescription in its Info.plist, so
# macOS asks before the first recording) and dist/stagecoach-<version>-macos-<arch>.dmg.
# The app is signed ad hoc: without a Developer ID, Gatekeeper asks the user to confirm
# the first start (right-click > Open); see packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PYTHON=${PYTHON:-python3.11}

step() { step_start=$SECONDS; echo "==> $*"; }
done_step() { echo "    done in $((SECONDS - step_start)) s${1:+: $1}"; }

step "Python environment (.venv, without the reference engine)"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e . "pyinstaller>=6.10"
done_step

VERSION=$(.venv/bin/python -c 'import desktop_app; print(desktop_app.__version__)')
ARCH=$(uname -m)
APP=$ROOT/dist/Stagecoach.app
DMG=$ROOT/dist/stagecoach-$VERSION-macos-$ARCH.dmg

step "Icons"
.venv/bin/python packaging/make_icons.py resources/icons/stagecoach.svg build/icons
done_step

step "PyInstaller app bundle"
rm -rf "$APP" "$DMG"
STAGECOACH_DIST_NAME=stagecoach-$VERSION-macos-$ARCH STAGECOACH_ICON=$ROOT/build/icons/stagecoach.icns \
  .venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/stagecoach.spec
plutil -extract NSMicrophoneUsageDescription raw "$APP/Contents/Info.plist" >/dev/null
done_step "$(du -sh "$APP" | cut -f1)"

step "Ad-hoc signature"
# Apple silicon refuses unsigned code; the microphone permission is also tied to a signature.
codesign --force --deep --sign - "$APP"
codesign --verify --deep "$APP"
done_step

step "Smoke test and offline self-test"
"$APP/Contents/MacOS/stagecoach" --version
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/stagecoach" --self-test
done_step

step "Disk image $(basename "$DMG")"
STAGE=$ROOT/build/dmg
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
# hdiutil now and then fails with "Resource busy" on CI runners: try up to three times.
for attempt in 1 2 3; do
  if hdiutil create -volname "Stagecoach $VERSION" -srcfolder "$STAGE" -ov -format UDZO \
    "$DMG" >/dev/null; then
    break
  fi
  [ "$attempt" = 3 ] && exit 1
  sleep 5
done
done_step "$(du -sh "$DMG" | cut -f1)"
