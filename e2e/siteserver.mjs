// The static server the browser checks open a built site from: the site's
// files at / (and, if given, at a sub-path too), every response with the
// strict Content-Security-Policy the site must run under, no directory
// listings, nothing outside the site's folder. check.mjs and print.mjs
// share it, so that both see the site as a web server would send it.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'";

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  // No charset, as many servers send it: a .txt original must carry its own.
  '.txt': 'text/plain', '.xml': 'application/xml', '.pdf': 'application/pdf',
};

// serveSite serves siteDir on 127.0.0.1 at a free port, also under
// subpath ("/portal/jixiao/") when one is given, and resolves to the
// listening http.Server.
export function serveSite(siteDir, subpath = '') {
  const server = http.createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (subpath && p.startsWith(subpath)) p = '/' + p.slice(subpath.length);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(siteDir, path.normalize(p));
    res.setHeader('Content-Security-Policy', CSP);
    if (!file.startsWith(siteDir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const data = await fs.readFile(file);
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
