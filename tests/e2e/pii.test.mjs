// PII in the page: a column of e-mail addresses is flagged in the roles table; the page shows the
// addresses, but the card, the JSON and the HTML downloaded from it do not contain one (masked by
// default); the salted hash and the labelled raw choice change the exports as the CLI's
// `--pii hash --pii-salt` and `--pii raw` do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harness, openPage, uploadAndParse, waitForReport, download, cliReport, close, offsite } from './harness.mjs';

harness();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftcard-pii-'));
const people = ['anna.schmidt@example.org', 'bob.jones@mail.example.com', 'chen.wei@example.net', 'dana.k@example.org', 'eve.m@corp.example.com'];

/** A pair with an e-mail column (new addresses in production), a feature and a label. */
function writePair() {
  const rows = (side) => {
    const out = ['email,amount,plan,target,prediction'];
    for (let i = 0; i < 400; i++) {
      const who = side === 0 ? people[i % 3] : people[i % 5];
      const amount = (((i * 37) % 100) / 10 + side * 3).toFixed(2);
      const plan = ['basic', 'pro', 'team'][i % 3];
      const y = i % 4 === 0 ? 1 : 0;
      const p = side === 0 ? y : (i % 3 === 0 ? 1 : 0);
      out.push(`${who},${amount},${plan},${y},${p}`);
    }
    return out.join('\n') + '\n';
  };
  const ref = path.join(dir, 'reference.csv');
  const prod = path.join(dir, 'production.csv');
  fs.writeFileSync(ref, rows(0));
  fs.writeFileSync(prod, rows(1));
  return [ref, prod];
}

test('pii: an e-mail column is flagged, shown in the page, and masked in every export by default', async () => {
  const [ref, prod] = writePair();
  const { page, context, errors } = await openPage();
  await uploadAndParse(page, ref, prod);
  await page.waitForSelector('.pii-badge[data-pii="email"]');
  await page.click('#analyze');
  await waitForReport(page);
  // The page itself shows the addresses.
  assert.ok((await page.textContent('body')).includes('bob.jones@mail.example.com'), 'the page shows the values');

  const exports = {
    card: fs.readFileSync(await download(page, '#download-card'), 'utf8'),
    json: fs.readFileSync(await download(page, '#download-json'), 'utf8'),
    html: fs.readFileSync(await download(page, '#download-html'), 'utf8'),
  };
  for (const [what, text] of Object.entries(exports)) {
    for (const p of people) {
      for (const part of [p, p.split('@')[0]]) assert.ok(!text.includes(part), `${what} contains ${part}`);
    }
  }
  assert.ok(exports.json.includes('"pii": "email"'));
  assert.match(exports.html, /[a-z]\*\*\*@[a-z]\*\*\*\.(org|com|net)/);
  // The page's masked JSON is the CLI's.
  const pageJson = JSON.parse(exports.json);
  const cli = cliReport(ref, prod);
  for (const r of [pageJson, cli]) delete r.generated_at;
  close(pageJson, cli, 'masked JSON: page vs CLI');

  // Salted hash: the same salt gives the CLI's hashes.
  await page.selectOption('#export-pii', 'hash');
  await page.fill('#export-salt', 'team-salt-1');
  const hashed = JSON.parse(fs.readFileSync(await download(page, '#download-json'), 'utf8'));
  const cliHashed = cliReport(ref, prod, ['--pii', 'hash', '--pii-salt', 'team-salt-1']);
  for (const r of [hashed, cliHashed]) delete r.generated_at;
  close(hashed, cliHashed, 'hashed JSON: page vs CLI');
  assert.ok(JSON.stringify(hashed).includes('h:'));
  for (const p of people) assert.ok(!JSON.stringify(hashed).includes(p), `hashed JSON contains ${p}`);

  // Raw values only when chosen, and then they are there.
  await page.selectOption('#export-pii', 'raw');
  const raw = fs.readFileSync(await download(page, '#download-card'), 'utf8') + fs.readFileSync(await download(page, '#download-json'), 'utf8');
  assert.ok(raw.includes('eve.m@corp'), 'raw export has the values');
  assert.deepEqual(errors, []);
  await context.close();
});

test('pii: no off-site request', () => {
  assert.deepEqual(offsite, []);
  fs.rmSync(dir, { recursive: true, force: true });
});
