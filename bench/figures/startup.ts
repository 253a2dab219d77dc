// 6. Start-up: `mystery-shopper validate` (default config → scenarios/) spawn → exit, and
// `mystery-shopper run` spawn → the first request the site receives (the journey's first page,
// i.e. its first browser action), both from the compiled package (dist/, as users run it).
// Compared with a bare `node -e 0` and with the hand-written Playwright script (same browser)
// spawn → its first request, measured in the same run.
import { join } from 'node:path';
import { startAcmeChild } from '../lib/acme.ts';
import type { Figure } from '../lib/figure.ts';
import { recordsUnder } from '../lib/reports.ts';
import { BENCH_CONFIG, BENCH_DIR, CLI, fmt, log, rotate, run, summarize } from '../lib/util.ts';

export const startup: Figure = async ({ quick, scratch }) => {
  const reps = quick ? 1 : 7;
  const validate: number[] = [];
  const bare: number[] = [];
  const toFirst: number[] = [];
  const toStartedAt: number[] = [];
  const scriptFirst: number[] = [];
  // What start-up is made of: spawn → exit of node importing one thing (the profile's top items).
  const imports: Record<string, { args: string[]; ms: number[] }> = {
    'node -e 0': { args: ['-e', '0'], ms: [] },
    'import playwright': { args: ['--input-type=module', '-e', "await import('playwright')"], ms: [] },
    'import nodemailer + smtp-server + mailparser': { args: ['--input-type=module', '-e', "await Promise.all(['nodemailer', 'smtp-server', 'mailparser'].map((m) => import(m)))"], ms: [] },
    'import zod + yaml + handlebars + commander': { args: ['--input-type=module', '-e', "await Promise.all(['zod', 'yaml', 'handlebars', 'commander'].map((m) => import(m)))"], ms: [] },
    'import dist/src/cli/main.js (no command)': { args: ['--input-type=module', '-e', "await import('./dist/src/cli/main.js')"], ms: [] },
    'import tsx (esm + cjs api)': { args: ['--input-type=module', '-e', "await Promise.all(['tsx/esm/api', 'tsx/cjs/api'].map((m) => import(m)))"], ms: [] },
  };
  const acme = await startAcmeChild('', true);
  try {
    for (let r = 0; r < reps; r++) {
      for (const kind of rotate(['validate', 'bare', 'run', 'script'], r)) {
        if (kind === 'validate') {
          const res = await run(process.execPath, [CLI, 'validate']);
          if (res.code !== 0) throw new Error(`startup: validate exited ${res.code}: ${res.stderr}`);
          validate.push(res.wallMs);
        } else if (kind === 'bare') {
          bare.push((await run(process.execPath, ['-e', '0'])).wallMs);
        } else if (kind === 'run') {
          const out = join(scratch, `run-${r}`);
          acme.clearRequests();
          const res = await run(process.execPath, [CLI, 'run', '--config', BENCH_CONFIG, '--grep', 'bench-order8', '--screenshots', 'off', '--base-url', acme.url, '--out', out]);
          const rec = recordsUnder(out)[0];
          if (!rec || !acme.requests[0]) throw new Error(`startup: run wrote no record (exit ${res.code}): ${res.stderr}`);
          toFirst.push(acme.requests[0].at - res.spawnedAt);
          toStartedAt.push(Date.parse(rec.startedAt) - res.spawnedAt);
        } else {
          acme.clearRequests();
          const res = await run(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'lib', 'script-cli.ts'), acme.url]);
          if (res.code !== 0 || !acme.requests[0]) throw new Error(`startup: script failed: ${res.stderr}`);
          scriptFirst.push(acme.requests[0].at - res.spawnedAt);
        }
      }
      for (const [name, imp] of Object.entries(imports)) imp.ms.push((await run(process.execPath, imp.args)).wallMs);
      log(`startup rep ${r + 1}/${reps}: validate ${validate.at(-1)!.toFixed(0)} ms, run→first request ${toFirst.at(-1)} ms, script→first request ${scriptFirst.at(-1)} ms`);
    }
  } finally {
    await acme.close();
  }
  const v = summarize(validate);
  const b = summarize(bare);
  const f = summarize(toFirst);
  const s = summarize(scriptFirst);
  return {
    title: 'Start-up',
    rows: [
      { figure: '6. Start-up: `mystery-shopper validate` (scenarios/)', ours: fmt(v, 'ms'), comparison: `bare \`node -e 0\` ${fmt(b, 'ms')}`, ratio: `${(v.median / b.median).toFixed(2)}×`, target: '< 500 ms', met: v.median < 500 },
      { figure: '6. Start-up: `mystery-shopper run` → first browser action (first request at the site)', ours: fmt(f, 'ms'), comparison: `hand-written Playwright script ${fmt(s, 'ms')}; bare \`node -e 0\` ${fmt(b, 'ms')}`, ratio: `${(f.median / s.median).toFixed(2)}× the script`, target: '< 1000 ms', met: f.median < 1000 },
    ],
    data: { reps, importsMs: Object.fromEntries(Object.entries(imports).map(([k, v]) => [k, summarize(v.ms)])), validateMs: v, bareNodeMs: b, runToFirstRequestMs: f, runToRecordStartedAtMs: summarize(toStartedAt), scriptToFirstRequestMs: s },
    notes: [
      `What start-up is made of (spawn → exit, median): ${Object.entries(imports).map(([k, v]) => `${k} ${summarize(v.ms).median.toFixed(0)} ms`).join('; ')}.`,
      `Spawn → exit for validate; spawn → first request Acme logs for run (its journey's start page). The run record's startedAt (browser launched, before its context opens) is ${summarize(toStartedAt).median.toFixed(0)} ms after spawn (median). ${reps} repetitions, kinds interleaved.`,
    ],
  };
};
