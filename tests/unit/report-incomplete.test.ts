// Issue 12, part 4 and part 6: an interrupted audit says INCOMPLETE in every output and never
// passes; hostile control and bidi characters show as visible escapes; progress lines fit the
// terminal; report folders are created atomically; --out must be a folder.
import { expect, test } from '@playwright/test';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { Scorecard, type Scorecard as ScorecardT } from '../../src/model/scorecard.ts';
import { checkOutFolder, newReportDir, stopReason, type ReportMeta } from '../../src/pipeline.ts';
import { buildCompleteness, buildScorecard, RUNS_MISSING } from '../../src/report/build.ts';
import { formatConsoleSummary } from '../../src/report/console.ts';
import { visibleControls } from '../../src/report/format.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { writeReports } from '../../src/report/index.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { createProgress, fitLine } from '../../src/cli/progress.ts';
import { makeFinding, makeMeta, makeReportDir, makeRun, removeReportDirs } from './fixtures/scorecard-data.ts';

test.afterEach(removeReportDirs);

const SIGINT = 'stopped by Ctrl-C (SIGINT)';

/** Two clean runs of a planned four, stopped by Ctrl-C: a perfect score on half the audit. */
function interrupted(extra: { findings?: boolean } = {}): ScorecardT {
  const runs = [makeRun({ repeat: 1 }), makeRun({ repeat: 2 })];
  const findings = extra.findings ? [makeFinding({ run: runs[0], stepIndex: 0, severity: 'major' })] : [];
  return buildScorecard({ runs, findings, meta: makeMeta({ planned: 4, stopped: SIGINT }) });
}

/** An audit stopped before any run finished. */
const nothingFinished = (): ScorecardT => buildScorecard({ runs: [], findings: [], meta: makeMeta({ planned: 15, stopped: SIGINT }) });

test.describe('completeness in the model', () => {
  test('every planned run finished: complete, and passing is up to the findings', () => {
    const runs = [makeRun({ repeat: 1 }), makeRun({ repeat: 2 })];
    const sc = buildScorecard({ runs, findings: [], meta: makeMeta({ planned: 2 }) });
    expect(Scorecard.parse(sc)).toEqual(sc);
    expect(sc.completeness).toEqual({ planned: 2, finished: 2, complete: true });
    expect(sc.summary.passed).toBe(true);
    expect(sc.summary.verdict).not.toMatch(/incomplete/i);
    // Without a planned count, the runs given are all there were.
    expect(buildScorecard({ runs, findings: [], meta: makeMeta() }).completeness).toEqual({ planned: 2, finished: 2, complete: true });
    // A stop reason does not matter once every run finished (Ctrl-C after the last run).
    expect(buildScorecard({ runs, findings: [], meta: makeMeta({ planned: 2, stopped: SIGINT }) }).completeness.complete).toBe(true);
  });

  test('fewer runs than planned: incomplete with why, never passed, failing still counts causes, verdict says so first', () => {
    const sc = interrupted();
    expect(Scorecard.parse(sc)).toEqual(sc);
    expect(sc.completeness).toEqual({ planned: 4, finished: 2, complete: false, reason: SIGINT });
    expect(sc.summary).toMatchObject({ score: 100, grade: 'A', failing: 0, passed: false });
    expect(sc.summary.verdict).toBe('Incomplete: 2 of 4 runs finished, stopped by Ctrl-C (SIGINT); the journey completed in every run; it took 900 ms to complete at the median.');
    const failing = interrupted({ findings: true });
    expect(failing.summary).toMatchObject({ failing: 1, passed: false });
  });

  test('no finished run is incomplete, even with nothing planned; runs are counted once; no reason means the rest never finished', () => {
    const none = nothingFinished();
    expect(none.completeness).toEqual({ planned: 15, finished: 0, complete: false, reason: SIGINT });
    expect(none.summary).toMatchObject({ score: 0, grade: 'F', passed: false });
    expect(none.summary.verdict).toBe('Incomplete: 0 of 15 runs finished, stopped by Ctrl-C (SIGINT), so there is nothing to score.');
    expect(buildCompleteness([], {})).toEqual({ planned: 0, finished: 0, complete: false, reason: 'no run finished' });
    expect(buildCompleteness([{ runId: 'a' }, { runId: 'a' }, { runId: 'b' }], { planned: 3 })).toEqual({ planned: 3, finished: 2, complete: false, reason: RUNS_MISSING });
    // More runs than planned (an older meta.json): planned is never below what finished.
    expect(buildCompleteness([{ runId: 'a' }, { runId: 'b' }], { planned: 1 })).toEqual({ planned: 2, finished: 2, complete: true });
    // An explore stopped mid-crawl is kept as far as it went, but it is not a finished run.
    expect(buildCompleteness([{ runId: 'explore/visitor/1', cutShort: 'stopped after 5 steps' }], { planned: 1, stopped: 'stopped by Ctrl-C (SIGINT)' })).toEqual({
      planned: 1,
      finished: 0,
      complete: false,
      reason: 'stopped by Ctrl-C (SIGINT)',
    });
  });

  test('meta.json says why an audit stopped: a signal, an error, or no finish time at all (killed)', () => {
    const meta: ReportMeta = { toolVersion: 't', target: 'x', startedAt: '2025-01-01T00:00:00.000Z', configHash: 'h', failOn: 'major', rules: {}, findings: {}, reporters: [], interrupted: false, planned: 3 };
    expect(stopReason({ ...meta, finishedAt: 'now' })).toBeUndefined();
    expect(stopReason(meta)).toMatch(/never finished.*killed/);
    expect(stopReason({ ...meta, finishedAt: 'now', interrupted: true, stopped: { by: 'SIGINT' } })).toBe(SIGINT);
    expect(stopReason({ ...meta, finishedAt: 'now', interrupted: true, stopped: { by: 'SIGTERM' } })).toBe('stopped by SIGTERM');
    expect(stopReason({ ...meta, finishedAt: 'now', stopped: { by: 'error', message: 'disk full' } })).toBe('stopped by an error: disk full');
  });
});

test.describe('every reporter says INCOMPLETE', () => {
  test('console: provisional score, INCOMPLETE with counts and why, never PASS', () => {
    for (const sc of [interrupted(), nothingFinished()]) {
      const lines = formatConsoleSummary(sc, { color: false }).split('\n');
      expect(lines[0]).toMatch(/: \d+\/100 \([A-F]\), provisional \(INCOMPLETE\)$/);
      expect(lines[1]).toMatch(/^Incomplete: /);
      expect(lines.at(-1)).toMatch(/^INCOMPLETE: \d+ of \d+ runs finished — stopped by Ctrl-C \(SIGINT\); so far 0 causes of friction at or above "major"\. The score is provisional/);
      expect(lines.join('\n')).not.toContain('PASS');
      expect(formatConsoleSummary(sc, { color: true })).not.toContain('PASS');
    }
    expect(formatConsoleSummary(interrupted(), { color: false })).toContain('INCOMPLETE: 2 of 4 runs finished');
    expect(formatConsoleSummary(nothingFinished(), { color: false })).toContain('INCOMPLETE: 0 of 15 runs finished');
  });

  test('Markdown: INCOMPLETE in the heading with a provisional score, a warning, and the result is incomplete, not pass', () => {
    const md = renderMarkdown(interrupted());
    expect(md).toContain('## Mystery shopper scorecard: INCOMPLETE, provisional 100/100 (A)');
    expect(md).toContain('**INCOMPLETE: 2 of 4 runs finished — stopped by Ctrl-C (SIGINT).**');
    expect(md).toContain('**Result: incomplete**, 0 causes of friction at or above major');
    expect(md).not.toMatch(/pass\*\*/i);
    const none = renderMarkdown(nothingFinished());
    expect(none).toContain('INCOMPLETE: 0 of 15 runs finished');
    expect(none).not.toContain('Result: pass');
  });

  test('JUnit: an "Audit completeness" suite whose testcase fails with the counts and why', async ({ page }) => {
    for (const [sc, counts] of [[interrupted(), '2 of 4'], [nothingFinished(), '0 of 15']] as const) {
      const xml = renderJunit(sc);
      const parsed = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'application/xml');
        if (doc.getElementsByTagName('parsererror').length > 0) return { error: doc.documentElement.textContent };
        const suite = doc.getElementsByTagName('testsuite')[0];
        const failure = suite.getElementsByTagName('failure')[0];
        return {
          root: [doc.documentElement.getAttribute('tests'), doc.documentElement.getAttribute('failures')],
          suite: [suite.getAttribute('name'), suite.getAttribute('failures')],
          properties: Object.fromEntries([...suite.getElementsByTagName('property')].map((p) => [p.getAttribute('name'), p.getAttribute('value')])),
          failure: [failure?.getAttribute('type'), failure?.getAttribute('message')],
        };
      }, xml);
      expect(parsed).not.toHaveProperty('error');
      expect(parsed.suite).toEqual(['Audit completeness', '1']);
      expect(Number(parsed.root![1])).toBeGreaterThanOrEqual(1);
      expect(parsed.failure).toEqual(['incomplete', `INCOMPLETE: ${counts} runs finished — stopped by Ctrl-C (SIGINT)`]);
      expect(parsed.properties).toMatchObject({ complete: 'false', reason: SIGINT });
    }
    // A complete audit has no such suite.
    expect(renderJunit(buildScorecard({ runs: [makeRun()], findings: [], meta: makeMeta({ planned: 1 }) }))).not.toContain('Audit completeness');
  });

  test('HTML: a banner in the header with the counts and why, a provisional score, and no "Pass"', async ({ page }) => {
    for (const [sc, counts] of [[interrupted(), '2 of 4'], [nothingFinished(), '0 of 15']] as const) {
      const out = await makeReportDir();
      await writeReports(sc, out, ['html']);
      await page.goto(`file://${join(out, 'index.html')}`);
      const banner = page.locator('header .incomplete-banner');
      await expect(banner).toBeVisible();
      await expect(banner).toContainText(`INCOMPLETE: ${counts} runs finished — stopped by Ctrl-C (SIGINT).`);
      await expect(banner).toContainText('The score is provisional');
      await expect(page.locator('.score-provisional-label')).toHaveText('Provisional');
      await expect(page.locator('.result')).toHaveText(/^Incomplete: 0 causes of friction at or above major/);
      await expect(page).toHaveTitle(/^INCOMPLETE /);
      expect(await page.locator('body').innerText()).not.toMatch(/\bPass\b/);
      await expect(page.locator('footer')).toContainText(`from ${counts} planned runs (INCOMPLETE)`);
    }
    // A complete audit: no banner, and it passes.
    const clean = renderHtml(buildScorecard({ runs: [makeRun()], findings: [], meta: makeMeta({ planned: 1 }) }));
    expect(clean).not.toContain('class="incomplete-banner"');
    expect(clean).toContain('Pass: no friction at or above major.');
  });
});

test.describe('hostile control and bidi characters show as visible escapes', () => {
  // NUL, BEL, ESC (a terminal escape), DEL, a C1 control (CSI), right-to-left override and an isolate.
  const HIDDEN = 'a\u0000b\u0007c\u001b[31md\u007fe\u009bf \u202Etxt.exe\u202C g\u2067h\u2069';

  test('visibleControls: controls as \\u00XX, bidi controls as ⟨U+XXXX⟩; tab and newline kept', () => {
    expect(visibleControls(HIDDEN)).toBe('a\\u0000b\\u0007c\\u001b[31md\\u007fe\\u009bf ⟨U+202E⟩txt.exe⟨U+202C⟩ g⟨U+2067⟩h⟨U+2069⟩');
    expect(visibleControls('tab\there\nline')).toBe('tab\there\nline');
    expect(visibleControls('plain, עברית and 中文')).toBe('plain, עברית and 中文');
  });

  test('index.html, summary.md and the console hold none of them raw', () => {
    const runs = [makeRun({ journeyName: `Journey ${HIDDEN}`, persona: `p${HIDDEN}`, stepNames: [`Step ${HIDDEN}`, 'Two', 'Three'], failAt: 1 })];
    runs[0].stoppedAt!.reason = `Reason ${HIDDEN}`;
    const findings = [
      makeFinding({ run: runs[0], ruleId: 'dead-end', severity: 'critical', stepIndex: 1, title: `Title ${HIDDEN}`, message: `Message ${HIDDEN}`, evidence: { excerpt: [`Saw ${HIDDEN}`], technical: [`Tech ${HIDDEN}`], url: `https://shop.example/${HIDDEN}` } }),
    ];
    const sc = buildScorecard({ runs, findings, meta: makeMeta({ target: `https://shop.example/${HIDDEN}` }) });
    const raw = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
    const html = renderHtml(sc);
    expect(html).not.toMatch(raw);
    expect(html).toContain('c\\u001b[31md');
    expect(html).toContain('⟨U+202E⟩txt.exe⟨U+202C⟩');
    const md = renderMarkdown(sc);
    expect(md).not.toMatch(raw);
    expect(md).toContain('⟨U+202E⟩txt.exe');
    expect(md).toContain('\\\\u001b');
    const text = formatConsoleSummary(sc, { color: false });
    expect(text).not.toMatch(raw);
    expect(text).toContain('\\u001b[31m');
    expect(text).toContain('⟨U+202E⟩');
  });
});

test.describe('progress lines fit the terminal', () => {
  test('fitLine cuts to the columns with an ellipsis, never splitting a character', () => {
    expect(fitLine('short', 80)).toBe('short');
    expect(fitLine('x'.repeat(200_000), 80)).toBe(`${'x'.repeat(79)}…`);
    expect(fitLine('中文中文中文', 7)).toBe('中文中…');
    expect(fitLine('😀😀😀😀', 5)).toBe('😀😀…');
  });

  test('a 200,000-character page title is one terminal line, not 2,500', () => {
    const writes: string[] = [];
    const stream = { isTTY: true, columns: 80, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const progress = createProgress(stream);
    const title = `Welcome ${'ha'.repeat(100_000)}\u001b[2J`;
    const run = { runId: `look/${'p'.repeat(300)}/1`, journeyId: 'look' } as Parameters<typeof progress.runStarted>[0];
    progress.planned([run], { concurrency: 1 });
    progress.runStarted(run);
    progress.runEnded(makeRun({ journeyId: 'look', failAt: 0, overrides: { runId: run.runId, stoppedAt: { stepIndex: 0, stepName: title, reason: title } } }));
    progress.done();
    const lines = writes.join('').split(/\r|\n/).map((l) => l.replace(/\x1b\[2K/g, ''));
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect([...l].length, l.slice(0, 40)).toBeLessThanOrEqual(79);
    expect(writes.join('')).not.toContain('\x1b[2J');
    // Without a terminal (a CI log), lines are capped too.
    const logged: string[] = [];
    const log = createProgress({ isTTY: false, write: (s: string) => logged.push(s) } as unknown as NodeJS.WriteStream);
    log.runEnded(makeRun({ journeyId: 'look', failAt: 0, overrides: { stoppedAt: { stepIndex: 0, stepName: title, reason: title } } }));
    expect(logged.join('').length).toBeLessThanOrEqual(501);
  });
});

test.describe('the report folder', () => {
  test('is created with an exclusive mkdir: taken names (a folder or a file) get the next suffix, never reused', async () => {
    const out = await makeReportDir();
    const at = new Date('2025-01-15T09:00:00.123Z');
    const stamp = '2025-01-15T09-00-00Z';
    expect(newReportDir(out, at)).toBe(join(out, stamp));
    writeFileSync(join(out, `${stamp}-2`), 'a file in the way');
    const more = Array.from({ length: 5 }, () => newReportDir(out, at));
    expect(more).toEqual([3, 4, 5, 6, 7].map((n) => join(out, `${stamp}-${n}`)));
    expect(readdirSync(out).sort()).toEqual([stamp, ...[2, 3, 4, 5, 6, 7].map((n) => `${stamp}-${n}`)].sort());
    // A missing folder for reports is made, parents included.
    expect(newReportDir(join(out, 'a', 'b'), at)).toBe(join(out, 'a', 'b', stamp));
  });

  test('--out must be a folder: a file there, or in its path, is an InputError naming it', async () => {
    const out = await makeReportDir();
    const file = join(out, 'report.txt');
    writeFileSync(file, 'not a folder');
    expect(() => checkOutFolder(file, '--out report.txt')).toThrow(InputError);
    expect(() => checkOutFolder(file, '--out report.txt')).toThrow(`--out report.txt is a file, not a folder for reports: ${file}`);
    expect(() => checkOutFolder(join(file, 'reports'), '--out report.txt/reports')).toThrow(`${file} is a file`);
    expect(() => checkOutFolder(out, '--out x')).not.toThrow();
    expect(() => checkOutFolder(join(out, 'new', 'deeper'), '--out x')).not.toThrow();
    mkdirSync(join(out, 'made'));
    expect(() => checkOutFolder(join(out, 'made'), '--out made')).not.toThrow();
  });
});
