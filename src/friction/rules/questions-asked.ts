import { z } from 'zod';
import { defineRule } from '../rule.ts';
import { stepRef } from './format.ts';

export default defineRule({
  id: 'questions-asked',
  title: 'Too many questions',
  description:
    'The customer had to fill in more form fields in one journey than it should take. Long claim and return forms are where after-sales customers give up. Counted on completed runs; the finding points at the step that asked the most.',
  severity: 'minor',
  options: z.strictObject({
    maxFields: z.number().int().positive().default(12).describe('Form fields a customer should fill in at most in one journey.'),
  }),
  evaluate(run, { options }) {
    if (run.status !== 'completed') return [];
    const total = run.steps.reduce((n, s) => n + s.interactions.fieldsFilled, 0);
    if (total <= options.maxFields) return [];
    const worst = run.steps.reduce((a, b) => (b.interactions.fieldsFilled > a.interactions.fieldsFilled ? b : a));
    return [
      {
        ...stepRef(run, worst.index),
        message: `“${run.journeyName}” made the customer fill in ${total} fields (${worst.interactions.fieldsFilled} at “${worst.name}”); it should take at most ${options.maxFields}.`,
        evidence: { metric: { name: 'fieldsFilled', value: total, threshold: options.maxFields, unit: 'count' }, url: worst.url },
      },
    ];
  },
});
