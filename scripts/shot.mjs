// Screenshot of one element of the report for a pair of files, optionally with imported
// settings (kinds, roles, thresholds). Usage:
//   node scripts/shot.mjs <dir with reference.csv + production.csv> <selector> <out.png> [width] [settings.json] [dark]
import { withBrowser, analyzeAndWait } from './browser.mjs';

const [dir, sel, out, width, settings, scheme] = process.argv.slice(2);
await withBrowser(18532, async (browser, origin) => {
  const page = await browser.newPage({ viewport: { width: Number(width || 1440), height: 1000 }, colorScheme: scheme || 'light' });
  await page.goto(origin + '/');
  await page.setInputFiles('#reference-file', `${dir}/reference.csv`);
  await page.setInputFiles('#production-file', `${dir}/production.csv`);
  await page.waitForSelector('#analyze');
  if (settings) {
    await page.setInputFiles('#import-settings', settings);
    await page.waitForSelector('#report-rest[data-complete="true"]', { timeout: 600000 });
    await page.waitForFunction(() => !document.querySelector('canvas.chart:not([data-painted])'));
  } else {
    await analyzeAndWait(page);
  }
  await page.locator(sel).first().screenshot({ path: out });
});
