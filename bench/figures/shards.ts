// 8. Shards: the cost of the split. N runs of the order journey (`journeys/wait.journey.ts`, a 2 s
// checkout: slow-checkout:2000) by `mystery-shopper run --shard 1/2` and `--shard 2/2` started at
// once on this machine, each at half the concurrency, then `mystery-shopper merge` of the two
// folders, against one `mystery-shopper run` of the same N runs at the whole concurrency. All
// spawn → exit from the compiled CLI; rounds alternate which side goes first. The CPU time of each
// side's process trees (sampled from /proc) shows what a second Node process and browser cost.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAcmeChild } from '../lib/acme.ts';
import type { Figure } from '../lib/figure.ts';
import { sampleTree, type TreeSample } from '../lib/proctree.ts';
import { recordsUnder } from '../lib/reports.ts';
import { BENCH_CONFIG, CLI, fmt, log, run, summarize, type Done } from '../lib/util.ts';

const JOURNEY = 'bench-wait';

export const shards: Figure = async ({ quick, scratch }) => {
  const count = quick ? 4 : 16;
  const conc = quick ? 2 : 4;
  const rounds = quick ? 1 : 3;
  const m = { one: [] as number[], split: [] as number[], shardsOnly: [] as number[], merge: [] as number[], oneCpu: [] as number[], splitCpu: [] as number[], onePss: [] as number[], splitPss: [] as number[] };
  const env = { ...process.env, BENCH_WAIT_REPEAT: String(count), NO_COLOR: '1' };
  const acme = await startAcmeChild('slow-checkout:2000');
  /** One `run` as its own process, sampled; resolves with its exit and its tree's CPU and peak memory. */
  const audit = async (out: string, concurrency: number, extra: string[] = []): Promise<Done & { tree: TreeSample }> => {
    let sampler: ReturnType<typeof sampleTree> | undefined;
    const res = await run(process.execPath, [CLI, 'run', '--config', BENCH_CONFIG, '--grep', `^${JOURNEY} `, '--concurrency', String(concurrency), '--screenshots', 'off', '--base-url', acme.url, '--out', out, ...extra], {
      env,
      onStart: (child) => (sampler = sampleTree(child.pid!, 200)),
    });
    return { ...res, tree: sampler!.stop() };
  };
  const completed = (out: string) => recordsUnder(out).filter((r) => r.status === 'completed').length;
  try {
    for (let r = 0; r < rounds; r++) {
      for (const side of r % 2 === 0 ? ['split', 'one'] : ['one', 'split']) {
        if (side === 'one') {
          const out = join(scratch, `one-${r}`);
          const res = await audit(out, conc);
          if (completed(out) !== count) throw new Error(`shards: one process completed ${completed(out)}/${count} runs (exit ${res.code})\n${res.stderr.slice(-2000)}`);
          m.one.push(res.wallMs);
          m.oneCpu.push(res.tree.cpuMs);
          m.onePss.push(res.tree.pssMiB);
          log(`shards round ${r + 1}/${rounds}: one process ${res.wallMs.toFixed(0)} ms (CPU ${res.tree.cpuMs} ms)`);
        } else {
          const outs = [1, 2].map((i) => join(scratch, `shard-${r}-${i}`));
          const t0 = performance.now();
          const both = await Promise.all(outs.map((out, i) => audit(out, conc / 2, ['--shard', `${i + 1}/2`])));
          const shardsMs = performance.now() - t0;
          const dirs = outs.map((out) => join(out, readdirSync(out).find((d) => /^\d{4}-/.test(d))!));
          const mergedOut = join(scratch, `merged-${r}`);
          let sampler: ReturnType<typeof sampleTree> | undefined;
          const merged = await run(process.execPath, [CLI, 'merge', ...dirs, '--out', mergedOut], { env, onStart: (child) => (sampler = sampleTree(child.pid!, 200)) });
          const mergeTree = sampler!.stop();
          const mergedDir = join(mergedOut, readdirSync(mergedOut).find((d) => /^\d{4}-/.test(d))!);
          const card = JSON.parse(readFileSync(join(mergedDir, 'scorecard.json'), 'utf8'));
          if (merged.code === 2 || !card.completeness.complete || card.summary.runs.completed !== count) {
            throw new Error(`shards: the merge of the 2 shards has ${card.summary.runs.completed}/${count} completed runs (exit ${merged.code}, shards exited ${both.map((b) => b.code).join(', ')})\n${merged.stderr.slice(-2000)}`);
          }
          m.shardsOnly.push(shardsMs);
          m.merge.push(merged.wallMs);
          m.split.push(shardsMs + merged.wallMs);
          m.splitCpu.push(both[0].tree.cpuMs + both[1].tree.cpuMs + mergeTree.cpuMs);
          m.splitPss.push(both[0].tree.pssMiB + both[1].tree.pssMiB);
          log(`shards round ${r + 1}/${rounds}: 2 shards ${shardsMs.toFixed(0)} ms + merge ${merged.wallMs.toFixed(0)} ms (CPU ${m.splitCpu.at(-1)} ms)`);
        }
      }
    }
  } finally {
    await acme.close();
  }
  const one = summarize(m.one);
  const split = summarize(m.split);
  const merge = summarize(m.merge);
  const shardsOnly = summarize(m.shardsOnly);
  const oneCpu = summarize(m.oneCpu);
  const splitCpu = summarize(m.splitCpu);
  const onePss = summarize(m.onePss);
  const splitPss = summarize(m.splitPss);
  return {
    title: 'Shards',
    rows: [
      {
        figure: `8. Shards: 2 shards at once on this machine (--shard 1/2 and 2/2, concurrency ${conc / 2} each) + merge vs one process (concurrency ${conc}), ${count} order runs with a 2 s checkout, spawn → exit`,
        ours: fmt(split, 'ms'),
        comparison: `one process ${fmt(one, 'ms')}`,
        ratio: `${(split.median / one.median).toFixed(2)}×`,
        target: '—',
        met: null,
      },
      { figure: '8. Shards: `merge` of the 2 shard folders, spawn → exit', ours: fmt(merge, 'ms'), comparison: `the 2 shards alone ${fmt(shardsOnly, 'ms')}`, ratio: '—', target: '—', met: null },
      { figure: '8. Shards: CPU time of the process trees (2 shards + merge vs one process)', ours: fmt(splitCpu, 'ms'), comparison: `one process ${fmt(oneCpu, 'ms')}`, ratio: `${(splitCpu.median / oneCpu.median).toFixed(2)}×`, target: '—', met: null },
      { figure: '8. Shards: peak PSS (the 2 shards\' peaks added vs one process)', ours: fmt(splitPss, 'MiB'), comparison: `one process ${fmt(onePss, 'MiB')}`, ratio: `${(splitPss.median / onePss.median).toFixed(2)}×`, target: '—', met: null },
    ],
    data: { count, concurrency: conc, rounds, oneMs: one, splitMs: split, shardsOnlyMs: shardsOnly, mergeMs: merge, oneCpuMs: oneCpu, splitCpuMs: splitCpu, onePssMiB: onePss, splitPssMiB: splitPss },
    notes: [
      `${count} runs of \`${JOURNEY}\` against Acme with slow-checkout:2000, screenshots off; ${rounds} round(s), the sides alternating which goes first. "2 shards + merge" is from spawning both shards to the merge's exit (the shards run at once, each at concurrency ${conc / 2}; the merge starts when both have exited).`,
      'CPU: user + system time summed over every process of each tree (Node, Chromium and its renderers), sampled every 200 ms (a lower bound). Peak PSS of the two shards is the sum of each one\'s peak, an upper bound of their peak together.',
      'On one 2-core machine splitting buys nothing: the same runs share the same cores, and each shard pays for its own Node process and browser. Shards pay off on separate machines (CI matrix jobs), where the shards\' wall times overlap and the merge is the only added step.',
    ],
  };
};
