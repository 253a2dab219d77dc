// 3. Wait-heavy concurrency: N runs of a journey that waits ~2 s on the site, by
// `mystery-shopper run --concurrency C` (one browser), against the same journey as N
// @playwright/test specs run by `npx playwright test` with its default workers. Both are whole
// processes timed from spawn to exit; rounds alternate which goes first. Two journeys:
// - faq: one page, then a FAQ search Acme answers 2 s late (slow-faq-search:2000): nearly all wait;
// - order: the shop's order journey, 4 pages and 7 fields, with a 2 s checkout (slow-checkout:2000).
// The CPU time of each side's process tree gives the floor that 2 cores allow for that much work.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startAcmeChild } from '../lib/acme.ts';
import type { Figure, Row } from '../lib/figure.ts';
import { sampleTree } from '../lib/proctree.ts';
import { recordsUnder } from '../lib/reports.ts';
import { BENCH_CONFIG, CLI, fmt, log, round, run, summarize } from '../lib/util.ts';

const WAIT_MS = 2000;

const JOURNEYS = {
  faq: { id: 'bench-faq-wait', friction: `slow-faq-search:${WAIT_MS}`, label: 'a FAQ search (1 page + 2 s wait)' },
  order: { id: 'bench-wait', friction: `slow-checkout:${WAIT_MS}`, label: 'an order (4 pages, 7 fields + 2 s wait)' },
} as const;
type JourneyName = keyof typeof JOURNEYS;

interface Measured {
  ours: number[];
  startups: number[];
  pw: number[];
  oursCpu: number[];
  pwCpu: number[];
  workersLine: string;
}

async function measure(name: JourneyName, opts: { count: number; conc: number; rounds: number; pwRounds: number; scratch: string }): Promise<Measured> {
  const { id, friction } = JOURNEYS[name];
  const m: Measured = { ours: [], startups: [], pw: [], oursCpu: [], pwCpu: [], workersLine: '' };
  let sampler: ReturnType<typeof sampleTree> | undefined;
  const onStart = (child: { pid?: number }) => (sampler = sampleTree(child.pid!, 200, true));
  const acme = await startAcmeChild(friction, true);
  try {
    for (let r = 0; r < opts.rounds; r++) {
      for (const which of r % 2 === 0 ? ['ours', 'pw'] : ['pw', 'ours']) {
        if (which === 'pw' && m.pw.length >= opts.pwRounds) continue;
        if (which === 'ours') {
          const out = join(opts.scratch, `${name}-round-${r}`);
          acme.clearRequests();
          const res = await run(process.execPath, [CLI, 'run', '--config', BENCH_CONFIG, '--grep', `^${id} `, '--concurrency', String(opts.conc), '--screenshots', 'off', '--base-url', acme.url, '--out', out], {
            env: { ...process.env, BENCH_WAIT_REPEAT: String(opts.count), NO_COLOR: '1' },
            onStart,
          });
          m.oursCpu.push(sampler!.stop().cpuMs);
          const done = recordsUnder(out).filter((x) => x.status === 'completed').length;
          if (done !== opts.count) throw new Error(`concurrency ${name}: ${done}/${opts.count} of our runs completed (exit ${res.code})\n${res.stderr.slice(-2000)}\n${res.stdout.slice(-2000)}`);
          m.ours.push(res.wallMs);
          m.startups.push(acme.requests[0].at - res.spawnedAt);
          log(`concurrency ${name} round ${r + 1}/${opts.rounds}: ours ${res.wallMs.toFixed(0)} ms (first request after ${m.startups.at(-1)} ms, CPU ${m.oursCpu.at(-1)} ms)`);
        } else {
          const res = await run('npx', ['playwright', 'test', '--config', 'bench/playwright/playwright.config.ts'], {
            env: { ...process.env, BENCH_ACME_URL: acme.url, BENCH_WAIT_COUNT: String(opts.count), BENCH_WAIT_JOURNEY: name, CI: '', FORCE_COLOR: '0' },
            onStart,
          });
          m.pwCpu.push(sampler!.stop().cpuMs);
          if (res.code !== 0) throw new Error(`concurrency ${name}: npx playwright test failed (exit ${res.code})\n${res.stdout.slice(-3000)}${res.stderr.slice(-2000)}`);
          m.workersLine = res.stdout.match(/Running \d+ tests? using \d+ workers?/)?.[0] ?? m.workersLine;
          m.pw.push(res.wallMs);
          log(`concurrency ${name} round ${r + 1}/${opts.rounds}: playwright test ${res.wallMs.toFixed(0)} ms (${m.workersLine}, CPU ${m.pwCpu.at(-1)} ms)`);
        }
      }
    }
  } finally {
    await acme.close();
  }
  return m;
}

function rowsFor(name: JourneyName, m: Measured, count: number, conc: number, judged: boolean) {
  const o = summarize(m.ours);
  const p = summarize(m.pw);
  const st = summarize(m.startups);
  const oc = summarize(m.oursCpu);
  const pc = summarize(m.pwCpu);
  const cores = cpus().length;
  const ideal = st.median + Math.ceil(count / conc) * WAIT_MS;
  // However well waits overlap, the work cannot finish before its CPU time has run on the cores.
  // Start-up keeps one core busy on its own, so it counts whole and the rest is shared by the cores.
  const floor = Math.max(ideal, st.median + Math.max(0, oc.median - st.median) / cores);
  const speedup = p.median / o.median;
  const what = `${count} × ${JOURNEYS[name].label}`;
  const rows: Row[] = [
    {
      figure: `3. Wait-heavy, ${what}: ours at concurrency ${conc} vs @playwright/test default workers`,
      ours: fmt(o, 'ms'),
      comparison: `npx playwright test ${fmt(p, 'ms')} (${m.workersLine || 'workers: ?'})`,
      ratio: `${speedup.toFixed(2)}× faster`,
      target: judged ? '≥ 4×' : 'report',
      met: judged ? speedup >= 4 : null,
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
      comparison: `floor ${floor.toFixed(0)} ms (CPU of our tree ${fmt(oc, 'ms')}, ${(oc.median / count).toFixed(0)} ms a journey; @playwright/test's ${fmt(pc, 'ms')}, ${(pc.median / count).toFixed(0)} ms a journey)`,
      ratio: `${(o.median / floor).toFixed(2)}× floor`,
      target: 'report',
      met: null,
    },
  ];
  const data = { count, concurrency: conc, oursMs: o, playwrightTestMs: p, startupToFirstRequestMs: st, idealMs: round(ideal), speedup: round(speedup, 2), vsIdeal: round(o.median / ideal, 2), workersLine: m.workersLine, cores, oursCpuMs: oc, playwrightTestCpuMs: pc, cpuFloorMs: round(floor), vsCpuFloor: round(o.median / floor, 2) };
  return { rows, data };
}

export const concurrency: Figure = async ({ quick, scratch }) => {
  const count = quick ? 6 : 40;
  const conc = quick ? 3 : 20;
  // Ours takes seconds, the comparison minutes: ours 3 times, @playwright/test twice (quick: once each).
  const rounds = quick ? 1 : Number(process.env.BENCH_CONC_ROUNDS ?? 3);
  const pwRounds = quick ? 1 : Number(process.env.BENCH_PW_ROUNDS ?? 2);
  const faq = rowsFor('faq', await measure('faq', { count, conc, rounds, pwRounds, scratch }), count, conc, true);
  // The page-heavy journey shows where 2 cores stop overlapping waits; once is enough in a quick run.
  const order = quick ? undefined : rowsFor('order', await measure('order', { count, conc, rounds: 2, pwRounds: 1, scratch }), count, conc, false);
  return {
    title: 'Wait-heavy concurrency',
    rows: [...faq.rows, ...(order?.rows ?? [])],
    data: { faq: faq.data, ...(order ? { order: order.data } : {}) },
    notes: [
      `Both sides timed as whole processes (spawn → exit) against the same Acme process, rounds alternating which goes first. Start-up for the ideal is measured in the same runs: spawn → first request Acme receives.`,
      'CPU: user + system time of each side\'s process tree (harness, browser, renderers), sampled from /proc every 200 ms (a lower bound: the last 200 ms escape it). The ideal assumes the work besides waiting costs nothing; the floor is the least time 2 cores need for the CPU work measured.',
      `The FAQ journey (${JOURNEYS.faq.friction}) is judged against the targets; the order journey (${JOURNEYS.order.friction}, 2 rounds of ours, 1 of @playwright/test) is reported, to show a page-heavy journey's floor.`,
    ],
  };
};
