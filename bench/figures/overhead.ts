// 2. Harness overhead: bench-order8 by mystery-shopper (runAudit in this process: browser launch →
// report written) against the same actions written by hand with Playwright (launch → close), in
// the same browser. Interleaved: each round runs ours (screenshots off), the script, and ours
// with screenshots on, in an order rotated every round.
import { startAcmeChild } from '../lib/acme.ts';
import { auditOnce } from '../lib/audit.ts';
import type { Figure, Row } from '../lib/figure.ts';
import { scriptOrder8 } from '../lib/script-order8.ts';
import { fmt, log, rotate, round, summarize } from '../lib/util.ts';

type Kind = 'ours' | 'script' | 'oursShots';

export const overhead: Figure = async ({ quick, scratch }) => {
  const rounds = quick ? 1 : 10;
  const wall: Record<Kind, number[]> = { ours: [], script: [], oursShots: [] };
  const journey: Record<Kind, number[]> = { ours: [], script: [], oursShots: [] };
  const acme = await startAcmeChild();
  try {
    // One untimed warm-up of each (first launch of the browser reads it from disk).
    await scriptOrder8(acme.url);
    await auditOnce({ baseURL: acme.url, grep: 'bench-order8', out: scratch });
    for (let r = 0; r < rounds; r++) {
      for (const kind of rotate<Kind>(['ours', 'script', 'oursShots'], r)) {
        if (kind === 'script') {
          const res = await scriptOrder8(acme.url);
          wall.script.push(res.wallMs);
          journey.script.push(res.journeyMs);
        } else {
          const res = await auditOnce({ baseURL: acme.url, grep: 'bench-order8', screenshots: kind === 'ours' ? 'off' : 'each', out: scratch });
          const rec = res.records[0];
          if (rec?.status !== 'completed') throw new Error(`overhead: our run did not complete: ${rec?.stoppedAt?.reason}`);
          wall[kind].push(res.wallMs);
          // Wall time of the journey as the harness lived it: customer clock plus harness time.
          journey[kind].push(rec.durationMs + rec.steps.reduce((a, s) => a + s.harnessMs, 0));
        }
      }
      log(`overhead round ${r + 1}/${rounds}: ours ${wall.ours.at(-1)!.toFixed(0)} ms, script ${wall.script.at(-1)!.toFixed(0)} ms, ours+shots ${wall.oursShots.at(-1)!.toFixed(0)} ms`);
    }
  } finally {
    await acme.close();
  }
  const s = (xs: number[]) => summarize(xs);
  const ratio = (a: number[], b: number[]) => s(a).median / s(b).median;
  const pairRatios = (a: number[], b: number[]) => summarize(a.map((x, i) => x / b[i]));
  const rows: Row[] = [
    {
      figure: '2. Harness overhead, screenshots off (wall: launch → report written vs launch → close)',
      ours: fmt(s(wall.ours), 'ms'),
      comparison: `hand-written Playwright ${fmt(s(wall.script), 'ms')}`,
      ratio: `${ratio(wall.ours, wall.script).toFixed(3)} (per-round ${fmt(pairRatios(wall.ours, wall.script), '', 2)})`,
      target: '≤ 1.15',
      met: ratio(wall.ours, wall.script) <= 1.15,
    },
    {
      figure: '2. Harness overhead, screenshots each step (wall)',
      ours: fmt(s(wall.oursShots), 'ms'),
      comparison: `hand-written Playwright ${fmt(s(wall.script), 'ms')}`,
      ratio: ratio(wall.oursShots, wall.script).toFixed(3),
      target: 'report',
      met: null,
    },
    {
      figure: '2. Journey only (page open → last step), screenshots off',
      ours: fmt(s(journey.ours), 'ms'),
      comparison: `hand-written ${fmt(s(journey.script), 'ms')}`,
      ratio: ratio(journey.ours, journey.script).toFixed(3),
      target: 'report',
      met: null,
    },
    {
      figure: '2. Journey only, screenshots each step',
      ours: fmt(s(journey.oursShots), 'ms'),
      comparison: `hand-written ${fmt(s(journey.script), 'ms')}`,
      ratio: ratio(journey.oursShots, journey.script).toFixed(3),
      target: 'report',
      met: null,
    },
  ];
  return {
    title: 'Harness overhead (8-step journey)',
    rows,
    data: {
      rounds,
      wallMs: { ours: s(wall.ours), script: s(wall.script), oursScreenshots: s(wall.oursShots) },
      journeyMs: { ours: s(journey.ours), script: s(journey.script), oursScreenshots: s(journey.oursShots) },
      ratio: round(ratio(wall.ours, wall.script), 3),
      ratioScreenshots: round(ratio(wall.oursShots, wall.script), 3),
    },
    notes: [
      `${rounds} rounds after one untimed warm-up of each; each round runs ours (screenshots off), the hand-written script and ours with screenshots in a rotated order. Ours is runAudit() in this process (config + journey loading, browser launch, run, analysis, 4 report files); the script launches the same Chromium with the same flags.`,
    ],
  };
};
