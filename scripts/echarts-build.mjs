// Bundles scripts/echarts-entry.js into one file with esbuild, replacing
// the ECharts and zrender modules the site never reaches with stubs
// (below), then minifies it again with terser. Run by
// scripts/update-echarts.sh in a temporary folder holding echarts,
// esbuild and terser from npm:
//
//	node echarts-build.mjs entry.js out.js
//
// Each stub names why the site cannot reach the module it replaces; an
// ECharts upgrade that starts to need one shows in the browser test
// (go test ./e2e: console errors, charts without an <svg>).
import * as esbuild from 'esbuild';
import { minify } from 'terser';
import fs from 'node:fs/promises';
import path from 'node:path';

const [entry, out] = process.argv.slice(2);
if (!entry || !out) {
  console.error('usage: node echarts-build.mjs ENTRY OUT');
  process.exit(2);
}

const stubs = {
  // echarts.init(…, null, …): no theme by name, so no dark theme.
  'echarts/lib/theme/dark.js': 'export default {};',
  // charts.js passes locale 'ZH'; English is never asked for.
  'echarts/lib/i18n/langEN.js': "export { default } from './langZH.js';",
  // Tooltips use renderMode 'richText' (the HTML tooltip writes inline
  // styles, which the site's CSP blocks).
  'echarts/lib/component/tooltip/TooltipHTMLContent.js':
    "export default function TooltipHTMLContent() { throw new Error('disclose: the HTML tooltip is not built in (renderMode richText)'); }",
  // Rewrites options in the shapes of ECharts 2–4; generator/charts
  // writes only the current ones.
  'echarts/lib/preprocessor/backwardCompat.js': 'export default function backwardCompat() {}',
  // CSS keyframes for SVG animations; every option has animation: false
  // (and a <style> in the SVG would break the CSP).
  'zrender/lib/svg/cssAnimation.js':
    'export var EASING_MAP = {}; export var ANIMATE_STYLE_MAP = {}; export function createCSSAnimation() {}',
  // Canvas drawing (decal patterns on a canvas): the site draws with the
  // SVG renderer only.
  'zrender/lib/canvas/graphic.js':
    "function none() { throw new Error('disclose: the canvas renderer is not built in'); } export { none as brushSingle, none as brush, none as brushLoopFinalize, none as createCanvasPattern };",
  // Pan and zoom; the treemap has roam: false, no other chart roams.
  'echarts/lib/component/helper/RoamController.js':
    "import Eventful from 'zrender/lib/core/Eventful.js'; export default class RoamController extends Eventful { enable() {} disable() {} dispose() {} isDragging() { return false; } isPinching() { return false; } }",
  // Axes are 'category' or 'value' only: no time axis (axisHelper makes
  // a TimeScale only for type 'time'; the time formatting of
  // util/time.js, which tooltips and labels share, stays).
  'echarts/lib/scale/Time.js':
    "function none() { throw new Error('disclose: the time axis is not built in'); } export default none; export { none as calcNiceForTimeScale };",
  // … nor a log axis (type 'log').
  'echarts/lib/scale/Log.js':
    "export default function LogScale() { throw new Error('disclose: the log axis is not built in'); }",
  // alignTicks (of several value axes on one grid) is never set.
  'echarts/lib/coord/axisAlignTicks.js':
    "export function scaleCalcAlign() { throw new Error('disclose: axis alignTicks is not built in'); }",
  // splitArea (bands between the ticks) is never shown; removing an axis
  // only forgets the bands' colours.
  'echarts/lib/component/axis/axisSplitHelper.js':
    "export function rectCoordAxisBuildSplitArea() { throw new Error('disclose: axis splitArea is not built in'); } export function rectCoordAxisHandleRemove() {}",
  // A dataset holds its rows (dataset.source); no dataset.transform,
  // and echarts.registerTransform is never called.
  'echarts/lib/data/helper/transform.js':
    "function none() { throw new Error('disclose: dataset transforms are not built in'); } export { none as applyDataTransform, none as registerExternalTransform };",
  // Labels of bars on a polar grid (not built in: bars are on a grid).
  'echarts/lib/label/sectorLabel.js':
    "function none() { throw new Error('disclose: polar bars are not built in'); } export { none as createSectorCalculateTextPosition, none as setSectorTextRotation };",
  // The round-capped bar of a polar grid (ditto).
  'echarts/lib/util/shape/sausage.js':
    "export default function Sausage() { throw new Error('disclose: polar bars are not built in'); }",
  // The morph between a line's old and new points: only when the series
  // animates, and every option has animation: false (a line series has
  // no animation of its own).
  'echarts/lib/chart/line/lineAnimationDiff.js':
    "export default function lineAnimationDiff() { throw new Error('disclose: line animation is not built in (animation: false)'); }",
  // The treemap's breadcrumb: breadcrumb.show is false. The empty group
  // keeps the treemap's elements as they were.
  'echarts/lib/chart/treemap/Breadcrumb.js':
    "import Group from 'zrender/lib/graphic/Group.js'; export default class Breadcrumb { constructor(container) { this.group = new Group(); container.add(this.group); } render(seriesModel) { if (seriesModel.get(['breadcrumb', 'show'])) throw new Error('disclose: the treemap breadcrumb is not built in (breadcrumb.show: false)'); } remove() {} }",
  // chart.showLoading() is never called (charts.js draws at once).
  'echarts/lib/loading/default.js':
    "export default function defaultLoading() { throw new Error('disclose: the loading animation is not built in'); }",
  // Progressive drawing of very large series (bar 'large', over 3000
  // points): a report's charts have tens of rows.
  'zrender/lib/graphic/IncrementalDisplayable.js':
    "export default function IncrementalDisplayable() { throw new Error('disclose: progressive drawing is not built in'); }",
  // Down-sampling of lines and bars (sampling is never set; a line's
  // default is 'none').
  'echarts/lib/processor/dataSample.js':
    "export default function dataSample(seriesType) { return { seriesType: seriesType, reset: function (seriesModel) { var s = seriesModel.get('sampling'); if (s && s !== 'none') throw new Error('disclose: sampling is not built in'); } }; }",
  // The ECharts 4 names of select actions and events (pieselectchanged…):
  // nothing dispatches or listens to them, and no series is selectable.
  'echarts/lib/legacy/dataSelectAction.js':
    'export function createLegacyDataSelectAction() {} export function handleLegacySelectEvents() {}',
  // Hover styles as CSS for an SVG written to a string (renderToString,
  // server-side rendering); the page's SVG is drawn live.
  'zrender/lib/svg/cssEmphasis.js': 'export function createCSSEmphasis() {}',
};

const used = new Set();
const stubPlugin = {
  name: 'disclose-stubs',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      const rel = args.path.split(path.sep).join('/').split('node_modules/').pop();
      if (!(rel in stubs)) return undefined;
      used.add(rel);
      return { contents: stubs[rel], resolveDir: path.dirname(args.path) };
    });
  },
};

const res = await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  format: 'iife',
  target: 'es2017',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
  plugins: [stubPlugin],
});
const missing = Object.keys(stubs).filter((k) => !used.has(k));
if (missing.length) {
  // The module moved or is no longer bundled: look again at the stub.
  console.error(`echarts-build: stubs for modules not in the bundle: ${missing.join(', ')}`);
  process.exit(1);
}
const min = await minify(res.outputFiles[0].text, {
  ecma: 2017,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
});
await fs.writeFile(out, min.code);
