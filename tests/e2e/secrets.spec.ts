// No secret in any output (issue 12, parts 1, 2 and 6): a shop that echoes what the customer
// typed back at them — in the page, in an iframe, in an open shadow root, in a chat bubble, in an
// image's alt and title, in a read-only field, in the title, an alert, the console and a failed
// request's URL — audited with the real runner, browser and reporters. Nothing written may hold
// the secrets in any encoding, and screenshots must not depend on them. Playwright traces too
// (issue 17): they record what was typed, so they are redacted before they reach the report folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { RunRecord } from '../../src/model/run-record.ts';
import { runAudit, type AuditResult } from '../../src/pipeline.ts';
import { describeFindings, scanForSecrets } from '../support/secret-scan.ts';
import { cli } from './cli-process.ts';
import { tempDir } from './helpers.ts';

const CARD = '4111 1111 1111 1111';
const PW = 'Hunter2 pass!word';
// Same lengths, different characters: what the screenshots must not tell apart.
const CARD_2 = '5500 0000 0000 0004';
const PW_2 = 'Zebra77 fish#gate';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `<style>
  body { font: 16px/22px monospace; margin: 16px; background: #fff; color: #000; }
  .line { display: block; width: 720px; height: 22px; margin: 4px 0; overflow: hidden; white-space: nowrap; }
  iframe { display: block; width: 720px; height: 64px; border: 1px solid #999; margin: 4px 0; }
  .bubble { width: 420px; height: 22px; padding: 6px 10px; border-radius: 12px; background: #def; margin: 4px 0; overflow: hidden; white-space: nowrap; }
  img { display: block; width: 300px; height: 22px; }
  input { font: 16px monospace; width: 300px; }
</style>`;

/** A shop that echoes the card and the password everywhere a page can. */
async function startEchoShop(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const card = url.searchParams.get('card') ?? '';
    const pw = url.searchParams.get('pw') ?? '';
    const html = (body: string, title = 'Shop') => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${STYLE}</head><body>${body}</body></html>`);
    };
    if (url.pathname === '/') {
      return html(`<h1>Pay</h1>
        <form action="/echo" method="get">
          <label class="line">Card number <input name="card"></label>
          <label class="line">Password <input name="pw" type="password"></label>
          <button>Pay</button>
        </form>`);
    }
    if (url.pathname === '/echo') {
      // As a careless shop would: the query string as sent (form-encoded), the values as typed.
      return html(
        `<h1>Thanks</h1>
        <p class="line">Card: ${esc(card)}</p>
        <p class="line">You sent: ${esc(url.search)}</p>
        <div class="line" role="alert">Card ${esc(card)} was declined</div>
        <iframe src="/frame?${url.searchParams}"></iframe>
        <div class="line" id="host"></div>
        <div class="chat"><div class="bubble">${esc(pw)}</div><div class="bubble">Bot: you said ${esc(pw)}</div></div>
        <img alt="${esc(card)}" title="${esc(pw)}" src="/missing.png?card=${encodeURIComponent(card)}&amp;pw=${encodeURIComponent(pw)}">
        <input class="line" readonly value="${esc(card)}">
        <script>
          const root = document.getElementById('host').attachShadow({ mode: 'open' });
          root.innerHTML = '<span>Shadow: </span><b>' + ${JSON.stringify(esc(card))} + '</b>';
          console.error('payment failed for card ' + ${JSON.stringify(card)} + ' and ' + ${JSON.stringify(pw)});
        </script>`,
        `Thanks ${esc(card)}`,
      );
    }
    if (url.pathname === '/frame') {
      return html(`<p class="line" style="margin:0">Frame: ${esc(card)}</p><div id="h2" class="line" style="margin:0"></div>
        <script>document.getElementById('h2').attachShadow({ mode: 'open' }).textContent = ${JSON.stringify(pw)};</script>`);
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const JOURNEY = `id: pay
name: Pay by card
start: /
steps:
  - name: Enter the card
    do:
      - fill: { label: Card number, value: "{{persona.card}}" }
      - fill: { label: Password, value: "{{persona.pw}}" }
  - name: Pay
    do:
      - click: { role: button, name: Pay }
      - expect: { role: heading, name: Thanks }
  - name: Find the receipt
    check: { url: "/receipt/" }
  - name: See the order number
    expect: { text: "Order number" }
`;

const persona = (card: string, pw: string) => ({ card: { value: card, secret: true }, pw: { value: pw, secret: true } });

/** A project auditing the echo shop: config (plus `config`) and the pay journey (plus `journeys`, by file name) in a temp folder. */
function echoShopProject(personas: Record<string, unknown>, extra: { config?: Record<string, unknown>; journeys?: Record<string, string> } = {}): string {
  const cwd = tempDir('ms-secrets-');
  mkdirSync(join(cwd, 'journeys'));
  writeFileSync(join(cwd, 'journeys', 'pay.journey.yaml'), JOURNEY);
  for (const [file, text] of Object.entries(extra.journeys ?? {})) writeFileSync(join(cwd, 'journeys', file), text);
  writeFileSync(
    join(cwd, 'mystery-shopper.config.json'),
    JSON.stringify({ journeys: ['journeys'], personas, concurrency: 1, screenshots: 'each', patienceMs: 3000, errorPatienceMs: 1000, ...extra.config }),
  );
  return cwd;
}

/** Audits the echo shop with the given personas, from a config and journey written to a temp folder. */
async function auditEchoShop(
  personas: Record<string, unknown>,
  extra: Parameters<typeof echoShopProject>[1] = {},
): Promise<{ result: AuditResult; records: RunRecord[] }> {
  const shop = await startEchoShop();
  const cwd = echoShopProject(personas, extra);
  try {
    const result = await runAudit({ cwd, baseURL: shop.url, out: join(cwd, 'out') });
    const records = readFileSync(join(result.dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => RunRecord.parse(JSON.parse(l)));
    return { result, records };
  } finally {
    await shop.close();
  }
}

test('the scanner finds every form a secret takes (so that finding nothing means something)', () => {
  const dir = tempDir('ms-scan-');
  writeFileSync(join(dir, 'a.jsonl'), '{"url":"http://x/echo?card=4111+1111+1111+1111&pw=Hunter2+pass%21word"}\n');
  writeFileSync(join(dir, 'b.html'), '<p>Hunter2 pass&#33;word</p><a href="/x?pw=Hunter2%20pass%21word">x</a>');
  writeFileSync(join(dir, 'c.json'), '{"u":"/cb?state=%7B%22pw%22%3A%22Hunter2%20pass%21word%22%7D","mixed":"Hunter2+pass%21word%2b"}');
  writeFileSync(join(dir, 'd.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0]), Buffer.from(CARD)]));
  writeFileSync(join(dir, 'clean.md'), 'card=[secret] pw=[secret] 4111 1111 1111 111');
  // Inside a zip archive (a trace), each entry is scanned as a file; an archive that cannot be opened cannot be vouched for.
  writeFileSync(
    join(dir, 'e.zip'),
    zipSync({
      'trace.trace': strToU8('{"params":{"value":"4111+1111+1111+1111"}}\n'),
      // What the harness's own page scripts look for, lower-cased: a trace records their arguments.
      'resources/eval.js': strToU8('mark(["hunter2%20pass!word"])'),
      'clean.txt': strToU8('[secret]'),
    }),
  );
  writeFileSync(join(dir, 'f.zip'), 'not a zip');
  const found = scanForSecrets(dir, [CARD, PW]);
  // An encoding's name may be several joined by " = " when two give the same text.
  const where = new Set(found.flatMap((f) => f.encoding.split(' = ').map((e) => `${f.file} ${e}`)));
  expect(where).toContain('a.jsonl form-urlencoded');
  expect(where).toContain('b.html HTML entities (decimal, every symbol)');
  expect(where).toContain('b.html encodeURIComponent (RFC 3986)');
  expect(where).toContain('c.json encodeURIComponent (RFC 3986)');
  // Mixed hex case (%21 then %2b) and a JSON string inside a URL are found in decoded text.
  expect(where).toContain('c.json decoded (uri)');
  expect(where).toContain('d.jpg raw (bytes)');
  expect(where).toContain('e.zip!trace.trace form-urlencoded');
  expect(where).toContain('e.zip!resources/eval.js encodeURIComponent (any case)');
  expect(where).toContain('f.zip unreadable archive');
  expect(found.filter((f) => f.file === 'clean.md' || f.file === 'e.zip!clean.txt')).toEqual([]);
});

test('a shop echoing the card and password everywhere: no encoding of either in any file the audit writes', async () => {
  const { result, records } = await auditEchoShop({ alex: persona(CARD, PW) });
  const findings = scanForSecrets(result.dir, [CARD, PW]);
  expect(findings, describeFindings(findings)).toEqual([]);
  const [run] = records;
  // The journey went where the secrets are echoed, and kept going past the failed check.
  expect(run.steps.map((s) => s.name)).toEqual(['Open the start page', 'Enter the card', 'Pay', 'Find the receipt', 'See the order number']);
  expect(run.status).toBe('failed');
  const pay = run.steps[2];
  // The GET form's URL is recorded, with the secret-looking parameters' values hidden.
  expect(pay.url).toMatch(/\/echo\?card=\[secret\]&pw=\[secret\]$/);
  expect(run.steps[3].checks?.[0]?.passed).toBe(false);
  // The page's echoes reached the record (and were redacted there): the title, the alert, the console, the failed image.
  const json = JSON.stringify(run);
  expect(json).toContain('Thanks [secret]');
  expect(json).toContain('payment failed for card [secret] and [secret]');
  expect(run.observations.failedRequests.some((r) => r.url.includes('/missing.png?card=[secret]&pw=[secret]'))).toBe(true);
  expect(run.steps.every((s) => s.screenshot)).toBe(true);
  // Traces are off unless asked for: none written, none linked.
  expect(run.artifacts.trace).toBeUndefined();
  expect(existsSync(join(result.dir, 'traces'))).toBe(false);
  expect(readFileSync(result.htmlPath, 'utf8')).not.toContain('show-trace');
});

test('screenshots mask the echoed secret in the page, an iframe, a shadow root and a chat bubble; two runs get their own files', async ({ page }) => {
  // "jo ann" and "jo_ann" used to share screenshot names: each run must have its own files.
  const { result, records } = await auditEchoShop({ 'jo ann': persona(CARD, PW), jo_ann: persona(CARD_2, PW_2) });
  const [a, b] = ['jo ann', 'jo_ann'].map((p) => records.find((r) => r.persona === p)!);
  expect(a.steps.length).toBe(5);
  expect(b.steps.length).toBe(5);
  const shotsA = a.steps.map((s) => s.screenshot!);
  const shotsB = b.steps.map((s) => s.screenshot!);
  expect(new Set([...shotsA, ...shotsB]).size).toBe(10);
  for (let i = 0; i < shotsA.length; i++) {
    const fileA = readFileSync(join(result.dir, shotsA[i]));
    const fileB = readFileSync(join(result.dir, shotsB[i]));
    const pixels = await comparePixels(page, fileA, fileB);
    expect(pixels.differing, `step ${i} (${a.steps[i].name}): ${shotsA[i]} vs ${shotsB[i]}`).toBe(0);
    expect(fileA.equals(fileB), `step ${i}: same bytes`).toBe(true);
    // The echo page is masked (the mask colour is there), not blank.
    if (i >= 2) expect(pixels.maskColoured, `step ${i}: masked area`).toBeGreaterThan(5_000);
  }
});

/** Decodes two images in the browser and counts the pixels that differ and those in the mask colour (#F0F). */
async function comparePixels(page: import('@playwright/test').Page, a: Buffer, b: Buffer) {
  return page.evaluate(
    async ([a64, b64]) => {
      const decode = async (b64: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/jpeg;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = await Promise.all([decode(a64), decode(b64)]);
      if (x.width !== y.width || x.height !== y.height) return { differing: -1, maskColoured: 0 };
      let differing = 0;
      let maskColoured = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        if (x.data[i] !== y.data[i] || x.data[i + 1] !== y.data[i + 1] || x.data[i + 2] !== y.data[i + 2]) differing++;
        if (x.data[i] > 200 && x.data[i + 1] < 60 && x.data[i + 2] > 200) maskColoured++;
      }
      return { differing, maskColoured };
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

/* ---------- Playwright traces (issue 17): one per run, linked, redacted ---------- */

/** A journey that completes on the echo shop: for `on-failure`, the run whose trace is not kept. */
const BROWSE = `id: browse
name: Look at the pay page
start: /
steps:
  - name: See the form
    expect: { role: heading, name: Pay }
`;

/** The trace events of an archive, one object per line of trace.trace. */
const traceEvents = (entries: Record<string, Uint8Array>): Record<string, unknown>[] =>
  strFromU8(entries['trace.trace'])
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/**
 * Serves Playwright's own trace viewer (the app trace.playwright.dev hosts, shipped in
 * playwright-core) and one trace, on loopback; `url` opens the trace in the viewer.
 */
async function serveTraceViewer(traceFile: string): Promise<{ url: string; close: () => Promise<void> }> {
  const root = join(dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'lib', 'vite', 'traceViewer');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ttf': 'font/ttf' };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path === '/trace.zip' ? traceFile : join(root, path.replace(/\.\.+/g, ''));
    if (!existsSync(file) || !file.startsWith(path === '/trace.zip' ? traceFile : root)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${url}/index.html?trace=${encodeURIComponent(`${url}/trace.zip`)}`,
    // The viewer's service worker may keep a connection open: end them all.
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Audits the echo shop with the built CLI, in a process of its own: Playwright Test gives browsers
 * launched in its worker processes a traces folder of its own, which it removes between tests.
 */
async function cliAuditEchoShop(personas: Record<string, unknown>, extra: Parameters<typeof echoShopProject>[1], args: string[] = []) {
  const shop = await startEchoShop();
  try {
    const cwd = echoShopProject(personas, extra);
    const out = join(cwd, 'out');
    const run = await cli(['run', '--base-url', shop.url, '--out', out, '--fail-on', 'critical', ...args], cwd);
    expect(run.code, run.stderr).toBe(1); // the dead end is critical
    const dir = join(out, readdirSync(out).find((d) => d !== 'latest')!);
    const records = readFileSync(join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => RunRecord.parse(JSON.parse(l)));
    return { dir, records, html: readFileSync(join(dir, 'index.html'), 'utf8') };
  } finally {
    await shop.close();
  }
}

test('trace on: a redacted Playwright trace per run, linked from the scorecard, that the trace viewer opens', async ({ page }) => {
  const { dir, records, html } = await cliAuditEchoShop({ alex: persona(CARD, PW) }, { config: { trace: 'on' }, journeys: { 'browse.journey.yaml': BROWSE } });
  expect(records.map((r) => [r.journeyId, r.status])).toEqual([
    ['browse', 'completed'],
    ['pay', 'failed'],
  ]);
  // One archive per run, each named in its record.
  const traces = records.map((r) => r.artifacts.trace);
  for (const t of traces) expect(t).toMatch(/^traces\/[\w.-]+\.zip$/);
  expect(new Set(traces).size).toBe(2);
  expect(readdirSync(join(dir, 'traces')).sort()).toEqual(traces.map((t) => basename(t!)).sort());

  // It opens, and holds what a trace is for: the actions, the network, the pages as they were.
  const pay = records.find((r) => r.journeyId === 'pay')!;
  const entries = unzipSync(readFileSync(join(dir, pay.artifacts.trace!)));
  expect(Object.keys(entries)).toEqual(expect.arrayContaining(['trace.trace', 'trace.network']));
  const events = traceEvents(entries);
  // Playwright records the typed values as the fill's params: there, redacted.
  const fills = events.filter((e) => e.type === 'before' && e.method === 'fill').map((e) => (e.params as { value: string }).value);
  expect(fills).toEqual(['[secret]', '[secret]']);
  // The echo page's DOM snapshot is there, with the echoes redacted (not the whole page dropped).
  expect(strFromU8(entries['trace.trace'])).toContain('Card: [secret]');
  // No screencast: pictures of the page cannot be redacted.
  expect(events.filter((e) => e.type === 'screencast-frame')).toEqual([]);

  // Nothing in any encoding, in any file or inside any archive the audit wrote.
  const findings = scanForSecrets(dir, [CARD, PW]);
  expect(findings, describeFindings(findings)).toEqual([]);

  // The scorecard links every run's trace and says how to open it; the dead end's evidence links its own.
  for (const t of traces) expect(html).toContain(`href="${t}"`);
  expect(html).toContain(`npx playwright show-trace ${pay.artifacts.trace}`);
  expect(html).toContain('Playwright trace of this run');

  // Playwright's own viewer opens the redacted archive and shows the fills, with the values redacted.
  const viewer = await serveTraceViewer(join(dir, pay.artifacts.trace!));
  try {
    await page.goto(viewer.url, { timeout: 30_000 });
    await expect(page.getByText('Fill "[secret]"')).toHaveCount(2, { timeout: 15_000 });
    await expect(page.getByText(CARD)).toHaveCount(0);
  } finally {
    await page.goto('about:blank');
    await viewer.close();
  }
});

test('trace on-failure (--trace) keeps only the dead end’s trace', async () => {
  const { dir, records, html } = await cliAuditEchoShop({ alex: persona(CARD, PW) }, { journeys: { 'browse.journey.yaml': BROWSE } }, ['--trace', 'on-failure']);
  expect(records.map((r) => [r.journeyId, r.status])).toEqual([
    ['browse', 'completed'],
    ['pay', 'failed'],
  ]);
  const pay = records.find((r) => r.journeyId === 'pay')!;
  expect(records.find((r) => r.journeyId === 'browse')!.artifacts.trace).toBeUndefined();
  expect(readdirSync(join(dir, 'traces'))).toEqual([basename(pay.artifacts.trace!)]);
  expect(Object.keys(unzipSync(readFileSync(join(dir, pay.artifacts.trace!))))).toContain('trace.trace');
  expect(html).toContain(`href="${pay.artifacts.trace}"`);
  const findings = scanForSecrets(dir, [CARD, PW]);
  expect(findings, describeFindings(findings)).toEqual([]);
});
