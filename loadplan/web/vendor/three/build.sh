#!/usr/bin/env sh
# Rebuild three.min.js from the npm registry (needs node and npm; not run by CI).
#   sh loadplan/web/vendor/three/build.sh [VERSION]
# three.js no longer ships a minified single-file build, so the classes the viewer
# uses (entry.js) are bundled by esbuild into one IIFE exposing the global THREE.
# The one URL string in the bundle (the XHTML namespace of createElementNS) is
# replaced by document.createElement, which is the same in an HTML page, so the
# page holds no http(s) string at all.
set -eu
VERSION="${1:-0.187.0}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund "three@$VERSION" esbuild@0.28.2 >/dev/null
cp "$HERE/entry.js" .
npx esbuild entry.js --bundle --minify --format=iife --global-name=THREE \
    --legal-comments=none --outfile=three.min.js
sed -i 's#document.createElementNS("http://www.w3.org/1999/xhtml",#document.createElement(#' three.min.js
if grep -q 'https\?://' three.min.js; then echo "URL left in three.min.js" >&2; exit 1; fi
{ printf '/* three.js %s, bundled by esbuild from entry.js (loadplan/web/vendor/three).\n\n' "$VERSION"
  cat node_modules/three/LICENSE; printf '*/\n'; cat three.min.js; } > "$HERE/three.min.js"
cp node_modules/three/LICENSE "$HERE/LICENSE"
rm -rf "$WORK"
