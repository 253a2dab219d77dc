import { z } from 'zod';
import type { Evidence } from '../../model/finding.ts';
import { causeOf, pagePath } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';

/** Two shares as percentages with just enough decimals that a value over its threshold never reads the same. */
function percents(value: number, threshold: number): [string, string] {
  const fmt = (x: number, d: number) => `${Number((x * 100).toFixed(d))}%`;
  for (let d = 0; d < 3; d++) if (fmt(value, d) !== fmt(threshold, d)) return [fmt(value, d), fmt(threshold, d)];
  return [fmt(value, 3), fmt(threshold, 3)];
}

export default defineRule({
  id: 'page-changed',
  title: 'Page changed since the last audits',
  description:
    'A step’s screenshot differs from the same step’s in the baseline (the last audits of the site, or a pinned one) in more than `maxDiffRatio` of its pixels, or has another size. What changes on every visit is masked in both (config `history.masks`). A changed page is not friction by itself but something to look at: an unintended change (a missing button, a broken layout, an error banner) is. Minor, with this audit’s screenshot, the baseline’s and an image of what changed as the evidence; set its severity to `info` to keep it outside the score.',
  // Minor, not info: a picture shows that the page changed, not that it got worse, but info points
  // are listed as noted, without their evidence, and the pictures are what this finding is for.
  severity: 'minor',
  options: z.strictObject({
    maxDiffRatio: z.number().min(0).max(1).default(0.05).describe('A page with more than this share of its pixels changed is reported.'),
  }),
  evaluate(run, { options, baseline }) {
    if (!baseline) return [];
    const drafts: FindingDraft[] = [];
    const since = baseline.from === 'pinned' ? 'the pinned baseline' : 'the last audits';
    for (const screen of baseline.screens) {
      if (screen.runId !== run.runId) continue;
      const step = run.steps.find((s) => s.index === screen.stepIndex);
      // A baseline.json from other records (a rebuilt folder) says nothing about these steps.
      if (!step || step.name !== screen.stepName) continue;
      if (!screen.sizeChanged && !(screen.diffRatio > options.maxDiffRatio)) continue;
      const audit = baseline.audits.find((a) => a.id === screen.baselineAuditId);
      const when = audit ? ` of ${audit.startedAt.slice(0, 10)}` : '';
      const [changed, threshold] = percents(screen.diffRatio, options.maxDiffRatio);
      const images: NonNullable<Evidence['images']> = [{ label: `Baseline (audit${when})`, path: screen.baselineScreenshot }];
      if (!screen.sizeChanged) images.push({ label: 'What changed (in red)', path: screen.diff });
      drafts.push({
        stepIndex: step.index,
        stepName: step.name,
        // The same step on the same page is one cause, whichever persona or repeat saw it.
        cause: causeOf(step.name, pagePath(step.url)),
        message: screen.sizeChanged
          ? `“${step.name}” looks different from ${since}: its screenshot has another size, so the page's layout (or the browser's window) changed.`
          : `“${step.name}” looks different from ${since}: ${changed} of the page changed (threshold ${threshold}).`,
        evidence: {
          ...(!screen.sizeChanged && { metric: { name: 'changedPixels', value: screen.diffRatio, threshold: options.maxDiffRatio, unit: 'ratio' as const } }),
          screenshot: screen.screenshot,
          images,
          ...(step.url !== undefined && { url: step.url }),
          technical: [`Compared with audit ${screen.baselineAuditId}${audit ? ` (${audit.dir})` : ''}: ${screen.diffPixels} pixels differ.`],
        },
      });
    }
    return drafts;
  },
});
