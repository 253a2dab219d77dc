import { z } from 'zod';
import { screenTimeMs } from '../../model/run-record.ts';
import { causeOf, pagePath } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { formatDurations, majorFactorOption } from './format.ts';

export default defineRule({
  id: 'slow-step',
  title: 'Slow step',
  description:
    'A step of the journey took longer than its time budget, or something the journey said should appear `within` a time came later (the journey then goes on: only past the customer\'s patience is it a dead end). Customers feel every wait at a form, a search or a checkout, and some give up. Minor when over budget, major when far over it.',
  severity: 'minor',
  options: z.strictObject({
    majorFactor: majorFactorOption('A step'),
  }),
  evaluate(run, { options }) {
    const drafts: FindingDraft[] = [];
    for (const step of run.steps) {
      // A failed step's time is mostly the customer waiting until they gave up; dead-end reports it.
      if (step.status !== 'passed') continue;
      // The same step on the same page is one cause, in every journey that takes it.
      const cause = causeOf(step.name, pagePath(step.url));
      // Waits for an email or a chat answer are judged by their own rules, and are not time at the screen.
      const screenMs = screenTimeMs(step);
      const channelMs = step.durationMs - screenMs;
      const late = (step.waits ?? []).filter((w) => !w.channel && w.outcome === 'late' && w.tookMs !== undefined && w.withinMs !== undefined);
      const worst = late.sort((a, b) => b.tookMs! / b.withinMs! - a.tookMs! / a.withinMs!)[0];
      if (worst) {
        const [took, budget] = formatDurations(worst.tookMs!, worst.withinMs!);
        drafts.push({
          ...(worst.tookMs! > worst.withinMs! * options.majorFactor ? { severity: 'major' as const } : {}),
          stepIndex: step.index,
          stepName: step.name,
          cause,
          message: `At “${step.name}” the customer waited ${took} for what should come within ${budget}.`,
          evidence: {
            metric: { name: 'wait', value: worst.tookMs!, threshold: worst.withinMs!, unit: 'ms' },
            ...(step.screenshot ? { screenshot: step.screenshot } : {}),
            url: step.url,
            technical: [worst.action],
          },
        });
        continue;
      }
      if (step.budgetMs === undefined || !(screenMs > step.budgetMs)) continue;
      const [took, budget] = formatDurations(screenMs, step.budgetMs);
      drafts.push({
        ...(screenMs > step.budgetMs * options.majorFactor ? { severity: 'major' as const } : {}),
        stepIndex: step.index,
        stepName: step.name,
        cause,
        message: `“${step.name}” took ${took}${channelMs > 0 ? ' at the screen' : ''}; its budget is ${budget}.`,
        evidence: {
          metric: { name: 'stepDuration', value: screenMs, threshold: step.budgetMs, unit: 'ms' },
          ...(step.screenshot ? { screenshot: step.screenshot } : {}),
          url: step.url,
        },
      });
    }
    return drafts;
  },
});
