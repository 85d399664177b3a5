// Browser check of `disclose serve`:
//
//	node e2e/serve.mjs URL PAGE SOURCE_DIR
//
// Opens URL+PAGE (a report page of the site that `disclose serve` serves
// from SOURCE_DIR) in headless Chromium and checks, as an editor would see
// it, that the open page reloads by itself after the report's narrative is
// edited; that breaking its data file shows the problems overlay (with
// file:line:col) over the last good page; that fixing it hides the overlay
// and shows the fix. Fails on a CSP violation, a console error or an
// uncaught exception. Screenshots go to e2e/artifacts/serve/.
import { chromium } from 'playwright-core';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const [base, page, src] = process.argv.slice(2);
if (!base || !page || !src) {
  console.error('usage: node serve.mjs URL PAGE SOURCE_DIR');
  process.exit(2);
}
const artifacts = path.join(here, 'artifacts', 'serve');
await fs.mkdir(artifacts, { recursive: true });

// The report's files: PAGE is <bureau>/<year>/index.html.
const [slug, year] = page.split('/');
const narrative = path.join(src, 'content', slug, `${year}.md`);
const data = path.join(src, 'content', slug, `${year}.toml`);

const problems = [];
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const timeout = 15000;
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  tab.on('console', (m) => {
    // A failed request is reported below with its URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  tab.on('response', (r) => {
    // Browsers ask for /favicon.ico by themselves; a site need not have one.
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`${r.status()} ${r.url()}`);
  });
  tab.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  // Counted when a new document commits, before it has loaded: the check
  // below can see the new text before the load event under a slow machine.
  let loads = 0;
  tab.on('framenavigated', (f) => { if (f === tab.mainFrame()) loads++; });
  await tab.goto(base + page);
  await tab.waitForFunction(() => document.querySelector('script[src$="reload.js"]') !== null, null, { timeout });
  // Give the event stream a moment to connect before the first edit.
  await tab.waitForTimeout(300);

  // 1. An edit reloads the open page by itself.
  const before = loads;
  const original = await fs.readFile(narrative, 'utf8').catch(() => '');
  await fs.writeFile(narrative, original + '\n\n浏览器自动刷新检查。\n');
  await tab.waitForFunction(() => document.body.innerText.includes('浏览器自动刷新检查'), null, { timeout });
  if (loads <= before) problems.push('the page changed without a reload');
  console.log('ok: the open page reloaded after the narrative was edited');

  // 2. A broken data file: the overlay shows, over the last good page.
  const good = await fs.readFile(data, 'utf8');
  await fs.writeFile(data, good + '\nexcuted_typo = 1\n');
  await tab.waitForSelector('.disclose-overlay', { state: 'visible', timeout });
  const overlay = await tab.locator('.disclose-overlay').innerText();
  const where = `content/${slug}/${year}.toml:`;
  if (!overlay.includes(where)) problems.push(`overlay lacks ${where}: ${overlay}`);
  if (!(await tab.locator('main').count())) problems.push('the last good page is not under the overlay');
  const style = await tab.locator('.disclose-overlay').evaluate((el) => getComputedStyle(el).position);
  if (style !== 'fixed') problems.push(`overlay not styled (position ${style}): serve.css blocked?`);
  await tab.screenshot({ path: path.join(artifacts, 'overlay.png') });
  console.log('ok: the overlay shows the problem:', overlay.split('\n').find((l) => l.includes(where)));

  // 3. Fixed: the overlay goes, by itself.
  await fs.writeFile(data, good);
  await fs.writeFile(narrative, original);
  await tab.waitForSelector('.disclose-overlay', { state: 'detached', timeout });
  await tab.waitForFunction(() => !document.body.innerText.includes('浏览器自动刷新检查'), null, { timeout });
  await tab.screenshot({ path: path.join(artifacts, 'fixed.png') });
  console.log('ok: the overlay went after the fix');
} catch (e) {
  problems.push(String(e));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
