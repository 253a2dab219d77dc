// Overlays that get in the way (issue 13): a consent banner that covers the page a moment after
// load is closed by the built-in handler and recorded; with `dismiss: []` the click it covers
// fails naming it; and an overlay of the site's own (a newsletter pop-up on a page its script
// renders) is closed by a `dismiss` entry of the config.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme } from '../../fixtures/acme/server.ts';
import { runAudit } from '../../src/pipeline.ts';
import { auditAcme, key, pointsOf, recordsOf, serveHttp, tempDir } from './helpers.ts';

test('knob consent-banner with the default dismiss: the demo journeys pass as before, and any closing is recorded as harness time', async () => {
  const result = await auditAcme('consent-banner', { grep: '^(find-contact|order-standard) ' });
  const records = recordsOf(result);
  expect(records.map((r) => [r.journeyId, r.status]).sort()).toEqual([
    ['find-contact', 'completed'],
    ['order-standard', 'completed'],
  ]);
  // Nothing serious: the banner was closed, not met as friction.
  expect(pointsOf(result).filter((p) => p.rule === 'dead-end' || p.severity === 'critical' || p.severity === 'major').map(key)).toEqual([]);
  // Whether a run meets the banner depends on how long it stays on a page (it comes up 300 ms
  // after load); every closing that happened is recorded as the harness's time, never the customer's.
  for (const run of records) {
    for (const closed of run.observations.dismissed ?? []) {
      expect(closed).toMatchObject({ overlay: 'consent', text: 'We value your privacy', clicked: 'Reject all' });
      const step = run.steps.find((s) => s.index === closed.stepIndex)!;
      expect(step.harnessMs).toBeGreaterThanOrEqual(closed.tookMs);
    }
  }
});

test('a banner closed while a failing check looks is counted once: the step keeps its customer time, never negative', async () => {
  const acme = await startAcme({ friction: 'consent-banner' });
  const dir = tempDir('ms-consent-look-');
  writeFileSync(
    join(dir, 'look.journey.yaml'),
    `id: look
name: Look for a promise the page does not make while the banner comes up
start: /contact
steps:
  - name: Find a one-minute promise
    check: { text: We answer within one minute, finding: no-promised-timeframe }
  - name: Open the help centre
    click: { role: link, name: Help }
`,
  );
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ journeys: ['.'], screenshots: 'off' }));
  try {
    const result = await runAudit({ cwd: dir, baseURL: acme.url });
    const [run] = recordsOf(result);
    expect(run.status).toBe('completed');
    // The look lasts 2 s, so the banner always comes up during it, and is closed with the configured answer.
    expect(run.observations.dismissed?.length).toBeGreaterThan(0);
    expect(run.observations.dismissed![0]).toMatchObject({ overlay: 'consent', text: 'We value your privacy', clicked: 'Reject all' });
    const look = run.steps.find((s) => s.name === 'Find a one-minute promise')!;
    // The 2 s of looking (with the closing inside it) is the auditor's; the customer spent next to nothing.
    expect(look.harnessMs).toBeGreaterThanOrEqual(1900);
    for (const step of run.steps) expect(step.durationMs, step.name).toBeGreaterThanOrEqual(0);
    expect(look.durationMs).toBeLessThan(500);
  } finally {
    await acme.close();
  }
});

test('with dismiss: [] a click the banner covers fails naming the banner and suggesting `dismiss`', async () => {
  const acme = await startAcme({ friction: 'consent-banner' });
  const dir = tempDir('ms-consent-');
  // Waiting for the banner first makes the click meet it every time (with a handler on, that
  // wait would close it: handlers run before every action and every wait).
  writeFileSync(
    join(dir, 'contact.journey.yaml'),
    `id: contact
name: Open the contact page once the banner is up
start: /
steps:
  - name: Look at the home page
    expect: { text: We value your privacy }
  - name: Open the contact page
    do:
      - click: { role: link, name: Contact }
      - expect: { role: heading, name: Contact us }
`,
  );
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ journeys: ['.'], screenshots: 'off', patienceMs: 3000, dismiss: [] }));
  try {
    const result = await runAudit({ cwd: dir, baseURL: acme.url });
    const blocked = recordsOf(result)[0];
    expect(blocked.status).toBe('failed');
    expect(blocked.observations.dismissed).toBeUndefined();
    const error = blocked.steps.at(-1)!.error!;
    expect(error.message).toBe(
      'Could not click link "Contact": a dialog “We value your privacy” (div#consent) covers it. If a customer would close it first, add it to `dismiss` in the config (what it is, and the button that closes it).',
    );
    // The scorecard's dead end says the same, in place of a bare timeout.
    const deadEnd = result.scorecard.frictionPoints.find((p) => p.ruleId === 'dead-end')!;
    expect(deadEnd.message).toContain('a dialog “We value your privacy” (div#consent) covers it');
  } finally {
    await acme.close();
  }
});

/** A page its script renders after load (nothing in the HTML), with a newsletter pop-up that comes before the content does. */
const APP = `<!doctype html><html lang="en"><head><title>Bean Box</title>
<style>.nl-popup{position:fixed;inset:0;background:rgba(0,0,0,.6);display:flex;align-items:center;justify-content:center}
.nl-popup .card{background:#fff;padding:2rem}</style></head>
<body><div id="app">Loading…</div>
<script>
setTimeout(() => {
  document.body.insertAdjacentHTML('beforeend', '<div class="nl-popup"><div class="card"><p>Get 10% off your first box: join our newsletter!</p><input placeholder="Your email"><button>Subscribe</button><button aria-label="Close" class="x">×</button></div></div>');
  document.querySelector('.nl-popup .x').addEventListener('click', () => document.querySelector('.nl-popup').remove());
}, 200);
setTimeout(() => {
  const app = document.getElementById('app');
  app.innerHTML = '<h1>Coffee subscriptions</h1><section><h2>Monthly box</h2><button id="sub">Start my subscription</button></section><p role="status" id="r"></p>';
  document.getElementById('sub').addEventListener('click', () => { document.getElementById('r').textContent = 'Your monthly box is on its way'; });
}, 500);
</script></body></html>`;

/**
 * A consent banner shaped like a common consent tool's (a labelled region at the bottom, a dark
 * filter over the page, three buttons), before the content comes.
 */
const CMP = `<!doctype html><html lang="en"><head><title>Bean Box shop</title>
<style>.dark{position:fixed;inset:0;background:rgba(0,0,0,.5)}#cmp-banner{position:fixed;left:0;right:0;bottom:0;background:#fff;padding:1rem}</style></head>
<body><main id="app"></main>
<script>
setTimeout(() => {
  document.body.insertAdjacentHTML('beforeend', '<div id="cmp-sdk"><div class="dark"></div><div id="cmp-banner" role="region" aria-label="Cookie banner"><p>We and our partners use cookies to personalise content. <a href="/privacy">Privacy notice</a></p><div><button>Cookies Settings</button><button>Reject All</button><button>Accept All Cookies</button></div></div></div>');
  for (const b of document.querySelectorAll('#cmp-banner button')) if (b.textContent !== 'Cookies Settings') b.addEventListener('click', () => document.getElementById('cmp-sdk').remove());
}, 100);
setTimeout(() => {
  document.getElementById('app').innerHTML = '<h1>Grinders</h1><button id="buy">Buy the hand grinder</button><p role="status" id="r"></p>';
  document.getElementById('buy').addEventListener('click', () => { document.getElementById('r').textContent = 'Added the hand grinder'; });
}, 400);
</script></body></html>`;

const serve = () =>
  serveHttp((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/shop' ? CMP : APP);
  });

test("pages rendered by script: a `dismiss` entry of the config closes the site's own pop-up, the built-in handler another consent tool's banner", async () => {
  const server = await serve();
  const dir = tempDir('ms-newsletter-');
  writeFileSync(
    join(dir, 'mystery-shopper.config.json'),
    JSON.stringify({
      journeys: ['.'],
      screenshots: 'off',
      patienceMs: 5000,
      consent: 'accept',
      dismiss: ['consent', { name: 'newsletter pop-up', overlay: { css: '.nl-popup' }, close: { role: 'button', name: 'Close' } }],
    }),
  );
  writeFileSync(
    join(dir, 'subscribe.journey.yaml'),
    `id: subscribe
name: Start a coffee subscription
start: /
steps:
  - name: Start the subscription
    do:
      - click: { role: button, name: Start my subscription }
      - expect: { text: Your monthly box is on its way }
`,
  );
  writeFileSync(
    join(dir, 'grinder.journey.yaml'),
    `id: grinder
name: Buy a hand grinder
start: /shop
steps:
  - name: Buy the grinder
    do:
      - click: { role: button, name: Buy the hand grinder }
      - expect: { text: Added the hand grinder }
`,
  );
  try {
    const result = await runAudit({ cwd: dir, baseURL: `${server.url}/` });
    const runs = recordsOf(result);
    const subscribe = runs.find((r) => r.journeyId === 'subscribe')!;
    expect(subscribe.status, JSON.stringify(subscribe.stoppedAt)).toBe('completed');
    expect(subscribe.observations.dismissed).toEqual([
      expect.objectContaining({ overlay: 'newsletter pop-up', text: expect.stringContaining('join our newsletter'), clicked: 'Close', stepIndex: 1 }),
    ]);
    const grinder = runs.find((r) => r.journeyId === 'grinder')!;
    expect(grinder.status, JSON.stringify(grinder.stoppedAt)).toBe('completed');
    // consent: accept; the banner is named by its label.
    expect(grinder.observations.dismissed).toEqual([expect.objectContaining({ overlay: 'consent', text: 'Cookie banner', clicked: 'Accept All Cookies', stepIndex: 1 })]);
    expect(result.failing).toEqual([]);
  } finally {
    await server.close();
  }
});
