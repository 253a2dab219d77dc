// `run --base-url A --base-url B`: two demo companies audited in turn with the same journeys,
// then compared side by side, through the built CLI as a user runs it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';
import { Comparison } from '../../src/compare/model.ts';
import { BIN, cli } from './cli-process.ts';
import { ONE_PERSONA, ROOT, tempDir } from './helpers.ts';

// One contact journey and the cancel journey (a dead end under `cancel-fails`): two runs a site.
const JOURNEYS = ['scenarios/find-contact.journey.yaml', 'scenarios/order.journey.ts', '--grep', '^(find-contact|cancel-after-submit) '];
const args = (out: string, ...urls: string[]) => ['run', ...JOURNEYS, '--config', ONE_PERSONA, '--concurrency', '1', '--screenshots', 'off', '--out', out, ...urls.flatMap((u) => ['--base-url', u])];

const readComparison = (dir: string) => Comparison.parse(JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')));

let clean: Acme;
let broken: Acme;
test.beforeAll(async () => {
  clean = await startAcme();
  broken = await startAcme({ friction: 'cancel-fails' });
});
test.afterAll(async () => {
  await clean?.close();
  await broken?.close();
});

test('two sites audited in turn: each has its own scorecard, the clean one ranks first, latest is the comparison', async () => {
  const out = tempDir();
  // The broken site is given first: the ranking, not the order given, puts the clean one first.
  const r = await cli(args(out, broken.url, clean.url), ROOT);
  expect(r.stderr).toContain(`Site 1 of 2: ${broken.url}`);
  expect(r.stderr).toContain(`Site 2 of 2: ${clean.url}`);
  // The broken site's dead end fails the whole comparison, as it would fail its own audit.
  expect(r.code, r.stderr).toBe(1);
  const [folder] = readdirSync(out).filter((d) => /^\d{4}-\d{2}-\d{2}T/.test(d));
  const dir = join(out, folder);
  expect(realpathSync(join(out, 'latest'))).toBe(realpathSync(dir));
  const brokenPort = new URL(broken.url).port;
  const cleanPort = new URL(clean.url).port;
  expect(readdirSync(dir).sort()).toEqual([`1-127-0-0-1-${brokenPort}`, `2-127-0-0-1-${cleanPort}`, 'compare.json', 'compare.md', 'index.html']);
  for (const site of [`1-127-0-0-1-${brokenPort}`, `2-127-0-0-1-${cleanPort}`]) {
    for (const file of ['scorecard.json', 'index.html', 'runs.jsonl', 'meta.json']) expect(existsSync(join(dir, site, file)), `${site}/${file}`).toBe(true);
  }
  const brokenCard = JSON.parse(readFileSync(join(dir, `1-127-0-0-1-${brokenPort}`, 'scorecard.json'), 'utf8'));
  expect(brokenCard.target).toBe(broken.url);
  expect(brokenCard.summary.runs.total).toBe(2);
  // Each site's console summary, then the ranking and the comparison's path.
  expect(r.stdout.match(/^Scorecard: /gm)).toHaveLength(2);
  expect(r.stdout).toMatch(/Comparison of 2 sites, ranked:\n {2}1\. 127\.0\.0\.1:\d+/);
  expect(r.stdout).toContain(`Comparison: ${join(dir, 'index.html')}`);

  const cmp = readComparison(dir);
  expect(cmp.stopped).toBeUndefined();
  expect(cmp.sites.map((s) => s.target)).toEqual([clean.url, broken.url]);
  expect(cmp.sites.map((s) => s.label)).toEqual([`127.0.0.1:${cleanPort}`, `127.0.0.1:${brokenPort}`]);
  expect(cmp.sites[0].score).toBeGreaterThan(cmp.sites[1].score);
  expect(cmp.sites[1].frictionPoints.critical).toBeGreaterThan(0);
  expect(cmp.sites.map((s) => s.report)).toEqual([`./2-127-0-0-1-${cleanPort}/index.html`, `./1-127-0-0-1-${brokenPort}/index.html`]);
  const cancel = cmp.rows.find((row) => row.section === 'Journey: Cancel the order right after placing it' && row.label === 'Runs completed');
  expect(cancel?.cells.map((c) => [c.text, c.best])).toEqual([
    ['1/1', true],
    ['0/1', false],
  ]);
  expect(cmp.rows.some((row) => row.section === 'Journey: Find an email address and the promised response time')).toBe(true);

  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const md = readFileSync(join(dir, 'compare.md'), 'utf8');
  for (const text of [html, md]) {
    expect(text).toContain(`127.0.0.1:${cleanPort}`);
    expect(text).toContain(`127.0.0.1:${brokenPort}`);
  }
  expect(html).toContain(`href="./2-127-0-0-1-${cleanPort}/index.html"`);
});

test('Ctrl-C during the first site: its runs so far are compared, the second is not audited, exit 130', async () => {
  const out = tempDir();
  const child = spawn(process.execPath, [BIN, ...args(out, clean.url, broken.url)], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    // After the first run of the first site.
    if (!sent && /^[✓✗!] /m.test(stderr)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr).toBe(130);
  expect(stderr).not.toContain('Site 2 of 2');
  const [folder] = readdirSync(out).filter((d) => /^\d{4}-\d{2}-\d{2}T/.test(d));
  const dir = join(out, folder);
  const cmp = readComparison(dir);
  expect(cmp.sites).toHaveLength(1);
  expect(cmp.sites[0]).toMatchObject({ target: clean.url, complete: false, passed: false });
  expect(cmp.stopped).toEqual({ reason: 'stopped by Ctrl-C (SIGINT)', notAudited: [broken.url] });
  expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('INCOMPLETE');
  expect(stdout).toContain('INCOMPLETE: stopped by Ctrl-C (SIGINT); not audited: ');
});

test('a base URL that is not a URL: exit 2 before anything runs, nothing written', async () => {
  const out = tempDir();
  const r = await cli(args(join(out, 'reports'), clean.url, 'not a url'), ROOT);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('the base URL is not a URL: not a url');
  expect(existsSync(join(out, 'reports'))).toBe(false);
});
