// End-to-end tests of the built page (dist/) in headless Debian Chromium, driven by playwright-core.
// Run by scripts/test.sh after `scripts/build.sh`. Screenshots go to tests/e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  harness, browser, ORIGIN, openPage, uploadAndParse, waitForReport, analyzeFiles, cliReport, close, fmt3, offsite, ART, BAD, DEMO,
} from './harness.mjs';

harness();

test('demo pair: upload, analyze, verdict, table, chart hover, model card, no off-site request', async () => {
  const { page, context, errors } = await openPage();
  const ref = path.join(DEMO, 'reference.csv');
  const prod = path.join(DEMO, 'production.csv');
  await uploadAndParse(page, ref, prod);
  await page.waitForSelector('#analyze', { timeout: 60000 });
  await page.waitForSelector('.roles-table tbody tr');
  const t0 = Date.now();
  await page.click('#analyze');
  await waitForReport(page);
  await page.waitForSelector('canvas.chart');
  const renderMs = Date.now() - t0;
  console.log(`Analyze → rendered report (demo pair): ${renderMs} ms`);

  const expected = cliReport(ref, prod, ['--top-rows']); // the page shows the top rows; exports leave them out by default
  const d = expected.drift;
  const verdict = await page.textContent('.verdict-text');
  assert.equal(verdict, `Dataset drift: ${d.n_drifted} of ${d.n_features} features drifted (threshold 50 %)`);

  // The drifted columns shown are the CLI's.
  const shown = await page.$$eval('.drift-table tbody tr.status-drifted', (rows) => rows.map((r) => r.dataset.column).sort());
  const want = d.columns.filter((c) => c.status === 'drifted').map((c) => c.column).sort();
  assert.deepEqual(shown, want);
  assert.ok(want.length >= 3, `demo data should drift in several columns, got ${want}`);

  // Sorting by column name reorders the table.
  await page.click('th button.sort >> text=column');
  const names = await page.$$eval('.drift-table tbody tr', (rows) => rows.map((r) => r.dataset.column));
  assert.deepEqual(names, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

  // The sections show the report's numbers (3 significant digits, as the page formats them).
  const quality = await page.textContent('#quality .metrics-table');
  assert.ok(quality.includes(fmt3(expected.classification.reference.accuracy)), 'reference accuracy shown');
  assert.ok(quality.includes(fmt3(expected.classification.production.accuracy)), 'production accuracy shown');
  assert.equal(await page.locator('#outliers .inspector-row').count(), expected.outliers.top.length);
  const biasCols = await page.$$eval('#bias h3', (hs) => hs.map((h) => h.firstChild.textContent));
  assert.deepEqual(biasCols, expected.bias.columns.map((c) => c.column));
  assert.ok((await page.textContent('#service')).includes(fmt3(expected.latency.production_ms.p99)), 'p99 shown');
  const nav = await page.$$eval('.section-nav a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(nav, ['Summary', 'Checks', 'Data drift', 'Drift over time', 'Multivariate', 'Model quality', 'Over time', 'Estimated', 'Bias', 'Outliers', 'Service', 'Settings']);

  // Search and filters narrow the table.
  await page.fill('#drift-search', 'INC');
  const found = await page.$$eval('.drift-table tbody tr', (rows) => rows.map((r) => r.dataset.column).sort());
  assert.deepEqual(found, d.columns.map((c) => c.column).filter((c) => c.includes('inc')).sort());
  await page.fill('#drift-search', '');
  await page.selectOption('#drift-status', 'drifted');
  const onlyDrifted = await page.$$eval('.drift-table tbody tr', (rows) => rows.map((r) => r.dataset.column).sort());
  assert.deepEqual(onlyDrifted, want);
  await page.selectOption('#drift-status', 'all');
  await page.selectOption('#drift-kind', 'categorical');
  const cats = await page.$$eval('.drift-table tbody tr', (rows) => rows.map((r) => r.dataset.kind));
  assert.ok(cats.length > 0 && cats.every((t) => t === 'categorical'), cats.join());
  await page.selectOption('#drift-kind', 'all');

  // Click a numeric drifted column: its chart is drawn (not blank).
  const numeric = d.columns.find((c) => c.status === 'drifted' && c.kind === 'numeric');
  await page.click(`.drift-table tbody tr[data-column="${numeric.column}"]`);
  await page.waitForSelector(`#detail[aria-label="details of ${numeric.column}"] canvas.chart`);
  // The detail panel shows both files' quality numbers side by side.
  const sideBySide = await page.textContent('#detail .side-by-side');
  const qcol = expected.quality.columns.find((q) => q.column === numeric.column);
  assert.ok(sideBySide.includes(`${qcol.reference.missing} (`) && sideBySide.includes(`${qcol.production.missing} (`), sideBySide);
  const colours = await page.$eval('#detail canvas.chart', (c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    return seen.size;
  });
  assert.ok(colours > 4, `chart canvas looks blank (${colours} colours)`);

  // Hover over the plot until a bin's tooltip appears.
  const box = await page.locator('#detail canvas.chart').first().boundingBox();
  let tip = null;
  for (let f = 0.15; f < 0.95 && !tip; f += 0.05) {
    await page.mouse.move(box.x + box.width * f, box.y + box.height * 0.6);
    if (await page.locator('.chart-tooltip').count()) tip = await page.textContent('.chart-tooltip');
  }
  assert.ok(tip, 'no tooltip on hover');
  assert.match(tip, /reference \d+\.\d %/);
  assert.match(tip, /production \d+\.\d %/);
  await page.screenshot({ path: path.join(ART, 'report-1440.png'), fullPage: true });

  // Categorical column: share bars.
  const cat = d.columns.find((c) => c.kind === 'categorical' && c.status === 'drifted');
  if (cat) {
    await page.click(`.drift-table tbody tr[data-column="${cat.column}"]`);
    await page.waitForSelector(`#detail[aria-label="details of ${cat.column}"] canvas.chart`);
  }

  // Download the model card.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-card')]);
  const card = fs.readFileSync(await download.path(), 'utf8');
  const lines = card.split('\n');
  assert.equal(lines[0], '## Monitoring (live)');
  assert.match(lines[1], /^- Last update: \d{4}-\d{2}-\d{2}$/);
  // The headline drift line is over features only and names its column: the feature with the
  // largest PSI.
  const top = expected.drift.columns
    .filter((c) => c.role === 'feature' && c.tests.psi)
    .reduce((a, b) => (b.tests.psi.score > a.tests.psi.score ? b : a));
  assert.match(lines[2], /^- Drift: (stable|moderate|significant) \(PSI \d+\.\d\d, `[^`]+`\)$/);
  assert.ok(lines[2].endsWith(`\`${top.column}\`)`), `${lines[2]} names ${top.column}`);
  assert.ok(card.includes('### Drifted features'));
  for (const c of want.filter((c) => expected.columns.find((x) => x.name === c)?.role === 'feature')) {
    assert.ok(card.includes(`| ${c.replaceAll('_', '\\_')} |`), `card lacks drifted feature ${c}`);
  }

  // The page's JSON (computed in wasm, in the worker) equals the CLI's (native) on every number
  // that does not depend on the clock: drift tests, quality, accuracy, outliers (seeded forest).
  // With the top rows switched into the exports (they are left out by default), so the forest's
  // rows are compared too.
  await page.check('#export-top-rows');
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const pageJson = JSON.parse(fs.readFileSync(await jsonDl.path(), 'utf8'));
  // The seeded Isolation Forest uses only + − × ÷ (no libm), so it must be bit-identical; the
  // other statistics go through ln/exp/sqrt, whose last bit may differ between the browser's and
  // glibc's libm: compared to 1e-12 relative.
  // The binomial test's p-value goes through the incomplete beta function (ln/exp): 1e-12.
  const { p_value: pp, ...po } = pageJson.outliers;
  const { p_value: ep, ...eo } = expected.outliers;
  assert.deepEqual(po, eo, 'wasm and native forests differ');
  close(pp, ep, 'outliers.p_value');
  for (const key of ['drift', 'quality', 'classification', 'bias', 'latency', 'checks', 'retrain', 'rolling', 'change_points']) {
    close(pageJson[key], expected[key], key);
  }

  // Narrow layout still renders.
  await page.setViewportSize({ width: 800, height: 1000 });
  await page.screenshot({ path: path.join(ART, 'report-800.png'), fullPage: true });

  assert.deepEqual(errors, []);
  assert.deepEqual(offsite, [], 'the page requested something off-site');
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|INLINE_SCRIPT_HASHES/);
  await context.close();
});

test('settings: a change re-runs and changes the verdict; export → import round-trips; remembered', async () => {
  const { page, context, errors } = await openPage();
  await page.click('#load-demo');
  await page.waitForSelector('#analyze', { timeout: 60000 });
  await page.click('#analyze');
  await page.waitForSelector('#verdict', { timeout: 60000 });
  const before = await page.textContent('.verdict-text');
  assert.match(before, /\(threshold 50 %\)$/);
  assert.match(await page.textContent('#verdict .badge'), /NO DATASET DRIFT/);
  await page.click('#settings summary');
  await page.fill('#set-drift-share', '0.3');
  await page.dispatchEvent('#set-drift-share', 'change');
  // The binning of the binned methods, for every numeric column without its own override.
  await page.selectOption('#set-bins', 'equal_width');
  await page.fill('#set-n-bins', '7');
  await page.dispatchEvent('#set-n-bins', 'change');
  await page.click('#apply-settings');
  await page.waitForFunction(() => /threshold 30 %/.test(document.querySelector('.verdict-text')?.textContent || ''));
  const [binsDl] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const binned = JSON.parse(fs.readFileSync(await binsDl.path(), 'utf8'));
  const income = binned.drift.columns.find((c) => c.column === 'income');
  assert.equal(income.tests.psi.bins.length, 6, '7 equal-width bins, open outer bins: 6 inner cuts');
  assert.match(income.tests.psi.detail, /7 equal-width bins/);
  // 4 of 10 features drifted: 40 % ≥ 30 % is dataset drift now.
  assert.match(await page.textContent('#verdict .badge'), /DRIFT/);
  assert.doesNotMatch(await page.textContent('#verdict .badge'), /NO DATASET DRIFT/);

  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-settings')]);
  const exported = path.join(ART, 'settings.json');
  fs.copyFileSync(await dl.path(), exported);
  assert.equal(JSON.parse(fs.readFileSync(exported, 'utf8')).drift.share, 0.3);
  assert.equal(JSON.parse(fs.readFileSync(exported, 'utf8')).drift.n_bins, 7);

  // Remembered in this browser (localStorage), never the data.
  await page.reload();
  await page.click('#settings summary');
  assert.equal(await page.inputValue('#set-drift-share'), '0.3');
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  assert.doesNotMatch(stored, /income|loan_purpose|A0000/);
  assert.deepEqual(errors, []);
  await context.close();

  // A fresh browser imports the exported file.
  const fresh = await openPage();
  await fresh.page.click('#settings summary');
  assert.equal(await fresh.page.inputValue('#set-drift-share'), '0.5');
  await fresh.page.setInputFiles('#import-settings', exported);
  await fresh.page.waitForFunction(() => document.querySelector('#set-drift-share')?.value === '0.3');
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
});

test('Load demo data button loads the pair in one click', async () => {
  const { page, context, errors } = await openPage();
  await page.click('#load-demo');
  await page.waitForSelector('.roles-table tbody tr', { timeout: 60000 });
  const summary = await page.textContent('#file-summary');
  // Row counts with thousands separators (the demo has more than 999 rows).
  assert.match(summary, /reference\.csv: \d{1,3}(,\d{3})+ rows/);
  await page.click('#analyze');
  await page.waitForSelector('#verdict', { timeout: 60000 });
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [file, message] of [
  ['empty.csv', /empty\.csv is empty/],
  ['binary.csv', /binary\.csv does not look like a CSV text file/],
  ['header_only.csv', /header_only\.csv has a header row but no data rows/],
  ['ragged.csv', /ragged\.csv row \d+: expected \d+ fields/],
]) {
  test(`bad input ${file} gives a readable message`, async () => {
    const { page, context, errors } = await openPage();
    await uploadAndParse(page, path.join(BAD, file), path.join(DEMO, 'production.csv'));
    await page.waitForSelector('.error-message', { timeout: 30000 });
    assert.match(await page.textContent('.error-message'), message);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a large file shows progress and can be cancelled', async () => {
  const big = path.join(os.tmpdir(), `driftcard-big-${process.pid}.csv`);
  const row = '1.5,2.25,abc,0.125,7\n';
  fs.writeFileSync(big, 'a,b,c,d,e\n' + row.repeat(3_000_000));
  const { page, context, errors } = await openPage();
  await uploadAndParse(page, big, big);
  await page.waitForSelector('#progress', { timeout: 10000 });
  await page.waitForFunction(() => /Reading .* of/.test(document.querySelector('.progress-label')?.textContent || ''));
  await page.click('#cancel');
  await page.waitForSelector('.error-message');
  assert.match(await page.textContent('.error-message'), /Cancelled/);
  assert.deepEqual(errors, []);
  fs.unlinkSync(big);
  await context.close();
});

test('two workers: each parses one file and sends it to the other; the stages of both show where the time went', async (t) => {
  const { page, context, errors } = await openPage();
  if (await page.evaluate(() => navigator.hardwareConcurrency) < 2) {
    // One core: the page runs one worker (the path every other test covers).
    await context.close();
    t.skip('one core: the page uses one worker');
    return;
  }
  const timing = [];
  page.on('console', (m) => { const t = m.text().match(/^driftcard timing: (.*): \d+ ms$/); if (t) timing.push(t[1]); });
  await analyzeFiles(page, path.join(DEMO, 'reference.csv'), path.join(DEMO, 'production.csv'));
  // Each file was parsed by one worker and received by the other (never parsed twice).
  for (const f of ['reference.csv', 'production.csv']) {
    assert.equal(timing.filter((t) => t === `parse ${f}`).length, 1, `${f} parsed once: ${timing}`);
    assert.equal(timing.filter((t) => t === `read ${f}`).length, 1, `${f} read once: ${timing}`);
    assert.ok(timing.includes(`send ${f}`) && timing.includes(`receive ${f}`), `${f} sent and received: ${timing}`);
  }
  // The split analysis: the main stages in one worker, the forest in the other, all listed.
  await page.click('#timings summary');
  assert.equal(await page.locator('#timings table').count(), 2, 'one table per worker');
  const forest = await page.locator('#timings table[data-worker="1"] td:first-child').allTextContents();
  assert.ok(forest.includes('outliers: score') && !forest.includes('quality + drift'), `second worker: ${forest}`);
  const rows = await page.locator('#timings td:first-child').allTextContents();
  for (const stage of ['sort', 'quality + drift', 'model quality', 'outliers: score', 'duplicate rows']) {
    assert.ok(rows.includes(stage), `${stage} in ${rows}`);
  }
  assert.ok(page.workers().length >= 2, 'two workers');
  // The split report equals the CLI's (the forest's figures came from the other worker).
  const cli = cliReport(path.join(DEMO, 'reference.csv'), path.join(DEMO, 'production.csv'));
  const o = cli.outliers;
  const text = await page.textContent('#outliers');
  assert.ok(o && text.includes(`${o.outliers_production} of ${o.rows_production} production rows`), `${o?.outliers_production} in ${text}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('one core: one worker parses both files and runs the whole analysis, same report', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 1 }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(ORIGIN + '/');
  await page.waitForSelector('#reference-file', { state: 'attached' });
  await analyzeFiles(page, path.join(DEMO, 'reference.csv'), path.join(DEMO, 'production.csv'));
  assert.equal(page.workers().length, 1, 'one worker');
  await page.click('#timings summary');
  assert.equal(await page.locator('#timings table').count(), 1, 'one timings table');
  const cli = cliReport(path.join(DEMO, 'reference.csv'), path.join(DEMO, 'production.csv'));
  const o = cli.outliers;
  assert.ok((await page.textContent('#outliers')).includes(`${o.outliers_production} of ${o.rows_production} production rows`));
  assert.ok((await page.textContent('#verdict')).includes(`${cli.drift.n_drifted} of ${cli.drift.n_features} features drifted`));
  assert.deepEqual(errors, []);
  await context.close();
});
