import { z } from 'zod';
import { defineRule, type FindingDraft } from '../rule.ts';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export default defineRule({
  id: 'too-many-steps',
  title: 'Too much effort',
  description:
    'The journey asks too much of the customer: more steps than its budget, or more clicks and form fields than it should take. Each extra screen or field is a chance to give up. Interactions are counted only on completed runs.',
  severity: 'minor',
  // The limits are the journey's budgets (maxSteps, maxInteractions); nothing else to tune.
  options: z.strictObject({}),
  evaluate(run) {
    const drafts: FindingDraft[] = [];
    const { maxSteps, maxInteractions } = run.budgets;
    const lastUrl = run.steps[run.steps.length - 1]?.url;
    if (maxSteps !== undefined && run.plannedSteps > maxSteps) {
      drafts.push({
        message: `“${run.journeyName}” takes ${plural(run.plannedSteps, 'step', 'steps')}; its budget is ${maxSteps}.`,
        evidence: { metric: { name: 'steps', value: run.plannedSteps, threshold: maxSteps, unit: 'count' } },
      });
    }
    // A run that stopped early did fewer interactions than the journey needs: only judge completed runs.
    if (maxInteractions !== undefined && run.status === 'completed') {
      const clicks = run.steps.reduce((n, s) => n + s.interactions.clicks, 0);
      const fields = run.steps.reduce((n, s) => n + s.interactions.fieldsFilled, 0);
      const total = clicks + fields;
      if (total > maxInteractions) {
        drafts.push({
          message: `Completing “${run.journeyName}” took ${plural(total, 'interaction', 'interactions')} (${plural(clicks, 'click', 'clicks')}, ${plural(fields, 'field', 'fields')} filled in); its budget is ${maxInteractions}.`,
          evidence: {
            metric: { name: 'interactions', value: total, threshold: maxInteractions, unit: 'count' },
            ...(lastUrl ? { url: lastUrl } : {}),
          },
        });
      }
    }
    return drafts;
  },
});
