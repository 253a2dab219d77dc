import { z } from 'zod';
import { defineRule, type FindingDraft } from '../rule.ts';
import { formatDurations, majorFactorOption } from './format.ts';

export default defineRule({
  id: 'slow-step',
  title: 'Slow step',
  description:
    'A step of the journey took longer than its time budget. Customers feel every wait at a form, a search or a checkout, and some give up. Minor when over budget, major when far over it.',
  severity: 'minor',
  options: z.strictObject({
    majorFactor: majorFactorOption('A step'),
  }),
  evaluate(run, { options }) {
    const drafts: FindingDraft[] = [];
    for (const step of run.steps) {
      if (step.budgetMs === undefined) continue;
      // A failed step's time is mostly the harness waiting until it gave up; dead-end reports it.
      if (step.status !== 'passed') continue;
      if (!(step.durationMs > step.budgetMs)) continue;
      const [took, budget] = formatDurations(step.durationMs, step.budgetMs);
      drafts.push({
        ...(step.durationMs > step.budgetMs * options.majorFactor ? { severity: 'major' as const } : {}),
        stepIndex: step.index,
        stepName: step.name,
        message: `“${step.name}” took ${took}; its budget is ${budget}.`,
        evidence: {
          metric: { name: 'stepDuration', value: step.durationMs, threshold: step.budgetMs, unit: 'ms' },
          ...(step.screenshot ? { screenshot: step.screenshot } : {}),
          url: step.url,
        },
      });
    }
    return drafts;
  },
});
