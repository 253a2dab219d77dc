import { z } from 'zod';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { regexString } from '../../../friction/rules/format.ts';
import { callsOf, callStep, DEFAULT_CLOSED_PATTERN, DEFAULT_HOURS_PATTERN, quoteCall } from '../analysis.ts';

export default defineRule({
  id: 'phone-closed-no-hours',
  title: 'Phone line closed with no opening hours',
  description:
    'The line said it was closed and hung up without saying when it opens. The caller cannot plan a call back and tries another channel, or gives up. Being closed outside opening hours is fine when the line says them.',
  severity: 'major',
  options: z.strictObject({
    closedPattern: regexString.default(DEFAULT_CLOSED_PATTERN).describe('A sentence matching this (case-insensitive) says the line is closed'),
    hoursPattern: regexString
      .default(DEFAULT_HOURS_PATTERN)
      .describe('A sentence matching this (case-insensitive) says when the line opens (a time, a day, "open again tomorrow")'),
  }),
  evaluate(run, ctx) {
    const drafts: FindingDraft[] = [];
    for (const { call, a } of callsOf(run, ctx)) {
      const closed = a.closed;
      if (!closed || !closed.hungUp || closed.statesHours) continue;
      const after = call.events.map((_, i) => i).filter((i) => i > closed.eventIndex);
      drafts.push({
        ...callStep(run, closed.stepIndex),
        message: `The line said it was closed (“${closed.text}”) and hung up without saying when it opens.`,
        cause: causeOf(a.line),
        evidence: { excerpt: quoteCall(call, [closed.eventIndex, ...after.slice(0, 3), after.at(-1)]) },
      });
    }
    return drafts;
  },
});
