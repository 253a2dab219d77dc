import { z } from 'zod';
import { causeOf, sameText } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { expectationsOf, isAcknowledgement, quoteEmail } from './email-format.ts';
import { regexString, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'no-promised-timeframe',
  title: 'No promised response time',
  description:
    'An acknowledgement says the company has the customer\'s message or claim but not when they will hear back, or (as a `check` kind) a page does not say how soon they answer. Without a promise ("within 2 business days") customers chase.',
  severity: 'minor',
  options: z.strictObject({
    timeframePattern: regexString
      .default('\\b(within|in (the )?next|by)\\s+(\\d+|one|two|three|a few)?\\s*(business |working )?(minutes?|hours?|days?|weeks?)\\b')
      .describe('An acknowledgement whose text matches this (case-insensitive) promises a response time.'),
  }),
  evaluate(run, { options }) {
    const promise = new RegExp(options.timeframePattern, 'i');
    const drafts: FindingDraft[] = [];
    for (const { x, email } of expectationsOf(run)) {
      if (!isAcknowledgement(run, x) || !email) continue;
      if (promise.test(email.text) || promise.test(email.subject)) continue;
      drafts.push({
        ...stepRef(run, x.stepIndex),
        cause: causeOf('email', sameText(email.subject)),
        message: `The acknowledgement “${email.subject}” does not say when the customer will hear back.`,
        evidence: { excerpt: quoteEmail(email, 8) },
      });
    }
    return drafts;
  },
});
