#!/usr/bin/env bash
# Refresh the vendored ECharts in the default theme from the npm registry.
#
#   scripts/update-echarts.sh          # newest 6.x
#   scripts/update-echarts.sh 6.1.0    # a given version
#
# Copies dist/echarts.min.js (the full build: sunburst and treemap are not
# in the common build), its LICENSE, NOTICE and bundled third-party license,
# and records the version and sha256 in VERSION, which
# themes/vendor_test.go checks. Nothing is fetched at build or view time.
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
(cd "$tmp" && npm pack "echarts@$version" --silent >/dev/null && tar xzf "echarts-$version.tgz")

mkdir -p "$dest"
cp "$tmp/package/dist/echarts.min.js" "$dest/echarts.min.js"
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
END
echo "echarts $version vendored ($sum)"
