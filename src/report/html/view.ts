import type { Evidence, Severity } from '../../model/finding.ts';
import type { DownloadRecord } from '../../model/run-record.ts';
import { withoutQuery } from '../../friction/rules/format.ts';
import { channels } from '../../channels/index.ts';
import { exploredSite } from '../../channels/site/summary.ts';
import { siteCounts, type SiteCountsView } from '../../channels/site/view.ts';
import { safeRelativeSrc } from './safe-src.ts';
import { safetyView } from './safety-view.ts';
import { historyView, journeyTrendView, seenView, type HistoryView, type JourneyTrendView, type SeenView } from './history-view.ts';
import type { FrictionExample, FrictionPlace, FrictionPoint, JourneyScorecard, RunStep, RunSummary, Scorecard } from '../../model/scorecard.ts';
import { formatBytes, formatDate, formatMetric, formatMs, formatPercent, plural, truncate, visibleControls } from '../format.ts';
import { finishedCounts, isNoted, NO_RUN_FINISHED, pendingLine, PENDING_NOTE, personasLine, placeStep, PROVISIONAL_NOTE } from '../reporter.ts';

/*
 * The HTML report's view model: everything the templates show, already aggregated, capped
 * and formatted, so the templates hold no logic beyond loops and conditions. Geometry of the
 * waterfall SVG is computed here too. Text stays raw, but for control and bidi characters,
 * which are shown as visible escapes (`\u001b`, `⟨U+202E⟩`); the templates escape the rest.
 */

/** Friction points shown as cards at the top; the rest are cards too, folded. */
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
  /** More images beside the screenshot (a baseline's screenshot, what changed), each with its caption. */
  images?: (ImageView & { label: string })[];
  url?: string;
  /** Documents the customer received (a label, an invoice): linked when their copy is inside the report folder. */
  documents?: DocumentLinkView[];
  /** Document copies we refuse to link (absolute, remote, or outside the report): named in the technical fold. */
  unsafeDocuments?: string;
  /** What the customer saw (page, email, chat), verbatim: shown up front. */
  excerpt?: string[];
  excerptMore?: number;
  /** Selectors, action labels, raw error text: folded away. */
  technical?: string[];
  technicalMore?: number;
  isEmpty: boolean;
  /** Something a folded "Technical details" would show: the page address, the raw lines, a refused screenshot. */
  hasTechnical: boolean;
}

/** A document named by a finding: its name, and a link to its copy when that is inside the report folder. */
export interface DocumentLinkView {
  name: string;
  link?: ImageView;
}

/** A document a step brought, as a journey's section lists it. */
export interface DocumentView {
  name: string;
  /** Its copy in the report folder; absent when none was kept or its path would leave the folder. */
  link?: ImageView;
  type?: string;
  /** "12.3 KB", "512 bytes". */
  size?: string;
  /** "downloaded" or "shown in the browser's viewer". */
  shown: string;
  /** "arrived after 420 ms" (from the step's start), "failed after 30 s". */
  took: string;
  /** Why it did not arrive, with the HTTP status when the text does not already say it. */
  failure?: string;
  notKept?: string;
  /** A copy's path we refuse to link. */
  refused?: string;
  /** Where it came from, without its query (which may carry a token). */
  from: string;
}

/** The documents of one step of one run. */
export interface DocumentStepView {
  run: string;
  step: string;
  documents: DocumentView[];
}

export interface DocumentsView {
  /** "3 documents in 3 runs; 1 did not arrive". */
  summary: string;
  failed: number;
  steps: DocumentStepView[];
  /** Steps with documents beyond the first HTML_MAX_RUNS, counted. */
  more: number;
}

export interface PlaceView {
  journeyName: string;
  /** Absent when the journey has no section (findings about a journey with no run record). */
  journeyAnchor?: string;
  step?: string;
  runsHit: number;
  runsTotal: number;
}

export interface FrictionView {
  /** New since the last audits, or recurring since when. */
  seen?: SeenView;
  anchor: string;
  rank: number;
  key: string;
  ruleId: string;
  title: string;
  severity: Severity;
  message: string;
  runsHit: number;
  runsTotal: number;
  share: string;
  /** Every journey and step it hit, the first HTML_MAX_PLACES up front. */
  places: PlaceView[];
  placesMore: PlaceView[];
  /** "and 3 more journeys". */
  placesMoreLabel?: string;
  /** "persona sam: 4 of 4 runs; the 2 others (alex, dana): 0 of 8". */
  who: string;
  evidence: EvidenceView;
  examples: ExampleView[];
}

export interface ExampleView {
  runId: string;
  /** Absent when it says the same as the card. */
  message?: string;
  /** Only what differs from the card's evidence. */
  evidence: EvidenceView;
  /** Linked, not shown. */
  screenshot?: ImageView;
}

/** A friction point as one journey's section lists it: the share of that journey's runs. */
export interface JourneyFrictionView {
  anchor: string;
  title: string;
  severity: Severity;
  message: string;
  /** The first HTML_MAX_PLACES steps of this journey it hit: "Sign in: 2 of 2 runs". */
  here: { step?: string; runsHit: number; runsTotal: number }[];
  /** Steps of this journey it hit beyond those (an accessibility barrier on 60 pages of an explore). */
  hereMore: number;
  /** It hit other journeys too. */
  elsewhere: number;
}

export interface WaterfallRow {
  name: string;
  fullName: string;
  time: string;
  budget?: string;
  cls: 'ok' | 'over' | 'failed' | 'pending';
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
  /** A step still waiting when the audit ended: the legend names the colour. */
  hasPending: boolean;
  /** Longer than WF_OPEN_ROWS steps with none failed (an explore's pages): folded, so what follows is not pushed a screen down. */
  folded: boolean;
}

export interface RunView {
  runId: string;
  persona: string;
  repeat: number;
  duration: string;
  stoppedAt?: string;
  reason?: string;
  failedStep?: { label: string; error?: string; url: string; screenshot?: ImageView; documents?: DocumentView[] };
  /** The run's Playwright trace, linked (a .zip inside the report folder). */
  trace?: ImageView;
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
  /** Score and median time over the last audits. */
  trend?: JourneyTrendView;
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
  /** The documents its runs received, step by step; absent when none did. */
  documents?: DocumentsView;
  /** Counted friction that touched this journey, in rank order. */
  frictionPoints: JourneyFrictionView[];
  /** Info points that touched it (noted, not counted). */
  notedCount: number;
  failedRuns: RunView[];
  failedMore: number;
  erroredRuns: RunView[];
  erroredMore: number;
  /** Runs with a Playwright trace (config `trace`), the first HTML_MAX_RUNS; the rest are counted. */
  traces: { label: string; status: string; trace: ImageView }[];
  tracesMore: number;
  /** Each channel's section (emails, chat transcript, calls) for one run of the journey: the median run, else the first that used it. */
  channels: ChannelSectionView[];
  /** Its cleanup (never scored) and what allowedOrigins blocked; absent when neither happened. */
  safety?: ReturnType<typeof safetyView>;
}

/** A channel's section of a journey: rendered by the channel's own template (partial `channel-<name>`). */
export interface ChannelSectionView {
  partial: string;
  view: unknown;
}

/** For each channel the journey used, its view of the run shown (the median run, else the first that used it). */
function channelSections(j: JourneyScorecard, median: RunSummary | undefined): ChannelSectionView[] {
  const out: ChannelSectionView[] = [];
  for (const def of channels) {
    const has = (r: RunSummary | undefined) => r?.channels?.[def.name] !== undefined;
    const run = has(median) ? median : j.runs.find(has);
    if (!run) continue;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    out.push({ partial: channelPartial(def.name), view: (def.view.build as (s: any, r: RunSummary) => unknown)(run.channels![def.name], run) });
  }
  return out;
}

/** The Handlebars partial a channel's template is registered as. */
export const channelPartial = (name: string) => `channel-${name}`;

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
  /** An explore (one run of one site): its headline counts replace the journeys and runs. */
  siteCounts?: SiteCountsView;
  /** Always for journeys; for an explore only when the harness broke. */
  showHarnessErrors: boolean;
  /** Checks waiting for what comes after the audit: the header says so, and how they end. */
  pending?: { lines: string[]; note: string };
  /** Set when not every planned run finished: the header's banner, and the score is provisional. */
  incomplete?: { counts: string; reason?: string; note: string };
  /** "8 of 28 planned runs" in the footer, "8 runs" for a complete audit. */
  runsLabel: string;
  summary: Scorecard['summary'];
  gradeClass: string;
  /** Causes counted in the score (critical, major, minor), and how many of each. */
  counted: number;
  causes: { critical: number; major: number; minor: number; info: number };
  top: FrictionView[];
  more: FrictionView[];
  /** Info points: noise the customer never notices, outside the score. */
  noted: FrictionView[];
  journeys: JourneyView[];
  /** This audit beside the earlier ones (history store). */
  history?: HistoryView;
  /** `--fail-on-regression`: rules that fail the audit whatever their severity. */
  failOnRules?: string;
}

export { safeRelativeSrc };

function image(path: string | undefined): ImageView | undefined {
  if (path === undefined) return undefined;
  const src = safeRelativeSrc(path);
  return src === undefined ? undefined : { src, path };
}

/** "emailDelay" → "email delay"; "step duration" stays as it is. */
export function metricLabel(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);
}

const capLines = (lines: readonly string[]): string[] =>
  lines.slice(0, HTML_MAX_EXCERPT_LINES).map((l) => truncate(l, HTML_MAX_EXCERPT_CHARS));

function evidenceView(e: Evidence): EvidenceView {
  const screenshot = image(e.screenshot);
  const images = (e.images ?? []).flatMap((i) => {
    const shown = image(i.path);
    return shown ? [{ ...shown, label: i.label }] : [];
  });
  // An image we refuse to load is named in the technical fold, as a refused screenshot is.
  const refused = [...(e.screenshot !== undefined && !screenshot ? [e.screenshot] : []), ...(e.images ?? []).filter((i) => !image(i.path)).map((i) => i.path)];
  const documents = (e.documents ?? []).map((d) => {
    const link = image(d.path);
    return { name: d.name, ...(link && { link }) };
  });
  const unlinked = (e.documents ?? []).filter((d) => !image(d.path)).map((d) => d.path);
  const m = e.metric;
  const [value, threshold] = m ? formatMetricPair(m.value, m.threshold, m.unit) : ['', undefined];
  const lines = e.excerpt ?? [];
  const technical = e.technical ?? [];
  const view: EvidenceView = {
    ...(m && {
      metric: {
        name: metricLabel(m.name),
        value,
        ...(threshold !== undefined && { threshold }),
        over: m.threshold !== undefined && m.value > m.threshold,
      },
    }),
    ...(screenshot && { screenshot }),
    ...(refused.length > 0 && { unsafeScreenshot: refused.join(', ') }),
    ...(images.length > 0 && { images }),
    ...(e.url !== undefined && { url: e.url }),
    ...(documents.length > 0 && { documents }),
    ...(unlinked.length > 0 && { unsafeDocuments: unlinked.join(', ') }),
    ...(lines.length > 0 && { excerpt: capLines(lines), excerptMore: Math.max(0, lines.length - HTML_MAX_EXCERPT_LINES) }),
    ...(technical.length > 0 && { technical: capLines(technical), technicalMore: Math.max(0, technical.length - HTML_MAX_EXCERPT_LINES) }),
    isEmpty: false,
    hasTechnical: false,
  };
  view.hasTechnical = Boolean(view.unsafeScreenshot || view.unsafeDocuments || view.url || view.technical);
  view.isEmpty = !view.hasTechnical && !view.metric && !view.screenshot && !view.images && !view.excerpt && !view.documents;
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

/** Places shown up front on a card; the rest are folded behind "and N more journeys". */
export const HTML_MAX_PLACES = 4;

function moreLabel(shown: readonly FrictionPlace[], more: readonly FrictionPlace[]): string | undefined {
  if (more.length === 0) return undefined;
  const seen = new Set(shown.map((p) => p.journeyId));
  const journeys = new Set(more.map((p) => p.journeyId).filter((id) => !seen.has(id)));
  if (journeys.size === more.length) return `and ${plural(more.length, 'more journey')}`;
  return `and ${plural(more.length, 'more place')}${journeys.size > 0 ? ` in ${plural(journeys.size, 'more journey')}` : ''}`;
}

function frictionView(fp: FrictionPoint, anchor: string, rank: number, journeyAnchors: ReadonlyMap<string, string>): FrictionView {
  const place = (p: FrictionPlace): PlaceView => {
    const step = placeStep(p);
    const journeyAnchor = journeyAnchors.get(p.journeyId);
    return {
      journeyName: p.journeyName,
      ...(journeyAnchor !== undefined && { journeyAnchor }),
      ...(step !== undefined && { step }),
      runsHit: p.runsHit,
      runsTotal: p.runsTotal,
    };
  };
  const shown = fp.places.slice(0, HTML_MAX_PLACES);
  const more = fp.places.slice(HTML_MAX_PLACES);
  const placesMoreLabel = moreLabel(shown, more);
  return {
    anchor,
    rank,
    key: fp.key,
    ruleId: fp.ruleId,
    title: fp.title,
    severity: fp.severity,
    message: fp.message,
    runsHit: fp.runsHit,
    runsTotal: fp.runsTotal,
    share: formatPercent(fp.runsTotal > 0 ? fp.runsHit / fp.runsTotal : 0),
    places: shown.map(place),
    placesMore: more.map(place),
    ...(placesMoreLabel !== undefined && { placesMoreLabel }),
    who: personasLine(fp.personas),
    evidence: evidenceView(fp.evidence),
    examples: fp.examples.map((x) => exampleView(x, fp)),
  };
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Another run's finding, in the technical fold: its run, and only what differs from the card
 * (a repeat of the same message and quote says nothing new). Its screenshot is a link.
 */
function exampleView(x: FrictionExample, fp: FrictionPoint): ExampleView {
  const e = x.evidence;
  const rep = fp.evidence;
  const shot = image(e.screenshot);
  const differs: Evidence = {
    ...(e.metric && !sameJson(e.metric, rep.metric) && { metric: e.metric }),
    ...(e.excerpt && !sameJson(e.excerpt, rep.excerpt) && { excerpt: e.excerpt }),
    ...(e.technical && !sameJson(e.technical, rep.technical) && { technical: e.technical }),
    ...(e.url !== undefined && e.url !== rep.url && { url: e.url }),
    ...(e.screenshot !== undefined && !shot && { screenshot: e.screenshot }),
    ...(e.images && !sameJson(e.images, rep.images) && { images: e.images }),
    ...(e.documents && !sameJson(e.documents, rep.documents) && { documents: e.documents }),
  };
  return {
    runId: x.runId,
    ...(x.message !== fp.message && { message: x.message }),
    evidence: evidenceView(differs),
    ...(shot && { screenshot: shot }),
  };
}

function journeyFrictionView(fp: FrictionPoint, anchor: string, journeyId: string): JourneyFrictionView {
  const here = fp.places.filter((p) => p.journeyId === journeyId);
  return {
    anchor,
    title: fp.title,
    severity: fp.severity,
    message: fp.message,
    here: here.slice(0, HTML_MAX_PLACES).map((p) => {
      const step = placeStep(p);
      return { ...(step !== undefined && { step }), runsHit: p.runsHit, runsTotal: p.runsTotal };
    }),
    hereMore: Math.max(0, here.length - HTML_MAX_PLACES),
    elsewhere: new Set(fp.places.filter((p) => p.journeyId !== journeyId).map((p) => p.journeyId)).size,
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

/** A timeline longer than this, with no failed step, starts folded. */
const WF_OPEN_ROWS = 20;

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
    const cls = s.status === 'failed' ? 'failed' : s.status === 'pending' ? 'pending' : over ? 'over' : 'ok';
    return {
      name: truncate(stepLabel(s.index, s.name), 34),
      fullName: stepLabel(s.index, s.name),
      time: formatMs(s.durationMs),
      ...(s.budgetMs !== undefined && { budget: formatMs(s.budgetMs), budgetX: x(Math.max(0, s.startMs) + s.budgetMs) }),
      cls,
      status: cls === 'failed' ? 'failed' : cls === 'pending' ? 'pending (still waiting when the audit ended)' : cls === 'over' ? 'over budget' : 'within budget',
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
  const folded = rows.length > WF_OPEN_ROWS && !rows.some((r) => r.cls === 'failed');
  return { width: WF_WIDTH, height: chartBottom + WF_AXIS_H, chartX, chartBottom, caption, rows, ticks, hasPending: rows.some((r) => r.cls === 'pending'), folded };
}

/* ---------- documents ---------- */

function documentView(d: DownloadRecord): DocumentView {
  const link = image(d.file);
  // "The address answered HTTP 404." already says it; "The file is empty" does not.
  const status = d.status !== undefined && d.status >= 400 && d.failure !== undefined && !d.failure.includes(String(d.status)) ? ` (HTTP ${d.status})` : '';
  return {
    name: d.name,
    ...(link && { link }),
    ...(d.type !== undefined && { type: d.type }),
    ...(d.bytes !== undefined && { size: formatBytes(d.bytes) }),
    shown: d.shown === 'viewer' ? 'shown in the browser’s viewer' : 'downloaded',
    took: `${d.failure === undefined ? 'arrived' : 'failed'} after ${formatMs(d.ms)}`,
    ...(d.failure !== undefined && { failure: `${d.failure}${status}` }),
    ...(d.notKept !== undefined && { notKept: d.notKept }),
    ...(d.file !== undefined && !link && { refused: d.file }),
    from: withoutQuery(d.url),
  };
}

/** Every step of the journey's runs that brought documents, in run order; the first HTML_MAX_RUNS are listed. */
function documentsView(j: JourneyScorecard): DocumentsView | undefined {
  const steps: DocumentStepView[] = [];
  let count = 0;
  let failed = 0;
  const runs = new Set<string>();
  let more = 0;
  for (const r of j.runs) {
    for (const s of r.steps) {
      const docs = s.downloads ?? [];
      if (docs.length === 0) continue;
      runs.add(r.runId);
      count += docs.length;
      failed += docs.filter((d) => d.failure !== undefined).length;
      if (steps.length < HTML_MAX_RUNS) steps.push({ run: `${r.persona} #${r.repeat}`, step: stepLabel(s.index, s.name), documents: docs.map(documentView) });
      else more++;
    }
  }
  if (count === 0) return undefined;
  const arrived = failed === 0 ? (count === 1 ? 'it arrived' : 'all arrived') : `${failed} did not arrive`;
  return { summary: `${plural(count, 'document')} in ${plural(runs.size, 'run')}; ${arrived}`, failed, steps, more };
}

/* ---------- runs ---------- */

function runView(run: RunSummary): RunView {
  const failed = run.steps.find((s) => s.status === 'failed');
  const screenshot = image(failed?.screenshot);
  const documents = (failed?.downloads ?? []).map(documentView);
  // Same rule as images: only a path inside the report folder is linked.
  const trace = image(run.trace);
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
        ...(documents.length > 0 && { documents }),
      },
    }),
    findings: run.findings.slice(0, HTML_MAX_RUN_FINDINGS).map((f) => ({ severity: f.severity, message: f.message })),
    findingsMore: Math.max(0, run.findings.length - HTML_MAX_RUN_FINDINGS),
    ...(trace && { trace }),
  };
}

/** Every run's trace that is linked, in run order, the first HTML_MAX_RUNS shown. */
function traceLinks(j: JourneyScorecard): Pick<JourneyView, 'traces' | 'tracesMore'> {
  const traces = j.runs.flatMap((r) => {
    const trace = image(r.trace);
    return trace ? [{ label: `${r.persona} #${r.repeat}`, status: r.status === 'failed' ? 'dead end' : r.status, trace }] : [];
  });
  return { traces: traces.slice(0, HTML_MAX_RUNS), tracesMore: Math.max(0, traces.length - HTML_MAX_RUNS) };
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
  // Counted friction is numbered in rank order; info points (noise) have their own anchors.
  const counted = scorecard.frictionPoints.filter((fp) => !isNoted(fp));
  const notedPoints = scorecard.frictionPoints.filter(isNoted);
  const seen = new Map((scorecard.history?.points ?? []).map((p) => [p.key, seenView(p)]));
  const withSeen = (v: FrictionView): FrictionView => (seen.get(v.key) ? { ...v, seen: seen.get(v.key) } : v);
  const frictionViews = counted.map((fp, i) => withSeen(frictionView(fp, `fp-${i + 1}`, i + 1, journeyAnchors)));
  const noted = notedPoints.map((fp, i) => withSeen(frictionView(fp, `noted-${i + 1}`, i + 1, journeyAnchors)));
  const pointsByKey = new Map(scorecard.frictionPoints.map((fp) => [fp.key, fp]));
  const anchorByKey = new Map([...frictionViews, ...noted].map((v) => [v.key, v.anchor]));

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
    const trend = journeyTrendView(scorecard.history?.journeys.find((t) => t.journeyId === j.id));
    const documents = documentsView(j);
    return {
      ...(trend && { trend }),
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
      ...(documents && { documents }),
      frictionPoints: j.frictionPointKeys
        .map((k) => pointsByKey.get(k))
        .filter((fp): fp is FrictionPoint => fp !== undefined && !isNoted(fp))
        .map((fp) => journeyFrictionView(fp, anchorByKey.get(fp.key)!, j.id)),
      notedCount: j.frictionPointKeys.filter((k) => {
        const fp = pointsByKey.get(k);
        return fp !== undefined && isNoted(fp);
      }).length,
      failedRuns: failed.slice(0, HTML_MAX_RUNS).map(runView),
      failedMore: Math.max(0, failed.length - HTML_MAX_RUNS),
      erroredRuns: errored.slice(0, HTML_MAX_RUNS).map(runView),
      erroredMore: Math.max(0, errored.length - HTML_MAX_RUNS),
      ...traceLinks(j),
      channels: channelSections(j, median),
      ...safetyOf(j),
    };
  });

  // An explore is one run of one site: what it found says more at a glance than one journey and one run.
  const explored = exploredSite(scorecard.journeys);
  const startMs = Date.parse(scorecard.startedAt);
  const endMs = Date.parse(scorecard.finishedAt);
  const c = scorecard.completeness;
  const view: HtmlView = {
    title: `${c.complete ? '' : 'INCOMPLETE '}Mystery shopper scorecard: ${scorecard.target}`,
    tool: scorecard.tool,
    target: scorecard.target,
    started: formatDate(scorecard.startedAt),
    finished: formatDate(scorecard.finishedAt),
    elapsed: Number.isFinite(startMs) && Number.isFinite(endMs) && endMs >= startMs ? formatMs(endMs - startMs) : '',
    configHash: truncate(scorecard.configHash, 13),
    failOn: scorecard.failOn,
    failing: scorecard.summary.failing,
    passed: scorecard.summary.passed,
    ...(explored && { siteCounts: siteCounts(explored) }),
    showHarnessErrors: !explored || scorecard.summary.runs.errored > 0,
    ...(!c.complete && {
      incomplete: { counts: finishedCounts(c), ...(c.reason && c.reason !== NO_RUN_FINISHED && { reason: c.reason }), note: PROVISIONAL_NOTE },
    }),
    ...(scorecard.pending?.length && { pending: { lines: scorecard.pending.map(pendingLine), note: PENDING_NOTE } }),
    runsLabel: c.complete ? plural(scorecard.summary.runs.total, 'run') : `${c.finished} of ${plural(c.planned, 'planned run')}`,
    summary: scorecard.summary,
    gradeClass: scoreClass(scorecard.summary.score),
    counted: counted.length,
    causes: scorecard.summary.causes,
    top: frictionViews.slice(0, HTML_TOP_FRICTION),
    more: frictionViews.slice(HTML_TOP_FRICTION),
    noted,
    journeys,
    ...(scorecard.history && { history: historyView(scorecard) }),
    ...(scorecard.failOnRules?.length && { failOnRules: scorecard.failOnRules.join(', ') }),
  };
  return visibleDeep(view);
}

function safetyOf(j: JourneyScorecard): { safety?: ReturnType<typeof safetyView> } {
  const safety = safetyView(j);
  return safety.cleanup || safety.blocked ? { safety } : {};
}

/** Every string of a view with its control and bidi characters shown as visible escapes. */
function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visibleControls(value) as T;
  if (Array.isArray(value)) return value.map(visibleDeep) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = visibleDeep(v);
    return out as T;
  }
  return value;
}
