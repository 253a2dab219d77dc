import { z } from 'zod';
import { formatMs } from '../../../model/duration.ts';
import { defineRule } from '../../../friction/rule.ts';
import { quote } from './chat-format.ts';
import { majorFactorOption, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'queue-wait',
  title: 'Long chat queue',
  description:
    'The customer waited in the chat queue longer than the budget before a person joined (or gave up waiting). Minor when over budget, major when far over it.',
  severity: 'minor',
  options: z.strictObject({
    budgetMs: z.number().positive().default(15_000).describe('Longest acceptable time from the first queue position to an agent joining, ms'),
    majorFactor: majorFactorOption('A queue'),
  }),
  evaluate(run, { options }) {
    const log = run.channels?.chat;
    if (!log) return [];
    const queued = log.events.find((e) => e.kind === 'queue');
    if (!queued) return [];
    const joined = log.events.find((e) => e.kind === 'agent-joined' && e.messageIndex > queued.messageIndex);
    const waited = (joined?.atMs ?? log.endedAtMs) - queued.atMs;
    if (!(waited > options.budgetMs)) return [];
    const positions = log.events.filter((e) => e.kind === 'queue' && (!joined || e.messageIndex < joined.messageIndex));
    const { screenshot: _s, ...step } = stepRef(run, joined?.stepIndex ?? positions.at(-1)?.stepIndex);
    return [
      {
        ...(waited > options.budgetMs * options.majorFactor ? { severity: 'major' as const } : {}),
        ...step,
        message: joined
          ? `The customer waited ${formatMs(waited)} in the chat queue before ${joined.agent ?? 'an agent'} joined; the budget is ${formatMs(options.budgetMs)}.`
          : `The customer waited ${formatMs(waited)} in the chat queue and no one joined; the budget is ${formatMs(options.budgetMs)}.`,
        evidence: {
          metric: { name: 'queueWait', value: waited, threshold: options.budgetMs, unit: 'ms' },
          excerpt: quote(log, [...positions.map((e) => e.messageIndex), joined?.messageIndex]),
        },
      },
    ];
  },
});
