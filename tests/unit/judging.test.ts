// How the tool judges, on plain records: budget vs patience, checks that carry on, dialogs,
// third-party noise, persona parity, and the plan's checks on declared waits and finding kinds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Config } from '../../src/config/schema.ts';
import { analyse } from '../../src/friction/analyse.ts';
import { causeOf, pagePath, sameText } from '../../src/friction/cause.ts';
import { mannWhitneyGreater, median } from '../../src/friction/mann-whitney.ts';
import { loadJourneys } from '../../src/journeys/load.ts';
import type { Finding } from '../../src/model/finding.ts';
import { RUN_RECORD_SCHEMA_VERSION, RunRecord } from '../../src/model/run-record.ts';
import { upgradeRunRecord } from '../../src/model/upgrade.ts';
import { firstPartyHosts, isFirstParty } from '../../src/runner/first-party.ts';
import { plan } from '../../src/runner/plan.ts';
import { readRunRecords } from '../../src/pipeline.ts';
import { makeFailedRun, makeRun, makeStep, makeSteps } from './fixtures/records.ts';

const only = (rule: string, findings: Finding[]) => findings.filter((f) => f.ruleId === rule);

test.describe('budget vs patience', () => {
  test('a wait past its `within` is a slow step with the real time, and the run goes on', () => {
    const steps = makeSteps(3, (i) =>
      i === 1 ? { durationMs: 9000, budgetMs: 20_000, waits: [{ action: 'expect text "Ticket"', withinMs: 3000, patienceMs: 60_000, tookMs: 8800, outcome: 'late' }] } : {},
    );
    const [f, ...rest] = only('slow-step', analyse([makeRun({ steps })]));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'major', stepIndex: 1, evidence: { metric: { name: 'wait', value: 8800, threshold: 3000 } } });
    expect(f.message).toBe('At “Step 2” the customer waited 8.8 s for what should come within 3.0 s.');
    expect(only('dead-end', analyse([makeRun({ steps })]))).toEqual([]);
  });

  test('waiting for an email or a chat answer is not time at the screen: their own rules judge it', () => {
    const emailWait = { action: 'email.expect', channel: 'email' as const, patienceMs: 60_000, tookMs: 25_000, outcome: 'in-time' as const };
    const steps = makeSteps(2, (i) => (i === 1 ? { durationMs: 25_400, budgetMs: 2000, waits: [emailWait] } : {}));
    expect(only('slow-step', analyse([makeRun({ steps })]))).toEqual([]);
    const slowScreen = makeSteps(2, (i) => (i === 1 ? { durationMs: 28_000, budgetMs: 2000, waits: [emailWait] } : {}));
    expect(only('slow-step', analyse([makeRun({ steps: slowScreen })]))[0].message).toBe('“Step 2” took 3.0 s at the screen; its budget is 2.0 s.');
  });
});

test.describe('checks', () => {
  const failedCheck = (finding: string, url = 'http://shop.test/contact?ref=nav') =>
    makeSteps(3, (i) =>
      i === 1
        ? {
            name: 'Find the promised response time',
            url,
            checks: [
              {
                label: 'check text "/within \\d+ hours/i"',
                finding,
                on: 'page' as const,
                passed: false,
                saw: { url, heading: 'Contact us', messages: [], invalidFields: [] },
              },
              { label: 'check text "Email"', finding, on: 'page' as const, passed: true },
            ],
          }
        : {},
    );

  test('a failed check is a finding of the kind it names, in the customer\'s words; the run completes', () => {
    const run = makeRun({ steps: failedCheck('no-promised-timeframe') });
    const findings = analyse([run]);
    const [f, ...rest] = only('no-promised-timeframe', findings);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ title: 'No promised response time', severity: 'minor', stepIndex: 1, stepName: 'Find the promised response time' });
    expect(f.message).toBe('At “Find the promised response time”, the customer did not find it on the page “Contact us”.');
    expect(f.evidence.technical).toEqual(['check text "/within \\d+ hours/i"']);
    expect(only('dead-end', findings)).toEqual([]);
  });

  test('a custom kind from the config is titled and ranked as declared; an unknown kind still shows', () => {
    const run = makeRun({ steps: failedCheck('no-returns-address') });
    const custom = { 'no-returns-address': { title: 'No returns address', severity: 'major' as const, description: '' } };
    expect(only('no-returns-address', analyse([run], {}, undefined, custom))[0]).toMatchObject({ title: 'No returns address', severity: 'major' });
    // A rebuild without the config still shows it (validation refuses unknown kinds before a run).
    expect(only('no-returns-address', analyse([run]))[0]).toMatchObject({ title: 'no-returns-address', severity: 'minor' });
  });

  test('a disabled rule silences the checks that name it; the config\'s severity applies', () => {
    const run = makeRun({ steps: failedCheck('no-promised-timeframe') });
    expect(only('no-promised-timeframe', analyse([run], { 'no-promised-timeframe': { enabled: false } }))).toEqual([]);
    expect(only('no-promised-timeframe', analyse([run], { 'no-promised-timeframe': { severity: 'major' } }))[0].severity).toBe('major');
  });

  test('the same check on the same page is one cause across journeys and personas', () => {
    const a = analyse([makeRun({ steps: failedCheck('no-promised-timeframe') })])[0];
    const b = analyse([makeRun({ journeyId: 'contact', persona: 'bob', steps: failedCheck('no-promised-timeframe', 'http://shop.test/contact') })])[0];
    expect(a.cause).toBe(b.cause);
  });
});

test.describe('dialogs', () => {
  const dialog = (expected: boolean) => ({ stepIndex: 1, kind: 'confirm' as const, message: 'Are you sure you want to cancel order A1001?', answer: 'accept' as const, expected, atMs: 1200 });

  test('a dialog the step did not expect is minor friction, quoting it and how it was answered', () => {
    const [f] = only('unexpected-dialog', analyse([makeRun({ observations: { dialogs: [dialog(false)] } })]));
    expect(f).toMatchObject({ severity: 'minor', stepIndex: 1, evidence: { excerpt: ['confirm: Are you sure you want to cancel order A1001?'] } });
    expect(f.message).toBe('At “Step 2” the page showed a confirmation dialog: “Are you sure you want to cancel order A1001?” (answered: OK).');
  });

  test('a dialog the step expects is recorded and no friction', () => {
    expect(only('unexpected-dialog', analyse([makeRun({ observations: { dialogs: [dialog(true)] } })]))).toEqual([]);
  });
});

test.describe('first party and third party', () => {
  test('the base URL\'s site and its subdomains are first party; an IP only itself', () => {
    expect(firstPartyHosts('https://shop.example.com/')).toEqual(['example.com']);
    expect(firstPartyHosts('https://www.acme.co.uk/')).toEqual(['acme.co.uk']);
    expect(firstPartyHosts('http://127.0.0.1:8080/')).toEqual(['127.0.0.1']);
    expect(firstPartyHosts('http://localhost:3000/')).toEqual(['localhost']);
    expect(firstPartyHosts('https://shop.example.com/', ['shop.example.com', '*.cdn.example.net'])).toEqual(['shop.example.com', 'cdn.example.net']);
    const first = isFirstParty(firstPartyHosts('https://shop.example.com/'));
    expect(first('https://cdn.example.com/app.js')).toBe(true);
    expect(first('https://fonts.gstatic.com/x.woff2')).toBe(false);
    expect(first('https://notexample.com/')).toBe(false);
    expect(first('data:image/png;base64,xx')).toBe(true);
    expect(isFirstParty(['127.0.0.1'])('http://127.0.0.2:9/t.js')).toBe(false);
  });

  const font = (stepIndex: number) => ({ stepIndex, thirdParty: true, url: 'https://fonts.example.net/a.woff2', method: 'GET', failure: 'net::ERR_NAME_NOT_RESOLVED', resourceType: 'font', isNavigation: false, atMs: 5 });

  test('a third-party request failing is info, outside the score, unless its step failed', () => {
    const quiet = analyse([makeRun({ observations: { failedRequests: [font(0)] } })]);
    expect(only('http-error', quiet).map((f) => f.severity)).toEqual(['info']);
    const failed = makeFailedRun(1, 'x', { observations: { failedRequests: [font(1)] } });
    expect(only('http-error', analyse([failed])).map((f) => f.severity)).toEqual(['minor']);
    // Noise and a possible cause of a dead end are different friction points.
    expect(only('http-error', quiet)[0].cause).not.toBe(only('http-error', analyse([failed]))[0].cause);
    // A step the page itself refused (an error banner) was not stopped by the font: still noise.
    const refused = makeFailedRun(1, 'x', { observations: { failedRequests: [font(1)] } });
    refused.steps[1].saw = { url: 'http://shop.test/checkout', messages: ['We could not verify your address.'], invalidFields: [] };
    expect(only('http-error', analyse([refused])).map((f) => f.severity)).toEqual(['info']);
  });

  test('a third-party script error is info too', () => {
    const run = makeRun({ observations: { pageErrors: [{ stepIndex: 0, thirdParty: true, message: 'TypeError: tracker is not defined', atMs: 1 }] } });
    expect(only('console-error', analyse([run])).map((f) => f.severity)).toEqual(['info']);
  });
});

test.describe('persona parity', () => {
  test('Mann–Whitney: clearly separated samples are significant, overlapping ones are not', () => {
    expect(mannWhitneyGreater([5, 6, 7, 8, 9], [1, 2, 3, 4, 5]).p).toBeLessThan(0.05);
    expect(mannWhitneyGreater([1, 5, 2, 6, 3], [2, 4, 3, 5, 1]).p).toBeGreaterThan(0.3);
    expect(mannWhitneyGreater([3, 3, 3], [3, 3, 3]).p).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  const signIn = (persona: string, repeat: number, ms: number, journeyId = 'account') =>
    makeRun({ journeyId, persona, repeat, steps: makeSteps(2, (i) => (i === 0 ? { name: 'Sign in', durationMs: ms, budgetMs: 10_000 } : {})) });

  test('one persona clearly slower at a step: one finding per run of theirs, one cause across journeys', () => {
    const runs = [signIn('sam', 1, 3400), signIn('alex', 1, 300), signIn('dana', 1, 350), signIn('sam', 1, 3300, 'warranty'), signIn('alex', 1, 320, 'warranty')];
    const found = only('persona-disparity', analyse(runs));
    expect(found.map((f) => f.runId).sort()).toEqual(['account/sam/1', 'warranty/sam/1']);
    expect(new Set(found.map((f) => f.cause)).size).toBe(1);
    expect(found[0].message).toContain('“Sign in” took 3.4 s for persona sam (median) against 325 ms for alex, dana');
  });

  test('not slower enough (ratio or ms) is no finding; with 5 repeats the rank test must agree', () => {
    expect(only('persona-disparity', analyse([signIn('sam', 1, 900), signIn('alex', 1, 300)]))).toEqual([]);
    expect(only('persona-disparity', analyse([signIn('sam', 1, 2500), signIn('alex', 1, 1600)]))).toEqual([]);
    // Five runs each, sam slower only once: the medians say nothing, and neither does the test.
    const mixed = [1, 2, 3, 4, 5].flatMap((r) => [signIn('sam', r, r === 1 ? 9000 : 300), signIn('alex', r, 310)]);
    expect(only('persona-disparity', analyse(mixed))).toEqual([]);
    const clear = [1, 2, 3, 4, 5].flatMap((r) => [signIn('sam', r, 3000 + r * 10), signIn('alex', r, 300 + r * 10)]);
    expect(only('persona-disparity', analyse(clear))).toHaveLength(5);
  });

  test('a journey that dead-ends for one persona and completes for the others', () => {
    const runs = [makeFailedRun(0, 'x', { persona: 'sam' }), makeRun({ persona: 'alex' }), makeRun({ persona: 'dana' })];
    const [f, ...rest] = only('persona-disparity', analyse(runs));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ runId: 'order/sam/1', severity: 'major', stepName: 'Place the order' });
    expect(f.message).toBe('Persona sam could not finish “Order the espresso machine” (100% of their runs), while alex, dana finished it (100% of theirs).');
    // Everyone stuck alike is a dead end, not a disparity.
    expect(only('persona-disparity', analyse([makeFailedRun(0, 'x', { persona: 'sam' }), makeFailedRun(0, 'x', { persona: 'alex' })]))).toEqual([]);
  });
});

test.describe('causes', () => {
  test('pages are the same page whatever ids or query they carry; messages whatever numbers', () => {
    expect(pagePath('http://shop.test/orders/A1001/cancel?key=x')).toBe('shop.test/orders/:id/cancel');
    expect(pagePath('http://shop.test/orders/A1002/cancel')).toBe('shop.test/orders/:id/cancel');
    expect(sameText('Order A1001 failed after 2.3 s')).toBe(sameText('Order “A1002” failed after 2.9 s'));
    expect(causeOf('a', undefined, 3)).toBe('a |  | 3');
  });
});

test.describe('older records and the plan', () => {
  test('a version 1 record is read as the current version: the start step is marked implicit and not counted', () => {
    const v2 = makeRun({ steps: makeSteps(3, (i) => (i === 0 ? { name: 'Open the start page', actions: ['goto /'] } : {})), plannedSteps: 3 });
    const v1 = JSON.parse(JSON.stringify({ ...v2, schemaVersion: 1 }));
    delete v1.observations.dialogs;
    const read = RunRecord.parse(upgradeRunRecord(v1));
    expect(read).toMatchObject({ schemaVersion: RUN_RECORD_SCHEMA_VERSION, plannedSteps: 2, observations: { dialogs: [] } });
    expect(read.steps[0].implicit).toBe(true);
    expect(read.steps[1].implicit).toBeUndefined();
  });

  test('report DIR reads an old runs.jsonl, and says clearly when a record is newer than it reads', () => {
    const d = mkdtempSync(join(tmpdir(), 'ms-runs-'));
    const v1 = JSON.parse(JSON.stringify({ ...makeRun(), schemaVersion: 1 }));
    delete v1.observations.dialogs;
    writeFileSync(join(d, 'runs.jsonl'), `${JSON.stringify(v1)}\n`);
    expect(readRunRecords(join(d, 'runs.jsonl'), 'runs.jsonl')[0].schemaVersion).toBe(3);
    writeFileSync(join(d, 'runs.jsonl'), `${JSON.stringify(v1)}\n${JSON.stringify({ ...v1, schemaVersion: 4 })}\n{"x":1}\n`);
    expect(() => readRunRecords(join(d, 'runs.jsonl'), 'runs.jsonl')).toThrow(/runs\.jsonl:2 at schemaVersion: a run record of version 4, newer than this mystery-shopper reads \(3\)/);
  });

  test('the implicit start step never counts toward maxSteps', () => {
    const steps = [makeStep({ index: 0, name: 'Open the start page', implicit: true }), ...makeSteps(3).map((s) => ({ ...s, index: s.index + 1 }))];
    const run = makeRun({ steps, plannedSteps: 3, budgets: { maxSteps: 3 } });
    expect(only('too-many-steps', analyse([run]))).toEqual([]);
  });

  const dir = (yaml: string) => {
    const d = mkdtempSync(join(tmpdir(), 'ms-judging-'));
    writeFileSync(join(d, 'x.journey.yaml'), yaml);
    return d;
  };
  const config = Config.parse({ personas: { alex: {} }, journeyTimeoutMs: 60_000, findings: { 'no-returns-address': { title: 'No returns address' } } });
  const env = { values: {}, secretNames: new Set<string>() };
  const kinds = new Set(['no-promised-timeframe', 'no-returns-address']);
  const planErrors = async (steps: string) => {
    const d = dir(`id: x\nname: X\nstart: /\nsteps:\n${steps}`);
    try {
      plan(await loadJourneys([d], d), config, env, { findingKinds: kinds });
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  };

  test('a declared wait that cannot fit the journey timeout is refused at its line', async () => {
    const msg = await planErrors('  - waitFor: { text: Ticket, within: 3000, patience: 90000 }\n');
    expect(msg).toContain('x.journey.yaml:5:');
    expect(msg).toContain('patience 90000 ms cannot fit in journeyTimeoutMs (60000 ms)');
  });

  test('a check must name a known kind of finding', async () => {
    expect(await planErrors('  - check: { text: Returns address, finding: no-returns-address }\n')).toBe('');
    const msg = await planErrors('  - check: { text: Hours, finding: no-opening-hour }\n');
    expect(msg).toContain('x.journey.yaml:5:');
    expect(msg).toContain('unknown finding kind "no-opening-hour"');
  });

  test('the start step is planned as implicit', async () => {
    const d = dir('id: x\nname: X\nstart: /\nsteps:\n  - click: { text: Go }\n');
    const [run] = plan(await loadJourneys([d], d), config, env);
    expect(run.steps.map((s) => [s.name, s.implicit ?? false])).toEqual([
      ['Open the start page', true],
      ['click text "Go"', false],
    ]);
  });
});
