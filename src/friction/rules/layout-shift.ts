import { z } from 'zod';
import { causeOf, pagePath } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { stepRef } from './format.ts';
import { capital, elementWords, onePerPlace, pageName } from './slow-page.ts';

export default defineRule({
  id: 'layout-shift',
  title: 'Page jumps as it loads',
  description:
    'The page moved under the customer while they read or reached for something (Cumulative Layout Shift, measured in the page): late banners, images without a size, content pushed down. Customers lose their place or click the wrong thing. Minor past Google\'s "good" limit, major past its "poor" one.',
  severity: 'minor',
  options: z.strictObject({
    cls: z.number().nonnegative().default(0.1).describe('A page whose Cumulative Layout Shift is over this moves under the customer (Google\'s "good" limit).'),
    clsPoor: z.number().nonnegative().default(0.25).describe('…and over this, major (Google\'s "poor").'),
  }),
  evaluate(run, { options }) {
    const drafts: FindingDraft[] = [];
    for (const page of run.pages ?? []) {
      const cls = page.vitals?.cls;
      if (cls === undefined || !(cls > options.cls)) continue;
      const { screenshot, ...step } = stepRef(run, page.stepIndex);
      const what = elementWords(page.vitals?.clsElement);
      const [shown, limit] = twoScores(cls, options.cls);
      drafts.push({
        ...(cls > options.clsPoor ? { severity: 'major' as const } : {}),
        ...step,
        cause: causeOf(pagePath(page.url), 'cls'),
        message: `${capital(pageName(page))} jumped under the customer${what ? `: ${what} moved` : ''} (layout shift ${shown}; ${limit} or less is good).`,
        evidence: {
          metric: { name: 'cumulativeLayoutShift', value: cls, threshold: options.cls, unit: 'count' },
          ...(screenshot ? { screenshot } : {}),
          url: page.url,
          ...(page.vitals?.clsElement ? { technical: [`Moved most: ${page.vitals.clsElement}`] } : {}),
        },
      });
    }
    return onePerPlace(drafts);
  },
});

/** A score and its limit with just enough decimals that one over the limit never reads the same (0.102 vs 0.1). */
function twoScores(value: number, limit: number): [string, string] {
  for (let places = 2; places <= 4; places++) {
    const [a, b] = [+value.toFixed(places), +limit.toFixed(places)];
    if (a !== b) return [String(a), String(b)];
  }
  return [String(value), String(limit)];
}
