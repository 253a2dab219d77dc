import { z } from 'zod';
import { causeOf, sameText } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { regexString } from '../../../friction/rules/format.ts';
import { callsOf, callStep, DEFAULT_INVALID_PATTERN, menuName, quoteCall, sentencesOf } from '../analysis.ts';

export default defineRule({
  id: 'ivr-loop',
  title: 'Phone menu loop',
  description:
    'The caller answered a menu and was sent back to it, or the line rejected their answer ("That is not a valid option"). A caller who pressed what the menu offered and hears it again does not know what else to do. Staying silent is not an answer: a menu repeated after a timeout is not a loop. One finding per menu.',
  severity: 'major',
  options: z.strictObject({
    sameMenuTimes: z.number().int().min(2).default(2).describe('A menu heard this many times, after the caller had answered it, is a loop'),
    invalidPattern: regexString
      .default(DEFAULT_INVALID_PATTERN)
      .describe("A sentence matching this (case-insensitive) after the caller pressed or said something rejects their answer"),
  }),
  evaluate(run, ctx) {
    const { options } = ctx;
    const invalid = new RegExp(options.invalidPattern, 'i');
    const drafts: FindingDraft[] = [];
    for (const { call, a } of callsOf(run, ctx)) {
      for (const loop of a.loops) {
        const repeated = loop.timesHeard >= options.sameMenuTimes;
        if (!repeated && !loop.invalidEvents.length) continue;
        const name = menuName(a.menus[loop.menus[0]]);
        const firstNotice = loop.invalidEvents[0];
        const notice = firstNotice === undefined ? undefined : sentencesOf(call.events[firstNotice].text ?? '').find((s) => invalid.test(s));
        const rejected = firstNotice === undefined ? undefined : a.menus.filter((m) => m.answer && m.answer.eventIndex < firstNotice).at(-1)?.answer;
        const what = rejected ? (rejected.kind === 'press' ? `pressed ${rejected.text}` : `said “${rejected.text}”`) : 'answered';
        const message = !notice
          ? `The caller was sent back to the same menu (“${name}”) and heard it ${loop.timesHeard} times.`
          : repeated
            ? `The line rejected what the caller ${what} at the menu “${name}” (“${notice}”) and played the menu ${loop.timesHeard} times.`
            : `The line rejected what the caller ${what} at the menu “${name}”: “${notice}”`;
        const shown = loop.menus.slice(0, 3).map((k) => a.menus[k]);
        drafts.push({
          ...callStep(run, loop.stepIndex),
          message,
          // The same question refusing answers is one cause, whichever department led to it.
          cause: causeOf(a.line, sameText(name)),
          evidence: {
            ...(repeated ? { metric: { name: 'timesHeard', value: loop.timesHeard, threshold: options.sameMenuTimes, unit: 'count' as const } } : {}),
            excerpt: quoteCall(call, [...shown.flatMap((m) => [m.promptEvents.at(-1), m.answer?.eventIndex]), ...loop.invalidEvents.slice(0, 3)]),
          },
        });
      }
    }
    return drafts;
  },
});
