import { z } from 'zod';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { callsOf, callStep, quoteCall } from '../analysis.ts';

export default defineRule({
  id: 'phone-transfer',
  title: 'Phone transfer',
  description:
    'After a person answered, the call was handed over to someone else. Every transfer means waiting again and, often, explaining again; being passed around is among the things callers resent most. One finding per call, naming every hand-over; major from `majorFrom` transfers in a call.',
  severity: 'minor',
  options: z.strictObject({
    majorFrom: z.number().int().min(1).default(2).describe('A call passed on this many times or more is major'),
  }),
  evaluate(run, ctx) {
    const { options } = ctx;
    const drafts: FindingDraft[] = [];
    for (const { call, a } of callsOf(run, ctx)) {
      const transfers = a.handovers.filter((h) => h.transfer);
      if (!transfers.length) continue;
      const first = a.handovers.find((h) => h.person && !h.transfer);
      const chain = [first?.target ?? transfers[0].from ?? 'a person', ...transfers.map((t) => (t.person ? t.target : t.kind === 'queue' ? `the queue “${t.target}”` : t.target))];
      // What the line said before each hand-over ("I'll transfer you to…"), as the customer heard it.
      const said = transfers.flatMap((t) => {
        const previous = a.handovers.filter((h) => h.eventIndex < t.eventIndex).at(-1);
        return call.events
          .map((e, k) => ({ e, k }))
          .filter(({ e, k }) => e.kind === 'say' && k > (previous?.eventIndex ?? -1) && k < t.eventIndex)
          .slice(-1)
          .map(({ k }) => k);
      });
      const times = transfers.length === 1 ? 'once' : `${transfers.length} times`;
      drafts.push({
        ...(transfers.length >= options.majorFrom ? { severity: 'major' as const } : {}),
        ...callStep(run, transfers[0].stepIndex),
        message: `After a person answered, the caller was passed on ${times}: ${chain.join(' → ')}.`,
        // Being passed around is the line's way of working: one cause, whichever journey met it.
        cause: causeOf(a.line),
        evidence: {
          metric: { name: 'transfers', value: transfers.length, threshold: 0, unit: 'count' },
          excerpt: quoteCall(call, [first?.eventIndex, ...said, ...transfers.map((t) => t.eventIndex)]),
        },
      });
    }
    return drafts;
  },
});
