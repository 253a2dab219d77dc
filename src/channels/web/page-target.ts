import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Locator, Page } from 'playwright';
import { formatMs } from '../../model/duration.ts';
import { StepFailure, type ActionContext } from '../action.ts';
import { waitRecord } from '../wait.ts';
import { describeLocator, LOCATOR_KINDS, LocatorFields, toLocator, type LocatorSpec } from './locator.ts';
import { matchText } from '../text.ts';
import { appears, errorStaysShown } from './visible.ts';

/** What `expect` and `check` look at on the page: one of a locator, the URL or the title. */
export const PageTargetFields = {
  ...LocatorFields,
  url: z.string().min(1, 'expected some text (an empty URL matches anything)').optional().describe('The page URL contains this (or matches /regex/)'),
  title: z.string().min(1, 'expected some text (an empty title matches anything)').optional().describe('The page title contains this (or matches /regex/)'),
};

/** `count: 3`, or a range such as `count: { min: 1 }` or `count: { min: 2, max: 5 }`. */
const CountRange = z
  .object({
    min: z.number().int().nonnegative().optional().describe('At least this many'),
    max: z.number().int().nonnegative().optional().describe('At most this many'),
  })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'expected min, max or both' })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must not be more than max' });

/**
 * How `expect` and `check` turn round or count what they look for. One definition for both, so
 * they judge alike (see judgePage).
 */
export const PageJudgementFields = {
  absent: z
    .boolean()
    .optional()
    .describe('Turn it round: it must NOT be there (an error banner, a surcharge, a spinner that should have gone). On the page, waits up to the patience for it to go away'),
  count: z
    .union([z.number().int().nonnegative(), CountRange], { error: 'expected a number (exactly that many) or { min, max }' })
    .optional()
    .describe('How many visible matches there must be: a number (exactly), or `{ min, max }` (either or both). Waits up to the patience for it; only with a locator (not `nth`)'),
};
type Count = z.infer<typeof PageJudgementFields.count>;

/** The fields judgePage reads: a page target and how to judge it. */
export type PageTarget = { url?: string; title?: string; absent?: boolean; count?: Count } & Record<string, unknown>;

/**
 * Exactly one target (a locator kind, `url`, `title`, or one of `extra`), `name` only with `role`,
 * and `count` only for elements on the page, not with `absent` or `nth`.
 */
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
  if (v.count === undefined) return;
  const notOnPage = kinds.filter((k) => !(LOCATOR_KINDS as readonly string[]).includes(k));
  if (notOnPage.length) {
    ctx.addIssue({ code: 'custom', path: ['count'], message: `\`count\` counts elements on the page (${LOCATOR_KINDS.join(', ')}), not ${notOnPage.join(' or ')}` });
  }
  if (v.absent === true) ctx.addIssue({ code: 'custom', path: ['count'], message: '`count` and `absent` do not go together (`absent: true` means none: `count: 0`)' });
  if (v.nth !== undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: '`count` counts every match: leave out `nth`' });
}

/** `3`, `at least 1`, `at most 5`, `2 to 5`. */
function countPhrase(count: Count): string {
  if (typeof count === 'number') return `exactly ${count}`;
  const { min, max } = count ?? {};
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}` : `${min} to ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

const countFits = (count: Count, n: number): boolean =>
  typeof count === 'number' ? n === count : (count?.min === undefined || n >= count.min) && (count?.max === undefined || n <= count.max);

/** The label of a page target as written: `no text "Loading"`, `listitem (count 3)`, `url /cart`. */
export function describePageTarget(a: PageTarget): string {
  const what = a.url !== undefined ? `url ${a.url}` : a.title !== undefined ? `title "${a.title}"` : describeLocator(locatorOf(a));
  return `${a.absent ? 'no ' : ''}${what}${a.count !== undefined ? ` (count ${shortCount(a.count)})` : ''}`;
}

/** `3`, `≥ 1`, `≤ 5`, `2–5`. */
function shortCount(count: NonNullable<Count>): string {
  if (typeof count === 'number') return String(count);
  const { min, max } = count;
  if (min !== undefined && max !== undefined) return min === max ? String(min) : `${min}–${max}`;
  return min !== undefined ? `≥ ${min}` : `≤ ${max}`;
}

/** The locator fields of an action's args (they may hold waits, a finding, a message…). */
export function locatorOf(a: Record<string, unknown>): LocatorSpec {
  return Object.fromEntries(Object.keys(LocatorFields).filter((k) => a[k] !== undefined).map((k) => [k, a[k]])) as LocatorSpec;
}

/** Waits up to `ms` for the URL or title to match (or, with `absent`, to stop matching); returns the last value seen. */
export async function waitForPageValue(page: Page, what: 'url' | 'title', expected: string, ms: number, absent = false): Promise<{ matched: boolean; actual: string; tookMs: number }> {
  const t0 = performance.now();
  for (;;) {
    const actual = what === 'url' ? page.url() : await page.title().catch(() => '');
    if (matchText(actual, expected) !== absent) return { matched: true, actual, tookMs: performance.now() - t0 };
    if (performance.now() - t0 >= ms) return { matched: false, actual, tookMs: performance.now() - t0 };
    await page.waitForTimeout(50);
  }
}

/** What judgePage found. */
export interface PageVerdict {
  on: 'page' | 'url' | 'title';
  passed: boolean;
  /** How long until it held, ms (when it did). */
  tookMs?: number;
  /** Why it failed, in the customer's words: the message of a dead end. */
  failure?: string;
  /** What was there instead, for a failed check: the URL or title seen, or the count and the matches. */
  instead?: string[];
}

const MAX_LISTED = 5;

/**
 * The one judgement of `expect` and `check` on the page: waits up to `ms` for the target to be
 * there (or gone, with `absent`, or there as many times as `count` says). Visible matches are
 * what a customer can count. With `errorPatienceMs`, a customer waiting for something to appear
 * gives up once the page keeps showing an error that long; one waiting for something to go away
 * is told what stayed.
 */
export async function judgePage(page: Page, a: PageTarget, ms: number, errorPatienceMs?: number): Promise<PageVerdict> {
  const within = formatMs(ms);
  if (a.url !== undefined || a.title !== undefined) {
    const on = a.url !== undefined ? 'url' : 'title';
    const expected = (a.url ?? a.title) as string;
    const r = await waitForPageValue(page, on, expected, ms, a.absent);
    if (r.matched) return { on, passed: true, tookMs: r.tookMs };
    const thing = on === 'url' ? 'address' : 'title';
    return {
      on,
      passed: false,
      failure: `Expected the page ${thing} ${a.absent ? 'no longer to show' : 'to show'} “${expected}” within ${within}; it was “${r.actual}”.`,
      instead: [r.actual],
    };
  }
  const spec = locatorOf(a);
  const what = describeLocator(spec);
  const locator = toLocator(page, spec);
  if (!a.absent && a.count === undefined) {
    const r = await appears(page, locator, ms, errorPatienceMs);
    if (r.appeared) return { on: 'page', passed: true, tookMs: r.tookMs };
    return {
      on: 'page',
      passed: false,
      failure:
        r.refused !== undefined
          ? `Expected to see ${what}; the page showed an error instead (“${r.refused}”).`
          : `Expected to see ${what}; it did not appear within ${within}.`,
    };
  }
  const count: Count = a.absent ? 0 : a.count;
  // Waiting for something to appear, the customer gives up on an error; waiting for something to go, they do not.
  const appearing = !a.absent && !(typeof count === 'number' ? count === 0 : count?.max === 0);
  const r = await countUntil(page, locator.filter({ visible: true }), count, ms, appearing ? errorPatienceMs : undefined);
  if (r.fits) return { on: 'page', passed: true, tookMs: r.tookMs };
  const listed = r.seen.length ? `: ${r.seen.map((t) => `“${t}”`).join(', ')}${r.found > r.seen.length ? ', …' : ''}` : '';
  const failure = r.refused !== undefined
    ? `Expected to see ${what} (${countPhrase(count)}); the page showed an error instead (“${r.refused}”).`
    : a.absent
      ? `Expected ${what} to be gone within ${within}; the page still showed ${r.found === 1 ? 'it' : `${r.found} of them`}${listed}.`
      : `Expected to see ${what} (${countPhrase(count)}) within ${within}; the page showed ${r.found}${listed}.`;
  return {
    on: 'page',
    passed: false,
    failure,
    instead: [`${r.found} on the page (expected ${a.absent ? 'none' : countPhrase(count)})`, ...r.seen.map((t) => `“${t}”`)],
  };
}

/**
 * `expect` and `waitFor`: the customer needs the page to come to show the target within their
 * patience. With a budget (`within`), records the wait: late is a slow finding (the run goes on);
 * not so is a dead end, whose failure says what the customer expected in their words (the runner
 * adds what the page showed instead).
 */
export async function mustSee(
  ctx: Pick<ActionContext, 'page' | 'patienceMs' | 'errorPatienceMs' | 'recordWait'>,
  a: PageTarget & { within?: number },
  label: string,
): Promise<void> {
  const verdict = await judgePage(ctx.page, a, ctx.patienceMs, ctx.errorPatienceMs);
  if (!verdict.passed) {
    ctx.recordWait(waitRecord({ action: label, withinMs: a.within, patienceMs: ctx.patienceMs }));
    throw new StepFailure('expectation', verdict.failure ?? `Expected ${describePageTarget(a)}.`);
  }
  if (a.within !== undefined) ctx.recordWait(waitRecord({ action: label, withinMs: a.within, patienceMs: ctx.patienceMs, tookMs: verdict.tookMs }));
}

/** Polls the number of visible matches until it fits the count, the time is up, or an error stays shown. */
async function countUntil(
  page: Page,
  visible: Locator,
  count: Count,
  ms: number,
  errorPatienceMs?: number,
): Promise<{ fits: boolean; found: number; seen: string[]; tookMs: number; refused?: string }> {
  const t0 = performance.now();
  const stop = new AbortController();
  let refused: string | undefined;
  if (errorPatienceMs !== undefined) {
    void errorStaysShown(page, errorPatienceMs, stop.signal).then((text) => {
      refused = text;
    });
  }
  try {
    let found = 0;
    for (;;) {
      // A page navigating away has no count for a moment: look again rather than judge it.
      const now = await visible.count().catch(() => undefined);
      const tookMs = performance.now() - t0;
      if (now !== undefined) found = now;
      if (now !== undefined && countFits(count, found)) return { fits: true, found, seen: [], tookMs };
      if (refused !== undefined || tookMs >= ms) return { fits: false, found, seen: await inCustomersWords(visible), tookMs, ...(refused !== undefined ? { refused } : {}) };
      await sleep(Math.min(50, Math.max(1, ms - tookMs)));
    }
  } finally {
    stop.abort();
  }
}

/** The first few matches as a customer reads them: their text, else their label, value or placeholder. */
async function inCustomersWords(visible: Locator): Promise<string[]> {
  const texts = await visible
    .evaluateAll(
      (els, max) =>
        els.slice(0, max).map((el) => {
          const e = el as HTMLElement & { value?: unknown; placeholder?: unknown; alt?: unknown };
          const said = [e.innerText, e.getAttribute('aria-label'), typeof e.value === 'string' ? e.value : '', e.placeholder, e.alt, e.title].find(
            (t) => typeof t === 'string' && t.trim() !== '',
          );
          return typeof said === 'string' ? said : `<${e.tagName.toLowerCase()}>`;
        }),
      MAX_LISTED,
    )
    .catch(() => [] as string[]);
  return texts.map((t) => {
    const one = t.replace(/\s+/g, ' ').trim();
    return one.length > 80 ? `${one.slice(0, 79)}…` : one;
  });
}
