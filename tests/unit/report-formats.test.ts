import { expect, test } from '@playwright/test';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import type { Scorecard } from '../../src/model/scorecard.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { formatConsoleSummary, terminalSafe } from '../../src/report/console.ts';
import { ReportWriteError, reporters, writeReports } from '../../src/report/index.ts';
import { jsonReporter, renderJson, ScorecardFile } from '../../src/report/json.ts';
import { serializeJson } from '../../src/json-write.ts';
import { RunWriter } from '../../src/runner/writer.ts';
import { renderJunit, xmlAttr, xmlEscape } from '../../src/report/junit.ts';
import { mdEscape, renderMarkdown } from '../../src/report/markdown.ts';
import { personasBrief, personasLine, placesBrief, TMP_SUFFIX } from '../../src/report/reporter.ts';
import type { FrictionPersona, FrictionPlace } from '../../src/model/scorecard.ts';
import { HOSTILE, lockedAccount, makeFinding, makeMeta, makeRun, makeReportDir, removeReportDirs } from './fixtures/scorecard-data.ts';

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
  /** The model as scorecard.json carries it: each journey without its runs, and where the runs are. */
  const withoutRuns = (sc: Scorecard) => {
    const { journeys, ...rest } = sc;
    return { ...rest, runsFile: 'runs.jsonl', journeys: journeys.map(({ runs: _runs, ...j }) => j) };
  };

  test('is the model without the runs, pretty-printed, pointing at runs.jsonl, and parses back', () => {
    const sc = sampleScorecard();
    const text = renderJson(sc);
    expect(text).toContain('\n  "schemaVersion": 5,');
    expect(text).toContain('\n  "runsFile": "runs.jsonl",\n');
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(ScorecardFile.parse(parsed)).toEqual(withoutRuns(sc));
    // The same text as JSON.stringify would give, member for member, in the model's order with runsFile after failOn.
    expect(text).toBe(`${JSON.stringify(reorder(sc), null, 2)}\n`);
    for (const j of parsed.journeys) {
      expect(j).not.toHaveProperty('runs');
      expect(j.runCounts.total).toBeGreaterThan(0);
    }
    // The summary's run counts (also named `runs`) stay.
    expect(parsed.summary.runs).toEqual(sc.summary.runs);
    // The model in memory is untouched: the HTML reporter still reads the runs from it.
    expect(sc.journeys.every((j) => j.runs.length === j.runCounts.total)).toBe(true);
  });

  /** The expected file, built the plain way: runsFile right after failOn, journeys without runs. */
  function reorder(sc: Scorecard): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(sc)) {
      out[k] = k === 'journeys' ? sc.journeys.map(({ runs: _runs, ...j }) => j) : v;
      if (k === 'failOn') out.runsFile = 'runs.jsonl';
    }
    return out;
  }

  test('the reporter writes the file in parts, atomically, with the same text as renderJson', async () => {
    const out = await makeReportDir();
    const sc = sampleScorecard();
    const path = await jsonReporter.write(sc, out);
    expect(path).toBe(join(out, 'scorecard.json'));
    expect(await readFile(path, 'utf8')).toBe(renderJson(sc));
    expect((await readdir(out)).filter((f) => f.endsWith(TMP_SUFFIX))).toEqual([]);
  });

  test('serializeJson gives JSON.stringify\'s text, piece by piece', () => {
    const date = new Date(Date.UTC(2026, 10, 24, 10, 0, 0));
    const values: unknown[] = [
      null,
      0,
      -0,
      1.5e300,
      NaN,
      -Infinity,
      true,
      'plain',
      'quotes " back\\slash \n new\u0000line \u2028 😀 \uD800 lone',
      [],
      {},
      [undefined, () => 1, Symbol('s'), null, 1],
      { a: undefined, b: () => 1, c: Symbol('c'), d: [{}, []], e: { f: { g: [1, [2, [3]]] } } },
      { date, nested: { toJSON: (key: string) => `toJSON(${key})` }, boxed: [new Number(3), new String('s'), new Boolean(false)] },
      { '': 'empty key', 'ü "k"': 1, 2: 'numeric key first' },
      Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
      [[[[]]], [{}], { x: [] }],
    ];
    for (const value of values) {
      for (const indent of [0, 2, 4]) {
        const pieces: string[] = [];
        serializeJson(value, (p) => pieces.push(p), { indent });
        expect(pieces.join(''), `${String(JSON.stringify(value))} indent ${indent}`).toBe(JSON.stringify(value, null, indent) ?? '');
      }
    }
    const replacer = (_holder: object, key: string, v: unknown) => (key === 'drop' ? undefined : typeof v === 'number' ? v * 2 : v);
    const pieces: string[] = [];
    serializeJson({ a: 1, drop: 2, b: [3, { drop: 4, c: 5 }] }, (p) => pieces.push(p), { replacer });
    expect(pieces.join('')).toBe('{"a":2,"b":[6,{"c":10}]}');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => serializeJson(cycle, () => undefined)).toThrow(TypeError);
    expect(() => serializeJson({ n: 1n }, () => undefined)).toThrow(TypeError);
    // The same object twice (not a cycle) is written twice, as JSON.stringify does.
    const shared = { x: 1 };
    const twice: string[] = [];
    serializeJson([shared, shared], (p) => twice.push(p));
    expect(twice.join('')).toBe('[{"x":1},{"x":1}]');
  });

  test('a string longer than a slice is escaped in slices, never splitting a surrogate pair', () => {
    // 1 MiB slices: put an emoji across the first boundary and characters that need escaping around it.
    const long = `${'a'.repeat((1 << 20) - 1)}😀"\\${'\n'.repeat(10)}${'b'.repeat(1 << 20)}`;
    const pieces: string[] = [];
    serializeJson({ long }, (p) => pieces.push(p));
    expect(pieces.length).toBeGreaterThan(4);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(long).length);
    expect(pieces.join('')).toBe(JSON.stringify({ long }));
  });

  test('RunWriter writes a record bigger than one JavaScript string can hold, as one line, in parts', async () => {
    // ~560 M characters of JSON (V8 strings stop at ~537 M): JSON.stringify of the record throws
    // "Invalid string length". 140 references to one string of 2 M newlines, each escaped to 4 M.
    test.setTimeout(120_000);
    const out = await makeReportDir();
    const file = join(out, 'runs.jsonl');
    const writer = new RunWriter(file);
    const big = makeRun({ repeat: 2 });
    const text = '\n'.repeat(2_000_000);
    big.observations.consoleErrors = Array.from({ length: 140 }, (_, i) => ({ text, atMs: i }));
    expect(() => JSON.stringify(big)).toThrow(/Invalid string length/);
    writer.append(makeRun({ repeat: 1 }));
    writer.append(big);
    writer.append(makeRun({ repeat: 3 }));
    // Read it back in bytes (the big line cannot be one string either): three lines, whole.
    const lines: { head: string; bytes: number; tail: string }[] = [];
    let current: { head: Buffer[]; headBytes: number; bytes: number; last: Buffer } = { head: [], headBytes: 0, bytes: 0, last: Buffer.alloc(0) };
    const small: string[] = [];
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(10); ; nl = chunk.indexOf(10, from)) {
        const part = chunk.subarray(from, nl === -1 ? chunk.length : nl);
        current.bytes += part.length;
        if (current.headBytes < 4096) {
          current.head.push(part);
          current.headBytes += part.length;
        }
        if (part.length) current.last = Buffer.from(part.subarray(Math.max(0, part.length - 64)));
        if (nl === -1) break;
        const head = Buffer.concat(current.head).toString('utf8');
        lines.push({ head: head.slice(0, 200), bytes: current.bytes, tail: current.last.toString('utf8') });
        if (current.bytes < 4096) small.push(head);
        current = { head: [], headBytes: 0, bytes: 0, last: Buffer.alloc(0) };
        from = nl + 1;
      }
    }
    expect(current.bytes).toBe(0); // the file ends with a newline
    expect(lines.map((l) => Number(/"repeat":(\d+)/.exec(l.head)?.[1]))).toEqual([1, 2, 3]);
    expect(lines[1].bytes).toBeGreaterThan(560_000_000);
    expect(lines[1].head.startsWith('{"schemaVersion":3,')).toBe(true);
    expect(lines[1].tail.endsWith('}')).toBe(true);
    expect(small.map((l) => JSON.parse(l).repeat)).toEqual([1, 3]);
  });

  test('RunWriter leaves no torn line when a record cannot be written', async () => {
    const out = await makeReportDir();
    const file = join(out, 'runs.jsonl');
    const writer = new RunWriter(file);
    writer.append(makeRun({ repeat: 1 }));
    const before = await readFile(file, 'utf8');
    const bad = makeRun({ repeat: 2 }) as RunRecord & { loop?: unknown };
    // Written far enough to have flushed parts of it, then a cycle.
    bad.observations.consoleErrors = Array.from({ length: 2000 }, (_, i) => ({ text: `error ${i} ${'x'.repeat(100)}`, atMs: i }));
    (bad.observations as { loop?: unknown }).loop = bad;
    expect(() => writer.append(bad)).toThrow(TypeError);
    expect(await readFile(file, 'utf8')).toBe(before);
    writer.append(makeRun({ repeat: 3 }));
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).repeat);
    expect(lines).toEqual([1, 3]);
  });
});

test.describe('JUnit', () => {
  test('escapes XML, shows control and bidi characters as escapes, and drops what XML cannot hold', () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(xmlEscape('a\u0001b\u0000c\td\ne\u202Ef')).toBe('a\\u0001b\\u0000c\td\ne⟨U+202E⟩f');
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
    // The runs failing here are the audit failing in the model.
    expect(sc.summary.passed).toBe(false);
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
    expect(failure.text).toContain('[major] slow-step (step 1): Slow \\u0001 step');
    expect(failure.text).not.toContain('many-clicks');
    expect(nasty.cases[2].error).toBe('Browser crashed');
    expect(xml).not.toContain('<script>');
  });

  test('a cause met on several steps of a run is one line of its failure', () => {
    const run = makeRun({ journeyId: 'explore', stepNames: ['Open /', 'Open /shop', 'Open /help'] });
    const unlabelled = (stepIndex: number) =>
      makeFinding({ run, ruleId: 'accessibility', stepIndex, cause: 'axe|label', message: 'Form fields without a label on 3 pages.' });
    const sc = buildScorecard({ runs: [run], findings: [0, 1, 2].map(unlabelled), meta: makeMeta() });
    const xml = renderJunit(sc);
    expect(xml).toContain('[major] accessibility (step 1, and 2 more): Form fields without a label on 3 pages.');
    expect(xml.match(/\[major\] accessibility/g)).toHaveLength(1);
    expect(xml).toContain('message="Form fields without a label on 3 pages."');
  });
});

test.describe('Markdown', () => {
  test('escapes pipes, newlines, HTML and Markdown in cells', () => {
    expect(mdEscape('a | b\nc\r\nd')).toBe('a \\| b c d');
    expect(mdEscape('<script>&')).toBe('&lt;script&gt;&amp;');
    expect(mdEscape('*bold* _it_ `code` [link](x) ~s~ \\')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~s\\~ \\\\');
  });

  test('summary: score, verdict, one line per friction point, noted count, journeys table with well-formed rows', () => {
    const sc = sampleScorecard();
    const md = renderMarkdown(sc);
    expect(md).toContain(`## Mystery shopper scorecard: ${sc.summary.score}/100 (${sc.summary.grade})`);
    expect(md).toContain(`**Result: fail**, ${sc.summary.failing} causes of friction at or above major`);
    expect(sc.summary.failing).toBe(2);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const lines = md.split('\n');
    // Top friction: critical, major and minor only, one line each; the info point is only counted.
    const items = lines.filter((l) => /^\d+\. /.test(l));
    expect(items).toHaveLength(3);
    const esc = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;';
    expect(items[0]).toBe(
      `1. **critical** · **A step was slow** — Pay \\| now ${esc} › Pay ${esc}, persona eve "quoted" &amp; &lt;b&gt; 1/2: ` +
        // Of the runs that got to that step: the third stopped earlier.
        `Stuck \\| at ${esc} &amp; "more" (1 of 2 runs)`,
    );
    expect(items[2]).toContain(': Too many \\*clicks\\* \\[here\\](http://x) (1 of 3 runs)');
    expect(items.join('\n')).not.toContain('Just so you know');
    expect(md).toContain('Noted, not counted: 1 third-party and other small observation');
    const tableRows = lines.filter((l) => l.startsWith('|'));
    const pipes = (l: string) => l.replace(/\\\\/g, '').match(/(?<!\\)\|/g)!.length;
    expect(tableRows.every((l) => pipes(l) === 9)).toBe(true);
    expect(tableRows).toHaveLength(2 + sc.journeys.length);
    expect(tableRows[2]).toMatch(/^\| Find the FAQ \| \d+ \| 2 \| 2 \| 0 \| 0 \| 900 ms \| 900 ms \|$/);
  });

  test('a friction point\'s line names its places and whom it hit', () => {
    const { runs, findings } = lockedAccount({ message: 'The customer could not sign in: “Your account is locked.”' });
    const md = renderMarkdown(buildScorecard({ runs, findings, meta: makeMeta() }));
    expect(md).toContain(
      '1. **critical** · **The customer hit a dead end** — Sign in and see my orders › Sign in, Warranty claim › Sign in, ' +
        'persona sam 4/4 (others 0/8): The customer could not sign in: “Your account is locked.” (4 of 12 runs)',
    );
    // One cause that hit 4 runs: one cause of friction, as the score counts it.
    expect(md).toContain('**Result: fail**, 1 cause of friction at or above major');
  });
});

test.describe('console', () => {
  test('a few lines: score, counts, top friction without info, noted count, failOn verdict', () => {
    const sc = sampleScorecard();
    const plain = formatConsoleSummary(sc, { color: false });
    expect(plain).not.toContain('\x1b');
    const lines = plain.split('\n');
    expect(lines[0]).toBe(`Mystery shopper https://shop.example: ${sc.summary.score}/100 (${sc.summary.grade})`);
    expect(lines[1]).toBe(sc.summary.verdict);
    expect(lines[2]).toContain('Runs: 5 (3 completed, 1 dead ends, 1 harness errors)');
    expect(lines.filter((l) => /^ {2}(CRITICAL|MAJOR|MINOR|INFO) /.test(l)).map((l) => l.trim().split(' ')[0])).toEqual(['CRITICAL', 'MAJOR', 'MINOR']);
    expect(lines).toContain('Noted, not counted: 1 third-party and other small observation.');
    expect(lines.at(-1)).toBe('FAIL: 2 causes of friction at or above "major".');
    const colored = formatConsoleSummary(sc, { color: true });
    expect(colored).toContain('\x1b[');
    // Pass or fail is the model's word, not the reporter's.
    const pass = formatConsoleSummary({ ...sc, failOn: 'critical', summary: { ...sc.summary, failing: 0, passed: true } }, { color: false });
    expect(pass.split('\n').at(-1)).toBe('PASS: no friction at or above "critical".');
  });

  test('a friction point\'s line names its places and whom it hit, briefly', () => {
    const { runs, findings } = lockedAccount({ message: 'The customer could not sign in' });
    const lines = formatConsoleSummary(buildScorecard({ runs, findings, meta: makeMeta() }), { color: false }).split('\n');
    expect(lines).toContain('  CRITICAL The customer hit a dead end — 2 journeys, persona sam 4/4 (others 0/8): The customer could not sign in (4 of 12 runs)');
    expect(lines.at(-1)).toBe('FAIL: 1 cause of friction at or above "major".');
  });

  test('text from pages cannot send terminal escape sequences: controls and bidi overrides show as escapes', () => {
    expect(terminalSafe('ok\x1b[2J\x1b]0;title\x07 done\r\nnext\u009b')).toBe('ok\\u001b[2J\\u001b]0;title\\u0007 done next\\u009b');
    expect(terminalSafe('pay \u202Egnp.exe\u202C \u2066x\u2069')).toBe('pay ⟨U+202E⟩gnp.exe⟨U+202C⟩ ⟨U+2066⟩x⟨U+2069⟩');
    const runs = [makeRun({ persona: 'p\x1b[2J', journeyName: 'j\x1b]0;x\x07' })];
    const sc = buildScorecard({ runs, findings: [makeFinding({ run: runs[0], message: 'bad \x1b[31mred' })], meta: makeMeta() });
    expect(formatConsoleSummary(sc, { color: false })).not.toContain('\x1b');
  });
});

test.describe('friction wording', () => {
  const place = (journeyId: string, stepName?: string, runsHit = 2, runsTotal = 2): FrictionPlace => ({
    journeyId,
    journeyName: `Journey ${journeyId}`,
    ...(stepName !== undefined && { stepIndex: 1, stepName }),
    runsHit,
    runsTotal,
  });
  const who = (persona: string, runsHit: number, runsTotal: number): FrictionPersona => ({ persona, runsHit, runsTotal });

  test('places, briefly', () => {
    expect(placesBrief([place('a', 'Pay')])).toBe('Journey a › Pay');
    expect(placesBrief([place('a')])).toBe('Journey a');
    expect(placesBrief([place('a', 'Pay'), { ...place('a', 'Confirm'), stepIndex: 2 }])).toBe('Journey a › Pay, Confirm');
    expect(placesBrief([place('a', 'Pay'), place('b', 'Pay')])).toBe('2 journeys');
    expect(placesBrief([place('a', 'Pay'), place('b', 'Pay')], 3)).toBe('Journey a › Pay, Journey b › Pay');
    expect(placesBrief([place('a', 'Pay'), place('b', 'Pay'), place('c'), place('d')], 3)).toBe('4 journeys');
    expect(placesBrief([])).toBe('');
  });

  test('who it hit, in full and briefly', () => {
    const spared = [who('sam', 4, 4), who('alex', 0, 4), who('dana', 0, 4)];
    expect(personasLine(spared)).toBe('persona sam: 4 of 4 runs; the 2 others (alex, dana): 0 of 8');
    expect(personasBrief(spared)).toBe('persona sam 4/4 (others 0/8)');
    const alike = [who('alex', 3, 3), who('sam', 3, 3)];
    expect(personasLine(alike)).toBe('every persona (alex, sam): 6 of 6 runs');
    expect(personasBrief(alike)).toBe('every persona 6/6');
    expect(personasLine([who('sam', 1, 4)])).toBe('persona sam: 1 of 4 runs');
    expect(personasBrief([who('sam', 1, 4)])).toBe('persona sam 1/4');
    const uneven = [who('sam', 4, 4), who('alex', 1, 4), who('dana', 0, 4)];
    expect(personasLine(uneven)).toBe('personas sam: 4 of 4 runs, alex: 1 of 4 runs; the other (dana): 0 of 4');
    expect(personasBrief(uneven)).toBe('personas sam 4/4, alex 1/4 (dana 0/4)');
    const twoAlike = [who('alex', 2, 2), who('dana', 2, 2), who('sam', 0, 2)];
    expect(personasLine(twoAlike)).toBe('personas alex, dana: 4 of 4 runs; the other (sam): 0 of 2');
    const many = ['a', 'b', 'c', 'd', 'e'].map((p, i) => who(p, 5 - i, 5)).concat(['f', 'g', 'h', 'i', 'j', 'k', 'l'].map((p) => who(p, 0, 1)));
    expect(personasLine(many)).toBe('personas a: 5 of 5 runs, b: 4 of 5 runs, c: 3 of 5 runs; 2 more personas: 3 of 10 runs; the 7 others (f, g, h, i, j, k, …): 0 of 7');
    expect(personasBrief(many)).toBe('5 personas 15/25 (others 0/7)');
    expect(personasLine([])).toBe('');
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
    expect(await readFile(join(out, 'scorecard.json'), 'utf8')).toBe(renderJson(sc));
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
