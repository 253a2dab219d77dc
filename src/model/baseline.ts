// What an audit is compared with to find regressions: earlier audits of the same site, from the
// history store (the last N, or a pinned one). Written to the report folder as baseline.json, so
// `report DIR` judges the same comparison again; rules read it as `ctx.baseline`.
import { z } from 'zod';

/** One earlier audit the baseline is made of. */
export const BaselineAudit = z.object({
  id: z.number().int().describe("The audit's id in the history store"),
  dir: z.string().describe('Its report folder'),
  startedAt: z.string(),
  labels: z.array(z.string()).default([]),
});
export type BaselineAudit = z.infer<typeof BaselineAudit>;

/** A step's durations in the baseline audits: every repeat of every persona, passed steps only. */
export const BaselineStep = z.object({
  journeyId: z.string(),
  stepName: z.string(),
  /** Customer-clock durations, ms, one per run of the step in the baseline audits. */
  samples: z.array(z.number()),
});
export type BaselineStep = z.infer<typeof BaselineStep>;

/** Passed steps' durations grouped by journey and step name: the store's rows and a pinned folder's records alike. */
export function groupStepSamples(samples: Iterable<readonly [journeyId: string, stepName: string, durationMs: number]>): BaselineStep[] {
  const by = new Map<string, BaselineStep>();
  for (const [journeyId, stepName, ms] of samples) {
    const key = `${journeyId}\u0000${stepName}`;
    let entry = by.get(key);
    if (!entry) by.set(key, (entry = { journeyId, stepName, samples: [] }));
    entry.samples.push(ms);
  }
  return [...by.values()];
}

/** A step's screenshot set beside the same step's in the baseline (`page-changed`). */
export const ScreenComparison = z.object({
  runId: z.string(),
  journeyId: z.string(),
  persona: z.string(),
  stepIndex: z.number().int().nonnegative(),
  stepName: z.string(),
  /** This audit's screenshot, relative to the report folder. */
  screenshot: z.string(),
  /** The baseline's screenshot, copied into this report folder (relative path). */
  baselineScreenshot: z.string(),
  /** An image of what differs, in this report folder (relative path). */
  diff: z.string(),
  /** Pixels that differ, of all compared (0–1); masked areas count as equal. */
  diffRatio: z.number().min(0).max(1),
  diffPixels: z.number().int().nonnegative(),
  /** Images of different sizes are not compared pixel by pixel: the page's layout changed. */
  sizeChanged: z.boolean().default(false),
  /** Which baseline audit the screenshot came from (BaselineAudit.id). */
  baselineAuditId: z.number().int(),
});
export type ScreenComparison = z.infer<typeof ScreenComparison>;

export const Baseline = z.object({
  /** `recent`: the last N audits of the same site (and labels); `pinned`: the audits named in the config or by --baseline. */
  from: z.enum(['recent', 'pinned']),
  audits: z.array(BaselineAudit),
  steps: z.array(BaselineStep).default([]),
  screens: z.array(ScreenComparison).default([]),
});
export type Baseline = z.infer<typeof Baseline>;
