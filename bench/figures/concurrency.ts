// 3. Wait-heavy concurrency: N runs of bench-wait (~2 s waiting on Acme's slow-checkout:2000)
// by `mystery-shopper run --concurrency C` (one browser), against the same journey as N
// @playwright/test specs run by `npx playwright test` with its default workers. Both are whole
// processes timed from spawn to exit; rounds alternate which goes first.
import { join } from 'node:path';
import { startAcmeChild } from '../lib/acme.ts';
import { cpus } from 'node:os';
import type { Figure } from '../lib/figure.ts';
import { sampleTree } from '../lib/proctree.ts';
import { recordsUnder } from '../lib/reports.ts';
import { BENCH_CONFIG, CLI, fmt, log, round, run, summarize } from '../lib/util.ts';

const WAIT_MS = 2000;

export const concurrency: Figure = async ({ quick, scratch }) => {
  const count = quick ? 6 : 40;
  const conc = quick ? 3 : 20;
  // Ours takes seconds, the comparison minutes: ours 3 times, @playwright/test twice (quick: once each).
  const rounds = quick ? 1 : Number(process.env.BENCH_CONC_ROUNDS ?? 3);
  const pwRounds = quick ? 1 : Number(process.env.BENCH_PW_ROUNDS ?? 2);
  const ours: number[] = [];
  const startups: number[] = [];
  const pw: number[] = [];
  // CPU time of each side's whole process tree (harness, browser, renderers), to find the floor 2 cores allow.
  const oursCpu: number[] = [];
  const pwCpu: number[] = [];
  let sampler: ReturnType<typeof sampleTree> | undefined;
  const onStart = (child: { pid?: number }) => (sampler = sampleTree(child.pid!, 200, true));
  let workersLine = '';
  const acme = await startAcmeChild(`slow-checkout:${WAIT_MS}`, true);
  try {
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['ours', 'pw'] : ['pw', 'ours'];
      for (const which of order) {
        if (which === 'pw' && pw.length >= pwRounds) continue;
        if (which === 'ours') {
          const out = join(scratch, `round-${r}`);
          acme.clearRequests();
          const res = await run(process.execPath, [CLI, 'run', '--config', BENCH_CONFIG, '--grep', 'bench-wait', '--concurrency', String(conc), '--screenshots', 'off', '--base-url', acme.url, '--out', out], {
            env: { ...process.env, BENCH_WAIT_REPEAT: String(count), NO_COLOR: '1' },
            onStart,
          });
          oursCpu.push(sampler!.stop().cpuMs);
          const recs = recordsUnder(out);
          const done = recs.filter((x) => x.status === 'completed').length;
          if (done !== count) throw new Error(`concurrency: ${done}/${count} of our runs completed (exit ${res.code})\n${res.stderr.slice(-2000)}\n${res.stdout.slice(-2000)}`);
          ours.push(res.wallMs);
          startups.push(acme.requests[0].at - res.spawnedAt);
          log(`concurrency round ${r + 1}/${rounds}: ours ${res.wallMs.toFixed(0)} ms (first request after ${startups.at(-1)} ms, CPU ${oursCpu.at(-1)} ms)`);
        } else {
          const res = await run('npx', ['playwright', 'test', '--config', 'bench/playwright/playwright.config.ts'], {
            env: { ...process.env, BENCH_ACME_URL: acme.url, BENCH_WAIT_COUNT: String(count), CI: '', FORCE_COLOR: '0' },
            onStart,
          });
          pwCpu.push(sampler!.stop().cpuMs);
          if (res.code !== 0) throw new Error(`concurrency: npx playwright test failed (exit ${res.code})\n${res.stdout.slice(-3000)}${res.stderr.slice(-2000)}`);
          workersLine = res.stdout.match(/Running \d+ tests? using \d+ workers?/)?.[0] ?? workersLine;
          pw.push(res.wallMs);
          log(`concurrency round ${r + 1}/${rounds}: playwright test ${res.wallMs.toFixed(0)} ms (${workersLine})`);
        }
      }
    }
  } finally {
    await acme.close();
  }
  const o = summarize(ours);
  const p = summarize(pw);
  const st = summarize(startups);
  const ideal = st.median + Math.ceil(count / conc) * WAIT_MS;
  const speedup = p.median / o.median;
  const cores = cpus().length;
  const oc = summarize(oursCpu);
  const pc = summarize(pwCpu);
  // However well waits overlap, the work cannot finish before all its CPU time has run on the cores.
  const floor = Math.max(ideal, st.median + oc.median / cores);
  return {
    title: 'Wait-heavy concurrency',
    rows: [
      {
        figure: `3. Wait-heavy: ${count} journeys × ~${WAIT_MS / 1000} s wait, ours at concurrency ${conc} vs @playwright/test default workers`,
        ours: fmt(o, 'ms'),
        comparison: `npx playwright test ${fmt(p, 'ms')} (${workersLine || 'workers: ?'})`,
        ratio: `${speedup.toFixed(2)}× faster`,
        target: '≥ 4×',
        met: speedup >= 4,
      },
      {
        figure: '3. Wait-heavy: ours vs ideal (start-up + N/C × 2 s)',
        ours: fmt(o, 'ms'),
        comparison: `ideal ${ideal.toFixed(0)} ms (start-up ${st.median.toFixed(0)} ms + ${Math.ceil(count / conc)} × ${WAIT_MS} ms)`,
        ratio: `${(o.median / ideal).toFixed(2)}× ideal`,
        target: '≤ 1.5× ideal',
        met: o.median / ideal <= 1.5,
      },
      {
        figure: `3. Wait-heavy: ours vs the CPU floor (start-up + the runs' CPU time / ${cores} cores)`,
        ours: fmt(o, 'ms'),
        comparison: `floor ${floor.toFixed(0)} ms (CPU of the whole tree ${fmt(oc, 'ms')}, ${(oc.median / count).toFixed(0)} ms a journey; @playwright/test's tree ${fmt(pc, 'ms')}, ${(pc.median / count).toFixed(0)} ms a journey)`,
        ratio: `${(o.median / floor).toFixed(2)}× floor`,
        target: 'report',
        met: null,
      },
    ],
    data: { count, concurrency: conc, rounds, pwRounds, oursMs: o, playwrightTestMs: p, startupToFirstRequestMs: st, idealMs: round(ideal), speedup: round(speedup, 2), vsIdeal: round(o.median / ideal, 2), workersLine, cores, oursCpuMs: oc, playwrightTestCpuMs: pc, cpuFloorMs: round(floor), vsCpuFloor: round(o.median / floor, 2) },
    notes: [
      `Both timed as whole processes (spawn → exit), same Acme process (slow-checkout:${WAIT_MS}), rounds alternate which goes first. Start-up for the ideal is measured in the same runs: spawn → first request Acme receives.`,
      'CPU: user + system time of each side\'s process tree, sampled from /proc every 200 ms (a lower bound: the last 200 ms escape it). The floor is what 2 cores allow for that much work; the ideal assumes the work besides waiting costs nothing.',
    ],
  };
};
