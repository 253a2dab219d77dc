import { z } from 'zod';
import { defineRule } from '../../../friction/rule.ts';
import { quote } from './chat-format.ts';
import { stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'transfer',
  title: 'Chat transfer',
  description:
    'The customer was handed over from one agent to another in the chat. Every hand-over means waiting again and, often, explaining again. One finding per hand-over; major from the `majorFrom`-th one.',
  severity: 'minor',
  options: z.strictObject({
    majorFrom: z.number().int().min(1).default(3).describe('The hand-over with this number, and any after it, is major'),
  }),
  evaluate(run, { options }) {
    const log = run.channels?.chat;
    if (!log) return [];
    const transfers = log.events.filter((e) => e.kind === 'transfer');
    return transfers.map((t, i) => {
      const before = log.messages.filter((m) => m.index < t.messageIndex && m.author !== 'customer').slice(-2);
      const { screenshot: _s, ...step } = stepRef(run, t.stepIndex);
      return {
        ...(i + 1 >= options.majorFrom ? { severity: 'major' as const } : {}),
        ...step,
        message: `The chat passed the customer from ${t.from ?? 'one agent'} to ${t.agent ?? 'another'} (hand-over ${i + 1} of ${transfers.length}).`,
        evidence: {
          metric: { name: 'transfers', value: i + 1, threshold: 0, unit: 'count' as const },
          excerpt: quote(log, [...before.map((m) => m.index), t.messageIndex]),
        },
      };
    });
  },
});
