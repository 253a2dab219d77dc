// 3. Wait-heavy concurrency: N runs of bench-wait (~2 s waiting on Acme's slow-checkout:2000)
// by `mystery-shopper run --concurrency C` (one browser), against the same journey as N
// @playwright/test specs run by `npx playwright test` with its default workers. Both are whole
// processes timed from spawn to exit; rounds alternate which goes first.
import { join } from 'node:path';
import { startAcmeChild } from '../lib/acme.ts';
import type { Figure } from '../lib/figure.ts';
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
          });
          const recs = recordsUnder(out);
          const done = recs.filter((x) => x.status === 'completed').length;
          if (done !== count) throw new Error(`concurrency: ${done}/${count} of our runs completed (exit ${res.code})\n${res.stderr.slice(-2000)}\n${res.stdout.slice(-2000)}`);
          ours.push(res.wallMs);
          startups.push(acme.requests[0].at - res.spawnedAt);
          log(`concurrency round ${r + 1}/${rounds}: ours ${res.wallMs.toFixed(0)} ms (first request after ${startups.at(-1)} ms)`);
        } else {
          const res = await run('npx', ['playwright', 'test', '--config', 'bench/playwright/playwright.config.ts'], {
            env: { ...process.env, BENCH_ACME_URL: acme.url, BENCH_WAIT_COUNT: String(count), CI: '', FORCE_COLOR: '0' },
          });
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
    ],
    data: { count, concurrency: conc, rounds, pwRounds, oursMs: o, playwrightTestMs: p, startupToFirstRequestMs: st, idealMs: round(ideal), speedup: round(speedup, 2), vsIdeal: round(o.median / ideal, 2), workersLine },
    notes: [
      `Both timed as whole processes (spawn → exit), same Acme process (slow-checkout:${WAIT_MS}), rounds alternate which goes first. Start-up for the ideal is measured in the same runs: spawn → first request Acme receives.`,
    ],
  };
};
