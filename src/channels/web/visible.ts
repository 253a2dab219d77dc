import { performance } from 'node:perf_hooks';
import type { Locator, Page } from 'playwright';
import { shownError } from '../../observers/customer-view.ts';
import { StepFailure, type ActionContext } from '../action.ts';
import { waitRecord } from '../wait.ts';
import { formatMs } from '../../model/duration.ts';

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
 * Waits up to the customer's patience for the first match to be visible. With a budget
 * (`withinMs`), records the wait: late is a slow finding (the run goes on), never coming is a
 * dead end. The failure says what the customer expected in their words; the runner adds what
 * the page showed instead.
 */
export async function waitForVisible(
  ctx: Pick<ActionContext, 'page' | 'patienceMs' | 'errorPatienceMs' | 'recordWait'>,
  locator: Locator,
  what: string,
  label: string,
  withinMs?: number,
): Promise<void> {
  const r = await appears(ctx.page, locator, ctx.patienceMs, ctx.errorPatienceMs);
  if (!r.appeared) {
    ctx.recordWait(waitRecord({ action: label, withinMs, patienceMs: ctx.patienceMs }));
    throw new StepFailure(
      'expectation',
      r.refused !== undefined
        ? `Expected to see ${what}; the page showed an error instead (“${r.refused}”).`
        : `Expected to see ${what}; it did not appear within ${formatMs(ctx.patienceMs)}.`,
    );
  }
  if (withinMs === undefined) return;
  ctx.recordWait(waitRecord({ action: label, withinMs, patienceMs: ctx.patienceMs, tookMs: r.tookMs }));
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
