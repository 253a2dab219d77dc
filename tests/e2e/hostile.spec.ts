// Hostile content in a real browser: a page full of script payloads, quoted by the scorecard (its
// title, heading, error banner, invalid field, dialog, console and chat-like text), and the
// report opened in Chromium runs none of it — with its Content-Security-Policy and without it.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, tempDir } from './helpers.ts';

const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '<svg onload="window.__pwned=3">',
  '"><iframe srcdoc="<script>parent.__pwned=4</script>">',
  "javascript:window.__pwned=5",
  '{{constructor.constructor("window.__pwned=6")()}}',
  '<a href="javascript:alert(7)">x</a>',
  '<style>@import "http://127.0.0.1:9/x.css";</style>',
  '\u202egnp.exe\u202c \u0000\u0007\u001b[31m',
];
const TEXT = PAYLOADS.join(' ');
/** A string literal safe inside <script>: no `</script>` can end it early. */
const js = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function hostileServer(): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>${esc(TEXT)}</title></head><body>
<h1>${esc(TEXT)}</h1>
<div role="alert">${esc(TEXT)}</div>
<label for="f">${esc(TEXT)}</label><input id="f" aria-invalid="true" aria-describedby="m"><p id="m">${esc(TEXT)}</p>
<script>console.error(${js(TEXT)}); alert(${js(TEXT)});</script>
</body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const JOURNEY = `id: hostile
name: ${JSON.stringify(TEXT)}
start: /
steps:
  - name: ${JSON.stringify(TEXT)}
    expect: { role: heading, name: Never there, patience: 2000 }
`;

test('a report quoting script payloads runs none of them, with and without its CSP', async ({ page }) => {
  const server = await hostileServer();
  const dir = tempDir('ms-hostile-');
  writeFileSync(join(dir, 'hostile.journey.yaml'), JOURNEY);
  writeFileSync(join(dir, 'mystery-shopper.config.json'), '{"journeys": ["."]}');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const child = spawn(process.execPath, [join(ROOT, 'bin/mystery-shopper.mjs'), 'run', '--base-url', url, '--out', 'reports'], { cwd: dir });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  server.close();
  expect(code).toBe(1);
  const html = readFileSync(join(dir, 'reports/latest/index.html'), 'utf8');
  // The payloads are in the report, as text.
  expect(html).toContain('&lt;script&gt;window.__pwned');
  expect(html).not.toContain('<script>window.__pwned');
  const withoutCsp = join(dir, 'reports/latest/no-csp.html');
  writeFileSync(withoutCsp, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, ''));

  for (const file of [join(dir, 'reports/latest/index.html'), withoutCsp]) {
    const dialogs: string[] = [];
    const outside: string[] = [];
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) outside.push(r.url());
    });
    await page.goto(`file://${file}`);
    await expect(page.locator('h1').first()).toBeVisible();
    // Open every folded section, so nothing stays unrendered.
    for (const d of await page.locator('details').all()) await d.evaluate((el) => ((el as HTMLDetailsElement).open = true));
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), file).toBeUndefined();
    expect(dialogs, file).toEqual([]);
    expect(outside, file).toEqual([]);
    expect(await page.locator('script, iframe, object, embed').count(), file).toBe(0);
    // No element carries an event handler, and no link or image points at script.
    const live = await page.evaluate(() =>
      [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => /^on/i.test(a.name) || (/^(href|src|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value))).map((a) => `${el.tagName} ${a.name}`),
      ),
    );
    expect(live, file).toEqual([]);
    // The text is there for the reader, the bidi override and control characters shown, not obeyed.
    await expect(page.getByText('window.__pwned=2').first()).toBeAttached();
  }
});
