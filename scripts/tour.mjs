// Screenshots of every report section (demo data) at 1440 and 800 px, light and dark, into
// tests/e2e/artifacts/tour/ — for looking at the page before resolving a UI issue.
// Usage: node scripts/tour.mjs [dist-dir]
import fs from 'node:fs';
import path from 'node:path';
import { withBrowser, analyzeAndWait, ROOT } from './browser.mjs';

const OUT = path.join(ROOT, 'tests/e2e/artifacts/tour');
fs.mkdirSync(OUT, { recursive: true });
await withBrowser(18510, async (browser, origin) => {
  for (const scheme of ['light', 'dark']) {
    for (const width of [1440, 800]) {
      const page = await browser.newPage({ viewport: { width, height: 1000 }, deviceScaleFactor: 1, colorScheme: scheme });
      page.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()); });
      await page.goto(origin + '/');
      await page.click('#load-demo');
      await page.waitForSelector('#analyze');
      await analyzeAndWait(page);
      await page.click('.drift-table tbody tr[data-column="income"]');
      await page.waitForFunction(() => !document.querySelector('canvas.chart:not([data-painted])'));
      for (const id of ['verdict', 'checks', 'drift', 'detail', 'quality', 'over-time', 'bias', 'outliers', 'service', 'settings']) {
        const el = page.locator(`#${id}`);
        if (!(await el.count())) { console.log(`no #${id}`); continue; }
        await el.first().screenshot({ path: path.join(OUT, `${scheme}-${width}-${id}.png`) });
      }
      await page.close();
    }
  }
}, process.argv[2]);
