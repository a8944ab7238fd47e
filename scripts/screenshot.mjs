// Regenerates docs/screenshot.png (the README's picture) from the built dist/: demo data, Analyze,
// the income column open with its tooltip. Usage: node scripts/screenshot.mjs
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = 18500;
const server = spawn('python3', [path.join(ROOT, 'scripts/serve.py'), path.join(ROOT, 'dist'), String(PORT), '-q'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.click('#load-demo');
  await page.waitForSelector('#analyze');
  await page.click('#analyze');
  await page.waitForSelector('#verdict');
  await page.click('.drift-table tbody tr[data-column="income"]');
  // The verdict, the cards and the top of the drift table with the income chart and its tooltip.
  await page.evaluate(() => window.scrollTo(0, document.querySelector('#verdict').getBoundingClientRect().top + window.scrollY - 60));
  const box = await page.locator('#detail canvas.chart').first().boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(ROOT, 'docs/screenshot.png') });
} finally {
  await browser.close();
  server.kill();
}
