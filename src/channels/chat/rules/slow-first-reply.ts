import { z } from 'zod';
import { formatMs } from '../../../model/duration.ts';
import { defineRule } from '../../../friction/rule.ts';
import { quote, wasUnavailable } from './chat-format.ts';
import { majorFactorOption, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'slow-first-reply',
  title: 'Slow first chat reply',
  description:
    "The chat took too long to answer the customer's first message (or never did). The first answer tells a customer whether the chat is worth their time. Minor when over budget, major when far over it.",
  severity: 'minor',
  options: z.strictObject({
    budgetMs: z.number().positive().default(5000).describe('Longest acceptable wait for the first bot or agent answer, ms'),
    majorFactor: majorFactorOption('A first reply'),
  }),
  evaluate(run, { options }) {
    const log = run.channels?.chat;
    const first = log?.turns[0];
    if (!log || !first || wasUnavailable(run)) return [];
    const waited = first.replyMs ?? first.waitedMs;
    // The journey's own `within` for this answer wins over the rule's budget.
    const budgetMs = first.budgetMs ?? options.budgetMs;
    if (!(waited > budgetMs)) return [];
    const { screenshot: _s, ...step } = stepRef(run, first.stepIndex);
    return [
      {
        ...(waited > budgetMs * options.majorFactor ? { severity: 'major' as const } : {}),
        ...step,
        message:
          first.replyMs === undefined
            ? `The chat never answered the customer's first message (waited ${formatMs(waited)}); the budget is ${formatMs(budgetMs)}.`
            : `The chat took ${formatMs(waited)} to answer the customer's first message; the budget is ${formatMs(budgetMs)}.`,
        evidence: {
          metric: { name: 'firstReply', value: waited, threshold: budgetMs, unit: 'ms' },
          excerpt: quote(log, [first.messageIndex, first.replyIndex]),
        },
      },
    ];
  },
});
