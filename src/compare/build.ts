import { isAbsolute, relative } from 'node:path';
import { CONTACT_KINDS, CONTACT_WORDS } from '../channels/site/record.ts';
import { SiteSummary } from '../channels/site/summary.ts';
import type { Severity } from '../model/finding.ts';
import type { JourneyScorecard, Scorecard } from '../model/scorecard.ts';
import { TOOL_NAME } from '../report/build.ts';
import { formatMs, truncate } from '../report/format.ts';
import { percentile } from '../report/stats.ts';
import { TOOL_VERSION } from '../version.ts';
import { COMPARISON_SCHEMA_VERSION, type Better, type ComparedSite, type Comparison, type CompareCell, type CompareRow } from './model.ts';

/** One audited site to compare: its report folder and its scorecard. */
export interface CompareEntry {
  /** The site's report folder (its `index.html` is linked). */
  dir: string;
  scorecard: Scorecard;
}

export interface BuildComparisonOptions {
  /** The comparison's own folder: each site's link is made relative to it. Default: `dir` is linked as given. */
  outDir?: string;
  /** Default: now. */
  createdAt?: string;
  /** The comparison stopped before every site was audited. */
  stopped?: Comparison['stopped'];
}

/** The sections rows are grouped in (journeys add one each: `Journey: <name>`). */
export const SECTIONS = { summary: 'Summary', health: 'Page health', contact: 'Contact', selfService: 'Self-service' } as const;

/** The page-health rules compared, by id: friction points of each (info points, noise, left out). */
export const HEALTH_RULES: readonly { id: string; label: string; help: string }[] = [
  { id: 'accessibility', label: 'Accessibility problems', help: 'Friction points of the accessibility rule (axe-core violations the customer meets).' },
  { id: 'broken-link', label: 'Broken links', help: 'Friction points of links that lead to an error or nowhere.' },
  { id: 'broken-image', label: 'Broken images', help: 'Friction points of images the customer saw broken.' },
  { id: 'console-error', label: 'Console errors', help: "Friction points of errors in the page's scripts (third-party noise left out)." },
  { id: 'http-error', label: 'HTTP errors', help: 'Friction points of requests the site answered with an error.' },
  { id: 'slow-page', label: 'Slow pages', help: 'Friction points of pages whose main content showed late (LCP).' },
  { id: 'layout-shift', label: 'Layout shifts', help: 'Friction points of pages that jumped under the customer (CLS).' },
];

const COUNTED: readonly Exclude<Severity, 'info'>[] = ['critical', 'major', 'minor'];

/**
 * The scorecards side by side: each site's headline (rank, score, grade, verdict), and rows of
 * values to compare with the best of each highlighted. Pure: no file is read; the clock only
 * for `createdAt` when it is not given.
 */
export function buildComparison(entries: readonly CompareEntry[], options: BuildComparisonOptions = {}): Comparison {
  const labels = siteLabels(entries.map((e) => e.scorecard.target));
  const sites = entries.map((e, i) => ({ entry: e, index: i, site: siteOf(e, labels[i], options.outDir) }));
  sites.sort(
    (a, b) =>
      Number(b.site.complete) - Number(a.site.complete) ||
      b.site.score - a.site.score ||
      a.site.frictionPoints.critical - b.site.frictionPoints.critical ||
      a.site.frictionPoints.major - b.site.frictionPoints.major ||
      a.index - b.index,
  );
  const ranked = sites.map((s) => s.entry.scorecard);
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    createdAt: options.createdAt ?? new Date().toISOString(),
    sites: sites.map((s, i) => ({ ...s.site, rank: i + 1 })),
    rows: [...summaryRows(ranked), ...healthRows(ranked), ...exploreRows(ranked), ...journeyRows(ranked)],
    ...(options.stopped && { stopped: options.stopped }),
  };
}

/** Marks the best cells of a row: ties all best, null never, none when every cell is alike. */
export function markBest(better: Better, values: readonly CompareCell['value'][]): boolean[] {
  const nums = values.map((v) => (v === null ? null : typeof v === 'boolean' ? Number(v) : Number.isFinite(v) ? v : null));
  const present = nums.filter((n): n is number => n !== null);
  if (better === 'none' || present.length === 0 || nums.every((n) => n === nums[0])) return nums.map(() => false);
  const best = better === 'lower' ? Math.min(...present) : Math.max(...present);
  return nums.map((n) => n !== null && n === best);
}

type Value = Omit<CompareCell, 'best'>;

function row(section: string, label: string, better: Better, values: Value[], help?: string): CompareRow {
  const best = markBest(better, values.map((v) => v.value));
  return { section, label, better, ...(help && { help }), cells: values.map((v, i) => ({ value: v.value, text: v.text, best: best[i] })) };
}

const num = (n: number): Value => ({ value: n, text: String(n) });
const none = (text: string): Value => ({ value: null, text });
const yesNo = (yes: boolean, text = yes ? 'yes' : 'no'): Value => ({ value: yes, text });

/**
 * Labels from the targets: the host name, or host:port where two share a host name, numbered
 * where even that is shared (the same site audited twice).
 */
export function siteLabels(targets: readonly string[]): string[] {
  const parsed = targets.map((t) => {
    try {
      const u = new URL(t);
      return { hostname: u.hostname || t, host: u.host || t };
    } catch {
      return { hostname: t, host: t };
    }
  });
  const shared = (labels: string[], l: string) => labels.filter((x) => x === l).length > 1;
  const byName = parsed.map((p) => p.hostname);
  const byHost = byName.map((l, i) => (shared(byName, l) ? parsed[i].host : l));
  const seen = new Map<string, number>();
  return byHost.map((l) => {
    if (!shared(byHost, l)) return l;
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return `${l} (${n})`;
  });
}

/** The link to a report folder's scorecard: relative (from `outDir`), each part URL-encoded, never read as a scheme. */
export function reportLink(dir: string, outDir?: string): string {
  const rel = outDir ? relative(outDir, dir) : dir;
  const absolute = isAbsolute(rel) && !outDir;
  const parts = rel.split(/[\\/]+/).filter(Boolean).map(encodeURIComponent);
  const path = [...parts, 'index.html'].join('/');
  if (absolute) return `/${path}`;
  return parts[0] === '.' || parts[0] === '..' ? path : `./${path}`;
}

function siteOf(entry: CompareEntry, label: string, outDir: string | undefined): Omit<ComparedSite, 'rank'> {
  const { scorecard } = entry;
  return {
    label,
    target: scorecard.target,
    report: reportLink(entry.dir, outDir),
    startedAt: scorecard.startedAt,
    score: scorecard.summary.score,
    grade: scorecard.summary.grade,
    passed: scorecard.summary.passed,
    complete: scorecard.completeness.complete,
    failing: scorecard.summary.failing,
    frictionPoints: scorecard.summary.causes,
  };
}

function summaryRows(scorecards: readonly Scorecard[]): CompareRow[] {
  const s = SECTIONS.summary;
  const counts = scorecards.map((sc) => sc.summary.causes);
  return [
    row(
      s,
      'Score',
      'higher',
      scorecards.map((c) => ({ value: c.summary.score, text: `${c.summary.score} (${c.summary.grade})${c.completeness.complete ? '' : ', provisional'}` })),
      'The audit’s score out of 100 and its grade.',
    ),
    ...COUNTED.map((sev) => row(s, `${sev[0].toUpperCase()}${sev.slice(1)} friction points`, 'lower', counts.map((c) => num(c[sev])), `Causes of ${sev} friction, each counted once across journeys, personas and repeats.`)),
  ];
}

function healthRows(scorecards: readonly Scorecard[]): CompareRow[] {
  return HEALTH_RULES.map((rule) =>
    row(SECTIONS.health, rule.label, 'lower', scorecards.map((c) => num(c.frictionPoints.filter((fp) => fp.ruleId === rule.id && fp.severity !== 'info').length)), rule.help),
  );
}

/** What an explore run kept of the site (`channels.site` of its run), read through its schema. */
export function siteSummaryOf(scorecard: Scorecard): SiteSummary | undefined {
  for (const j of scorecard.journeys) {
    const found = siteSummaryOfJourney(j);
    if (found) return found;
  }
  return undefined;
}

function siteSummaryOfJourney(j: JourneyScorecard): SiteSummary | undefined {
  for (const run of j.runs ?? []) {
    const site = (run.channels as Record<string, unknown> | undefined)?.site;
    if (site === undefined) continue;
    const parsed = SiteSummary.safeParse(site);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

const NOT_EXPLORED = 'not explored';

function exploreRows(scorecards: readonly Scorecard[]): CompareRow[] {
  const summaries = scorecards.map(siteSummaryOf);
  if (summaries.every((s) => s === undefined)) return [];
  const each = (f: (s: SiteSummary) => Value, missing: Value = none(NOT_EXPLORED)): Value[] => summaries.map((s) => (s ? f(s) : missing));
  const c = SECTIONS.contact;
  const rows: CompareRow[] = [];
  for (const kind of CONTACT_KINDS) {
    const word = CONTACT_WORDS[kind];
    const reach = (s: SiteSummary) => s.contactability.find((r) => r.kind === kind);
    rows.push(
      row(
        c,
        `${word}: clicks from home`,
        'lower',
        each((s) => {
          const r = reach(s);
          if (!r?.found || r.clicks === undefined) return none('not found');
          return { value: r.clicks, text: r.clicks === 0 ? '0 (on the home page)' : String(r.clicks) };
        }),
        `Clicks from the home page to the nearest page offering ${word.toLowerCase()} contact.`,
      ),
      row(
        c,
        `${word}: in the header`,
        'higher',
        each((s) => {
          const r = reach(s);
          return r?.found ? yesNo(r.header) : yesNo(false, 'not found');
        }),
        `Offered in the header or main navigation (or reached through a link there).`,
      ),
    );
  }
  const stated = (promises: SiteSummary['hours']): Value => (promises.length ? yesNo(true, `yes: “${truncate(promises[0].text, 80)}”`) : yesNo(false));
  rows.push(
    row(c, 'Opening hours stated', 'higher', each((s) => stated(s.hours)), 'The site says when the company answers (opening hours).'),
    row(c, 'Response time stated', 'higher', each((s) => stated(s.responseTimes)), 'The site says how soon a message is answered.'),
    row(
      SECTIONS.selfService,
      'Search answered the questions',
      'higher',
      each((s) => {
        const { hits, asked, search } = s.selfService;
        if (asked > 0) return { value: hits / asked, text: `${hits}/${asked}` };
        return search ? none('no questions asked') : { value: 0, text: 'no site search' };
      }),
      "The customers' questions whose search results showed a relevant answer.",
    ),
    row(SECTIONS.selfService, 'Pages visited', 'none', each((s) => num(s.pagesVisited)), 'Pages the crawl visited (informational: it depends on the crawl limits).'),
  );
  return rows;
}

/** Median duration of the completed runs, ms; undefined when none completed (or the runs are not known). */
function completedMedian(j: JourneyScorecard): number | undefined {
  const runs = j.runs ?? [];
  if (runs.length === 0) return j.runCounts.total > 0 && j.runCounts.completed === j.runCounts.total ? j.durationMs.p50 : undefined;
  const durations = runs.filter((r) => r.status === 'completed').map((r) => r.durationMs).sort((a, b) => a - b);
  return durations.length ? percentile(durations, 50) : undefined;
}

function journeyRows(scorecards: readonly Scorecard[]): CompareRow[] {
  const names = new Map<string, string>();
  for (const c of scorecards) for (const j of c.journeys) if (!names.has(j.id) && !siteSummaryOfJourney(j)) names.set(j.id, j.name);
  const ids = [...names.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.flatMap((id) => {
    const section = `Journey: ${names.get(id)}`;
    const journeys = scorecards.map((c) => c.journeys.find((j) => j.id === id));
    return [
      row(
        section,
        'Runs completed',
        'higher',
        journeys.map((j) => {
          if (!j) return none('not run');
          const { completed, total } = j.runCounts;
          return total ? { value: completed / total, text: `${completed}/${total}` } : none('no runs');
        }),
        'Share of the journey’s runs the customer could finish.',
      ),
      row(
        section,
        'Median time',
        'lower',
        journeys.map((j) => {
          if (!j) return none('not run');
          const ms = completedMedian(j);
          return ms === undefined ? none(j.runCounts.completed ? 'unknown' : 'none completed') : { value: ms, text: formatMs(ms) };
        }),
        'Median (p50) duration of the completed runs.',
      ),
    ];
  });
}
