/** Small text formatters shared by the verdict and the reporters. */

import { formatMs } from '../model/duration.ts';
import type { Summary } from '../model/scorecard.ts';

export { formatMs };

/** 1 → "1 byte", 512 → "512 bytes", 12 650 → "12.4 kB", 3 400 000 → "3.2 MB" (1024 to the k). */
export function formatBytes(n: number): string {
  if (n < 1024) return plural(n, 'byte');
  if (n < 1024 * 1024) return `${+(n / 1024).toFixed(1)} kB`;
  return `${+(n / 1024 / 1024).toFixed(1)} MB`;
}

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

/** "0 critical, 7 major, 2 minor, 0 info (from 186 findings)": causes by severity, then how many findings made them. */
export function severityCounts(summary: Pick<Summary, 'causes' | 'findings'>): string {
  const c = summary.causes;
  const findings = Object.values(summary.findings).reduce((n, k) => n + k, 0);
  return `${c.critical} critical, ${c.major} major, ${c.minor} minor, ${c.info} info (from ${plural(findings, 'finding')})`;
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

/**
 * Characters a page can hide in its text to mislead a reader or a terminal: C0 controls (but
 * tab, line feed and carriage return), DEL, C1 controls, and the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) that reorder what is shown.
 */
const HIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Shows hidden characters as visible escapes: controls as `\u001b`, bidi controls as `⟨U+202E⟩`,
 * so a report shows what the page held instead of acting on it.
 */
export function visibleControls(text: string): string {
  HIDDEN_CHARS.lastIndex = 0;
  if (!HIDDEN_CHARS.test(text)) return text;
  return text.replace(HIDDEN_CHARS, (c) => {
    const code = c.charCodeAt(0);
    const hex = code.toString(16).padStart(4, '0');
    return code >= 0x2000 ? `⟨U+${hex.toUpperCase()}⟩` : `\\u${hex}`;
  });
}

/** "2. Choose returns": a step of a run as a channel's transcript names it (undefined: no step). */
export function stepLabel(run: { steps: ReadonlyArray<{ index: number; name: string }> }, index: number | undefined): string | undefined {
  return index === undefined ? undefined : `${index + 1}. ${run.steps.find((s) => s.index === index)?.name ?? ''}`.trim();
}
