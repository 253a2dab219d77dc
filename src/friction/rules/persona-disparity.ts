import { z } from 'zod';
import type { RunRecord } from '../../model/run-record.ts';
import { causeOf } from '../cause.ts';
import { mannWhitneyGreater, median } from '../mann-whitney.ts';
import { defineRule, type AuditFindingDraft } from '../rule.ts';
import { formatDurations, groupBy } from './format.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

export default defineRule({
  id: 'persona-disparity',
  title: 'Customers not served alike',
  description:
    'The same journey works for some customers (personas) and not for others, or is clearly slower for one of them. Every customer should be served alike. Slower means the persona’s median step time is at least `minRatio` times the others’ and `minDiffMs` longer; with `minRepeats` runs a side or more, a Mann–Whitney rank test must also agree (p < `alpha`).',
  severity: 'major',
  options: z.strictObject({
    minRatio: z.number().min(1).default(2).describe('A persona this many times slower than the others (medians) is served worse.'),
    minDiffMs: z.number().nonnegative().default(1000).describe('…and at least this many ms slower, so small steps do not count.'),
    minRepeats: z.number().int().min(2).default(5).describe('With at least this many runs on each side, the rank test must agree too.'),
    alpha: z.number().positive().max(0.5).default(0.05).describe('Significance level of the rank test.'),
    minFailGap: z
      .number()
      .positive()
      .max(1)
      .default(0.5)
      .describe('A persona whose share of dead ends is this much higher than the other personas’ is not served alike.'),
  }),
  evaluateAudit(runs, { options }) {
    const drafts: AuditFindingDraft[] = [];
    const judged = runs.filter((r) => r.status !== 'errored');
    for (const journeyRuns of groupBy(judged, (r) => r.journeyId)) {
      const personas = [...new Set(journeyRuns.map((r) => r.persona))].sort();
      if (personas.length < 2) continue;
      for (const persona of personas) {
        const mine = journeyRuns.filter((r) => r.persona === persona);
        const others = journeyRuns.filter((r) => r.persona !== persona);
        const failShare = (rs: RunRecord[]) => rs.filter((r) => r.status === 'failed').length / rs.length;
        const gap = failShare(mine) - failShare(others);
        if (gap >= options.minFailGap) {
          const otherNames = [...new Set(others.map((r) => r.persona))].sort().join(', ');
          for (const run of mine.filter((r) => r.status === 'failed')) {
            const stop = run.stoppedAt;
            drafts.push({
              runId: run.runId,
              ...(stop ? { stepIndex: stop.stepIndex, stepName: stop.stepName } : {}),
              // One cause per persona, however many journeys shut them out.
              cause: causeOf('completion', persona),
              message: `Persona ${persona} could not finish “${run.journeyName}” (${pct(failShare(mine))} of their runs), while ${otherNames} finished it (${pct(1 - failShare(others))} of theirs).`,
              evidence: {
                metric: { name: 'deadEndShareGap', value: gap, threshold: options.minFailGap, unit: 'ratio' },
                ...(stop ? { technical: [`${persona} stopped at “${stop.stepName}”: ${stop.reason}`] } : {}),
              },
            });
          }
          continue;
        }
        drafts.push(...slower(persona, mine, others, options));
      }
    }
    return drafts;
  },
});

type Options = { minRatio: number; minDiffMs: number; minRepeats: number; alpha: number };

/** Steps clearly slower for this persona than for the others (passed steps only, by step index). */
function slower(persona: string, mine: RunRecord[], others: RunRecord[], o: Options): AuditFindingDraft[] {
  const drafts: AuditFindingDraft[] = [];
  const indexes = [...new Set(mine.flatMap((r) => r.steps.map((s) => s.index)))].sort((a, b) => a - b);
  for (const index of indexes) {
    const times = (rs: RunRecord[]) => rs.flatMap((r) => r.steps.filter((s) => s.index === index && s.status === 'passed').map((s) => s.durationMs));
    const a = times(mine);
    const b = times(others);
    if (a.length === 0 || b.length === 0) continue;
    const ma = median(a);
    const mb = median(b);
    if (!(ma >= mb * o.minRatio && ma - mb >= o.minDiffMs)) continue;
    let p: number | undefined;
    if (a.length >= o.minRepeats && b.length >= o.minRepeats) {
      p = mannWhitneyGreater(a, b).p;
      if (!(p < o.alpha)) continue;
    }
    const [mine_, theirs] = formatDurations(ma, mb);
    const otherNames = [...new Set(others.map((r) => r.persona))].sort().join(', ');
    for (const run of mine) {
      const step = run.steps.find((s) => s.index === index && s.status === 'passed');
      if (!step) continue;
      drafts.push({
        runId: run.runId,
        stepIndex: index,
        stepName: step.name,
        // One cause per persona and step, whichever journeys take that step.
        cause: causeOf('slower', persona, step.name),
        message: `“${step.name}” took ${mine_} for persona ${persona} (median) against ${theirs} for ${otherNames}: ${(ma / Math.max(mb, 1)).toFixed(1)}× slower.`,
        evidence: {
          metric: { name: 'personaSlowdown', value: ma / Math.max(mb, 1), threshold: o.minRatio, unit: 'ratio' },
          ...(step.screenshot ? { screenshot: step.screenshot } : {}),
          url: step.url,
          excerpt: [`${persona}: ${a.length} run(s), median ${mine_}`, `${otherNames}: ${b.length} run(s), median ${theirs}`],
          ...(p !== undefined ? { technical: [`Mann–Whitney U, one-sided: p = ${p.toPrecision(2)}`] } : {}),
        },
      });
    }
  }
  return drafts;
}
