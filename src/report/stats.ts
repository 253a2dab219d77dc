import type { DurationStats } from '../model/scorecard.ts';

/**
 * Nearest-rank percentile of values sorted ascending: the smallest value such that at least
 * p % of the values are ≤ it, i.e. sorted[ceil(p / 100 × n) − 1]. Always one of the values
 * (no interpolation); 0 for an empty list.
 */
export function percentile(sortedAsc: readonly number[], p: number): number {
  const n = sortedAsc.length;
  if (n === 0) return 0;
  const rank = Math.ceil((p / 100) * n);
  return sortedAsc[Math.min(n, Math.max(1, rank)) - 1];
}

/** p50, p95, min, max and spread (max − min) of a list of durations, ms. */
export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { p50: 0, p95: 0, min: 0, max: 0, spread: 0 };
  const sorted = Float64Array.from(values, (v) => Math.max(0, v)).sort();
  const arr = Array.from(sorted);
  const min = arr[0];
  const max = arr[arr.length - 1];
  return { p50: percentile(arr, 50), p95: percentile(arr, 95), min, max, spread: max - min };
}
