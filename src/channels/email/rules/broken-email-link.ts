import { z } from 'zod';
import { causeOf, pagePath } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { emailById } from './email-format.ts';
import { findStep, stepRef, withoutQuery } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'broken-email-link',
  title: 'Broken link in an email',
  description:
    'A link in an email the company sent (view the order, cancel, download the label) led to an error page, did not load, or did not bring the document it promised. The email promised a way forward and it did not work. Critical when the journey could not go on without it.',
  severity: 'major',
  options: z.strictObject({}),
  evaluate(run) {
    const drafts: FindingDraft[] = [];
    for (const link of run.channels?.email?.linksOpened ?? []) {
      const broken = link.failure !== undefined || (link.status !== undefined && link.status >= 400);
      if (!broken) continue;
      const email = emailById(run, link.emailId);
      const stopped = findStep(run, link.stepIndex)?.error?.reportedBy === 'broken-email-link';
      drafts.push({
        ...(stopped ? { severity: 'critical' as const } : {}),
        ...stepRef(run, link.stepIndex),
        cause: causeOf(pagePath(withoutQuery(link.href)), link.status ?? link.failure),
        message: `The link “${link.text}” in ${email ? `“${email.subject}”` : 'an email'} ${link.failure ? `could not be opened (${link.failure})` : `leads to an error page (HTTP ${link.status})`}.${stopped ? ' The customer could not go on without it.' : ''}`,
        evidence: { url: withoutQuery(link.href), excerpt: [`${link.text}: ${withoutQuery(link.href)}`] },
      });
    }
    return drafts;
  },
});
