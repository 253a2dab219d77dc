// The documents a journey received (issue 18) in the HTML scorecard: each step's documents with
// their type, size, how the browser gave them and how long they took; a failed one as a problem; a
// link to the kept copy only when it stays inside the report folder; the site's names escaped.
import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DownloadRecord } from '../../src/model/run-record.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { writeReports } from '../../src/report/index.ts';
import { formatBytes } from '../../src/report/format.ts';
import { HOSTILE, makeFinding, makeMeta, makeReportDir, makeRun, removeReportDirs } from './fixtures/scorecard-data.ts';

test.afterEach(removeReportDirs);

const LABEL_FILE = 'downloads/return-item_alex_1-1a2b3c4d-1-return-label-RMA-1.pdf';
const INVOICE_FILE = 'downloads/return-item_alex_1-1a2b3c4d-2-invoice-1001.pdf';
const HOSTILE_FILE = 'downloads/return-item_dana_1-5e6f7a8b-1-label.pdf';

const label: DownloadRecord = {
  url: 'https://shop.example/returns/RMA-1/label.pdf?token=s3cr3t',
  name: 'return-label-RMA-1.pdf',
  type: 'application/pdf',
  bytes: 12_650,
  status: 200,
  shown: 'download',
  ms: 420,
  file: LABEL_FILE,
};
const invoice: DownloadRecord = { url: 'https://shop.example/orders/1001/invoice', name: 'invoice-1001.pdf', type: 'application/pdf', bytes: 2_048, status: 200, shown: 'viewer', ms: 1_300, file: INVOICE_FILE };
const empty: DownloadRecord = { url: 'https://shop.example/returns/RMA-2/label.pdf', name: 'return-label-RMA-2.pdf', type: 'application/pdf', bytes: 0, status: 200, shown: 'download', ms: 90, failure: 'The file is empty (0 bytes).' };
const missing: DownloadRecord = {
  url: 'https://shop.example/returns/RMA-3/label.pdf?token=abc',
  name: 'return-label-RMA-3.pdf',
  status: 404,
  shown: 'download',
  ms: 150,
  failure: 'The address answered HTTP 404.',
};
const gone: DownloadRecord = { url: 'https://shop.example/receipt', name: 'receipt.pdf', status: 410, shown: 'download', ms: 2_000, failure: 'The download failed: canceled.' };
const tooLarge: DownloadRecord = {
  url: 'https://shop.example/catalogue.pdf',
  name: 'catalogue.pdf',
  type: 'application/pdf',
  bytes: 31_457_280,
  status: 200,
  shown: 'download',
  ms: 5_400,
  notKept: 'larger than downloads.maxBytes (10485760 bytes)',
};
const hostile: DownloadRecord = { url: `https://shop.example/${HOSTILE}`, name: `${HOSTILE}.pdf`, type: 'application/pdf', bytes: 700, shown: 'download', ms: 300, file: HOSTILE_FILE };
const escapesUp: DownloadRecord = { ...label, name: 'up.pdf', file: '../../etc/passwd' };
const absolute: DownloadRecord = { ...label, name: 'absolute.pdf', file: '/etc/passwd' };

const journey = { journeyId: 'return-item', journeyName: 'Return an item', stepNames: ['Open my order', 'Get the return label', 'See the invoice'] };

async function scorecardWithDocuments() {
  const runs = [
    makeRun({ ...journey, persona: 'alex', stepOverrides: [{}, { downloads: [label] }, { downloads: [invoice, tooLarge] }] }),
    makeRun({ ...journey, persona: 'dana', stepOverrides: [{}, { downloads: [empty, hostile] }, { downloads: [escapesUp, absolute] }] }),
    makeRun({
      ...journey,
      persona: 'sam',
      failAt: 1,
      stepOverrides: [{}, { downloads: [missing, gone], error: { kind: 'expectation', message: 'The return label did not arrive.', reportedBy: 'broken-download' } }],
    }),
  ];
  const findings = [
    makeFinding({
      run: runs[1],
      ruleId: 'missing-info',
      severity: 'major',
      title: 'The label does not say where to send the parcel',
      stepIndex: 1,
      message: 'The return label has no address.',
      evidence: {
        documents: [
          { name: 'return-label-RMA-1.pdf', path: LABEL_FILE },
          { name: `${HOSTILE}.pdf`, path: '../../etc/passwd' },
          { name: 'absolute.pdf', path: '/etc/passwd' },
        ],
      },
    }),
  ];
  const out = await makeReportDir();
  await mkdir(join(out, 'downloads'), { recursive: true });
  for (const f of [LABEL_FILE, INVOICE_FILE, HOSTILE_FILE]) await writeFile(join(out, f), '%PDF-1.4\n%%EOF\n');
  const sc = buildScorecard({ runs, findings, meta: makeMeta() });
  await writeReports(sc, out, ['html']);
  return { out, index: join(out, 'index.html') };
}

/** Where a link of the page leads on disk, relative to the report folder. */
const target = (out: string, index: string, href: string): string => relative(out, fileURLToPath(new URL(href, pathToFileURL(index))));

test('sizes read as bytes, kB and MB', () => {
  expect(formatBytes(0)).toBe('0 bytes');
  expect(formatBytes(1)).toBe('1 byte');
  expect(formatBytes(1023)).toBe('1023 bytes');
  expect(formatBytes(12_650)).toBe('12.4 kB');
  expect(formatBytes(31_457_280)).toBe('30 MB');
});

test('each step lists its documents: kept copies linked inside the folder, the viewer, failures as problems, what was not kept', async ({ page }) => {
  const { out, index } = await scorecardWithDocuments();
  await page.goto(pathToFileURL(index).href);
  const section = page.locator('.journey .documents');
  // Something did not arrive: the section is open and says so.
  await expect(section.locator('summary')).toHaveText('Documents received: 9 documents in 3 runs; 3 did not arrive');
  await expect(section).toHaveAttribute('open', '');
  await expect(section.locator('.doc-step')).toHaveText(['2. Get the return label (alex #1)', '3. See the invoice (alex #1)', '2. Get the return label (dana #1)', '3. See the invoice (dana #1)', '2. Get the return label (sam #1)']);

  const doc = (name: string) => section.locator('.doc').filter({ has: page.locator('.doc-name', { hasText: name }) }).first();
  // The label: linked to its copy, with what it is and how long it took.
  await expect(doc('return-label-RMA-1.pdf').locator('.doc-name a')).toHaveAttribute('href', LABEL_FILE);
  await expect(doc('return-label-RMA-1.pdf').locator('.doc-facts')).toHaveText('application/pdf · 12.4 kB · downloaded · arrived after 420 ms');
  await expect(doc('invoice-1001.pdf').locator('.doc-facts')).toHaveText('application/pdf · 2 kB · shown in the browser’s viewer · arrived after 1.3 s');
  await expect(doc('invoice-1001.pdf').locator('.doc-name a')).toHaveAttribute('href', INVOICE_FILE);
  // Too large to keep: named, sized, not linked, and why.
  await expect(doc('catalogue.pdf').locator('a')).toHaveCount(0);
  await expect(doc('catalogue.pdf').locator('.doc-facts')).toHaveText('application/pdf · 30 MB · downloaded · arrived after 5.4 s');
  await expect(doc('catalogue.pdf')).toContainText('Not kept: larger than downloads.maxBytes (10485760 bytes)');

  // Failures read as problems, with the HTTP status when the words do not already give it, and where from (no query).
  await expect(section.locator('.doc-failed .doc-name')).toHaveText(['return-label-RMA-2.pdf', 'return-label-RMA-3.pdf', 'receipt.pdf']);
  await expect(section.locator('.doc-failed .doc-failure')).toHaveText([
    'Did not arrive: The file is empty (0 bytes).',
    'Did not arrive: The address answered HTTP 404.',
    'Did not arrive: The download failed: canceled. (HTTP 410)',
  ]);
  await expect(doc('return-label-RMA-2.pdf').locator('.doc-facts')).toHaveText('application/pdf · 0 bytes · downloaded · failed after 90 ms');
  await expect(doc('return-label-RMA-3.pdf').locator('.url')).toHaveText('From: https://shop.example/returns/RMA-3/label.pdf');
  expect(await page.locator('.doc-failure').first().evaluate((e) => getComputedStyle(e).color)).toBe('rgb(198, 40, 40)');
  expect(await page.content()).not.toContain('token=');

  // The dead end shows the documents of the step it stopped at.
  const deadEnd = page.locator('.runs-failed .run');
  await deadEnd.locator('..').locator('xpath=ancestor::details').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await expect(deadEnd.locator('.doc-failure')).toHaveText(['Did not arrive: The address answered HTTP 404.', 'Did not arrive: The download failed: canceled. (HTTP 410)']);

  // Every document link stays in the report folder's downloads/ and leads to the kept copy.
  const hrefs = await page.locator('.doc a, .doc-link a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThanOrEqual(4);
  for (const href of hrefs) {
    expect(href).toMatch(/^downloads\//);
    const file = target(out, index, href);
    expect(file.startsWith('..') || file.startsWith(sep), href).toBe(false);
    expect(existsSync(join(out, file)), href).toBe(true);
  }
});

test('a copy whose path would leave the folder gets no link, and the site’s names are text', async ({ page }) => {
  const { out, index } = await scorecardWithDocuments();
  const html = await readFile(index, 'utf8');
  expect(html).not.toContain(HOSTILE);
  expect(html).not.toMatch(/href="[^"]*(\.\.\/|"\/)/);
  expect(html).not.toContain('href="/etc/passwd"');

  await page.goto(pathToFileURL(index).href);
  const section = page.locator('.journey .documents');
  const doc = (name: string) => section.locator('.doc').filter({ has: page.locator('.doc-name', { hasText: name }) }).first();
  for (const [name, path] of [['up.pdf', '../../etc/passwd'], ['absolute.pdf', '/etc/passwd']]) {
    await expect(doc(name).locator('a')).toHaveCount(0);
    await expect(doc(name).locator('.doc-name')).toHaveText(name);
    await expect(doc(name)).toContainText(`Copy not linked (outside the report folder): ${path}`);
  }
  // The hostile name shows as written, in the link to its (safe) copy; nothing of it runs or loads.
  const hostileLink = section.locator('.doc-name a', { hasText: 'alert(1)' });
  await expect(hostileLink).toHaveText(`${HOSTILE}.pdf`);
  expect(target(out, index, (await hostileLink.getAttribute('href'))!)).toBe(HOSTILE_FILE.split('/').join(sep));
  await expect(page.locator('script')).toHaveCount(0);
  await expect(page.locator('img[onerror]')).toHaveCount(0);
});

test('a friction card links the documents its evidence names, only inside the folder', async ({ page }) => {
  const { index } = await scorecardWithDocuments();
  await page.goto(pathToFileURL(index).href);
  const card = page.locator('.top-friction .friction').first();
  await expect(card.locator('.friction-title')).toHaveText('The label does not say where to send the parcel');
  await expect(card.locator('.doc-link')).toHaveText(['Document: return-label-RMA-1.pdf', `Document: ${HOSTILE}.pdf`, 'Document: absolute.pdf']);
  await expect(card.locator('.doc-link a')).toHaveCount(1);
  await expect(card.locator('.doc-link a')).toHaveAttribute('href', LABEL_FILE);
  // The refused paths are named in the technical fold, as a refused screenshot is.
  await card.locator('details.technical').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await expect(card.locator('.technical')).toContainText('Document not linked (outside the report folder): ../../etc/passwd, /etc/passwd');
});
