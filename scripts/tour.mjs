// Screenshots of every report section (demo data) at 1440 and 800 px, light and dark, into
// tests/e2e/artifacts/tour/ — for looking at the page before resolving a UI issue.
// Usage: node scripts/tour.mjs [dist-dir]
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = process.argv[2] || path.join(ROOT, 'dist');
const OUT = path.join(ROOT, 'tests/e2e/artifacts/tour');
fs.mkdirSync(OUT, { recursive: true });
const PORT = 18510;
const server = spawn('python3', [path.join(ROOT, 'scripts/serve.py'), DIST, String(PORT), '-q'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  for (const scheme of ['light', 'dark']) {
    for (const width of [1440, 800]) {
      const page = await browser.newPage({ viewport: { width, height: 1000 }, deviceScaleFactor: 1, colorScheme: scheme });
      page.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()); });
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.click('#load-demo');
      await page.waitForSelector('#analyze');
      await page.click('#analyze');
      await page.waitForSelector('#verdict');
      await page.click('.drift-table tbody tr[data-column="income"]');
      await page.waitForTimeout(300);
      for (const id of ['verdict', 'drift', 'detail', 'quality', 'over-time', 'bias', 'outliers', 'service']) {
        const el = page.locator(`#${id}`);
        if (!(await el.count())) { console.log(`no #${id}`); continue; }
        await el.first().screenshot({ path: path.join(OUT, `${scheme}-${width}-${id}.png`) });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
