// Page weight and time to first chart of one page of a built site, under
// Chromium's network and CPU throttling (issue 14). A benchmark, not a
// test: it prints figures and never fails on them.
//
//	(cd e2e && npm ci)   # playwright-core, taken from e2e/node_modules
//	node scripts/pageload.mjs --site public --page hengyang-scjgj/2023/ --runs 3
//	node scripts/pageload.mjs --site before=/tmp/a --site after=/tmp/b \
//	    --page hengyang-scjgj/2023/ --runs 5 [--profiles phone,desktop] \
//	    [--encodings br,gzip | gzip | none]
//
// Each --site (NAME=DIR, or DIR) is a built site (disclose build's
// --destination). Runs of the sites take turns, so that a busy spell of a
// shared machine falls on both. Prints each run to stderr as it ends, then
// a Markdown table of the medians to stdout.
//
// The sites are served by a small HTTP server in this process that acts
// as nginx configured as in docs/hosting.md: a precompressed copy beside
// the file (x.br, else x.gz) when the browser accepts it (brotli_static,
// gzip_static), else gzip level 6 on the fly for the text types
// (gzip on, gzip_comp_level 6), so the bytes counted are those a real
// server sends. --encodings gzip is a server without the brotli module
// (the .gz copies and on-the-fly gzip); --encodings none sends every file
// as stored. On-the-fly results are kept in memory (a warm-up load fills
// them), so the server's compression time is not part of what is timed.
// Chromium (156) sends "gzip, deflate, br, zstd" to http://127.0.0.1 too.
//
// Every run opens a fresh browser context (empty cache) in headless
// /usr/bin/chromium (CHROMIUM overrides) and throttles it over CDP:
//
//	phone    390×844 at 3×, touch; CPU 4× slower; 1.6 Mbit/s down,
//	         750 kbit/s up, 150 ms latency (Lighthouse's mobile "slow 4G";
//	         DevTools' "Fast 3G" is the same less 10 %, with 562.5 ms)
//	desktop  1280×800; no CPU slowdown; 10 Mbit/s down and up, 40 ms
//	         latency (Lighthouse's desktop preset)
//
// and measures, per profile, two loads:
//
//	"load"   the reader does not scroll: the load event, the bytes once
//	         the network has been quiet for a second (the sum of CDP
//	         Network.loadingFinished's encodedDataLength: bodies as sent,
//	         compressed, and response headers), and whether a chart was
//	         drawn by then. Then the first chart (.chart in document order)
//	         is scrolled to the middle of the window: the time from the
//	         scroll until a chart is drawn, and the bytes once the network
//	         is quiet again.
//	"at once" the reader scrolls to the first chart as soon as the page
//	         is parsed (DOMContentLoaded): the time from navigation start
//	         until a chart is drawn. charts.js loads ECharts only when a
//	         chart comes near the window, so on the phone this is the
//	         earliest a chart can appear.
//	"tap"    after "load", the reader taps the first chart: on a site of
//	         static SVG charts (issue 14), charts.js then loads ECharts and
//	         draws that chart interactive; the time from the tap until
//	         ECharts' drawing is in the page (.chart-live), and the bytes
//	         once the network is quiet again.
//
// A static chart (the generator's SVG) counts as drawn as soon as the
// parser puts it in the page, even below the fold: "chart without
// scrolling" is then when it was parsed, and a scroll waits for nothing.
//
// "A chart is drawn" is the first moment a .chart box holds an <svg> with
// shapes (path, rect, text…) or a <canvas>: a MutationObserver injected
// before the page's own scripts notes performance.now() then, which
// counts from navigation start. It is the DOM change, a frame before the
// screen shows it.
import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// playwright-core is installed for the browser tests only (e2e/).
const require = createRequire(path.join(here, '..', 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

const profiles = {
  phone: {
    context: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    cpu: 4,
    // CDP takes bytes per second.
    net: { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
  },
  desktop: {
    context: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
    cpu: 1,
    net: { latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 },
  },
};

// --- arguments

function parseArgs(argv) {
  const o = { sites: [], page: '', runs: 3, profiles: ['phone', 'desktop'], encodings: ['br', 'gzip'], quiet: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--site') {
      const s = v();
      const eq = s.indexOf('=');
      o.sites.push(eq > 0 ? { name: s.slice(0, eq), dir: path.resolve(s.slice(eq + 1)) } : { name: s, dir: path.resolve(s) });
    } else if (a === '--page') o.page = v();
    else if (a === '--runs') o.runs = Number(v());
    else if (a === '--profiles') o.profiles = v().split(',');
    else if (a === '--encodings') o.encodings = v().split(',').filter((e) => e !== 'none');
    else usage(`unknown argument ${a}`);
  }
  if (!o.sites.length || !(o.runs >= 1)) usage('need --site and --runs ≥ 1');
  for (const p of o.profiles) if (!profiles[p]) usage(`unknown profile ${p}`);
  for (const e of o.encodings) if (e !== 'br' && e !== 'gzip') usage(`unknown encoding ${e}`);
  return o;
}

function usage(msg) {
  console.error(`pageload: ${msg}\nusage: node scripts/pageload.mjs --site [NAME=]DIR… --page PATH [--runs N] [--profiles phone,desktop] [--encodings br,gzip|gzip|none]`);
  process.exit(2);
}

// --- the server

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.svg': 'image/svg+xml; charset=utf-8', '.png': 'image/png',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};
// What nginx's gzip_types of docs/hosting.md compresses (text/html always).
const compressible = new Set(['.html', '.css', '.js', '.json', '.csv', '.txt', '.xml', '.svg']);

// Counts what was sent how, for the report under the table.
const served = { static: 0, fly: 0, identity: 0, acceptEncoding: new Set() };

function serve(dir, encodings) {
  const flyCache = new Map();
  const server = http.createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    const ext = path.extname(file);
    const accept = String(req.headers['accept-encoding'] || '');
    served.acceptEncoding.add(accept);
    const accepts = (enc) => encodings.includes(enc) && new RegExp(`\\b${enc}\\b`).test(accept);
    const head = { 'Content-Type': types[ext] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
    if (compressible.has(ext)) head.Vary = 'Accept-Encoding';
    try {
      // brotli_static, then gzip_static: the copy beside the file.
      for (const [enc, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!accepts(enc)) continue;
        const copy = await fs.readFile(file + suffix).catch(() => null);
        if (copy) {
          served.static++;
          res.writeHead(200, { ...head, 'Content-Encoding': enc, 'Content-Length': copy.length }).end(copy);
          return;
        }
      }
      const data = await fs.readFile(file);
      if (compressible.has(ext) && accepts('gzip')) {
        let gz = flyCache.get(file);
        if (!gz || gz.size !== data.length) {
          gz = { size: data.length, body: zlib.gzipSync(data, { level: 6 }) };
          flyCache.set(file, gz);
        }
        served.fly++;
        res.writeHead(200, { ...head, 'Content-Encoding': 'gzip', 'Content-Length': gz.body.length }).end(gz.body);
        return;
      }
      served.identity++;
      res.writeHead(200, { ...head, 'Content-Length': data.length }).end(data);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- in the page

// Runs before the page's scripts. Notes when a chart is first drawn and,
// for the "at once" load, scrolls to the first chart at DOMContentLoaded.
function pageProbe(scrollAtOnce) {
  const drawn = () => document.querySelector(
    '.chart svg path, .chart svg rect, .chart svg text, .chart svg line, .chart svg polyline, .chart canvas');
  // ECharts' drawing of a chart, made by charts.js once a reader
  // reaches for a static chart (the site since issue 14's static SVGs).
  const live = () => document.querySelector('.chart-live svg path, .chart-live svg text');
  const mo = new MutationObserver(() => {
    if (window.__chartAt === undefined && drawn()) {
      window.__chartAt = performance.now();
    }
    if (window.__liveAt === undefined && live()) {
      window.__liveAt = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
  if (scrollAtOnce) {
    document.addEventListener('DOMContentLoaded', () => {
      const el = document.querySelector('.chart');
      if (el) el.scrollIntoView({ block: 'center' });
    });
  }
}

// --- one run

async function waitFor(pred, timeout, what) {
  const end = Date.now() + timeout;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function run(browser, url, profile, mode, quietMs) {
  const prof = profiles[profile];
  const context = await browser.newContext(prof.context);
  try {
    await context.addInitScript(pageProbe, mode === 'at once');
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // Bytes and requests in flight from the network domain: what came over
    // the wire (compressed bodies plus headers), not what the page holds.
    let bytes = 0;
    let requests = 0;
    let lastActivity = Date.now();
    const inflight = new Set();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!e.request.url.startsWith('http')) return;
      inflight.add(e.requestId);
      lastActivity = Date.now();
    });
    cdp.on('Network.loadingFinished', (e) => {
      if (!inflight.delete(e.requestId)) return;
      bytes += e.encodedDataLength;
      requests++;
      lastActivity = Date.now();
    });
    cdp.on('Network.loadingFailed', (e) => {
      if (inflight.delete(e.requestId)) lastActivity = Date.now();
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...prof.net });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: prof.cpu });
    const quiet = () => waitFor(() => inflight.size === 0 && Date.now() - lastActivity >= quietMs, 120000, 'a quiet network');

    await page.goto(url, { waitUntil: 'load', timeout: 120000 });
    const r = { loadEvent: await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventStart) };
    if (mode === 'at once') {
      await waitFor(() => page.evaluate(() => window.__chartAt !== undefined), 120000, 'a chart');
      r.chartAtOnce = await page.evaluate(() => window.__chartAt);
      await quiet();
      r.bytesAtOnce = bytes;
      return r;
    }
    await quiet();
    r.bytesOnLoad = bytes;
    r.requestsOnLoad = requests;
    r.chartNoScroll = await page.evaluate(() => window.__chartAt ?? null);
    const scrolledAt = await page.evaluate(() => {
      const el = document.querySelector('.chart');
      if (!el) return null;
      el.scrollIntoView({ block: 'center' });
      return performance.now();
    });
    if (scrolledAt === null) throw new Error('the page has no .chart');
    await waitFor(() => page.evaluate(() => window.__chartAt !== undefined), 120000, 'a chart after scrolling');
    const at = await page.evaluate(() => window.__chartAt);
    // Drawn before the scroll: it took no time after it.
    r.chartAfterScroll = Math.max(0, at - scrolledAt);
    await quiet();
    r.bytesAfterScroll = bytes;
    // Then the reader taps that chart: on a site of static charts,
    // charts.js loads ECharts and draws it interactive (the time from the
    // tap to ECharts' drawing, and the bytes then); before, a tap did
    // nothing new (null).
    const tappedAt = await page.evaluate(() => {
      const el = document.querySelector('.chart');
      if (el.getAttribute('role') !== 'button') return null; // nothing to tap
      el.click();
      return performance.now();
    });
    const liveAt = tappedAt === null ? null : await waitFor(() => page.evaluate(() => window.__liveAt !== undefined), 15000, 'an interactive chart')
      .then(() => page.evaluate(() => window.__liveAt), () => null);
    r.liveAfterTap = liveAt === null ? null : Math.max(0, liveAt - tappedAt);
    await quiet();
    r.bytesAfterTap = bytes;
    return r;
  } finally {
    await context.close();
  }
}

// --- main

const opt = parseArgs(process.argv.slice(2));
for (const s of opt.sites) {
  const file = path.join(s.dir, !opt.page || opt.page.endsWith('/') ? opt.page + 'index.html' : opt.page);
  await fs.access(file).catch(() => usage(`${file}: no such page (built the site?)`));
}
const load0 = os.loadavg();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const results = {}; // site → profile → mode → [run]
const servers = [];
try {
  const urls = {};
  for (const s of opt.sites) {
    const server = await serve(s.dir, opt.encodings);
    servers.push(server);
    urls[s.name] = `http://127.0.0.1:${server.address().port}/${opt.page}`;
    // Warm-up, not counted: fills the server's on-the-fly cache and the
    // disk cache, and starts the browser's processes.
    await run(browser, urls[s.name], 'desktop', 'load', 200);
    results[s.name] = {};
  }
  for (let i = 0; i < opt.runs; i++) {
    for (const profile of opt.profiles) {
      for (const mode of ['load', 'at once']) {
        for (const s of opt.sites) {
          const r = await run(browser, urls[s.name], profile, mode, opt.quiet);
          const byProfile = (results[s.name][profile] ??= {});
          (byProfile[mode] ??= []).push(r);
          console.error(`run ${i + 1}/${opt.runs} ${s.name} ${profile} ${mode}: ${JSON.stringify(r, (k, v) => (typeof v === 'number' ? Math.round(v) : v))}`);
        }
      }
    }
  }
} finally {
  await browser.close();
  // Listening servers would keep the process alive.
  for (const server of servers) server.close();
}
const load1 = os.loadavg();

// --- the table

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const B = (rs, key) => `${Math.round(median(rs.map((r) => r[key]))).toLocaleString('en-US')} B`;
// A time missing from some runs (no chart drawn) is said, not hidden in
// the median of the others.
const S = (rs, key) => {
  const xs = rs.map((r) => r[key]).filter((x) => x !== null);
  if (!xs.length) return 'none';
  const t = `${(median(xs) / 1000).toFixed(2)} s`;
  return xs.length < rs.length ? `${t} (${xs.length} of ${rs.length} runs)` : t;
};

const enc = opt.encodings.length ? opt.encodings.join(', ') : 'none';
console.log(`Page \`${opt.page}\`, median of ${opt.runs} runs, encodings ${enc}; ${os.cpus().length} cores, load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${load1.map((x) => x.toFixed(2)).join(' ')} after.\n`);
console.log('| site | profile | bytes on load | load event | chart without scrolling | bytes after scrolling to the first chart | chart after that scroll | chart, scrolling at once (from navigation) | interactive chart after a tap | bytes after the tap |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const s of opt.sites) {
  for (const profile of opt.profiles) {
    const L = results[s.name][profile]['load'];
    const A = results[s.name][profile]['at once'];
    // Drawn before the scroll in every run: the scroll waits for nothing.
    const afterScroll = L.every((r) => r.chartNoScroll !== null) ? 'drawn already' : S(L, 'chartAfterScroll');
    console.log(`| ${s.name} | ${profile} | ${B(L, 'bytesOnLoad')} | ${S(L, 'loadEvent')} | ${S(L, 'chartNoScroll')} | ${B(L, 'bytesAfterScroll')} | ${afterScroll} | ${S(A, 'chartAtOnce')} | ${S(L, 'liveAfterTap')} | ${B(L, 'bytesAfterTap')} |`);
  }
}
console.log(`\nServer (warm-up loads included): ${served.static} responses from a precompressed copy, ${served.fly} gzipped on the fly (level 6), ${served.identity} as stored; Accept-Encoding sent: ${[...served.acceptEncoding].map((a) => `"${a}"`).join(', ')}.`);
