// This audit beside the earlier ones of the same site and labels: the scorecard's history
// section (sparklines per journey, friction points new / recurring since / fixed, the latest
// audit of each set of labels side by side). Reads the store; writes nothing.
import { isAbsolute, relative } from 'node:path';
import type { FixedPoint, FrictionHistory, HistoryAudit, JourneyTrend, LabelColumn, Scorecard, ScorecardHistory } from '../model/scorecard.ts';
import { labelKey, type AuditEntry, type HistoryStore, type StoredAudit, type StoredPoint } from './store.ts';

/** Where an earlier audit's folder is, as a link from this report folder. */
const linkFrom = (dir: string, other: string): string => {
  const rel = relative(dir, other);
  return rel && !isAbsolute(rel) ? rel : other;
};

const asHistoryAudit = (a: Pick<StoredAudit, 'startedAt' | 'score' | 'grade' | 'labels' | 'dir'>, dir: string, current = false): HistoryAudit => ({
  startedAt: a.startedAt,
  score: a.score,
  grade: a.grade,
  labels: a.labels,
  dir: current ? '.' : linkFrom(dir, a.dir),
  current,
});

/**
 * The first audit of the unbroken series, newest first in `earlier`, that met `key` up to the
 * newest one; undefined when the newest did not meet it.
 */
function streakStart(key: string, earlier: readonly StoredAudit[], keysOf: Map<number, Set<string>>): StoredAudit | undefined {
  let start: StoredAudit | undefined;
  for (const a of earlier) {
    if (!keysOf.get(a.id)?.has(key)) break;
    start = a;
  }
  return start;
}

export interface TrendInput {
  store: HistoryStore;
  scorecard: Scorecard;
  /** This audit as it will be recorded. */
  entry: AuditEntry;
  /** This audit's report folder (absolute). */
  dir: string;
  /** How many earlier audits to compare with. */
  audits: number;
}

export function historySection({ store, scorecard, entry, dir, audits: n }: TrendInput): ScorecardHistory {
  const labels = labelKey(entry.audit.labels);
  // Newest first; never this folder, never an audit that started after this one (a resumed audit).
  const earlier = store.audits({ target: entry.audit.target, labels, exceptDir: dir, before: scorecard.startedAt, limit: n });
  const ids = earlier.map((a) => a.id);
  const points = store.points(ids);
  const keysOf = new Map<number, Set<string>>(earlier.map((a) => [a.id, new Set()]));
  for (const p of points) keysOf.get(p.auditId)?.add(p.key);

  const oldestFirst = [...earlier].reverse();
  const journeysBefore = store.journeys(ids);
  const journeys: JourneyTrend[] = scorecard.journeys.map((j) => ({
    journeyId: j.id,
    points: [
      ...oldestFirst.flatMap((a) => {
        const was = journeysBefore.find((x) => x.auditId === a.id && x.journeyId === j.id);
        return was ? [{ startedAt: a.startedAt, score: was.score, medianMs: was.medianMs }] : [];
      }),
      { startedAt: scorecard.startedAt, score: j.score, medianMs: j.durationMs.p50 },
    ],
  }));

  const statuses: FrictionHistory[] = earlier.length
    ? scorecard.frictionPoints.map((p) => {
        const seenIn = earlier.filter((a) => keysOf.get(a.id)?.has(p.key)).length;
        const start = streakStart(p.key, earlier, keysOf);
        return start ? { key: p.key, status: 'recurring' as const, since: start.startedAt, seenIn } : { key: p.key, status: 'new' as const, seenIn };
      })
    : [];

  // Fixed: met by the last audit, not by this one, on a journey this audit ran.
  const ran = new Set(scorecard.journeys.map((j) => j.id));
  const now = new Set(scorecard.frictionPoints.map((p) => p.key));
  const last = earlier[0];
  const fixed: FixedPoint[] = last
    ? points
        .filter((p) => p.auditId === last.id && !now.has(p.key) && ran.has(p.journeyId))
        .map((p) => ({
          key: p.key,
          ruleId: p.ruleId,
          title: p.title,
          severity: p.severity,
          journeyName: p.journeyName,
          ...(p.stepName !== undefined ? { stepName: p.stepName } : {}),
          message: p.message,
          since: streakStart(p.key, earlier, keysOf)?.startedAt ?? last.startedAt,
        }))
    : [];

  return {
    store: store.path,
    labels,
    audits: [...oldestFirst.map((a) => asHistoryAudit(a, dir)), asHistoryAudit({ ...entry.audit, dir }, dir, true)],
    journeys,
    points: statuses,
    fixed,
    byLabel: labelColumns(store, scorecard, entry, dir),
  };
}

/**
 * The latest complete audit of each set of labels of this site, this audit standing for its own
 * set: shown when the site has been audited under more than one set (business hours, after hours).
 */
function labelColumns(store: HistoryStore, scorecard: Scorecard, entry: AuditEntry, dir: string): LabelColumn[] {
  const mine = JSON.stringify(labelKey(entry.audit.labels));
  const site = entry.audit.target;
  const sets = store.targets().filter((t) => t.target === site && JSON.stringify(t.labels) !== mine);
  if (sets.length === 0) return [];
  const latest = sets.flatMap((s) => store.audits({ target: site, labels: s.labels, exceptDir: dir, limit: 1 }));
  if (latest.length === 0) return [];
  const ids = latest.map((a) => a.id);
  const points = store.points(ids);
  const journeys = store.journeys(ids);
  const columns: { audit: HistoryAudit; points: Omit<StoredPoint, 'auditId'>[]; journeys: LabelColumn['journeys'] }[] = [
    {
      audit: asHistoryAudit({ ...entry.audit, dir }, dir, true),
      points: entry.points,
      journeys: entry.journeys.map((j) => ({ id: j.journeyId, name: j.name, score: j.score, deadEnds: j.deadEnds })),
    },
    ...latest.map((a) => ({
      audit: asHistoryAudit(a, dir),
      points: points.filter((p) => p.auditId === a.id),
      journeys: journeys.filter((j) => j.auditId === a.id).map((j) => ({ id: j.journeyId, name: j.name, score: j.score, deadEnds: j.deadEnds })),
    })),
  ];
  return columns.map((c, i) => {
    const elsewhere = new Set(columns.flatMap((o, k) => (k === i ? [] : o.points.map((p) => p.key))));
    return {
      labels: c.audit.labels,
      audit: c.audit,
      frictionPoints: c.points.length,
      journeys: c.journeys,
      only: c.points
        .filter((p) => !elsewhere.has(p.key))
        .map((p) => ({ key: p.key, title: p.title, severity: p.severity, journeyName: p.journeyName, ...(p.stepName !== undefined ? { stepName: p.stepName } : {}), message: p.message })),
    };
  });
}
