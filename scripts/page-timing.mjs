// Times the real built page on a pair of files: upload → parsed (roles table shown) and
// Analyze → fully rendered report (every section painted), in headless Chromium.
// Usage: node scripts/page-timing.mjs <reference.csv> <production.csv> [runs=3]
// `make bench` runs it on perf-data/100k_20 and prints the figures for BENCHMARKS.md.
import { withBrowser } from './browser.mjs';

const [ref, prod, runsArg] = process.argv.slice(2);
if (!ref || !prod) {
  console.error('usage: node scripts/page-timing.mjs <reference.csv> <production.csv> [runs]');
  process.exit(2);
}
const runs = Number(runsArg || 3);
await withBrowser(18520, async (browser, origin) => {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(origin + '/');
    await page.waitForSelector('#reference-file', { state: 'attached' });
    const t0 = Date.now();
    await page.setInputFiles('#reference-file', ref);
    await page.setInputFiles('#production-file', prod);
    await page.waitForSelector('#analyze', { timeout: 600000 });
    const parsed = Date.now() - t0;
    const t1 = Date.now();
    await page.click('#analyze');
    await page.waitForSelector('#verdict', { timeout: 600000 });
    const verdict = Date.now() - t1;
    await page.waitForSelector('#report-rest[data-complete="true"]', { timeout: 600000 });
    await page.waitForFunction(() => !document.querySelector('canvas.chart:not([data-painted])'), null, { timeout: 600000 });
    const full = Date.now() - t1;
    const charts = await page.locator('canvas.chart').count();
    const worker = ((await page.textContent('#verdict .muted')).match(/Computed in (\d+) ms/) || [])[1];
    console.log(`run ${i + 1}: upload → parsed ${parsed} ms · Analyze → verdict ${verdict} ms · Analyze → fully rendered ${full} ms (${charts} charts painted; ${worker} ms of it in the worker)`);
    await page.close();
  }
});
