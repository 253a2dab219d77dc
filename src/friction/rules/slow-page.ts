import { z } from 'zod';
import type { PageHealth } from '../../model/page-health.ts';
import type { RunRecord } from '../../model/run-record.ts';
import { causeOf, pagePath } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { formatDurations, stepRef, withoutQuery } from './format.ts';

// ---------------------------------------------------------------------------------------------
// Shared by the page-health rules (slow-page, layout-shift, accessibility, broken-image).

/** A page as the customer knows it: its title, else its address. */
export function pageName(page: Pick<PageHealth, 'url' | 'title'>): string {
  return page.title ? `the page “${page.title}”` : `the page ${pathOf(page.url)}`;
}

/** The address without origin, query or fragment (`/products/espresso`). */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return withoutQuery(url);
  }
}

const ELEMENT_WORDS: Record<string, string> = {
  img: 'an image',
  picture: 'an image',
  svg: 'an image',
  canvas: 'an image',
  image: 'an image',
  video: 'a video',
  iframe: 'an embedded frame',
  h1: 'a heading',
  h2: 'a heading',
  h3: 'a heading',
  h4: 'a heading',
  h5: 'a heading',
  h6: 'a heading',
  p: 'a paragraph',
  a: 'a link',
  button: 'a button',
  input: 'a form field',
  select: 'a form field',
  textarea: 'a form field',
  label: 'a form label',
  form: 'a form',
  ul: 'a list',
  ol: 'a list',
  li: 'a list item',
  table: 'a table',
  tr: 'a table',
  td: 'a table',
  th: 'a table',
  nav: 'the navigation',
  header: 'the header',
  footer: 'the footer',
  aside: 'a side panel',
  dialog: 'a dialog',
  html: 'the page’s content',
  body: 'the page’s content',
  main: 'the page’s content',
};

/**
 * What an element the page's measures name is, in plain words (`#app>img.hero` → "an image"),
 * from the tag of its selector's last part: the selector itself is technical detail.
 */
export function elementWords(selector: string | undefined): string | undefined {
  if (!selector) return undefined;
  const last = selector.trim().split(/\s*(?:>>|>|\s|\+|~)\s*/).filter(Boolean).at(-1) ?? '';
  const tag = /^[a-z][a-z0-9-]*/i.exec(last)?.[0]?.toLowerCase();
  return (tag && ELEMENT_WORDS[tag]) ?? 'a block of content';
}

/**
 * True when a step the page was shown in is over its time budget: slow-step's finding, not a page
 * rule's (one slow server is one friction point). A page records its last step; it was shown from
 * the step after the page before it ended (or that same step, when both came in one step).
 */
export function shownInStepOverBudget(run: RunRecord, index: number): boolean {
  const pages = run.pages ?? [];
  const page = pages[index];
  if (page?.stepIndex === undefined) return false;
  const before = pages
    .slice(0, index)
    .map((p) => p.stepIndex)
    .filter((i) => i !== undefined)
    .at(-1);
  const from = before === undefined ? 0 : Math.min(before + 1, page.stepIndex);
  return run.steps.some((s) => s.index >= from && s.index <= page.stepIndex! && s.budgetMs !== undefined && s.durationMs > s.budgetMs);
}

/** Keeps one draft per cause and step (the most severe): a page visited twice in a step is one place. */
export function onePerPlace(drafts: FindingDraft[]): FindingDraft[] {
  const kept = new Map<string, FindingDraft>();
  for (const d of drafts) {
    const key = `${d.cause}|${d.stepIndex ?? -1}`;
    const had = kept.get(key);
    if (!had || (d.severity === 'major' && had.severity !== 'major')) kept.set(key, d);
  }
  return [...kept.values()];
}

// ---------------------------------------------------------------------------------------------

export default defineRule({
  id: 'slow-page',
  title: 'Slow page',
  description:
    'A page showed its main content late (Largest Contentful Paint) or answered the customer\'s click or key slowly (Interaction to Next Paint), as measured in the page itself. Minor past Google\'s "good" limits, major past its "poor" ones. A page shown in a step already over its time budget is left to `slow-step`, so one slow server is one friction point.',
  severity: 'minor',
  options: z.strictObject({
    lcpMs: z
      .number()
      .positive()
      .default(2500)
      .describe('A page whose main content (Largest Contentful Paint) shows later than this, ms, is slow (Google\'s "good" limit).'),
    lcpPoorMs: z.number().positive().default(4000).describe('…and later than this, ms, major (Google\'s "poor").'),
    inpMs: z
      .number()
      .positive()
      .default(200)
      .describe('A page that takes longer than this to answer a click or key (Interaction to Next Paint), ms, is slow (Google\'s "good" limit).'),
    inpPoorMs: z.number().positive().default(500).describe('…and longer than this, ms, major (Google\'s "poor").'),
  }),
  evaluate(run, { options }) {
    const drafts: FindingDraft[] = [];
    for (const [index, page] of (run.pages ?? []).entries()) {
      const v = page.vitals;
      if (!v || shownInStepOverBudget(run, index)) continue;
      const { screenshot, ...step } = stepRef(run, page.stepIndex);
      const judged = [
        { metric: 'lcp', name: 'largestContentfulPaint', value: v.lcpMs, good: options.lcpMs, poor: options.lcpPoorMs, element: v.lcpElement },
        { metric: 'inp', name: 'interactionToNextPaint', value: v.inpMs, good: options.inpMs, poor: options.inpPoorMs, element: v.inpTarget },
      ];
      for (const m of judged) {
        if (m.value === undefined || !(m.value > m.good)) continue;
        const [took, good] = formatDurations(m.value, m.good);
        const what = elementWords(m.element);
        const message =
          m.metric === 'lcp'
            ? `${capital(pageName(page))} took ${took} to show its main content${what ? ` (${what})` : ''}; ${good} or less is good.`
            : `${capital(pageName(page))} took ${took} to answer the customer’s click or key${what ? ` (on ${what})` : ''}; ${good} or less is good.`;
        drafts.push({
          ...(m.value > m.poor ? { severity: 'major' as const } : {}),
          ...step,
          // The same page slow the same way is one cause, in every journey, persona and repeat.
          cause: causeOf(pagePath(page.url), m.metric),
          message,
          evidence: {
            metric: { name: m.name, value: m.value, threshold: m.good, unit: 'ms' },
            ...(screenshot ? { screenshot } : {}),
            url: page.url,
            ...(m.element ? { technical: [`${m.metric === 'lcp' ? 'Largest element' : 'Slowest interaction on'}: ${m.element}`] } : {}),
          },
        });
      }
    }
    return onePerPlace(drafts);
  },
});

export const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
