import { z } from 'zod';
import { causeOf, pagePath, sameText } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { expectationsOf, quoteEmail } from './email-format.ts';
import { formatDurations, majorFactorOption, stepRef } from './format.ts';

export default defineRule({
  id: 'slow-email',
  title: 'Slow email',
  description:
    'An email the customer was waiting for arrived later than it should, counted from the step that set it off. A confirmation that takes minutes makes customers doubt the order went through. Minor when late, major when far too late.',
  severity: 'minor',
  options: z.strictObject({
    maxMs: z.number().positive().default(5000).describe('An email should arrive within this many ms of the step that set it off, unless the journey says `within`.'),
    majorFactor: majorFactorOption('An email'),
  }),
  evaluate(run, { options }) {
    const drafts: FindingDraft[] = [];
    for (const { x, email } of expectationsOf(run)) {
      // The journey's own `within` is the budget; without one, the rule's limit.
      const limitMs = x.withinMs ?? options.maxMs;
      if (!email || x.delayMs === undefined || !(x.delayMs > limitMs)) continue;
      const [took, limit] = formatDurations(x.delayMs, limitMs);
      drafts.push({
        ...(x.delayMs > limitMs * options.majorFactor ? { severity: 'major' as const } : {}),
        cause: causeOf(sameText(email.subject)),
        ...stepRef(run, x.stepIndex),
        message: `The email “${email.subject}” took ${took} to arrive; it should take at most ${limit}.`,
        evidence: { metric: { name: 'emailDelay', value: x.delayMs, threshold: limitMs, unit: 'ms' }, excerpt: quoteEmail(email, 6) },
      });
    }
    return drafts;
  },
});
