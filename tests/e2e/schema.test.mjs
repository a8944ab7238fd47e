// The page's JSON report (computed in wasm, in the worker, and saved by "Download JSON report")
// against docs/report.schema.json, for the demo pair and every golden pair. The CLI's output is
// held to the same schema by tests/report_schema.rs; the validator here is the small one in
// schema-validate.mjs (no npm package is installed at test time). One browser for the file, a
// fresh context per pair: imported settings are remembered per context (localStorage), so a
// shared page would carry one pair's roles into the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harness, openPage, analyzeFiles, waitForReport, download, offsite, DEMO, GOLDEN, goldenConfig } from './harness.mjs';
import { loadSchema, validate, selfTest } from './schema-validate.mjs';

harness();

const schema = loadSchema();

/** The errors of `report` against the schema, listed in the assertion message. */
function assertMatchesSchema(report, what) {
  const errors = validate(schema, report);
  assert.deepEqual(errors.slice(0, 20), [], `${what}: ${errors.length} schema error(s)`);
}


test('schema: the validator rejects bad documents (self-test)', () => {
  selfTest();
  // The report schema compiles under this validator: an empty object is rejected for its
  // missing fields, not for an unknown keyword (which would throw).
  assert.ok(validate(schema, {}).some((e) => e.includes('missing required property "schema_version"')));
});

test('schema: demo pair — the page\'s JSON report matches docs/report.schema.json', async () => {
  const { page, context, errors } = await openPage();
  await analyzeFiles(page, path.join(DEMO, 'reference.csv'), path.join(DEMO, 'production.csv'));
  const report = JSON.parse(fs.readFileSync(await download(page, '#download-json'), 'utf8'));
  assert.equal(report.inputs.reference.name, 'reference.csv');
  assertMatchesSchema(report, 'demo');
  // The same report with an undocumented field, a wrong type or a missing field is rejected.
  selfTest(schema, report);
  assert.deepEqual(errors, []);
  await context.close();
});

const pairs = fs.existsSync(GOLDEN) ? fs.readdirSync(GOLDEN).filter((d) => d.startsWith('pair')).sort() : [];

test('schema: the golden pairs are there', () => {
  assert.ok(pairs.length >= 6, `golden pairs missing under ${GOLDEN}: ${pairs}`);
});

for (const pair of pairs) {
  test(`schema: golden ${pair} — the page's JSON report matches docs/report.schema.json`, async () => {
    const dir = path.join(GOLDEN, pair);
    const cfg = goldenConfig(JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')));
    const cfgPath = path.join(os.tmpdir(), `driftcard-schema-${pair}-${process.pid}.json`);
    fs.writeFileSync(cfgPath, JSON.stringify(cfg));
    const { page, context, errors } = await openPage();
    await page.setInputFiles('#reference-file', path.join(dir, 'reference.csv'));
    await page.setInputFiles('#production-file', path.join(dir, 'production.csv'));
    await page.waitForSelector('#analyze', { timeout: 60000 });
    // Importing the settings (kinds and roles included) runs the analysis with them.
    await page.setInputFiles('#import-settings', cfgPath);
    await waitForReport(page, 120000);
    const report = JSON.parse(fs.readFileSync(await download(page, '#download-json'), 'utf8'));
    // The report is the one made with the golden settings: every column has its golden kind.
    const kinds = Object.fromEntries(report.columns.map((c) => [c.name, c.kind]));
    for (const [name, kind] of Object.entries(cfg.kinds)) assert.equal(kinds[name], kind, `${pair}: kind of ${name}`);
    assertMatchesSchema(report, pair);
    assert.deepEqual(errors, []);
    await context.close();
    fs.rmSync(cfgPath, { force: true });
  });
}

test('schema: no off-site request', () => {
  assert.deepEqual(offsite, []);
});
