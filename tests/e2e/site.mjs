// A test site in front of the collector: pages the tests write (with the headers they ask
// for, e.g. a strict Content-Security-Policy), the widget bundle at /dist/, the demo campaigns
// at /campaigns/ and the demo pages at /demo/; /v1/* goes to the collector, so every page is
// same-origin with its endpoint.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

import { campaignsDir, demoDir, distDir, freePort } from './harness.mjs';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
};

function resolve(url) {
  const clean = decodeURIComponent(url.split('?')[0]);
  const mounts = [['/dist/', distDir], ['/campaigns/', campaignsDir], ['/demo/', demoDir]];
  for (const [prefix, dir] of mounts) {
    if (!clean.startsWith(prefix)) continue;
    let file = path.join(dir, clean.slice(prefix.length));
    if (!file.startsWith(dir)) return null;
    if (clean.endsWith('/')) file = path.join(file, 'index.html');
    return file;
  }
  return null;
}

/**
 * Starts the site; resolves to {url, page(path, html, headers), close()}. `collectorUrl`
 * receives /v1/* requests; page() adds a page made by a test.
 */
export async function startSite(collectorUrl) {
  const made = new Map();
  // Faults for POST /v1/leads, used in order: {kind, times}; kind is "down" (the connection is
  // cut), "500", "429" (Retry-After: 1), "400", "hang" (no answer, ever) or "lost" (the lead
  // reaches the collector, the answer never reaches the page).
  const faults = [];
  const posts = []; // {id, fault} of every POST /v1/leads seen
  let chaos = null; // {rate, kinds, random}: a random fault for a share of the requests
  const server = http.createServer(async (req, res) => {
    if (req.method === 'POST' && req.url.startsWith('/v1/leads')) {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      let id = null;
      try {
        id = JSON.parse(body.toString('utf8')).id;
      } catch {
        id = null;
      }
      while (faults.length && faults[0].times === 0) faults.shift();
      let fault = faults.length ? faults[0] : null;
      if (fault) fault.times -= 1;
      else if (chaos && chaos.random() < chaos.rate) {
        fault = { kind: chaos.kinds[Math.floor(chaos.random() * chaos.kinds.length)] };
      }
      posts.push({ id, fault: fault ? fault.kind : null });
      const kind = fault ? fault.kind : null;
      if (kind === 'down') { req.socket.destroy(); return; }
      if (kind === 'hang') return; // never answered
      if (kind === '500' || kind === '400' || kind === '429') {
        const headers = { 'Content-Type': 'application/json' };
        if (kind === '429') headers['Retry-After'] = '1';
        res.writeHead(Number(kind), headers);
        res.end(JSON.stringify({ ok: false, errors: [{ path: '', message: `injected ${kind}` }] }));
        return;
      }
      const upstream = http.request(`${collectorUrl}${req.url}`, {
        method: 'POST', headers: { 'Content-Type': req.headers['content-type'] || 'application/json' },
      }, (up) => {
        if (kind === 'lost') { up.resume(); up.on('end', () => req.socket.destroy()); return; }
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => { res.writeHead(502); res.end(); });
      upstream.end(body);
      return;
    }
    const own = made.get(req.url.split('?')[0]);
    if (own) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...own.headers });
      res.end(own.html);
      return;
    }
    if (req.url.startsWith('/v1/')) {
      const upstream = http.request(`${collectorUrl}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => { res.writeHead(502); res.end(); });
      req.pipe(upstream);
      return;
    }
    const file = resolve(req.url);
    try {
      const body = await readFile(file);
      const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' };
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  const port = await freePort();
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${port}`,
    page: (pathname, html, headers = {}) => made.set(pathname, { html, headers }),
    fault: (kind, times = 1) => faults.push({ kind, times }),
    clearFaults: () => { faults.length = 0; chaos = null; },
    chaos: (rate, kinds, random) => { chaos = { rate, kinds, random }; },
    posts: (id) => posts.filter((p) => !id || p.id === id),
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}
