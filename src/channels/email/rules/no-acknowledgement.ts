import { z } from 'zod';
import { causeOf, sameText } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { expectationsOf, isAcknowledgement } from './email-format.ts';
import { formatDurations, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'no-acknowledgement',
  title: 'No acknowledgement',
  description:
    'The customer wrote to the company (a reply, a claim, a request) and got no acknowledgement: no ticket number, no sign anyone has it. They will write again or call.',
  severity: 'major',
  options: z.strictObject({}),
  evaluate(run) {
    const drafts: FindingDraft[] = [];
    for (const { x } of expectationsOf(run)) {
      if (!isAcknowledgement(run, x) || x.emailId !== undefined) continue;
      const patience = x.patienceMs ?? x.withinMs ?? 0;
      const [waited] = formatDurations(patience, patience);
      const sent = run.channels?.email?.sent.filter((s) => s.stepIndex !== undefined && s.stepIndex <= x.stepIndex).at(-1);
      drafts.push({
        ...stepRef(run, x.stepIndex),
        cause: causeOf(sameText(sent?.subject ?? x.label)),
        message: `The customer waited ${waited} for an acknowledgement${sent ? ` of their email “${sent.subject}”` : ''} and none came.`,
        evidence: {
          metric: { name: 'acknowledgementWait', value: patience, unit: 'ms' },
          excerpt: [`Expected: ${x.label}`, ...(sent ? [`Sent to ${sent.to}: ${sent.subject}`] : [])],
        },
      });
    }
    return drafts;
  },
});
