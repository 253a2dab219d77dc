import type { Evidence, Severity } from '../../model/finding.ts';
import { chatView, type ChatView } from './chat-view.ts';
import { emailListView, type EmailListView } from './email-view.ts';
import type { FrictionPoint, JourneyScorecard, RunStep, RunSummary, Scorecard } from '../../model/scorecard.ts';
import { formatDate, formatMetric, formatMs, formatPercent, plural, truncate } from '../format.ts';
import { findingsAtOrAbove } from '../score.ts';

/*
 * The HTML report's view model: everything the templates show, already aggregated, capped
 * and formatted, so the templates hold no logic beyond loops and conditions. Geometry of the
 * waterfall SVG is computed here too. Text stays raw: the templates escape it.
 */

/** Friction points shown as full cards at the top; the rest are one line each, folded. */
export const HTML_TOP_FRICTION = 10;
/** Failed (or errored) runs listed per journey; the others are counted. */
export const HTML_MAX_RUNS = 20;
/** Findings listed per failed run. */
export const HTML_MAX_RUN_FINDINGS = 5;
/** Excerpt lines shown per piece of evidence, and characters per line. */
export const HTML_MAX_EXCERPT_LINES = 12;
export const HTML_MAX_EXCERPT_CHARS = 400;

export interface ImageView {
  src: string;
  path: string;
}

export interface EvidenceView {
  metric?: { name: string; value: string; threshold?: string; over: boolean };
  screenshot?: ImageView;
  /** A screenshot reference we refuse to load (absolute, remote, or outside the report). */
  unsafeScreenshot?: string;
  url?: string;
  excerpt?: string[];
  excerptMore?: number;
  isEmpty: boolean;
  /** Something beyond the metric and the screenshot (which a friction card shows up front). */
  hasDetail: boolean;
}

export interface FrictionView {
  anchor: string;
  rank: number;
  key: string;
  ruleId: string;
  title: string;
  severity: Severity;
  journeyId: string;
  journeyName: string;
  journeyAnchor: string;
  step?: string;
  message: string;
  runsHit: number;
  runsTotal: number;
  share: string;
  evidence: EvidenceView;
  examples: { runId: string; message: string; evidence: EvidenceView }[];
}

export interface WaterfallRow {
  name: string;
  fullName: string;
  time: string;
  budget?: string;
  cls: 'ok' | 'over' | 'failed';
  status: string;
  labelY: number;
  barX: number;
  barY: number;
  barW: number;
  barH: number;
  timeX: number;
  budgetX?: number;
  budgetY1: number;
  budgetY2: number;
}

export interface WaterfallView {
  width: number;
  height: number;
  chartX: number;
  chartBottom: number;
  caption: string;
  rows: WaterfallRow[];
  ticks: { x: number; label: string; y: number; y2: number }[];
}

export interface RunView {
  runId: string;
  persona: string;
  repeat: number;
  duration: string;
  stoppedAt?: string;
  reason?: string;
  failedStep?: { label: string; error?: string; url: string; screenshot?: ImageView };
  findings: { severity: Severity; message: string }[];
  findingsMore: number;
}

export interface StepRowView {
  number: number;
  name: string;
  budget?: string;
  p50: string;
  p95: string;
  max: string;
  runs: number;
  failed: number;
  p95Over: boolean;
  hasFailures: boolean;
}

export interface JourneyView {
  anchor: string;
  id: string;
  name: string;
  tags: string[];
  file?: string;
  score: number;
  scoreClass: string;
  status: string;
  statusClass: 'ok' | 'fail' | 'warn' | 'none';
  runCounts: JourneyScorecard['runCounts'];
  p50: string;
  p95: string;
  spread: string;
  steps: StepRowView[];
  waterfall?: WaterfallView;
  frictionPoints: FrictionView[];
  failedRuns: RunView[];
  failedMore: number;
  erroredRuns: RunView[];
  erroredMore: number;
  /** The emails of one run of the journey (the median run, else the first with emails). */
  emails?: EmailListView;
  /** The chat of one run of the journey (the median run, else the first with a chat). */
  chat?: ChatView;
}

export interface HtmlView {
  title: string;
  tool: Scorecard['tool'];
  target: string;
  started: string;
  finished: string;
  elapsed: string;
  configHash: string;
  failOn: Severity;
  failing: number;
  passed: boolean;
  summary: Scorecard['summary'];
  gradeClass: string;
  top: FrictionView[];
  more: FrictionView[];
  journeys: JourneyView[];
}

/**
 * Only relative paths inside the report folder may be loaded (no scheme, no leading slash,
 * no `..`): the report must make no request outside its own folder. Segments are URL-encoded.
 */
export function safeRelativeSrc(path: string): string | undefined {
  if (path.length === 0 || path.length > 1000) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || /^[\\/]/.test(path) || /[\\\u0000-\u001F]/.test(path)) return undefined;
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return undefined;
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

function image(path: string | undefined): ImageView | undefined {
  if (path === undefined) return undefined;
  const src = safeRelativeSrc(path);
  return src === undefined ? undefined : { src, path };
}

function evidenceView(e: Evidence): EvidenceView {
  const screenshot = image(e.screenshot);
  const m = e.metric;
  const [value, threshold] = m ? formatMetricPair(m.value, m.threshold, m.unit) : ['', undefined];
  const lines = e.excerpt ?? [];
  const view: EvidenceView = {
    ...(m && {
      metric: {
        name: m.name,
        value,
        ...(threshold !== undefined && { threshold }),
        over: m.threshold !== undefined && m.value > m.threshold,
      },
    }),
    ...(screenshot && { screenshot }),
    ...(e.screenshot !== undefined && !screenshot && { unsafeScreenshot: e.screenshot }),
    ...(e.url !== undefined && { url: e.url }),
    ...(lines.length > 0 && {
      excerpt: lines.slice(0, HTML_MAX_EXCERPT_LINES).map((l) => truncate(l, HTML_MAX_EXCERPT_CHARS)),
      excerptMore: Math.max(0, lines.length - HTML_MAX_EXCERPT_LINES),
    }),
    isEmpty: false,
    hasDetail: false,
  };
  view.hasDetail = Boolean(view.unsafeScreenshot || view.url || view.excerpt);
  view.isEmpty = !view.hasDetail && !view.metric && !view.screenshot;
  return view;
}

/** Format a value and its threshold; when rounding would make different numbers look equal, show exact ms. */
function formatMetricPair(value: number, threshold: number | undefined, unit: 'ms' | 'count' | 'ratio'): [string, string | undefined] {
  const v = formatMetric(value, unit);
  if (threshold === undefined) return [v, undefined];
  const t = formatMetric(threshold, unit);
  if (unit === 'ms' && v === t && value !== threshold) return [`${Math.round(value)} ms`, `${Math.round(threshold)} ms`];
  return [v, t];
}

const stepLabel = (index: number, name: string | undefined): string => `${index + 1}. ${name ?? `Step ${index + 1}`}`;

function frictionView(fp: FrictionPoint, rank: number, journeyAnchor: string): FrictionView {
  return {
    anchor: `fp-${rank}`,
    rank,
    key: fp.key,
    ruleId: fp.ruleId,
    title: fp.title,
    severity: fp.severity,
    journeyId: fp.journeyId,
    journeyName: fp.journeyName,
    journeyAnchor,
    ...(fp.stepIndex !== undefined && { step: stepLabel(fp.stepIndex, fp.stepName) }),
    message: fp.message,
    runsHit: fp.runsHit,
    runsTotal: fp.runsTotal,
    share: formatPercent(fp.runsTotal > 0 ? fp.runsHit / fp.runsTotal : 0),
    evidence: evidenceView(fp.evidence),
    examples: fp.examples.map((x) => ({ runId: x.runId, message: x.message, evidence: evidenceView(x.evidence) })),
  };
}

/* ---------- waterfall ---------- */

const WF_WIDTH = 960;
const WF_LABEL_W = 250;
const WF_TIME_W = 90;
const WF_ROW_H = 26;
const WF_BAR_H = 14;
const WF_TOP = 8;
const WF_AXIS_H = 24;

/** A round axis step (1, 2 or 5 × 10^k ms) giving about `target` ticks up to `max`. */
function niceStep(max: number, target = 5): number {
  const raw = Math.max(max, 1) / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Right after the bar; past the budget tick when the label would cross it. */
function timeLabelX(barEnd: number, budgetX: number | undefined, label: string): number {
  const width = label.length * 8 + 12; // generous for 12px system fonts, bold included
  if (budgetX !== undefined && budgetX >= barEnd - 1 && budgetX <= barEnd + width) return round1(budgetX + 6);
  return round1(barEnd + 6);
}

export function waterfallView(steps: readonly RunStep[], caption: string): WaterfallView | undefined {
  if (steps.length === 0) return undefined;
  const chartX = WF_LABEL_W + 10;
  const chartW = WF_WIDTH - chartX - WF_TIME_W;
  let maxMs = 1;
  for (const s of steps) {
    const start = Math.max(0, s.startMs);
    maxMs = Math.max(maxMs, start + Math.max(0, s.durationMs), start + (s.budgetMs ?? 0));
  }
  const x = (ms: number) => round1(chartX + (Math.max(0, ms) / maxMs) * chartW);
  const rows: WaterfallRow[] = steps.map((s, i) => {
    const top = WF_TOP + i * WF_ROW_H;
    const barY = top + (WF_ROW_H - WF_BAR_H) / 2;
    const barX = x(s.startMs);
    const barW = Math.max(2, round1(x(Math.max(0, s.startMs) + Math.max(0, s.durationMs)) - barX));
    const over = s.budgetMs !== undefined && s.durationMs > s.budgetMs;
    const cls = s.status === 'failed' ? 'failed' : over ? 'over' : 'ok';
    return {
      name: truncate(stepLabel(s.index, s.name), 34),
      fullName: stepLabel(s.index, s.name),
      time: formatMs(s.durationMs),
      ...(s.budgetMs !== undefined && { budget: formatMs(s.budgetMs), budgetX: x(Math.max(0, s.startMs) + s.budgetMs) }),
      cls,
      status: cls === 'failed' ? 'failed' : cls === 'over' ? 'over budget' : 'within budget',
      labelY: round1(barY + WF_BAR_H - 3),
      barX,
      barY,
      barW,
      barH: WF_BAR_H,
      timeX: timeLabelX(barX + barW, s.budgetMs === undefined ? undefined : x(Math.max(0, s.startMs) + s.budgetMs), formatMs(s.durationMs)),
      budgetY1: barY - 4,
      budgetY2: barY + WF_BAR_H + 4,
    };
  });
  const chartBottom = WF_TOP + steps.length * WF_ROW_H;
  const step = niceStep(maxMs);
  const ticks: WaterfallView['ticks'] = [];
  for (let t = 0; t <= maxMs + 1e-9 && ticks.length < 12; t += step) {
    ticks.push({ x: x(t), label: formatMs(t), y: chartBottom + 16, y2: chartBottom });
  }
  return { width: WF_WIDTH, height: chartBottom + WF_AXIS_H, chartX, chartBottom, caption, rows, ticks };
}

/* ---------- runs ---------- */

function runView(run: RunSummary): RunView {
  const failed = run.steps.find((s) => s.status === 'failed');
  const screenshot = image(failed?.screenshot);
  return {
    runId: run.runId,
    persona: run.persona,
    repeat: run.repeat,
    duration: formatMs(run.durationMs),
    ...(run.stoppedAt && { stoppedAt: stepLabel(run.stoppedAt.stepIndex, run.stoppedAt.stepName), reason: run.stoppedAt.reason }),
    ...(failed && {
      failedStep: {
        label: stepLabel(failed.index, failed.name),
        ...(failed.error !== undefined && { error: failed.error }),
        url: failed.url,
        ...(screenshot && { screenshot }),
      },
    }),
    findings: run.findings.slice(0, HTML_MAX_RUN_FINDINGS).map((f) => ({ severity: f.severity, message: f.message })),
    findingsMore: Math.max(0, run.findings.length - HTML_MAX_RUN_FINDINGS),
  };
}

function journeyStatus(j: JourneyScorecard): Pick<JourneyView, 'status' | 'statusClass'> {
  const c = j.runCounts;
  if (c.total === 0) return { status: 'No runs', statusClass: 'none' };
  if (c.failed > 0) return { status: `Dead end in ${c.failed} of ${plural(c.total, 'run')}`, statusClass: 'fail' };
  if (c.completed === c.total) return { status: c.total === 1 ? 'Completed' : `Completed in all ${c.total} runs`, statusClass: 'ok' };
  return { status: `Completed in ${c.completed} of ${plural(c.total, 'run')}`, statusClass: 'warn' };
}

export const scoreClass = (score: number): string => (score >= 90 ? 'good' : score >= 70 ? 'fair' : 'poor');

export function buildHtmlView(scorecard: Scorecard): HtmlView {
  const journeyAnchors = new Map(scorecard.journeys.map((j, i) => [j.id, `journey-${i + 1}`]));
  const frictionViews = scorecard.frictionPoints.map((fp, i) => frictionView(fp, i + 1, journeyAnchors.get(fp.journeyId) ?? ''));
  const byKey = new Map(frictionViews.map((v) => [v.key, v]));

  const journeys: JourneyView[] = scorecard.journeys.map((j) => {
    const failed = j.runs.filter((r) => r.status === 'failed');
    const errored = j.runs.filter((r) => r.status === 'errored');
    const median = j.medianRunId === undefined ? undefined : j.runs.find((r) => r.runId === j.medianRunId);
    const waterfall =
      median &&
      waterfallView(
        median.steps,
        `${median.status === 'completed' ? 'Median completed run' : 'Median run'}: ${median.persona} #${median.repeat}, ${formatMs(median.durationMs)}`,
      );
    return {
      anchor: journeyAnchors.get(j.id)!,
      id: j.id,
      name: j.name,
      tags: j.tags,
      ...(j.file !== undefined && { file: j.file }),
      score: j.score,
      scoreClass: scoreClass(j.score),
      ...journeyStatus(j),
      runCounts: j.runCounts,
      p50: formatMs(j.durationMs.p50),
      p95: formatMs(j.durationMs.p95),
      spread: formatMs(j.durationMs.spread),
      steps: j.steps.map((s) => ({
        number: s.index + 1,
        name: s.name,
        ...(s.budgetMs !== undefined && { budget: formatMs(s.budgetMs) }),
        p50: formatMs(s.p50),
        p95: formatMs(s.p95),
        max: formatMs(s.max),
        runs: s.runs,
        failed: s.failed,
        p95Over: s.budgetMs !== undefined && s.p95 > s.budgetMs,
        hasFailures: s.failed > 0,
      })),
      ...(waterfall && { waterfall }),
      frictionPoints: j.frictionPointKeys.map((k) => byKey.get(k)).filter((v): v is FrictionView => v !== undefined),
      failedRuns: failed.slice(0, HTML_MAX_RUNS).map(runView),
      failedMore: Math.max(0, failed.length - HTML_MAX_RUNS),
      erroredRuns: errored.slice(0, HTML_MAX_RUNS).map(runView),
      erroredMore: Math.max(0, errored.length - HTML_MAX_RUNS),
      ...emailListView(j, median),
      ...chatView(j, median),
    };
  });

  const startMs = Date.parse(scorecard.startedAt);
  const endMs = Date.parse(scorecard.finishedAt);
  const failing = findingsAtOrAbove(scorecard.summary.findings, scorecard.failOn);
  return {
    title: `Mystery shopper scorecard: ${scorecard.target}`,
    tool: scorecard.tool,
    target: scorecard.target,
    started: formatDate(scorecard.startedAt),
    finished: formatDate(scorecard.finishedAt),
    elapsed: Number.isFinite(startMs) && Number.isFinite(endMs) && endMs >= startMs ? formatMs(endMs - startMs) : '',
    configHash: truncate(scorecard.configHash, 13),
    failOn: scorecard.failOn,
    failing,
    passed: failing === 0,
    summary: scorecard.summary,
    gradeClass: scoreClass(scorecard.summary.score),
    top: frictionViews.slice(0, HTML_TOP_FRICTION),
    more: frictionViews.slice(HTML_TOP_FRICTION),
    journeys,
  };
}
