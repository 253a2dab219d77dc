import { z } from 'zod';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { expectationsOf, quoteEmail } from './email-format.ts';
import { NO_REPLY_PATTERN } from '../match.ts';
import type { EmailAnalysis } from '../definition.ts';
import { regexString, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'no-reply-path',
  title: 'No way to reply',
  description:
    'An email the customer received comes from a no-reply address and names no other address to reply to. A customer with a question about it has to go looking for a contact form instead of pressing Reply.',
  severity: 'major',
  options: z.strictObject({
    noReplyPattern: regexString
      .default(NO_REPLY_PATTERN)
      .describe('A sender or Reply-To whose local part matches this (case-insensitive) cannot be replied to.'),
  }),
  evaluate(run, { analysis }) {
    // Where each email's reply goes was worked out once, with this rule's pattern (see definition.ts).
    const replyPaths = (analysis.email as EmailAnalysis | undefined)?.replyPaths ?? {};
    const drafts: FindingDraft[] = [];
    for (const { x, email } of expectationsOf(run)) {
      if (!email || replyPaths[email.id] !== null) continue;
      drafts.push({
        ...stepRef(run, x.stepIndex),
        // One sender that cannot be answered is one cause, whichever emails it sends.
        cause: causeOf(email.from, email.replyTo.join(',')),
        message: `“${email.subject}” comes from ${email.from || 'no sender'}${email.replyTo.length ? ` and replies go to ${email.replyTo.join(', ')}` : ' with no Reply-To'}: the customer cannot answer it.`,
        evidence: { excerpt: quoteEmail(email, 4) },
      });
    }
    return drafts;
  },
});
