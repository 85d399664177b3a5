#!/usr/bin/env bash
# Refresh the vendored ECharts in the default theme from the npm registry.
#
#   scripts/update-echarts.sh          # newest 6.x
#   scripts/update-echarts.sh 6.1.0    # a given version
#
# Builds echarts.min.js from the npm package's ES modules with esbuild,
# keeping only what scripts/echarts-entry.js names (the chart types and
# components the site uses, the SVG renderer), with the modules the site
# never reaches replaced by stubs, then minified again with terser
# (scripts/echarts-build.mjs): about 559 KB (187 KB gzipped) against the
# full build's 1.1 MB (369 KB). Copies its LICENSE, NOTICE and bundled third-party
# license, and records the version, the builder and the sha256 in VERSION,
# which themes/vendor_test.go checks. Nothing is fetched at build or view
# time. The same echarts and esbuild versions give the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-6}"
dest=themes/default/assets/vendor/echarts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A range answers with a JSON list, one version with a string: take the last.
version=$(npm view "echarts@$want" version --json | tr -d '"[], ' | grep . | tail -n 1)
case "$version" in
  6.*) ;;
  *) echo "update-echarts: expected a 6.x version, got '$version'" >&2; exit 1 ;;
esac
esbuild=0.28.2
terser=5.51.4
(cd "$tmp" && npm pack "echarts@$version" --silent >/dev/null && tar xzf "echarts-$version.tgz")
cat > "$tmp/package.json" <<END
{ "private": true, "type": "module", "dependencies": { "echarts": "$version", "esbuild": "$esbuild", "terser": "$terser" } }
END
(cd "$tmp" && npm install --no-audit --no-fund --silent >/dev/null)
cp scripts/echarts-entry.js "$tmp/entry.js"
cp scripts/echarts-build.mjs "$tmp/build.mjs"
(cd "$tmp" && node build.mjs entry.js echarts.min.js)

mkdir -p "$dest"
cp "$tmp/echarts.min.js" "$dest/echarts.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
cp "$tmp/package/NOTICE" "$dest/NOTICE"
if [ -f "$tmp/package/licenses/LICENSE-d3" ]; then
  cp "$tmp/package/licenses/LICENSE-d3" "$dest/LICENSE-d3"
fi
sum=$(sha256sum "$dest/echarts.min.js" | cut -d' ' -f1)
cat > "$dest/VERSION" <<END
echarts $version
sha256 $sum echarts.min.js
source https://registry.npmjs.org/echarts/-/echarts-$version.tgz
build scripts/echarts-entry.js with scripts/echarts-build.mjs: esbuild $esbuild, terser $terser (bar, line, pie, treemap; aria, dataset, grid, legend, markLine, tooltip; SVG renderer; stubs: dark theme, English locale, HTML tooltip, option backward compatibility, SVG CSS animation and hover CSS, canvas drawing, roam, time and log axes, alignTicks, splitArea, dataset transforms, polar bars, line animation, treemap breadcrumb, loading animation, progressive drawing, sampling, legacy select events)
END
# The precompressed copies servers may send (themes/precompressed/) are
# made from these bytes once here, so that a build need not run brotli.
go test ./generator/precompress -run 'TestVendoredCopies$' -update >/dev/null
echo "echarts $version vendored ($sum), precompressed copies refreshed"
