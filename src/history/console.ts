// `mystery-shopper history`: the trends of every site (or one) in the history store, as text.
import { formatDate, formatMs } from '../report/format.ts';
import { labelKey, siteKey, type HistoryStore, type StoredAudit } from './store.ts';

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of unicode blocks: the values scaled between `min` (default their least) and their greatest. */
export function sparkline(values: readonly number[], min?: number, max?: number): string {
  if (!values.length) return '';
  const lo = min ?? Math.min(...values);
  const hi = Math.max(max ?? Math.max(...values), lo);
  return values.map((v) => BARS[hi === lo ? BARS.length - 1 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))]).join('');
}

export interface HistoryQuery {
  /** Only this site (as the store names it: its base URL or `history.site`). */
  site?: string;
  /** Only audits with exactly these labels. */
  labels?: string[];
  /** The last this many audits of each site and labels. */
  last: number;
}

export interface SiteTrend {
  site: string;
  labels: string[];
  audits: (Pick<StoredAudit, 'startedAt' | 'score' | 'grade' | 'dir'> & { frictionPoints: number; new: number; fixed: number })[];
  journeys: { id: string; name: string; scores: number[]; medianMs: number[] }[];
}

/** What the store says of each site and set of labels: oldest audit first. */
export function siteTrends(store: HistoryStore, q: HistoryQuery): SiteTrend[] {
  const wanted = q.labels && JSON.stringify(labelKey(q.labels));
  return store
    .targets()
    .filter((t) => (q.site === undefined || t.target === q.site || t.target === siteKey(q.site)) && (wanted === undefined || JSON.stringify(t.labels) === wanted))
    .map((t) => {
      // One more than shown, so the first shown can say what was new and fixed.
      const audits = store.audits({ target: t.target, labels: t.labels, limit: q.last + 1 }).reverse();
      const ids = audits.map((a) => a.id);
      const points = store.points(ids);
      const keys = new Map(audits.map((a) => [a.id, new Set(points.filter((p) => p.auditId === a.id).map((p) => p.key))]));
      const journeys = store.journeys(ids);
      const shown = audits.slice(audits.length > q.last ? 1 : 0);
      const names = new Map(journeys.map((j) => [j.journeyId, j.name]));
      return {
        site: t.target,
        labels: t.labels,
        audits: shown.map((a) => {
          const before = audits[audits.indexOf(a) - 1];
          const now = keys.get(a.id)!;
          const was = before ? keys.get(before.id)! : undefined;
          return {
            startedAt: a.startedAt,
            score: a.score,
            grade: a.grade,
            dir: a.dir,
            frictionPoints: now.size,
            new: was ? [...now].filter((k) => !was.has(k)).length : now.size,
            fixed: was ? [...was].filter((k) => !now.has(k)).length : 0,
          };
        }),
        journeys: [...names.entries()].sort().map(([id, name]) => {
          const series = shown.map((a) => journeys.find((j) => j.auditId === a.id && j.journeyId === id));
          const present = series.filter((j) => j !== undefined);
          return { id, name, scores: present.map((j) => j.score), medianMs: present.map((j) => j.medianMs) };
        }),
      };
    })
    .filter((s) => s.audits.length > 0);
}

export function formatTrends(trends: readonly SiteTrend[], store: string): string {
  if (!trends.length) return `No audit recorded in ${store} yet (or none matches). Every \`run\`, \`demo\` and \`explore\` records one.`;
  const out: string[] = [];
  for (const t of trends) {
    const last = t.audits.at(-1)!;
    out.push(`${t.site}${t.labels.length ? ` [${t.labels.join(', ')}]` : ''}: ${t.audits.length} audit${t.audits.length === 1 ? '' : 's'} shown, latest ${formatDate(last.startedAt)}, ${last.score}/100 (${last.grade})`);
    out.push(`  score ${sparkline(t.audits.map((a) => a.score), 0, 100)}  ${t.audits.map((a) => a.score).join(' → ')}`);
    for (const a of t.audits) {
      out.push(`  ${formatDate(a.startedAt)}  ${String(a.score).padStart(3)} (${a.grade})  ${a.frictionPoints} friction point${a.frictionPoints === 1 ? '' : 's'}: ${a.new} new, ${a.fixed} fixed  ${a.dir}`);
    }
    out.push('  journeys (score, median time):');
    for (const j of t.journeys) {
      out.push(`    ${j.name}: ${sparkline(j.scores, 0, 100)} ${j.scores.at(-1)}/100 · ${sparkline(j.medianMs, 0)} ${formatMs(j.medianMs.at(-1) ?? 0)}`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
