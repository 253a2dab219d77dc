// `mystery-shopper/playwright` as a Playwright Test user meets it: a small suite of ordinary
// Playwright tests against the demo company (tests/e2e/fixtures/pw-suite), run by Playwright's
// own CLI in a child process with the built reporter, turns into a scorecard: tests are journeys,
// test.steps are steps with their timings, the failing test is a dead end at its step with its
// screenshot and the page's words, and the knobs' findings appear where they should (and not without them).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme } from '../../fixtures/acme/server.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import type { Scorecard } from '../../src/model/scorecard.ts';
import { ROOT, tempDir } from './helpers.ts';

const CONFIG = 'tests/e2e/fixtures/pw-suite/playwright.config.ts';
const PLAYWRIGHT_CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');
/** The FAQ search's budget in the suite is 1.5 s; the knob clears it more than twice over. */
const KNOBS = 'slow-faq-search:3500,js-error';

interface SuiteRun {
  code: number | null;
  output: string;
  /** The report folder the reporter wrote (its only one). */
  dir: string;
  scorecard: Scorecard;
  records: RunRecord[];
}

/** Runs the suite against a fresh Acme with these knobs, as `npx playwright test -c <config>` would. */
async function runSuite(friction: string, args: string[] = [], env: Record<string, string> = {}): Promise<SuiteRun> {
  const acme = await startAcme({ friction });
  const out = tempDir('ms-pw-suite-');
  try {
    // This test runs inside a Playwright worker: the child must not think it is one.
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MS_PW_BASE_URL: acme.url, MS_PW_OUT: out, ...env };
    for (const name of ['PLAYWRIGHT_TEST', 'TEST_WORKER_INDEX', 'TEST_PARALLEL_INDEX', 'FORCE_COLOR']) delete childEnv[name];
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', '-c', CONFIG, ...args], { cwd: ROOT, env: childEnv });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const reports = join(out, 'reports');
    const folders = existsSync(reports) ? readdirSync(reports).filter((f) => /^\d{4}-\d{2}-\d{2}T/.test(f)) : [];
    expect(folders, `one report folder\n${output}`).toHaveLength(1);
    const dir = join(reports, folders[0]);
    const scorecard = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8')) as Scorecard;
    const records = readFileSync(join(dir, 'runs.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as RunRecord);
    return { code, output, dir, scorecard, records };
  } finally {
    await acme.close();
  }
}

const places = (s: Scorecard) => s.frictionPoints.flatMap((p) => p.places.map((pl) => `${p.ruleId} @ ${pl.journeyId} › ${pl.stepName ?? '(journey)'}`));
const record = (r: SuiteRun, journeyId: string) => {
  const found = r.records.find((x) => x.journeyId === journeyId);
  expect(found, `a run of ${journeyId}`).toBeDefined();
  return found!;
};

test('with knobs on: tests become journeys with their steps and timings, and the knobs\' findings appear; Playwright\'s exit code stays its own', async () => {
  test.setTimeout(120_000);
  const run = await runSuite(KNOBS, ['--grep-invert', 'find an order']);
  // Every test passed, so Playwright exits 0 although the scorecard fails.
  expect(run.code, run.output).toBe(0);
  expect(run.output).toMatch(/3 passed/);
  expect(run.output).toMatch(/Scorecard: .*index\.html/);
  for (const file of ['index.html', 'scorecard.json', 'junit.xml', 'summary.md', 'runs.jsonl', 'meta.json']) expect(existsSync(join(run.dir, file)), file).toBe(true);
  expect(run.scorecard.summary.passed).toBe(false);

  expect(run.records.map((r) => r.journeyId).sort()).toEqual(['contact.find-the-contact-page', 'faq.search-the-faq-for-returns', 'product.look-at-the-espresso-machine']);
  for (const r of run.records) {
    // The project's name is the persona; each test ran once.
    expect(r).toMatchObject({ persona: 'first-time-buyer', repeat: 1, status: 'completed' });
  }

  // The FAQ test: the goto before the first step opens the journey, then its two test.steps.
  const faq = record(run, 'faq.search-the-faq-for-returns');
  expect(faq.journeyName).toBe('search the FAQ for returns');
  expect(faq.steps.map((s) => [s.name, !!s.implicit])).toEqual([
    ['Navigate to /', true],
    ['Open the help centre', false],
    ['Search the FAQ for returns', false],
  ]);
  const search = faq.steps[2];
  // The knob's delay is in the step's time; the step's own budget annotation is its budget.
  expect(search.durationMs).toBeGreaterThanOrEqual(3_500);
  expect(search.budgetMs).toBe(1_500);
  expect(faq.steps[1].budgetMs).toBe(5_000);
  expect(search.url).toContain('/help?q=return');
  expect(search.actions.join('\n')).toMatch(/Fill "return" getByLabel\('Search the FAQ'\)/);
  expect(search.interactions).toMatchObject({ fieldsFilled: 1, keystrokes: 1 });
  // Steps follow one another on the run's clock, and the run lasts at least as long as its steps.
  expect(search.startMs).toBeGreaterThanOrEqual(faq.steps[1].startMs + faq.steps[1].durationMs);
  expect(faq.durationMs).toBeGreaterThanOrEqual(faq.steps.reduce((n, s) => n + s.durationMs, 0));
  // The fixture's screenshot of each step is in the report folder.
  for (const s of faq.steps.slice(1)) expect(existsSync(join(run.dir, s.screenshot ?? 'none')), `${s.name}'s screenshot`).toBe(true);

  // A test without the fixture and without steps is one step, named after the test.
  const contact = record(run, 'contact.find-the-contact-page');
  expect(contact.steps.map((s) => s.name)).toEqual(['find the contact page']);
  expect(contact.steps[0].durationMs).toBeGreaterThan(0);

  // What the knobs do, where they do it: the slow search, and the product page's crash (seen by the fixture).
  const found = places(run.scorecard);
  expect(found).toContain('slow-step @ faq.search-the-faq-for-returns › Search the FAQ for returns');
  expect(found).toContain('console-error @ product.look-at-the-espresso-machine › Open the product');
  const crash = run.scorecard.frictionPoints.find((p) => p.ruleId === 'console-error');
  expect(crash?.message).toMatch(/uncaught error: TypeError/);
});

test('without knobs: the failing test is a dead end at its step, with its screenshot and what the page said; no knob finding', async () => {
  test.setTimeout(120_000);
  const run = await runSuite('');
  // One test fails on purpose: Playwright's exit code, not the reporter's.
  expect(run.code, run.output).toBe(1);
  expect(run.output).toMatch(/1 failed/);

  const orders = record(run, 'orders.find-an-order-by-its-number');
  expect(orders.status).toBe('failed');
  expect(orders.steps.map((s) => [s.name, s.status])).toEqual([
    ['Navigate to /orders', 'passed'],
    ['Look the order up', 'passed'],
    ['See the order', 'failed'],
  ]);
  expect(orders.stoppedAt).toMatchObject({ stepIndex: 2, stepName: 'See the order' });
  const stuck = orders.steps[2];
  expect(stuck.error).toMatchObject({ kind: 'expectation' });
  expect(stuck.error?.message).toMatch(/toBeVisible/);
  expect(stuck.error?.action).toMatch(/getByRole\('heading', \{ name: 'Order A1234' \}\)/);
  expect(stuck.saw?.messages.join(' ')).toMatch(/We could not find an order with that number/);
  expect(existsSync(join(run.dir, stuck.screenshot ?? 'none'))).toBe(true);

  const deadEnd = run.scorecard.frictionPoints.find((p) => p.ruleId === 'dead-end');
  expect(deadEnd?.places.map((p) => [p.journeyId, p.stepName])).toEqual([['orders.find-an-order-by-its-number', 'See the order']]);
  // The customer's words for it: what the page said, with the picture.
  expect(deadEnd?.message).toMatch(/could not go on at “See the order”: the page said “There is a problem We could not find an order/);
  expect(deadEnd?.evidence.screenshot).toBe(stuck.screenshot);
  // The lookup answered 404: the fixture saw the error page.
  expect(places(run.scorecard)).toContain('http-error @ orders.find-an-order-by-its-number › Look the order up');

  // The knobs are off: neither of their findings.
  const found = places(run.scorecard);
  expect(found.filter((p) => p.startsWith('slow-step @ faq.') || p.startsWith('console-error @ product.'))).toEqual([]);
  expect(run.records.filter((r) => r.journeyId !== 'orders.find-an-order-by-its-number').map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
});

test('failOnFriction: a run whose tests all pass fails when the scorecard does', async () => {
  test.setTimeout(120_000);
  const run = await runSuite('js-error', ['--grep', 'espresso machine'], { MS_PW_FAIL_ON_FRICTION: '1' });
  expect(run.output).toMatch(/1 passed/);
  expect(places(run.scorecard)).toContain('console-error @ product.look-at-the-espresso-machine › Open the product');
  expect(run.code, run.output).toBe(1);
});
