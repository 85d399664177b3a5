// Browser check of the offline search: node e2e/search.mjs SITE_DIR
//
// Opens a report page of the built example from disk (file://, where
// fetch of JSON is not allowed) and over http with
// Content-Security-Policy: default-src 'self', types queries into the
// header's search box and checks the results: the index scripts load
// lazily, Chinese phrases are found, a result link leads to its card.
// Exits non-zero on a failed expectation, a page error or a console error.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2];
if (!root) {
  console.error('usage: node search.mjs SITE_DIR');
  process.exit(2);
}
const siteDir = path.resolve(root);
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript; charset=utf-8' };
const server = http.createServer(async (req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(siteDir, path.normalize(p));
  if (!file.startsWith(siteDir)) { res.writeHead(403); res.end(); return; }
  try {
    const data = await fs.readFile(file);
    res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream', 'Content-Security-Policy': "default-src 'self'" });
    res.end(data);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const failures = [];
const fail = m => { failures.push(m); console.log('FAIL ' + m); };

async function query(page, q) {
  await page.fill('#site-search-q', q);
  await page.waitForFunction(q => {
    const c = document.querySelector('#site-search-results .search-count');
    return document.querySelector('#site-search-q').value === q && c && c.textContent && !c.textContent.includes('加载');
  }, q, { timeout: 10000 });
  await page.waitForTimeout(200); // let a debounced search finish
  return {
    count: await page.textContent('#site-search-results .search-count'),
    links: await page.$$eval('#site-search-results li a', as => as.map(a => a.textContent + ' ' + a.getAttribute('href'))),
  };
}

for (const [label, url] of [
  ['file', pathToFileURL(path.join(siteDir, 'hengyang-scjgj/2023/index.html')).href],
  ['http', base + 'hengyang-scjgj/2023/'],
]) {
  const page = await browser.newPage();
  const loaded = [];
  page.on('console', m => {
    // Chromium asks for /favicon.ico on its own; the site has none.
    if (m.type() === 'error' && !/favicon\.ico$/.test(m.location()?.url || '')) fail(`${label}: console: ${m.text()}`);
  });
  page.on('pageerror', e => fail(`${label}: ${e.message}`));
  page.on('request', r => { if (r.url().includes('/search/')) loaded.push(path.basename(new URL(r.url()).pathname)); });
  await page.goto(url);
  if (await page.$('form.site-search[hidden]')) fail(`${label}: the search box stayed hidden`);
  if (loaded.length) fail(`${label}: the index loaded before it was used: ${loaded}`);

  let r = await query(page, '知识产权');
  if (!r.links.some(l => l.startsWith('（科技）知识产权保护、自主及奖励 ') && l.endsWith('#project-intellectual-property'))) {
    fail(`${label}: 知识产权 did not find the project: ${r.count} ${r.links}`);
  }
  if (!(r.links[0] || '').startsWith('（科技）知识产权保护')) fail(`${label}: 知识产权: a title match is not first: ${r.links}`);
  r = await query(page, '打击传销');
  if (!r.links.some(l => l.startsWith('市打击传销办打击传销工作经费 '))) fail(`${label}: 打击传销: ${r.links}`);
  r = await query(page, '不存在的词语');
  if (r.links.length || !r.count.includes('没有找到')) fail(`${label}: 不存在的词语 found ${r.count} ${r.links}`);
  r = await query(page, '食');
  if (!r.count.includes('两个汉字')) fail(`${label}: 食: ${r.count}`);
  if (!loaded.includes('index.js') || !loaded.some(f => /^t-\d+\.js$/.test(f)) || !loaded.some(f => /^d-\d+\.js$/.test(f))) {
    fail(`${label}: index files loaded: ${loaded}`);
  }

  r = await query(page, '打击传销');
  await page.click('#site-search-results li a >> text=市打击传销办打击传销工作经费');
  await page.waitForFunction(() => location.hash === '#project-anti-pyramid-selling');
  if (!(await page.$('#project-anti-pyramid-selling'))) fail(`${label}: the result link leads nowhere`);
  console.log(`${label}: ok (${loaded.join(' ')})`);
  await page.close();
}
await browser.close();
server.close();
process.exit(failures.length ? 1 : 0);
