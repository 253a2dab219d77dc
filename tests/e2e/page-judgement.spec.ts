// `absent` and `count` on expect and check, against a real page: waiting for a spinner to go and
// for a list to fill, and failures that say how many were found, quoting them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runAudit } from '../../src/pipeline.ts';
import { recordsOf, serveHttp, tempDir } from './helpers.ts';

const ORDERS = `<!doctype html><html lang="en"><head><title>Orders</title></head><body><main>
  <h1>Your orders</h1>
  <p class="spinner">Loading…</p>
  <ul aria-label="Orders"><li>Order A1001 <a href="/o/1">Details</a></li><li>Order A1002 <a href="/o/2">Details</a></li></ul>
  <li hidden>Order A0999 (archived)</li>
  <button onclick="setTimeout(() => { const li = document.createElement('li'); li.textContent = 'Order A1003'; document.querySelector('ul').append(li); }, 400)">Load more</button>
  <script>setTimeout(() => document.querySelector('.spinner').remove(), 300);</script>
</main></body></html>`;

const DECLINED = `<!doctype html><html lang="en"><head><title>Payment</title></head><body><main>
  <h1>Payment</h1><div role="alert">Your card was declined.</div>
</main></body></html>`;

const serve = () =>
  serveHttp((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/declined' ? DECLINED : ORDERS);
  });

const JOURNEYS: Record<string, string> = {
  'waits.journey.yaml': `id: waits
name: Orders load, then one more
start: /
steps:
  - name: The spinner goes away
    expect: { text: Loading, absent: true, within: 2000 }
  - name: Two orders, the archived one hidden
    do:
      - expect: { role: listitem, inside: { role: list, name: Orders }, count: 2 }
      - expect: { text: Order A, count: { min: 1, max: 2 } }
      - check: { text: card fee, absent: true }
  - name: Load one more
    do:
      - click: { role: button, name: Load more }
      - expect: { role: listitem, count: 3, within: 2000 }
  - name: The auditor counts five orders
    check: { role: listitem, count: { min: 5 }, finding: check-failed, message: The order history is cut short. }
  - name: The auditor finds no declined payment
    check: { role: link, name: Details, absent: true }
`,
  'too-few.journey.yaml': `id: too-few
name: Expect three orders at once
start: /
steps:
  - name: Three orders
    expect: { role: listitem, inside: { role: list, name: Orders }, count: 3, patience: 1000 }
`,
  'stays.journey.yaml': `id: stays
name: Wait for the error to go
start: /declined
steps:
  - name: The error goes away
    expect: { role: alert, absent: true, patience: 1000 }
`,
};

test('absent waits for a thing to go, count for the right number; failures say how many and quote them', async () => {
  const server = await serve();
  const dir = tempDir('ms-judgement-');
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ journeys: ['.'], screenshots: 'off', patienceMs: 3000 }));
  for (const [name, text] of Object.entries(JOURNEYS)) writeFileSync(join(dir, name), text);
  try {
    const result = await runAudit({ cwd: dir, baseURL: `${server.url}/` });
    const records = recordsOf(result);
    const run = (id: string) => records.find((r) => r.journeyId === id)!;

    const waits = run('waits');
    expect(waits.status, JSON.stringify(waits.steps.map((s) => s.error))).toBe('completed');
    // The spinner went after about 300 ms: a wait in time, measured, not judged at once.
    const gone = waits.steps[1].waits![0];
    expect(gone).toMatchObject({ action: 'expect no text "Loading"', outcome: 'in-time', withinMs: 2000 });
    expect(gone.tookMs).toBeGreaterThan(150);
    expect(waits.steps[3].waits![0]).toMatchObject({ action: 'expect listitem (count 3)', outcome: 'in-time' });
    // A failed check: the journey went on, and the record says how many there were.
    const [short] = waits.steps[4].checks!;
    expect(short).toMatchObject({ label: 'check listitem (count ≥ 5)', passed: false, on: 'page' });
    expect(short.instead).toEqual(['3 on the page (expected at least 5)', '“Order A1001 Details”', '“Order A1002 Details”', '“Order A1003”']);
    const [present] = waits.steps[5].checks!;
    expect(present.passed).toBe(false);
    expect(present.instead?.[0]).toBe('2 on the page (expected none)');
    expect(result.scorecard.frictionPoints.some((p) => p.ruleId === 'check-failed' && /cut short/.test(p.message))).toBe(true);

    const tooFew = run('too-few');
    expect(tooFew.status).toBe('failed');
    expect(tooFew.steps.at(-1)!.error!.message).toBe('Expected to see listitem in list "Orders" (exactly 3) within 1 s; the page showed 2: “Order A1001 Details”, “Order A1002 Details”.');

    const stays = run('stays');
    expect(stays.status).toBe('failed');
    expect(stays.steps.at(-1)!.error!.message).toBe('Expected alert to be gone within 1 s; the page still showed it: “Your card was declined.”.');
  } finally {
    await server.close();
  }
});
