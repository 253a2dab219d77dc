// The bad-input corpus (tests/corpus/cases.ts) through the real CLI: each case's exit code and
// message, and never an "unexpected error", a stack trace or a half-written report.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { inputCases, targetCases, type CorpusCase } from '../corpus/cases.ts';
import { startTarget } from '../corpus/targets.ts';
import { ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'bin/mystery-shopper.mjs');

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

function writeCase(c: CorpusCase): string {
  const dir = tempDir('ms-corpus-');
  for (const [name, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

test.describe('bad input', () => {
  for (const c of inputCases) {
    test(`${c.id}: exit ${c.exit}`, async () => {
      const dir = writeCase(c);
      const { code, output } = await cli(c.args, dir, c.env);
      expect(output, output).toMatch(c.says);
      expect(code, output).toBe(c.exit);
      expect(output).not.toMatch(/unexpected error|\n\s+at .+:\d+:\d+\)?\n/);
      // Bad input is found before anything runs: no report folder.
      if (c.exit === 2) expect(existsSync(join(dir, 'reports')) ? readdirSync(join(dir, 'reports')) : []).toEqual([]);
    });
  }
});

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
