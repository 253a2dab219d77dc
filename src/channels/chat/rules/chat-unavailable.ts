import { z } from 'zod';
import { defineRule } from '../../../friction/rule.ts';
import { quote } from './chat-format.ts';
import { stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'chat-unavailable',
  title: 'Chat closed with no time to answer',
  description:
    'The chat said it was closed or that nobody was available, without saying when someone would answer. The customer cannot plan, and tries another channel or gives up.',
  severity: 'major',
  options: z.strictObject({}),
  evaluate(run) {
    const log = run.channels?.chat;
    if (!log) return [];
    const notices = log.events.filter((e) => e.kind === 'unavailable');
    if (!notices.length || notices.some((e) => e.statesTime)) return [];
    const first = notices[0];
    const { screenshot: _s, ...step } = stepRef(run, first.stepIndex ?? log.openedInStep);
    return [
      {
        ...step,
        message: 'The chat was closed and did not say when someone would answer.',
        evidence: { excerpt: quote(log, notices.map((e) => e.messageIndex)) },
      },
    ];
  },
});
