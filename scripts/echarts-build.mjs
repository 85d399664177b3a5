// Bundles scripts/echarts-entry.js into one file with esbuild, replacing
// a few ECharts and zrender modules the site never reaches with stubs
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
