// The faulty sites and interruptions of the corpus (tests/corpus/) through the real CLI; the bad
// input is corpus-input.spec.ts. Runs alone: it counts the browsers the CLI leaves behind.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { inputCases, targetCases } from '../corpus/cases.ts';
import { BIN, cli, writeCase } from '../corpus/run-case.ts';
import { startTarget } from '../corpus/targets.ts';

test('the corpus is big enough to mean something', () => {
  const all = [...inputCases, ...targetCases];
  expect(all.length).toBeGreaterThanOrEqual(60);
  expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
});

test.describe('faulty sites', () => {
  for (const c of targetCases) {
    test(`${c.id}: exit ${c.exit}, a scorecard whatever the site does`, async () => {
      const dir = writeCase(c);
      const target = await startTarget(c.target!);
      try {
        const { code, output } = await cli([...c.args, '--base-url', target.url], dir, c.env);
        expect(output, output).toMatch(c.says);
        expect(code, output).toBe(c.exit);
        expect(output).not.toMatch(/unexpected error|\n\s+at .+:\d+:\d+\)?\n/);
        expect(existsSync(join(dir, 'reports/latest/index.html')), output).toBe(true);
        expect(existsSync(join(dir, 'reports/latest/runs.jsonl'))).toBe(true);
      } finally {
        await target.close();
      }
    });
  }
});

/** Browser processes alive now (headless shell or full Chromium), by pid. */
function browserPids(): Set<number> {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return new Set(
    out
      .split('\n')
      .filter((l) => /chrom(e|ium)|headless_shell/i.test(l) && !/ps -eo/.test(l))
      .map((l) => Number(l.trim().split(/\s+/)[0]))
      .filter((n) => n > 0),
  );
}

test.describe('interruptions', () => {
  // Eight runs that each wait 2 s for what never comes, two at a time: time enough to interrupt.
  const SLOW = `id: slow
name: Wait for what never comes
start: /
repeat: 8
steps:
  - name: Wait
    expect: { text: Never, patience: 2000 }
`;
  for (const [signal, exit] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGKILL', null],
  ] as const) {
    test(`${signal} mid-run: finished runs kept whole, no browser left, report DIR says INCOMPLETE`, async () => {
      const dir = writeCase({ id: signal, files: { 'slow.journey.yaml': SLOW, 'mystery-shopper.config.json': '{"journeys": ["."], "concurrency": 2, "screenshots": "off"}' }, args: [], exit: 0, says: /./ });
      const target = await startTarget('ok');
      const before = browserPids();
      try {
        const child = spawn(process.execPath, [BIN, 'run', '--base-url', target.url, '--out', 'reports'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
        let output = '';
        let sent = false;
        const onData = (c: Buffer) => {
          output += c.toString();
          if (!sent && /^[✓✗] /m.test(output)) {
            sent = true;
            child.kill(signal);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
        expect(sent, output).toBe(true);
        expect(code, output).toBe(exit);
        // Every line of runs.jsonl is a whole record.
        const [folder] = readdirSync(join(dir, 'reports')).filter((d) => /^\d{4}-\d{2}-\d{2}T/.test(d));
        const lines = readFileSync(join(dir, 'reports', folder, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean);
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.length).toBeLessThan(8);
        for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
        // The browser went with the audit (give a killed one's Chromium a moment to notice).
        await expect.poll(() => [...browserPids()].filter((p) => !before.has(p)), { timeout: 10_000 }).toEqual([]);
        const rebuilt = await cli(['report', join('reports', folder)], dir);
        expect(rebuilt.code, rebuilt.output).toBe(1);
        expect(rebuilt.output).toMatch(new RegExp(`INCOMPLETE.*${lines.length} of 8 runs`, 's'));
        expect(rebuilt.output).not.toMatch(/\bPASS\b/);
      } finally {
        await target.close();
      }
    });
  }
});
