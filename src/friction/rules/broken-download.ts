import { z } from 'zod';
import { causeOf, pagePath } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { lowerFirst, stepRef, withoutQuery } from './format.ts';
import { describeDownload } from '../../model/run-record.ts';

export default defineRule({
  id: 'broken-download',
  title: 'Broken download',
  description:
    'A document the customer asked for (a returns label, an invoice, a receipt) did not arrive: the address answered an error, the file was empty, or the browser gave up on it. For the customer, getting the document is the outcome. Critical when the journey could not go on without it.',
  severity: 'major',
  options: z.strictObject({}),
  evaluate(run) {
    const drafts: FindingDraft[] = [];
    for (const step of run.steps) {
      // A broken link in an email is broken-email-link's: it names the email the customer trusted.
      if (step.error?.reportedBy === 'broken-email-link') continue;
      for (const doc of step.downloads ?? []) {
        if (doc.failure === undefined) continue;
        const stopped = step.error?.reportedBy === 'broken-download';
        const url = withoutQuery(doc.url);
        drafts.push({
          ...(stopped ? { severity: 'critical' as const } : {}),
          ...stepRef(run, step.index),
          // The same address failing the same way is one cause, in every journey that asks for it.
          cause: causeOf(pagePath(url), doc.status !== undefined && doc.status >= 400 ? doc.status : doc.bytes === 0 ? 'empty' : 'failed'),
          message: `The customer asked for ${doc.name} at “${step.name}” and did not get it: ${lowerFirst(doc.failure)}${stopped ? ' They could not go on without it.' : ''}`,
          evidence: {
            url,
            excerpt: [describeDownload(doc), `From: ${url}`],
          },
        });
      }
    }
    return drafts;
  },
});

