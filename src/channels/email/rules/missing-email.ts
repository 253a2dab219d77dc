import { z } from 'zod';
import { causeOf, sameText } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { expectationsOf, isAcknowledgement } from './email-format.ts';
import { formatDurations, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'missing-email',
  title: 'Missing email',
  description:
    'The customer waited for an email (an order confirmation, a return label, a claim receipt) as long as their patience lasts and none came (one that comes late is slow-email). Without it they do not know whether the company got their order or request, and they call or write again. The journey goes on; a later step that needs the email is a dead end.',
  severity: 'major',
  options: z.strictObject({}),
  evaluate(run) {
    const drafts: FindingDraft[] = [];
    for (const { x } of expectationsOf(run)) {
      // An answer awaited after the acknowledgement (a later email.expectReply) is an email that may go missing too.
      if (x.emailId !== undefined || (x.kind !== 'email' && isAcknowledgement(run, x))) continue;
      const patience = x.patienceMs ?? x.withinMs ?? 0;
      const [waited] = formatDurations(patience, patience);
      const sent = x.answers !== undefined ? run.channels?.email?.sent.find((s) => s.id === x.answers) : undefined;
      drafts.push({
        ...stepRef(run, x.stepIndex),
        message:
          x.kind === 'email'
            ? `The customer waited ${waited} for an email (${x.label.replace(/^email\.expect /, '')}) and none arrived.`
            : `The customer waited ${waited} for the answer to their email${sent ? ` “${sent.subject}”` : ''} and none arrived.`,
        cause: causeOf(sameText(x.label)),
        evidence: { metric: { name: 'emailWait', value: patience, unit: 'ms' }, excerpt: [`Inbox: ${run.channels?.email?.address ?? ''}`], technical: [`Expected: ${x.label}`] },
      });
    }
    return drafts;
  },
});
