import { z } from 'zod';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { quote } from './chat-format.ts';
import { stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'bot-loop',
  title: 'Chat bot loop',
  description:
    'The chat bot said it did not understand several times in a row. A customer stuck with a bot that keeps apologising gives up or gets angry.',
  severity: 'major',
  options: z.strictObject({
    inARow: z.number().int().min(2).default(2).describe('This many "I didn\'t get that" answers in a row make a loop'),
  }),
  evaluate(run, { options }) {
    const log = run.channels?.chat;
    if (!log) return [];
    const misunderstood = new Set(log.events.filter((e) => e.kind === 'misunderstood').map((e) => e.messageIndex));
    const drafts: FindingDraft[] = [];
    let streak: number[] = [];
    const flush = () => {
      if (streak.length >= options.inARow) {
        const at = log.messages[streak[options.inARow - 1]];
        const asked = log.messages.filter((m) => m.author === 'customer' && m.index > streak[0] - 2 && m.index < streak.at(-1)!);
        const { screenshot: _s, ...step } = stepRef(run, at.stepIndex);
        drafts.push({
          ...step,
          message: `The chat bot did not understand the customer ${streak.length} times in a row.`,
          evidence: {
            metric: { name: 'misunderstoodInARow', value: streak.length, threshold: options.inARow, unit: 'count' },
            excerpt: quote(log, [...asked.map((m) => m.index), ...streak]),
          },
        });
      }
      streak = [];
    };
    for (const m of log.messages) {
      if (m.author !== 'bot') continue;
      if (misunderstood.has(m.index)) streak.push(m.index);
      else flush();
    }
    flush();
    return drafts;
  },
});
