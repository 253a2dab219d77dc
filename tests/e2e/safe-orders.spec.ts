// Safe test orders on live sites, with the real runner, browser and reporters: allowedOrigins
// stops requests to other origins (two local servers on different ports are two origins) and
// says so when a form would take the customer there; cleanup steps run after a dead end, in the
// same session, and are never scored.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runAudit, type AuditResult } from '../../src/pipeline.ts';
import { auditAcme, recordsOf, serveHttp, tempDir } from './helpers.ts';

/** The "payment provider and analytics" origin: answers everything, and counts what reached it. */
async function startThirdParty() {
  const hits: string[] = [];
  const server = await serveHttp((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': req.url?.endsWith('.js') ? 'text/javascript' : 'text/html', 'access-control-allow-origin': '*' });
    res.end(req.url?.endsWith('.js') ? 'window.tracked = true;' : '<h1>Pay here</h1>');
  });
  return { ...server, hits };
}

/** A shop whose page loads a script, an image and a fetch from `third`, and whose Pay form redirects there. */
function startShop(third: string) {
  return serveHttp((req, res) => {
    // Two hops: the browser follows the second without asking the tool (see block-origins.ts).
    if (req.url === '/pay-hop' && req.method === 'POST') {
      res.writeHead(303, { location: '/hop' });
      return res.end();
    }
    if (req.url === '/hop') {
      res.writeHead(302, { location: `${third}/checkout?order=A2` });
      return res.end();
    }
    if (req.url === '/pay' && req.method === 'POST') {
      res.writeHead(303, { location: `${third}/checkout?order=A1` });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html lang="en"><title>Shop</title><h1>Shop</h1>
      <script src="${third}/t.js"></script>
      <img src="${third}/px.gif" alt="">
      <script>fetch('${third}/collect', { method: 'POST', body: 'x' }).catch(() => {});</script>
      <form action="/pay" method="post"><button>Pay</button></form>
      <form action="/pay-hop" method="post"><button>Two hops</button></form>`);
  });
}

async function audit(baseURL: string, journeys: Record<string, string>, config: Record<string, unknown>): Promise<AuditResult> {
  const cwd = tempDir('ms-safe-');
  mkdirSync(join(cwd, 'journeys'));
  for (const [name, text] of Object.entries(journeys)) writeFileSync(join(cwd, 'journeys', name), text);
  writeFileSync(join(cwd, 'mystery-shopper.config.json'), JSON.stringify({ journeys: ['journeys'], screenshots: 'off', reporters: ['json', 'html'], patienceMs: 5000, ...config }));
  return runAudit({ cwd, baseURL, out: join(cwd, 'out') });
}

const LOOK = `id: look
name: Look at the shop
steps:
  - goto: /
  - expect: { role: heading, name: Shop }
`;

test('allowedOrigins: requests to another origin are blocked and listed, not findings; without it they go through', async () => {
  const third = await startThirdParty();
  const shop = await startShop(third.url);
  try {
    const blocked = await audit(shop.url, { 'look.journey.yaml': LOOK }, { allowedOrigins: [shop.url] });
    expect(third.hits).toEqual([]);
    expect(blocked.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
    expect(blocked.scorecard.frictionPoints.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    const [run] = recordsOf(blocked);
    expect(run.observations.failedRequests).toEqual([]);
    expect(run.observations.consoleErrors).toEqual([]);
    expect(run.blocked?.map((b) => [b.origin, new URL(b.url).pathname, b.resourceType]).sort()).toEqual([
      [third.url, '/collect', 'fetch'],
      [third.url, '/px.gif', 'image'],
      [third.url, '/t.js', 'script'],
    ]);
    // What the page load waits for is blocked in the step that opened the page; the page's own
    // fetch (not part of the load) may reach the tool just after that step ended.
    const stepOf = (path: string) => run.blocked?.find((b) => new URL(b.url).pathname === path)?.stepIndex;
    expect([stepOf('/px.gif'), stepOf('/t.js')]).toEqual([0, 0]);
    expect([0, 1]).toContain(stepOf('/collect'));
    const html = readFileSync(blocked.htmlPath, 'utf8');
    expect(html).toContain('Blocked by allowedOrigins: 1 origin');
    expect(html).toContain(`<code>${third.url}</code> · 3 requests in 1 of 1 run`);

    // Without allowedOrigins the page reaches the other origin as it always did (the accessibility
    // check, which opens each page again once the journey is over, is off: only the customer's page counts here).
    const open = await audit(shop.url, { 'look.journey.yaml': LOOK }, { pageHealth: { accessibility: false } });
    expect(third.hits.sort()).toEqual(['GET /px.gif', 'GET /t.js', 'POST /collect']);
    expect(recordsOf(open)[0].blocked).toBeUndefined();
  } finally {
    await shop.close();
    await third.close();
  }
});

test('allowedOrigins: a form that redirects to the payment provider is stopped with a message naming it', async () => {
  const third = await startThirdParty();
  const shop = await startShop(third.url);
  try {
    const r = await audit(shop.url, { 'pay.journey.yaml': `${LOOK.replace('id: look', 'id: pay')}  - click: { role: button, name: Pay }\n` }, { allowedOrigins: ['127.0.0.1:1'] });
    expect(third.hits).toEqual([]);
    const [run] = recordsOf(r);
    expect(run.status).toBe('failed');
    expect(run.stoppedAt?.reason).toBe(
      `The page tried to go to ${third.url} (a redirect from /pay), which the config's allowedOrigins does not allow, so the tool blocked it and the journey cannot go on there. Add the origin to allowedOrigins to let journeys reach it.`,
    );
    expect(run.blocked?.find((b) => b.isNavigation)).toMatchObject({ origin: third.url, url: `${third.url}/checkout?order=A1`, redirectedFrom: `${shop.url}/pay`, stepIndex: 2 });
    expect(JSON.stringify(r.scorecard)).not.toContain('ERR_BLOCKED_BY_CLIENT');
    expect(r.scorecard.frictionPoints.map((p) => p.ruleId)).toEqual(['dead-end']);

    // A redirect the browser follows on its own (a second hop) cannot be stopped: it is said, not hidden.
    const hop = await audit(shop.url, { 'hop.journey.yaml': `${LOOK.replace('id: look', 'id: hop')}  - click: { role: button, name: Two hops }\n` }, { allowedOrigins: [] });
    const [hopRun] = recordsOf(hop);
    expect(hopRun.stoppedAt?.reason).toContain(`The page went to ${third.url} (a redirect from /hop), which the config's allowedOrigins does not allow; the browser followed this redirect before the tool could stop it`);
    expect(hopRun.blocked?.find((b) => b.escaped)).toMatchObject({ origin: third.url, isNavigation: true });
    expect(readFileSync(hop.htmlPath, 'utf8')).toContain('1 redirect followed by the browser before it could be stopped');
  } finally {
    await shop.close();
    await third.close();
  }
});

const ORDER_THEN_FAIL = `id: order-then-fail
name: Order, then meet a dead end
start: /
steps:
  - name: Order the descaling kit
    do:
      - goto: /product/descaling-kit
      - click: { role: button, name: Add to cart }
      - click: { role: link, name: Checkout }
      - fill: { label: Full name, value: "{{persona.name}}" }
      - fill: { label: Email, value: "{{persona.email}}" }
      - fill: { label: Address, value: "{{persona.address}}" }
      - fill: { label: City, value: "{{persona.city}}" }
      - fill: { label: Postcode, value: "{{persona.postcode}}" }
      - tick: { label: Store pickup }
      - fill: { label: Card number, value: "{{persona.card}}" }
      - click: { role: button, name: Place order }
      - expect: { role: heading, name: Thank you for your order }
  - name: Find the loyalty points
    expect: { text: Loyalty points, patience: 300 }
cleanup:
  - name: Cancel the test order
    do:
      - click: { role: button, name: Cancel order }
      - expect: { text: "/Order A\\\\d+ has been cancelled/" }
  - name: Make sure no order is left
    expect: { text: Nothing left to cancel, patience: 300 }
`;

test('cleanup: runs after a dead end in the same session, is recorded, never scored; a failed cleanup step is a warning', async () => {
  const dir = tempDir('ms-cleanup-');
  writeFileSync(join(dir, 'order-then-fail.journey.yaml'), ORDER_THEN_FAIL);
  const r = await auditAcme('', { paths: [dir] });
  const [run] = recordsOf(r);
  expect(run.status).toBe('failed');
  expect(run.stoppedAt?.stepName).toBe('Find the loyalty points');
  expect(run.cleanup?.map((s) => [s.index, s.name, s.status])).toEqual([
    [0, 'Cancel the test order', 'passed'],
    [1, 'Make sure no order is left', 'failed'],
  ]);
  expect(run.cleanup?.[0].url).toMatch(/\/orders\/A\d+$/);
  // Only the dead end is friction: cleanup is not scored (no slow step, no dead end, no step count).
  expect(r.scorecard.frictionPoints.map((p) => [p.ruleId, p.stepName])).toEqual([['dead-end', 'Find the loyalty points']]);
  expect(r.scorecard.journeys[0].steps.map((s) => s.name)).toEqual(['Open the start page', 'Order the descaling kit', 'Find the loyalty points']);
  const html = readFileSync(r.htmlPath, 'utf8');
  expect(html).toContain('Cleanup failed in 1 of 1 run: a test order or account may be left behind.');
  expect(html).toMatch(/Cleanup: Make sure no order is left — failed: [^<]*Nothing left to cancel/);
});
