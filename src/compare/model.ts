import { z } from 'zod';
import { Grade, SeverityCounts } from '../model/scorecard.ts';

/*
 * A comparison: the scorecards of several audited sites side by side (`run --base-url A --base-url
 * B`, `explore URL URL`, `explore --compare DIR…`). Built by `buildComparison()` from scorecards;
 * the reporters (compare.json, compare.md, index.html) read only this. See docs/compare.md.
 */
/** 2: `failing` counts causes, as the scorecard's `summary.failing` does. */
export const COMPARISON_SCHEMA_VERSION = 2;

const count = z.number().int().nonnegative();

/** Which way a row's values are better: the best cells are highlighted; `none` rows only inform. */
export const Better = z.enum(['lower', 'higher', 'none']);
export type Better = z.infer<typeof Better>;

export const CompareCell = z.object({
  /** What is compared: a number, yes/no, or null when the site has no value (not found, not run). */
  value: z.union([z.number(), z.boolean(), z.null()]),
  /** The value as shown: "3", "1.2 s", "yes", "5/6", "not found". */
  text: z.string(),
  /** The best value of the row (ties are all best; null never is; a row whose values are all alike has none). */
  best: z.boolean(),
});
export type CompareCell = z.infer<typeof CompareCell>;

export const CompareRow = z.object({
  /** The group of rows it is shown in ("Summary", "Page health", "Contact", "Journey: …"). */
  section: z.string(),
  label: z.string(),
  better: Better,
  /** What the row counts, in a sentence, for the reader. */
  help: z.string().optional(),
  /** One cell per site, in the order of `sites` (rank order). */
  cells: z.array(CompareCell),
});
export type CompareRow = z.infer<typeof CompareRow>;

export const ComparedSite = z.object({
  /** 1 for the best. */
  rank: z.number().int().positive(),
  /** The site's host (host:port when two sites share a host), unique in the comparison. */
  label: z.string(),
  /** The audited base URL (the scorecard's target). */
  target: z.string(),
  /** The site's own scorecard, relative to the comparison's folder (`1-acme-example/index.html`). */
  report: z.string(),
  startedAt: z.string(),
  score: z.number().int().min(0).max(100),
  grade: Grade,
  /** The audit passed its `failOn` (and was complete). */
  passed: z.boolean(),
  /** Every planned run of the audit finished; an incomplete audit's score is provisional. */
  complete: z.boolean(),
  /** Causes of friction at or above the audit's failOn. */
  failing: count,
  /** Friction points (causes), by their severity. */
  frictionPoints: SeverityCounts,
});
export type ComparedSite = z.infer<typeof ComparedSite>;

export const Comparison = z.object({
  schemaVersion: z.literal(COMPARISON_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  /**
   * Ranked: complete audits first, then score (higher first), then fewer critical, then fewer
   * major friction points; sites still alike keep the order they were given in.
   */
  sites: z.array(ComparedSite),
  /** Grouped by section, in the order shown. */
  rows: z.array(CompareRow),
  /** The comparison stopped before every site was audited (Ctrl-C, SIGTERM). */
  stopped: z.object({ reason: z.string(), notAudited: z.array(z.string()) }).optional(),
});
export type Comparison = z.infer<typeof Comparison>;
