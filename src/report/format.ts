/** Small text formatters shared by the verdict and the reporters. */

import { formatMs } from '../model/duration.ts';

export { formatMs };

/** 0.5 → "50%", 1/3 → "33%", 0.004 → "0.4%". */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  const pct = ratio * 100;
  if (pct !== 0 && Math.abs(pct) < 1) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** A metric value in its unit: ms → "1.2 s", ratio → "12%", count → "3". */
export function formatMetric(value: number, unit: 'ms' | 'count' | 'ratio'): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === 'ratio') return formatPercent(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** plural(1, 'run') → "1 run", plural(3, 'run') → "3 runs". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** "2025-11-24T10:36:00.000Z" → "2025-11-24 10:36 UTC"; anything unparsable is returned as is. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** Cut a text to `max` characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
