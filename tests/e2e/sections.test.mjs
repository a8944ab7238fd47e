// End-to-end tests of the report sections (issue 4): every chart draws, hovers show exact values,
// drawn numbers equal the JSON report, drill-down, keyboard use, per-column overrides re-running
// in the worker, every golden pair, 100 columns, and the WCAG contrast of both themes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  harness, openPage, analyzeFiles, waitForReport, cliReport, close, fmt3, download, offsite, ART, DEMO, GOLDEN, goldenConfig,
} from './harness.mjs';

harness();

const REF = path.join(DEMO, 'reference.csv');
const PROD = path.join(DEMO, 'production.csv');

/** Moves the pointer across a chart until a tooltip shows; returns its text. */
async function hoverUntilTooltip(page, canvas, y = 0.55) {
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  for (let f = 0.08; f < 0.97; f += 0.03) {
    await page.mouse.move(box.x + box.width * f, box.y + box.height * y);
    const tip = page.locator('.chart-tooltip');
    if (await tip.count()) return tip.first().textContent();
  }
  return null;
}

/** The SVG download of the n-th chart inside `scope`. */
async function chartSvg(page, scope, n) {
  const fig = page.locator(`${scope} figure.chart-box`).nth(n);
  const [dl] = await Promise.all([page.waitForEvent('download'), fig.locator('button', { hasText: 'SVG' }).click()]);
  assert.match(dl.suggestedFilename(), /\.svg$/);
  return fs.readFileSync(await dl.path(), 'utf8');
}

test('sections: charts draw, hovers show values, drawn numbers equal the JSON (demo)', async () => {
  const { page, context, errors } = await openPage();
  await analyzeFiles(page, REF, PROD);
  const expected = cliReport(REF, PROD, ['--top-rows']); // the page shows the inspector's top rows

  // Data drift: histogram + ECDF with the KS distance (the label in the chart = the JSON's KS D).
  const col = expected.drift.columns.find((c) => c.kind === 'numeric' && c.status === 'drifted' && c.tests.ks);
  await page.click(`.drift-table tbody tr[data-column="${col.column}"]`);
  await page.waitForSelector(`#detail[aria-label="details of ${col.column}"] figure.chart-box >> nth=1`);
  assert.equal(await page.locator('#detail figure.chart-box').count(), 3, 'histogram, ECDF and drift over time');
  // Drift over time: the chart's SVG has the method's score per chunk, and the first chunk beyond
  // the threshold is named as the JSON says.
  const dot = expected.drift_over_time.columns.find((c) => c.column === col.column);
  const dotSvg = await chartSvg(page, '#detail', 2);
  assert.ok(dotSvg.includes(`of ${col.column} per chunk`), 'drift-over-time chart title');
  if (dot.first_alert) assert.match(await page.textContent('#detail .drift-first'), new RegExp(`beyond the threshold and the reference range: ${dot.first_alert}`));
  const ecdfSvg = await chartSvg(page, '#detail', 1);
  assert.ok(ecdfSvg.includes(`ECDF of ${col.column}`), 'ECDF title');
  assert.ok(ecdfSvg.includes(`KS D = ${fmt3(col.tests.ks.statistic)} at`), `KS label with D = ${fmt3(col.tests.ks.statistic)}`);
  const ecdfTip = await hoverUntilTooltip(page, page.locator('#detail canvas.chart').nth(1));
  assert.match(ecdfTip, /≤ .*reference \d+(\.\d+)? %.*production \d+(\.\d+)? %/s);
  // The deciding test is explained in words on the page.
  const explain = await page.textContent('#detail .explain');
  assert.match(explain, /drift when/);
  // Every computed test is listed, the deciding one marked.
  const listed = await page.$$eval('#detail .tests-table tbody tr[data-test]', (rs) => rs.map((r) => r.dataset.test).sort());
  assert.deepEqual(listed, Object.keys(col.tests).sort());
  assert.equal(await page.locator('#detail .tests-table tr.deciding').count(), 1);

  // PNG download of a chart is a real PNG.
  const fig = page.locator('#detail figure.chart-box').first();
  const [png] = await Promise.all([page.waitForEvent('download'), fig.locator('button', { hasText: 'PNG' }).click()]);
  const bytes = fs.readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature');

  // Keyboard: focus a chart, → shows a tooltip, Escape hides it; Escape closes the panel.
  await page.locator('#detail canvas.chart').first().focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.chart-tooltip');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.chart-tooltip').count(), 0);

  // Model quality: ROC, PR and reliability; titles carry the JSON's AUC / AP / ECE.
  const c = expected.classification;
  assert.equal(await page.locator('#quality canvas.chart').count(), 3);
  const roc = await chartSvg(page, '#quality', 0);
  assert.ok(roc.includes(`AUC reference ${fmt3(c.reference.roc_auc)} · production ${fmt3(c.production.roc_auc)}`), 'ROC title');
  const prSvg = await chartSvg(page, '#quality', 1);
  assert.ok(prSvg.includes(`average precision reference ${fmt3(c.reference.average_precision)}`), 'PR title');
  const rel = await chartSvg(page, '#quality', 2);
  assert.ok(rel.includes(`ECE reference ${fmt3(c.reference.ece)} · production ${fmt3(c.production.ece)}`), 'reliability title');
  const rocTip = await hoverUntilTooltip(page, page.locator('#quality canvas.chart').first(), 0.5);
  assert.match(rocTip, /false positive rate .*reference .*score ≥/s);

  // Over time: rolling accuracy with the reference band, per-chunk bars (click drills down).
  const overCharts = page.locator('#over-time canvas.chart');
  assert.ok((await overCharts.count()) >= 2, 'rolling + chunks');
  const rolling = await chartSvg(page, '#over-time', 0);
  assert.ok(rolling.includes(`reference accuracy ${fmt3(expected.performance.reference)} ± 5 %`), 'reference band');
  const rollTip = await hoverUntilTooltip(page, overCharts.first());
  assert.match(rollTip, /production \d+(\.\d+)? %/);
  const chunkCanvas = overCharts.nth(1);
  await chunkCanvas.scrollIntoViewIfNeeded();
  const cb = await chunkCanvas.boundingBox();
  await page.mouse.click(cb.x + cb.width * 0.5, cb.y + cb.height * 0.6);
  await page.waitForSelector('#over-time .chunks-table tr.picked');

  // Bias: five charts per group column; the hover shows both files' values and the group sizes.
  const nBias = expected.bias.columns.length;
  assert.equal(await page.locator('#bias canvas.chart').count(), 5 * nBias);
  const biasTip = await hoverUntilTooltip(page, page.locator('#bias canvas.chart').first());
  assert.match(biasTip, /reference \d+\.\d %.*production \d+\.\d %.*n reference/s);
  // Clicking a group's bars highlights its row in the group table.
  const firstBias = page.locator('#bias canvas.chart').first();
  const bb = await firstBias.boundingBox();
  await page.mouse.click(bb.x + bb.width * 0.3, bb.y + bb.height * 0.7);
  await page.waitForSelector('#bias .bias-table tr.picked');

  // Outliers: the score histogram with the threshold; a row opens to all its z-scores.
  const outSvg = await chartSvg(page, '#outliers', 0);
  assert.ok(outSvg.includes(`threshold ${fmt3(expected.outliers.threshold)}`));
  await page.click('#outliers .inspector-row >> nth=0 >> summary');
  const z = await page.$$eval('#outliers .inspector-row[open] .zscores tbody tr', (rs) => rs.map((r) => [r.cells[0].textContent, r.cells[1].textContent]));
  const want = Object.entries(expected.outliers.top[0].z).map(([k, v]) => [k, `${v >= 0 ? '+' : '-'}${Math.abs(v).toFixed(2)}`]);
  assert.deepEqual(z, want);

  // Service: the SLO line and verdict.
  const l = expected.latency;
  const slo = await chartSvg(page, '#service', 0);
  assert.ok(slo.includes(`SLO p${fmt3(l.slo.percentile)} ≤ ${fmt3(l.slo.target_ms)} ms`));
  assert.ok((await page.textContent('#service')).includes(`production p${fmt3(l.slo.percentile)} = ${fmt3(l.slo.value_ms)} ms`));

  await page.screenshot({ path: path.join(ART, 'sections-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 800, height: 1000 });
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page scrolls sideways at 800 px by ${overflow} px`);
  await page.screenshot({ path: path.join(ART, 'sections-800.png'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.equal(await page.locator('.error-message').count(), 0, 'a chart failed to draw');
  assert.deepEqual(offsite, []);
  await context.close();
});

test('table: keyboard opens and closes a row; no sideways scroll at 1440 px', async () => {
  const { page, context, errors } = await openPage();
  await analyzeFiles(page, REF, PROD);
  const wrap = await page.$eval('#drift .table-wrap', (w) => w.scrollWidth - w.clientWidth);
  assert.ok(wrap <= 0, `drift table scrolls sideways by ${wrap} px at 1440 px`);
  await page.click('#detail button[aria-label^="close"]');
  assert.equal(await page.locator('#detail').count(), 0);
  const row = page.locator('.drift-table tbody tr').nth(2);
  const name = await row.getAttribute('data-column');
  await row.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`#detail[aria-label="details of ${name}"]`);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('#detail'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('per-column override and "all tests" re-run in the worker and equal the CLI with the same config', async () => {
  const { page, context, errors } = await openPage();
  await analyzeFiles(page, REF, PROD);
  const col = 'age';
  await page.click(`.drift-table tbody tr[data-column="${col}"]`);
  await page.click('#detail .override summary');
  await page.selectOption('#override-method', 'psi');
  await page.fill('#override-threshold', '0.02');
  await page.selectOption('#override-binning', 'equal_width');
  await page.fill('#override-bins', '7');
  await page.click('#override-apply');
  await page.waitForFunction((c) => /\bpsi\b/.test(document.querySelector(`.drift-table tr[data-column="${c}"] td`)?.textContent || ''), col);
  await waitForReport(page);
  const pagePath = await download(page, '#download-json');
  const pageJson = JSON.parse(fs.readFileSync(pagePath, 'utf8'));
  const cfg = path.join(os.tmpdir(), `driftcard-override-${process.pid}.json`);
  fs.writeFileSync(cfg, JSON.stringify({ drift: { columns: { [col]: { method: 'psi', threshold: 0.02, bins: 'equal_width', n_bins: 7 } } } }));
  const cli = cliReport(REF, PROD, ['--config', cfg]);
  const pick = (r) => r.drift.columns.find((c) => c.column === col);
  assert.equal(pick(pageJson).method, 'psi');
  assert.equal(pick(pageJson).threshold, 0.02);
  close(pick(pageJson), pick(cli), `drift.columns.${col}`);
  assert.equal(pick(pageJson).tests.psi.bins.length, 6, '7 bins with open outer bins = 6 inner cuts');

  // All tests for this column only.
  await page.click(`.drift-table tbody tr[data-column="${col}"]`);
  await page.click('#all-tests');
  await page.waitForFunction(() => document.querySelectorAll('#detail .tests-table tbody tr').length > 5);
  await waitForReport(page);
  const allPath = await download(page, '#download-json');
  const allJson = JSON.parse(fs.readFileSync(allPath, 'utf8'));
  fs.writeFileSync(cfg, JSON.stringify({ drift: { columns: { [col]: { method: 'psi', threshold: 0.02, bins: 'equal_width', n_bins: 7, all_tests: true } } } }));
  const cliAll = cliReport(REF, PROD, ['--config', cfg]);
  close(pick(allJson), pick(cliAll), `drift.columns.${col} (all tests)`);
  const numericMethods = ['ks', 'wasserstein', 'psi', 'psi_seed', 'jensenshannon', 'kl_div', 'hellinger', 'anderson',
    'cramer_von_mises', 'energy', 't_test', 'mann_whitney'];
  const got = [...Object.keys(pick(allJson).tests), ...Object.keys(pick(allJson).not_computable || {})].sort();
  for (const m of numericMethods) assert.ok(got.includes(m), `all tests lacks ${m}: ${got}`);
  // The override is listed in the settings and can be removed.
  await page.click('#settings summary');
  assert.match(await page.textContent('#settings .overrides'), new RegExp(`${col}: PSI`));
  assert.deepEqual(errors, []);
  await context.close();
});


for (const pair of fs.existsSync(GOLDEN) ? fs.readdirSync(GOLDEN).filter((d) => d.startsWith('pair')).sort() : []) {
  test(`golden ${pair}: every section renders in the page and the page's JSON equals the CLI's`, async () => {
    const dir = path.join(GOLDEN, pair);
    const ref = path.join(dir, 'reference.csv');
    const prod = path.join(dir, 'production.csv');
    const cfgPath = path.join(os.tmpdir(), `driftcard-golden-${pair}-${process.pid}.json`);
    fs.writeFileSync(cfgPath, JSON.stringify(goldenConfig(JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')))));
    const { page, context, errors } = await openPage();
    await page.setInputFiles('#reference-file', ref);
    await page.setInputFiles('#production-file', prod);
    await page.waitForSelector('#analyze', { timeout: 60000 });
    // Importing the settings (kinds and roles included) re-runs the analysis with them.
    await page.setInputFiles('#import-settings', cfgPath);
    await waitForReport(page);
    const expected = cliReport(ref, prod, ['--config', cfgPath]);
    const sections = { quality: expected.classification || expected.regression, 'over-time': expected.rolling || expected.chunks,
      bias: expected.bias, outliers: expected.outliers, service: expected.latency || expected.error_rate || expected.cost };
    for (const [id, present] of Object.entries(sections)) {
      assert.equal(await page.locator(`#${id}`).count(), present ? 1 : 0, `#${id} shown iff the report has it`);
    }
    if (expected.regression) {
      const titles = await page.$$eval('#quality canvas.chart', (cs) => cs.map((c) => c.getAttribute('aria-label')));
      assert.ok(titles.some((t) => t.startsWith('Prediction error')) && titles.some((t) => t.startsWith('Predicted vs actual')), titles.join());
    }
    if (expected.classification?.production?.roc_curve) {
      assert.ok((await page.locator('#quality canvas.chart').count()) >= 2, 'ROC and PR drawn');
    }
    assert.equal(await page.locator('.error-message').count(), 0, 'an error or a chart that failed to draw');
    // Open the tested columns' panels: their charts draw.
    const cols = expected.drift.columns.filter((c) => c.status !== 'skipped').slice(0, 6);
    for (const c of cols) {
      await page.click(`.drift-table tbody tr[data-column="${c.column.replace(/["\\]/g, '\\$&')}"]`);
      await page.waitForSelector('#detail');
      await page.waitForFunction(() => !document.querySelector('canvas.chart:not([data-painted])'));
      assert.equal(await page.locator('#detail .error-message').count(), 0, `${c.column}: chart error`);
    }
    const p = JSON.parse(fs.readFileSync(await download(page, '#download-json'), 'utf8'));
    for (const key of ['drift', 'quality', 'classification', 'regression', 'bias', 'latency', 'checks', 'retrain', 'rolling', 'chunks', 'outliers']) {
      close(p[key], expected[key], `${pair}.${key}`);
    }
    await page.screenshot({ path: path.join(ART, `golden-${pair}.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('100 columns: the table lists them all and the report renders quickly', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftcard-wide-'));
  const cols = Array.from({ length: 100 }, (_, i) => `f${String(i).padStart(3, '0')}`);
  const write = (name, shift) => {
    let s = cols.join(',') + '\n';
    let x = 12345;
    for (let r = 0; r < 2000; r++) {
      const row = cols.map((_, i) => { x = (x * 1103515245 + 12345) % 2147483648; return ((x / 2147483648) + (i % 7 === 0 ? shift : 0)).toFixed(4); });
      s += row.join(',') + '\n';
    }
    fs.writeFileSync(path.join(dir, name), s);
  };
  write('reference.csv', 0);
  write('production.csv', 0.3);
  const { page, context, errors } = await openPage();
  await page.setInputFiles('#reference-file', path.join(dir, 'reference.csv'));
  await page.setInputFiles('#production-file', path.join(dir, 'production.csv'));
  await page.waitForSelector('#analyze', { timeout: 60000 });
  // The roles table draws its first rows at once and the rest in the next task: all 100 arrive,
  // each once.
  await page.waitForFunction(() => document.querySelectorAll('.roles-table tbody tr').length >= 100, null, { timeout: 10000 });
  const roleRows = await page.$$eval('.roles-table tbody tr', (trs) => trs.map((t) => t.dataset.column));
  assert.deepEqual(roleRows, cols);
  const t0 = Date.now();
  await page.click('#analyze');
  await waitForReport(page);
  console.log(`Analyze → rendered report (100 columns × 2000 rows): ${Date.now() - t0} ms`);
  assert.equal(await page.locator('.drift-table tbody tr').count(), 100);
  // Scrolling the page through the table: frames stay short.
  const worst = await page.evaluate(async () => {
    let last = performance.now();
    let worst = 0;
    for (let i = 0; i < 40; i++) {
      window.scrollBy(0, 120);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }
    return worst;
  });
  console.log(`100-column table: longest frame while scrolling ${worst.toFixed(1)} ms`);
  assert.ok(worst < 250, `scrolling stalls for ${worst} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** WCAG 2.1 contrast of the text colours against their backgrounds, computed in the page. */
async function contrastAudit(page) {
  return page.evaluate(() => {
    const parse = (c) => { const m = c.match(/[\d.]+/g).map(Number); return { rgb: m.slice(0, 3), a: m.length > 3 ? m[3] : 1 }; };
    const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const bgOf = (el) => {
      // Composite the (possibly translucent) backgrounds from the page down to the element.
      const chain = [];
      for (let e = el; e; e = e.parentElement) chain.push(e);
      let rgb = [255, 255, 255];
      for (const e of chain.reverse()) {
        const { rgb: c, a } = parse(getComputedStyle(e).backgroundColor);
        if (a > 0) rgb = rgb.map((v, i) => c[i] * a + v * (1 - a));
      }
      return rgb;
    };
    const out = [];
    const selectors = ['body', '.muted', '.pill.drifted', '.pill.ok', '.pill.na', '.section-nav a', 'button.primary', 'button.secondary',
      '.stat-title', '.stat-value', '.verdict-text', '.reason-line', '.drift-table td', '.drift-table .sub', '.explain', 'button.link',
      '.alerts li', '.field-help', '.badge', '.heatmap td.heat-4', '.heatmap td.heat-0', '.tests-table td', '.bias-table td', '.chunks-table td',
      '.inspector-row summary', 'figcaption', '.stat-sub', '.checks-table td', 'caption'];
    for (const sel of selectors) {
      for (const el of [...document.querySelectorAll(sel)].slice(0, 3)) {
        if (!el.textContent.trim()) continue;
        const fg = parse(getComputedStyle(el).color).rgb;
        const bg = bgOf(el);
        const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        out.push({ sel, ratio: (a + 0.05) / (b + 0.05) });
      }
    }
    return out;
  });
}

test('light and dark themes follow prefers-color-scheme and pass WCAG AA contrast', async () => {
  const backgrounds = {};
  for (const scheme of ['light', 'dark']) {
    const { page, context, errors } = await openPage({ width: 1440, height: 1000 }, scheme);
    await analyzeFiles(page, REF, PROD);
    await page.click('.drift-table tbody tr[data-column="income"]');
    await page.click('#settings summary');
    backgrounds[scheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const audit = await contrastAudit(page);
    assert.ok(audit.length > 15, 'audit found the elements');
    const failing = audit.filter((x) => x.ratio < 4.5);
    assert.deepEqual(failing, [], `${scheme}: text below 4.5:1`);
    // The charts are painted in the theme's background.
    const px = await page.$eval('#detail canvas.chart', (c) => [...c.getContext('2d').getImageData(2, 2, 1, 1).data]);
    const dark = px[0] + px[1] + px[2] < 200;
    assert.equal(dark, scheme === 'dark', `${scheme} chart background ${px}`);
    await page.screenshot({ path: path.join(ART, `theme-${scheme}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
  assert.notEqual(backgrounds.light, backgrounds.dark);
});
