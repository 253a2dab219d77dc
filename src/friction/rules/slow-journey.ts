import { z } from 'zod';
import { defineRule } from '../rule.ts';
import { formatDurations, majorFactorOption } from './format.ts';

export default defineRule({
  id: 'slow-journey',
  title: 'Slow journey',
  description:
    'The whole journey took longer than its time budget. What a customer remembers is how long it took to get the thing done, not which page was slow. Minor when over budget, major when far over it. Runs where the harness itself broke are not judged.',
  severity: 'minor',
  options: z.strictObject({
    majorFactor: majorFactorOption('A journey'),
  }),
  evaluate(run, { options }) {
    const budgetMs = run.budgets.totalMs;
    // Only whole journeys: a dead end is reported by dead-end, and an errored run's clock
    // includes the harness breaking down.
    if (budgetMs === undefined || run.status !== 'completed') return [];
    if (!(run.durationMs > budgetMs)) return [];
    const [took, budget] = formatDurations(run.durationMs, budgetMs);
    const last = run.steps[run.steps.length - 1];
    return [
      {
        ...(run.durationMs > budgetMs * options.majorFactor ? { severity: 'major' as const } : {}),
        message: `The journey “${run.journeyName}” took ${took}; its budget is ${budget}.`,
        evidence: {
          metric: { name: 'journeyDuration', value: run.durationMs, threshold: budgetMs, unit: 'ms' },
          ...(last ? { url: last.url } : {}),
        },
      },
    ];
  },
});
