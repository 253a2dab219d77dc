import { z } from 'zod';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { formatDurations } from '../../../friction/rules/format.ts';
import { callsOf, callStep, quoteCall } from '../analysis.ts';

export default defineRule({
  id: 'long-prompt',
  title: 'Long announcements before the menu',
  description:
    'Callers listened to announcements (welcome, recordings, "calls may be recorded", offers) for longer than the budget before the first option, or the first request to key something in. Every second of it is spent before the caller can do anything, on every call. Minor when over budget, major when far over it.',
  severity: 'minor',
  options: z.strictObject({
    budgetMs: z.number().positive().default(15_000).describe('Longest acceptable time from the call being answered to the first option, ms'),
    majorFactor: z.number().min(1).default(2).describe('Announcements longer than the budget × this factor are major instead of minor'),
  }),
  evaluate(run, ctx) {
    const { options } = ctx;
    const drafts: FindingDraft[] = [];
    for (const { call, a } of callsOf(run, ctx)) {
      if (a.firstOptionAtMs === undefined || !a.firstOption || !(a.firstOptionAtMs > options.budgetMs)) continue;
      const [took, limit] = formatDurations(a.firstOptionAtMs, options.budgetMs);
      const heard = a.announcements.length > 7 ? [...a.announcements.slice(0, 6), a.announcements.at(-1)] : a.announcements;
      drafts.push({
        ...(a.firstOptionAtMs > options.budgetMs * options.majorFactor ? { severity: 'major' as const } : {}),
        ...callStep(run, call.events[a.firstOption.eventIndex].stepIndex ?? call.placedInStep),
        message: `Callers listened to ${took} of announcements before the first option (“${a.firstOption.sentence}”); the budget is ${limit}.`,
        cause: causeOf(a.line),
        evidence: {
          metric: { name: 'firstOption', value: a.firstOptionAtMs, threshold: options.budgetMs, unit: 'ms' },
          excerpt: quoteCall(call, [...heard, a.firstOption.eventIndex]),
        },
      });
    }
    return drafts;
  },
});
