import { z } from 'zod';
import type { FormAsked, RunRecord, StepRecord } from '../../model/run-record.ts';
import { causeOf, sameText } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { stepRef } from './format.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default defineRule({
  id: 'questions-asked',
  title: 'Too many questions',
  description:
    'A form the customer submitted asked more questions than it should: every visible, enabled field counts (a radio group once), whatever the journey filled in, because the customer has to read and decide on each. Long claim and return forms are where after-sales customers give up. Counted on completed runs; without a submitted form, the fields the journey filled are counted.',
  severity: 'minor',
  options: z.strictObject({
    maxFields: z.number().int().positive().default(10).describe('Questions one form should ask at most.'),
    maxTotal: z.number().int().positive().default(20).describe('Questions a whole journey should ask at most, over all its forms.'),
  }),
  evaluate(run, { options }) {
    if (run.status !== 'completed') return [];
    // Each distinct form once per run, at its largest (a form sent again after an error is one form).
    const forms = new Map<string, { form: FormAsked; step: StepRecord }>();
    for (const step of run.steps) {
      for (const form of step.forms ?? []) {
        const key = sameText(form.name);
        const seen = forms.get(key);
        if (!seen || form.fields > seen.form.fields) forms.set(key, { form, step });
      }
    }
    const asked = [...forms.values()];
    if (asked.length === 0) return fieldsFilled(run, options.maxTotal);
    const worst = asked.reduce((a, b) => (b.form.fields > a.form.fields ? b : a));
    const total = asked.reduce((n, a) => n + a.form.fields, 0);
    const { form, step } = worst;
    if (form.fields > options.maxFields) {
      return [
        {
          ...stepRef(run, step.index),
          // The same form is one cause, in every journey and for every customer it meets.
          cause: causeOf('form', sameText(form.name)),
          message: `The form “${form.name}” asks ${plural(form.fields, 'question', 'questions')} (${form.required} of them required); a form should ask at most ${options.maxFields}.`,
          evidence: {
            metric: { name: 'questionsAsked', value: form.fields, threshold: options.maxFields, unit: 'count' },
            url: step.url,
            excerpt: [`Questions: ${form.labels.join(' · ')}`],
          },
        },
      ];
    }
    if (total > options.maxTotal) {
      return [
        {
          ...stepRef(run, step.index),
          message: `“${run.journeyName}” asks ${total} questions over ${plural(asked.length, 'form', 'forms')} (${form.fields} in “${form.name}”); it should take at most ${options.maxTotal}.`,
          evidence: { metric: { name: 'questionsAsked', value: total, threshold: options.maxTotal, unit: 'count' }, url: step.url },
        },
      ];
    }
    return [];
  },
});

/** Runs recorded before forms were counted, or forms sent without a submit event: the fields the journey filled. */
function fieldsFilled(run: RunRecord, maxTotal: number): FindingDraft[] {
  const total = run.steps.reduce((n, s) => n + s.interactions.fieldsFilled, 0);
  if (total <= maxTotal) return [];
  const worst = run.steps.reduce((a, b) => (b.interactions.fieldsFilled > a.interactions.fieldsFilled ? b : a));
  return [
    {
      ...stepRef(run, worst.index),
      message: `“${run.journeyName}” made the customer fill in ${total} fields (${worst.interactions.fieldsFilled} at “${worst.name}”); it should take at most ${maxTotal}.`,
      evidence: { metric: { name: 'fieldsFilled', value: total, threshold: maxTotal, unit: 'count' }, url: worst.url },
    },
  ];
}
