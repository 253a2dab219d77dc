import { atLeast, SEVERITY_ORDER, type Severity } from '../model/finding.ts';
import type { Grade, SeverityCounts } from '../model/scorecard.ts';

/*
 * The scoring formula (also in docs/scorecard.md). The score counts causes, not symptoms:
 *
 *   overall score = round(max(0, 100 − Σ weight(severity) × runsHit / runsTotal))
 *
 * summed over the friction points (one per rule and cause, however many journeys, personas and
 * repeats it hit), where runsTotal is the runs of the journeys it was met in. A cause that hits
 * every run where it could costs its full weight; one that hits 1 run in 10 a tenth of it. A
 * critical cause met in every run (a dead end) costs 40, so three of them leave the score at 0.
 * Info points (third-party noise) cost nothing.
 *
 *   journey score = max(0, 100 − the same sum over the causes met in that journey,
 *                   each by the share of the journey's runs it hit)
 *   grade         = A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F
 *
 * With no run at all there is nothing to vouch for: the score is 0 (grade F).
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

/** The audit's score: 100 less what each cause costs, rounded, never below 0. */
export function overallScore(causes: readonly Penalised[]): number {
  return Math.min(100, Math.max(0, Math.round(journeyScore(causes))));
}

export function gradeFor(score: number): Grade {
  for (const { grade, min } of GRADE_THRESHOLDS) if (score >= min) return grade;
  return 'F';
}

/** How many of these counts are at or above `failOn`. */
export function countAtOrAbove(counts: SeverityCounts, failOn: Severity): number {
  return SEVERITY_ORDER.filter((s) => atLeast(s, failOn)).reduce((n, s) => n + counts[s], 0);
}
