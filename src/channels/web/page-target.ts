import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Page } from 'playwright';
import { describeLocator, LOCATOR_KINDS, LocatorFields, matchText, type LocatorSpec } from './locator.ts';

/** What `expect` and `check` look at on the page: one of a locator, the URL or the title. */
export const PageTargetFields = {
  ...LocatorFields,
  url: z.string().min(1, 'expected some text (an empty URL matches anything)').optional().describe('The page URL contains this (or matches /regex/)'),
  title: z.string().min(1, 'expected some text (an empty title matches anything)').optional().describe('The page title contains this (or matches /regex/)'),
};

/** Exactly one target (a locator kind, `url`, `title`, or one of `extra`), and `name` only with `role`. */
export function onePageTarget(v: Record<string, unknown>, ctx: z.RefinementCtx, extra: readonly string[] = []): void {
  const targets = [...LOCATOR_KINDS, 'url', 'title', ...extra];
  const kinds = targets.filter((k) => v[k] !== undefined);
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: kinds.length === 0 ? `expected one of ${targets.join(', ')}` : `expected only one of ${targets.join(', ')}, got ${kinds.join(' and ')}`,
    });
  }
  if (v.name !== undefined && v.role === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: '`name` only goes with `role`' });
}

export function describePageTarget(a: { url?: string; title?: string } & Record<string, unknown>): string {
  if (a.url !== undefined) return `url ${a.url}`;
  if (a.title !== undefined) return `title "${a.title}"`;
  return describeLocator(a as LocatorSpec);
}

/** Waits up to `ms` for the URL or title to match; returns the last value seen when it never did. */
export async function waitForPageValue(page: Page, what: 'url' | 'title', expected: string, ms: number): Promise<{ matched: boolean; actual: string; tookMs: number }> {
  const t0 = performance.now();
  for (;;) {
    const actual = what === 'url' ? page.url() : await page.title().catch(() => '');
    if (matchText(actual, expected)) return { matched: true, actual, tookMs: performance.now() - t0 };
    if (performance.now() - t0 >= ms) return { matched: false, actual, tookMs: performance.now() - t0 };
    await page.waitForTimeout(50);
  }
}
