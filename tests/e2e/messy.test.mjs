// The messy corpus in the real page: every case of tests/data/messy marked `page: true` is
// dropped into the built page as a new user would (reference, production and, when the case has
// one, the late-labels file in the third slot), analysed with the detected roles, and checked:
// the page's JSON equals the CLI's on the same files, the case's assertions hold on it, the card
// carries what the case asks for, the roles table says why each role was chosen, and a case that
// must stop shows its message in the page. The same assertions run natively in tests/messy.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { harness, openPage, cliReport, close, download, waitForReport, offsite, ROOT, ART } from './harness.mjs';

harness();

const MESSY = path.join(ROOT, 'tests/data/messy');

/** Path steps as tests/messy.rs reads them: `a.b[0].c[key=value][key~=part]`, brackets nest. */
function parsePath(p) {
  const steps = [];
  let key = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '.') { if (key) steps.push({ key }); key = ''; continue; }
    if (c !== '[') { key += c; continue; }
    if (key) steps.push({ key });
    key = '';
    let sel = '';
    let depth = 1;
    for (i++; i < p.length; i++) {
      if (p[i] === ']' && depth === 1) break;
      if (p[i] === '[') depth++;
      if (p[i] === ']') depth--;
      sel += p[i];
    }
    if (/^\d+$/.test(sel)) steps.push({ index: Number(sel) });
    else if (sel.includes('~=')) { const [k, ...v] = sel.split('~='); steps.push({ k, part: v.join('~=') }); }
    else { const j = sel.indexOf('='); steps.push({ k: sel.slice(0, j), eq: sel.slice(j + 1) }); }
  }
  if (key) steps.push({ key });
  return steps;
}

const text = (v) => (v === null || v === undefined ? undefined : typeof v === 'string' ? v : typeof v === 'object' ? undefined : String(v));

function resolve(root, steps) {
  let v = root;
  for (const s of steps) {
    if (v === null || v === undefined) return undefined;
    if ('key' in s) v = v[s.key];
    else if ('index' in s) v = Array.isArray(v) ? v[s.index] : undefined;
    else if ('eq' in s) v = Array.isArray(v) ? v.find((e) => e && text(e[s.k]) === s.eq) : undefined;
    else v = Array.isArray(v) ? v.find((e) => e && text(e[s.k])?.includes(s.part)) : undefined;
  }
  return v === null ? undefined : v;
}

const num = (v) => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : undefined);
const same = (a, b) => {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (['NaN', 'inf', '-inf'].includes(a) || ['NaN', 'inf', '-inf'].includes(b)) return Object.is(num(a), num(b));
  return JSON.stringify(a) === JSON.stringify(b);
};
const has = (got, want) => (typeof got === 'string' ? got.includes(want) : Array.isArray(got) ? got.some((x) => same(x, want)) : false);

/** The case's JSON assertions on `report`; returns the failures. */
function check(report, assertions) {
  const fails = [];
  for (const a of assertions) {
    const got = resolve(report, parsePath(a.path));
    const fail = (op, want) => fails.push(`${a.path} ${op}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    for (const [op, want] of Object.entries(a)) {
      if (['path', 'rel', 'abs'].includes(op)) continue;
      if (op === 'equals' && !(got !== undefined && same(got, want))) fail(op, want);
      if (op === 'approx') {
        const g = num(got); const rel = a.rel ?? 1e-9; const abs = a.abs ?? 0;
        if (!(g !== undefined && (Math.abs(g - want) <= abs || Math.abs(g - want) <= rel * Math.max(Math.abs(g), Math.abs(want))))) fail(op, want);
      }
      if (op === 'contains' && !(got !== undefined && has(got, want))) fail(op, want);
      if (op === 'not_contains' && !(got !== undefined && !has(got, want))) fail(op, want);
      if (op === 'absent' && (got === undefined) !== (want !== false)) fail(op, want);
      if (op === 'len') {
        const n = Array.isArray(got) ? got.length : got && typeof got === 'object' ? Object.keys(got).length : typeof got === 'string' ? [...got].length : undefined;
        if (n !== want) fail(op, want);
      }
      if (op === 'min' && !(num(got) >= want)) fail(op, want);
      if (op === 'max' && !(num(got) <= want)) fail(op, want);
    }
  }
  return fails;
}

const cases = fs.readdirSync(MESSY)
  .filter((d) => fs.existsSync(path.join(MESSY, d, 'expect.json')))
  .map((d) => ({ name: d, dir: path.join(MESSY, d), expect: JSON.parse(fs.readFileSync(path.join(MESSY, d, 'expect.json'), 'utf8')) }))
  .filter((c) => c.expect.page);

test('the page subset of the messy corpus is not empty', () => {
  assert.ok(cases.length >= 8, `${cases.length} page cases`);
});

for (const c of cases) {
  test(`messy case in the page: ${c.name}`, async () => {
    const { page, context, errors } = await openPage();
    const file = (n) => path.join(c.dir, n);
    const labels = fs.existsSync(file('labels.csv')) ? file('labels.csv') : null;
    if (labels) await page.setInputFiles('#labels-file', labels);
    await page.setInputFiles('#reference-file', file('reference.csv'));
    await page.setInputFiles('#production-file', file('production.csv'));
    await page.waitForSelector('#analyze', { timeout: 60000 });
    // The roles table says why every role was chosen.
    const reasons = await page.$$eval('.roles-table tbody tr td.why', (tds) => tds.map((t) => t.textContent.trim()));
    assert.ok(reasons.length > 0 && reasons.every((r) => r.length > 0), `${c.name}: a role without a reason: ${JSON.stringify(reasons)}`);
    if (labels) {
      const summary = await page.textContent('#labels-summary');
      assert.match(summary, /labelled/, `${c.name}: labels summary`);
    }
    await page.click('#analyze');
    if (c.expect.exit === 2) {
      const msg = await page.waitForSelector('.error-message', { timeout: 60000 }).then((e) => e.textContent());
      for (const s of c.expect.stderr ?? []) assert.ok(msg.includes(s), `${c.name}: page message lacks "${s}": ${msg}`);
      assert.deepEqual(errors, [], `${c.name}: page errors`);
      await context.close();
      return;
    }
    await waitForReport(page);
    await page.screenshot({ path: path.join(ART, `messy-${c.name}.png`), fullPage: false });
    const report = JSON.parse(fs.readFileSync(await download(page, '#download-json'), 'utf8'));
    const card = fs.readFileSync(await download(page, '#download-card'), 'utf8');
    // The page computes what the CLI computes on the same files.
    const extra = labels ? ['--labels', labels] : [];
    const cli = cliReport(file('reference.csv'), file('production.csv'), extra);
    for (const r of [report, cli]) delete r.generated_at;
    close(report, cli, `${c.name}: page vs CLI`);
    const fails = check(report, c.expect.json ?? []);
    for (const s of c.expect.card ?? []) if (!card.includes(s)) fails.push(`card lacks ${JSON.stringify(s)}`);
    for (const s of c.expect.card_absent ?? []) if (card.includes(s)) fails.push(`card has ${JSON.stringify(s)}`);
    assert.deepEqual(fails, [], `${c.name}:\n${fails.join('\n')}`);
    // What was left out or coerced is said in the page too.
    if ((report.drift.excluded ?? []).length > 0) {
      const n = await page.$$eval('#excluded li', (li) => li.length);
      assert.equal(n, report.drift.excluded.length, `${c.name}: columns not tested listed in the page`);
    }
    const invalid = report.drift.columns.filter((d) => d.invalid_share_ref > 0 || d.invalid_share_prod > 0);
    for (const d of invalid) {
      const cell = await page.textContent(`.drift-table tr[data-column="${d.column}"] td.missing`);
      assert.match(cell, /invalid/, `${c.name}: invalid share of ${d.column} in its drift row`);
    }
    assert.deepEqual(errors, [], `${c.name}: page errors`);
    assert.deepEqual(offsite, [], 'no request left the page');
    await context.close();
  });
}
