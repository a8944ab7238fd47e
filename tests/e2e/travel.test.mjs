// The page travels: dist/ served under a subpath, on a host that sends no headers (the worker is
// still under the page's policy), and the single file (dist-single/driftcard.html, made by
// scripts/build.sh) opened from disk with no server and no network. Issue 10, items 5 and 7.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  harness, serveDist, trapServer, openUrl, pageWorker, launchChromium, waitForReport, cliReport, browser,
  ROOT, DIST, DEMO,
} from './harness.mjs';

harness();

const SINGLE = path.join(ROOT, 'dist-single/driftcard.html');
const SUBPATH = '/tools/driftcard/';

/** The policy of the page's meta tag in dist/index.html. */
function metaPolicy(html) {
  const meta = html.match(/<meta\b[^>]*Content-Security-Policy[^>]*>/i)?.[0];
  assert.ok(meta, 'no CSP meta tag');
  return meta.match(/content="([^"]*)"/)[1].replaceAll('&#x27;', "'").replaceAll('&#39;', "'");
}

/** The Content-Security-Policy line of dist/_headers. */
function headerPolicy() {
  const file = path.join(DIST, '_headers');
  assert.ok(fs.existsSync(file), 'dist/_headers missing: scripts/csp.py writes it (scripts/build.sh)');
  return fs.readFileSync(file, 'utf8').match(/^\s+Content-Security-Policy:\s*(.+)$/m)[1].trim();
}

/** Clicks "Load demo data", analyses with the detected roles and checks the verdict is the CLI's. */
async function demoReport(page) {
  await page.click('#load-demo');
  await page.waitForSelector('.roles-table tbody tr', { timeout: 60000 });
  await page.click('#analyze');
  await waitForReport(page, 120000);
  const d = cliReport(path.join(DEMO, 'reference.csv'), path.join(DEMO, 'production.csv')).drift;
  assert.equal(await page.textContent('.verdict-text'),
    `Dataset drift: ${d.n_drifted} of ${d.n_features} features drifted (threshold 50 %)`);
}

/**
 * Runs, inside the worker, every way a script can open a connection, aimed at `target`; returns
 * what each did and the CSP violations the worker saw.
 */
async function tryToConnect(worker, target) {
  return worker.evaluate(async (target) => {
    const seen = [];
    self.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const out = {};
    try { await fetch(`${target}/fetch`, { method: 'POST', body: 'row 1: secret' }); out.fetch = 'sent'; } catch (e) { out.fetch = String(e); }
    try {
      const x = new XMLHttpRequest();
      x.open('GET', `${target}/xhr`);
      out.xhr = await new Promise((r) => { x.onload = () => r('sent'); x.onerror = () => r('error'); x.send(); });
    } catch (e) { out.xhr = String(e); }
    try {
      const ws = new WebSocket(target.replace('http', 'ws') + '/ws');
      out.websocket = await new Promise((r) => { ws.onopen = () => r('open'); ws.onerror = () => r('error'); });
    } catch (e) { out.websocket = String(e); }
    try {
      const es = new EventSource(`${target}/eventsource`);
      out.eventsource = await new Promise((r) => { es.onopen = () => r('open'); es.onerror = () => { es.close(); r('error'); }; });
    } catch (e) { out.eventsource = String(e); }
    try { importScripts(`${target}/import.js`); out.importScripts = 'loaded'; } catch (e) { out.importScripts = String(e); }
    await new Promise((r) => setTimeout(r, 300));
    return { out, seen };
  }, target);
}

test('relocatable build: dist/index.html names every asset relative to itself', () => {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /\b(?:href|src)=["']?\//, 'an absolute asset URL');
  assert.doesNotMatch(html, /from\s*['"]\//, 'an absolute module import');
  assert.doesNotMatch(html, /module_or_path:\s*['"]\//, 'an absolute wasm URL');
  assert.match(html, /from '\.\/app-[0-9a-f]+\.js'/);
  assert.ok(!fs.existsSync(path.join(DIST, 'worker_loader.js')), 'the worker starts from a blob:, not a loader file');
});

test('serve.py sends the page\'s CSP as an HTTP header with every file (dist/_headers)', async () => {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const meta = metaPolicy(html);
  const header = headerPolicy();
  assert.equal(header, `${meta}; frame-ancestors 'none'`, '_headers = the meta policy + frame-ancestors');
  const srv = await serveDist();
  try {
    const files = ['', 'index.html', 'worker.js', 'worker_bg.wasm', 'demo/reference.csv', 'no-such-file',
      ...fs.readdirSync(DIST).filter((f) => /^(app|style|favicon)-/.test(f))];
    for (const f of files) {
      const r = await fetch(srv.url + f);
      await r.arrayBuffer();
      assert.equal(r.headers.get('content-security-policy'), header, `CSP header of /${f} (HTTP ${r.status})`);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `/${f}`);
    }
    assert.equal((await fetch(srv.url + 'worker_bg.wasm')).headers.get('content-type'), 'application/wasm');
  } finally {
    srv.close();
  }
});

test(`served under a subpath (${SUBPATH}): loads, demo in one click, report; every request stays under it`, async () => {
  const srv = await serveDist({ prefix: SUBPATH });
  try {
    assert.equal((await fetch(srv.origin + '/index.html')).status, 404, 'nothing is served at the root');
    const { page, context, errors, requests, response } = await openUrl(srv.url);
    assert.equal(response.headers()['content-security-policy'], headerPolicy());
    const failed = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    assert.match((await pageWorker(page)).url(), /^blob:/, 'the worker starts from a blob: URL');
    await demoReport(page);
    const outside = requests.filter((u) => !(u.startsWith(srv.url) || u.startsWith('blob:') || u.startsWith('data:')));
    assert.deepEqual(outside, [], 'requests outside the subpath');
    assert.ok(requests.some((u) => u === `${srv.url}demo/reference.csv`), 'the demo came from the subpath');
    assert.ok(requests.some((u) => u === `${srv.url}worker_bg.wasm`), 'the worker\'s wasm came from the subpath');
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    srv.close();
  }
});

for (const headers of [false, true]) {
  test(`worker on a host ${headers ? 'with' : 'WITHOUT'} the CSP header: connecting from it is a CSP violation, not a request`, async () => {
    // Control: without a policy, the same fetch from a blob: worker reaches the trap.
    const trap = await trapServer({
      '/control': '<!doctype html><script>const u = JSON.stringify(location.origin + "/from-a-worker-without-policy");'
        + 'new Worker(URL.createObjectURL(new Blob([`fetch(${u})`])));</script>',
    });
    const srv = await serveDist({ headers });
    try {
      const { page, context, errors, response } = await openUrl(srv.url);
      assert.equal(response.headers()['content-security-policy'], headers ? headerPolicy() : undefined);
      const worker = await pageWorker(page);
      assert.match(worker.url(), /^blob:http:\/\/127\.0\.0\.1:\d+\//);
      const { out, seen } = await tryToConnect(worker, trap.origin);
      assert.match(out.fetch, /TypeError: Failed to fetch/, JSON.stringify(out));
      assert.notEqual(out.xhr, 'sent');
      assert.notEqual(out.websocket, 'open');
      assert.notEqual(out.eventsource, 'open');
      assert.notEqual(out.importScripts, 'loaded');
      assert.ok(seen.includes(`connect-src ${trap.origin}/fetch`), `no CSP violation for fetch: ${JSON.stringify(seen)}`);
      assert.deepEqual(trap.hits, [], 'a request from the worker reached the trap');
      // The app still works in that worker: it reads the demo and reports.
      if (!headers) await demoReport(page);
      assert.deepEqual(errors, []);
      await context.close();

      const control = await (await browser.newContext()).newPage();
      await control.goto(trap.origin + '/control');
      for (let i = 0; i < 50 && !trap.hits.includes('GET /from-a-worker-without-policy'); i++) await control.waitForTimeout(100);
      assert.ok(trap.hits.includes('GET /from-a-worker-without-policy'), `control request missing: ${trap.hits}`);
      await control.context().close();
    } finally {
      srv.close();
      await trap.close();
    }
  });
}

test('single file from file://: the demo pair analysed with no server and no network, under the page\'s policy', async () => {
  assert.ok(fs.existsSync(SINGLE), 'dist-single/driftcard.html missing: scripts/build.sh makes it');
  const size = fs.statSync(SINGLE).size;
  console.log(`dist-single/driftcard.html: ${size} bytes (${(size / 1048576).toFixed(2)} MiB)`);
  assert.ok(size < 4 * 1048576, `the single file grew to ${size} bytes`);

  // Every network request of this browser goes to the trap (a proxy that answers nothing useful).
  const trap = await trapServer();
  const own = await launchChromium({ proxy: { server: trap.origin, bypass: '<-loopback>' } });
  try {
    const network = [];
    const { page, context, errors, requests } = await openUrl(pathToFileURL(SINGLE).href, {
      on: own,
      setup: (ctx) => ctx.route(/^(?!file:|blob:|data:)/i, (route) => { network.push(route.request().url()); return route.abort(); }),
    });

    // The same policy as the page, without 'self': nothing may be fetched, not even from disk.
    const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    const pagePolicy = metaPolicy(fs.readFileSync(path.join(DIST, 'index.html'), 'utf8'));
    const directives = (p) => p.split(';').map((d) => d.trim().split(/\s+/)[0]).filter(Boolean);
    assert.deepEqual(directives(policy), directives(pagePolicy), 'the page\'s directives');
    assert.match(policy, /(^|; )connect-src 'none'(;|$)/);
    assert.match(policy, /(^|; )worker-src blob:(;|$)/);
    assert.doesNotMatch(policy, /'self'|'unsafe-inline'|'unsafe-eval'|https?:|\*/);

    const worker = await pageWorker(page);
    assert.match(worker.url(), /^blob:null\//);
    const { out, seen } = await tryToConnect(worker, 'http://127.0.0.1:9');
    assert.match(out.fetch, /TypeError: Failed to fetch/);
    assert.ok(seen.some((s) => s.startsWith('connect-src http://127.0.0.1:9')), JSON.stringify(seen));
    const local = await worker.evaluate(async (u) => { try { await fetch(u); return 'read'; } catch (e) { return String(e); } },
      pathToFileURL(path.join(DEMO, 'reference.csv')).href);
    assert.notEqual(local, 'read', 'the worker read a file from disk');

    await demoReport(page);
    // The downloads still work (blob: URLs).
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-card')]);
    assert.match(fs.readFileSync(await dl.path(), 'utf8'), /^## Monitoring \(live\)/);

    // The probes above are the only requests off file:/blob:/data: (CSP refuses them after
    // Playwright has seen them start; none reached a route or the proxy); the page made none.
    const probe = 'http://127.0.0.1:9/';
    const offline = requests.filter((u) => !/^(file|blob|data):/.test(u) && !u.startsWith(probe));
    assert.deepEqual(offline, [], 'requests that are not file:, blob: or data:');
    assert.deepEqual(network, [], 'network requests (routed)');
    // The browser's own updater may call Google through the proxy; nothing else may.
    const reached = trap.hits.filter((h) => !/^\w+ https?:\/\/[^/]*(googleapis|gvt1|google)\.com\//.test(h));
    assert.deepEqual(reached, [], 'requests that reached the network (the proxy)');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await own.close();
    await trap.close();
  }
});
