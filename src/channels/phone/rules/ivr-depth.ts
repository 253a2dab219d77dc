import { z } from 'zod';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { callsOf, callStep, quoteCall, type CallAnalysis } from '../analysis.ts';

/** Where the menus led, in a leader's words. */
function reached(goal: CallAnalysis['goal']): string | undefined {
  if (goal.kind === 'queue') return `the queue “${goal.target}”`;
  if (goal.kind === 'person') return `a person (${goal.target})`;
  if (goal.kind === 'handover') return goal.target;
  return undefined;
}

export default defineRule({
  id: 'ivr-depth',
  title: 'Too many phone menus',
  description:
    'The caller had to get through more menus than the budget (answered, or sat through in silence until the line moved on) before reaching a queue, a person or the end of the call. Every level is another prompt to sit through and another chance to pick the wrong option; callers hang up or press 0 at random. The menu tree is the line\'s: one friction point, whichever topic the caller looked for.',
  severity: 'minor',
  options: z.strictObject({
    maxMenus: z.number().int().min(1).default(3).describe('Most menus (each distinct menu once) a caller should have to get through before a queue, a person or the end of the call'),
    majorOver: z.number().int().min(1).default(5).describe('More menus than this is major'),
  }),
  evaluate(run, ctx) {
    const { options } = ctx;
    const drafts: FindingDraft[] = [];
    for (const { call, a } of callsOf(run, ctx)) {
      if (!(a.menusToGoal > options.maxMenus)) continue;
      const before = a.goal.eventIndex ?? Infinity;
      const path = a.menus.filter((m, k) => m.firstIndex === k && (m.answer || m.timedOut) && (m.answer?.eventIndex ?? m.eventIndex) < before);
      const over = path[options.maxMenus] ?? path.at(-1)!;
      const where = reached(a.goal);
      drafts.push({
        ...(a.menusToGoal > options.majorOver ? { severity: 'major' as const } : {}),
        ...callStep(run, over.answer ? (call.events[over.answer.eventIndex].stepIndex ?? over.stepIndex) : over.stepIndex),
        message: where
          ? `The caller went through ${a.menusToGoal} menus before reaching ${where}; the budget is ${options.maxMenus}.`
          : `The caller had to answer ${a.menusToGoal} menus in the call; the budget is ${options.maxMenus}.`,
        // The menu tree is the line's: one cause, whichever topic the caller looked for.
        cause: causeOf(a.line),
        evidence: {
          metric: { name: 'menus', value: a.menusToGoal, threshold: options.maxMenus, unit: 'count' },
          excerpt: quoteCall(call, [...path.flatMap((m) => [m.promptEvents.at(-1), m.answer?.eventIndex]), a.goal.eventIndex]),
        },
      });
    }
    return drafts;
  },
});
