import { z } from 'zod';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { formatDurations } from '../../../friction/rules/format.ts';
import { callsOf, callStep, quoteCall } from '../analysis.ts';

export default defineRule({
  id: 'hold-wait',
  title: 'Long hold',
  description:
    'After a person answered, the caller was put on hold (music, or a queue) longer than the budget, in all. The caller has already explained their problem and now waits in silence, not knowing whether anyone is working on it. A wait before the first person is slow-to-person, not a hold. Minor when over budget, major when far over it.',
  severity: 'minor',
  options: z.strictObject({
    budgetMs: z.number().positive().default(60_000).describe('Longest acceptable time on hold after a person answered, in all, ms'),
    majorFactor: z.number().min(1).default(3).describe('A hold longer than its budget × this factor is major instead of minor'),
  }),
  evaluate(run, ctx) {
    const { options } = ctx;
    const drafts: FindingDraft[] = [];
    for (const { call, a } of callsOf(run, ctx)) {
      const held = a.metrics.holdMs;
      if (!a.holds.length || !(held > options.budgetMs)) continue;
      const longest = a.holds.reduce((x, h) => (h.durationMs > x.durationMs ? h : x));
      const first = a.holds[0];
      const [took, limit] = formatDurations(held, options.budgetMs);
      const who = first.heldBy ? `a person (${first.heldBy})` : 'a person';
      drafts.push({
        ...(held > options.budgetMs * options.majorFactor ? { severity: 'major' as const } : {}),
        ...callStep(run, longest.stepIndex),
        message:
          a.holds.length === 1
            ? `The caller was put on hold for ${took} after ${who} answered; the budget is ${limit}.`
            : `The caller was put on hold ${a.holds.length} times after ${who} answered, ${took} in all; the budget is ${limit}.`,
        cause: causeOf(a.line, first.heldBy ?? ''),
        evidence: {
          metric: { name: 'hold', value: held, threshold: options.budgetMs, unit: 'ms' },
          excerpt: quoteCall(call, [a.personEventIndex, ...a.holds.flatMap((h) => [h.eventIndexes[0], h.eventIndexes.at(-1)])]),
        },
      });
    }
    return drafts;
  },
});
