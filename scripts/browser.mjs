// Shared by the developer scripts (screenshot, tour, page-timing): serves dist/ on a local port
// and runs `fn(browser, origin)` with headless Debian Chromium, then cleans both up.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function withBrowser(port, fn, dist = path.join(ROOT, 'dist'), extraArgs = []) {
  const server = spawn('python3', [path.join(ROOT, 'scripts/serve.py'), dist, String(port), '-q'], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(origin + '/')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs] });
  try {
    await fn(browser, origin);
  } finally {
    await browser.close();
    server.kill();
  }
}

/** Clicks Analyze and waits until every chart of the report is painted. */
export async function analyzeAndWait(page, timeout = 600000) {
  await page.click('#analyze');
  await page.waitForSelector('#report-rest[data-complete="true"]', { timeout });
  await page.waitForFunction(() => !document.querySelector('canvas.chart:not([data-painted])'), null, { timeout });
}
