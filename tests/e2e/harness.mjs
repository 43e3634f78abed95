// End-to-end harness: a real collector (build/bin/magnete-collector) on a free port with a
// fresh data folder, Debian's Chromium driven by playwright-core, and the stored leads.
//
//   const collector = await startCollector();   // {url, token, dataDir, leads(), stop(), ...}
//   const browser = await launchBrowser();
//   ...
//   await browser.close(); await collector.stop();
//
// Every process started here is also killed when the node process exits, so an aborted run
// leaves nothing behind.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const collectorBinary = path.join(root, 'build/bin/magnete-collector');
export const distDir = path.join(root, 'web/dist');
export const demoDir = path.join(root, 'demo');
/** The demo site as make builds it: demo/ with its widgets pre-rendered (web/prerender.mjs). */
export const siteDir = path.join(root, 'build/site');
export const campaignsDir = path.join(root, 'demo/campaigns');

/** A file of the public corpora, read in place: beside the repository, else /work/shared. */
export function corpusFile(relative) {
  const candidates = [process.env.MAGNETE_CORPORA_DIR, path.join(root, '../shared/corpora'), '/work/shared/corpora']
    .filter(Boolean).map((dir) => path.join(dir, relative));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`missing corpus ${relative} (looked in ${candidates.join(', ')})`);
  return found;
}

export const CHROMIUM_PATH = process.env.MAGNETE_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const STARTUP_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;

// Children still running; killed synchronously if node exits before their stop() ran.
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A TCP port that was free a moment ago: listen on port 0, read it, close. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Fails early with a clear message when the build outputs the tests need are missing. */
export function checkBuildOutputs() {
  const missing = [collectorBinary, path.join(distDir, 'magnete.js'), path.join(distDir, 'magnete-core.wasm'), siteDir,
    CHROMIUM_PATH].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: run \`make build\` from ${root} (and install chromium)`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a collector with a fresh temporary --data folder and a random token; resolves once
 * GET /healthz answers 200. Rejects with the collector's stderr if it exits first.
 * Options: {token, campaigns, staticDir, web, args: [extra flags]}.
 */
export async function startCollector(options = {}) {
  checkBuildOutputs();
  let lastError = null;
  // The port is free when picked but another process could take it before the collector
  // binds; a bind failure ("cannot listen") is retried on a new port.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startCollectorOnce(await freePort(), options);
    } catch (error) {
      lastError = error;
      if (!/cannot listen/.test(error.message)) throw error;
    }
  }
  throw lastError;
}

async function startCollectorOnce(port, options) {
  const token = options.token ?? `e2e-${randomBytes(12).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'magnete-e2e-data-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--data', dataDir,
    '--campaigns', options.campaigns ?? campaignsDir, '--static', options.staticDir ?? siteDir,
    '--web', options.web ?? distDir, '--token', token,
    // Tests fill forms faster than people: no bot threshold, no rate limit, unless asked.
    '--min-submit-ms', String(options.minSubmitMs ?? 0), '--rate-limit', String(options.rateLimit ?? 0),
    ...(options.args ?? [])];
  const env = { ...process.env };
  delete env.MAGNETE_TOKEN; // only the token given here
  const child = spawn(collectorBinary, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
    child.on('error', (error) => {
      live.delete(child);
      resolve({ code: null, signal: null, error });
    });
  });
  let exit = null;
  exited.then((value) => { exit = value; });

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      if (!exit) {
        child.kill('SIGTERM');
        const done = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => null)]);
        if (!done) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  };

  const describeExit = (e) => {
    const how = e.error ? `failed to start (${e.error.message})`
      : `exited early with ${e.signal ? `signal ${e.signal}` : `status ${e.code}`}`;
    return `magnete-collector ${how}\n  args: ${args.join(' ')}\n  stderr: ${stderr.trim() || '(empty)'}` +
      `${stdout.trim() ? `\n  stdout: ${stdout.trim()}` : ''}`;
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (exit) {
      await stop();
      throw new Error(describeExit(exit));
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) {
        await response.arrayBuffer();
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`magnete-collector did not answer ${url}/healthz within ${STARTUP_TIMEOUT_MS} ms\n` +
        `  stderr: ${stderr.trim() || '(empty)'}`);
    }
    await Promise.race([exited, sleep(25)]);
  }

  /** GET /v1/leads with the token: the whole JSON answer ({ok, count, leads}). */
  const leads = async (query = '') => {
    if (exit) throw new Error(describeExit(exit));
    const response = await fetch(`${url}/v1/leads${query}`, { headers: { Authorization: `Bearer ${token}` } });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET /v1/leads answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };

  return {
    url,
    port,
    token,
    dataDir,
    child,
    leads,
    stop,
    get exited() {
      return exit;
    },
    get stderr() {
      return stderr;
    },
    get stdout() {
      return stdout;
    },
  };
}

/** Launches Debian's Chromium headless with the flags this machine needs. */
export async function launchBrowser(options = {}) {
  checkBuildOutputs();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, ...options });
}

/**
 * A new context and page for one test, with:
 *  - page.requests: every request the page made ({method, url}), in order;
 *  - page.errors: uncaught page errors and console errors;
 *  - window.__magneteEvents: every magnete:* DOM event ({type, detail, at}), recorded from
 *    before any page script runs (init script), so none is missed.
 */
export async function newPage(browser, contextOptions = {}) {
  // An English browser by default: an Italian widget then comes from the page's <html lang>.
  const context = await browser.newContext({ locale: 'en-US', ...contextOptions });
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (request) => page.requests.push({ method: request.method(), url: request.url() }));
  page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    window.__magneteEvents = [];
    for (const type of ['ready', 'score', 'qualified', 'submit', 'error']) {
      document.addEventListener(`magnete:${type}`, (event) => {
        let detail = null;
        try {
          detail = JSON.parse(JSON.stringify(event.detail ?? null));
        } catch {
          detail = String(event.detail);
        }
        window.__magneteEvents.push({ type, detail, at: Date.now() });
      }, true);
    }
  });
  return { context, page };
}

/** The magnete:* events recorded so far in the page (optionally of one type). */
export async function magneteEvents(page, type) {
  const events = await page.evaluate(() => window.__magneteEvents || []);
  return type ? events.filter((e) => e.type === type) : events;
}

/** Waits for the n-th (default first) magnete:<type> event and returns its detail. */
export async function waitForMagneteEvent(page, type, { count = 1, timeout = 10_000 } = {}) {
  await page.waitForFunction(([t, n]) => (window.__magneteEvents || []).filter((e) => e.type === t).length >= n,
    [type, count], { timeout });
  const events = await magneteEvents(page, type);
  return events[count - 1].detail;
}

/** Requests the page made to a path (e.g. '/v1/leads'), optionally of one method. */
export function requestsTo(page, pathname, method) {
  return page.requests.filter((r) => new URL(r.url).pathname === pathname && (!method || r.method === method));
}
