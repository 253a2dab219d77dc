import { z } from 'zod';
import { defineRule, type FindingDraft } from '../rule.ts';
import { expectationsOf } from './email-format.ts';
import { formatDurations, stepRef } from './format.ts';

export default defineRule({
  id: 'missing-email',
  title: 'Missing email',
  description:
    'The customer waited for an email (an order confirmation, a return label, a claim receipt) and none came. Without it they do not know whether the company got their order or request, and they call or write again.',
  severity: 'major',
  options: z.strictObject({}),
  evaluate(run) {
    const drafts: FindingDraft[] = [];
    for (const { x } of expectationsOf(run)) {
      if (x.kind !== 'email' || x.emailId !== undefined) continue;
      const [waited] = formatDurations(x.withinMs, x.withinMs);
      drafts.push({
        ...stepRef(run, x.stepIndex),
        message: `The customer waited ${waited} for an email (${x.label.replace(/^email\.expect /, '')}) and none arrived.`,
        evidence: { metric: { name: 'emailWait', value: x.withinMs, unit: 'ms' }, excerpt: [`Expected: ${x.label}`, `Inbox: ${run.emails?.address ?? ''}`] },
      });
    }
    return drafts;
  },
});
