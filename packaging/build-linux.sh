#!/usr/bin/env bash
# Build the Linux desktop installers of Stagecoach from the repository root, after `make setup`:
#   dist/stagecoach-<version>-linux-x86_64/stagecoach      one-folder PyInstaller bundle
#   dist/stagecoach-<version>-linux-x86_64.tar.gz          the same folder, for any distribution
#   dist/stagecoach_<version>_amd64.deb                     Debian/Ubuntu package (/opt/stagecoach)
# Everything happens offline. Each step prints how long it took and what it produced.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}
PYINSTALLER=${PYINSTALLER:-$ROOT/.venv/bin/pyinstaller}
DIST=${DIST_DIR:-$ROOT/dist}
WORK=${WORK_DIR:-$ROOT/build/pyinstaller}

for tool in "$PY" "$PYINSTALLER"; do
  [ -x "$tool" ] || { echo "$tool is missing: run 'make setup' first." >&2; exit 2; }
done
for tool in dpkg-deb strip readelf objdump tar desktop-file-validate; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run 'make setup' first." >&2; exit 2; }
done

VERSION=$("$PY" -c 'import desktop_app; print(desktop_app.__version__)')
ARCH_DEB=$(dpkg --print-architecture)
case "$ARCH_DEB" in
  amd64) ARCH=x86_64 ;;
  arm64) ARCH=arm64 ;;
  *) ARCH=$ARCH_DEB ;;
esac
NAME=stagecoach-$VERSION-linux-$ARCH
BUNDLE=$DIST/$NAME
APP_ID=org.stagecoach.Stagecoach

step_start=$EPOCHREALTIME
step() { step_start=$EPOCHREALTIME; echo "==> $*"; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
done_step() { echo "    done in $(elapsed "$step_start") s${1:+: $1}"; }
size_of() { du -sh --apparent-size "$1" | cut -f1; }
total_start=$EPOCHREALTIME

# Shipped files: the UI's desktop entry and icon when they exist, else packaging's own.
pick() { if [ -f "$ROOT/$1" ]; then echo "$ROOT/$1"; else echo "$ROOT/$2"; fi; }
DESKTOP_FILE=$(pick resources/stagecoach.desktop packaging/linux/stagecoach.desktop)
ICON_SVG=$(pick resources/icons/stagecoach.svg packaging/linux/stagecoach.svg)
METAINFO=$ROOT/resources/metainfo/$APP_ID.metainfo.xml

step "PyInstaller bundle $NAME"
rm -rf "$BUNDLE" "$DIST/$NAME.tar.gz" "$DIST/stagecoach_${VERSION}_${ARCH_DEB}.deb"
STAGECOACH_DIST_NAME=$NAME "$PYINSTALLER" --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/stagecoach.spec
done_step "$(size_of "$BUNDLE")"

step "Strip debug information from the bundled libraries"
# Several wheels ship their libraries with full debug info (CTranslate2's extension alone
# is 65 MB of it). --strip-debug keeps every symbol the dynamic loader and Qt's plugin
# loader use; PyInstaller's own strip option removes more and is not safe for all wheels.
find "$BUNDLE" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 |
  while IFS= read -r -d '' lib; do
    # grep without -q reads all of readelf's output (with -q, pipefail sees SIGPIPE).
    if readelf -S "$lib" 2>/dev/null | grep '\.debug_info' >/dev/null; then
      strip --strip-debug "$lib"
    fi
  done
done_step "$(size_of "$BUNDLE")"

step "Remove links to libraries the bundle leaves out"
# PyInstaller links every Qt library at the bundle root to its copy under PySide6/; the
# ones the spec dropped (Quick, QML, Multimedia, ...) would be left dangling.
find "$BUNDLE" -xtype l -print -delete | sed 's|^|    |'
done_step

step "Smoke test: $NAME/stagecoach --version"
"$BUNDLE/stagecoach" --version
done_step

step "Archive $NAME.tar.gz"
# pigz, when installed, compresses on every core (same .gz format).
if command -v pigz >/dev/null; then GZ=pigz; else GZ=gzip; fi
tar -C "$DIST" -I "$GZ" -cf "$DIST/$NAME.tar.gz" "$NAME"
done_step "$(size_of "$DIST/$NAME.tar.gz")"

step "Debian package stagecoach_${VERSION}_${ARCH_DEB}.deb"
PKG=$WORK/deb/stagecoach_${VERSION}_${ARCH_DEB}
rm -rf "$PKG"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/icons/hicolor/256x256/apps" \
  "$PKG/usr/share/metainfo" "$PKG/usr/share/doc/stagecoach"
cp -a "$BUNDLE" "$PKG/opt/stagecoach"
ln -s /opt/stagecoach/stagecoach "$PKG/usr/bin/stagecoach"
install -m 0644 "$DESKTOP_FILE" "$PKG/usr/share/applications/stagecoach.desktop"
install -m 0644 "$ICON_SVG" "$PKG/usr/share/icons/hicolor/scalable/apps/stagecoach.svg"
"$PY" "$ROOT/packaging/make_icons.py" "$ICON_SVG" "$WORK/icons" >/dev/null
install -m 0644 "$WORK/icons/stagecoach-256.png" \
  "$PKG/usr/share/icons/hicolor/256x256/apps/stagecoach.png"
install -m 0644 "$METAINFO" "$PKG/usr/share/metainfo/$APP_ID.metainfo.xml"
install -m 0644 "$ROOT/packaging/linux/copyright" "$PKG/usr/share/doc/stagecoach/copyright"
desktop-file-validate "$PKG/usr/share/applications/stagecoach.desktop"
if command -v appstreamcli >/dev/null; then
  # Exits non-zero on errors (warnings and hints pass).
  appstreamcli validate --no-net "$PKG/usr/share/metainfo/$APP_ID.metainfo.xml"
fi
INSTALLED_KB=$(du -sk --apparent-size "$PKG" | cut -f1)
# The newest glibc symbol any bundled binary uses is the oldest libc6 it runs on.
GLIBC=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name stagecoach \) -exec objdump -T {} + \
  2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH_DEB/" -e "s/@SIZE_KB@/$INSTALLED_KB/" \
  -e "s/@GLIBC@/${GLIBC:-2.31}/" \
  "$ROOT/packaging/linux/control.in" > "$PKG/DEBIAN/control"
# Root owns everything; dpkg-deb keeps the modes we set. zstd level 3 takes seconds;
# level 19 saves about 15 % and takes ten minutes on two cores (DEB_ZSTD_LEVEL=19).
find "$PKG" -type d -exec chmod 0755 {} +
dpkg-deb --root-owner-group -Zzstd -z"${DEB_ZSTD_LEVEL:-3}" --threads-max="$(nproc)" \
  --build "$PKG" "$DIST/stagecoach_${VERSION}_${ARCH_DEB}.deb" >/dev/null
done_step "$(size_of "$DIST/stagecoach_${VERSION}_${ARCH_DEB}.deb")"

echo
echo "Built in $(elapsed "$total_start") s:"
printf '  %-8s %s\n' "$(size_of "$BUNDLE")" "$BUNDLE/"
printf '  %-8s %s\n' "$(size_of "$DIST/$NAME.tar.gz")" "$DIST/$NAME.tar.gz"
printf '  %-8s %s\n' "$(size_of "$DIST/stagecoach_${VERSION}_${ARCH_DEB}.deb")" \
  "$DIST/stagecoach_${VERSION}_${ARCH_DEB}.deb"
