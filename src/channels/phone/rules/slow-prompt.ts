import { z } from 'zod';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { formatDurations, majorFactorOption } from '../../../friction/rules/format.ts';
import { callStep } from '../analysis.ts';
import { PHONE_CHANNEL } from '../record.ts';

/**
 * The journey's own budget for what the line should say (`phone.expectPrompt: { within }`): the
 * phone's counterpart of a page's `expect … within`. The other phone waits have their rules
 * (`phone.expectPerson` is slow-to-person's).
 */
export default defineRule({
  id: 'slow-prompt',
  title: 'The line took long to say it',
  description:
    'The caller heard what the journey waited for (`phone.expectPrompt`) later than its `within`: the line kept them listening to other things first. The journey goes on; only past the caller\'s patience is it a dead end. Minor when over budget, major when far over it.',
  severity: 'minor',
  options: z.strictObject({
    majorFactor: majorFactorOption('A prompt'),
  }),
  evaluate(run, { options }) {
    const drafts: FindingDraft[] = [];
    for (const step of run.steps) {
      for (const w of step.waits ?? []) {
        if (w.channel !== PHONE_CHANNEL || !w.action.startsWith('phone.expectPrompt') || w.outcome !== 'late' || w.tookMs === undefined || w.withinMs === undefined) continue;
        const [took, budget] = formatDurations(w.tookMs, w.withinMs);
        drafts.push({
          ...(w.tookMs > w.withinMs * options.majorFactor ? { severity: 'major' as const } : {}),
          ...callStep(run, step.index),
          message: `At “${step.name}” the caller listened ${took} before hearing what should come within ${budget} (${w.action}).`,
          evidence: { metric: { name: 'promptWait', value: w.tookMs, threshold: w.withinMs, unit: 'ms' }, technical: [w.action] },
        });
      }
    }
    return drafts;
  },
});
