// `init` as a newcomer runs it: the real CLI in a fresh folder, real files, and the journey it
// writes run unchanged against the demo company and against a site shaped unlike it.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { startAcme } from '../../fixtures/acme/server.ts';
import { cli } from './cli-process.ts';
import { ROOT, serveHttp, tempDir } from './helpers.ts';

const FILES = ['mystery-shopper.config.ts', 'journeys/find-contact.journey.yaml', '.env.example', '.gitignore', '.github/workflows/mystery-shopper.yml'];


/** As after `npm i -D mystery-shopper`: the config's import resolves to this repository (the pack test covers a real install). */
function install(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules/mystery-shopper'), 'dir');
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

interface Point {
  ruleId: string;
  stepName?: string;
  severity: string;
  title: string;
}

/** Runs the audit as the user would after init, and returns what the scorecard says. */
async function audit(dir: string, args: string[] = []) {
  const r = await cli(['run', '--screenshots', 'off', '--out', 'reports', ...args], dir);
  const scorecard = JSON.parse(read(dir, 'reports/latest/scorecard.json'));
  const points = (scorecard.frictionPoints as Point[]).map((p) => ({ rule: p.ruleId, step: p.stepName, severity: p.severity, title: p.title }));
  return { ...r, runs: scorecard.summary.runs, points };
}

test('in an empty folder: every file written, the config and journey validate, the workflow publishes the report', async () => {
  const dir = tempDir('ms-init-');
  const r = await cli(['init', '--base-url', 'https://shop.example.com'], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  for (const file of FILES) {
    expect(existsSync(join(dir, file)), file).toBe(true);
    expect(r.stdout).toContain(`wrote       ${file}`);
  }
  // No package.json: the user is told to make one and install the tool the config imports.
  expect(r.stdout).toContain('npm init -y && npm i -D mystery-shopper');
  expect(r.stdout).toContain('npx mystery-shopper validate');

  expect(read(dir, 'mystery-shopper.config.ts')).toContain("baseURL: 'https://shop.example.com/'");
  expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['reports/', '.env', 'node_modules/']));
  expect(read(dir, '.env.example')).toMatch(/^SHOPPER_EMAIL=/m);

  install(dir);
  // The editor's schema line points at the schema the installed package ships.
  const schemaLine = read(dir, 'journeys/find-contact.journey.yaml').split('\n')[0];
  const schemaPath = /^# yaml-language-server: \$schema=(.+)$/.exec(schemaLine)?.[1];
  expect(schemaPath).toBeTruthy();
  expect(JSON.parse(readFileSync(join(dir, 'journeys', schemaPath!), 'utf8')).title).toBe('mystery-shopper journey');

  const v = await cli(['validate'], dir);
  expect(v.stderr).toBe('');
  expect(v.stdout).toContain('OK: 1 journey, 1 planned run');
  expect(v.code).toBe(0);

  // The nightly workflow: schedule; shards that run at once, each keeping its report folder; a
  // merge job whose exit code is the audit's, publishing the merged report whatever happened.
  const wf = parse(read(dir, '.github/workflows/mystery-shopper.yml'));
  expect(wf.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
  expect(wf.on).toHaveProperty('workflow_dispatch');
  type Step = { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, unknown>; 'continue-on-error'?: boolean };
  const audit: { strategy: { 'fail-fast': boolean; matrix: { shard: number[] } }; steps: Step[] } = wf.jobs.audit;
  expect(audit.strategy['fail-fast']).toBe(false);
  expect(audit.strategy.matrix.shard).toEqual([1, 2]);
  const shardRun = 'npx mystery-shopper run --fail-on major --shard ${{ matrix.shard }}/${{ strategy.job-total }} --out shard';
  expect(audit.steps.map((s) => s.run).filter(Boolean)).toEqual(expect.arrayContaining(['npm ci', 'npx playwright install --with-deps chromium', shardRun]));
  // A shard's findings do not fail its job (the merged scorecard judges); its report is kept whatever happened.
  expect(audit.steps.find((s) => s.run === shardRun)?.['continue-on-error']).toBe(true);
  const afterShard = audit.steps.slice(audit.steps.findIndex((s) => s.run === shardRun) + 1);
  expect(afterShard.every((s) => s.if?.startsWith('always()'))).toBe(true);
  expect(afterShard.find((s) => s.run?.includes('readlink -f shard/latest'))).toBeTruthy();
  const kept = afterShard.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  expect(kept?.with?.name).toBe('mystery-shopper-shard-${{ matrix.shard }}');

  const scorecard: { needs: string; if: string; steps: Step[] } = wf.jobs.scorecard;
  expect(scorecard.needs).toBe('audit');
  expect(scorecard.if).toContain('!cancelled()');
  expect(scorecard.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))?.with).toEqual({ pattern: 'mystery-shopper-shard-*', path: 'shards' });
  const mergeRun = 'npx mystery-shopper merge shards/* --fail-on major';
  expect(scorecard.steps.map((s) => s.run)).toContain(mergeRun);
  const after = scorecard.steps.slice(scorecard.steps.findIndex((s) => s.run === mergeRun) + 1);
  expect(after.length).toBeGreaterThan(0);
  expect(after.every((s) => s.if?.startsWith('always()'))).toBe(true);
  expect(after.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))?.run).toContain('reports/latest/summary.md');
  expect(after.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with?.name).toBe('mystery-shopper-report');
  expect(String(after.find((s) => s.uses?.startsWith('mikepenz/action-junit-report@'))?.with?.report_paths)).toMatch(/\/junit\.xml$/);
});

test('without --base-url: the config says where to set it, validate passes, run asks for one', async () => {
  const dir = tempDir('ms-init-');
  const r = await cli(['init'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('No --base-url given: set baseURL in mystery-shopper.config.ts');
  expect(read(dir, 'mystery-shopper.config.ts')).toMatch(/^\s*\/\/ baseURL: /m);
  install(dir);
  expect((await cli(['validate'], dir)).code).toBe(0);
  const run = await cli(['run'], dir);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('no base URL: pass --base-url, set baseURL in the config, or set MYSTERY_SHOPPER_BASE_URL');
});

test('in an existing project: files kept unless --force, .gitignore lines appended once, another config kept', async () => {
  const dir = tempDir('ms-init-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop', devDependencies: { 'mystery-shopper': '^0.1.0' } }));
  const ignore = 'node_modules\n/reports\n';
  writeFileSync(join(dir, '.gitignore'), ignore);

  const first = await cli(['init', '--base-url', 'http://127.0.0.1:9/'], dir);
  expect(first.code).toBe(0);
  // `/reports` already ignores the reports: only .env is added, below the user's lines.
  expect(read(dir, '.gitignore')).toBe(`${ignore}\n# mystery-shopper: audit reports, and the .env that holds secrets\n.env\n`);
  expect(first.stdout).toContain('appended to .gitignore: .env (the rest of the file is as it was)');
  expect(first.stdout).not.toContain('npm i -D');

  writeFileSync(join(dir, 'mystery-shopper.config.ts'), '// mine\n');
  const again = await cli(['init', '--base-url', 'https://other.example.com'], dir);
  expect(again.code).toBe(0);
  for (const file of FILES.filter((f) => f !== '.gitignore')) expect(again.stdout).toContain(`kept        ${file} (exists: use --force to overwrite)`);
  expect(again.stdout).toContain('unchanged   .gitignore (already ignores reports/ and .env)');
  expect(read(dir, 'mystery-shopper.config.ts')).toBe('// mine\n');

  const forced = await cli(['init', '--base-url', 'https://other.example.com', '--force'], dir);
  expect(forced.code).toBe(0);
  for (const file of FILES.filter((f) => f !== '.gitignore')) expect(forced.stdout).toContain(`overwrote   ${file}`);
  expect(read(dir, 'mystery-shopper.config.ts')).toContain("baseURL: 'https://other.example.com/'");
  expect(read(dir, '.gitignore').match(/^\.env$/gm)).toHaveLength(1);

  // A folder inside the project: created, and the project's package.json above it counts.
  const sub = await cli(['init', '--dir', 'audit'], dir);
  expect(sub.code).toBe(0);
  expect(existsSync(join(dir, 'audit/journeys/find-contact.journey.yaml'))).toBe(true);
  expect(sub.stdout).toContain('1. cd audit\n');
  expect(sub.stdout).not.toContain('npm i -D');

  // A project whose config is a .js file keeps it: a .ts config beside it would take its place.
  const js = tempDir('ms-init-');
  writeFileSync(join(js, 'mystery-shopper.config.js'), 'export default {};\n');
  const withJs = await cli(['init', '--force'], js);
  expect(withJs.code).toBe(0);
  expect(withJs.stdout).toContain("kept        mystery-shopper.config.ts (not written: mystery-shopper.config.js is this project's config)");
  expect(existsSync(join(js, 'mystery-shopper.config.ts'))).toBe(false);
});

test('bad flags: exit 2 with what was expected, no stack trace, nothing written', async () => {
  const dir = tempDir('ms-init-');
  writeFileSync(join(dir, 'a-file'), '');
  for (const [args, message] of [
    [['--base-url', 'shop.example.com'], '--base-url expects the address of the site to audit, such as https://shop.example.com, got "shop.example.com"'],
    [['--base-url', 'ftp://shop.example.com'], '--base-url expects an http:// or https:// address, got "ftp://shop.example.com"'],
    [['--base-url', 'https://me:hunter2@shop.example.com'], '--base-url has a user name or password in it'],
    [['--dir', 'a-file'], '--dir is a file, not a folder'],
  ] as const) {
    const r = await cli(['init', ...args], dir);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }
  expect(readdirSync(dir)).toEqual(['a-file']);
});

test('the journey it writes, unchanged, finds Acme\'s contact page and response time; without a promise it is a finding', async () => {
  const acme = await startAcme();
  const quiet = await startAcme({ friction: 'no-response-time' });
  const dir = tempDir('ms-init-');
  try {
    expect((await cli(['init', '--base-url', acme.url], dir)).code).toBe(0);
    install(dir);
    const ok = await audit(dir);
    expect(ok.stderr).toContain('✓ find-contact/customer/1');
    expect(ok.runs).toMatchObject({ total: 1, completed: 1 });
    expect(ok.points).toEqual([]);
    expect(ok.code).toBe(0);

    const none = await audit(dir, ['--base-url', quiet.url]);
    expect(none.runs).toMatchObject({ total: 1, completed: 1 });
    expect(none.points).toEqual([{ rule: 'no-promised-timeframe', step: 'Find the promised response time', severity: 'minor', title: 'No promised response time' }]);
    expect(none.code).toBe(0);
  } finally {
    await acme.close();
    await quiet.close();
  }
});

/**
 * A shop that is not Acme: no "Contact" anywhere, a "Customer Service" link in the footer, and a
 * help page drawn by script after a fetch. `promise` and `phone` take its two answers away.
 */
async function startOtherShop(): Promise<{ url: string; shop: { promise: boolean; phone: boolean }; close(): Promise<void> }> {
  const shop = { promise: true, phone: true };
  const layout = (title: string, main: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Northwind Outfitters</title></head>
<body><header><a href="/">Northwind</a><nav><a href="/products">Products</a> <a href="/stores">Stores</a> <a href="/story">Our story</a> <button type="button">Search</button></nav></header>
<main>${main}</main>
<footer><section><h2>Shop with us</h2><a href="/shipping">Shipping</a> <a href="/returns">Returns &amp; refunds</a> <a href="/help/customer-service">Customer Service</a></section>
<section><h2>Company</h2><a href="/careers">Careers</a> <a href="/privacy">Privacy</a></section><p>© Northwind Outfitters</p></footer></body></html>`;
  const server = await serveHttp((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/') {
      return send(200, 'text/html', layout('Outdoor gear', '<h1>Gear for every trail</h1><form><label>Newsletter <input type="email" name="email"></label><button>Subscribe</button></form>'));
    }
    if (path === '/help/customer-service') {
      return send(200, 'text/html', layout('Customer Service', '<div id="app"><p>Loading…</p></div><script src="/help.js"></script>'));
    }
    if (path === '/help.js') {
      return send(
        200,
        'text/javascript',
        `setTimeout(async () => {
  const help = await (await fetch('/api/help')).json();
  const app = document.getElementById('app');
  app.innerHTML = '<h1>How can we help?</h1>';
  for (const line of help.lines) { const p = document.createElement('p'); p.textContent = line; app.append(p); }
  app.insertAdjacentHTML('beforeend', '<form><label>Your question <textarea></textarea></label><button>Send</button></form>');
}, 400);`,
      );
    }
    if (path === '/api/help') {
      const lines = [
        shop.phone ? 'Call us on 0800 123 4567, Monday to Friday 8am–6pm.' : 'Use the form below to ask us anything.',
        shop.promise ? 'Send us a message and we reply within 2 business days.' : 'Send us a message and we will get back to you.',
      ];
      return send(200, 'application/json', JSON.stringify({ lines }));
    }
    return send(404, 'text/html', layout('Not found', '<h1>Page not found</h1>'));
  });
  return { url: `${server.url}/`, shop, close: server.close };
}

test('the same journey, unchanged, on a site shaped unlike Acme: footer "Customer Service", a help page drawn by script', async () => {
  const other = await startOtherShop();
  const dir = tempDir('ms-init-');
  try {
    expect((await cli(['init', '--base-url', other.url], dir)).code).toBe(0);
    install(dir);
    const ok = await audit(dir);
    expect(ok.runs).toMatchObject({ total: 1, completed: 1 });
    expect(ok.points).toEqual([]);
    expect(ok.code).toBe(0);

    // Neither a phone number nor a promise: both checks are findings (one the config's own kind), and the journey completes.
    other.shop.promise = false;
    other.shop.phone = false;
    const none = await audit(dir);
    expect(none.runs).toMatchObject({ total: 1, completed: 1 });
    expect(none.points).toEqual(
      expect.arrayContaining([
        { rule: 'no-direct-contact', step: 'Find an email address or phone number', severity: 'minor', title: 'No email address or phone number' },
        { rule: 'no-promised-timeframe', step: 'Find the promised response time', severity: 'minor', title: 'No promised response time' },
      ]),
    );
    expect(none.points).toHaveLength(2);
  } finally {
    await other.close();
  }
});
