import { z } from 'zod';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { regexString } from '../../../friction/rules/format.ts';
import { callsOf, callStep, DEFAULT_PERSON_PATTERN, lastStepOf, quoteCall } from '../analysis.ts';

export default defineRule({
  id: 'no-person-option',
  title: 'No way to reach a person by phone',
  description:
    'The call reached no person and nothing the caller heard offered one, or the caller asked for a person and the line ended the call without putting them through (a voicemail or "call back later" included). Being kept from a person is among the most resented things in customer service. A line that said it was closed is judged by phone-closed-no-hours instead.',
  severity: 'major',
  options: z.strictObject({
    personPattern: regexString
      .default(DEFAULT_PERSON_PATTERN)
      .describe('A sentence matching this (case-insensitive) offers the caller a person ("To speak to someone, press 0"); an option the caller picks that matches it asks for one'),
  }),
  evaluate(run, ctx) {
    const drafts: FindingDraft[] = [];
    for (const { call, a } of callsOf(run, ctx)) {
      // A line that failed or refused the call is the failed step's dead end, not a missing option.
      const broken = call.ended === 'error' || call.ended === 'rejected' || call.events.some((e) => e.kind === 'error' || e.kind === 'reject');
      if (a.personEventIndex !== undefined || a.closed || broken) continue;
      const last = call.events.length - 1;
      if (!a.personOffered && a.askedForPersonAtMs === undefined && !call.events.some((e) => e.kind === 'enqueue')) {
        const menus = a.menus.filter((m, k) => m.firstIndex === k);
        drafts.push({
          ...callStep(run, menus.at(-1)?.stepIndex ?? lastStepOf(call)),
          message: `Nothing the caller heard offered a way to reach a person${menus.length ? ` (${menus.length} ${menus.length === 1 ? 'menu' : 'menus'})` : ''}, and the call reached no one.`,
          cause: causeOf(a.line, 'not offered'),
          evidence: { excerpt: quoteCall(call, [...menus.map((m) => m.promptEvents.at(-1)), last]) },
        });
      } else if (a.askedForPersonAtMs !== undefined && call.ended === 'company-hung-up') {
        const voicemail = call.events.some((e, i) => e.kind === 'record' && i > a.askedEventIndex!);
        const after = call.events.map((_, i) => i).filter((i) => i > a.askedEventIndex!);
        drafts.push({
          ...callStep(run, lastStepOf(call)),
          message: `The caller asked for a person and the line ended the call without putting them through${voicemail ? ' (it only took a message)' : ''}.`,
          cause: causeOf(a.line, 'cut off'),
          evidence: { excerpt: quoteCall(call, [a.askedEventIndex, ...after.slice(0, 2), ...after.slice(-2)]) },
        });
      }
    }
    return drafts;
  },
});
