// Shared set-up of the end-to-end tests: a static server on dist/, headless Debian Chromium
// driven by playwright-core, pages that record errors and off-site requests, and the CLI's JSON
// for comparison.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const DEMO = path.join(ROOT, 'www/demo');
export const BAD = path.join(ROOT, 'tests/data/bad');
export const ART = path.join(ROOT, 'tests/e2e/artifacts');
export const GOLDEN = path.join(ROOT, 'tests/golden');
const PORT = 18000 + Math.floor(Math.random() * 1000);
export const ORIGIN = `http://127.0.0.1:${PORT}`;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let server;
export let browser;
/** Requests that left the page's origin (must stay empty). */
export const offsite = [];

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(ORIGIN + '/'); if (r.ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('static server did not start');
}

/** Registers the server and browser start/stop hooks of a test file. */
export function harness() {
  before(async () => {
    assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/index.html missing: run scripts/build.sh first');
    fs.mkdirSync(ART, { recursive: true });
    server = spawn('python3', [path.join(ROOT, 'scripts/serve.py'), DIST, String(PORT), '-q'], { stdio: 'ignore' });
    await waitForServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  });
  after(async () => {
    await browser?.close();
    server?.kill();
  });
}

/** A fresh page that records every request and every error. */
export async function openPage(viewport = { width: 1440, height: 1000 }, colorScheme = 'light') {
  const context = await browser.newContext({ viewport, acceptDownloads: true, deviceScaleFactor: 2, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!(u.startsWith(ORIGIN + '/') || u.startsWith('blob:') || u.startsWith('data:'))) offsite.push(u);
  });
  await page.goto(ORIGIN + '/');
  await page.waitForSelector('#reference-file', { state: 'attached' });
  return { page, context, errors };
}

export async function uploadAndParse(page, ref, prod) {
  await page.setInputFiles('#reference-file', ref);
  await page.setInputFiles('#production-file', prod);
}

/** Waits until the whole report (the sections painted after the first frame too) is on screen. */
export async function waitForReport(page, timeout = 60000) {
  await page.waitForSelector('#report-rest[data-complete="true"]', { timeout });
  await page.waitForFunction(() => !document.querySelector('canvas.chart:not([data-painted])'), null, { timeout });
}

/** Uploads two files, analyses them with the inferred roles and waits for the full report. */
export async function analyzeFiles(page, ref, prod, timeout = 120000) {
  await uploadAndParse(page, ref, prod);
  await page.waitForSelector('#analyze', { timeout });
  await page.click('#analyze');
  await waitForReport(page, timeout);
}

/** The CLI's JSON on the same files (and optional `--config`): what the page must show. */
export function cliReport(ref, prod, extra = []) {
  const bin = path.join(ROOT, 'target/debug/driftcard');
  const out = path.join(os.tmpdir(), `driftcard-e2e-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  try {
    execFileSync(bin, ['report', '--reference', ref, '--production', prod, '--json', out, ...extra]);
  } catch (e) {
    // Exit code 1 = a --fail-on check fired; the JSON is written all the same.
    if (e.status !== 1) throw e;
  }
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

/** Deep comparison: numbers equal or within 1e-12 relative (wasm vs glibc libm), all else equal. */
export function close(a, b, where) {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)), `${where}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${where}: length`);
    a.forEach((x, i) => close(x, b[i], `${where}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${where}: keys`);
    for (const k of Object.keys(a)) close(a[k], b[k], `${where}.${k}`);
  } else {
    assert.equal(a, b, where);
  }
}

/** The page's number format (report::model_card::fmt_num): 3 decimals below 1, 2 below 1000. */
export const fmt3 = (v) => { const a = Math.abs(v); return a < 1 ? String(Number(v.toFixed(3))) : a < 1000 ? String(Number(v.toFixed(2))) : v.toFixed(0); };

/** Downloads what `selector`'s click saves and returns its path. */
export async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return dl.path();
}

// --- Serving elsewhere, hosts without headers, local traps (tests/e2e/travel.test.mjs) ---

/** Chromium's flags for these tests (docs/TOOLCHAIN.md). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Another headless Chromium (e.g. with a `proxy`); the caller closes it. */
export function launchChromium(options = {}) {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...options });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/**
 * Serves `dir` (dist/) with scripts/serve.py on a fresh port: under `prefix` (as a host that puts
 * the page at /tools/driftcard/) and, unless `headers` is false, with the headers of dist/_headers.
 * Returns { origin, url: the page's URL, close }.
 */
export async function serveDist({ prefix = '/', headers = true, dir = DIST } = {}) {
  const port = await freePort();
  const args = [path.join(ROOT, 'scripts/serve.py'), dir, String(port), '-q', '--prefix', prefix];
  if (!headers) args.push('--no-headers');
  const proc = spawn('python3', args, { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  const url = origin + ('/' + prefix.replace(/^\/+|\/+$/g, '') + '/').replace('//', '/');
  for (let i = 0; ; i++) {
    try { if ((await fetch(url)).ok) break; } catch { /* not yet */ }
    if (i === 100) { proc.kill(); throw new Error(`serve.py did not start on ${url}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { origin, url, close: () => proc.kill() };
}

/**
 * A local HTTP server that records every request it receives (`hits`, as "METHOD /path"), to prove
 * nothing reached it. `pages` maps a path to an HTML body it serves (with no CSP).
 */
export async function trapServer(pages = {}) {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const page = pages[req.url];
    res.writeHead(200, { 'Content-Type': page ? 'text/html' : 'text/plain', 'Access-Control-Allow-Origin': '*' });
    res.end(page ?? 'trap');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, hits, close: () => new Promise((r) => server.close(r)) };
}

/**
 * A fresh page (in `on`, a browser: the harness's by default) that records every error and every
 * request (`requests`, the page's and its worker's) before it opens `url`; `setup(context)` runs
 * first (e.g. to route requests).
 */
export async function openUrl(url, { on = browser, viewport = { width: 1440, height: 1000 }, setup } = {}) {
  const context = await on.newContext({ viewport, acceptDownloads: true });
  if (setup) await setup(context);
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  context.on('request', (r) => requests.push(r.url()));
  const response = await page.goto(url);
  await page.waitForSelector('#reference-file', { state: 'attached' });
  return { page, context, errors, requests, response };
}

/** The page's worker (the one it starts at load), once it exists. */
export async function pageWorker(page, timeout = 30000) {
  const t0 = Date.now();
  while (!page.workers().length) {
    if (Date.now() - t0 > timeout) throw new Error('the page started no worker');
    await new Promise((r) => setTimeout(r, 50));
  }
  return page.workers()[0];
}

/** The settings that give a golden pair its recorded kinds and roles (as tests/cli.rs does). */
export function goldenConfig(expected) {
  const kindOf = { numerical: 'numeric', categorical: 'categorical', boolean: 'boolean', datetime: 'datetime' };
  const kinds = Object.fromEntries(Object.entries(expected.columns).map(([k, c]) => [k, kindOf[c.type]]));
  const s = expected.schema;
  const roles = {};
  for (const [ours, theirs] of [['target', 'target'], ['prediction', 'prediction'], ['score', 'prediction_proba'], ['timestamp', 'timestamp'], ['latency', 'latency']]) {
    if (typeof s[theirs] === 'string') roles[ours] = s[theirs];
  }
  if (typeof s.group === 'string') roles.group = [s.group];
  if (s.class_proba_columns) roles.class_score = Object.values(s.class_proba_columns);
  const cfg = { kinds, roles };
  if (s.rolling) cfg.rolling = { window: s.rolling.window, step: s.rolling.step };
  if (s.positive_label !== undefined && s.positive_label !== null) cfg.positive_label = String(s.positive_label);
  return cfg;
}
