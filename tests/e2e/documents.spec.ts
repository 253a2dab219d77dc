// Documents customers receive (issue 18): a returns label from an email link, an invoice from the
// order page, on the headless shell (which saves a PDF) and on full Chromium (which shows it in its
// viewer); the knobs that break them; and a shop unlike Acme (rendered by script, a blob export,
// a receipt opened in a new tab, a button inside a shadow root).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { resolveBrowser } from '../../src/runner/browser.ts';
import { runAudit, type AuditResult } from '../../src/pipeline.ts';
import { textPdf } from '../../fixtures/acme/pdf.ts';
import { auditAcme, key, pointsOf, recordsOf, serveHttp, tempDir } from './helpers.ts';

/** Full Chromium, not the shell: found as the tool finds a browser for headed runs. */
const fullChromium = (): string => {
  const found = resolveBrowser({ headless: false, env: { ...process.env, MYSTERY_SHOPPER_CHROMIUM: '' } }).executablePath;
  if (!found) throw new Error('No full Chromium here: `npm run setup` installs Debian\'s chromium.');
  return found;
};
const FULL_CHROMIUM_CONFIG = 'tests/e2e/fixtures/full-chromium.config.ts';
const RETURN_ONLY = { grep: '^return-item\\b' };
const majorOrWorse = (r: AuditResult) => pointsOf(r).filter((p) => p.severity === 'critical' || p.severity === 'major');
const step = (r: AuditResult, name: string) => recordsOf(r)[0].steps.find((s) => s.name === name);

for (const browser of ['headless shell', 'full Chromium'] as const) {
  test(`no knob, ${browser}: the return journey keeps the invoice and opens the label, and both name the order`, async () => {
    const result = await auditAcme('', { ...RETURN_ONLY, ...(browser === 'full Chromium' ? { configFile: FULL_CHROMIUM_CONFIG } : {}) });
    expect(result.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
    expect(majorOrWorse(result).map(key)).toEqual([]);
    const [run] = recordsOf(result);
    const orderNumber = /order (A\d+)/i.exec(JSON.stringify(run.channels?.email?.received.map((e) => e.subject)))?.[1];
    expect(orderNumber).toMatch(/^A\d+$/);

    const invoice = step(result, 'Keep the invoice');
    expect(invoice?.downloads).toHaveLength(1);
    expect(invoice?.downloads?.[0]).toMatchObject({ name: `invoice-${orderNumber}.pdf`, type: 'application/pdf', shown: 'download' });
    expect(invoice?.checks?.every((c) => c.passed)).toBe(true);

    const label = step(result, 'Open the return label');
    expect(label?.status).toBe('passed');
    // The one place the two browsers differ: the shell saves the PDF, full Chromium shows it (once).
    expect(label?.downloads).toHaveLength(1);
    expect(label?.downloads?.[0]).toMatchObject({ type: 'application/pdf', shown: browser === 'full Chromium' ? 'viewer' : 'download' });
    expect(label?.downloads?.[0].name).toMatch(/^return-label-RMA-\d+\.pdf$/);
    expect(label?.checks).toEqual([expect.objectContaining({ on: 'download', passed: true })]);
    // The copies are in the report folder, real PDFs naming the order.
    for (const doc of [invoice!.downloads![0], label!.downloads![0]]) {
      expect(doc.file).toMatch(/^downloads\//);
      const bytes = readFileSync(join(result.dir, doc.file!));
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.length).toBe(doc.bytes);
    }
    // The scorecard links them.
    const html = readFileSync(join(result.dir, 'index.html'), 'utf8');
    expect(html).toContain(`href="${label!.downloads![0].file}"`);
  });
}

test('knob label-404: the broken link in the return email is the one finding, not a dead end besides', async () => {
  const result = await auditAcme('label-404', RETURN_ONLY);
  expect(majorOrWorse(result).map((p) => `${key(p)} (${p.severity})`)).toEqual(['broken-email-link @ return-item › Open the return label (critical)']);
  const point = result.scorecard.frictionPoints.find((p) => p.ruleId === 'broken-email-link');
  expect(point?.evidence.excerpt?.join(' ')).toContain('Download your return label');
});

test('knobs invoice-empty and label-wrong-order: an empty invoice is a broken download, a label for another order is the journey\'s check finding', async () => {
  // Both of the demo's personas: each run's label names its own order, and it is still one cause.
  const result = await auditAcme('invoice-empty,label-wrong-order', { ...RETURN_ONLY, configFile: 'mystery-shopper.config.ts' });
  expect(result.scorecard.summary.runs).toMatchObject({ total: 2, completed: 2 });
  const serious = result.scorecard.frictionPoints.filter((p) => p.severity === 'critical' || p.severity === 'major');
  expect(serious.map((p) => `${p.ruleId} (${p.runsHit} of ${p.runsTotal} runs)`).sort()).toEqual(['broken-download (2 of 2 runs)', 'wrong-document (2 of 2 runs)']);
  expect(majorOrWorse(result).map(key).sort()).toEqual(['broken-download @ return-item › Keep the invoice', 'wrong-document @ return-item › Open the return label']);
  const wrong = result.scorecard.frictionPoints.find((p) => p.ruleId === 'wrong-document');
  expect(wrong?.message).toBe('The returns label does not name the order being returned.');
  // The label itself is the evidence, linked from the card, with what it says instead.
  expect(wrong?.evidence.documents?.[0].path).toMatch(/^downloads\/.*return-label-RMA-\d+\.pdf$/);
  expect(wrong?.evidence.excerpt?.join(' ')).toMatch(/Text: .*order A\d+/);
  const empty = result.scorecard.frictionPoints.find((p) => p.ruleId === 'broken-download');
  expect(empty?.message).toMatch(/invoice-A\d+\.pdf .*the file is empty \(0 bytes\)/);
});

// A shop unlike Acme: the page is written by a script, the receipt opens in a new tab, the
// export is made in the page (a blob), a print button opens the print dialog (which neither
// headless browser shows: the journey goes on), and the statement link sits in a shadow root.
const SPA = `<!doctype html><html lang="en"><head><title>Beans & Co</title></head><body><div id="app">Loading…</div>
<script>
setTimeout(() => {
  document.getElementById('app').innerHTML = '<h1>Your order B-77</h1><p>Thanks! Order number B-77.</p>'
    + '<a href="/receipt/B-77" target="_blank">Open your receipt</a> '
    + '<button id="export">Export my orders</button><order-tools></order-tools>'
    + '<button onclick="window.print(); this.textContent = \\'Printed\\'">Print this page</button>';
  document.getElementById('export').onclick = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob(['order,total\\nB-77,12.50\\n'], { type: 'text/csv' }));
    a.download = 'orders.csv';
    document.body.append(a);
    a.click();
  };
  customElements.define('order-tools', class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = '<a href="/statement.pdf" download>Download statement</a>';
    }
  });
}, 300);
</script></body></html>`;

const CARD = '4000 0000 0000 0002';

async function beansAndCo() {
  return serveHttp((req, res) => {
    if (req.url === '/receipt/B-77') {
      // The receipt repeats the card number, which the persona marks secret: it is never copied.
      const pdf = textPdf('Receipt', ['Order B-77', 'Total 12.50', `Paid with card ${CARD}`]);
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'content-disposition': 'inline; filename="receipt-B-77.pdf"' });
      return res.end(pdf);
    }
    if (req.url === '/statement.pdf') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('gone');
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(SPA);
  });
}

for (const browser of ['headless shell', 'full Chromium'] as const) {
  test(`a shop unlike Acme, ${browser}: a blob export, a receipt in a new tab and a broken download in a shadow root`, async () => {
    const shop = await beansAndCo();
    const dir = tempDir('ms-documents-');
    writeFileSync(
      join(dir, 'mystery-shopper.config.json'),
      JSON.stringify({ journeys: ['.'], screenshots: 'off', patienceMs: 5000, personas: { pat: { name: 'Pat', card: { value: CARD, secret: true } } }, ...(browser === 'full Chromium' ? { browser: { executablePath: fullChromium() } } : {}) }),
    );
    writeFileSync(
      join(dir, 'beans.journey.yaml'),
      `id: beans
name: Keep the paperwork of an order
start: /
steps:
  - name: See the order
    do:
      - expect: { role: heading, name: /Your order/ }
      - remember: { as: order.number, text: "/Order number ([A-Z]-\\\\d+)/" }
  - name: Export my orders
    do:
      - click: { role: button, name: Export my orders }
      - check: { download: { name: orders.csv, type: csv, text: "{{order.number}},12.50" } }
  - name: Open the receipt
    do:
      - click: { role: link, name: Open your receipt }
      - check: { download: { type: pdf, text: "Order {{order.number}}" } }
  - name: Print the page
    do:
      - click: { role: button, name: Print this page }
      - expect: { role: button, name: Printed }
  - name: Download the statement
    do:
      - click: { role: link, name: Download statement }
      - check: { download: { name: statement, type: pdf } }
`,
    );
    try {
      const result = await runAudit({ cwd: dir, baseURL: `${shop.url}/`, out: join(dir, 'reports') });
      const [run] = recordsOf(result);
      expect(run.status).toBe('completed');
      const byName = Object.fromEntries(run.steps.map((s) => [s.name, s]));
      expect(byName['Export my orders'].downloads?.[0]).toMatchObject({ name: 'orders.csv', shown: 'download', bytes: 23 });
      expect(byName['Export my orders'].checks?.[0].passed).toBe(true);
      // A new tab: the shell saves the receipt from it, full Chromium shows it there.
      expect(byName['Open the receipt'].downloads).toHaveLength(1);
      expect(byName['Open the receipt'].downloads?.[0]).toMatchObject({ name: 'receipt-B-77.pdf', type: 'application/pdf', shown: browser === 'full Chromium' ? 'viewer' : 'download' });
      expect(byName['Open the receipt'].checks?.[0].passed).toBe(true);
      expect(byName['Open the receipt'].downloads?.[0]).toMatchObject({ notKept: 'it holds a secret' });
      expect(byName['Open the receipt'].downloads?.[0].file).toBeUndefined();
      expect(readdirSync(join(result.dir, 'downloads'))).toEqual([expect.stringMatching(/orders\.csv$/)]);
      // The statement link (inside a shadow root) answers 404: the browser gives up on the download.
      const statement = byName['Download the statement'];
      expect(statement.downloads?.[0]).toMatchObject({ name: 'statement.pdf', failure: 'The download did not complete (the browser says: canceled).' });
      expect(statement.checks?.[0]).toMatchObject({ passed: false, reportedBy: 'broken-download' });
      const majors = pointsOf(result).filter((p) => p.severity === 'critical' || p.severity === 'major');
      expect(majors.map(key)).toEqual(['broken-download @ beans › Download the statement']);
      for (const doc of run.steps.flatMap((s) => s.downloads ?? [])) if (doc.file) expect(existsSync(join(result.dir, doc.file))).toBe(true);
    } finally {
      await shop.close();
    }
  });
}
