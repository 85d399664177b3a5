// Compares two ECharts builds on every chart of a built site:
//
//	node e2e/echarts-compare.mjs SITE_DIR OLD.js NEW.js [--stride N]
//
// For a change of the vendored build (scripts/update-echarts.sh: a new
// stub, a new version): OLD.js is the build before (git show
// HEAD:themes/default/assets/vendor/echarts/echarts.min.js > /tmp/old.js),
// NEW.js the one after. Each build draws every chart option of SITE_DIR's
// pages (the <script type="application/json"> blocks) as charts.js does
// (echarts.init with the SVG renderer and locale ZH, 480 px wide), then
// the pointer moves over it at eight points (tooltips, axis pointer, hover
// styles), leaves it, toggles the legend of the first two series and
// clicks the legend row, shows and hides a tooltip and a highlight by
// action, and resizes it to 360 px (the media query) and back. After
// each step, with Playwright's clock run 600 ms ahead (animations and
// tooltip delays end; the same steps give the same SVG), the chart's SVG
// and aria-label are kept. The check fails on any step whose SVG differs
// between the builds, and on any console error or warning or uncaught
// exception with either: a stub that is reached throws. --stride N draws
// every Nth chart only.
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const args = process.argv.slice(2);
const strideAt = args.indexOf('--stride');
const stride = strideAt >= 0 ? Number(args.splice(strideAt, 2)[1]) : 1;
const [siteDir, oldJS, newJS] = args;
if (!siteDir || !oldJS || !newJS || !(stride >= 1)) {
  console.error('usage: node e2e/echarts-compare.mjs SITE_DIR OLD.js NEW.js [--stride N]');
  process.exit(2);
}

async function htmlFiles(dir) {
  const out = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

const options = [];
for (const f of await htmlFiles(siteDir)) {
  const html = await fs.readFile(f, 'utf8');
  for (const m of html.matchAll(/<script type="application\/json" id="(fig-[^"]*)">([\s\S]*?)<\/script>/g)) {
    options.push({ id: path.relative(siteDir, f) + '#' + m[1], option: JSON.parse(m[2]) });
  }
}
const charts = options.filter((_, i) => i % stride === 0);
if (!charts.length) {
  console.error(`${siteDir}: no chart options`);
  process.exit(1);
}

const W = 480;
const H = 420;
const hash = (s) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 16);

async function run(browser, bundle) {
  const page = await browser.newPage({ viewport: { width: 800, height: 700 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.clock.install({ time: 0 });
  await page.setContent(`<!doctype html><body style="margin:0"><div id="c" style="position:absolute;left:0;top:0;width:${W}px;height:${H}px"></div></body>`);
  await page.addScriptTag({ content: await fs.readFile(bundle, 'utf8') });
  const out = new Map();
  for (const { id, option } of charts) {
    const steps = [];
    const errorsBefore = errors.length;
    const snap = async (what) => {
      await page.clock.runFor(600);
      const svg = await page.evaluate(() => { window.chart.getZr().flush(); return document.getElementById('c').innerHTML; });
      steps.push(`${what}: ${hash(svg)} (${svg.length} B)`);
    };
    const act = (payload) => page.evaluate((p) => window.chart.dispatchAction(p), payload);
    await page.evaluate((o) => {
      const el = document.getElementById('c');
      el.style.width = '480px';
      if (window.chart) window.chart.dispose();
      window.chart = window.echarts.init(el, null, { renderer: 'svg', locale: 'ZH' });
      window.chart.setOption(o);
    }, option);
    await snap('drawn');
    for (const [fx, fy] of [[0.5, 0.4], [0.3, 0.2], [0.7, 0.6], [0.2, 0.8], [0.6, 0.3], [0.45, 0.55], [0.9, 0.9], [0.5, 0.97]]) {
      await page.mouse.move(W * fx, H * fy);
      await snap(`pointer at ${fx},${fy}`);
    }
    await page.mouse.move(700, 650);
    await snap('pointer out');
    for (const s of (option.series || []).slice(0, 2)) {
      if (!s.name) continue;
      await act({ type: 'legendToggleSelect', name: s.name });
      await snap(`legend: ${s.name} off`);
      await page.mouse.move(W * 0.5, H * 0.4);
      await snap('pointer over it');
      await act({ type: 'legendToggleSelect', name: s.name });
      await snap(`legend: ${s.name} on`);
    }
    await page.mouse.click(W / 2, H - 10);
    await snap('click on the legend row');
    await page.mouse.click(W / 2, H - 10);
    await snap('click again');
    await act({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
    await snap('showTip');
    await act({ type: 'highlight', seriesIndex: 0, dataIndex: 0 });
    await snap('highlight');
    await act({ type: 'downplay', seriesIndex: 0, dataIndex: 0 });
    await act({ type: 'hideTip' });
    await snap('downplay, hideTip');
    await page.evaluate(() => { document.getElementById('c').style.width = '360px'; window.chart.resize(); });
    await snap('360 px wide');
    await page.mouse.move(360 * 0.5, H * 0.45);
    await snap('pointer at 360 px');
    await page.evaluate(() => { document.getElementById('c').style.width = '480px'; window.chart.resize(); });
    await snap('480 px again');
    steps.push(`aria-label: ${hash(await page.$eval('#c', (el) => el.getAttribute('aria-label') || ''))}`);
    out.set(id, { steps, errors: errors.slice(errorsBefore) });
  }
  await page.close();
  return out;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
const problems = [];
let steps = 0;
try {
  const before = await run(browser, oldJS);
  const after = await run(browser, newJS);
  for (const { id } of charts) {
    const a = before.get(id);
    const b = after.get(id);
    steps += b.steps.length;
    for (const e of a.errors) problems.push(`${id}: ${oldJS}: ${e}`);
    for (const e of b.errors) problems.push(`${id}: ${newJS}: ${e}`);
    const i = a.steps.findIndex((s, k) => s !== b.steps[k]);
    if (i >= 0 || a.steps.length !== b.steps.length) {
      problems.push(`${id}: differs from "${(a.steps[i] || '').split(':')[0]}" on: ${a.steps[i]} / ${b.steps[i]}`);
    }
  }
} finally {
  await browser.close();
}
const kinds = {};
for (const { option } of charts) for (const s of option.series || []) kinds[s.type] = (kinds[s.type] || 0) + 1;
console.log(`${charts.length} charts (series: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}), ${steps} steps each build`);
if (problems.length) {
  console.error(`${problems.length} problem(s):\n` + problems.slice(0, 50).map((p) => '  ' + p).join('\n'));
  process.exit(1);
}
console.log('ok: the same SVG and aria-label after every step, no console errors');
