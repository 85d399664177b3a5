// Print check of a built disclose site:
//
//	node e2e/print.mjs SITE_DIR PAGE OUT.pdf
//
// Serves SITE_DIR on 127.0.0.1 with the site's strict Content-Security-
// Policy, opens PAGE (relative to the site root) in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core) at 1280 px,
// hovers the first chart so that ECharts draws it, as a reader may before
// printing, and prints the page to OUT.pdf with the page size and margins
// of the style sheet's @page (preferCSSPageSize). Paper gets the static
// SVG of every chart (style.css hides ECharts' drawing in print). Fails on
// a console error, an uncaught exception, a CSP violation, a failed
// request, or a chart without its static <svg>. Prints one line of JSON:
// the charts and their labels (the static SVG's <text>), which
// print_test.go then looks for in the PDF's text.
import { chromium } from 'playwright-core';
import fs from 'node:fs/promises';
import path from 'node:path';
import { serveSite } from './siteserver.mjs';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const [root, rel, out] = process.argv.slice(2);
if (!root || !rel || !out) {
  console.error('usage: node print.mjs SITE_DIR PAGE OUT.pdf');
  process.exit(2);
}
const siteDir = path.resolve(root);
const server = await serveSite(siteDir);

const problems = [];
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });

  await page.goto(`http://127.0.0.1:${server.address().port}/${rel}`, { waitUntil: 'load' });
  // The first chart made interactive: its print is still the static one.
  const boxes = await page.$$('.chart');
  if (boxes.length) {
    await boxes[0].scrollIntoViewIfNeeded();
    await boxes[0].hover();
    await page.waitForFunction((e) => !!e.querySelector('.chart-live svg text'), boxes[0], { timeout: 10000 })
      .catch(() => problems.push('the first chart was not drawn by ECharts when hovered'));
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.pdf({ path: out, preferCSSPageSize: true, printBackground: true, outline: false, tagged: true });
  const after = await page.evaluate(() => ({
    charts: [...document.querySelectorAll('.chart')].map((el) => ({
      id: el.getAttribute('data-chart-option'),
      svg: !!el.querySelector(':scope > svg'),
      labels: [...el.querySelectorAll(':scope > svg text')].map((t) => t.textContent.trim()).filter(Boolean),
    })),
  }));
  for (const c of after.charts) if (!c.svg) problems.push(`chart ${c.id} has no static <svg>`);
  console.log(JSON.stringify({ charts: after.charts.map(({ id, labels }) => ({ id, labels })) }));
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.error(`${problems.length} problem(s):\n` + problems.map((p) => '  ' + p).join('\n'));
  process.exit(1);
}
