import { expect, test } from '@playwright/test';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { Scorecard } from '../../src/model/scorecard.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { formatConsoleSummary, terminalSafe } from '../../src/report/console.ts';
import { ReportWriteError, reporters, writeReports } from '../../src/report/index.ts';
import { renderJson } from '../../src/report/json.ts';
import { renderJunit, xmlAttr, xmlEscape } from '../../src/report/junit.ts';
import { mdEscape, renderMarkdown } from '../../src/report/markdown.ts';
import { TMP_SUFFIX } from '../../src/report/reporter.ts';
import { HOSTILE, makeFinding, makeMeta, makeRun, makeReportDir, removeReportDirs } from './fixtures/scorecard-data.ts';

test.afterEach(removeReportDirs);

/** Two journeys; one has hostile names and messages, dead ends, a harness error and findings of each severity. */
function sampleScorecard() {
  const nasty = (repeat: number, extra: Parameters<typeof makeRun>[0] = {}) =>
    makeRun({
      journeyId: 'nasty',
      journeyName: `Pay | now\n${HOSTILE}`,
      persona: `eve "quoted" & <b>`,
      repeat,
      stepNames: ['Open', `Pay ${HOSTILE}`, 'Done'],
      ...extra,
    });
  const runs = [
    nasty(1),
    nasty(2, { failAt: 1 }),
    nasty(3, { errorAt: 0 }),
    makeRun({ journeyId: 'calm', journeyName: 'Find the FAQ', repeat: 1 }),
    makeRun({ journeyId: 'calm', journeyName: 'Find the FAQ', repeat: 2 }),
  ];
  const findings = [
    makeFinding({ run: runs[1], ruleId: 'dead-end', severity: 'critical', stepIndex: 1, message: `Stuck | at\r\n${HOSTILE} & "more"` }),
    makeFinding({ run: runs[1], ruleId: 'slow-step', severity: 'major', stepIndex: 0, message: 'Slow \u0001 step' }),
    makeFinding({ run: runs[0], ruleId: 'many-clicks', severity: 'minor', message: 'Too many *clicks* [here](http://x)' }),
    makeFinding({ run: runs[3], ruleId: 'note', severity: 'info', message: 'Just so you know' }),
  ];
  return buildScorecard({ runs, findings, meta: makeMeta({ failOn: 'major' }) });
}

test.describe('JSON', () => {
  test('is the whole model, pretty-printed, and parses back', () => {
    const sc = sampleScorecard();
    const text = renderJson(sc);
    expect(text).toContain('\n  "schemaVersion": 1,');
    expect(Scorecard.parse(JSON.parse(text))).toEqual(sc);
  });
});

test.describe('JUnit', () => {
  test('escapes XML and drops characters XML cannot hold', () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(xmlEscape('a\u0001b\u0000c\td\ne')).toBe('a\uFFFDb\uFFFDc\td\ne');
    expect(xmlEscape('\uD800x')).toBe('\uFFFDx');
    expect(xmlEscape('😀')).toBe('😀');
    expect(xmlAttr('a\nb\tc')).toBe('a&#10;b&#9;c');
  });

  test('one suite per journey, one case per run, failures at or above failOn, errors for the harness', async ({ page }) => {
    const sc = sampleScorecard();
    const xml = renderJunit(sc);
    // Parse it with the browser's XML parser: well-formed, and the values come back intact.
    const parsed = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return { error: doc.documentElement.textContent };
      const root = doc.documentElement;
      return {
        root: [root.tagName, root.getAttribute('tests'), root.getAttribute('failures'), root.getAttribute('errors')],
        suites: [...doc.getElementsByTagName('testsuite')].map((s) => ({
          name: s.getAttribute('name'),
          tests: s.getAttribute('tests'),
          failures: s.getAttribute('failures'),
          errors: s.getAttribute('errors'),
          cases: [...s.getElementsByTagName('testcase')].map((c) => ({
            name: c.getAttribute('name'),
            classname: c.getAttribute('classname'),
            time: c.getAttribute('time'),
            failure: c.getElementsByTagName('failure')[0]
              ? {
                  message: c.getElementsByTagName('failure')[0].getAttribute('message'),
                  type: c.getElementsByTagName('failure')[0].getAttribute('type'),
                  text: c.getElementsByTagName('failure')[0].textContent,
                }
              : null,
            error: c.getElementsByTagName('error')[0]?.getAttribute('message') ?? null,
          })),
        })),
      };
    }, xml);
    expect(parsed).not.toHaveProperty('error');
    expect(parsed.root).toEqual(['testsuites', '5', '1', '1']);
    const [calm, nasty] = parsed.suites!;
    expect(calm).toMatchObject({ name: 'Find the FAQ', tests: '2', failures: '0', errors: '0' });
    // The info finding of a calm run is below failOn: no failure.
    expect(calm.cases.map((c) => c.failure)).toEqual([null, null]);
    expect(nasty.name).toBe(`Pay | now\n${HOSTILE}`);
    expect(nasty).toMatchObject({ tests: '3', failures: '1', errors: '1' });
    expect(nasty.cases.map((c) => c.name)).toEqual([1, 2, 3].map((n) => `eve "quoted" & <b> #${n}`));
    expect(nasty.cases[0]).toMatchObject({ classname: 'nasty', time: '0.900', failure: null, error: null });
    const failure = nasty.cases[1].failure!;
    expect(failure.type).toBe('dead-end');
    expect(failure.message).toBe(`Stuck | at\r\n${HOSTILE} & "more" (and 1 more)`);
    expect(failure.text).toContain(`[critical] dead-end (step 2): Stuck | at\n${HOSTILE}`);
    expect(failure.text).toContain('[major] slow-step (step 1): Slow \uFFFD step');
    expect(failure.text).not.toContain('many-clicks');
    expect(nasty.cases[2].error).toBe('Browser crashed');
    expect(xml).not.toContain('<script>');
  });
});

test.describe('Markdown', () => {
  test('escapes pipes, newlines, HTML and Markdown in cells', () => {
    expect(mdEscape('a | b\nc\r\nd')).toBe('a \\| b c d');
    expect(mdEscape('<script>&')).toBe('&lt;script&gt;&amp;');
    expect(mdEscape('*bold* _it_ `code` [link](x) ~s~ \\')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~s\\~ \\\\');
  });

  test('summary: score, verdict, top friction and journeys tables with well-formed rows', () => {
    const sc = sampleScorecard();
    const md = renderMarkdown(sc);
    expect(md).toContain(`## Mystery shopper scorecard: ${sc.summary.score}/100 (${sc.summary.grade})`);
    expect(md).toContain('**Result: fail**, 2 findings at or above major');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const lines = md.split('\n');
    const tableRows = lines.filter((l) => l.startsWith('|'));
    // Every row of a table has as many unescaped pipes as its header.
    const pipes = (l: string) => l.replace(/\\\\/g, '').match(/(?<!\\)\|/g)!.length;
    const top = tableRows.filter((l) => pipes(l) === 7);
    const journeys = tableRows.filter((l) => pipes(l) === 9);
    expect(top.length + journeys.length).toBe(tableRows.length);
    expect(top).toHaveLength(2 + sc.frictionPoints.length);
    expect(journeys).toHaveLength(2 + sc.journeys.length);
    expect(top[2]).toContain('| 1 | critical | **A step was slow**: Stuck \\| at &lt;script&gt;');
    expect(top[2]).toContain('| 1 of 3 (33%) |');
    expect(journeys[2]).toMatch(/^\| Find the FAQ \| \d+ \| 2 \| 2 \| 0 \| 0 \| 900 ms \| 900 ms \|$/);
  });
});

test.describe('console', () => {
  test('a few lines: score, counts, top friction, failOn verdict', () => {
    const sc = sampleScorecard();
    const plain = formatConsoleSummary(sc, { color: false });
    expect(plain).not.toContain('\x1b');
    const lines = plain.split('\n');
    expect(lines[0]).toBe(`Mystery shopper https://shop.example: ${sc.summary.score}/100 (${sc.summary.grade})`);
    expect(lines[1]).toBe(sc.summary.verdict);
    expect(lines[2]).toContain('Runs: 5 (3 completed, 1 dead ends, 1 harness errors)');
    expect(lines.filter((l) => /^ {2}(CRITICAL|MAJOR|MINOR|INFO) /.test(l))).toHaveLength(4);
    expect(lines.at(-1)).toBe('FAIL: 2 findings at or above "major".');
    const colored = formatConsoleSummary(sc, { color: true });
    expect(colored).toContain('\x1b[');
    const pass = formatConsoleSummary({ ...sc, failOn: 'critical', summary: { ...sc.summary, findings: { critical: 0, major: 0, minor: 3, info: 1 } } }, { color: false });
    expect(pass.split('\n').at(-1)).toBe('PASS: no finding at or above "critical".');
  });

  test('text from pages cannot send terminal escape sequences', () => {
    expect(terminalSafe('ok\x1b[2J\x1b]0;title\x07 done\r\nnext\u009b')).toBe('ok[2J]0;title done next');
    const runs = [makeRun()];
    const sc = buildScorecard({ runs, findings: [makeFinding({ run: runs[0], message: 'bad \x1b[31mred' })], meta: makeMeta() });
    expect(formatConsoleSummary(sc, { color: false })).not.toContain('\x1b');
  });
});

test.describe('writeReports', () => {
  test('writes every format atomically and leaves no temporary file', async () => {
    const out = await makeReportDir();
    const sc = sampleScorecard();
    const paths = await writeReports(sc, out);
    expect(paths).toEqual(['scorecard.json', 'index.html', 'junit.xml', 'summary.md'].map((f) => join(out, f)));
    // Writing again replaces the files in place.
    await writeReports(sc, out, ['json', 'markdown']);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(['index.html', 'junit.xml', 'scorecard.json', 'summary.md']);
    expect(files.filter((f) => f.endsWith(TMP_SUFFIX))).toEqual([]);
    expect(JSON.parse(await readFile(join(out, 'scorecard.json'), 'utf8'))).toEqual(sc);
    expect(Object.keys(reporters)).toEqual(['json', 'html', 'junit', 'markdown']);
  });

  test('an unknown format is an input error; a failing reporter does not stop the others', async () => {
    const out = await makeReportDir();
    const sc = sampleScorecard();
    await expect(writeReports(sc, out, ['json', 'pdf'])).rejects.toThrow(InputError);
    await expect(writeReports(sc, out, ['json', 'pdf'])).rejects.toThrow('Unknown report format "pdf". Known: json, html, junit, markdown.');
    // index.html is a directory: the HTML reporter's rename fails, the others are written.
    await mkdir(join(out, 'index.html'), { recursive: true });
    const error = await writeReports(sc, out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as ReportWriteError).failures.map((f) => f.reporter)).toEqual(['html']);
    expect((error as ReportWriteError).written).toHaveLength(3);
    const files = await readdir(out);
    expect(files.filter((f) => f.endsWith(TMP_SUFFIX))).toEqual([]);
    expect(files.sort()).toEqual(['index.html', 'junit.xml', 'scorecard.json', 'summary.md']);
  });
});
