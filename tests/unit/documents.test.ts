// Documents a journey receives (downloads, PDFs) and the values it remembers: planning, checking, judging.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Config } from '../../src/config/schema.ts';
import { InputErrors } from '../../src/errors.ts';
import { loadJourneys } from '../../src/journeys/load.ts';
import { withRemembered } from '../../src/journeys/remembered.ts';
import { plan } from '../../src/runner/plan.ts';
import { documentText } from '../../src/observers/document-text.ts';
import { judgeDocument } from '../../src/channels/web/document-target.ts';
import type { ReceivedDocument } from '../../src/observers/downloads.ts';
import { analyse } from '../../src/friction/analyse.ts';
import type { DownloadRecord } from '../../src/model/run-record.ts';
import { textPdf } from '../../fixtures/acme/pdf.ts';
import { makeRun, makeSteps } from './fixtures/records.ts';

const config = Config.parse({ personas: { alex: { email: 'alex@example.com' } } });
const env = { values: {}, secretNames: new Set<string>() };

async function planned(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ms-documents-'));
  writeFileSync(join(dir, 'r.journey.yaml'), yaml);
  return plan(await loadJourneys([dir], dir), config, env);
}

async function planError(yaml: string): Promise<string> {
  try {
    await planned(yaml);
  } catch (err) {
    if (err instanceof InputErrors) return err.errors.map((e) => e.message).join('\n');
    throw err;
  }
  throw new Error('expected the plan to fail');
}

const RETURN = `id: r
name: Return
steps:
  - name: Place the order
    do:
      - click: { role: button, name: Place order }
      - remember: { as: order.number, text: "/Order number (A\\\\d+)/" }
  - name: Open the label
    do:
      - click: { role: link, name: Label }
      - check: { download: { name: /label/, type: pdf, text: "Label for {{order.number}}, {{persona.email}}" }, finding: check-failed }
`;

test('remember: later actions use the value the run learns; it is put in as the run goes', async () => {
  const [run] = await planned(RETURN);
  const args = run.steps[1].actions[1].args as { download: { text: string } };
  // Planned before any page is open: the persona's value is in, the order number waits for the run.
  expect(args.download.text).toContain('alex@example.com');
  expect(args.download.text).not.toContain('{{');
  expect(withRemembered(args, new Map([['order.number', 'A1007']])).download.text).toBe('Label for A1007, alex@example.com');
  expect(() => withRemembered(args, new Map())).toThrow('{{order.number}} has no value: the step that remembers it did not run');
  // The label is written from the journey as it is, never from values.
  expect(run.steps[1].actions[1].label).toContain('text "Label for {{order.number}}, {{persona.email}}"');
  expect(run.steps[0].actions[1].label).toBe('remember order.number from text "/Order number (A\\d+)/"');
});

test('remember: a value used before the step that remembers it, or a name the journey already uses, is an input error', async () => {
  const early = RETURN.replace('text: "Label for {{order.number}}, {{persona.email}}"', 'text: x').replace(
    '      - click: { role: button, name: Place order }\n',
    '      - fill: { label: Order, value: "{{order.number}}" }\n',
  );
  expect(await planError(early)).toMatch(/r\.journey\.yaml:\d+:.*unknown template value \{\{order\.number\}\}/);
  expect(await planError(RETURN.replace('as: order.number', 'as: persona.number'))).toContain('cannot remember a value as "persona.number": {{persona}} is already one of the journey\'s values');
  const bad = await planError(RETURN.replace('as: order.number', 'as: "order number"'));
  expect(bad).toContain('expected a name such as order.number');
});

test('document text: a PDF\'s text (unpdf), a text file as it is, nothing from what is neither', async () => {
  const pdf = textPdf('Return label', ['Return RMA-3 for order A1003', 'To: Acme Returns (Unit 4)']);
  expect(await documentText(pdf, 'application/pdf')).toBe('Return label Return RMA-3 for order A1003 To: Acme Returns (Unit 4)');
  // Known by its first bytes when the type is not said.
  expect(await documentText(pdf, undefined)).toContain('A1003');
  expect(await documentText(Buffer.from('order,total\nA1003,$12.50\n'), 'text/csv')).toBe('order,total A1003,$12.50');
  expect(await documentText(Buffer.from('%PDF-1.4 broken'), 'application/pdf')).toBeUndefined();
  expect(await documentText(Buffer.from([1, 2, 3]), 'application/zip')).toBeUndefined();
  expect(await documentText(Buffer.alloc(0), 'application/pdf')).toBeUndefined();
});

const received = (record: Partial<DownloadRecord>, bytes?: Buffer): ReceivedDocument => ({
  record: { url: 'http://shop.test/returns/r/RMA-1/label?key=k', name: 'return-label-RMA-1.pdf', shown: 'download', ...record },
  bytes: () => bytes,
  text: () => (bytes ? documentText(bytes, record.type) : Promise.resolve(undefined)),
});
const holding = (doc: ReceivedDocument | undefined) => ({ latestDocument: async () => doc });

test('a download check: name, type, text and size; a document that never came is broken-download\'s to report', async () => {
  const label = textPdf('Return label', ['Return RMA-1 for order A1001']);
  const doc = received({ type: 'application/pdf', bytes: label.length, file: 'downloads/x-1-return-label-RMA-1.pdf' }, label);
  expect(await judgeDocument(holding(doc), { name: '/label/', type: 'pdf', text: 'A1001' }, 100)).toMatchObject({ passed: true, document: { name: 'return-label-RMA-1.pdf', file: 'downloads/x-1-return-label-RMA-1.pdf' } });
  const wrong = await judgeDocument(holding(doc), { type: 'csv', text: 'A1002', minBytes: 10_000 }, 100);
  expect(wrong.passed).toBe(false);
  expect(wrong.failure).toBe('The document return-label-RMA-1.pdf is not what the customer needed: it is not csv; it holds fewer than 10000 bytes; it does not say "A1002".');
  expect(wrong.instead).toEqual([
    `return-label-RMA-1.pdf (application/pdf, ${label.length} bytes): it is not csv; it holds fewer than 10000 bytes; it does not say "A1002"`,
    'Text: Return label Return RMA-1 for order A1001',
  ]);
  expect(wrong.reportedBy).toBeUndefined();
  const empty = await judgeDocument(holding(received({ type: 'application/pdf', bytes: 0, failure: 'The file is empty (0 bytes).' })), { type: 'pdf' }, 100);
  expect(empty).toMatchObject({ passed: false, reportedBy: 'broken-download' });
  const none = await judgeDocument(holding(undefined), { type: 'pdf' }, 100);
  expect(none.failure).toBe('Expected a document (download type pdf); none arrived within 100 ms.');
});

const failedDownload = (failure: string, extra: Partial<DownloadRecord> = {}): DownloadRecord => ({
  url: 'http://shop.test/orders/A1001/invoice.pdf?key=secret-key',
  name: 'invoice-A1001.pdf',
  type: 'application/pdf',
  shown: 'download',
  ms: 120,
  failure,
  ...extra,
});

test('broken-download: an empty or failed document is major, critical when the journey could not go on; one finding per cause', () => {
  const empty = makeRun({ steps: makeSteps(2, (i) => (i === 1 ? { name: 'Keep the invoice', downloads: [failedDownload('The file is empty (0 bytes).', { bytes: 0 })] } : {})) });
  const [f, ...more] = analyse([empty]).filter((x) => x.severity !== 'info');
  expect(more).toEqual([]);
  expect(f).toMatchObject({ ruleId: 'broken-download', severity: 'major', stepName: 'Keep the invoice' });
  expect(f.message).toBe('The customer asked for invoice-A1001.pdf at “Keep the invoice” and did not get it: the file is empty (0 bytes).');
  // The key in the address is not evidence.
  expect(f.evidence.url).toBe('http://shop.test/orders/A1001/invoice.pdf');

  // A download answering 404 stopped the step: one critical broken-download, no dead end, no http-error besides.
  const stopped = makeRun({
    status: 'failed',
    stoppedAt: { stepIndex: 1, stepName: 'Keep the invoice', reason: 'The page answered with an error (HTTP 404).' },
    steps: makeSteps(2, (i) =>
      i === 1
        ? {
            name: 'Keep the invoice',
            status: 'failed',
            error: { kind: 'navigation', message: 'The page answered with an error (HTTP 404).', reportedBy: 'broken-download' },
            downloads: [failedDownload('The address answered HTTP 404.', { status: 404 })],
          }
        : {},
    ),
    observations: { failedRequests: [{ url: 'http://shop.test/orders/A1001/invoice.pdf?key=secret-key', method: 'GET', status: 404, resourceType: 'document', isNavigation: true, stepIndex: 1, atMs: 1000 }] },
  });
  const findings = analyse([stopped]).filter((x) => x.severity !== 'info');
  expect(findings.map((x) => [x.ruleId, x.severity])).toEqual([['broken-download', 'critical']]);
  expect(findings[0].message).toContain('They could not go on without it.');
});

test('a download check that could not look (no document came) makes no finding of its own', () => {
  const run = makeRun({
    steps: makeSteps(1, () => ({
      name: 'Keep the invoice',
      downloads: [failedDownload('The file is empty (0 bytes).', { bytes: 0 })],
      checks: [
        { label: 'check download type pdf', finding: 'check-failed', on: 'download', passed: false, reportedBy: 'broken-download', instead: ['invoice-A1001.pdf'] },
        { label: 'check download text "A1001"', finding: 'check-failed', on: 'download', passed: false, instead: ['invoice-A1001.pdf'], document: { name: 'invoice-A1001.pdf', file: 'downloads/i.pdf' } },
      ],
    })),
  });
  const findings = analyse([run]);
  expect(findings.map((x) => x.ruleId).sort()).toEqual(['broken-download', 'check-failed']);
  const check = findings.find((x) => x.ruleId === 'check-failed');
  expect(check?.message).toBe('At “Keep the invoice”, the customer did not find what they looked for in the document they received.');
  expect(check?.evidence.documents).toEqual([{ name: 'invoice-A1001.pdf', path: 'downloads/i.pdf' }]);
});
