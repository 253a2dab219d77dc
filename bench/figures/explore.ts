// 7. Explore: `mystery-shopper explore` of the demo company at 60 pages (its default limit), as
// users run it (the compiled CLI, zero config, screenshots of every page, axe-core once per page,
// Web Vitals, the six self-service searches), spawn → exit, with the peak memory of the process
// tree (harness + browser). Compared, in the same rounds, with the same crawl with page health and
// screenshots off, to show what page health and evidence cost.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAcmeChild } from '../lib/acme.ts';
import type { Figure, Row } from '../lib/figure.ts';
import { sampleTree, type TreeSample } from '../lib/proctree.ts';
import { recordsUnder } from '../lib/reports.ts';
import { CLI, fmt, log, rotate, run, summarize } from '../lib/util.ts';

const PAGES = 60;

export const explore: Figure = async ({ quick, scratch }) => {
  const reps = quick ? 1 : 3;
  const kinds = ['full', 'bare'] as const;
  const wall: Record<(typeof kinds)[number], number[]> = { full: [], bare: [] };
  const peaks: Record<(typeof kinds)[number], TreeSample[]> = { full: [], bare: [] };
  const visited: number[] = [];
  // Zero config for the full crawl; the bare one turns page health and screenshots off.
  const fullDir = join(scratch, 'full');
  const bareDir = join(scratch, 'bare');
  mkdirSync(fullDir, { recursive: true });
  mkdirSync(bareDir, { recursive: true });
  writeFileSync(join(bareDir, 'mystery-shopper.config.json'), JSON.stringify({ screenshots: 'off', pageHealth: { vitals: false, accessibility: false } }));
  const acme = await startAcmeChild('');
  try {
    for (let r = 0; r < reps; r++) {
      for (const kind of rotate([...kinds], r)) {
        const cwd = kind === 'full' ? fullDir : bareDir;
        const out = join(cwd, `r${r}`);
        let sampler: ReturnType<typeof sampleTree> | undefined;
        const res = await run(process.execPath, [CLI, 'explore', acme.url, '--max-pages', String(PAGES), '--out', out], {
          cwd,
          env: { ...process.env, NO_COLOR: '1' },
          onStart: (child) => (sampler = sampleTree(child.pid!, 100)),
        });
        const peak = sampler!.stop();
        if (res.code !== 0 && res.code !== 1) throw new Error(`explore exited ${res.code}: ${res.stderr.slice(-2000)}`);
        const [record] = recordsUnder(out);
        const pages = (record.channels?.site?.pages.length ?? 0);
        if (kind === 'full') visited.push(pages);
        wall[kind].push(res.wallMs);
        peaks[kind].push(peak);
        log(`explore ${kind} round ${r + 1}/${reps}: ${pages} pages in ${(res.wallMs / 1000).toFixed(1)} s, peak PSS ${peak.pssMiB.toFixed(0)} MiB`);
      }
    }
  } finally {
    await acme.close();
  }
  const full = summarize(wall.full);
  const bare = summarize(wall.bare);
  const pages = summarize(visited);
  const pss = (k: (typeof kinds)[number]) => summarize(peaks[k].map((p) => p.pssMiB));
  const perPage = full.median / pages.median;
  const rows: Row[] = [
    {
      figure: `7. Explore the demo company, ${PAGES}-page limit (zero config: screenshots, axe-core, Web Vitals, 6 searches), spawn → exit`,
      ours: `${fmt(full, 'ms')}; ${pages.median} pages (${Math.round(perPage)} ms a page)`,
      comparison: `page health and screenshots off ${fmt(bare, 'ms')}`,
      ratio: `${(full.median / bare.median).toFixed(2)}× the bare crawl`,
      target: 'report',
      met: null,
    },
    {
      figure: '7. Explore, peak memory (harness + browser tree)',
      ours: `PSS ${fmt(pss('full'), 'MiB')}`,
      comparison: `bare crawl PSS ${fmt(pss('bare'), 'MiB')}`,
      ratio: `${(pss('full').median / pss('bare').median).toFixed(2)}×`,
      target: 'report',
      met: null,
    },
  ];
  return {
    title: 'Explore (60 pages of the demo company)',
    rows,
    data: { wallMs: wall, pssMiB: { full: peaks.full.map((p) => p.pssMiB), bare: peaks.bare.map((p) => p.pssMiB) }, pages: visited },
    notes: [
      `${reps} rounds, the two crawls interleaved (order rotated each round) against one Acme process; each is the compiled CLI spawned in its own folder (no config for the full crawl), timed spawn → exit.`,
      'Memory: PSS of the process tree sampled every 100 ms (see the memory figure for why PSS).',
    ],
  };
};
