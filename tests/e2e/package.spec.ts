// A newcomer's first half hour, as the proof that it works: the packed tarball installed into a
// fresh project (CommonJS, and ESM), `init` against the demo company, `validate`, `run`, and the
// scorecard read back. Nothing of the repository is used from there but the tarball.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';
import { ROOT, tempDir } from './helpers.ts';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command in `cwd`, without blocking this process (it serves the site under audit). */
function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const shown = (r: Result) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

test.describe.configure({ mode: 'serial' });

let tarball: string;
let acme: Acme;
/**
 * better-sqlite3 (the history store) installs a prebuilt binary for the user's Node when it can
 * download one; this machine reaches no download host, so it would compile SQLite for minutes in
 * every fresh project. The binary the repository built is offered as a local prebuild instead
 * (prebuild-install's own `local_prebuilds` setting), as an offline mirror would.
 */
let prebuilds: Record<string, string> = {};

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const packs = tempDir('ms-pack-');
  // `npm pack` builds dist/ first (the `prepare` script), as publishing does.
  const packed = await sh('npm', ['pack', '--pack-destination', packs, '--silent'], ROOT);
  expect(packed.code, shown(packed)).toBe(0);
  tarball = join(packs, readdirSync(packs).find((f) => f.endsWith('.tgz'))!);
  const sqlite = JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string };
  const dir = tempDir('ms-prebuilds-');
  const name = `better-sqlite3-v${sqlite.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const tar = await sh('tar', ['-czf', join(dir, name), '-C', join(ROOT, 'node_modules/better-sqlite3'), 'build/Release/better_sqlite3.node'], ROOT);
  expect(tar.code, shown(tar)).toBe(0);
  prebuilds = { npm_config_better_sqlite3_local_prebuilds: dir };
  acme = await startAcme({ port: 0 });
});

test.afterAll(async () => {
  await acme?.close();
});

for (const kind of ['commonjs', 'module'] as const) {
  test(`a fresh ${kind === 'module' ? 'ESM' : 'CommonJS'} project: npm i the tarball, init, validate, run, read the scorecard, explore`, async () => {
    test.setTimeout(240_000);
    const project = tempDir(`ms-newcomer-${kind}-`);
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'shop-audit', version: '1.0.0', private: true, ...(kind === 'module' && { type: 'module' }) }, null, 2)}\n`,
    );
    // The registry's packages come from npm's cache when they are there (this machine is offline but for it).
    const installed = await sh('npm', ['install', '--save-dev', tarball, '--no-audit', '--no-fund', '--prefer-offline'], project, prebuilds);
    expect(installed.code, shown(installed)).toBe(0);
    const ms = (...args: string[]) => sh('npx', ['--no-install', 'mystery-shopper', ...args], project);

    const init = await ms('init', '--base-url', acme.url);
    expect(init.code, shown(init)).toBe(0);
    for (const file of ['mystery-shopper.config.ts', 'journeys/find-contact.journey.yaml', '.env.example', '.gitignore', '.github/workflows/mystery-shopper.yml']) {
      expect(existsSync(join(project, file)), `init wrote ${file}`).toBe(true);
    }
    // A second init keeps what is there.
    const again = await ms('init', '--base-url', acme.url);
    expect(again.code, shown(again)).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/kept|exists/i);

    // A journey in TypeScript beside the YAML one, importing the package by name like the config does.
    mkdirSync(join(project, 'journeys'), { recursive: true });
    writeFileSync(
      join(project, 'journeys', 'help.journey.ts'),
      [
        "import { defineJourney, type JourneyInput } from 'mystery-shopper';",
        "const topic: string = 'Help centre';",
        'const journey: JourneyInput = {',
        "  id: 'help-topic', name: 'Find the returns policy in the help centre', start: '/',",
        "  steps: [{ name: 'Open help', do: [{ click: { role: 'link', name: 'Help' } }, { expect: { role: 'heading', name: topic } }] }],",
        '};',
        'export default defineJourney(journey);',
        '',
      ].join('\n'),
    );

    // The declarations resolve for the user's TypeScript (an editor or `tsc` checks their config).
    const tsc = await sh(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'mystery-shopper.config.ts', 'journeys/help.journey.ts'],
      project,
    );
    expect(tsc.code, shown(tsc)).toBe(0);

    // The schemas for programs that read what the tool writes, from either module system.
    const reader = await sh(
      process.execPath,
      kind === 'module'
        ? ['--input-type=module', '-e', "import { Config } from 'mystery-shopper/schemas'; console.log(Config.parse({}).patienceMs)"]
        : ['-e', "const { Config } = require('mystery-shopper/schemas'); console.log(Config.parse({}).patienceMs)"],
      project,
    );
    expect(reader.code, shown(reader)).toBe(0);
    expect(reader.stdout).toContain('60000'); // the default patience, parsed by the installed schema
    // The Playwright Test reporter and its `test`, as a user's playwright.config names them.
    const reporter = await sh(
      process.execPath,
      kind === 'module'
        ? ['--input-type=module', '-e', "import Reporter, { test } from 'mystery-shopper/playwright'; console.log(typeof Reporter, typeof test.step)"]
        : ['-e', "const m = require('mystery-shopper/playwright'); console.log(typeof m.default, typeof m.test.step)"],
      project,
    );
    expect(reporter.code, shown(reporter)).toBe(0);
    expect(reporter.stdout.trim()).toBe('function function');

    const validated = await ms('validate');
    expect(validated.code, shown(validated)).toBe(0);
    expect(validated.stdout).toMatch(/OK: 2 journeys/);

    const ran = await ms('run', '--fail-on', 'major');
    expect(ran.code, shown(ran)).toBe(0);
    const scorecard = JSON.parse(readFileSync(join(project, 'reports', 'latest', 'scorecard.json'), 'utf8'));
    expect(scorecard.completeness.complete).toBe(true);
    const journeys = (scorecard.journeys as { id: string }[]).map((j) => j.id).sort();
    expect(journeys).toEqual(['find-contact', 'help-topic']);
    // The example journey found Acme's contact page and its promised response time.
    expect(scorecard.frictionPoints).toEqual([]);
    expect(scorecard.summary.passed).toBe(true);
    expect(existsSync(join(project, 'reports', 'latest', 'index.html'))).toBe(true);
    // The audit is in the history store, and the history command reads it.
    expect(scorecard.history.audits).toHaveLength(1);
    const trends = await ms('history');
    expect(trends.code, shown(trends)).toBe(0);
    // Known by its base URL, whether the config wrote it with a trailing slash or not.
    expect(trends.stdout).toContain(`${acme.url.replace(/\/$/, '')}: 1 audit shown`);

    // explore from the installed package, on a URL alone: the scorecard says how customers reach Acme.
    const explored = await ms('explore', acme.url, '--depth', '1', '--out', 'explored');
    expect(explored.code, shown(explored)).toBe(0);
    const summary = readFileSync(join(project, 'explored', 'latest', 'summary.md'), 'utf8');
    expect(summary).toContain('### How customers reach you');
    expect(summary).toMatch(/\| Phone \| 1 \| Home › [^|]*Contact[^|]* \| yes \|/);
  });
}
