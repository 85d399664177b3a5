// Browser check of a built disclose site:
//
//	node e2e/check.mjs SITE_DIR [NAME] [--figures] [--kinds=bar,line,pie,treemap]
//
// Serves SITE_DIR on 127.0.0.1 at / and at the sub-path /portal/jixiao/,
// with a strict Content-Security-Policy, and opens every HTML page in
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
// Fails on a console error, an uncaught exception, a CSP violation, a
// request to any host but 127.0.0.1, a failed request to the site, a
// chart box without its static <svg role="img"> labelled by the figure's
// caption, a pattern fill of a drawing that names no pattern of it, two
// texts of a drawing that overlap as the browser sets them (or one beyond
// its sides), a request for ECharts before a chart is touched, a chart that
// ECharts does not draw (in the same box, no layout jump) once the reader
// reaches for it (Enter on the first, then the pointer over each at 1280
// px, a tap at 390 px), a duplicate element id, a page wider than the
// window, an accessibility violation that axe-core (injected from
// node_modules, no CDN) finds at either width (WCAG 2.1 A and AA), on
// load and with every chart interactive, and a table cell narrower than
// four characters at 390 px, and a chart kind (series type) of the
// site's options that ECharts never draws (with --kinds=bar,line,…, also
// a listed kind the site does not have). The report page is also opened from
// file://, from the sub-path and without JavaScript. Screenshots (1280
// and 390 px wide, of each page, and with --figures of each figure, static
// and interactive) go to e2e/artifacts/NAME/ (NAME defaults to "site").
import { chromium } from 'playwright-core';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveSite } from './siteserver.mjs';

const SUBPATH = '/portal/jixiao/';
const here = path.dirname(fileURLToPath(import.meta.url));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

const axeSource = await fs.readFile(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const figureShots = process.argv.includes('--figures');
const kindsArg = process.argv.find((a) => a.startsWith('--kinds='));
const wantKinds = kindsArg ? kindsArg.slice('--kinds='.length).split(',').filter(Boolean) : [];
// Chart kinds (series types) of the options on the pages, and how many
// charts of each ECharts drew once a reader reached for them: the
// vendored build (scripts/update-echarts.sh) must draw every kind.
const kindsSeen = new Set();
const kindsDrawn = new Map();
const root = args[0];
if (!root) {
  console.error('usage: node check.mjs SITE_DIR [NAME] [--figures] [--kinds=bar,line,pie,treemap]');
  process.exit(2);
}
const siteDir = path.resolve(root);
const artifacts = path.join(here, 'artifacts', args[1] || 'site');

async function allFiles(dir, rel = '') {
  const out = [];
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? rel + '/' + e.name : e.name;
    if (e.isDirectory()) out.push(...await allFiles(dir, r));
    else out.push(r);
  }
  return out;
}

async function htmlPages(dir) {
  return (await allFiles(dir)).filter((r) => r.endsWith('.html')).sort();
}

const failures = [];
const fail = (where, msg) => failures.push(`${where}: ${msg}`);

// drawnAsPublished runs in the page on a chart box that ECharts has
// drawn: what of its option's dataset the drawing lacks. Every category
// of a chart on a grid must be among the drawing's texts (an axis label
// broken over lines is several texts, read in order), and every label
// of a bar or line series that shows them (its text column t<i>, 未公开 as much
// as 88.63%) one text of its own, or a run of them (broken onto lines).
function drawnAsPublished(box) {
  const option = JSON.parse(document.getElementById(box.getAttribute('data-chart-option')).textContent);
  const squeeze = (s) => String(s).replace(/\s+/g, '');
  const texts = [...box.querySelectorAll('.chart-live svg text')].map((t) => squeeze(t.textContent));
  const joined = texts.join('');
  const out = [];
  const onGrid = [option.xAxis, option.yAxis].some((a) => a && a.type === 'category');
  if (!option.dataset || !onGrid) return out;
  const dims = option.dataset.dimensions.map((d) => d.name);
  const rows = option.dataset.source;
  for (const row of rows) {
    if (!joined.includes(squeeze(row[0]))) out.push(`does not draw the category ${row[0]}`);
  }
  // A label broken onto lines (on a phone) is a run of texts.
  const used = texts.map(() => false);
  const take = (want) => {
    for (let k = 0; k < texts.length; k++) {
      let run = '';
      for (let m = k; m < texts.length && m < k + 4 && !used[m] && want.startsWith(run + texts[m]); m++) {
        run += texts[m];
        if (run === want) {
          for (let x = k; x <= m; x++) used[x] = true;
          return true;
        }
      }
    }
    return false;
  };
  // A text column is labelled once a row (a line's points without a
  // value by a second series of the same name).
  const columns = new Map();
  for (const s of option.series || []) {
    const m = (s.type === 'bar' || s.type === 'line') && s.label && s.label.show && /^\{@(t\d+)\}$/.exec(s.label.formatter || '');
    if (m && !columns.has(m[1])) columns.set(m[1], s.name);
  }
  for (const [dim, name] of columns) {
    const col = dims.indexOf(dim);
    for (const row of rows) {
      const want = squeeze(row[col] == null ? '' : row[col]);
      if (want && !take(want)) out.push(`does not draw the label ${row[col]} of ${row[0]} (${name})`);
    }
  }
  return out;
}

// open loads a page in a fresh context, watching everything that must not
// happen, checks its charts and hovers them, and returns the page.
async function open(browser, url, label, viewport, shots = '', audit = true, scripted = true) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: viewport.width < 600, javaScriptEnabled: scripted });
  const page = await context.newPage();
  const origin = new URL(url);
  // Runs before the page's own scripts and outside its CSP.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (msg) => {
    const t = msg.text();
    // A text document cannot name an icon, so Chromium asks for
    // /favicon.ico; every HTML page names its own (no request, no 404).
    if (url.endsWith('.txt') && /favicon\.ico$/.test(msg.location()?.url || '')) return;
    if (msg.type() === 'error' || /Content.Security.Policy/i.test(t)) fail(label, `console ${msg.type()}: ${t}`);
  });
  page.on('pageerror', (err) => fail(label, `uncaught: ${err.message}`));
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (origin.protocol === 'file:' ? u.protocol !== 'file:' : u.hostname !== '127.0.0.1') {
      fail(label, `request outside the site: ${req.url()}`);
    }
  });
  page.on('requestfailed', (req) => fail(label, `request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    // Every page names its icon (<link rel="icon">), so that the browser
    // does not ask for a /favicon.ico the site does not have.
    if (res.status() >= 400) fail(label, `HTTP ${res.status()} for ${res.url()}`);
  });
  const echartsRequests = [];
  page.on('request', (req) => { if (/echarts/.test(req.url())) echartsRequests.push(req.url()); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(100);
  // Every chart is a static SVG in the page, drawn by the generator: no
  // script is needed to show it, and ECharts is not loaded until a
  // reader reaches for a chart.
  for (const el of await page.$$('.chart')) await el.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(50);
  if (echartsRequests.length) fail(label, `ECharts requested before any chart was touched: ${echartsRequests[0]}`);
  const charts = await page.$$eval('.chart', (els) => els.map((el) => {
    const svg = el.querySelector(':scope > svg');
    const by = svg && svg.getAttribute('aria-labelledby');
    const cap = by && document.getElementById(by);
    return {
      id: el.getAttribute('data-chart-option'),
      svg: !!svg && svg.getAttribute('role') === 'img' && svg.querySelectorAll('rect, path, circle, polyline').length > 0,
      label: cap && cap.tagName === 'FIGCAPTION' ? cap.textContent.trim() : '',
      visible: el.getBoundingClientRect().height > 0,
      interactive: el.tabIndex === 0 && el.getAttribute('role') === 'button' && !!el.getAttribute('aria-description'),
      // A pattern fill names a <pattern> of the same drawing.
      badRefs: svg ? [...svg.querySelectorAll('[fill^="url("]')].map((e) => e.getAttribute('fill'))
        .filter((f) => { const t = svg.querySelector('pattern[id="' + f.slice(5, -1) + '"]'); return !t; }) : [],
      // Texts as the browser sets them, in the site's font: none overlaps
      // another (by more than a unit) or leaves the drawing.
      overlaps: svg ? (() => {
        const w = svg.viewBox.baseVal.width;
        const boxes = [...svg.querySelectorAll('text')].map((t) => ({ s: t.textContent, b: t.getBBox() }));
        const out = [];
        boxes.forEach((a, i) => {
          if (a.b.x < -1 || a.b.x + a.b.width > w + 1) out.push(`"${a.s}" beyond the drawing (${a.b.x.toFixed(1)}–${(a.b.x + a.b.width).toFixed(1)})`);
          for (const o of boxes.slice(0, i)) {
            const dx = Math.min(a.b.x + a.b.width, o.b.x + o.b.width) - Math.max(a.b.x, o.b.x);
            const dy = Math.min(a.b.y + a.b.height, o.b.y + o.b.height) - Math.max(a.b.y, o.b.y);
            // getBBox is the font's line box, about 3.4 units taller than
            // the glyphs of 12-unit CJK text: more than that is ink on ink.
            if (dx > 1 && dy > 4) out.push(`"${o.s}" and "${a.s}" overlap`);
          }
        });
        return out;
      })() : [],
    };
  }));
  // Wide tables scroll in their own box; the page itself must fit.
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (width[0] > width[1] + 1) fail(label, `page is ${width[0]} px wide in a ${width[1]} px window`);
  const dupes = await page.$$eval('[id]', (els) => {
    const seen = new Set(), d = new Set();
    for (const el of els) (seen.has(el.id) ? d : seen).add(el.id);
    return [...d];
  });
  if (dupes.length) fail(label, `duplicate element ids: ${dupes.join(', ')}`);
  // Accessibility: axe-core, run through the DevTools protocol (the page's
  // CSP does not apply to it), on the page as drawn.
  if (audit) await page.evaluate(axeSource);
  const violations = !audit ? [] : await page.evaluate(async () => {
    const res = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      rules: { 'scrollable-region-focusable': { enabled: true } },
      resultTypes: ['violations'],
      preload: false, // it would fetch the stylesheets again, which file:// forbids
    });
    return res.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);
  });
  for (const v of violations) fail(label, `axe: ${v}`);
  if (viewport.width < 600) {
    // On a phone no table cell is set narrower than four characters of
    // its own font (a CJK character is 1 em wide).
    const narrow = await page.$$eval('table th, table td', (cells) => cells.flatMap((el) => {
      if (!el.getClientRects().length || el.closest('details:not([open])')) return [];
      // Column headers hidden on a phone (each card names its values).
      const head = el.closest('thead');
      if (head && getComputedStyle(head).position === 'absolute') return [];
      const w = el.getBoundingClientRect().width;
      const em = parseFloat(getComputedStyle(el).fontSize);
      if (w + 0.5 >= 4 * em) return [];
      const table = el.closest('table');
      const cap = table && table.caption ? table.caption.textContent.trim() : '';
      return [`${(w / em).toFixed(1)} em: "${el.textContent.trim().slice(0, 20)}" in "${cap}"`];
    }));
    for (const n of narrow.slice(0, 5)) fail(label, `table cell narrower than 4 em: ${n}`);
    if (narrow.length > 5) fail(label, `and ${narrow.length - 5} more cells narrower than 4 em`);
  }
  for (const c of charts) {
    if (!c.svg) fail(label, `chart ${c.id} has no static <svg role="img"> with marks`);
    if (!c.visible) fail(label, `chart ${c.id} has no height`);
    if (!c.label) fail(label, `chart ${c.id}'s <svg> is not labelled by its figure's caption`);
    if (scripted && !c.interactive) fail(label, `chart ${c.id} is not focusable as a button with a hint (charts.js)`);
    for (const r of c.badRefs) fail(label, `chart ${c.id}: ${r} names no pattern of its drawing`);
    for (const o of c.overlaps.slice(0, 5)) fail(label, `chart ${c.id}: texts of the static drawing: ${o}`);
  }
  if (shots && figureShots) {
    // One picture per figure as the page shows it on load (static SVG).
    for (const fig of await page.$$('figure.figure')) {
      const id = await fig.$eval('.chart', (el) => el.getAttribute('data-chart-option')).catch(() => null);
      if (id) await fig.screenshot({ path: path.join(artifacts, `${id}-${shots}.png`) });
    }
  }
  // Reach for each chart as a reader does (the pointer over it on a
  // screen with a mouse, a tap on a phone; the keyboard for one of them):
  // ECharts loads and draws that chart over the static one, in the same
  // box (no layout jump), with its aria-label, and without any console
  // error or CSP violation (the handlers above); tooltips are rich text.
  if (scripted) {
    const els = await page.$$('.chart');
    for (const [i, el] of els.entries()) {
      await el.scrollIntoViewIfNeeded();
      const before = await el.boundingBox();
      if (!before) continue;
      if (i === 0) {
        await el.focus();
        await page.keyboard.press('Enter');
      } else if (viewport.width < 600) {
        await el.tap();
      } else {
        await page.mouse.move(before.x + before.width * 0.5, before.y + before.height * 0.4);
      }
      const ok = await page.waitForFunction((e) => !!e.querySelector('.chart-live svg path, .chart-live svg text'), el, { timeout: 8000 }).then(() => true, () => false);
      const id = await el.getAttribute('data-chart-option');
      const kinds = await el.evaluate((e) => {
        const block = document.getElementById(e.getAttribute('data-chart-option'));
        const series = block ? (JSON.parse(block.textContent).series || []) : [];
        return [...new Set(series.map((s) => s.type))];
      });
      for (const k of kinds) {
        kindsSeen.add(k);
        if (ok) kindsDrawn.set(k, (kindsDrawn.get(k) || 0) + 1);
      }
      if (!ok) {
        fail(label, `chart ${id}: ECharts did not draw it after ${i === 0 ? 'Enter' : viewport.width < 600 ? 'a tap' : 'hovering'}`);
        continue;
      }
      const after = await el.boundingBox();
      if (Math.abs(after.height - before.height) > 1 || Math.abs(after.width - before.width) > 1) {
        fail(label, `chart ${id}: the box moved from ${before.width}×${before.height} to ${after.width}×${after.height} when ECharts drew it`);
      }
      const live = await el.$eval('.chart-live', (l) => l.getAttribute('aria-label') || '');
      if (!live) fail(label, `chart ${id}: the interactive chart has no aria-label`);
      // ECharts must say what the static drawing says: every category of
      // a chart on a grid (a row it takes for a header, or one it drops,
      // is a project gone from the chart) and every bar's label, 未公开
      // included (no bar and no text reads as nothing, or as zero).
      for (const p of await el.evaluate(drawnAsPublished)) fail(label, `chart ${id}: ECharts ${p}`);
      // Hover it, for a tooltip.
      await page.mouse.move(before.x + before.width * 0.5, before.y + before.height * 0.45);
      await page.waitForTimeout(40);
    }
    if (els.length && !echartsRequests.length) fail(label, 'ECharts was never requested');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(100);
    if (audit && els.length) {
      const live = await page.evaluate(async () => {
        const res = await window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
          preload: false,
        });
        return res.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
      });
      for (const v of live) fail(label, `axe with the interactive charts: ${v}`);
    }
  }
  if (shots && figureShots) {
    // And as drawn by ECharts once touched.
    for (const fig of await page.$$('figure.figure')) {
      const id = await fig.$eval('.chart', (el) => el.getAttribute('data-chart-option')).catch(() => null);
      if (id) await fig.screenshot({ path: path.join(artifacts, `${id}-${shots}-live.png`) });
    }
  }
  return { page, context, charts: charts.length };
}

const slug = (rel) => rel.replace(/\/?index\.html$/, '').replace(/[\/.]/g, '-') || 'home';

async function main() {
  const t0 = Date.now();
  const lap = (what) => process.env.E2E_VERBOSE && console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
  await fs.mkdir(artifacts, { recursive: true });
  const server = await serveSite(siteDir, SUBPATH);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  lap('browser up');
  let totalCharts = 0;
  try {
    const pages = await htmlPages(siteDir);
    let report = '';
    for (const rel of pages) {
      const { page, context, charts } = await open(browser, base + rel, rel, { width: 1280, height: 900 }, 'desktop');
      totalCharts += charts;
      if (rel !== '404.html') await page.screenshot({ path: path.join(artifacts, `${slug(rel)}-desktop.png`), fullPage: true });
      await context.close();
      lap(rel);
      if (/^[^/]+\/\d{4}\/index\.html$/.test(rel) && !report) report = rel;
      if (rel !== '404.html') {
        const phone = await open(browser, base + rel, rel + ' (phone)', { width: 390, height: 844 }, 'phone');
        await phone.page.screenshot({ path: path.join(artifacts, `${slug(rel)}-phone.png`), fullPage: true });
        await phone.context.close();
      }
    }
    if (report) {
      for (const [label, url] of [
        [`${report} from a sub-path`, base.replace(/\/$/, SUBPATH) + report],
        [`${report} from file://`, pathToFileURL(path.join(siteDir, report)).href],
      ]) {
        const { context, charts } = await open(browser, url, label, { width: 1280, height: 900 });
        if (charts === 0) fail(label, 'no charts');
        await context.close();
      }
      // Without JavaScript every chart still shows (static SVG).
      const label = `${report} without JavaScript (phone)`;
      const nojs = await open(browser, base + report, label, { width: 390, height: 844 }, '', false, false);
      if (nojs.charts === 0) fail(label, 'no charts');
      await nojs.page.screenshot({ path: path.join(artifacts, `${slug(report)}-phone-nojs.png`), fullPage: true });
      await nojs.context.close();
    } else {
      fail('site', 'no report page found');
    }
    // The 404 page is served at any depth: it must be styled at the root,
    // from the sub-path and, when its links are relative (a site without a
    // base URL), from disk.
    const notFound = await fs.readFile(path.join(siteDir, '404.html'), 'utf8');
    const relative404 = !/<link rel="stylesheet" href="\//.test(notFound);
    const where404 = [['404.html from a sub-path', base.replace(/\/$/, SUBPATH) + '404.html']];
    if (relative404) where404.push(['404.html from file://', pathToFileURL(path.join(siteDir, '404.html')).href]);
    for (const [label, url] of where404) {
      const { page, context } = await open(browser, url, label, { width: 390, height: 844 });
      const bg = await page.$eval('.site-header', (el) => getComputedStyle(el).backgroundColor);
      if (bg === 'rgba(0, 0, 0, 0)') fail(label, 'the page is not styled (no stylesheet)');
      await context.close();
    }
    // A .txt original reads as Chinese even when the server names no charset.
    const txts = (await allFiles(siteDir)).filter((f) => f.endsWith('.txt') && f !== 'robots.txt');
    for (const rel of txts) {
      const want = (await fs.readFile(path.join(siteDir, rel), 'utf8')).replace(/^\uFEFF/, '').replace(/\s+/g, '').slice(0, 40);
      const { page, context } = await open(browser, base + rel.split('/').map(encodeURIComponent).join('/'), rel, { width: 390, height: 844 }, '', false);
      const got = (await page.evaluate(() => document.body.innerText)).replace(/\s+/g, '');
      if (!got.startsWith(want)) fail(rel, `shows ${JSON.stringify(got.slice(0, 20))}, not ${JSON.stringify(want.slice(0, 20))} (mojibake?)`);
      await context.close();
    }
    console.log(`checked ${pages.length} pages, ${totalCharts} charts at 1280 px, ${txts.length} text originals`);
    console.log(`drawn by ECharts, by kind: ${[...kindsDrawn].sort().map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
    for (const k of new Set([...kindsSeen, ...wantKinds])) {
      if (!kindsDrawn.get(k)) fail('site', `no ${k} chart was drawn by ECharts${kindsSeen.has(k) ? '' : ' (the site has none)'}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length) {
    console.error(`${failures.length} problem(s):\n` + failures.map((f) => '  ' + f).join('\n'));
    process.exit(1);
  }
  console.log('ok: no console errors, no CSP violations, no outside requests; every chart drawn');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
