import { z } from 'zod';
import type { StepRecord } from '../../model/run-record.ts';
import { roundTimeouts } from '../../model/duration.ts';
import { describeView } from '../../observers/customer-view.ts';
import { causeOf, pagePath, sameText } from '../cause.ts';
import { defineRule } from '../rule.ts';
import { excerpt, findStep, lowerFirst, oneLine, quoteOptions } from './format.ts';

export default defineRule({
  id: 'dead-end',
  title: 'Dead end',
  description:
    'The customer could not complete the journey: something they had to do could not be done, the page showed an error, or what they needed never appeared. This is the friction that loses the order, the cancellation or the claim. The finding quotes what the page said. Runs where the harness itself broke are not counted, nor a stop another rule names as critical in its own words (a broken link in an email, a broken download).',
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
    const stepName = stop?.stepName ?? step?.name ?? 'a step';
    const error = step?.error;
    // One cause, one friction point: the rule that names this failure (a broken email link, a broken download) says the customer could not go on.
    if (error?.reportedBy) return [];
    const why = roundTimeouts(error?.message ?? stop?.reason ?? '');
    const saw = step?.saw;
    // What the customer saw beats what the tool expected: the page's own error, else the expectation.
    const said = saw?.dialog ?? saw?.messages[0] ?? (saw?.invalidFields[0] ? `${saw.invalidFields[0].field}: ${saw.invalidFields[0].message}` : undefined);
    const message = said
      ? `The customer could not go on at “${stepName}”: the page said “${oneLine(said, options.messageMaxLength)}”`
      : `The customer could not go on at “${stepName}”: ${lowerFirst(oneLine(why, options.messageMaxLength)) || 'they got stuck'}${saw?.heading ? ` The page showed “${oneLine(saw.heading, 80)}”.` : ''}`;
    // No journey name: one cause may stop several journeys, and the card lists them all.
    const technical = [error?.action ? `Action: ${error.action}` : undefined, error?.message ?? stop?.reason, error?.detail].filter((l): l is string => !!l);
    return [
      {
        ...(stepIndex !== undefined ? { stepIndex } : {}),
        stepName,
        message: /[.!?…]”?$/.test(message) ? message : `${message}.`,
        // The same page refusing with the same words is one cause, in every journey that meets it.
        cause: said ? causeOf('said', pagePath(saw?.url ?? step?.url), sameText(said)) : causeOf('stuck', stepName, error?.action, error?.kind),
        evidence: {
          ...(step?.screenshot ? { screenshot: step.screenshot } : {}),
          ...(step ? { url: saw?.url ?? step.url } : {}),
          excerpt: [...describeView(saw), ...(saw?.heading ? [`Heading: ${saw.heading}`] : [])].slice(0, options.excerptMaxLines),
          technical: technical.flatMap((t) => excerpt(t, options.excerptMaxLines)),
        },
      },
    ];
  },
});

