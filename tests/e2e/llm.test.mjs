// End-to-end tests of the LLM evaluation (issue 12 item 5): the second demo button loads the LLM
// request log; the page shows the prompt-version table (best value per row marked) and the eval
// regression as the CLI computes them; the failing examples are masked; the card has its line;
// switching the matcher re-runs the analysis with the CLI's figures for that matcher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harness, openPage, waitForReport, cliReport, close, fmt3, download, offsite, DEMO, ART } from './harness.mjs';

harness();

const REF = path.join(DEMO, 'llm_reference.csv');
const PROD = path.join(DEMO, 'llm_production.csv');

/** The page's share format (crate::format::share): one decimal and ` %`. */
const share = (v) => `${(v * 100).toFixed(1)} %`;

/** The version table: header versions and, per metric row, the cells' text. */
async function versionTable(page) {
  return page.$eval('#llm-versions', (t) => ({
    versions: [...t.querySelectorAll('thead th')].slice(1).map((x) => x.textContent.trim()),
    rows: Object.fromEntries([...t.querySelectorAll('tbody tr')].map((r) => [
      r.querySelector('th').textContent.trim(),
      [...r.querySelectorAll('td')].map((c) => ({ text: c.textContent.trim(), best: c.classList.contains('best') })),
    ])),
  }));
}

function configFile(obj) {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'driftcard-e2e-')), 'config.json');
  fs.writeFileSync(p, JSON.stringify(obj));
  return p;
}

test('LLM demo: one click loads it; the version table, the regression and the card equal the CLI; examples are masked', async () => {
  const expected = cliReport(REF, PROD, ['--top-rows']);
  const e = expected.llm_eval;
  assert.ok(e, 'the CLI evaluates the LLM demo');
  assert.equal(e.matcher, 'normalised');
  assert.deepEqual(e.versions.map((v) => v.version), ['v1', 'v2', 'v3']);
  assert.deepEqual(e.regressions.map((g) => [g.from, g.to]), [['v2', 'v3']]);

  const { page, context, errors } = await openPage();
  await page.click('#load-llm-demo');
  await page.waitForSelector('#analyze', { timeout: 60000 });
  await page.click('#analyze');
  await waitForReport(page);
  await page.waitForSelector('#llm-eval');
  assert.ok(await page.locator('.section-nav a[href="#llm-eval"]').count(), 'nav link');

  // The verdict names the regression.
  const verdict = await page.textContent('#llm-verdict');
  const g = e.regressions[0];
  assert.match(verdict, /Pass-rate regression/);
  assert.ok(verdict.includes(`v2 ${share(g.pass_rate_from)} → v3 ${share(g.pass_rate_to)}`), verdict);

  // The table: one column per version, pass rates and the best marks as in the JSON.
  const t = await versionTable(page);
  assert.deepEqual(t.versions, e.versions.map((v) => v.version));
  const pass = t.rows['Eval pass rate'];
  e.versions.forEach((v, i) => {
    assert.ok(pass[i].text.startsWith(share(v.pass_rate)), `${v.version}: ${pass[i].text}`);
  });
  const labels = {
    pass_rate: 'Eval pass rate', latency_p50: 'Latency p50 (ms)', latency_p99: 'Latency p99 (ms)', error_rate: 'Error rate',
    cost_per_request: 'Cost per request', cost_total: 'Cost total', thumbs_up_rate: 'Thumbs-up rate', regeneration_rate: 'Regeneration rate',
  };
  for (const [metric, label] of Object.entries(labels)) {
    const cells = t.rows[label];
    assert.ok(cells, `row ${label}`);
    const marked = e.versions.filter((_, i) => cells[i].best).map((v) => v.version);
    assert.deepEqual(marked, e.best[metric] ? [e.best[metric]] : [], `best of ${metric}`);
  }
  assert.equal(e.best.pass_rate, 'v2');
  assert.equal(e.best.cost_per_request, 'v3');
  e.versions.forEach((v, i) => assert.ok(t.rows['Thumbs-up rate'][i].text.startsWith(share(v.thumbs_up_rate))));

  // The failing examples: the CLI's list (with --top-rows), personal values masked.
  await page.click('.llm-failures summary');
  const fails = await page.$$eval('#llm-failures tbody tr', (rs) => rs.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent.trim())));
  assert.equal(fails.length, e.failures.length);
  fails.forEach((f, i) => {
    assert.equal(f[0], e.failures[i].version);
    assert.equal(f[1], `${e.failures[i].file} row ${e.failures[i].row}`);
    assert.equal(f.at(-1), e.failures[i].output);
  });
  const raw = fs.readFileSync(PROD, 'utf8');
  const emails = raw.match(/[a-z]+\.\d+@[a-z.]+/g) ?? [];
  assert.ok(emails.length > 0, 'the demo quotes e-mail addresses');
  const sectionText = await page.textContent('#llm-eval');
  for (const m of emails) assert.ok(!sectionText.includes(m), `${m} shown unmasked`);

  // The check and the card line.
  const check = expected.checks.find((c) => c.id === 'llm_eval');
  assert.equal(check.status, 'alert');
  const card = fs.readFileSync(await download(page, '#download-card'), 'utf8');
  const v3 = e.versions[2];
  const drop = (e.versions[1].pass_rate - v3.pass_rate).toFixed(2);
  assert.ok(card.includes(`- Eval pass rate (normalised match, \`v3\`): ${v3.pass_rate.toFixed(2)} (↓${drop} from \`v2\`, p < 0.001: regression)`), card);
  // The proxy: the regeneration rate per file and its correlation with the pass rate per chunk.
  const px = expected.proxies;
  assert.equal(px.metric, 'eval_pass_rate');
  const reg = px.columns.find((c) => c.column === 'regenerated');
  assert.equal(reg.kind, 'rate');
  assert.ok(reg.correlation_with_metric < -0.3, 'more regenerations where fewer answers pass');
  const prow = await page.$eval('#proxy-table tbody tr[data-column="regenerated"]', (r) => [...r.querySelectorAll('td')].map((c) => c.textContent.trim()));
  assert.ok(prow[2].startsWith(share(reg.reference.value)), prow[2]);
  assert.ok(prow[3].startsWith(share(reg.production.value)), prow[3]);
  assert.ok(prow[6].startsWith(reg.correlation_with_metric.toFixed(2)), prow[6]);
  assert.equal(await page.locator('#proxies canvas.chart[data-painted]').count(), 2);
  assert.ok(card.includes(`- Proxy \`regenerated\` (rate): ${fmt3(reg.production.value)} (reference ${fmt3(reg.reference.value)}, p < 0.001; r = ${reg.correlation_with_metric.toFixed(2)} with eval pass rate)`), card);
  assert.equal(expected.checks.find((c) => c.id === 'proxy:regenerated').status, 'warning');
  await page.locator('#proxies').screenshot({ path: path.join(ART, 'proxies.png') });
  // The JSON export leaves the example rows out by default and is otherwise the CLI's block.
  const json = JSON.parse(fs.readFileSync(await download(page, '#download-json'), 'utf8'));
  assert.deepEqual(json.llm_eval.failures, []);
  close({ ...json.llm_eval, failures: [] }, { ...e, failures: [] }, 'llm_eval');
  await page.locator('#llm-eval').screenshot({ path: path.join(ART, 'llm-eval.png') });

  // Another matcher: the analysis re-runs with the CLI's figures for it.
  const contains = cliReport(REF, PROD, ['--config', configFile({ llm_eval: { matcher: 'contains' } })]).llm_eval;
  assert.equal(contains.matcher, 'contains');
  assert.ok(contains.passed > e.passed, 'contains accepts the chatty answers');
  await page.selectOption('#llm-matcher', 'contains');
  await page.waitForFunction((p) => {
    const c = document.querySelector('#llm-versions tbody tr:nth-child(2) td');
    return c && c.textContent.trim().startsWith(p);
  }, share(contains.versions[0].pass_rate), { timeout: 60000 });
  await waitForReport(page);
  const t2 = await versionTable(page);
  contains.versions.forEach((v, i) => assert.ok(t2.rows['Eval pass rate'][i].text.startsWith(share(v.pass_rate))));
  assert.match(await page.textContent('#llm-eval'), /output contains the expected answer/);
  assert.deepEqual(errors, []);
  assert.deepEqual(offsite, []);
  await context.close();
});
