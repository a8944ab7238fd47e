// Times the real built page on a pair of files: upload → parsed (roles table shown) and
// Analyze → fully rendered report (every section painted), in headless Chromium.
// Usage: node scripts/page-timing.mjs <reference.csv> <production.csv> [runs=3]
// `make bench` runs it on perf-data/100k_20 and prints the figures for BENCHMARKS.md.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [ref, prod, runsArg] = process.argv.slice(2);
if (!ref || !prod) {
  console.error('usage: node scripts/page-timing.mjs <reference.csv> <production.csv> [runs]');
  process.exit(2);
}
const runs = Number(runsArg || 3);
const PORT = 18520;
const server = spawn('python3', [path.join(ROOT, 'scripts/serve.py'), path.join(ROOT, 'dist'), String(PORT), '-q'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`http://127.0.0.1:${PORT}/`);
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
    console.log(`run ${i + 1}: upload → parsed ${parsed} ms · Analyze → verdict ${verdict} ms · Analyze → fully rendered ${full} ms (${charts} charts painted)`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
