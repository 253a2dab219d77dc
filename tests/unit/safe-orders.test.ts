// Safe test orders on live sites: allowedOrigins matching, the cleanup schema and its planning,
// {{testTag}}, and a cleanup or a blocked request never turning into a finding.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Config } from '../../src/config/schema.ts';
import { analyse } from '../../src/friction/analyse.ts';
import { loadJourneys } from '../../src/journeys/load.ts';
import { newRunValues, renderTemplate, RUN_VALUES } from '../../src/journeys/template.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { allowedOriginProblem, originMatcher } from '../../src/runner/allowed-origins.ts';
import { plan } from '../../src/runner/plan.ts';
import { thrownBy } from './fixtures/errors.ts';
import { makeRun, makeStep } from './fixtures/records.ts';
import { makeMeta } from './fixtures/scorecard-data.ts';

test('allowedOrigins: exact origins (scheme, host, port), host patterns, the base URL always', () => {
  const allowed = originMatcher('https://shop.example.com/start', ['https://cdn.example.net', 'http://127.0.0.1:4000', '*.assets.example.org', 'api.example.io', 'pay.example.io:8443']);
  const yes = [
    'https://shop.example.com/cart', // the base URL's origin
    'https://SHOP.example.com:443/x', // default port, any case
    'wss://shop.example.com/live', // its WebSocket
    'https://cdn.example.net/app.js',
    'http://127.0.0.1:4000/pixel.gif',
    'https://img.assets.example.org/a.png',
    'http://a.b.assets.example.org:8080/a.png', // any depth, any port
    'https://api.example.io/v1', // a bare host: any scheme and port
    'http://api.example.io:3000/v1',
    'https://pay.example.io:8443/',
    'data:text/plain,hi', // not network traffic
    'blob:https://elsewhere.example/1',
    'about:blank',
  ];
  const no = [
    'http://shop.example.com/cart', // another scheme is another origin
    'https://shop.example.com:8443/', // another port too
    'https://evil-shop.example.com/',
    'https://shop.example.com.evil.net/',
    'http://cdn.example.net/app.js',
    'http://127.0.0.1:4001/pixel.gif', // the same host on another port
    'https://assets.example.org/a.png', // *.x does not cover x itself
    'https://notassets.example.org/',
    'https://sub.api.example.io/', // a bare host covers no subdomain
    'https://pay.example.io/', // pay.example.io:8443 only
    'https://www.google-analytics.com/collect',
  ];
  expect(yes.filter((u) => !allowed(u))).toEqual([]);
  expect(no.filter((u) => allowed(u))).toEqual([]);
  // An empty list: the base URL's origin only.
  const only = originMatcher('http://127.0.0.1:5000', []);
  expect([only('http://127.0.0.1:5000/a'), only('http://127.0.0.1:5001/a'), only('http://localhost:5000/a')]).toEqual([true, false, false]);
});

test('allowedOrigins: entries that are neither an origin nor a host pattern are refused, saying what to write', () => {
  for (const ok of ['https://shop.example.com', 'https://shop.example.com/', 'http://127.0.0.1:8080', 'shop.example.com', '*.example.com', 'localhost:3000']) {
    expect(allowedOriginProblem(ok), ok).toBeUndefined();
  }
  expect(allowedOriginProblem('https://shop.example.com/checkout')).toBe('"https://shop.example.com/checkout" is a URL, not an origin: write only the scheme, host and port (https://shop.example.com)');
  expect(allowedOriginProblem('ftp://files.example.com')).toContain('only http, https, ws and wss');
  expect(allowedOriginProblem('*example.com')).toContain('neither an origin');
  expect(allowedOriginProblem('https://')).toContain('not a valid origin');
  const parsed = Config.safeParse({ allowedOrigins: ['https://ok.example.com', 'https://shop.example.com/pay'] });
  expect(parsed.success).toBe(false);
  expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
    ['allowedOrigins.1', '"https://shop.example.com/pay" is a URL, not an origin: write only the scheme, host and port (https://shop.example.com)'],
  ]);
});

test('{{testTag}}: the config\'s prefix and the run\'s uniqueId, the same throughout a run', () => {
  const run = { persona: {}, env: {}, [RUN_VALUES]: { now: new Date(0), uniqueId: 'k3x9q0zt', testTagPrefix: 'ACME QA' } };
  expect(renderTemplate('Notes: {{testTag}}, please ignore', run)).toBe('Notes: ACME QA k3x9q0zt, please ignore');
  const values = newRunValues();
  expect(renderTemplate('{{testTag}}', { persona: {}, env: {}, [RUN_VALUES]: values })).toBe(`MYSTERY-SHOPPER TEST ${values.uniqueId}`);
  expect(Config.parse({}).testTag).toBe('MYSTERY-SHOPPER TEST');
  expect(thrownBy(() => renderTemplate('{{testTag "x"}}', run)).message).toContain('{{testTag}} takes no arguments');
});

const journeyDir = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-safe-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const ORDER = `id: order
name: Order, then cancel the test order
start: /
steps:
  - name: Place the order
    do:
      - fill: { label: Notes, value: "{{testTag}}" }
      - click: { role: button, name: Place order }
cleanup:
  - name: Cancel the test order
    do:
      - click: { role: button, name: Cancel order }
      - expect: { text: "{{testTag}} cancelled" }
`;

test('cleanup: planned apart from the steps, templates rendered with the run\'s values', async () => {
  const dir = journeyDir({ 'order.journey.yaml': ORDER });
  const config = Config.parse({ personas: { alex: {} }, testTag: 'QA', budgets: { maxSteps: 1 } });
  const [run] = plan(await loadJourneys([dir], dir), config, { values: {}, secretNames: new Set() });
  expect(run.steps.map((s) => s.name)).toEqual(['Open the start page', 'Place the order']);
  expect(run.cleanup?.map((s) => [s.index, s.name, s.actions.map((a) => a.label)])).toEqual([
    [0, 'Cancel the test order', ['click button "Cancel order"', 'expect text "{{testTag}} cancelled"']],
  ]);
  const tag = (run.steps[1].actions[0].args as { value: string }).value;
  expect(tag).toMatch(/^QA [0-9a-z]{8}$/);
  expect(run.cleanup![0].actions[1].args).toEqual({ text: `${tag} cancelled` });
  // A journey without cleanup plans none.
  const plain = journeyDir({ 'order.journey.yaml': ORDER.slice(0, ORDER.indexOf('cleanup:')) });
  expect(plan(await loadJourneys([plain], plain), config, { values: {}, secretNames: new Set() })[0].cleanup).toBeUndefined();
});

test('cleanup: bad steps, checks and chat or email actions are refused at file:line', async () => {
  const bad = ORDER.replace('      - expect: { text: "{{testTag}} cancelled" }', '      - check: { text: cancelled }\n  - chat.say: hello\n  - clik: { text: x }');
  const dir = journeyDir({ 'order.journey.yaml': bad });
  const message = (await loadJourneys([dir], dir).then(() => undefined, (e: Error) => e))?.message ?? '';
  expect(message).toContain('order.journey.yaml:13:9 at cleanup[0].do[1].check: a check in cleanup would never be scored: use expect to make sure the cleanup worked');
  expect(message).toContain('order.journey.yaml:14:5 at cleanup[1].chat.say: cleanup steps use web actions only, not chat.say');
  expect(message).toMatch(/order\.journey\.yaml:15:\d+ at cleanup\[2\]\.clik: unknown action or step field "clik"/);
  // A template error in a cleanup step names its line too.
  const tpl = journeyDir({ 'order.journey.yaml': ORDER.replace('{{testTag}} cancelled', '{{persona.phone}}') });
  const planned = await loadJourneys([tpl], tpl);
  expect(thrownBy(() => plan(planned, Config.parse({ personas: { alex: {} } }), { values: {}, secretNames: new Set() })).message).toMatch(
    /order\.journey\.yaml:13:\d+ at cleanup\[0\]\.do\[1\]\.expect: unknown template value \{\{persona\.phone\}\}/,
  );
});

test('cleanup and blocked requests are never findings; a failed cleanup is a warning on the scorecard, escaped', () => {
  const hostile = 'Cancel <b>now</b>';
  const run = makeRun({
    cleanup: [
      makeStep({ index: 0, name: hostile, status: 'failed', durationMs: 60_000, budgetMs: 100, error: { kind: 'timeout', message: 'Waited 15 s and could not click <button>.' } }),
    ],
    blocked: [
      { stepIndex: 1, origin: 'https://pay.example.net', url: 'https://pay.example.net/checkout?x=<i>', method: 'GET', resourceType: 'document', isNavigation: true, atMs: 10 },
      { stepIndex: 1, origin: 'https://pay.example.net', url: 'https://pay.example.net/px', method: 'GET', resourceType: 'image', isNavigation: false, atMs: 11 },
      { stepIndex: 0, origin: 'https://ga.example.org', url: 'https://ga.example.org/collect', method: 'POST', resourceType: 'ping', isNavigation: false, atMs: 12, cleanup: true },
    ],
  });
  const plain = makeRun();
  expect(analyse([run])).toEqual(analyse([plain]));
  const scorecard = buildScorecard({ runs: [run], findings: analyse([run]), meta: makeMeta() });
  expect(scorecard.summary.frictionPoints).toBe(0);
  expect(scorecard.journeys[0].runs[0].cleanup).toEqual([{ name: hostile, status: 'failed', error: 'Waited 15 s and could not click <button>.' }]);
  expect(scorecard.journeys[0].runs[0].blocked).toEqual([
    { origin: 'https://pay.example.net', count: 2, url: 'https://pay.example.net/checkout?x=<i>', stepName: 'Step 2' },
    { origin: 'https://ga.example.org', count: 1, url: 'https://ga.example.org/collect', stepName: 'Cancel <b>now</b>', cleanup: true },
  ]);
  const html = renderHtml(scorecard);
  expect(html).toContain('Cleanup failed in 1 of 1 run: a test order or account may be left behind.');
  expect(html).toContain('Cleanup: Cancel &lt;b&gt;now&lt;/b&gt; — failed: Waited 15 s and could not click &lt;button&gt;.');
  expect(html).toContain('Blocked by allowedOrigins: 2 origins');
  expect(html).toContain('<code>https://pay.example.net</code> · 2 requests in 1 of 1 run · first at “Step 2”');
  expect(html).toContain('https://pay.example.net/checkout?x&#x3D;&lt;i&gt;');
  expect(html).toContain('first at “cleanup: Cancel &lt;b&gt;now&lt;/b&gt;”');
  expect(html).not.toContain('<b>now');
});
