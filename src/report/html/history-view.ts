import type { FrictionHistory, JourneyTrend, Scorecard, ScorecardHistory } from '../../model/scorecard.ts';
import { formatDate, formatMs } from '../format.ts';

/*
 * The HTML view of `scorecard.history`: the audits compared, sparklines per journey, each
 * friction point marked new or recurring, what was fixed, and the latest audit of each set of
 * labels side by side. Geometry is computed here; the templates only draw it.
 */

const SPARK_W = 120;
const SPARK_H = 28;
const PAD = 3;

export interface SparkView {
  /** `x,y x,y …` for an SVG polyline. */
  points: string;
  last: { x: number; y: number };
  width: number;
  height: number;
  /** What the line says, for people who cannot see it: "100 → 80 over 5 audits". */
  text: string;
}

export interface JourneyTrendView {
  score: SparkView;
  time: SparkView;
}

export interface SeenView {
  label: string;
  cls: 'new' | 'recurring';
  title: string;
}

export interface HistoryView {
  intro: string;
  audits: { date: string; score: number; grade: string; labels: string; href?: string; current: boolean }[];
  baseline?: string;
  newCount: number;
  recurringCount: number;
  fixed: { title: string; severity: string; where: string; message: string; since: string }[];
  byLabel?: {
    columns: { labels: string; date: string; score: number; grade: string; frictionPoints: number; href?: string; current: boolean }[];
    journeys: { name: string; cells: { score?: number; deadEnds?: number }[] }[];
    only: { labels: string; points: { title: string; severity: string; where: string; message: string }[] }[];
  };
}

const day = (iso: string): string => formatDate(iso);
const labelText = (labels: readonly string[]): string => (labels.length ? labels.join(', ') : 'no label');

/** A link to another report folder of the same store: relative paths of plain characters only. */
const folderHref = (dir: string, current: boolean): string | undefined =>
  current ? undefined : /^[\w./-]+$/.test(dir) && !dir.startsWith('/') ? `${dir.replace(/\/$/, '')}/index.html` : undefined;

function spark(values: readonly number[], o: { min?: number; max?: number; format(v: number): string }): SparkView {
  const lo = o.min ?? Math.min(...values);
  const hi = Math.max(o.max ?? Math.max(...values), lo + 1e-9);
  const n = values.length;
  const xy = values.map((v, i) => ({
    x: Math.round((n === 1 ? SPARK_W / 2 : PAD + (i * (SPARK_W - 2 * PAD)) / (n - 1)) * 10) / 10,
    y: Math.round((SPARK_H - PAD - ((v - lo) / (hi - lo)) * (SPARK_H - 2 * PAD)) * 10) / 10,
  }));
  return {
    points: xy.map((p) => `${p.x},${p.y}`).join(' '),
    last: xy[n - 1],
    width: SPARK_W,
    height: SPARK_H,
    text: n === 1 ? o.format(values[0]) : `${o.format(values[0])} → ${o.format(values[n - 1])} over ${n} audits`,
  };
}

/** A journey's sparklines (score on 0–100, median time from 0), once there are two audits to draw. */
export function journeyTrendView(trend: JourneyTrend | undefined): JourneyTrendView | undefined {
  if (!trend || trend.points.length < 2) return undefined;
  return {
    score: spark(trend.points.map((p) => p.score), { min: 0, max: 100, format: (v) => String(v) }),
    time: spark(trend.points.map((p) => p.medianMs), { min: 0, format: (v) => formatMs(v) }),
  };
}

export function seenView(h: FrictionHistory | undefined): SeenView | undefined {
  if (!h) return undefined;
  if (h.status === 'new') {
    return { label: 'New', cls: 'new', title: h.seenIn ? `Not met by the last audit; met by ${h.seenIn} of the earlier ones compared` : 'Met by none of the earlier audits compared' };
  }
  return { label: `Recurring since ${day(h.since ?? '')}`, cls: 'recurring', title: `Met by every audit since ${day(h.since ?? '')} (${h.seenIn} of the earlier ones compared)` };
}

const where = (p: { journeyName: string; stepName?: string }): string => (p.stepName ? `${p.journeyName} › ${p.stepName}` : p.journeyName);

export function historyView(scorecard: Scorecard): HistoryView | undefined {
  const h: ScorecardHistory | undefined = scorecard.history;
  if (!h) return undefined;
  const earlier = h.audits.filter((a) => !a.current);
  const labels = h.labels.length ? ` labelled ${h.labels.join(', ')}` : '';
  const intro = earlier.length
    ? `Compared with the last ${earlier.length === 1 ? 'audit' : `${earlier.length} audits`} of this site${labels} (since ${day(earlier[0].startedAt)}).`
    : `The first audit of this site${labels} in the history store: the next ones will be compared with it.`;
  const byLabel = h.byLabel.length
    ? {
        columns: h.byLabel.map((c) => ({
          labels: labelText(c.labels),
          date: day(c.audit.startedAt),
          score: c.audit.score,
          grade: c.audit.grade,
          frictionPoints: c.frictionPoints,
          current: c.audit.current,
          ...(folderHref(c.audit.dir, c.audit.current) ? { href: folderHref(c.audit.dir, c.audit.current) } : {}),
        })),
        journeys: [...new Map(h.byLabel.flatMap((c) => c.journeys.map((j) => [j.id, j.name] as const))).entries()].map(([id, name]) => ({
          name,
          cells: h.byLabel.map((c) => {
            const j = c.journeys.find((x) => x.id === id);
            return j ? { score: j.score, deadEnds: j.deadEnds } : {};
          }),
        })),
        only: h.byLabel
          .filter((c) => c.only.length)
          .map((c) => ({ labels: labelText(c.labels), points: c.only.map((p) => ({ title: p.title, severity: p.severity, where: where(p), message: p.message })) })),
      }
    : undefined;
  return {
    intro,
    audits: h.audits.map((a) => ({
      date: day(a.startedAt),
      score: a.score,
      grade: a.grade,
      labels: labelText(a.labels),
      current: a.current,
      ...(folderHref(a.dir, a.current) ? { href: folderHref(a.dir, a.current) } : {}),
    })),
    ...(h.baseline && {
      baseline: `Regressions (slow-down, page-changed) are judged against ${h.baseline.from === 'pinned' ? 'a pinned baseline' : h.baseline.audits === 1 ? 'the last audit' : `the last ${h.baseline.audits} audits`} (${day(h.baseline.since)}${h.baseline.until !== h.baseline.since ? ` to ${day(h.baseline.until)}` : ''}).`,
    }),
    newCount: h.points.filter((p) => p.status === 'new').length,
    recurringCount: h.points.filter((p) => p.status === 'recurring').length,
    fixed: h.fixed.map((f) => ({ title: f.title, severity: f.severity, where: where(f), message: f.message, since: day(f.since) })),
    ...(byLabel ? { byLabel } : {}),
  };
}
