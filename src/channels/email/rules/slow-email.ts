import { z } from 'zod';
import { causeOf, sameText } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { expectationsOf, quoteEmail } from './email-format.ts';
import { formatDurations, majorFactorOption, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'slow-email',
  title: 'Slow email',
  description:
    'An email the customer was waiting for arrived later than it should, counted from the step that set it off. A confirmation that takes minutes makes customers doubt the order went through; an answer to their own email is judged on its own, longer budget (`replyMaxMs`, 24 h). Minor when late, major when far too late.',
  severity: 'minor',
  options: z.strictObject({
    maxMs: z.number().positive().default(5000).describe('An email the site sends (a confirmation, a receipt) should arrive within this many ms of the step that set it off, unless the journey says `within`.'),
    replyMaxMs: z
      .number()
      .positive()
      .default(86_400_000)
      .describe("An answer to the customer's own email (`email.expectReply`) should arrive within this many ms of it (default 24 h), unless the journey says `within`."),
    majorFactor: majorFactorOption('An email'),
  }),
  evaluate(run, { options }) {
    const drafts: FindingDraft[] = [];
    for (const { x, email } of expectationsOf(run)) {
      // The journey's own `within` is the budget; without one, the rule's limit.
      // People answer email in hours; a site's confirmation comes in seconds.
      const limitMs = x.withinMs ?? (x.answers !== undefined ? options.replyMaxMs : options.maxMs);
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
