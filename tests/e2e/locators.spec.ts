// Locators for real sites (issue 13): a container (`inside`), filters (`hasText`, `has`), a test
// id attribute other than data-testid, and an ambiguous locator that names what it matched.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { RunRecord } from '../../src/model/run-record.ts';
import { runAudit } from '../../src/pipeline.ts';
import { tempDir } from './helpers.ts';

const PAGE = `<!doctype html><html lang="en"><head><title>Shop</title></head><body>
<nav aria-label="Main"><a href="/orders">My orders</a></nav>
<main>
  <h1>Products</h1>
  <article><h2>Espresso Machine</h2><button onclick="document.getElementById('r').textContent='Added Espresso Machine'">Add to cart</button></article>
  <article><h2>Coffee Grinder</h2><button onclick="document.getElementById('r').textContent='Added Coffee Grinder'">Add to cart</button></article>
  <ul><li><span>Order A1001</span><a href="/orders/1">Details</a></li><li><span>Order A1002</span><a href="/orders/2">Details</a></li></ul>
  <p id="r" data-qa="result"></p>
  <a href="/orders">My orders</a>
</main></body></html>`;

async function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url?.startsWith('/orders/2') ? '<!doctype html><title>Order</title><h1>Order A1002</h1>' : PAGE);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('inside, hasText, has and a custom test id attribute find the one thing meant; an ambiguous locator names what it matched', async () => {
  const server = await serve();
  const dir = tempDir('ms-locators-');
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ journeys: ['.'], testIdAttribute: 'data-qa', screenshots: 'off', patienceMs: 5000 }));
  writeFileSync(
    join(dir, 'pick.journey.yaml'),
    `id: pick
name: Pick the grinder and the second order
start: /
steps:
  - name: Add the grinder
    do:
      - click: { role: button, name: Add to cart, inside: { role: article, hasText: Coffee Grinder } }
      - expect: { testId: result, hasText: Added Coffee Grinder }
  - name: Open the second order
    do:
      - click: { role: link, name: Details, inside: { role: listitem, has: { text: Order A1002 } } }
      - expect: { role: heading, name: Order A1002 }
`,
  );
  writeFileSync(
    join(dir, 'ambiguous.journey.yaml'),
    `id: ambiguous
name: Open my orders
start: /
steps:
  - name: Open my orders
    click: { role: link, name: My orders }
`,
  );
  try {
    const result = await runAudit({ cwd: dir, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    const records = readFileSync(join(result.dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => RunRecord.parse(JSON.parse(l)));
    const pick = records.find((r) => r.journeyId === 'pick')!;
    expect(pick.status, JSON.stringify(pick.stoppedAt)).toBe('completed');
    expect(pick.steps[1].actions[0]).toBe('click button "Add to cart" in article with text "Coffee Grinder"');
    const ambiguous = records.find((r) => r.journeyId === 'ambiguous')!;
    expect(ambiguous.status).toBe('failed');
    const error = ambiguous.steps.at(-1)!.error!;
    expect(error.message).toBe(
      'Could not click link "My orders": 2 things on the page match (<a href="/orders">My orders</a>; <a href="/orders">My orders</a>). Say which with `nth`, `inside` or `hasText`.',
    );
  } finally {
    server.close();
  }
});
