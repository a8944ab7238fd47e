// End-to-end tests of performance without labels (issue 12, CBPE): the demo with the labels
// removed from production shows the estimate per chunk; the full demo shows the realised values
// beside the same estimates; the numbers equal the CLI's JSON; the card has its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harness, openPage, analyzeFiles, cliReport, close, fmt3, download, offsite, DEMO } from './harness.mjs';

harness();

const REF = path.join(DEMO, 'reference.csv');
const PROD = path.join(DEMO, 'production.csv');

/** The demo's production file without its target column (labels not arrived yet). */
function withoutLabels() {
  const lines = fs.readFileSync(PROD, 'utf8').trimEnd().split('\n');
  const i = lines[0].split(',').indexOf('target');
  assert.ok(i >= 0, 'the demo has a target column');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'driftcard-e2e-')), 'production_no_labels.csv');
  // The demo has no quoted commas: a plain split is exact here.
  fs.writeFileSync(out, lines.map((l) => l.split(',').filter((_, k) => k !== i).join(',')).join('\n') + '\n');
  return out;
}

/** The page's estimate table: one object per row. */
async function tableRows(page) {
  return page.$$eval('#estimate .estimate-table tbody tr', (rs) => rs.map((r) => {
    const c = [...r.querySelectorAll('th, td')].map((x) => x.textContent.trim());
    return { label: c[0], period: c[1], rows: Number(c[2]), labelled: Number(c[3]), acc: c[4], accReal: c[5], auc: c[6], aucReal: c[7], alerts: c[12] };
  }));
}

test('estimate: labels removed from production — CBPE per chunk in the page, equal to the CLI, beside the realised values of the full data', async () => {
  const NOLAB = withoutLabels();
  const full = cliReport(REF, PROD);
  const blind = cliReport(REF, NOLAB);
  const fe = full.performance_estimate;
  const be = blind.performance_estimate;
  assert.ok(fe && be, 'both runs estimate');
  assert.equal(be.labeled_share, 0);
  assert.equal(fe.labeled_share, 1);
  // The estimate does not use production's labels: same figures with and without them.
  assert.equal(be.chunks.length, fe.chunks.length);
  be.chunks.forEach((c, i) => close(c.estimated, fe.chunks[i].estimated, `chunk ${c.label} estimated`));
  assert.ok(be.chunks.filter((c) => c.period === 'production').every((c) => Object.keys(c.realized).length === 0));

  const { page, context, errors } = await openPage();
  await analyzeFiles(page, REF, NOLAB);
  await page.waitForSelector('#estimate');
  assert.ok(await page.locator('.section-nav a[href="#estimate"]').count(), 'nav link');
  let rows = await tableRows(page);
  assert.equal(rows.length, be.chunks.length);
  rows.forEach((r, i) => {
    const c = be.chunks[i];
    assert.equal(r.label, c.label);
    assert.equal(r.period, c.period);
    assert.equal(r.rows, c.rows);
    assert.equal(r.acc, fmt3(c.estimated.accuracy), `${c.label} accuracy`);
    assert.equal(r.auc, fmt3(c.estimated.roc_auc), `${c.label} ROC AUC`);
    if (c.period === 'production') assert.equal(r.accReal, '—', `${c.label}: no label, no realised value`);
  });
  // Two charts painted, with the reference range and a production line.
  assert.equal(await page.locator('#estimate canvas.chart[data-painted]').count(), 2);
  // The check is listed, and the card has the estimated-accuracy line.
  assert.ok(blind.checks.some((c) => c.id === 'performance_estimate'));
  const card = fs.readFileSync(await download(page, '#download-card'), 'utf8');
  const last = be.chunks.filter((c) => c.period === 'production').at(-1);
  assert.ok(card.includes(`- Accuracy (estimated, ${last.label}): ${last.estimated.accuracy.toFixed(2)} (CBPE; labels for 0 % of rows`), card);
  // The page's JSON equals the CLI's block.
  const json = JSON.parse(fs.readFileSync(await download(page, '#download-json'), 'utf8'));
  close(json.performance_estimate, be, 'performance_estimate');
  await page.screenshot({ path: path.join(process.cwd(), 'tests/e2e/artifacts/estimate-no-labels.png'), fullPage: false });

  // The full demo: the realised values stand beside the same estimates.
  await page.goto(page.url());
  await page.waitForSelector('#reference-file', { state: 'attached' });
  await analyzeFiles(page, REF, PROD);
  await page.waitForSelector('#estimate');
  rows = await tableRows(page);
  rows.forEach((r, i) => {
    const c = fe.chunks[i];
    assert.equal(r.acc, fmt3(c.estimated.accuracy));
    assert.equal(r.accReal, fmt3(c.realized.accuracy), `${c.label} realised accuracy`);
  });
  // The demo's concept drift: the realised accuracy falls below the estimate's band, and the page says so.
  const below = fe.chunks.filter((c) => c.period === 'production' && c.realized.accuracy < c.lower_confidence.accuracy);
  assert.ok(below.length > 0, 'the demo has chunks whose realised accuracy is below the estimate');
  assert.match(await page.textContent('#estimate'), new RegExp(`fell below the estimate's band in ${below[0].label}`));
  await page.locator('#estimate').screenshot({ path: path.join(process.cwd(), 'tests/e2e/artifacts/estimate-full.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('drift over time: the heatmap shows every tested column per production chunk as the CLI computes it; a row opens its chart', async () => {
  const expected = cliReport(REF, PROD);
  const d = expected.drift_over_time;
  assert.ok(d && d.columns.length > 0);
  const { page, context, errors } = await openPage();
  await analyzeFiles(page, REF, PROD);
  await page.waitForSelector('#drift-over-time table.heatmap');
  const rows = await page.$$eval('#drift-over-time tbody tr', (rs) => rs.map((r) => ({
    column: r.dataset.column,
    cells: [...r.querySelectorAll('td')].map((c) => c.textContent.trim()),
  })));
  assert.deepEqual(rows.map((r) => r.column), d.columns.map((c) => c.column));
  rows.forEach((r, i) => {
    const prod = d.columns[i].chunks.filter((c) => c.period === 'production');
    assert.equal(r.cells.length, prod.length);
    r.cells.forEach((text, k) => {
      const c = prod[k];
      const mark = c.alert ? '▲ ' : (c.outside_reference_range || c.beyond_threshold) ? '◆ ' : '';
      assert.ok(text.startsWith(mark), `${r.column} ${c.label}: mark ${mark}`);
      if (c.score === undefined) {
        assert.equal(text, `${mark}—`);
      } else {
        // Shown to 3 significant digits (tiny values in e-notation).
        const shown = Number(text.slice(mark.length));
        assert.ok(Math.abs(shown - c.score) <= 0.005 * Math.abs(c.score) + 5e-4, `${r.column} ${c.label}: ${text} vs ${c.score}`);
      }
    });
  });
  // The demo's income shift begins in the first production week, and the page says so.
  const income = d.columns.find((c) => c.column === 'income');
  assert.ok(income.first_alert, 'income drifts');
  assert.match(await page.textContent('#drift-over-time'), new RegExp(`income from ${income.first_alert}`));
  // Multivariate drift: the section names the first production chunk outside the range, as the JSON.
  const m = expected.multivariate_drift.reconstruction;
  assert.ok(m.first_alert, 'the demo\'s joint shift is flagged');
  await page.waitForSelector('#multivariate canvas.chart[data-painted]');
  assert.match(await page.textContent('#multivariate'), new RegExp(`left the reference range in ${m.first_alert}`));
  assert.ok(expected.checks.some((c) => c.id === 'multivariate_drift' && c.status !== 'ok'));
  // The domain classifier tells the demo's files apart, led by the columns that drifted.
  const dc = expected.multivariate_drift.domain_classifier;
  assert.ok(dc.alert && dc.roc_auc > 0.6, `ROC AUC ${dc.roc_auc}`);
  const verdict = await page.textContent('#domain-verdict');
  assert.ok(verdict.includes(`ROC AUC ${dc.roc_auc.toFixed(2)} [${dc.ci_low.toFixed(2)}, ${dc.ci_high.toFixed(2)}]`), verdict);
  const feats = await page.$$eval('#domain-features tbody tr td:first-child', (t) => t.map((x) => x.textContent.trim()));
  assert.deepEqual(feats, dc.top_features.map((f) => f.column));
  assert.ok(['income', 'loan_amount', 'loan_purpose', 'debt_to_income'].includes(feats[0]), feats[0]);
  assert.equal(expected.checks.find((c) => c.id === 'domain_classifier').status, 'alert');
  await page.locator('#multivariate').screenshot({ path: path.join(process.cwd(), 'tests/e2e/artifacts/multivariate.png') });
  await page.click('#drift-over-time tbody tr[data-column="income"] th');
  await page.waitForSelector('#detail[aria-label="details of income"] .drift-first');
  await page.locator('#drift-over-time').screenshot({ path: path.join(process.cwd(), 'tests/e2e/artifacts/drift-over-time.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('estimate: multiclass one-vs-rest on NannyML\'s credit-card data — the page\'s table equals the CLI and names the classes', async () => {
  const dir = path.join(process.cwd(), 'tests/data/real/credit_card');
  const [ref, prod] = [path.join(dir, 'reference.csv'), path.join(dir, 'production.csv')];
  const e = cliReport(ref, prod).performance_estimate;
  assert.deepEqual(e.classes, ['highstreet_card', 'prepaid_card', 'upmarket_card']);
  const { page, context, errors } = await openPage();
  await analyzeFiles(page, ref, prod);
  await page.waitForSelector('#estimate');
  assert.match(await page.textContent('#estimate'), /3 classes \(highstreet_card, prepaid_card, upmarket_card\), one-vs-rest/);
  const rows = await tableRows(page);
  assert.equal(rows.length, e.chunks.length);
  rows.forEach((r, i) => {
    const c = e.chunks[i];
    assert.equal(r.label, c.label);
    assert.equal(r.acc, fmt3(c.estimated.accuracy), `${c.label} accuracy`);
    assert.equal(r.auc, fmt3(c.estimated.roc_auc), `${c.label} ROC AUC`);
    assert.equal(r.accReal, fmt3(c.realized.accuracy), `${c.label} realised accuracy`);
  });
  assert.deepEqual(errors, []);
  await context.close();
});

test('estimate: no off-site request', () => {
  assert.deepEqual(offsite, []);
});
