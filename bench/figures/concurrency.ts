// 3. Wait-heavy concurrency: N runs of a journey that waits ~2 s on the site, by
// `mystery-shopper run --concurrency C` (one browser), against the same journey as N
// @playwright/test specs run by `npx playwright test` (fullyParallel) at 1, 2, 4 and 8 workers:
// its default on this machine (half the cores) and its best. Both are whole processes timed from
// spawn to exit; rounds rotate which goes first. Two journeys:
// - faq: one page, then a FAQ search Acme answers 2 s late (slow-faq-search:2000): nearly all wait;
// - order: the shop's order journey, 4 pages and 7 fields, with a 2 s checkout (slow-checkout:2000).
// The CPU time of each side's process tree gives the floor that 2 cores allow for that much work.
// Then memory, untimed: the peak PSS of each side's process tree with 1, 2, 4, 8 (and C) journeys
// at once: ours at that concurrency, @playwright/test with that many workers (each its own browser).
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startAcmeChild, type AcmeChild } from '../lib/acme.ts';
import type { Figure, Row } from '../lib/figure.ts';
import { sampleTree, type TreeSample } from '../lib/proctree.ts';
import { recordsUnder } from '../lib/reports.ts';
import { BENCH_CONFIG, CLI, fmt, log, REPO, rotate, round, run, summarize, type Summary } from '../lib/util.ts';

const WAIT_MS = 2000;
const PW_CONFIG = 'bench/playwright/playwright.config.ts';
/** @playwright/test's own CLI: the memory pass runs it without npx, so only the runner, its workers and their browsers are measured. */
const PW_CLI = join(REPO, 'node_modules', '@playwright', 'test', 'cli.js');
/** Playwright's default: half the cores ("50%"), at least one. */
const PW_DEFAULT_WORKERS = Math.max(1, Math.floor(cpus().length / 2));

const JOURNEYS = {
  faq: { id: 'bench-faq-wait', friction: `slow-faq-search:${WAIT_MS}`, label: 'a FAQ search (1 page + 2 s wait)' },
  order: { id: 'bench-wait', friction: `slow-checkout:${WAIT_MS}`, label: 'an order (4 pages, 7 fields + 2 s wait)' },
} as const;
type JourneyName = keyof typeof JOURNEYS;

interface PwAt {
  wall: number[];
  cpu: number[];
  /** "Running 40 tests using 4 workers", as @playwright/test said it. */
  line: string;
}

interface Measured {
  ours: number[];
  startups: number[];
  oursCpu: number[];
  pw: Map<number, PwAt>;
}

const pwEnv = (acme: AcmeChild, name: JourneyName, count: number) => ({ ...process.env, BENCH_ACME_URL: acme.url, BENCH_WAIT_COUNT: String(count), BENCH_WAIT_JOURNEY: name, CI: '', FORCE_COLOR: '0' });
const oursArgs = (id: string, conc: number, acme: AcmeChild, out: string) => [CLI, 'run', '--config', BENCH_CONFIG, '--grep', `^${id} `, '--concurrency', String(conc), '--screenshots', 'off', '--base-url', acme.url, '--out', out];

async function measure(name: JourneyName, opts: { count: number; conc: number; workers: number[]; rounds: number; pwRounds: number; scratch: string }): Promise<Measured> {
  const { id, friction } = JOURNEYS[name];
  const m: Measured = { ours: [], startups: [], oursCpu: [], pw: new Map(opts.workers.map((w) => [w, { wall: [], cpu: [], line: '' }])) };
  let sampler: ReturnType<typeof sampleTree> | undefined;
  // CPU only while timing: reading the memory files of 50+ processes is itself work that would show.
  const onStart = (child: { pid?: number }) => (sampler = sampleTree(child.pid!, 200, true));
  const acme = await startAcmeChild(friction, true);
  try {
    for (let r = 0; r < opts.rounds; r++) {
      // Each round rotates who goes first, so a load change does not always hit the same side.
      for (const side of rotate<'ours' | number>(['ours', ...opts.workers], r)) {
        if (side === 'ours') {
          const out = join(opts.scratch, `${name}-round-${r}`);
          acme.clearRequests();
          const res = await run(process.execPath, oursArgs(id, opts.conc, acme, out), { env: { ...process.env, BENCH_WAIT_REPEAT: String(opts.count), NO_COLOR: '1' }, onStart });
          m.oursCpu.push(sampler!.stop().cpuMs);
          const done = recordsUnder(out).filter((x) => x.status === 'completed').length;
          if (done !== opts.count) throw new Error(`concurrency ${name}: ${done}/${opts.count} of our runs completed (exit ${res.code})\n${res.stderr.slice(-2000)}\n${res.stdout.slice(-2000)}`);
          m.ours.push(res.wallMs);
          m.startups.push(acme.requests[0].at - res.spawnedAt);
          log(`concurrency ${name} round ${r + 1}/${opts.rounds}: ours ${res.wallMs.toFixed(0)} ms (first request after ${m.startups.at(-1)} ms, CPU ${m.oursCpu.at(-1)} ms)`);
          continue;
        }
        const at = m.pw.get(side)!;
        if (at.wall.length >= opts.pwRounds) continue;
        const res = await run('npx', ['playwright', 'test', '--config', PW_CONFIG, '--workers', String(side)], { env: pwEnv(acme, name, opts.count), onStart });
        at.cpu.push(sampler!.stop().cpuMs);
        if (res.code !== 0) throw new Error(`concurrency ${name}: npx playwright test --workers ${side} failed (exit ${res.code})\n${res.stdout.slice(-3000)}${res.stderr.slice(-2000)}`);
        at.line = res.stdout.match(/Running \d+ tests? using \d+ workers?/)?.[0] ?? at.line;
        at.wall.push(res.wallMs);
        log(`concurrency ${name} round ${r + 1}/${opts.rounds}: playwright test --workers ${side} ${res.wallMs.toFixed(0)} ms (${at.line}, CPU ${at.cpu.at(-1)} ms)`);
      }
    }
  } finally {
    await acme.close();
  }
  return m;
}

/** "2.10× faster", or "1.25× slower" when theirs took less time. */
const faster = (theirsOverOurs: number) => (theirsOverOurs >= 1 ? `${theirsOverOurs.toFixed(2)}× faster` : `${(1 / theirsOverOurs).toFixed(2)}× slower`);

/** @playwright/test's fastest worker count (lowest median), and its default's. */
function pwChoices(m: Measured) {
  const by = [...m.pw.entries()].map(([workers, at]) => ({ workers, wall: summarize(at.wall), cpu: summarize(at.cpu), line: at.line }));
  const best = by.reduce((a, b) => (b.wall.median < a.wall.median ? b : a));
  const dflt = by.find((p) => p.workers === PW_DEFAULT_WORKERS) ?? best;
  return { by, best, dflt };
}

function rowsFor(name: JourneyName, m: Measured, count: number, conc: number, judged: boolean) {
  const o = summarize(m.ours);
  const st = summarize(m.startups);
  const oc = summarize(m.oursCpu);
  const { by, best, dflt } = pwChoices(m);
  const cores = cpus().length;
  const ideal = st.median + Math.ceil(count / conc) * WAIT_MS;
  // However well waits overlap, the work cannot finish before its CPU time has run on the cores.
  // Start-up keeps one core busy on its own, so it counts whole and the rest is shared by the cores.
  const floor = Math.max(ideal, st.median + Math.max(0, oc.median - st.median) / cores);
  const speedup = dflt.wall.median / o.median;
  const vsBest = best.wall.median / o.median;
  const what = `${count} × ${JOURNEYS[name].label}`;
  const s = (x: Summary) => `${(x.median / 1000).toFixed(1)} s`;
  const rows: Row[] = [
    {
      figure: `3. Wait-heavy, ${what}: ours at concurrency ${conc} vs @playwright/test default workers`,
      ours: fmt(o, 'ms'),
      comparison: `npx playwright test ${fmt(dflt.wall, 'ms')} (${dflt.line || `${dflt.workers} workers`})`,
      ratio: faster(speedup),
      target: judged ? '≥ 4×' : 'report',
      met: judged ? speedup >= 4 : null,
    },
    {
      figure: `3. Wait-heavy, ${what}: ours at concurrency ${conc} vs @playwright/test at its best worker count (fullyParallel; ${by.map((p) => p.workers).join(', ')} tried)`,
      ours: fmt(o, 'ms'),
      comparison: `npx playwright test --workers ${best.workers} ${fmt(best.wall, 'ms')}; by workers: ${by.map((p) => `${p.workers}: ${s(p.wall)}`).join(', ')}`,
      ratio: faster(vsBest),
      target: 'report',
      met: null,
    },
    {
      figure: `3. Wait-heavy, ${what}: ours vs ideal (start-up + ${Math.ceil(count / conc)} × 2 s)`,
      ours: fmt(o, 'ms'),
      comparison: `ideal ${ideal.toFixed(0)} ms (start-up ${st.median.toFixed(0)} ms to the first request)`,
      ratio: `${(o.median / ideal).toFixed(2)}× ideal`,
      target: judged ? '≤ 1.5× ideal' : 'report',
      met: judged ? o.median / ideal <= 1.5 : null,
    },
    {
      figure: `3. Wait-heavy, ${what}: ours vs the CPU floor (start-up + the rest of the CPU time / ${cores} cores)`,
      ours: fmt(o, 'ms'),
      comparison: `floor ${floor.toFixed(0)} ms (CPU of our tree ${fmt(oc, 'ms')}, ${(oc.median / count).toFixed(0)} ms a journey; @playwright/test's by workers: ${by.map((p) => `${p.workers}: ${(p.cpu.median / count).toFixed(0)} ms`).join(', ')} a journey)`,
      ratio: `${(o.median / floor).toFixed(2)}× floor`,
      target: 'report',
      met: null,
    },
  ];
  const data = {
    count,
    concurrency: conc,
    oursMs: o,
    startupToFirstRequestMs: st,
    idealMs: round(ideal),
    cores,
    oursCpuMs: oc,
    cpuFloorMs: round(floor),
    vsCpuFloor: round(o.median / floor, 2),
    vsIdeal: round(o.median / ideal, 2),
    // @playwright/test: its default worker count (as before) and every count tried.
    playwrightTestMs: dflt.wall,
    playwrightTestCpuMs: dflt.cpu,
    workersLine: dflt.line,
    speedup: round(speedup, 2),
    playwrightTestByWorkers: Object.fromEntries(by.map((p) => [p.workers, { wallMs: p.wall, cpuMs: p.cpu, line: p.line }])),
    bestWorkers: best.workers,
    speedupVsBest: round(vsBest, 2),
  };
  return { rows, data };
}

/**
 * Peak PSS of each side's process tree with `n` journeys at once, untimed and sampled every 100 ms
 * (as figure 4): ours runs 2n journeys at concurrency n in one browser; @playwright/test runs 2n
 * specs with n workers, each worker with its own browser. Two per slot keep every slot busy at once.
 */
async function measureMemory(name: JourneyName, levels: number[], oursOnly: number[], scratch: string): Promise<{ ours: Map<number, TreeSample>; pw: Map<number, TreeSample> }> {
  const { id, friction } = JOURNEYS[name];
  const ours = new Map<number, TreeSample>();
  const pw = new Map<number, TreeSample>();
  const acme = await startAcmeChild(friction);
  try {
    for (const n of [...levels, ...oursOnly]) {
      let sampler: ReturnType<typeof sampleTree> | undefined;
      const onStart = (child: { pid?: number }) => (sampler = sampleTree(child.pid!, 100));
      const out = join(scratch, `memory-${name}-c${n}`);
      const res = await run(process.execPath, oursArgs(id, n, acme, out), { env: { ...process.env, BENCH_WAIT_REPEAT: String(2 * n), NO_COLOR: '1' }, onStart });
      ours.set(n, sampler!.stop());
      if (recordsUnder(out).length !== 2 * n) throw new Error(`concurrency memory: ${recordsUnder(out).length}/${2 * n} of our runs recorded at concurrency ${n} (exit ${res.code})\n${res.stderr.slice(-2000)}`);
      log(`concurrency memory ${name}: ours at concurrency ${n}: peak PSS ${ours.get(n)!.pssMiB.toFixed(0)} MiB, ${ours.get(n)!.procs} processes`);
      if (!levels.includes(n)) continue;
      const pwRes = await run(process.execPath, [PW_CLI, 'test', '--config', PW_CONFIG, '--workers', String(n)], { env: pwEnv(acme, name, 2 * n), onStart });
      pw.set(n, sampler!.stop());
      if (pwRes.code !== 0) throw new Error(`concurrency memory: playwright test --workers ${n} failed (exit ${pwRes.code})\n${pwRes.stdout.slice(-3000)}`);
      log(`concurrency memory ${name}: @playwright/test with ${n} workers: peak PSS ${pw.get(n)!.pssMiB.toFixed(0)} MiB, ${pw.get(n)!.procs} processes`);
    }
  } finally {
    await acme.close();
  }
  return { ours, pw };
}

function memoryRows(name: JourneyName, levels: number[], conc: number, mem: { ours: Map<number, TreeSample>; pw: Map<number, TreeSample> }) {
  const pss = (m: Map<number, TreeSample>, n: number) => m.get(n)!.pssMiB;
  const lo = levels[0];
  const hi = levels.at(-1)!;
  // What one more journey at once costs: the slope between the fewest and the most at once.
  const perOurs = (pss(mem.ours, hi) - pss(mem.ours, lo)) / (hi - lo);
  const perPw = (pss(mem.pw, hi) - pss(mem.pw, lo)) / (hi - lo);
  const rows: Row[] = levels.map((n) => ({
    figure: `3. Memory, ${n} × ${JOURNEYS[name].label} at once: ours at concurrency ${n} vs @playwright/test with ${n} worker${n === 1 ? '' : 's'} (peak PSS of the tree)`,
    ours: `${pss(mem.ours, n).toFixed(0)} MiB (${mem.ours.get(n)!.procs} processes)`,
    comparison: `${pss(mem.pw, n).toFixed(0)} MiB (${mem.pw.get(n)!.procs} processes)`,
    ratio: `${(pss(mem.pw, n) / pss(mem.ours, n)).toFixed(2)}× ours`,
    target: 'report',
    met: null,
  }));
  rows.push({
    figure: `3. Memory per concurrent run (${lo} → ${hi} at once): ours per extra context vs @playwright/test per extra worker`,
    ours: `${perOurs.toFixed(0)} MiB PSS`,
    comparison: `${perPw.toFixed(0)} MiB PSS`,
    ratio: `${(perPw / perOurs).toFixed(1)}× ours`,
    target: 'report',
    met: null,
  });
  if (mem.ours.has(conc) && !levels.includes(conc)) {
    rows.push({
      figure: `3. Memory at the timed concurrency: ours at concurrency ${conc}`,
      ours: `${pss(mem.ours, conc).toFixed(0)} MiB PSS`,
      comparison: `${((pss(mem.ours, conc) - pss(mem.ours, lo)) / (conc - lo)).toFixed(0)} MiB per extra run (${lo} → ${conc})`,
      ratio: '—',
      target: 'report',
      met: null,
    });
  }
  const asData = (m: Map<number, TreeSample>) => Object.fromEntries([...m].map(([n, t]) => [n, { pssMiB: round(t.pssMiB), rssMiB: round(t.rssMiB), procs: t.procs }]));
  return { rows, data: { levels, ours: asData(mem.ours), playwrightTest: asData(mem.pw), perRunMiB: { ours: round(perOurs), playwrightTestPerWorker: round(perPw) } } };
}

export const concurrency: Figure = async ({ quick, scratch }) => {
  const count = quick ? 6 : 40;
  const conc = quick ? 3 : 20;
  const workers = (process.env.BENCH_PW_WORKERS ?? (quick ? '1,2,4' : '1,2,4,8')).split(',').map(Number);
  if (!workers.includes(PW_DEFAULT_WORKERS)) workers.push(PW_DEFAULT_WORKERS);
  workers.sort((a, b) => a - b);
  // Ours takes seconds, the comparison minutes: ours 3 times, @playwright/test twice per worker count (quick: once each).
  const rounds = quick ? 1 : Number(process.env.BENCH_CONC_ROUNDS ?? 3);
  const pwRounds = quick ? 1 : Number(process.env.BENCH_PW_ROUNDS ?? 2);
  const faq = rowsFor('faq', await measure('faq', { count, conc, workers, rounds, pwRounds, scratch }), count, conc, true);
  // The page-heavy journey shows where 2 cores stop overlapping waits; once is enough in a quick run.
  const order = quick ? undefined : rowsFor('order', await measure('order', { count, conc, workers, rounds: 2, pwRounds: 1, scratch }), count, conc, false);
  const memLevels = quick ? [1, 4] : workers;
  const mem = memoryRows('faq', memLevels, conc, await measureMemory('faq', memLevels, [conc], scratch));
  return {
    title: 'Wait-heavy concurrency',
    rows: [...faq.rows, ...(order?.rows ?? []), ...mem.rows],
    data: { faq: faq.data, ...(order ? { order: order.data } : {}), memory: mem.data, playwrightTestDefaultWorkers: PW_DEFAULT_WORKERS },
    notes: [
      `Both sides timed as whole processes (spawn → exit) against the same Acme process, rounds rotating which goes first. Start-up for the ideal is measured in the same runs: spawn → first request Acme receives.`,
      `@playwright/test runs the same journey as ${count} specs with fullyParallel at ${workers.join(', ')} workers (\`npx playwright test --workers N\`); its default here is ${PW_DEFAULT_WORKERS} (half the cores). Each worker is a Node process with a browser of its own; ours is one Node process and one browser with a context per run.`,
      'CPU: user + system time of each side\'s process tree (harness, browser, renderers), sampled from /proc every 200 ms (a lower bound: the last 200 ms escape it). The ideal assumes the work besides waiting costs nothing; the floor is the least time 2 cores need for the CPU work measured.',
      `The FAQ journey (${JOURNEYS.faq.friction}) is judged against the targets (the ≥ 4× target against the default workers, as issue 7 set it; the best worker count is reported beside it); the order journey (${JOURNEYS.order.friction}, 2 rounds of ours, 1 of @playwright/test per worker count) is reported, to show a page-heavy journey's floor.`,
      `Memory, untimed, after the timings: peak PSS (as figure 4) of each side's process tree running 2n FAQ journeys with n at once, once per n: ours at concurrency n (\`mystery-shopper run\`), @playwright/test with n workers (its CLI without npx: the runner, its workers and their browsers). Per concurrent run is the slope from the fewest to the most at once.`,
    ],
  };
};
