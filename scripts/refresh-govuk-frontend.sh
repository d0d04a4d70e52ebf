#!/usr/bin/env bash
# Refresh the vendored govuk-frontend assets and rebuild the LOTI stylesheet.
#
# Why this exists
# ---------------
# The LOTI Portal uses the GOV.UK Design System's components (govuk-frontend,
# MIT licence), but it is NOT a GOV.UK service. The GOV.UK branding rules say
# a non-GOV.UK service must never use:
#   - the crown (the GOV.UK crest, the crown favicons and app icons),
#   - the GOV.UK logotype, or
#   - the GDS Transport typeface (licensed for GOV.UK only).
# So this script vendors only the parts we may use, rebrands the CSS with LOTI
# indigo and a system font stack, and then checks that nothing forbidden made
# it into static/.
#
# What it does
# ------------
#   1. Installs govuk-frontend@VERSION and sass@SASS_VERSION into a throwaway
#      `mktemp -d` folder (no package.json or node_modules in the repo).
#   2. Replaces static/govuk/ with:
#        govuk-frontend.min.js   the ES module build (sourceMappingURL removed,
#                                as the .map file is not vendored)
#        LICENSE.txt             govuk-frontend's MIT licence
#        assets/images/          minus every crown/GOV.UK-branded image
#        VERSION                 the govuk-frontend version
#      assets/fonts/ (GDS Transport) is never copied.
#   3. Compiles static/css/loti.scss (committed; edit that, not the output)
#      into static/css/loti.css (compressed, no source map).
#   4. Fails if any forbidden file or the GDS Transport font is in the output.
#
# How to run
# ----------
#   scripts/refresh-govuk-frontend.sh            # pinned version (below)
#   scripts/refresh-govuk-frontend.sh 6.7.0      # try another version
# Needs node and npm, and access to the npm registry. Commit the changes in
# static/ afterwards. To upgrade for good, change GOVUK_FRONTEND_VERSION below.
set -euo pipefail

GOVUK_FRONTEND_VERSION="6.6.0"
SASS_VERSION="1.108.2"

VERSION="${1:-$GOVUK_FRONTEND_VERSION}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATIC="$REPO_ROOT/static"
GOVUK_OUT="$STATIC/govuk"
SCSS_IN="$STATIC/css/loti.scss"
CSS_OUT="$STATIC/css/loti.css"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "==> Installing govuk-frontend@$VERSION and sass@$SASS_VERSION in $WORK"
(
  cd "$WORK"
  printf '{ "name": "loti-govuk-refresh", "private": true }\n' > package.json
  npm install --no-audit --no-fund --ignore-scripts --no-save --loglevel=error \
    "govuk-frontend@$VERSION" "sass@$SASS_VERSION"
)

PKG="$WORK/node_modules/govuk-frontend"
DIST="$PKG/dist/govuk"
INSTALLED_VERSION="$(node -p "require('$PKG/package.json').version")"
if [[ "$INSTALLED_VERSION" != "$VERSION" ]]; then
  echo "ERROR: asked for govuk-frontend $VERSION but got $INSTALLED_VERSION" >&2
  exit 1
fi

echo "==> Replacing $GOVUK_OUT"
rm -rf "$GOVUK_OUT"
mkdir -p "$GOVUK_OUT/assets/images"

# The ES module build. It ends with a sourceMappingURL comment pointing at a
# .map file we do not vendor; strip it so browsers (and Django's manifest
# storage) do not look for it.
sed -E 's@//# sourceMappingURL=[^ ]*$@@' "$DIST/govuk-frontend.min.js" \
  > "$GOVUK_OUT/govuk-frontend.min.js"

# The licence. The npm package does not ship a LICENSE file (it lives at the
# root of the upstream monorepo), so use one from the package if a future
# release adds it, else write the upstream MIT text.
LICENCE_SRC="$(find "$PKG" -maxdepth 1 -iname 'licen[cs]e*' -print -quit)"
if [[ -n "$LICENCE_SRC" ]]; then
  cp "$LICENCE_SRC" "$GOVUK_OUT/LICENSE.txt"
else
  cat > "$GOVUK_OUT/LICENSE.txt" <<'LICENCE'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE
fi

# Images, minus everything carrying the crown or GOV.UK branding: the crest,
# the crown favicons (favicon.ico/.svg), the app icons and mask, and the
# opengraph image. (assets/manifest.json only lists those icons: not copied.)
for img in "$DIST"/assets/images/*; do
  name="$(basename "$img")"
  case "$name" in
    *crest* | *crown* | govuk-* | favicon.*) echo "    skip $name" ;;
    *) cp -R "$img" "$GOVUK_OUT/assets/images/" ;;
  esac
done
# Drop the images folder again if nothing in it was allowed.
rmdir "$GOVUK_OUT/assets/images" "$GOVUK_OUT/assets" 2>/dev/null || true

printf '%s\n' "$VERSION" > "$GOVUK_OUT/VERSION"

echo "==> Compiling $SCSS_IN"
(
  cd "$WORK"
  ./node_modules/.bin/sass \
    --load-path="$WORK/node_modules" \
    --style=compressed --no-source-map --quiet-deps \
    "$SCSS_IN" "$CSS_OUT"
)

echo "==> Checking the output"
status=0
forbidden="$(find "$STATIC" \( -iname '*.woff*' -o -iname '*crest*' -o -iname '*crown*' \
  -o -iname 'govuk-icon*' -o -iname '*.ttf' -o -iname '*.otf' -o -iname '*.eot' \) -print)"
if [[ -n "$forbidden" ]]; then
  echo "ERROR: forbidden files in static/:" >&2
  echo "$forbidden" >&2
  status=1
fi
if grep -qi 'GDS Transport' "$CSS_OUT"; then
  echo "ERROR: 'GDS Transport' appears in $CSS_OUT" >&2
  status=1
fi
if grep -qi '@font-face' "$CSS_OUT"; then
  echo "ERROR: '@font-face' appears in $CSS_OUT" >&2
  status=1
fi
if ! grep -q 'govuk-generic-header' "$CSS_OUT"; then
  echo "ERROR: $CSS_OUT lacks the govuk-frontend components" >&2
  status=1
fi
# Every url() in the CSS must point at a file we ship.
while IFS= read -r url; do
  rel="${url#/static/}"
  if [[ "$rel" == "$url" || ! -e "$STATIC/$rel" ]]; then
    echo "ERROR: $CSS_OUT refers to $url, which is not in static/" >&2
    status=1
  fi
done < <(grep -oE 'url\([^)]*\)' "$CSS_OUT" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' \
  | grep -v '^data:' | sort -u)
if (( status != 0 )); then
  exit "$status"
fi

echo "==> Done: govuk-frontend $VERSION in static/govuk/, $(wc -c < "$CSS_OUT") bytes of CSS in static/css/loti.css"
