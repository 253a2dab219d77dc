import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { describeDeclared, WaitFields } from '../../wait.ts';
import { describeLocator, LocatorFields, matchText, toLocator, type LocatorSpec } from '../locator.ts';
import { describeWait, waitForVisible } from '../visible.ts';
import { formatMs } from '../../../model/duration.ts';

const TARGETS = ['role', 'label', 'text', 'testId', 'css', 'url', 'title'] as const;

/** What `expect` and `check` look at on the page: one of a locator, the URL or the title. */
export const PageTargetFields = {
  ...LocatorFields,
  url: z.string().min(1, 'expected some text (an empty URL matches anything)').optional().describe('The page URL contains this (or matches /regex/)'),
  title: z.string().min(1, 'expected some text (an empty title matches anything)').optional().describe('The page title contains this (or matches /regex/)'),
};

export function onePageTarget(v: Record<string, unknown>, ctx: z.RefinementCtx, extra: readonly string[] = []): void {
  const kinds = [...TARGETS, ...extra].filter((k) => v[k] !== undefined);
  const all = [...TARGETS, ...extra].join(', ');
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: kinds.length === 0 ? `expected one of ${all}` : `expected only one of ${all}, got ${kinds.join(' and ')}`,
    });
  }
  if (v.name !== undefined && v.role === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: '`name` only goes with `role`' });
}

const ExpectArgs = z
  .object({ ...PageTargetFields, ...WaitFields })
  .strict()
  .superRefine((v, ctx) => onePageTarget(v, ctx));
type ExpectArgs = z.infer<typeof ExpectArgs>;

export function describePageTarget(a: { url?: string; title?: string } & Record<string, unknown>): string {
  if (a.url !== undefined) return `url ${a.url}`;
  if (a.title !== undefined) return `title "${a.title}"`;
  return describeWait(a as LocatorSpec);
}

/** Waits up to `ms` for the URL or title to match; returns the last value seen when it never did. */
export async function waitForPageValue(
  page: import('playwright').Page,
  what: 'url' | 'title',
  expected: string,
  ms: number,
): Promise<{ matched: boolean; actual: string; tookMs: number }> {
  const t0 = performance.now();
  for (;;) {
    const actual = what === 'url' ? page.url() : await page.title().catch(() => '');
    if (matchText(actual, expected)) return { matched: true, actual, tookMs: performance.now() - t0 };
    if (performance.now() - t0 >= ms) return { matched: false, actual, tookMs: performance.now() - t0 };
    await page.waitForTimeout(50);
  }
}

export default defineAction({
  name: 'expect',
  summary:
    'What the customer needs to see to go on: a text, an element, the URL or the title. Waits up to their patience; not there means they are stuck (a dead end). Use `check` for what they should find but can do without.',
  args: ExpectArgs,
  describe: (a) => `expect ${describePageTarget(a)}${describeDeclared(a)}`,
  async execute(ctx, a: ExpectArgs) {
    const label = `expect ${describePageTarget(a)}`;
    if (a.url !== undefined || a.title !== undefined) {
      const what = a.url !== undefined ? 'url' : 'title';
      const expected = (a.url ?? a.title) as string;
      const r = await waitForPageValue(ctx.page, what, expected, ctx.patienceMs);
      if (!r.matched) {
        ctx.recordWait({ action: label, ...(a.within !== undefined ? { withinMs: a.within } : {}), patienceMs: ctx.patienceMs, outcome: 'missing' });
        throw new StepFailure('expectation', `Expected the page ${what === 'url' ? 'address' : 'title'} to show “${expected}” within ${formatMs(ctx.patienceMs)}; it was “${r.actual}”.`);
      }
      if (a.within !== undefined) {
        ctx.recordWait({ action: label, withinMs: a.within, patienceMs: ctx.patienceMs, tookMs: r.tookMs, outcome: r.tookMs > a.within ? 'late' : 'in-time' });
      }
      return;
    }
    const { url: _u, title: _t, within, patience: _p, ...loc } = a;
    const spec = loc as LocatorSpec;
    await waitForVisible(ctx, toLocator(ctx.page, spec), describeLocator(spec), label, within);
  },
});
