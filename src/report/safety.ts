import type { RunRecord } from '../model/run-record.ts';
import type { BlockedOriginSummary, CleanupStepSummary, RunSummary } from '../model/scorecard.ts';

/**
 * What a run did to stay safe on a live site, for the scorecard: its cleanup steps (never scored)
 * and the origins `allowedOrigins` blocked, one entry per origin.
 */
export function safetySummary(run: RunRecord): Pick<RunSummary, 'cleanup' | 'blocked'> {
  const out: Pick<RunSummary, 'cleanup' | 'blocked'> = {};
  if (run.cleanup?.length) {
    out.cleanup = run.cleanup.map((s): CleanupStepSummary => ({ name: s.name, status: s.status, ...(s.error ? { error: s.error.message } : {}) }));
  }
  if (run.blocked?.length) {
    const byOrigin = new Map<string, BlockedOriginSummary>();
    for (const b of run.blocked) {
      let entry = byOrigin.get(b.origin);
      if (!entry) {
        const steps = b.cleanup ? run.cleanup : run.steps;
        const stepName = b.stepIndex === undefined ? undefined : steps?.find((s) => s.index === b.stepIndex)?.name;
        entry = { origin: b.origin, count: 0, url: b.url, ...(stepName !== undefined ? { stepName } : {}), ...(b.cleanup ? { cleanup: true } : {}) };
        byOrigin.set(b.origin, entry);
      }
      entry.count++;
      if (b.escaped) entry.escaped = (entry.escaped ?? 0) + 1;
    }
    out.blocked = [...byOrigin.values()];
  }
  return out;
}
