// Regenerates docs/screenshot.png (the README's picture) from the built dist/: demo data, Analyze,
// the income column open with its tooltip. Usage: node scripts/screenshot.mjs
import path from 'node:path';
import { withBrowser, analyzeAndWait, ROOT } from './browser.mjs';

await withBrowser(18500, async (browser, origin) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(origin + '/');
  await page.click('#load-demo');
  await page.waitForSelector('#analyze');
  await analyzeAndWait(page);
  await page.click('.drift-table tbody tr[data-column="income"]');
  await page.waitForFunction(() => !document.querySelector('canvas.chart:not([data-painted])'));
  // The drift table beside the income column's histogram (with its tooltip) and ECDF.
  await page.evaluate(() => window.scrollTo(0, document.querySelector('#drift').getBoundingClientRect().top + window.scrollY - 50));
  const box = await page.locator('#detail canvas.chart').first().boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(ROOT, 'docs/screenshot.png') });
});
