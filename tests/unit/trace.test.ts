// Redaction of Playwright trace archives (issue 17, part 3): what Playwright records in clear (a
// fill's value, inputs' values in DOM snapshots, URLs, headers, cookies, response bodies) comes out
// redacted; what holds no secret comes out byte for byte; pictures holding a secret are left out.
// The archives here are written the way Playwright writes them (JSON lines, resources/ by sha1).
import { expect, test } from '@playwright/test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { buildScorecard } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { keepsTrace, redactTraceArchive, traceName } from '../../src/runner/trace.ts';
import { encodingsOf } from '../support/secret-scan.ts';
import { makeMeta, makeRun } from './fixtures/scorecard-data.ts';

const CARD = '4111 1111 1111 1111';
const PW = 'Hunter2 pass!word';

const lines = (...events: unknown[]) => strToU8(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
const redacted = async (files: Record<string, Uint8Array>, secrets = [CARD, PW]) => unzipSync((await redactTraceArchive(zipSync(files), secrets))!);

test('a fill’s value, its log line and the inputs in DOM snapshots are redacted; the rest of each event is kept', async () => {
  const out = await redacted({
    'trace.trace': lines(
      { type: 'before', callId: 'c@1', class: 'Frame', method: 'fill', params: { selector: 'internal:label="Card"i', value: CARD } },
      { type: 'log', callId: 'c@1', message: `  fill("${CARD}")` },
      // The harness's own page script (secret-mask.ts) is recorded with its arguments: the secrets' forms, lower-cased.
      { type: 'before', callId: 'c@2', class: 'Frame', method: 'evaluateExpression', params: { expression: `mark(${JSON.stringify([PW.toLowerCase(), encodeURIComponent(PW).toLowerCase()])})` } },
      {
        type: 'frame-snapshot',
        snapshot: {
          frameUrl: `http://127.0.0.1/echo?card=${encodeURIComponent(CARD)}&pw=${new URLSearchParams({ pw: PW }).toString().slice(3)}`,
          html: ['HTML', {}, ['BODY', {}, ['P', {}, `Card: ${CARD}`], ['INPUT', { __playwright_value_: PW, name: 'pw', type: 'password' }]]],
        },
      },
    ),
  });
  const events = strFromU8(out['trace.trace']).trim().split('\n').map((l) => JSON.parse(l));
  expect(events[0].params).toEqual({ selector: 'internal:label="Card"i', value: '[secret]' });
  expect(events[1].message).toBe('  fill("[secret]")');
  expect(events[2].params.expression).toBe('mark(["[secret]","[secret]"])');
  events.splice(2, 1);
  expect(events[2].snapshot.frameUrl).toBe('http://127.0.0.1/echo?card=[secret]&pw=[secret]');
  expect(events[2].snapshot.html[2][2]).toEqual(['P', {}, 'Card: [secret]']);
  expect(events[2].snapshot.html[2][3][1]).toEqual({ __playwright_value_: '[secret]', name: 'pw', type: 'password' });
});

test('a password field, a secret-looking form field or query parameter, cookies and auth headers are hidden whatever they hold', async () => {
  const out = await redacted({
    'trace.trace': lines({
      type: 'frame-snapshot',
      snapshot: { html: ['FORM', {}, ['INPUT', { type: 'password', __playwright_value_: 'not-a-persona-secret' }], ['INPUT', { name: 'csrf_token', value: 'abc123', __playwright_value_: 'abc123' }], ['INPUT', { name: 'city', value: 'Lyon' }]] },
    }),
    'trace.network': lines({
      type: 'resource-snapshot',
      snapshot: {
        request: {
          url: 'http://127.0.0.1/x?session_id=s3cr3t&page=2',
          cookies: [{ name: 'cart', value: 'c-42' }],
          headers: [
            { name: 'Cookie', value: 'cart=c-42; sid=zzz' },
            { name: 'Authorization', value: 'Bearer eyJ' },
            { name: 'Accept', value: 'text/html' },
          ],
          queryString: [
            { name: 'session_id', value: 's3cr3t' },
            { name: 'page', value: '2' },
          ],
        },
        response: { headers: [{ name: 'Set-Cookie', value: 'sid=zzz; HttpOnly' }], cookies: [{ name: 'sid', value: 'zzz' }] },
      },
    }),
  });
  const snapshot = JSON.parse(strFromU8(out['trace.trace']).trim()).snapshot;
  expect(snapshot.html[2][1]).toEqual({ type: 'password', __playwright_value_: '[secret]' });
  expect(snapshot.html[3][1]).toEqual({ name: 'csrf_token', value: '[secret]', __playwright_value_: '[secret]' });
  expect(snapshot.html[4][1]).toEqual({ name: 'city', value: 'Lyon' });
  const { request, response } = JSON.parse(strFromU8(out['trace.network']).trim()).snapshot;
  expect(request.url).toBe('http://127.0.0.1/x?session_id=[secret]&page=2');
  expect(request.cookies).toEqual([{ name: 'cart', value: '[secret]' }]);
  expect(request.headers).toEqual([
    { name: 'Cookie', value: '[secret]' },
    { name: 'Authorization', value: '[secret]' },
    { name: 'Accept', value: 'text/html' },
  ]);
  expect(request.queryString).toEqual([
    { name: 'session_id', value: '[secret]' },
    { name: 'page', value: '2' },
  ]);
  expect(response.headers).toEqual([{ name: 'Set-Cookie', value: '[secret]' }]);
  expect(response.cookies).toEqual([{ name: 'sid', value: '[secret]' }]);
});

test('text resources are redacted in every encoding; binary ones are kept byte for byte, or left out when they hold a secret', async () => {
  // The forms redact.ts undoes (base64 is not one of them: see docs/traces.md).
  const forms = encodingsOf(CARD)
    .filter((e) => e.encoding !== 'base64')
    .map((e) => e.value);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255, 254]);
  const leaky = new Uint8Array([0xff, 0xd8, 0, ...Buffer.from(PW, 'utf16le')]);
  const out = await redacted({
    'resources/aaa.html': strToU8(`<p>${forms.join('</p><p>')}</p><script>var c = ${JSON.stringify(CARD)};</script>`),
    'resources/bbb': strToU8(`card=${encodeURIComponent(CARD)}&pw=${encodeURIComponent(PW)}`),
    'resources/ccc.png': png,
    'resources/ddd.jpeg': leaky,
    'trace.stacks': strToU8('{"files":["/x.ts"],"stacks":[]}'),
  });
  const html = strFromU8(out['resources/aaa.html']);
  for (const f of forms) expect(html).not.toContain(f);
  expect(html).toContain('<script>var c = "[secret]";</script>');
  expect(strFromU8(out['resources/bbb'])).toBe('card=[secret]&pw=[secret]');
  expect(out['resources/ccc.png']).toEqual(png);
  expect(out['resources/ddd.jpeg']).toBeUndefined();
  expect(strFromU8(out['trace.stacks'])).toBe('{"files":["/x.ts"],"stacks":[]}');
});

test('lines with nothing secret are kept exactly as Playwright wrote them', async () => {
  const text = '{"type":"before","time":8.623000000000001,"params":{"url":"/a\\u002fb"}}\n\n{"type":"after"}\n';
  const out = await redacted({ 'trace.trace': strToU8(text) });
  expect(strFromU8(out['trace.trace'])).toBe(text);
});

test('which runs keep a trace, and their file names', () => {
  expect([keepsTrace('on', false), keepsTrace('on', true)]).toEqual([true, true]);
  expect([keepsTrace('on-failure', false), keepsTrace('on-failure', true)]).toEqual([false, true]);
  expect([keepsTrace('off', false), keepsTrace('off', true)]).toEqual([false, false]);
  expect(traceName('pay/jo ann/1')).toMatch(/^pay_jo_ann_1-[0-9a-f]{8}\.zip$/);
  expect(traceName('pay/jo ann/1')).not.toBe(traceName('pay/jo_ann/1'));
});

test('the scorecard links each run’s trace inside the report folder, escaped, and says how to open it; never a path outside', async ({ page }) => {
  const runs = [
    makeRun({ persona: 'alex', overrides: { artifacts: { trace: 'traces/a "b" <i>.zip' } } }),
    makeRun({ persona: 'sam', failAt: 1, overrides: { artifacts: { trace: 'traces/sam.zip' } } }),
    makeRun({ persona: 'eve', overrides: { artifacts: { trace: '../../outside.zip' } } }),
    makeRun({ persona: 'mal', overrides: { artifacts: { trace: 'https://evil.example/x.zip' } } }),
    makeRun({ persona: 'kim' }),
  ];
  const sc = buildScorecard({ runs, findings: [], meta: makeMeta() });
  expect(Object.fromEntries(sc.journeys[0].runs.map((r) => [r.persona, r.trace]))).toEqual({
    alex: 'traces/a "b" <i>.zip',
    sam: 'traces/sam.zip',
    eve: '../../outside.zip',
    mal: 'https://evil.example/x.zip',
    kim: undefined,
  });
  await page.setContent(renderHtml(sc));
  const links = page.locator('a[href$=".zip"]');
  // The list of traces (alex, sam) and the dead end's own link (sam).
  expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['traces/sam.zip', 'traces/a%20%22b%22%20%3Ci%3E.zip', 'traces/sam.zip']);
  await expect(page.locator('.traces li')).toHaveText([/^alex #1 \(completed\) · npx playwright show-trace traces\/a "b" <i>\.zip$/, /^sam #1 \(dead end\)/]);
  await expect(page.locator('.runs-failed .trace')).toContainText('npx playwright show-trace traces/sam.zip');
  await expect(page.locator('i')).toHaveCount(0);
});
