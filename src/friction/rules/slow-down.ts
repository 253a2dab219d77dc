import { z } from 'zod';
import { screenTimeMs } from '../../model/run-record.ts';
import { causeOf } from '../cause.ts';
import { mannWhitneyGreater, median } from '../mann-whitney.ts';
import { defineRule, type AuditFindingDraft } from '../rule.ts';
import { formatDurations, groupBy } from './format.ts';

export default defineRule({
  id: 'slow-down',
  title: 'Slower than before',
  description:
    'A step is significantly slower than in the baseline (the last audits of the same site, or a pinned one): its median time at the screen is at least `minRatio` more, `minDiffMs` longer and `minSpreads` times the baseline’s usual spread, and a Mann–Whitney rank test over every run of the step agrees (p < `alpha`). Both the effect and the test must agree, so one slow run does not page anyone; and when the audit’s other steps all ran slower than their baseline too (a busy machine), the step is judged against that pace. It needs several runs of the step in this audit (repeats or personas: `minRuns`) and in the baseline (`minBaselineRuns`). Customers feel a checkout that got slower even when it is within budget.',
  severity: 'minor',
  options: z.strictObject({
    minRatio: z.number().positive().default(0.2).describe('At least this much slower than the baseline (0.2 = 20 %), medians.'),
    minDiffMs: z.number().nonnegative().default(200).describe('…and at least this many ms slower, so a fast step jittering does not count.'),
    alpha: z.number().positive().max(0.5).default(0.01).describe('Significance level of the one-sided rank test (this audit slower than the baseline).'),
    minRuns: z.number().int().min(1).default(3).describe('Runs of the step in this audit needed to judge it (repeats × personas).'),
    minBaselineRuns: z.number().int().min(1).default(5).describe('Runs of the step in the baseline needed to judge it.'),
    majorRatio: z.number().positive().default(1).describe('Major when this much slower or more (1 = twice the baseline median).'),
    minSpreads: z
      .number()
      .nonnegative()
      .default(3)
      .describe("…and at least this many times the baseline's usual spread (1.4826 × its median absolute deviation), so a step that jitters a lot needs a bigger change."),
    minStepsForPace: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe("Other steps judged in this audit needed to measure its pace: when they all ran slower than their baseline too (a busy machine), a step is judged against that pace."),
  }),
  evaluateAudit(runs, { options, baseline }) {
    if (!baseline) return [];
    const before = new Map(baseline.steps.map((s) => [`${s.journeyId}\u0000${s.stepName}`, s.samples]));
    const first = baseline.audits[0]?.startedAt.slice(0, 10);
    const last = baseline.audits.at(-1)?.startedAt.slice(0, 10);
    const span = baseline.from === 'pinned' ? 'the pinned baseline' : baseline.audits.length === 1 ? `the last audit (${last})` : `the last ${baseline.audits.length} audits (${first} to ${last})`;
    // Every step of this audit with enough runs here and in the baseline.
    const judged = groupBy(runs, (r) => r.journeyId).flatMap((journeyRuns) =>
      groupBy(
        journeyRuns.flatMap((run) => run.steps.filter((s) => s.status === 'passed').map((step) => ({ run, step }))),
        (x) => x.step.name,
      ).flatMap((group) => {
        const { run, step } = group[0];
        const base = before.get(`${run.journeyId}\u0000${step.name}`) ?? [];
        const now = group.map((x) => screenTimeMs(x.step));
        if (now.length < options.minRuns || base.length < options.minBaselineRuns) return [];
        return [{ group, journeyId: run.journeyId, stepName: step.name, now, base, ratio: median(now) / Math.max(median(base), 1) }];
      }),
    );
    const drafts: AuditFindingDraft[] = [];
    for (const s of judged) {
      // The pace of the rest of the audit: when the other steps all ran slower than their baseline
      // too, that is the machine (or the whole site), not this step; judged against that pace.
      const others = judged.filter((o) => o !== s).map((o) => o.ratio);
      const pace = others.length >= options.minStepsForPace ? Math.max(1, median(others)) : 1;
      const base = s.base.map((v) => v * pace);
      const nowMedian = median(s.now);
      const baseMedian = median(base);
      const diff = nowMedian - baseMedian;
      // The baseline's own spread (robust: 1.4826 × the median absolute deviation): on a noisy
      // machine or site, a difference within its usual jitter is not a slow-down.
      const spread = 1.4826 * median(base.map((v) => Math.abs(v - baseMedian)));
      if (diff < options.minDiffMs || diff < baseMedian * options.minRatio || diff < spread * options.minSpreads) continue;
      const { p } = mannWhitneyGreater(s.now, base);
      if (!(p < options.alpha)) continue;
      // The run whose time is nearest the median stands for the step (its screenshot is the evidence).
      const typical = [...s.group].sort((a, b) => Math.abs(screenTimeMs(a.step) - nowMedian) - Math.abs(screenTimeMs(b.step) - nowMedian))[0];
      const [took, was] = formatDurations(nowMedian, median(s.base));
      const ratio = diff / Math.max(baseMedian, 1);
      const paced = pace > 1.05 ? `, and ${Math.round(ratio * 100)} % slower than the rest of this audit, which ran ${pace.toFixed(2)}× its baseline` : '';
      drafts.push({
        runId: typical.run.runId,
        stepIndex: typical.step.index,
        stepName: s.stepName,
        ...(ratio >= options.majorRatio ? { severity: 'major' as const } : {}),
        // One step of one journey: every persona and repeat of it is the same slow-down.
        cause: causeOf('slower', s.journeyId, s.stepName),
        message: `“${s.stepName}” takes ${took} now (median of ${s.now.length} runs) against ${was} in ${span} (median of ${s.base.length} runs)${paced}; rank test p = ${p < 0.001 ? '< 0.001' : p.toFixed(3)}.`,
        evidence: {
          metric: { name: 'medianStepMs', value: nowMedian, threshold: median(s.base), unit: 'ms' },
          ...(typical.step.screenshot ? { screenshot: typical.step.screenshot } : {}),
          url: typical.step.url,
          technical: [
            `this audit: ${s.now.map((v) => Math.round(v)).join(', ')} ms`,
            `baseline: ${s.base.map((v) => Math.round(v)).join(', ')} ms`,
            `pace of the audit's other steps against their baseline: ${pace.toFixed(2)}× (the baseline is scaled by it)`,
            `Mann–Whitney U one-sided p = ${p.toPrecision(3)} (alpha ${options.alpha}); effect +${Math.round(diff)} ms, ${Math.round(ratio * 100)} % (min ${options.minDiffMs} ms, ${Math.round(options.minRatio * 100)} % and ${options.minSpreads} × the baseline's spread of ${Math.round(spread)} ms)`,
          ],
        },
      });
    }
    return drafts;
  },
});
