// The HTML report: the page's "Download HTML report" writes the same bytes as the CLI's `--html`
// for the same analysis (the demo and every golden pair, with the CLI told the page's generation
// time); the file opens from disk in Chromium with no request and no console error, in light and
// dark, and looks like the page (screenshots in tests/e2e/artifacts/html-report-*.png); the
// switch "include example rows (…) in exports" puts the row inspector's rows in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { harness, openPage, analyzeFiles, waitForReport, download, browser, offsite, ROOT, ORIGIN, ART, DEMO, GOLDEN, goldenConfig } from './harness.mjs';

harness();

const BIN = path.join(ROOT, 'target/debug/driftcard');

/** The CLI's HTML report for the same files, settings and generation time. */
function cliHtml(ref, prod, generatedAt, extra = []) {
  const out = path.join(os.tmpdir(), `driftcard-html-${process.pid}-${Math.random().toString(36).slice(2)}.html`);
  try {
    execFileSync(BIN, ['report', '--reference', ref, '--production', prod, '--html', out, '--generated-at', generatedAt, ...extra]);
  } catch (e) {
    if (e.status !== 1) throw e;
  }
  const html = fs.readFileSync(out, 'utf8');
  fs.rmSync(out, { force: true });
  return html;
}

/** The generation time the page wrote into its report. */
function generatedAt(html) {
  const m = html.match(/generated (\S+) by driftcard/);
  assert.ok(m, 'generation time in the HTML header');
  return m[1];
}

/** Equal bytes, or the first difference in context. */
function assertSameBytes(page, cli, what) {
  if (page === cli) return;
  let i = 0;
  while (i < page.length && page[i] === cli[i]) i++;
  assert.fail(`${what}: the page's HTML differs from the CLI's at byte ${i} (page ${page.length}, CLI ${cli.length} chars):\n page: ${JSON.stringify(page.slice(Math.max(0, i - 80), i + 80))}\n  cli: ${JSON.stringify(cli.slice(Math.max(0, i - 80), i + 80))}`);
}

/** Opens an HTML file from disk; returns its requests (other than the file) and console errors. */
async function openFromDisk(file, colorScheme, shot) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, javaScriptEnabled: false });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => { if (r.url() !== 'file://' + file) requests.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('file://' + file);
  const info = await page.evaluate(() => ({
    sections: [...document.querySelectorAll('section')].map((s) => s.id),
    svgs: document.querySelectorAll('svg').length,
    emptySvgs: [...document.querySelectorAll('svg')].filter((s) => s.getBoundingClientRect().height < 50).length,
    scrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  }));
  if (shot) await page.screenshot({ path: path.join(ART, shot), fullPage: false });
  await context.close();
  return { requests, errors, info };
}

test('html: demo — the page\'s HTML report equals the CLI\'s, opens offline in light and dark', async () => {
  const { page, context, errors } = await openPage();
  const ref = path.join(DEMO, 'reference.csv');
  const prod = path.join(DEMO, 'production.csv');
  await analyzeFiles(page, ref, prod);
  const file = await download(page, '#download-html');
  const html = fs.readFileSync(file, 'utf8');
  assert.ok(html.length < 300 * 1024, `demo HTML ${html.length} bytes`);
  assertSameBytes(html, cliHtml(ref, prod, generatedAt(html)), 'demo');
  // The switch puts the top rows in (and the CLI's --top-rows gives the same file).
  await page.check('#export-top-rows');
  const withRows = fs.readFileSync(await download(page, '#download-html'), 'utf8');
  assert.ok(withRows.includes('Most unusual production rows'));
  assert.ok(!html.includes('Most unusual production rows'));
  assertSameBytes(withRows, cliHtml(ref, prod, generatedAt(withRows), ['--top-rows']), 'demo with top rows');
  const json = JSON.parse(fs.readFileSync(await download(page, '#download-json'), 'utf8'));
  assert.ok(json.outliers.top.length > 0, 'JSON with the switch on has the top rows');
  // "Copy card" puts exactly the downloadable card on the clipboard.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  await page.click('#copy-card');
  await page.waitForSelector('#copy-card:has-text("Copied")');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const card = fs.readFileSync(await download(page, '#download-card'), 'utf8');
  assert.ok(card.startsWith('## Monitoring (live)'));
  assert.equal(copied, card);
  // A chart's SVG download is the very SVG of that chart in the HTML report; its PNG is 2×.
  const box = page.locator('#report-rest figure.chart-box').first();
  const svg = fs.readFileSync(await download(page, '#report-rest figure.chart-box >> nth=0 >> button:has-text("SVG")'), 'utf8')
    .replace(/^<\?xml[^>]*\?>\s*/, '').replace(' xmlns="http://www.w3.org/2000/svg"', '');
  assert.ok(svg.startsWith('<svg '), svg.slice(0, 60));
  assert.ok(withRows.includes(svg.trim()), 'the SVG download is in the HTML report');
  const png = fs.readFileSync(await download(page, '#report-rest figure.chart-box >> nth=0 >> button:has-text("PNG")'));
  const cssWidth = await box.locator('canvas').evaluate((c) => c.clientWidth);
  assert.equal(png.readUInt32BE(16), Math.round(Math.max(cssWidth, 280) * 2), 'PNG width is 2× the chart');
  assert.equal(png.readUInt32BE(20), 640, 'PNG height is 2 × 320');
  assert.deepEqual(errors, []);
  await context.close();

  const saved = path.join(ART, 'html-report-demo.html');
  fs.writeFileSync(saved, html);
  for (const scheme of ['light', 'dark']) {
    const r = await openFromDisk(saved, scheme, `html-report-${scheme}.png`);
    assert.deepEqual(r.requests, [], `${scheme}: requests`);
    assert.deepEqual(r.errors, [], `${scheme}: console errors`);
    for (const id of ['summary', 'checks', 'drift', 'quality', 'model-quality', 'over-time', 'bias', 'outliers', 'service', 'settings', 'methods']) {
      assert.ok(r.info.sections.includes(id), `${scheme}: section ${id}`);
    }
    assert.ok(r.info.svgs >= 30, `${r.info.svgs} charts`);
    assert.equal(r.info.scrollsSideways, false, 'no sideways scroll at 1280 px');
  }
});

test('html: the demo report prints to PDF with a page per section and no chart cut in two', async () => {
  const saved = path.join(ART, 'html-report-demo.html');
  assert.ok(fs.existsSync(saved), 'made by the demo test above');
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('file://' + saved);
  await page.emulateMedia({ media: 'print' });
  // Where each section and chart falls on A4 pages (297 mm at 96 px per inch, minus margins):
  // every section starts a page and no chart straddles a page break.
  const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(ART, 'html-report-demo.pdf') });
  assert.ok(pdf.subarray(0, 5).toString() === '%PDF-', 'a PDF');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  const sections = await page.$$eval('section.card', (s) => s.length);
  assert.ok(pages >= sections, `${pages} pages for ${sections} sections`);
  const styles = await page.$$eval('section.card, figure', (els) => els.map((e) => {
    const cs = getComputedStyle(e);
    return { tag: e.tagName, before: cs.breakBefore, inside: cs.breakInside };
  }));
  for (const st of styles.filter((x) => x.tag === 'FIGURE')) assert.equal(st.inside, 'avoid');
  assert.ok(styles.filter((x) => x.tag === 'SECTION').slice(1).every((x) => x.before === 'page'));
  console.log(`demo HTML report as PDF: ${pages} A4 pages, ${pdf.length} bytes`);
  await context.close();
});


const pairs = fs.existsSync(GOLDEN) ? fs.readdirSync(GOLDEN).filter((d) => d.startsWith('pair')).sort() : [];

for (const pair of pairs) {
  test(`html: golden ${pair} — the page's HTML report equals the CLI's`, async () => {
    const dir = path.join(GOLDEN, pair);
    const cfg = goldenConfig(JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')));
    const cfgPath = path.join(os.tmpdir(), `driftcard-html-${pair}-${process.pid}.json`);
    fs.writeFileSync(cfgPath, JSON.stringify(cfg));
    const { page, context, errors } = await openPage();
    await page.setInputFiles('#reference-file', path.join(dir, 'reference.csv'));
    await page.setInputFiles('#production-file', path.join(dir, 'production.csv'));
    await page.waitForSelector('#analyze', { timeout: 60000 });
    await page.setInputFiles('#import-settings', cfgPath);
    await waitForReport(page, 120000);
    const html = fs.readFileSync(await download(page, '#download-html'), 'utf8');
    assertSameBytes(html, cliHtml(path.join(dir, 'reference.csv'), path.join(dir, 'production.csv'), generatedAt(html), ['--config', cfgPath]), pair);
    assert.deepEqual(errors, []);
    await context.close();
    fs.rmSync(cfgPath, { force: true });
  });
}

test('html: no off-site request', () => {
  assert.deepEqual(offsite, []);
});
