// The bad-input half of the corpus (tests/corpus/cases.ts) through the real CLI: each case's exit
// code and message, and never an "unexpected error", a stack trace or a half-written report.
// Nothing here is timed or starts a browser, so it runs beside another spec (UNTIMED in
// playwright.config.ts); the faulty sites stay in corpus.spec.ts, which counts browsers.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { inputCases } from '../corpus/cases.ts';
import { cli, writeCase } from '../corpus/run-case.ts';

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

