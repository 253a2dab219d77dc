import { z } from 'zod';
import type { StepRecord } from '../../model/run-record.ts';
import { defineRule } from '../rule.ts';
import { excerpt, findStep, oneLine, sentence, quoteOptions } from './format.ts';

export default defineRule({
  id: 'dead-end',
  title: 'Dead end',
  description:
    'The customer could not complete the journey: a step failed and there was no way forward. This is the friction that loses the order, the cancellation or the claim. Runs where the harness itself broke are not counted.',
  severity: 'critical',
  options: z.strictObject({
    ...quoteOptions,
  }),
  evaluate(run, { options }) {
    // 'errored' means the harness broke, not the site: not a dead end.
    if (run.status !== 'failed') return [];
    const stop = run.stoppedAt;
    const step: StepRecord | undefined = stop ? findStep(run, stop.stepIndex) : run.steps.find((s) => s.status === 'failed');
    const stepIndex = stop?.stepIndex ?? step?.index;
    const stepName = stop?.stepName ?? step?.name;
    const why = step?.error?.message ?? stop?.reason ?? '';
    const reason = oneLine(why, options.messageMaxLength);
    const action = step?.error?.action ? ` (${step.error.action})` : '';
    const where =
      stepIndex !== undefined
        ? `at step ${stepIndex + 1}, “${stepName ?? `step ${stepIndex + 1}`}”${action}`
        : 'before the end';
    return [
      {
        ...(stepIndex !== undefined ? { stepIndex } : {}),
        ...(stepName !== undefined ? { stepName } : {}),
        message: reason
          ? `The customer could not finish “${run.journeyName}”: they got stuck ${where}: ${sentence(reason)}`
          : `The customer could not finish “${run.journeyName}”: they got stuck ${where}.`,
        evidence: {
          ...(step?.screenshot ? { screenshot: step.screenshot } : {}),
          ...(step ? { url: step.url } : {}),
          ...(why ? { excerpt: excerpt(why, options.excerptMaxLines) } : {}),
        },
      },
    ];
  },
});
