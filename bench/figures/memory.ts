// 4. Memory: peak resident memory of `mystery-shopper run` and all its descendants (the browser)
// with C runs of bench-wait open at once (C runs at concurrency C), sampled from /proc every 100 ms.
import { join } from 'node:path';
import { startAcmeChild } from '../lib/acme.ts';
import type { Figure, Row } from '../lib/figure.ts';
import { sampleTree, type TreeMemory } from '../lib/proctree.ts';
import { recordsUnder } from '../lib/reports.ts';
import { BENCH_CONFIG, CLI, fmt, log, rotate, round, run, summarize } from '../lib/util.ts';

export const memory: Figure = async ({ quick, scratch }) => {
  const levels = quick ? [1, 3] : [1, 10, 25];
  const reps = quick ? 1 : 2;
  const incomplete: string[] = [];
  const peaks = new Map<number, TreeMemory[]>(levels.map((c) => [c, []]));
  const acme = await startAcmeChild('slow-checkout:2000');
  try {
    for (let r = 0; r < reps; r++) {
      for (const c of rotate(levels, r)) {
        const out = join(scratch, `c${c}-r${r}`);
        let sampler: ReturnType<typeof sampleTree> | undefined;
        const res = await run(process.execPath, [CLI, 'run', '--config', BENCH_CONFIG, '--grep', 'bench-wait', '--concurrency', String(c), '--screenshots', 'off', '--base-url', acme.url, '--out', out], {
          env: { ...process.env, BENCH_WAIT_REPEAT: String(c), NO_COLOR: '1' },
          onStart: (child) => (sampler = sampleTree(child.pid!, 100)),
        });
        const peak = sampler!.stop();
        const recs = recordsUnder(out);
        const done = recs.filter((x) => x.status === 'completed').length;
        // The peak counts even when an overloaded machine made runs time out: their contexts were open.
        if (recs.length !== c) throw new Error(`memory: ${recs.length}/${c} runs recorded (exit ${res.code})\n${res.stderr.slice(-2000)}`);
        if (done !== c) incomplete.push(`c=${c}: ${done}/${c} runs completed`);
        peaks.get(c)!.push(peak);
        log(`memory c=${c} rep ${r + 1}/${reps}: peak RSS ${peak.rssMiB.toFixed(0)} MiB, PSS ${peak.pssMiB.toFixed(0)} MiB, ${peak.procs} processes`);
      }
    }
  } finally {
    await acme.close();
  }
  return memoryResult(levels, reps, peaks, incomplete);
};

/** Rows and data from the peaks (exported to rebuild a figure from logged peaks). */
export function memoryResult(levels: number[], reps: number, peaks: Map<number, TreeMemory[]>, incomplete: string[]) {
  const rss = (c: number) => summarize(peaks.get(c)!.map((p) => p.rssMiB));
  const pss = (c: number) => summarize(peaks.get(c)!.map((p) => p.pssMiB));
  const top = levels.at(-1)!;
  const perRun = (rss(top).median - rss(1).median) / (top - 1);
  const perRunPss = (pss(top).median - pss(1).median) / (top - 1);
  const rows: Row[] = levels.map((c) => ({
    figure: `4. Peak memory, concurrency ${c} (harness + browser tree)`,
    ours: `PSS ${fmt(pss(c), 'MiB')}`,
    comparison: `RSS summed per process ${fmt(rss(c), 'MiB')}`,
    ratio: c === 1 ? '—' : `${(pss(c).median / pss(1).median).toFixed(2)}× c=1`,
    target: c === 25 ? '< 2048 MiB' : '—',
    met: c === 25 ? pss(c).median < 2048 : null,
  }));
  rows.push({
    figure: '4. Memory per extra concurrent run',
    ours: `${perRunPss.toFixed(1)} MiB PSS`,
    comparison: `${perRun.toFixed(1)} MiB RSS sum`,
    ratio: '—',
    target: 'report',
    met: null,
  });
  return {
    title: 'Memory',
    rows,
    data: {
      levels,
      reps,
      peaks: Object.fromEntries(levels.map((c) => [c, { rssMiB: rss(c), pssMiB: pss(c), procs: peaks.get(c)!.map((p) => p.procs) }])),
      perExtraRunMiB: { rss: round(perRun), pss: round(perRunPss) },
    },
    notes: [
      ...(incomplete.length ? [`Some runs timed out on the overloaded machine (their contexts were open, so the peak still counts): ${incomplete.join('; ')}.`] : []),
      'Resident memory of a process tree is the pages it holds in RAM, each counted once. PSS (proportional set size, /proc/<pid>/smaps_rollup) gives each process its share of a page it shares, so the sum over the tree is that total; the target is checked against it. RSS summed per process counts every shared page (the Chromium binary, fonts, shared memory) once per process that maps it, so it overstates a multi-process browser several times over; it is shown for comparison.',
    ],
  };
}
