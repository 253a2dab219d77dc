import { performance } from 'node:perf_hooks';
import type { Locator, Page } from 'playwright';
import { shownError } from '../../observers/customer-view.ts';

/**
 * Waits up to `ms` for the first match to be visible. With `errorPatienceMs`, gives up once the
 * page has kept showing an error that long (the customer reads it and stops waiting): `refused`
 * is that error's text.
 */
export async function appears(
  page: Page,
  locator: Locator,
  ms: number,
  errorPatienceMs?: number,
): Promise<{ appeared: true; tookMs: number } | { appeared: false; refused?: string }> {
  const t0 = performance.now();
  const stop = new AbortController();
  try {
    const appeared = locator
      .first()
      .waitFor({ state: 'visible', timeout: Math.max(1, ms) })
      .then(() => undefined);
    appeared.catch(() => undefined); // still waiting when the customer gave up on an error: not a failure of its own
    const refused = await (errorPatienceMs === undefined ? appeared : Promise.race([appeared, errorStaysShown(page, errorPatienceMs, stop.signal)]));
    if (refused !== undefined) return { appeared: false, refused };
    return { appeared: true, tookMs: performance.now() - t0 };
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') return { appeared: false };
    throw err;
  } finally {
    stop.abort();
  }
}

/**
 * Resolves with the error text once the page has shown the same error (role=alert, an invalid
 * field…) for `ms` without moving on: a customer reads it and gives up rather than waiting out
 * their patience. Never resolves otherwise (until aborted).
 */
export function errorStaysShown(page: Page, ms: number, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    let since = 0;
    let last = '';
    const poll = async () => {
      if (signal.aborted) return;
      const shown = await shownError(page);
      if (signal.aborted) return;
      const t = performance.now();
      if (shown && shown === last) {
        if (t - since >= ms) return resolve(shown);
      } else {
        last = shown;
        since = t;
      }
      setTimeout(() => void poll(), 250);
    };
    void poll();
  });
}
