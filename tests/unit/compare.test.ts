// Comparisons (src/compare/): the model from plain scorecards, the best cells, the ranking, the
// rows of explored sites and of journeys, the reporters' escaping, and reading saved folders.
import { expect, test } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildComparison, markBest, reportLink, siteLabels } from '../../src/compare/build.ts';
import { formatComparisonConsole } from '../../src/compare/console.ts';
import { COMPARE_TEMPLATE, renderComparisonHtml } from '../../src/compare/html/index.ts';
import { renderComparisonMarkdown } from '../../src/compare/markdown.ts';
import { Comparison, type CompareRow } from '../../src/compare/model.ts';
import { readScorecard } from '../../src/compare/read.ts';
import { compareReports, siteSlug } from '../../src/compare/run.ts';
import type { SiteSummary } from '../../src/channels/site/summary.ts';
import { InputError } from '../../src/errors.ts';
import type { Finding } from '../../src/model/finding.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import type { Scorecard } from '../../src/model/scorecard.ts';
import { META_FILE, RUNS_FILE } from '../../src/pipeline.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { writeReports } from '../../src/report/index.ts';
import { HOSTILE, makeFinding, makeMeta, makeReportDir, makeRun, removeReportDirs } from './fixtures/scorecard-data.ts';

test.afterEach(removeReportDirs);

function scorecard(target: string, runs: RunRecord[] = [makeRun()], findings: Finding[] = [], planned?: number): Scorecard {
  return buildScorecard({ runs, findings, meta: makeMeta({ target, ...(planned !== undefined && { planned }) }) });
}

const withScore = (s: Scorecard, score: number): Scorecard => ({ ...s, summary: { ...s.summary, score } });

/** A finding of `ruleId` with its own cause: one friction point each. */
const point = (ruleId: string, severity: Finding['severity'], cause: string) => makeFinding({ ruleId, severity, cause, title: ruleId });

const rowOf = (c: Comparison, label: string, section?: string): CompareRow => {
  const r = c.rows.find((x) => x.label === label && (section === undefined || x.section === section));
  if (!r) throw new Error(`no row ${section ?? ''} ${label}: ${c.rows.map((x) => `${x.section}/${x.label}`).join(', ')}`);
  return r;
};
const texts = (r: CompareRow) => r.cells.map((c) => c.text);
const bests = (r: CompareRow) => r.cells.map((c) => c.best);

test('the best value of a row is marked: ties all best, null never, none when all are alike', () => {
  expect(markBest('lower', [3, 1, 2])).toEqual([false, true, false]);
  expect(markBest('higher', [3, 1, 3])).toEqual([true, false, true]);
  expect(markBest('lower', [null, 2, 5])).toEqual([false, true, false]);
  expect(markBest('higher', [true, false, true])).toEqual([true, false, true]);
  // All alike (and all null): nothing to highlight.
  expect(markBest('lower', [2, 2, 2])).toEqual([false, false, false]);
  expect(markBest('higher', [null, null])).toEqual([false, false]);
  expect(markBest('higher', [false, false])).toEqual([false, false]);
  // One site has a value, the other none: the value is better than nothing.
  expect(markBest('lower', [4, null])).toEqual([true, false]);
  // Informational rows mark nothing.
  expect(markBest('none', [1, 9])).toEqual([false, false]);
  expect(markBest('lower', [Number.NaN, 3])).toEqual([false, true]);
});

test('sites rank by score, then fewer critical, then fewer major friction points; an incomplete audit ranks last', () => {
  const a = withScore(scorecard('https://a.example', [makeRun()], [point('dead-end', 'critical', 'x')]), 80);
  const b = withScore(scorecard('https://b.example', [makeRun()], [point('slow-step', 'major', 'x'), point('slow-step', 'major', 'y')]), 80);
  const c = withScore(scorecard('https://c.example', [makeRun()], [point('slow-step', 'major', 'x')]), 80);
  const d = withScore(scorecard('https://d.example'), 95);
  const incomplete = withScore(scorecard('https://e.example', [makeRun()], [], 5), 100);
  expect(incomplete.completeness.complete).toBe(false);
  const cmp = buildComparison(
    [a, b, c, d, incomplete].map((s, i) => ({ dir: `/reports/x/${i + 1}`, scorecard: s })),
    { outDir: '/reports/x', createdAt: '2025-01-15T10:00:00.000Z' },
  );
  expect(Comparison.parse(cmp)).toEqual(cmp);
  expect(cmp.sites.map((s) => [s.rank, s.label])).toEqual([
    [1, 'd.example'],
    [2, 'c.example'],
    [3, 'b.example'],
    [4, 'a.example'],
    [5, 'e.example'],
  ]);
  expect(cmp.sites[3]).toMatchObject({ report: './1/index.html', frictionPoints: { critical: 1, major: 0, minor: 0, info: 0 } });
  expect(cmp.sites[4]).toMatchObject({ complete: false, passed: false });
  // Cells follow the ranking.
  expect(texts(rowOf(cmp, 'Critical friction points'))).toEqual(['0', '0', '0', '1', '0']);
  expect(bests(rowOf(cmp, 'Critical friction points'))).toEqual([true, true, true, false, true]);
  expect(texts(rowOf(cmp, 'Score'))[4]).toBe('100 (A), provisional');
  expect(bests(rowOf(cmp, 'Score'))).toEqual([false, false, false, false, true]);
  // Equal on everything: the order given.
  const tied = buildComparison([
    { dir: 'one', scorecard: scorecard('https://z.example') },
    { dir: 'two', scorecard: scorecard('https://y.example') },
  ]);
  expect(tied.sites.map((s) => s.label)).toEqual(['z.example', 'y.example']);
  expect(bests(rowOf(tied, 'Score'))).toEqual([false, false]);
});

test('site labels are host names, host:port where a host repeats, numbered where even that repeats', () => {
  expect(siteLabels(['https://a.example/', 'http://b.example:8080/shop'])).toEqual(['a.example', 'b.example']);
  expect(siteLabels(['http://127.0.0.1:4001', 'http://127.0.0.1:4002', 'https://c.example'])).toEqual(['127.0.0.1:4001', '127.0.0.1:4002', 'c.example']);
  expect(siteLabels(['https://a.example', 'https://a.example/', 'unknown'])).toEqual(['a.example (1)', 'a.example (2)', 'unknown']);
  expect(siteSlug('http://127.0.0.1:4001/x')).toBe('127-0-0-1-4001');
  expect(siteSlug('https://Shop.Example')).toBe('shop-example');
  expect(siteSlug('not a url')).toBe('not-a-url');
});

test('links to the sites’ scorecards are relative, encoded, and never read as a scheme', () => {
  expect(reportLink('/r/cmp/1-a', '/r/cmp')).toBe('./1-a/index.html');
  expect(reportLink('/r/other run#1', '/r/cmp')).toBe('../other%20run%231/index.html');
  expect(reportLink('/r/javascript:alert(1)', '/r')).toBe('./javascript%3Aalert(1)/index.html');
  expect(reportLink('1-a')).toBe('./1-a/index.html');
});

test('page health counts each rule’s friction points, info points (noise) left out', () => {
  const noisy = scorecard('https://a.example', [makeRun()], [
    point('broken-link', 'major', 'l1'),
    point('broken-link', 'minor', 'l2'),
    point('console-error', 'info', 'third-party'),
    point('accessibility', 'minor', 'label'),
  ]);
  const clean = scorecard('https://b.example', [makeRun()], [point('console-error', 'minor', 'own')]);
  const cmp = buildComparison([
    { dir: 'a', scorecard: noisy },
    { dir: 'b', scorecard: clean },
  ]);
  const health = cmp.rows.filter((r) => r.section === 'Page health');
  expect(health.map((r) => r.label)).toEqual(['Accessibility problems', 'Broken links', 'Broken images', 'Console errors', 'HTTP errors', 'Slow pages', 'Layout shifts']);
  // The clean site ranks first (score); its cells come first.
  expect(cmp.sites.map((s) => s.label)).toEqual(['b.example', 'a.example']);
  expect(texts(rowOf(cmp, 'Broken links'))).toEqual(['0', '2']);
  expect(bests(rowOf(cmp, 'Broken links'))).toEqual([true, false]);
  expect(texts(rowOf(cmp, 'Console errors'))).toEqual(['1', '0']);
  expect(bests(rowOf(cmp, 'Broken images'))).toEqual([false, false]);
  expect(health.every((r) => r.better === 'lower')).toBe(true);
});

function siteSummary(overrides: Partial<SiteSummary> = {}): SiteSummary {
  const crumb = (title: string, url: string) => ({ title, url });
  const reach = (kind: SiteSummary['contactability'][number]['kind'], found: boolean, clicks?: number, header = false) => ({
    kind,
    found,
    ...(clicks !== undefined && { clicks }),
    path: found ? [crumb('Home', 'https://a.example/')] : [],
    via: [],
    header,
    promises: [],
    distinct: found ? 1 : 0,
  });
  return {
    start: 'https://a.example/',
    pagesVisited: 12,
    limits: { maxDepth: 3, maxPages: 50, reachedMaxPages: false, notVisited: 0, robots: 'none', disallowed: 0 },
    contactability: [reach('phone', true, 2, false), reach('email', true, 1, true), reach('chat', false), reach('form', true, 0, true), reach('messaging', false)],
    hours: [{ text: 'Mon–Fri 9:00–17:00', page: crumb('Contact', 'https://a.example/contact') }],
    responseTimes: [],
    selfService: { questions: [], hits: 5, asked: 6, search: { page: crumb('Help', 'https://a.example/help'), how: 'role=search' } },
    brokenLinks: 0,
    siteMap: [],
    ...overrides,
  };
}

/** An explore scorecard: one run whose `channels.site` holds the summary (as the site channel writes it). */
function explored(target: string, site: SiteSummary): Scorecard {
  const s = scorecard(target, [makeRun({ journeyId: 'explore', journeyName: 'Explore the site' })]);
  const run = s.journeys[0].runs[0];
  (run as { channels?: Record<string, unknown> }).channels = { site };
  return s;
}

test('explored sites compare how far each contact is, what they promise and how their search answers', () => {
  const a = explored('https://a.example', siteSummary());
  const b = explored(
    'https://b.example',
    siteSummary({
      start: 'https://b.example/',
      pagesVisited: 30,
      contactability: siteSummary().contactability.map((r) => (r.kind === 'phone' ? { ...r, clicks: 1, header: true } : r.kind === 'email' ? { ...r, found: false, clicks: undefined, header: false } : r)),
      hours: [],
      responseTimes: [{ text: `We answer within 2 days ${HOSTILE}`, page: { title: 'Contact', url: 'https://b.example/contact' } }],
      selfService: { questions: [], hits: 2, asked: 6, search: undefined },
    }),
  );
  const journeyOnly = scorecard('https://c.example');
  const cmp = buildComparison([
    { dir: 'a', scorecard: a },
    { dir: 'b', scorecard: b },
    { dir: 'c', scorecard: journeyOnly },
  ]);
  expect(cmp.sites.map((s) => s.label)).toEqual(['a.example', 'b.example', 'c.example']);
  const phone = rowOf(cmp, 'Phone: clicks from home');
  expect(phone).toMatchObject({ section: 'Contact', better: 'lower' });
  expect(texts(phone)).toEqual(['2', '1', 'not explored']);
  expect(bests(phone)).toEqual([false, true, false]);
  const email = rowOf(cmp, 'Email: clicks from home');
  expect(email.cells.map((c) => c.value)).toEqual([1, null, null]);
  expect(texts(email)).toEqual(['1', 'not found', 'not explored']);
  expect(bests(email)).toEqual([true, false, false]);
  expect(texts(rowOf(cmp, 'Contact form: clicks from home'))).toEqual(['0 (on the home page)', '0 (on the home page)', 'not explored']);
  expect(bests(rowOf(cmp, 'Contact form: clicks from home'))).toEqual([true, true, false]);
  // Nobody offers chat: nothing to highlight.
  expect(bests(rowOf(cmp, 'Chat: clicks from home'))).toEqual([false, false, false]);
  expect(texts(rowOf(cmp, 'Email: in the header'))).toEqual(['yes', 'not found', 'not explored']);
  expect(bests(rowOf(cmp, 'Email: in the header'))).toEqual([true, false, false]);
  expect(bests(rowOf(cmp, 'Phone: in the header'))).toEqual([false, true, false]);
  expect(rowOf(cmp, 'Opening hours stated').cells.map((c) => [c.value, c.best])).toEqual([
    [true, true],
    [false, false],
    [null, false],
  ]);
  expect(texts(rowOf(cmp, 'Response time stated'))[1]).toContain('We answer within 2 days');
  const search = rowOf(cmp, 'Search answered the questions');
  expect(search).toMatchObject({ section: 'Self-service', better: 'higher' });
  expect(texts(search)).toEqual(['5/6', '2/6', 'not explored']);
  expect(search.cells[0].value).toBeCloseTo(5 / 6);
  expect(bests(search)).toEqual([true, false, false]);
  const pages = rowOf(cmp, 'Pages visited');
  expect(pages.better).toBe('none');
  expect(texts(pages)).toEqual(['12', '30', 'not explored']);
  expect(bests(pages)).toEqual([false, false, false]);
  // The explore run is no journey to time.
  expect(cmp.rows.some((r) => r.section.startsWith('Journey: Explore'))).toBe(false);
  // Without any explored site, no explore rows.
  const plain = buildComparison([{ dir: 'c', scorecard: journeyOnly }, { dir: 'd', scorecard: scorecard('https://d.example') }]);
  expect(plain.rows.some((r) => r.section === 'Contact' || r.section === 'Self-service')).toBe(false);
  // A summary that does not parse is no summary.
  const broken = explored('https://x.example', { ...siteSummary(), pagesVisited: -1 } as SiteSummary);
  expect(buildComparison([{ dir: 'x', scorecard: broken }]).rows.some((r) => r.section === 'Contact')).toBe(false);
});

test('journeys run against several sites compare their completed share and the median time of completed runs', () => {
  const order = (repeat: number, ms: number[], failAt?: number) =>
    makeRun({ journeyId: 'order', journeyName: 'Order the espresso machine', repeat, stepDurations: ms, ...(failAt !== undefined && { failAt }) });
  const fast = scorecard('http://127.0.0.1:4001', [order(1, [100, 100]), order(2, [100, 300]), order(3, [100, 500]), makeRun({ journeyId: 'faq', journeyName: 'Find the FAQ' })]);
  // Its failed run is the quickest: it does not count in the median time.
  const slowRuns = [order(1, [900, 900]), order(2, [10], 0), order(3, [1000, 1000])];
  const slow = scorecard('http://127.0.0.1:4002', slowRuns, [makeFinding({ run: slowRuns[1], ruleId: 'dead-end', severity: 'critical', stepIndex: 0 })]);
  const cmp = buildComparison([
    { dir: 'slow', scorecard: slow },
    { dir: 'fast', scorecard: fast },
  ]);
  expect(cmp.sites.map((s) => s.label)).toEqual(['127.0.0.1:4001', '127.0.0.1:4002']);
  expect(cmp.rows.filter((r) => r.section.startsWith('Journey: ')).map((r) => `${r.section} / ${r.label}`)).toEqual([
    'Journey: Find the FAQ / Runs completed',
    'Journey: Find the FAQ / Median time',
    'Journey: Order the espresso machine / Runs completed',
    'Journey: Order the espresso machine / Median time',
  ]);
  const completed = rowOf(cmp, 'Runs completed', 'Journey: Order the espresso machine');
  expect(texts(completed)).toEqual(['3/3', '2/3']);
  expect(bests(completed)).toEqual([true, false]);
  const median = rowOf(cmp, 'Median time', 'Journey: Order the espresso machine');
  expect(median.cells.map((c) => c.value)).toEqual([400, 1800]);
  expect(bests(median)).toEqual([true, false]);
  expect(texts(rowOf(cmp, 'Runs completed', 'Journey: Find the FAQ'))).toEqual(['1/1', 'not run']);
  expect(rowOf(cmp, 'Median time', 'Journey: Find the FAQ').cells[1]).toEqual({ value: null, text: 'not run', best: false });
  // No run completed: no time to compare.
  const stuck = scorecard('https://s.example', [order(1, [10], 0)]);
  const withStuck = buildComparison([{ dir: 'f', scorecard: fast }, { dir: 's', scorecard: stuck }]);
  expect(texts(rowOf(withStuck, 'Median time', 'Journey: Order the espresso machine'))).toEqual(['400 ms', 'none completed']);
});

function hostileComparison(): Comparison {
  const runs = [makeRun({ journeyId: 'evil', journeyName: `Evil ${HOSTILE}`, stepNames: ['Open', HOSTILE, 'Done'] })];
  const a = scorecard(`https://a.example/?q=${HOSTILE}\u202E`, runs, [point('broken-link', 'major', 'x')]);
  const b = scorecard('https://b.example', runs);
  return buildComparison([
    { dir: '/r/cmp/1-a', scorecard: a },
    { dir: `/r/cmp/2-"><script>`, scorecard: b },
  ], { outDir: '/r/cmp', stopped: { reason: `stopped by an error: ${HOSTILE}`, notAudited: [`https://c.example/${HOSTILE}`] } });
}

test('the comparison page escapes everything from a page or a config, and has no script', () => {
  const text = readFileSync(COMPARE_TEMPLATE, 'utf8');
  expect(text).not.toContain('{{{');
  expect(text).not.toMatch(/\{\{\s*&/);
  const html = renderComparisonHtml(hostileComparison());
  expect(html).not.toContain('<script');
  expect(html).not.toContain('<img');
  expect(html).not.toContain('\u202E');
  expect(html).toContain('⟨U+202E⟩');
  expect(html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('href="./2-%22%3E%3Cscript%3E/index.html"');
  expect(html).toContain("Content-Security-Policy");
  expect(html).toContain('INCOMPLETE');
  // The scorecard's own style, and the comparison's.
  expect(html).toContain('--accent');
  expect(html).toContain('.compare-cell.best');
  expect(html).toMatch(/class="compare-cell best">0 <span class="best-mark"/);
});

test('the Markdown comparison escapes page text and bolds the best cells', () => {
  const md = renderComparisonMarkdown(hostileComparison());
  expect(md).not.toContain('<script>');
  expect(md).toContain('&lt;script&gt;');
  expect(md).toContain('| Broken links (lower is better) | **0** ★ | 1 |');
  expect(md).toContain('[scorecard](./2-%22%3E%3Cscript%3E/index.html)');
  expect(md.split('\n').filter((l) => l.startsWith('|')).every((l) => l.split(/(?<!\\)\|/).length === 5)).toBe(true);
  const console = formatComparisonConsole(hostileComparison());
  expect(console).toMatch(/^ {2}1\. b\.example/m);
  expect(console).not.toContain('\u202E');
});

/** A saved report folder as an audit leaves it: scorecard.json and the other reports, runs.jsonl, meta.json. */
async function savedReport(target: string, runs: RunRecord[], findings: Finding[] = []): Promise<string> {
  const dir = await makeReportDir();
  const sc = scorecard(target, runs, findings);
  await writeReports(sc, dir, ['json', 'html']);
  writeFileSync(join(dir, RUNS_FILE), runs.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeFileSync(join(dir, META_FILE), JSON.stringify({ ...makeMeta({ target }), toolVersion: '0.1.0', rules: {}, reporters: ['json', 'html'] }));
  return dir;
}

test('a saved report folder is read back with its runs; compareReports writes the three files with links to each folder', async () => {
  const a = await savedReport('https://a.example', [makeRun({ journeyId: 'order', repeat: 1 }), makeRun({ journeyId: 'order', repeat: 2, failAt: 1 })], [point('dead-end', 'critical', 'x')]);
  const b = await savedReport('https://b.example', [makeRun({ journeyId: 'order', repeat: 1 })]);
  const read = readScorecard(a);
  expect(read.target).toBe('https://a.example');
  expect(read.journeys[0].runs.map((r) => r.status)).toEqual(['completed', 'failed']);
  const out = join(await makeReportDir(), 'cmp');
  const result = await compareReports([a, b], out);
  expect(readdirSync(out).sort()).toEqual(['compare.json', 'compare.md', 'index.html']);
  const json = Comparison.parse(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')));
  expect(json).toEqual(result.comparison);
  expect(json.sites.map((s) => s.label)).toEqual(['b.example', 'a.example']);
  expect(json.sites[1].report).toMatch(/^\.\.\/\.\.\/mystery-shopper-report-[^/]+\/index\.html$/);
  expect(existsSync(join(out, json.sites[1].report))).toBe(true);
  expect(texts(rowOf(json, 'Runs completed'))).toEqual(['1/1', '1/2']);
  const html = readFileSync(result.htmlPath, 'utf8');
  expect(html).toContain('b.example');
  expect(html).toContain('a.example');
  // Never over a report folder.
  await expect(compareReports([a, b], a)).rejects.toThrow(/is a report folder/);
});

test('a folder that cannot be compared is an InputError naming it', async () => {
  const base = await makeReportDir();
  const catchErr = (fn: () => unknown): Error => {
    try {
      fn();
    } catch (err) {
      return err as Error;
    }
    throw new Error('no error');
  };
  const missing = catchErr(() => readScorecard(join(base, 'nope')));
  expect(missing).toBeInstanceOf(InputError);
  expect(missing.message).toContain(join(base, 'nope'));

  const empty = join(base, 'empty');
  mkdirSync(empty);
  const noScorecard = catchErr(() => readScorecard(empty));
  expect(noScorecard).toBeInstanceOf(InputError);
  expect(noScorecard.message).toBe(`${empty} is not a report folder: it has no scorecard.json`);

  const torn = join(base, 'torn');
  mkdirSync(torn);
  writeFileSync(join(torn, 'scorecard.json'), '{"schemaVersion": 5, "summ');
  const notJson = catchErr(() => readScorecard(torn));
  expect(notJson).toBeInstanceOf(InputError);
  expect(notJson.message).toContain(join(torn, 'scorecard.json'));
  expect(notJson.message).toMatch(/not valid JSON/);

  const old = join(base, 'old');
  mkdirSync(old);
  writeFileSync(join(old, 'scorecard.json'), JSON.stringify({ schemaVersion: 3, target: 'x' }));
  const oldVersion = catchErr(() => readScorecard(old));
  expect(oldVersion).toBeInstanceOf(InputError);
  expect(oldVersion.message).toContain(join(old, 'scorecard.json'));
  expect(oldVersion.message).toMatch(/version 3.*version 5.*mystery-shopper report/);

  const future = join(base, 'future');
  mkdirSync(future);
  writeFileSync(join(future, 'scorecard.json'), JSON.stringify({ schemaVersion: 99 }));
  expect(catchErr(() => readScorecard(future)).message).toMatch(/version 99, newer than this mystery-shopper reads/);

  const wrong = join(base, 'wrong');
  mkdirSync(wrong);
  writeFileSync(join(wrong, 'scorecard.json'), JSON.stringify({ schemaVersion: 5, target: 'x' }));
  const invalid = catchErr(() => readScorecard(wrong));
  expect(invalid).toBeInstanceOf(InputError);
  expect(invalid.message).toMatch(/not a valid scorecard/);
  expect(invalid.message).toContain(wrong);

  // Every bad folder at once.
  await expect(compareReports([empty, old], join(base, 'out'))).rejects.toThrow(/empty is not a report folder[\s\S]*version 3/);
  await expect(compareReports([], join(base, 'out'))).rejects.toThrow(InputError);
});

test('--base-url is repeatable: one keeps a single audit, several list every site in order', async () => {
  const { Command } = await import('commander');
  const { auditFlags, parseAuditFlags } = await import('../../src/cli/flags.ts');
  const parse = (...args: string[]) => {
    const cmd = auditFlags(new Command('run').exitOverride());
    cmd.parse(args, { from: 'user' });
    return parseAuditFlags(cmd.opts());
  };
  expect(parse()).toMatchObject({ baseURL: undefined, baseURLs: [] });
  expect(parse('--base-url', 'https://a.example')).toMatchObject({ baseURL: 'https://a.example', baseURLs: ['https://a.example'] });
  // A comma belongs to the URL, never splits it.
  expect(parse('--base-url', 'https://a.example/?x=1,2', '--base-url', 'https://b.example')).toMatchObject({
    baseURL: undefined,
    baseURLs: ['https://a.example/?x=1,2', 'https://b.example'],
  });
});
