// Times the real built page on a pair of files in headless Chromium: page load → interactive,
// files chosen → parsed (roles table shown), Analyze → fully rendered report (every section and
// chart painted). Also reports the workers' own phase times (their `driftcard timing:` console
// lines), the longest main-thread task (PerformanceObserver "longtask": the page must stay
// responsive) and the peak resident memory of Chromium's renderer processes (sampled every 100 ms).
//
// Usage: [WORKERS=1] [DIST=dir] node scripts/page-timing.mjs <reference.csv> <production.csv> [runs=3] [--json out.json]
// (WORKERS=1 makes the page believe it has one core: the one-worker path, for comparison.
// DIST=dir serves another build instead of dist/, e.g. the previous commit's, to time both in turns.)
// `make bench` runs it beside the CLI and the Python baselines (scripts/bench.sh).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { withBrowser } from './browser.mjs';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : null;
const [ref, prod, runsArg] = args;
if (!ref || !prod) {
  console.error('usage: node scripts/page-timing.mjs <reference.csv> <production.csv> [runs] [--json out.json]');
  process.exit(2);
}
const runs = Number(runsArg || 3);

/** Resident memory (bytes) of every Chromium renderer process now. */
function rendererRss() {
  let sum = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (m) sum += Number(m[1]) * 1024;
    } catch { /* gone */ }
  }
  return sum;
}

const results = [];
// DIST=path times another build (e.g. the previous commit's) side by side.
await withBrowser(18520, async (browser, origin) => {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const steps = [];
    page.on('console', (m) => {
      const t = m.text().match(/^driftcard timing: (.*): (\d+) ms$/);
      if (t) steps.push([t[1], Number(t[2])]);
    });
    if (process.env.WORKERS) {
      // WORKERS=1: the one-worker path (as on a one-core machine), for comparison.
      await page.addInitScript((n) => {
        Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => n });
      }, Number(process.env.WORKERS));
    }
    await page.addInitScript(() => {
      // The page's own clock: files chosen (the first input's change event) → the Analyze button
      // shown; its click → the verdict → every section complete and every chart painted. (The
      // harness's own round trips, 50–450 ms here, are not the page's time.)
      const t = (window.__t = {});
      const now = () => performance.now();
      document.addEventListener('change', () => { t.change ??= now(); }, true);
      document.addEventListener('click', (e) => { if (e.target.closest?.('#analyze')) t.click ??= now(); }, true);
      new MutationObserver(() => {
        if (t.parsed === undefined && document.querySelector('#analyze')) t.parsed = now();
        if (t.click !== undefined && t.verdict === undefined && document.querySelector('#verdict')) t.verdict = now();
        if (t.click !== undefined && t.done === undefined
          && document.querySelector('#report-rest[data-complete="true"]')
          && !document.querySelector('canvas.chart:not([data-painted])')) t.done = now();
      }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-painted', 'data-complete'] });
    });
    await page.addInitScript(() => {
      window.__longest = 0;
      window.__tasks = [];
      try {
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) {
            window.__longest = Math.max(window.__longest, e.duration);
            window.__tasks.push([e.startTime, e.duration]);
          }
        }).observe({ type: 'longtask', buffered: true });
      } catch { /* no longtask API */ }
    });
    let peak = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, rendererRss()); }, 100);
    const tl = Date.now();
    await page.goto(origin + '/');
    await page.waitForSelector('#reference-file', { state: 'attached' });
    const interactive = Date.now() - tl;
    // Long tasks of the start-up (wasm compile) are not "while the worker runs".
    await page.evaluate(() => { window.__longest = 0; window.__tasks = []; });
    await page.setInputFiles('#reference-file', ref);
    await page.setInputFiles('#production-file', prod);
    await page.waitForSelector('#analyze', { timeout: 1200000 });
    const loadSteps = steps.splice(0);
    await page.click('#analyze');
    await page.waitForSelector('#report-rest[data-complete="true"]', { timeout: 1200000 });
    await page.waitForFunction(() => !document.querySelector('canvas.chart:not([data-painted])'), null, { timeout: 1200000 });
    await page.waitForFunction(() => window.__t.done !== undefined, null, { timeout: 60000 });
    const tt = await page.evaluate(() => window.__t);
    const parsed = Math.round(tt.parsed - tt.change);
    const verdict = Math.round(tt.verdict - tt.click);
    const full = Math.round(tt.done - tt.click);
    clearInterval(sampler);
    peak = Math.max(peak, rendererRss());
    const charts = await page.locator('canvas.chart').count();
    const worker = Number(((await page.textContent('#verdict .muted')).match(/Computed in (\d+) ms/) || [])[1]);
    const longest = await page.evaluate(() => window.__longest);
    // Split at the verdict: before it the workers run (the page only shows progress); after it
    // the page renders the report.
    const tasks = await page.evaluate(() => window.__tasks);
    const longestWhile = Math.round(Math.max(0, ...tasks.filter(([s]) => s < tt.verdict).map(([, d]) => d)));
    const r = {
      interactive_ms: interactive, parse_ms: parsed, verdict_ms: verdict, analyze_ms: full,
      total_ms: parsed + full, worker_ms: worker, longest_task_ms: Math.round(longest),
      longest_task_while_workers_ms: longestWhile,
      peak_rss_mib: Math.round(peak / 1048576), charts, load_steps: loadSteps, analysis_steps: steps.splice(0),
    };
    results.push(r);
    console.log(`run ${i + 1}: interactive ${interactive} ms · files chosen → parsed ${parsed} ms · Analyze → verdict ${verdict} ms · Analyze → fully rendered ${full} ms (${charts} charts; ${worker} ms in the worker) · total ${r.total_ms} ms · longest main-thread task ${r.longest_task_ms} ms (${r.longest_task_while_workers_ms} ms while the workers run) · peak renderer RSS ${r.peak_rss_mib} MiB`);
    console.log(`  load:     ${loadSteps.map(([n, ms]) => `${n} ${ms}`).join(' · ')}`);
    console.log(`  analysis: ${r.analysis_steps.map(([n, ms]) => `${n} ${ms}`).join(' · ')}`);
    await page.close();
  }
}, process.env.DIST || undefined);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 1));
