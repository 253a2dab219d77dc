// The config's `dismiss` and `consent` (overlays closed on the way), and the words the runner
// reads from Playwright's call log when something covers a click.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadConfig } from '../../src/config/load.ts';
import { Config } from '../../src/config/schema.ts';
import { ACCEPT_BUTTON, interceptingPreview, REJECT_BUTTON } from '../../src/runner/overlays.ts';

const configIn = (json: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-dismiss-'));
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify(json));
  return dir;
};

test('by default the built-in consent handler rejects; [] turns all handling off', () => {
  expect(Config.parse({})).toMatchObject({ dismiss: ['consent'], consent: 'reject' });
  expect(Config.parse({ dismiss: [], consent: 'accept' })).toMatchObject({ dismiss: [], consent: 'accept' });
});

test('an overlay of your own: a name, the overlay and what closes it, in the locator vocabulary of journeys', async () => {
  const newsletter = { name: 'newsletter pop-up', overlay: { css: '.nl-popup' }, close: { role: 'button', name: '/no thanks|close/i' } };
  const teaser = { name: 'chat teaser', overlay: { role: 'dialog', hasText: 'Can we help?' }, close: { testId: 'teaser-close' } };
  const { config } = await loadConfig(configIn({ dismiss: ['consent', newsletter, teaser] }));
  expect(config.dismiss).toEqual(['consent', newsletter, teaser]);
});

test('a bad entry names the file, the entry and what was expected', async () => {
  const err = (await loadConfig(
    configIn({
      consent: 'maybe',
      dismiss: [
        'cookies',
        { name: 'promo', overlay: { role: 'dialog' } },
        { name: 'promo', overlay: { css: '.promo', text: 'Sale' }, close: { role: 'button', name: 'Close' } },
        { name: 'promo', overlay: { css: '.promo' }, close: { name: 'Close' } },
      ],
    }),
  ).catch((e) => e)) as Error;
  expect(err.name).toBe('InputErrors');
  expect(err.message).toContain('mystery-shopper.config.json at consent: Invalid option: expected one of "reject"|"accept"');
  expect(err.message).toContain('mystery-shopper.config.json at dismiss[0]: expected "consent" (the built-in consent handler) or { name, overlay, close }');
  expect(err.message).toContain('mystery-shopper.config.json at dismiss[1]: close: Invalid input: expected object, received undefined');
  expect(err.message).toContain('mystery-shopper.config.json at dismiss[2].overlay: expected only one of role, label, text, testId, css, got text and css');
  expect(err.message).toContain('dismiss[3]');
  expect(err.message).toContain('`name` only goes with `role`');
});

test("the consent handler knows the buttons of common consent banners, and which of them refuse", () => {
  const refusals = ['Reject all', 'Reject', 'Decline', 'Deny', 'Refuse all', 'Only necessary', 'Use necessary cookies only', 'Accept only essential cookies', 'Allow only necessary', 'Continue without accepting'];
  const accepts = ['Accept all', 'Accept', 'Accept all cookies', 'I agree', 'Agree and close', 'Allow all', 'Allow cookies', 'OK', 'Got it'];
  for (const r of refusals) expect(REJECT_BUTTON.test(r), r).toBe(true);
  for (const a of accepts) expect(REJECT_BUTTON.test(a), a).toBe(false);
  for (const a of accepts) expect(ACCEPT_BUTTON.test(a), a).toBe(true);
  for (const other of ['Cookie settings', 'Manage preferences', 'Privacy policy', 'Add to cart', 'Booking', 'Okra salad']) {
    expect(ACCEPT_BUTTON.test(other) || REJECT_BUTTON.test(other), other).toBe(false);
  }
});

test("what covers a click is read from Playwright's call log: the last element in the way, or the subtree it belongs to", () => {
  const log = `TimeoutError: locator.click: Timeout 3000ms exceeded.
Call log:
  - waiting for getByRole('link', { name: 'Contact' })
    - locator resolved to <a href="/contact">Contact</a>
  - attempting click action
    2 × waiting for element to be visible, enabled and stable
      - element is visible, enabled and stable
      - scrolling into view if needed
      - done scrolling
      - <div id="consent">…</div> intercepts pointer events
    - retrying click action
      - <p>We use cookies to run the shop…</p> from <div role="dialog" aria-modal="true" aria-labelledby="consent-title">…</div> subtree intercepts pointer events`;
  expect(interceptingPreview(log)).toBe('<div role="dialog" aria-modal="true" aria-labelledby="consent-title">…</div>');
  expect(interceptingPreview(log.split('\n').slice(0, 10).join('\n'))).toBe('<div id="consent">…</div>');
  // As Playwright writes it: each call log line dimmed with terminal colour codes.
  expect(interceptingPreview('locator.click: Timeout 3 s exceeded.\n\u001b[2m      - <div id="consent">…</div> intercepts pointer events\u001b[22m')).toBe('<div id="consent">…</div>');
  expect(interceptingPreview('locator.click: Timeout 3000ms exceeded.\n  - element is not enabled')).toBeUndefined();
});
