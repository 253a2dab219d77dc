// Issue 17, part 4: `run --shard i/n` deals the plan out deterministically, and `merge` puts the
// shards' report folders back together as one audit, refusing folders of other audits.
import { expect, test } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { mergeShards } from '../../src/merge.ts';
import type { PlannedRun } from '../../src/model/planned-run.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { readRunRecords, ReportMeta, type ReportMeta as Meta } from '../../src/pipeline.ts';
import { applyShard, MAX_SHARDS, parseShard, planFingerprint, planPosition, shardRuns, type Shard } from '../../src/runner/shard.ts';
import { TOOL_VERSION } from '../../src/version.ts';
import { makeRun, TINY_PNG } from './fixtures/scorecard-data.ts';

test.describe('--shard i/n', () => {
  test('whole numbers with 1 ≤ i ≤ n are read; anything else names --shard and the expected form', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, total: 3 });
    expect(parseShard(' 3 / 3 ')).toEqual({ index: 3, total: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, total: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '-1/3', '1.5/3', '1/3.0', '2', '1/', '/2', 'a/b', '1-3', '', '1/2/3', `1/${MAX_SHARDS + 1}`]) {
      let error: unknown;
      try {
        parseShard(bad);
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(InputError);
      expect((error as Error).message, bad).toContain('--shard expects i/n');
      expect((error as Error).message, bad).toContain(`got "${bad}"`);
    }
  });

  test('the shards partition the plan: every run in exactly one, sizes within one, the same runs every time', () => {
    for (const count of [0, 1, 2, 5, 7, 12, 100]) {
      const plan = Array.from({ length: count }, (_, i) => `run-${i}`);
      for (const total of [1, 2, 3, 4, 7, 10]) {
        const shards = Array.from({ length: total }, (_, i) => shardRuns(plan, { index: i + 1, total }));
        expect(shards.flat().sort()).toEqual([...plan].sort());
        expect(new Set(shards.flat()).size).toBe(count);
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        // Deterministic: the same plan gives each shard the same runs, in plan order.
        shards.forEach((s, i) => {
          expect(shardRuns([...plan], { index: i + 1, total })).toEqual(s);
          expect([...s].sort((a, b) => plan.indexOf(a) - plan.indexOf(b))).toEqual(s);
        });
      }
    }
  });

  test("round-robin: a journey's repeats are spread over the shards, not all in one", () => {
    // journeys × repeats in plan order: a slow journey's 4 repeats, then a quick one's 4.
    const plan = [...[1, 2, 3, 4].map((r) => `slow/alex/${r}`), ...[1, 2, 3, 4].map((r) => `quick/alex/${r}`)];
    const [one, two] = [1, 2].map((index) => shardRuns(plan, { index, total: 2 }));
    expect(one.filter((r) => r.startsWith('slow/'))).toHaveLength(2);
    expect(two.filter((r) => r.startsWith('slow/'))).toHaveLength(2);
  });

  test('planPosition gives back where each run of a shard stands in the whole plan', () => {
    const plan = Array.from({ length: 11 }, (_, i) => i);
    for (const total of [1, 2, 3, 5, 11, 13]) {
      for (let index = 1; index <= total; index++) {
        const shard: Shard = { index, total };
        shardRuns(plan, shard).forEach((position, k) => expect(planPosition(shard, k)).toBe(position));
      }
    }
  });

  test("the plan's fingerprint changes with the runs, steps and budgets, not with per-run values", () => {
    const planned = (runId: string, stepName = 'Open the shop', label = 'goto /', stepMs = 5000): PlannedRun => ({
      runId,
      journeyId: runId.split('/')[0],
      journeyName: 'x',
      journeyFile: '/anywhere/x.journey.yaml',
      tags: [],
      persona: 'alex',
      repeat: 1,
      budgets: { stepMs },
      steps: [{ index: 0, name: stepName, actions: [{ def: {} as never, label, args: { templated: Math.random() }, written: {} }] }],
      secrets: [String(Math.random())],
    });
    const base = planFingerprint([planned('a/alex/1'), planned('b/alex/1')]);
    expect(planFingerprint([planned('a/alex/1'), planned('b/alex/1')])).toBe(base);
    expect(planFingerprint([planned('a/alex/1')])).not.toBe(base);
    expect(planFingerprint([planned('b/alex/1'), planned('a/alex/1')])).not.toBe(base);
    expect(planFingerprint([planned('a/alex/1', 'Open the home page'), planned('b/alex/1')])).not.toBe(base);
    expect(planFingerprint([planned('a/alex/1', undefined, 'goto /help'), planned('b/alex/1')])).not.toBe(base);
    expect(planFingerprint([planned('a/alex/1', undefined, undefined, 9000), planned('b/alex/1')])).not.toBe(base);
    const { runs, meta } = applyShard([planned('a/alex/1'), planned('b/alex/1'), planned('c/alex/1')], { index: 2, total: 2 });
    expect(runs.map((r) => r.runId)).toEqual(['b/alex/1']);
    expect(meta).toMatchObject({ index: 2, total: 2, plannedInAll: 3, runs: ['b/alex/1'] });
  });
});

// ---------------------------------------------------------------------------------------------
// merge, on report folders written as `run --shard` writes them (meta.json, runs.jsonl, screenshots/).

const made: string[] = [];
test.afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-shard-'));
  made.push(dir);
  return dir;
};

/** The plan of the audit the shards split: 3 journeys, alice, 2 repeats of `order` (5 runs). */
const PLAN = [
  { journeyId: 'order', repeat: 1 },
  { journeyId: 'order', repeat: 2 },
  { journeyId: 'help', repeat: 1 },
  { journeyId: 'contact', repeat: 1 },
  { journeyId: 'returns', repeat: 1 },
];
const runIdOf = (p: { journeyId: string; repeat: number }) => `${p.journeyId}/alice/${p.repeat}`;

function baseMeta(over: Partial<Meta> = {}): Meta {
  return ReportMeta.parse({
    toolVersion: TOOL_VERSION,
    target: 'https://shop.example/',
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:05:00.000Z',
    configHash: 'aaaa',
    failOn: 'major',
    rules: {},
    reporters: ['json', 'html', 'markdown', 'junit'],
    ...over,
  });
}

/**
 * A shard's report folder: meta.json as auditWith writes it, runs.jsonl in the order the runs
 * finished (last first, as concurrent runs may), and each step's screenshot.
 */
function shardFolder(root: string, shard: Shard, opts: { meta?: Partial<Meta>; plan?: string; finish?: (runId: string) => boolean; failIn?: string } = {}): string {
  const dir = join(root, `shard-${shard.index}-of-${shard.total}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(join(dir, 'screenshots'), { recursive: true });
  const mine = shardRuns(PLAN, shard);
  const meta = baseMeta({
    planned: mine.length,
    startedAt: `2026-03-01T10:0${shard.index}:00.000Z`,
    finishedAt: `2026-03-01T10:1${shard.index}:00.000Z`,
    ...opts.meta,
    shard: { ...shard, plannedInAll: PLAN.length, plan: opts.plan ?? 'plan-1', runs: mine.map(runIdOf) },
  });
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  const records: RunRecord[] = mine
    .filter((p) => opts.finish?.(runIdOf(p)) ?? true)
    .map((p) => makeRun({ journeyId: p.journeyId, persona: 'alice', repeat: p.repeat, ...(opts.failIn === p.journeyId && { failAt: 1 }) }));
  for (const r of records) for (const s of r.steps) if (s.screenshot) writeFileSync(join(dir, s.screenshot), TINY_PNG);
  writeFileSync(join(dir, 'runs.jsonl'), records.reverse().map((r) => `${JSON.stringify(r)}\n`).join(''));
  return dir;
}

async function mergeError(dirs: string[], cwd: string): Promise<string> {
  try {
    await mergeShards(dirs, { cwd, out: join(cwd, 'merged') });
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('merge did not refuse');
}

test.describe('merge', () => {
  test('two shards: every run once, in plan order, screenshots copied, meta from first start to last end, judged as one audit', async () => {
    const root = temp();
    const a = shardFolder(root, { index: 1, total: 2 }, { failIn: 'help' });
    const b = shardFolder(root, { index: 2, total: 2 }, { meta: { failOn: 'minor' } });
    const out = join(root, 'reports');
    // Given in any order.
    const merged = await mergeShards([b, a], { cwd: root, out });
    expect(merged.missing).toEqual([]);
    expect(merged.shards.map((s) => [s.index, s.planned, s.finished])).toEqual([[1, 3, 3], [2, 2, 2]]);
    const records = readRunRecords(join(merged.dir, 'runs.jsonl'), 'runs.jsonl');
    expect(records.map((r) => r.runId)).toEqual(PLAN.map(runIdOf));
    for (const r of records) for (const s of r.steps) expect(existsSync(join(merged.dir, s.screenshot!)), s.screenshot).toBe(true);
    expect(merged.scorecard.completeness).toEqual({ planned: 5, finished: 5, complete: true });
    // The dead end in shard 1 is a finding of the merged audit, failing it at the strictest failOn.
    expect(merged.scorecard.frictionPoints.map((p) => p.ruleId)).toContain('dead-end');
    const meta = ReportMeta.parse(JSON.parse(readFileSync(join(merged.dir, 'meta.json'), 'utf8')));
    expect(meta).toMatchObject({ startedAt: '2026-03-01T10:01:00.000Z', finishedAt: '2026-03-01T10:12:00.000Z', planned: 5, failOn: 'minor', merged: [a, b] });
    expect(meta.shard).toBeUndefined();
    // The merged folder is the newest report: latest points at it; the shards are untouched.
    expect(readFileSync(join(out, 'latest', 'meta.json'), 'utf8')).toContain('"merged"');
    expect(readdirSync(a).sort()).toEqual(['meta.json', 'runs.jsonl', 'screenshots']);
    for (const file of ['index.html', 'scorecard.json', 'summary.md', 'junit.xml']) expect(existsSync(join(merged.dir, file)), file).toBe(true);
  });

  test('a missing shard is merged, but the scorecard counts the whole plan: INCOMPLETE, and never passes', async () => {
    const root = temp();
    const merged = await mergeShards([shardFolder(root, { index: 1, total: 3 }), shardFolder(root, { index: 3, total: 3 })], { cwd: root, out: join(root, 'out') });
    expect(merged.missing).toEqual([2]);
    expect(merged.scorecard.completeness).toMatchObject({ planned: 5, finished: 3, complete: false });
    expect(merged.scorecard.summary.passed).toBe(false);
  });

  test("a shard stopped early: its reason is the merged audit's", async () => {
    const root = temp();
    const a = shardFolder(root, { index: 1, total: 2 }, { meta: { stopped: { by: 'SIGTERM' }, interrupted: true }, finish: (id) => id !== 'returns/alice/1' });
    const merged = await mergeShards([a, shardFolder(root, { index: 2, total: 2 })], { cwd: root, out: join(root, 'out') });
    expect(merged.scorecard.completeness).toMatchObject({ planned: 5, finished: 4, complete: false, reason: 'stopped by SIGTERM' });
    expect(merged.shards[0]).toMatchObject({ planned: 3, finished: 2 });
  });

  test('a shard with no runs (more shards than runs) merges as nothing to add', async () => {
    const root = temp();
    const dirs = [1, 2, 3, 4, 5, 6].map((index) => shardFolder(root, { index, total: 6 }));
    const merged = await mergeShards(dirs, { cwd: root, out: join(root, 'out') });
    expect(merged.shards.at(-1)).toMatchObject({ index: 6, planned: 0, finished: 0 });
    expect(merged.scorecard.completeness).toEqual({ planned: 5, finished: 5, complete: true });
  });

  test('folders of other audits are refused, naming the folders and what differs; nothing is written', async () => {
    const root = temp();
    const a = shardFolder(root, { index: 1, total: 2 });
    const config = shardFolder(root, { index: 2, total: 2 }, { meta: { configHash: 'bbbb' } });
    const message = await mergeError([a, config], root);
    expect(message).toContain(`cannot merge ${a}, ${config}: they are not shards of one audit`);
    expect(message).toContain(`the config (its hash) differs: aaaa in ${a}; bbbb in ${config}`);

    const version = shardFolder(root, { index: 2, total: 2 }, { meta: { toolVersion: '0.0.1' } });
    expect(await mergeError([a, version], root)).toContain(`the tool version differs: ${TOOL_VERSION} in ${a}; 0.0.1 in ${version}`);
    const site = shardFolder(root, { index: 2, total: 2 }, { meta: { target: 'https://staging.shop.example/' } });
    expect(await mergeError([a, site], root)).toContain('the site (target) differs: https://shop.example/ in');
    const split = shardFolder(root, { index: 2, total: 3 });
    expect(await mergeError([a, split], root)).toContain(`the number of shards differs: 2 in ${a}; 3 in ${split}`);
    const plan = shardFolder(root, { index: 2, total: 2 }, { plan: 'plan-2' });
    expect(await mergeError([a, plan], root)).toContain('the planned runs (other journeys, --grep or --persona) differs: 5 runs, plan plan-1 in');

    const again = shardFolder(root, { index: 1, total: 2 });
    expect(await mergeError([a, again], root)).toContain(`shard 1/2 is given 2 times (${a}, ${again})`);
    expect(await mergeError([a, a], root)).toContain('shard 1/2 is given 2 times');

    const plain = join(root, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'meta.json'), JSON.stringify(baseMeta({ planned: 5 })));
    writeFileSync(join(plain, 'runs.jsonl'), '');
    expect(await mergeError([a, plain], root)).toContain(`${plain} is not a shard: its audit was not run with --shard i/n`);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(await mergeError([a, empty], root)).toContain(`${empty} is not a report folder (it has no meta.json)`);
    expect(await mergeError([a, join(root, 'nowhere')], root)).toContain('nowhere is not a folder');
    expect(existsSync(join(root, 'merged'))).toBe(false);
  });

  test('a merged folder is not a shard: merging it again is refused, naming its shards', async () => {
    const root = temp();
    const a = shardFolder(root, { index: 1, total: 2 });
    const b = shardFolder(root, { index: 2, total: 2 });
    const merged = await mergeShards([a, b], { cwd: root, out: join(root, 'out') });
    expect(await mergeError([merged.dir, a], root)).toContain(`${merged.dir} is a merged report, not a shard: merge the shards' own folders (${a}, ${b})`);
  });
});
