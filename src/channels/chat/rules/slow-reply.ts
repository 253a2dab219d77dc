import { z } from 'zod';
import { formatMs } from '../../../model/duration.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { quote, wasUnavailable } from './chat-format.ts';
import { majorFactorOption, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'slow-reply',
  title: 'Slow chat reply',
  description:
    'After the first answer, a bot or agent took longer than the budget to answer a customer message in the chat (or never did). Every silent minute in a chat feels longer than on the phone. Minor when over budget, major when far over it.',
  severity: 'minor',
  options: z.strictObject({
    budgetMs: z.number().positive().default(10_000).describe('Longest acceptable wait for an answer to each later message, ms'),
    majorFactor: majorFactorOption('A reply'),
  }),
  evaluate(run, { options }) {
    const log = run.channels?.chat;
    if (!log || wasUnavailable(run)) return [];
    const drafts: FindingDraft[] = [];
    for (const turn of log.turns.slice(1)) {
      const waited = turn.replyMs ?? turn.waitedMs;
      // The journey's own `within` for this answer wins over the rule's budget.
      const budgetMs = turn.budgetMs ?? options.budgetMs;
      if (!(waited > budgetMs)) continue;
      const { screenshot: _s, ...step } = stepRef(run, turn.stepIndex);
      drafts.push({
        ...(waited > budgetMs * options.majorFactor ? { severity: 'major' as const } : {}),
        ...step,
        message:
          turn.replyMs === undefined
            ? `Message ${turn.turn} of the customer got no answer in ${formatMs(waited)}; the budget is ${formatMs(budgetMs)}.`
            : `The answer to message ${turn.turn} of the customer took ${formatMs(waited)}; the budget is ${formatMs(budgetMs)}.`,
        evidence: {
          metric: { name: 'replyTime', value: waited, threshold: budgetMs, unit: 'ms' },
          excerpt: quote(log, [turn.messageIndex, turn.replyIndex]),
        },
      });
    }
    return drafts;
  },
});
