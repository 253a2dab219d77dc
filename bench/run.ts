// npm run bench [-- --quick] [-- --only accuracy,overhead,...]
// Runs every figure of issue 7 and writes bench/results.md + bench/results.json
// (with --quick: small sizes, few runs, written to bench/tmp/quick/; nothing is asserted).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveBrowser } from '../src/runner/browser.ts';
import { accuracy, accuracyRows } from './figures/accuracy.ts';
import { concurrency } from './figures/concurrency.ts';
import { explore } from './figures/explore.ts';
import { history } from './figures/history.ts';
import { memory } from './figures/memory.ts';
import { overhead } from './figures/overhead.ts';
import { reportScale } from './figures/report-scale.ts';
import { shards } from './figures/shards.ts';
import { startup } from './figures/startup.ts';
import type { Figure, FigureResult } from './lib/figure.ts';
import { BENCH_DIR, load, log, REPO, TMP } from './lib/util.ts';

const FIGURES: Record<string, Figure> = { 'report-scale': reportScale, startup, accuracy, overhead, memory, concurrency, explore, shards, history };

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' }, render: { type: 'boolean', default: false }, merge: { type: 'boolean', default: false } } });
const quick = values.quick!;
const only = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(FIGURES);
for (const name of only) if (!FIGURES[name]) throw new Error(`unknown figure "${name}"; figures: ${Object.keys(FIGURES).join(', ')}`);
// --merge: measure the --only figures again and put them into the existing results (default: bench/).
const outDir = values.out ?? (quick ? join(TMP, 'quick') : values.only && !values.merge ? join(TMP, 'partial') : BENCH_DIR);
mkdirSync(outDir, { recursive: true });

function tryRun(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const browser = resolveBrowser();
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  playwright: JSON.parse(readFileSync(join(REPO, 'node_modules', 'playwright', 'package.json'), 'utf8')).version as string,
  browser: `${browser.executablePath ?? 'playwright'}: ${browser.executablePath ? tryRun(browser.executablePath, ['--version']) : ''}`,
  commit: tryRun('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']),
};

interface Results {
  quick: boolean;
  started: string;
  finished: string;
  loadAverage: { start: number[]; end: number[] };
  machine: typeof machine;
  figures: FigureResult[];
  failures: { id: string; error: string }[];
}

function renderMarkdown(json: Results): string {
  const { machine: m, failures: failed } = json;
  const order = ['accuracy', 'overhead', 'concurrency', 'memory', 'report-scale', 'startup', 'explore', 'shards', 'history'];
  const figures = [...json.figures].sort((x, y) => order.indexOf(x.id) - order.indexOf(y.id));
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const md: string[] = [];
  md.push(`# Benchmark results${json.quick ? ' (quick: small sizes, few runs — not for quoting)' : ''}`, '');
  md.push(
    `Measured ${json.started.slice(0, 16).replace('T', ' ')}–${json.finished.slice(0, 10) === json.started.slice(0, 10) ? json.finished.slice(11, 16) : json.finished.slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, Node ${m.node}, Playwright ${m.playwright}, ${m.browser}, commit ${m.commit}.`,
    `Load average (1/5/15 min) at start ${json.loadAverage.start.join(' / ')}, at end ${json.loadAverage.end.join(' / ')}; per figure below (the bench's own browsers count in it). Absolute times move with the machine's load; ratios are measured in the same run, interleaved.`,
    '',
    'Values are medians with (min–max, n) over the runs.',
    '',
    '| Figure | Ours | Comparison | Ratio | Target | Met? |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const f of figures) {
    for (const r of f.rows) md.push(`| ${cell(r.figure)} | ${cell(r.ours)} | ${cell(r.comparison)} | ${cell(r.ratio)} | ${cell(r.target)} | ${r.met === null ? '—' : r.met ? 'yes' : '**no**'} |`);
  }
  for (const f of failed) md.push(`| ${f.id} | failed: ${cell(f.error.split('\n')[0])} | | | | **no** |`);
  md.push('', '## Figures', '');
  for (const f of figures) {
    md.push(`### ${f.title}`, '', `Took ${f.seconds} s; load average before ${f.load.before.join(' / ')}, after ${f.load.after.join(' / ')}.`, '');
    for (const n of f.notes) md.push(`- ${n}`);
    md.push('');
  }
  const limits = join(BENCH_DIR, 'limits.md');
  if (!json.quick && existsSync(limits)) md.push(readFileSync(limits, 'utf8').trim(), '');
  md.push('Raw numbers: `results.json`. How to run and read: `README.md`.', '');
  return md.join('\n');
}

function writeResults(): void {
  const json: Results = { quick, started: started.toISOString(), finished: new Date().toISOString(), loadAverage: { start: loadAtStart, end: load() }, machine, figures: results, failures };
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(outDir, 'results.md'), renderMarkdown(json));
  log(`wrote ${join(outDir, 'results.md')} and results.json${failures.length ? `; ${failures.length} figure(s) failed` : ''}`);
}

if (values.render) {
  // Re-render results.md from results.json (after editing limits.md), measuring nothing.
  const json = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as Results;
  for (const f of json.figures) {
    const stepMs = f.data.stepMs as Record<string, { samples: number[] }> | undefined;
    if (f.id === 'accuracy' && stepMs) {
      const step = new Map(Object.entries(stepMs).map(([d, s]) => [Number(d), s.samples]));
      const rebuilt = accuracyRows([...step.keys()], step);
      f.rows = rebuilt.rows;
      Object.assign(f.data, rebuilt.data);
    }
  }
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(outDir, 'results.md'), renderMarkdown(json));
  log(`re-rendered ${join(outDir, 'results.md')}`);
  process.exit(0);
}

const prior = values.merge && existsSync(join(outDir, 'results.json')) ? (JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as Results) : undefined;
const started = prior ? new Date(prior.started) : new Date();
const loadAtStart = prior?.loadAverage.start ?? load();
log(`${quick ? 'quick' : 'full'} bench: ${only.join(', ')}; load average ${load().join(' ')}`);
const results: FigureResult[] = prior?.figures.filter((f) => !only.includes(f.id)) ?? [];
const failures: { id: string; error: string }[] = prior?.failures.filter((f) => !only.includes(f.id)) ?? [];
for (const id of only) {
  const scratch = values.out ? join(outDir, 'scratch', id) : join(TMP, quick ? 'quick-scratch' : 'scratch', id);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const before = load();
  const t0 = performance.now();
  log(`figure ${id} (load ${before.join(' ')})`);
  try {
    const res = await FIGURES[id]({ quick, scratch });
    results.push({ id, ...res, load: { before, after: load() }, seconds: Math.round((performance.now() - t0) / 100) / 10 });
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`figure ${id} FAILED: ${error}`);
    failures.push({ id, error });
  }
  writeResults(); // after every figure, so an interrupted bench still leaves what it measured
}
process.exitCode = failures.length ? 1 : 0;
