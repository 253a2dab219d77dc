import type { JourneyScorecard } from '../../model/scorecard.ts';
import { plural } from '../format.ts';

/** Failed cleanup steps listed per journey; the rest are counted. */
export const HTML_MAX_CLEANUP_WARNINGS = 10;
/** Blocked origins listed per journey. */
export const HTML_MAX_BLOCKED_ORIGINS = 20;

export interface CleanupView {
  /** "Cleanup ran in 3 runs: every step passed." */
  summary: string;
  /** Each failed cleanup step: a test order may be left behind. */
  warnings: Array<{ run: string; step: string; error: string }>;
  more: number;
}

export interface BlockedView {
  origins: Array<{ origin: string; requests: string; runs: string; url: string; step?: string; escaped?: string }>;
  more: number;
}

/**
 * A journey's part of safe test orders on live sites: its cleanup (never scored; a failed step is
 * a warning to the auditor, not a finding) and what `allowedOrigins` blocked, over all its runs.
 */
export function safetyView(j: JourneyScorecard): { cleanup?: CleanupView; blocked?: BlockedView } {
  const out: { cleanup?: CleanupView; blocked?: BlockedView } = {};
  const cleaned = j.runs.filter((r) => r.cleanup?.length);
  if (cleaned.length) {
    const warnings = cleaned.flatMap((r) =>
      (r.cleanup ?? []).filter((s) => s.status === 'failed').map((s) => ({ run: `${r.persona} #${r.repeat}`, step: s.name, error: s.error ?? 'failed' })),
    );
    const failedRuns = cleaned.filter((r) => r.cleanup?.some((s) => s.status === 'failed')).length;
    out.cleanup = {
      summary: failedRuns
        ? `Cleanup failed in ${failedRuns} of ${plural(cleaned.length, 'run')}: a test order or account may be left behind. Not counted in the score.`
        : `Cleanup ran in ${plural(cleaned.length, 'run')}: every step passed. Not counted in the score.`,
      warnings: warnings.slice(0, HTML_MAX_CLEANUP_WARNINGS),
      more: Math.max(0, warnings.length - HTML_MAX_CLEANUP_WARNINGS),
    };
  }
  const byOrigin = new Map<string, { requests: number; runs: number; url: string; step?: string; escaped: number }>();
  for (const r of j.runs) {
    for (const b of r.blocked ?? []) {
      const acc = byOrigin.get(b.origin) ?? { requests: 0, runs: 0, url: b.url, escaped: 0, ...(b.stepName !== undefined ? { step: b.cleanup ? `cleanup: ${b.stepName}` : b.stepName } : {}) };
      acc.requests += b.count;
      acc.runs++;
      acc.escaped += b.escaped ?? 0;
      byOrigin.set(b.origin, acc);
    }
  }
  if (byOrigin.size) {
    const origins = [...byOrigin.entries()]
      .sort((a, b) => b[1].requests - a[1].requests || a[0].localeCompare(b[0]))
      .map(([origin, acc]) => ({
        origin,
        requests: plural(acc.requests, 'request'),
        runs: `${acc.runs} of ${plural(j.runs.length, 'run')}`,
        url: acc.url,
        ...(acc.step !== undefined ? { step: acc.step } : {}),
        ...(acc.escaped ? { escaped: `${plural(acc.escaped, 'redirect')} followed by the browser before it could be stopped` } : {}),
      }));
    out.blocked = { origins: origins.slice(0, HTML_MAX_BLOCKED_ORIGINS), more: Math.max(0, origins.length - HTML_MAX_BLOCKED_ORIGINS) };
  }
  return out;
}
