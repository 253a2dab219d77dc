// Issue 17, part 4: `run --shard 1/2` and `--shard 2/2` against the demo company, merged, give the
// scorecard a single run gives: the same friction points (rule, cause, journeys, steps, runs hit),
// every run once, the screenshots the merged HTML shows; and merge refuses what is not one audit.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshotName } from '../../src/runner/run-journey.ts';
import { cli } from './cli-process.ts';
import { tempDir, useAcme } from './helpers.ts';

// Four runs: `contact` twice (its check fails with no-response-time: one cause met in both shards),
// `help` (no finding) and `shop` (a console error with js-error). Plan order: contact/1, contact/2,
// help, shop; round-robin gives shard 1 contact/1 and help, shard 2 contact/2 and shop.
const JOURNEYS: Record<string, string> = {
  'contact.journey.yaml': `id: contact
name: Find how soon support answers
start: /
repeat: 2
steps:
  - name: Open the contact page
    do:
      - click: { role: link, name: Contact }
      - expect: { role: heading, name: Contact us }
  - name: Find the promised response time
    check: { text: "/within \\\\d+ (hours?|days?)/i", finding: no-promised-timeframe }
`,
  'help.journey.yaml': `id: help
name: Open the help centre
start: /help
steps:
  - name: See the questions
    expect: { role: heading, name: Help centre }
`,
  'shop.journey.yaml': `id: shop
name: Look at the espresso machine
start: /catalog
steps:
  - name: Open the product
    do:
      - click: { role: link, name: Espresso Machine }
      - expect: { role: heading, name: Espresso Machine }
`,
};

// Budgets far above what any step takes, and no page health: the findings are the knobs', never the machine's.
const CONFIG = {
  journeys: ['journeys'],
  personas: { alex: { name: 'Alex Morgan' } },
  budgets: { stepMs: 30_000 },
  patienceMs: 15_000,
  concurrency: 2,
  pageHealth: { vitals: false, accessibility: false },
};

interface Point {
  key: string;
  ruleId: string;
  severity: string;
  runsHit: number;
  runsTotal: number;
  places: { journeyId: string; stepName?: string; runsHit: number; runsTotal: number }[];
}

const scorecardOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
/** What a reader compares: each friction point's rule, cause, severity and where and how often it hit. */
const pointsOf = (dir: string) =>
  (scorecardOf(dir).frictionPoints as Point[])
    .map((p) => ({ key: p.key, rule: p.ruleId, severity: p.severity, runsHit: p.runsHit, runsTotal: p.runsTotal, places: p.places.map((pl) => ({ journey: pl.journeyId, step: pl.stepName, hit: pl.runsHit, of: pl.runsTotal })) }))
    .sort((a, b) => a.key.localeCompare(b.key));
const runIdsOf = (dir: string) => readFileSync(join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).runId as string);
/** The one report folder a run wrote under `out` (beside it: the latest link, the history the audits keep). */
const onlyReport = (out: string) => {
  const dirs = readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'latest').map((d) => d.name);
  expect(dirs).toHaveLength(1);
  return join(out, dirs[0]);
};

test.describe('shards and merge', () => {
  const acme = useAcme('no-response-time,js-error');

  test('shards 1/2 and 2/2 merged equal a single run; merge refuses folders that are not one audit', async () => {
    const dir = tempDir('ms-shards-');
    mkdirSync(join(dir, 'journeys'));
    for (const [file, text] of Object.entries(JOURNEYS)) writeFileSync(join(dir, 'journeys', file), text);
    writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify(CONFIG));
    writeFileSync(join(dir, 'other.config.json'), JSON.stringify({ ...CONFIG, patienceMs: 20_000 }));
    const run = (out: string, ...extra: string[]) => cli(['run', '--base-url', acme().url, '--screenshots', 'failures', '--out', out, ...extra], dir);

    // The two shards at once (as two CI jobs would), the same audit in one process, and a shard of
    // an audit with another config (to be refused), all at the same time: nothing here is timed.
    const [one, two, single, other] = await Promise.all([
      run('shard-1', '--shard', '1/2'),
      run('shard-2', '--shard', '2/2'),
      run('single'),
      run('other', '--shard', '2/2', '--screenshots', 'off', '--config', 'other.config.json'),
    ]);
    for (const r of [one, two, single]) expect(r.stderr).not.toContain('unexpected error');
    // Each shard is judged on its own runs: shard 1 meets only the minor no-promised-timeframe, shard 2
    // the page's uncaught error (major); the merged audit, as the single run, fails.
    expect([one.code, two.code, single.code]).toEqual([0, 1, 1]);
    const shard1 = onlyReport(join(dir, 'shard-1'));
    const shard2 = onlyReport(join(dir, 'shard-2'));
    const whole = onlyReport(join(dir, 'single'));
    expect(runIdsOf(shard1).sort()).toEqual(['contact/alex/1', 'help/alex/1']);
    expect(runIdsOf(shard2).sort()).toEqual(['contact/alex/2', 'shop/alex/1']);
    expect(JSON.parse(readFileSync(join(shard1, 'meta.json'), 'utf8')).shard).toMatchObject({ index: 1, total: 2, plannedInAll: 4 });

    const merged = await cli(['merge', shard1, shard2, '--out', 'merged'], dir);
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toContain('Merged 2 of 2 shards (4 runs) into merged/');
    expect(merged.code).toBe(1);
    const mergedDir = onlyReport(join(dir, 'merged'));
    expect(readFileSync(join(dir, 'merged', 'latest', 'meta.json'), 'utf8')).toBe(readFileSync(join(mergedDir, 'meta.json'), 'utf8'));

    // The same friction points as the single run, the known ones among them, judged as one audit.
    const points = pointsOf(mergedDir);
    expect(points).toEqual(pointsOf(whole));
    const timeframe = points.find((p) => p.rule === 'no-promised-timeframe');
    expect(timeframe?.places).toEqual([{ journey: 'contact', step: 'Find the promised response time', hit: 2, of: 2 }]);
    expect(points.find((p) => p.rule === 'console-error')?.places).toEqual([{ journey: 'shop', step: 'Open the product', hit: 1, of: 1 }]);
    // Every run once, in plan order; complete; the same verdict.
    expect(runIdsOf(mergedDir)).toEqual(['contact/alex/1', 'contact/alex/2', 'help/alex/1', 'shop/alex/1']);
    const card = scorecardOf(mergedDir);
    expect(card.completeness).toEqual({ planned: 4, finished: 4, complete: true });
    expect(card.summary.score).toBe(scorecardOf(whole).summary.score);
    expect(card.summary.passed).toBe(false);

    // The screenshots the merged HTML shows are in the merged folder: one from each shard's failed check.
    const html = readFileSync(join(mergedDir, 'index.html'), 'utf8');
    const shots = [...new Set([...html.matchAll(/<img src="([^"]+)"/g)].map((m) => decodeURIComponent(m[1].replace(/&amp;/g, '&'))))];
    expect(shots.length).toBeGreaterThanOrEqual(1);
    for (const shot of shots) expect(existsSync(join(mergedDir, shot)), shot).toBe(true);
    const copied = readdirSync(join(mergedDir, 'screenshots'));
    expect(copied.sort()).toEqual([...readdirSync(join(shard1, 'screenshots')), ...readdirSync(join(shard2, 'screenshots'))].sort());
    // The failed check (step 2, after the start page and the contact page) of each shard's contact run.
    expect(copied).toEqual(expect.arrayContaining([screenshotName('contact/alex/1', 2), screenshotName('contact/alex/2', 2)]));

    // A shard missing: merged all the same, INCOMPLETE, exit 1, and the CLI says which one.
    const partial = await cli(['merge', shard1, '--out', 'partial'], dir);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toContain('Missing shard 2/2');
    expect(partial.stdout).toContain('INCOMPLETE: 2 of 4 runs finished');
    expect(scorecardOf(onlyReport(join(dir, 'partial'))).completeness).toMatchObject({ planned: 4, finished: 2, complete: false });

    // Refusals: exit 2, a message naming the folders and what differs, no report folder written.
    expect(other.code).toBe(1);
    const otherShard = onlyReport(join(dir, 'other'));
    const refusals: [string[], string][] = [
      [[shard1, shard1], `shard 1/2 is given 2 times (${shard1}, ${shard1})`],
      [[shard1, whole], `${whole} is not a shard: its audit was not run with --shard i/n`],
      [[shard1, join(dir, 'journeys')], `${join(dir, 'journeys')} is not a report folder`],
    ];
    for (const [dirs, message] of refusals) {
      const r = await cli(['merge', ...dirs, '--out', 'refused'], dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
    const config = await cli(['merge', shard1, otherShard, '--out', 'refused'], dir);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain(`cannot merge ${shard1}, ${otherShard}: they are not shards of one audit`);
    expect(config.stderr).toMatch(new RegExp(`the config \\(its hash\\) differs: \\w+ in ${shard1}; \\w+ in ${otherShard}`));
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });

  test('--shard that is not i/n is bad input: exit 2 naming the flag, nothing run', async () => {
    const dir = tempDir('ms-shards-');
    for (const bad of ['3/2', '0/2', 'half']) {
      const r = await cli(['run', '--base-url', acme().url, '--shard', bad, '--out', 'out'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--shard expects i/n`);
      expect(r.stderr).toContain(`got "${bad}"`);
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
