// Profiles the page's Web Workers with Chromium's own sampling profiler (the DevTools protocol's
// `Profiler` domain, attached to each worker target), over one run: files chosen → parsed →
// Analyze → fully rendered. Prints, per worker, the self time of the hottest functions and of
// V8's own categories (garbage collection, idle). Wasm functions carry names only when the worker
// was built with them kept (see BENCHMARKS.md, "Chromium's profile of the workers"):
//
//   sed -i 's|data-wasm-opt="3"|data-wasm-opt="3" data-keep-debug="true"|' index.html
//   trunk build index.html --release --dist /tmp/dist-prof && python3 scripts/csp.py /tmp/dist-prof/index.html
//   git checkout index.html
//   node scripts/worker-profile.mjs perf-data/1M_20/reference.csv perf-data/1M_20/production.csv /tmp/dist-prof [top=25]
//
// A developer script, not part of the tests.
import { writeFileSync } from 'node:fs';
import { withBrowser, analyzeAndWait } from './browser.mjs';
import playwrightUtils from 'playwright-core/lib/utilsBundle';

const { ws: WebSocket } = playwrightUtils;
const [ref, prod, dist, topArg] = process.argv.slice(2);
if (!ref || !prod) {
  console.error('usage: node scripts/worker-profile.mjs <reference.csv> <production.csv> [dist] [top]');
  process.exit(2);
}
const top = Number(topArg || 25);
const DEBUG_PORT = 18533;

/** A minimal DevTools protocol client over the browser's WebSocket (flat sessions). */
async function cdp() {
  const version = await (await fetch(`http://127.0.0.1:${DEBUG_PORT}/json/version`)).json();
  const socket = new WebSocket(version.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1 << 30 });
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  let next = 0;
  const pending = new Map();
  socket.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
    else p.resolve(msg.result);
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = ++next;
    pending.set(id, { resolve, reject, method });
    socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
  });
  return { send, close: () => socket.close() };
}

/** Self time (ms) per function of a `Profiler.Profile`. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] || 0) / 1000;
    total += dt;
    const f = byId.get(id).callFrame;
    const name = f.functionName || `(anonymous ${f.url.split('/').pop()}:${f.lineNumber})`;
    out.set(name, (out.get(name) || 0) + dt);
  });
  return { total, rows: [...out].sort((a, b) => b[1] - a[1]) };
}

await withBrowser(18532, async (browser, origin) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(origin + '/');
  await page.waitForSelector('#reference-file', { state: 'attached' });
  const client = await cdp();
  // The workers start with the page; attach to each and start its profiler.
  const { targetInfos } = await client.send('Target.getTargets');
  const workers = targetInfos.filter((t) => t.type === 'worker');
  const sessions = [];
  for (const w of workers) {
    const { sessionId } = await client.send('Target.attachToTarget', { targetId: w.targetId, flatten: true });
    await client.send('Profiler.enable', {}, sessionId);
    await client.send('Profiler.setSamplingInterval', { interval: 250 }, sessionId);
    await client.send('Profiler.start', {}, sessionId);
    sessions.push({ sessionId, title: w.title || w.url });
  }
  console.log(`profiling ${sessions.length} worker(s)`);
  const t0 = Date.now();
  await page.setInputFiles('#reference-file', ref);
  await page.setInputFiles('#production-file', prod);
  await page.waitForSelector('#analyze', { state: 'visible', timeout: 600000 });
  await analyzeAndWait(page);
  console.log(`files chosen → rendered: ${Date.now() - t0} ms (profiling slows it down)`);
  for (const [k, s] of sessions.entries()) {
    const { profile } = await client.send('Profiler.stop', {}, s.sessionId);
    writeFileSync(`/tmp/worker-${k}.cpuprofile`, JSON.stringify(profile));
    const { total, rows } = selfTimes(profile);
    console.log(`\nworker ${k} (${s.title}): ${total.toFixed(0)} ms sampled; profile in /tmp/worker-${k}.cpuprofile`);
    for (const [name, ms] of rows.slice(0, top)) {
      console.log(`  ${ms.toFixed(0).padStart(6)} ms ${(100 * ms / total).toFixed(1).padStart(5)} %  ${name.slice(0, 110)}`);
    }
  }
  client.close();
}, dist, [`--remote-debugging-port=${DEBUG_PORT}`]);
