import { z } from 'zod';
import { PHONE_CHANNEL } from '../record.ts';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { formatDurations } from '../../../friction/rules/format.ts';
import { formatMs } from '../../../model/duration.ts';
import type { RunRecord } from '../../../model/run-record.ts';
import { callsOf, callStep, lastStepOf, quoteCall } from '../analysis.ts';

/**
 * The `within` the journey gave the phone.expectPerson that waited for this person: the budget it
 * set. That wait is in the step where the person answered, or a later one when an earlier action
 * (a choice, an answer) already reached them.
 */
function declaredBudget(run: RunRecord, stepIndex: number | undefined): number | undefined {
  for (const step of [...run.steps].sort((a, b) => a.index - b.index)) {
    if (stepIndex !== undefined && step.index < stepIndex) continue;
    const wait = step.waits?.find((w) => w.channel === PHONE_CHANNEL && w.action.startsWith('phone.expectPerson'));
    if (wait) return wait.withinMs;
  }
  return undefined;
}

export default defineRule({
  id: 'slow-to-person',
  title: 'Slow to reach a person by phone',
  description:
    'A person answered later than the budget after the caller asked for one (the key or words that led to the queue), or never did before the caller gave up. The common service level is 80 % of calls answered within 20 seconds. A `within` on `phone.expectPerson` is the budget for that wait. Minor when over budget, major when far over it.',
  severity: 'minor',
  options: z.strictObject({
    budgetMs: z
      .number()
      .positive()
      .default(20_000)
      .describe('Longest acceptable time from asking for a person to a person answering, ms (the 80/20 service level: 80 % of calls answered within 20 s)'),
    majorFactor: z.number().min(1).default(3).describe('A wait longer than its budget × this factor is major instead of minor'),
  }),
  evaluate(run, ctx) {
    const { options } = ctx;
    const drafts: FindingDraft[] = [];
    for (const { call, a } of callsOf(run, ctx)) {
      if (a.askedForPersonAtMs === undefined) continue;
      const reached = a.personEventIndex !== undefined;
      // A call the company ended without a person is no-person-option's; a broken line is no wait.
      if (!reached && call.ended !== 'caller-hung-up' && call.ended !== 'open') continue;
      const waited = reached ? a.timeToPersonMs! : call.endedAtMs - a.askedForPersonAtMs;
      const stepIndex = reached ? (call.events[a.personEventIndex!].stepIndex ?? lastStepOf(call)) : lastStepOf(call);
      const budget = declaredBudget(run, stepIndex) ?? options.budgetMs;
      if (!(waited > budget)) continue;
      const [took, limit] = formatDurations(waited, budget);
      const queue = a.queues[0];
      const inQueue = queue && a.queueMs > 0 ? ` (${formatMs(a.queueMs)} of it in the queue “${queue.name}”)` : '';
      const prompts = queue ? queue.eventIndexes.slice(1).filter((i) => call.events[i].kind === 'say' || call.events[i].kind === 'play') : [];
      drafts.push({
        ...(waited > budget * options.majorFactor ? { severity: 'major' as const } : {}),
        ...callStep(run, stepIndex),
        message: reached
          ? `A person answered ${took} after the caller asked for one${inQueue}; the budget is ${limit}.`
          : `The caller waited ${took} for a person${inQueue} and no one ${call.ended === 'open' ? 'had answered when the journey ended' : 'answered before they hung up'}; the budget is ${limit}.`,
        cause: causeOf(a.line, queue?.name ?? a.handovers.find((h) => h.person)?.target ?? ''),
        evidence: {
          metric: { name: 'timeToPerson', value: waited, threshold: budget, unit: 'ms' },
          excerpt: quoteCall(call, [
            a.askedEventIndex,
            queue?.eventIndexes[0],
            ...prompts.slice(0, 2),
            prompts.at(-1),
            queue?.eventIndexes.at(-1),
            a.personEventIndex,
            ...(reached ? [] : [call.events.length - 1]),
          ]),
        },
      });
    }
    return drafts;
  },
});
