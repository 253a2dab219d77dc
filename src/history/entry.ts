// What the history store keeps of one finished audit, read off its scorecard and run records.
import { screenTimeMs, type RunRecord } from '../model/run-record.ts';
import type { Scorecard } from '../model/scorecard.ts';
import { labelKey, type AuditEntry } from './store.ts';

export function auditEntry(scorecard: Scorecard, records: readonly RunRecord[], o: { dir: string; labels: readonly string[]; site: string }): AuditEntry {
  return {
    audit: {
      dir: o.dir,
      target: o.site,
      labels: labelKey(o.labels),
      startedAt: scorecard.startedAt,
      finishedAt: scorecard.finishedAt,
      score: scorecard.summary.score,
      grade: scorecard.summary.grade,
      complete: scorecard.completeness.complete,
      runs: records.length,
      configHash: scorecard.configHash,
      toolVersion: scorecard.tool.version,
    },
    journeys: scorecard.journeys.map((j) => ({
      journeyId: j.id,
      name: j.name,
      score: j.score,
      runs: j.runCounts.total,
      deadEnds: j.runCounts.failed,
      medianMs: j.durationMs.p50,
    })),
    steps: records.flatMap((r) =>
      r.steps.map((s) => ({
        runId: r.runId,
        journeyId: r.journeyId,
        persona: r.persona,
        repeat: r.repeat,
        stepIndex: s.index,
        stepName: s.name,
        // At the screen: a wait for an email is not the page getting slower.
        durationMs: screenTimeMs(s),
        passed: s.status === 'passed',
        ...(s.screenshot ? { screenshot: s.screenshot } : {}),
      })),
    ),
    points: scorecard.frictionPoints.map((p) => ({
      key: p.key,
      ruleId: p.ruleId,
      title: p.title,
      severity: p.severity,
      journeyId: p.journeyId,
      journeyName: p.journeyName,
      ...(p.stepName !== undefined ? { stepName: p.stepName } : {}),
      message: p.message,
      runsHit: p.runsHit,
    })),
  };
}
