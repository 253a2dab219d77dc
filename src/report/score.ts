import { atLeast, SEVERITY_ORDER, type Severity } from '../model/finding.ts';
import type { Grade, SeverityCounts } from '../model/scorecard.ts';

/*
 * The scoring formula (also in docs/scorecard.md):
 *
 *   journey score = max(0, 100 − Σ weight(severity) × runsHit / runsTotal)
 *
 * summed over the journey's friction points (one per rule × step), with the weights below.
 * A friction point that hits every run of the journey costs its full weight; one that hits
 * 1 run in 10 costs a tenth of it. A critical friction point met in every run (a dead end)
 * costs 40, so three of them leave the journey at 0.
 *
 *   overall score = round(mean of the journey scores)     (unrounded journey scores)
 *   grade         = A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F
 *
 * With no journey at all there is nothing to vouch for: the score is 0 (grade F).
 * Each journey counts the same, whatever its number of runs or steps.
 */

/** Points a friction point costs its journey when it hits every run. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = Object.freeze({
  critical: 40,
  major: 15,
  minor: 5,
  info: 0,
});

/** Every journey starts with this many points. */
export const JOURNEY_START_SCORE = 100;

/** The lowest score earning each grade, best first; anything lower is an F. */
export const GRADE_THRESHOLDS: readonly { grade: Exclude<Grade, 'F'>; min: number }[] = Object.freeze([
  { grade: 'A', min: 90 },
  { grade: 'B', min: 80 },
  { grade: 'C', min: 70 },
  { grade: 'D', min: 60 },
]);

export interface Penalised {
  severity: Severity;
  runsHit: number;
  runsTotal: number;
}

/** What one friction point costs its journey: weight × share of runs hit. */
export function frictionPenalty(point: Penalised): number {
  if (point.runsTotal <= 0) return 0;
  const share = Math.min(1, point.runsHit / point.runsTotal);
  return SEVERITY_WEIGHTS[point.severity] * share;
}

/** Unrounded journey score, 0–100. */
export function journeyScore(points: readonly Penalised[]): number {
  const penalty = points.reduce((sum, p) => sum + frictionPenalty(p), 0);
  return Math.max(0, JOURNEY_START_SCORE - penalty);
}

/** Rounded mean of the (unrounded) journey scores; 0 when there is no journey. */
export function overallScore(journeyScores: readonly number[]): number {
  if (journeyScores.length === 0) return 0;
  const mean = journeyScores.reduce((a, b) => a + b, 0) / journeyScores.length;
  return Math.min(100, Math.max(0, Math.round(mean)));
}

export function gradeFor(score: number): Grade {
  for (const { grade, min } of GRADE_THRESHOLDS) if (score >= min) return grade;
  return 'F';
}

/** How many findings are at or above `failOn`: the audit fails (CI) when this is not zero. */
export function findingsAtOrAbove(counts: SeverityCounts, failOn: Severity): number {
  return SEVERITY_ORDER.filter((s) => atLeast(s, failOn)).reduce((n, s) => n + counts[s], 0);
}
