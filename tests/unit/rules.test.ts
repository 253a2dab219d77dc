import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { thrownBy } from './fixtures/errors.ts';
import { z } from 'zod';
import { InputError } from '../../src/errors.ts';
import { analyse, describeRules, resolveRules, type RulesConfig } from '../../src/friction/analyse.ts';
import { defineRule } from '../../src/friction/rule.ts';
import { builtInRules } from '../../src/friction/rules/index.ts';
import { Finding } from '../../src/model/finding.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { makeFailedRun, makeRun, makeStep, makeSteps } from './fixtures/records.ts';

/** Findings of one rule only (other rules switched off), each checked against the Finding schema. */
function only(ruleId: string, runs: RunRecord | RunRecord[], settings: Record<string, unknown> = {}): Finding[] {
  const config: RulesConfig = Object.fromEntries(builtInRules.map((r) => [r.id, { enabled: r.id === ruleId }]));
  config[ruleId] = { ...settings };
  const findings = analyse(Array.isArray(runs) ? runs : [runs], config);
  for (const f of findings) Finding.parse(f);
  return findings;
}

const req = (o: Partial<RunRecord['observations']['failedRequests'][number]>) => ({
  url: 'http://shop.test/checkout',
  method: 'GET',
  resourceType: 'document',
  isNavigation: true,
  atMs: 100,
  stepIndex: 1,
  ...o,
});

test.describe('fixtures', () => {
  test('the default run passes every rule', () => {
    expect(analyse([makeRun()])).toEqual([]);
  });
});

test.describe('slow-step', () => {
  test('a step over its budget is minor, with the numbers', () => {
    const run = makeRun({ steps: makeSteps(3, (i) => (i === 1 ? { name: 'Place the order', durationMs: 2900 } : {})) });
    const [f, ...rest] = only('slow-step', run);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: 'slow-step',
      title: 'Slow step',
      severity: 'minor',
      journeyId: 'order',
      runId: 'order/alice/1',
      persona: 'alice',
      repeat: 1,
      stepIndex: 1,
      stepName: 'Place the order',
      message: '“Place the order” took 2.9 s; its budget is 2.0 s.',
    });
    expect(f.evidence).toEqual({
      metric: { name: 'stepDuration', value: 2900, threshold: 2000, unit: 'ms' },
      screenshot: 'screens/step-2.png',
      url: 'http://shop.test/page-2',
    });
  });

  test('over budget × majorFactor is major', () => {
    const run = makeRun({ steps: makeSteps(2, (i) => (i === 1 ? { durationMs: 3001 } : {})) });
    expect(only('slow-step', run).map((f) => [f.stepIndex, f.severity])).toEqual([[1, 'major']]);
  });

  test('exactly at budget is fine; exactly at budget × majorFactor is still minor', () => {
    expect(only('slow-step', makeRun({ steps: [makeStep({ durationMs: 2000 })] }))).toEqual([]);
    expect(only('slow-step', makeRun({ steps: [makeStep({ durationMs: 3000 })] })).map((f) => f.severity)).toEqual(['minor']);
  });

  test('steps without a budget are not judged', () => {
    expect(only('slow-step', makeRun({ steps: [makeStep({ durationMs: 60_000, budgetMs: undefined })] }))).toEqual([]);
  });

  test('a failed step is left to dead-end: its time is the harness waiting until it gave up', () => {
    const run = makeFailedRun(1, 'Timeout', {}, 3);
    run.steps[1].durationMs = 5000;
    run.steps[0].durationMs = 5000;
    expect(only('slow-step', run).map((f) => [f.stepIndex, f.severity])).toEqual([[0, 'major']]);
  });

  test('a value just over budget never reads the same as the budget', () => {
    const [f] = only('slow-step', makeRun({ steps: [makeStep({ name: 'Search', durationMs: 2001 })] }));
    expect(f.message).toBe('“Search” took 2.001 s; its budget is 2.000 s.');
    const [g] = only('slow-step', makeRun({ steps: [makeStep({ name: 'Search', durationMs: 450, budgetMs: 300 })] }));
    expect(g.message).toBe('“Search” took 450 ms; its budget is 300 ms.');
  });

  test('majorFactor from the config', () => {
    const run = makeRun({ steps: [makeStep({ durationMs: 3500 })] });
    expect(only('slow-step', run).map((f) => f.severity)).toEqual(['major']);
    expect(only('slow-step', run, { majorFactor: 2 }).map((f) => f.severity)).toEqual(['minor']);
  });
});

test.describe('slow-journey', () => {
  test('a journey over its total budget is minor, journey-level', () => {
    const [f, ...rest] = only('slow-journey', makeRun({ durationMs: 12_345 }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'slow-journey', severity: 'minor' });
    expect(f.stepIndex).toBeUndefined();
    expect(f.stepName).toBeUndefined();
    expect(f.message).toBe('The journey “Order the espresso machine” took 12.3 s; its budget is 10.0 s.');
    expect(f.evidence.metric).toEqual({ name: 'journeyDuration', value: 12_345, threshold: 10_000, unit: 'ms' });
  });

  test('far over budget is major; at budget is fine; no budget is fine', () => {
    expect(only('slow-journey', makeRun({ durationMs: 15_001 })).map((f) => f.severity)).toEqual(['major']);
    expect(only('slow-journey', makeRun({ durationMs: 15_000 })).map((f) => f.severity)).toEqual(['minor']);
    expect(only('slow-journey', makeRun({ durationMs: 10_000 }))).toEqual([]);
    expect(only('slow-journey', makeRun({ durationMs: 99_000, budgets: {} }))).toEqual([]);
  });

  test('errored runs and dead ends are not judged (dead-end reports those)', () => {
    expect(only('slow-journey', makeRun({ status: 'errored', durationMs: 99_000 }))).toEqual([]);
    expect(only('slow-journey', makeFailedRun(1, 'Timeout', { durationMs: 99_000 }))).toEqual([]);
  });
});

test.describe('dead-end', () => {
  test('a failed run is a critical dead end at the step where it stopped', () => {
    const message = 'Timeout 5000ms exceeded.\nCall log:\n  - waiting for getByRole(\'button\', { name: \'Place order\' })';
    const [f, ...rest] = only('dead-end', makeFailedRun(1, message));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'dead-end', title: 'Dead end', severity: 'critical', stepIndex: 1, stepName: 'Place the order' });
    // Durations rounded, selectors and call logs folded away in the technical detail.
    expect(f.message).toBe('The customer could not go on at “Place the order”: timeout 5 s exceeded.');
    expect(f.evidence).toMatchObject({ screenshot: 'screens/step-2.png', url: 'http://shop.test/page-2', excerpt: [] });
    expect(f.evidence.technical).toEqual([
      'Action: click button "Place order"',
      'Timeout 5000ms exceeded.',
      'Call log:',
      "  - waiting for getByRole('button', { name: 'Place order' })",
    ]);
  });

  test('quotes what the customer saw: the page\'s error, an invalid field, a dialog; one cause across journeys', () => {
    const saw = { url: 'http://shop.test/signin?next=%2Forders', heading: 'Sign in', messages: ['Your account is locked.'], invalidFields: [] };
    const a = makeFailedRun(1, 'Expected to see heading "Your account"; it did not appear within 1 min.', {});
    a.steps[1].saw = saw;
    const b = makeFailedRun(0, 'Expected to see heading "Your account"; it did not appear within 1 min.', { journeyId: 'warranty', runId: 'warranty/alice/1' });
    b.steps[0] = { ...b.steps[0], name: 'Log in', saw: { ...saw, url: 'http://shop.test/signin?next=%2Fwarranty' } };
    b.stoppedAt = { stepIndex: 0, stepName: 'Log in', reason: 'x' };
    const [fa] = only('dead-end', a);
    const [fb] = only('dead-end', b);
    expect(fa.message).toBe('The customer could not go on at “Place the order”: the page said “Your account is locked.”');
    expect(fa.evidence.excerpt).toEqual(['“Your account is locked.”', 'Heading: Sign in']);
    // Same page, same words: one cause, whatever the journey, step name or query string.
    expect(fa.cause).toBe(fb.cause);
    const field = makeFailedRun(1, 'x');
    field.steps[1].saw = { url: 'http://shop.test/checkout', messages: [], invalidFields: [{ field: 'Postcode', message: 'Postcode not recognised' }] };
    expect(only('dead-end', field)[0].message).toContain('the page said “Postcode: Postcode not recognised”');
    expect(only('dead-end', field)[0].cause).not.toBe(fa.cause);
  });

  test('a long error is cut to one line in the message, kept whole in the excerpt', () => {
    const long = `Expected the order number to be shown, but the page said: ${'x'.repeat(300)}`;
    const [f] = only('dead-end', makeFailedRun(0, long), { messageMaxLength: 60 });
    expect(f.message).toContain('could not go on at “Place the order”: expected the order number to be shown, but the page said: x');
    expect(f.message.endsWith('…')).toBe(true);
    expect(f.message.length).toBeLessThan(200);
    expect(f.evidence.technical).toContain(long);
  });

  test('errored runs (the harness broke) and completed runs are not dead ends', () => {
    const errored = makeFailedRun(1, 'Browser closed', { status: 'errored' });
    expect(only('dead-end', [errored, makeRun()])).toEqual([]);
  });
});

test.describe('http-error', () => {
  test('an error page shown to the customer is major', () => {
    const run = makeRun({ observations: { failedRequests: [req({ status: 500, method: 'POST', url: 'http://shop.test/checkout?step=2' })] } });
    const [f, ...rest] = only('http-error', run);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'http-error', severity: 'major', stepIndex: 1, stepName: 'Step 2' });
    expect(f.message).toBe('The customer was shown an HTTP 500 error page at http://shop.test/checkout.');
    expect(f.evidence).toEqual({
      screenshot: 'screens/step-2.png',
      url: 'http://shop.test/checkout?step=2',
      excerpt: ['HTTP 500 POST http://shop.test/checkout?step=2'],
    });
    expect(f.evidence.metric).toBeUndefined();
  });

  test('a page that never answered is major', () => {
    const run = makeRun({ observations: { failedRequests: [req({ failure: 'net::ERR_CONNECTION_REFUSED' })] } });
    const [f] = only('http-error', run);
    expect(f.severity).toBe('major');
    expect(f.message).toBe('The page http://shop.test/checkout did not load at all (net::ERR_CONNECTION_REFUSED).');
    expect(f.evidence.excerpt).toEqual(['GET http://shop.test/checkout failed: net::ERR_CONNECTION_REFUSED']);
  });

  test('a failing sub-resource is minor', () => {
    const run = makeRun({
      observations: { failedRequests: [req({ url: 'http://shop.test/app.js', status: 404, resourceType: 'script', isNavigation: false })] },
    });
    const [f] = only('http-error', run);
    expect(f.severity).toBe('minor');
    expect(f.message).toBe('A script on the page failed with HTTP 404: GET http://shop.test/app.js.');
  });

  test('one finding per step, method, URL without query and status', () => {
    const failedRequests = [
      req({ status: 503, url: 'http://shop.test/api/cart?a=1', resourceType: 'fetch', isNavigation: false }),
      req({ status: 503, url: 'http://shop.test/api/cart?a=2', resourceType: 'fetch', isNavigation: false }),
      req({ status: 503, url: 'http://shop.test/api/cart?a=2', resourceType: 'fetch', isNavigation: false }),
      req({ status: 500, url: 'http://shop.test/api/cart', resourceType: 'fetch', isNavigation: false }),
      req({ status: 503, url: 'http://shop.test/api/cart', resourceType: 'fetch', isNavigation: false, method: 'POST' }),
      req({ status: 503, url: 'http://shop.test/api/cart', resourceType: 'fetch', isNavigation: false, stepIndex: 2 }),
    ];
    const findings = only('http-error', makeRun({ observations: { failedRequests } }));
    expect(findings).toHaveLength(4);
    const grouped = findings.find((f) => f.message.includes('(3 times)'));
    expect(grouped?.message).toBe('A background request on the page failed with HTTP 503 (3 times): GET http://shop.test/api/cart.');
    // A request behind the page is technical detail, not what the customer saw.
    expect(grouped?.evidence.technical).toEqual(['HTTP 503 GET http://shop.test/api/cart?a=1', 'HTTP 503 GET http://shop.test/api/cart?a=2']);
  });

  test('statuses below minStatus, ignored URLs and browser-cancelled requests are not reported', () => {
    const failedRequests = [
      req({ status: 404, url: 'http://shop.test/missing' }),
      req({ status: 500, url: 'https://tracker.example/collect', resourceType: 'fetch', isNavigation: false }),
      req({ failure: 'net::ERR_ABORTED', url: 'http://shop.test/slow.js', resourceType: 'script', isNavigation: false }),
    ];
    const run = makeRun({ observations: { failedRequests } });
    expect(only('http-error', run).map((f) => f.evidence.url)).toEqual([
      'http://shop.test/missing',
      'https://tracker.example/collect',
    ]);
    expect(only('http-error', run, { minStatus: 500, ignoreUrls: ['^https://tracker\\.example/'] })).toEqual([]);
    expect(only('http-error', run, { minStatus: 500, ignoreUrls: ['tracker'], ignoreFailures: [] }).map((f) => f.evidence.url)).toEqual([
      'http://shop.test/slow.js',
    ]);
  });
});

test.describe('console-error', () => {
  const observations = {
    pageErrors: [{ stepIndex: 2, message: "TypeError: Cannot read properties of undefined (reading 'total')\n    at cart.js:12:5", atMs: 10 }],
    consoleErrors: [
      { stepIndex: 0, text: 'Payment widget: config missing', atMs: 1 },
      { stepIndex: 0, text: 'Payment widget: config missing', atMs: 2 },
      { stepIndex: 1, text: 'Failed to load resource: the server responded with a status of 500 (Internal Server Error)', atMs: 3 },
    ],
  };

  test('an uncaught page error is major, a console error minor, grouped per step and message', () => {
    const findings = only('console-error', makeRun({ observations }));
    expect(findings.map((f) => [f.severity, f.stepIndex, f.stepName])).toEqual([
      ['major', 2, 'Step 3'],
      ['minor', 0, 'Step 1'],
    ]);
    const [page, console] = findings;
    expect(page.message).toBe(
      "The page’s code crashed with an uncaught error: TypeError: Cannot read properties of undefined (reading 'total').",
    );
    expect(page.evidence).toEqual({
      screenshot: 'screens/step-3.png',
      url: 'http://shop.test/page-3',
      technical: ["TypeError: Cannot read properties of undefined (reading 'total')", '    at cart.js:12:5'],
    });
    expect(console.message).toBe('The page logged an error to the browser console (2 times): Payment widget: config missing.');
    expect(console.evidence.technical).toEqual(['Payment widget: config missing']);
  });

  test('ignorePatterns: the failed-resource echo is ignored by default, and can be configured', () => {
    expect(only('console-error', makeRun({ observations }), { ignorePatterns: [] })).toHaveLength(3);
    expect(only('console-error', makeRun({ observations }), { ignorePatterns: ['^Payment widget', '^TypeError'] })).toHaveLength(1);
  });
});

test.describe('too-many-steps', () => {
  test('more planned steps than maxSteps', () => {
    const run = makeRun({ steps: makeSteps(6) });
    const [f, ...rest] = only('too-many-steps', run);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'too-many-steps', severity: 'minor' });
    expect(f.stepIndex).toBeUndefined();
    expect(f.message).toBe('“Order the espresso machine” takes 6 steps; its budget is 5.');
    expect(f.evidence.metric).toEqual({ name: 'steps', value: 6, threshold: 5, unit: 'count' });
    expect(only('too-many-steps', makeRun({ steps: makeSteps(5) }))).toEqual([]);
  });

  test('more clicks and fields filled than maxInteractions (keystrokes do not count)', () => {
    const run = makeRun({ steps: makeSteps(4, () => ({ interactions: { clicks: 2, fieldsFilled: 1, keystrokes: 40 } })) });
    const [f] = only('too-many-steps', run);
    expect(f.message).toBe(
      'Completing “Order the espresso machine” took 12 interactions (8 clicks, 4 fields filled in); its budget is 10.',
    );
    expect(f.evidence.metric).toEqual({ name: 'interactions', value: 12, threshold: 10, unit: 'count' });
    const atBudget = makeRun({ steps: makeSteps(5, () => ({ interactions: { clicks: 1, fieldsFilled: 1, keystrokes: 99 } })) });
    expect(only('too-many-steps', atBudget)).toEqual([]);
  });

  test('interactions are only judged on completed runs', () => {
    const run = makeFailedRun(2, 'Timeout', {}, 4);
    for (const s of run.steps) s.interactions = { clicks: 5, keystrokes: 0, fieldsFilled: 5 };
    expect(only('too-many-steps', run)).toEqual([]);
  });
});

test.describe('configuration', () => {
  const slowRun = makeRun({ steps: makeSteps(2, (i) => ({ durationMs: i === 0 ? 2500 : 4000 })) });

  test('a configured severity overrides every finding of the rule', () => {
    expect(only('slow-step', slowRun).map((f) => f.severity)).toEqual(['major', 'minor']);
    expect(only('slow-step', slowRun, { severity: 'critical' }).map((f) => f.severity)).toEqual(['critical', 'critical']);
  });

  test('enabled: false switches a rule off; other rules still run', () => {
    const run = makeFailedRun(1, 'Timeout', {}, 3);
    run.steps[0].durationMs = 60_000;
    const ids = (config: RulesConfig) => [...new Set(analyse([run], config).map((f) => f.ruleId))].sort();
    expect(ids({})).toEqual(['dead-end', 'slow-step']);
    expect(ids({ 'dead-end': { enabled: false } })).toEqual(['slow-step']);
  });

  test('resolveRules fills in defaults and keeps enabled rules in order', () => {
    const resolved = resolveRules({ 'slow-step': { majorFactor: 2 }, 'console-error': { enabled: false } });
    expect(resolved.map((r) => r.rule.id)).toEqual(builtInRules.map((r) => r.id).filter((id) => id !== 'console-error'));
    const slow = resolved.find((r) => r.rule.id === 'slow-step');
    expect(slow).toMatchObject({ options: { majorFactor: 2 }, severity: 'minor', severityOverridden: false });
    expect(resolveRules().find((r) => r.rule.id === 'slow-step')?.options).toEqual({ majorFactor: 1.5 });
  });

  test('an unknown rule id is an InputError naming the valid ids', () => {
    const err = thrownBy(() => analyse([makeRun()], { 'slow-stpe': { majorFactor: 2 } }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('slow-stpe');
    for (const rule of builtInRules) expect(err.message).toContain(rule.id);
  });

  test('a bad option is an InputError at rules.<id>.<field> saying what was expected', () => {
    const err = thrownBy(() => resolveRules({ 'slow-step': { majorFactor: 'fast' } }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).where?.path).toBe('rules.slow-step.majorFactor');
    expect(err.message).toBe('rules.slow-step.majorFactor: expected number, received string (got "fast").');
  });

  test('unknown option names, bad severities, bad regexes and non-object settings are rejected', () => {
    expect(thrownBy(() => resolveRules({ 'slow-step': { majorFactr: 2 } })).message).toBe(
      'rules.slow-step.majorFactr: "majorFactr" is not an option of rule slow-step; valid options: majorFactor, enabled, severity.',
    );
    expect(thrownBy(() => resolveRules(untyped({ 'dead-end': { severity: 'urgent' } }))).message).toContain('rules.dead-end.severity: expected one of');
    expect(thrownBy(() => resolveRules(untyped({ 'dead-end': { enabled: 'no' } }))).message).toContain('rules.dead-end.enabled: expected boolean');
    expect(thrownBy(() => resolveRules({ 'http-error': { ignoreUrls: ['('] } })).message).toBe(
      'rules.http-error.ignoreUrls.0: expected a valid regular expression (got "(").',
    );
    expect(thrownBy(() => resolveRules(untyped({ 'dead-end': false }))).message).toContain('rules.dead-end: expected an object');
    for (const bad of <RulesConfig[]>[
      { 'slow-step': { majorFactor: 0.5 } },
      { 'http-error': { minStatus: 4000 } },
      { 'console-error': { ignorePatterns: 'x' } },
    ]) {
      expect(thrownBy(() => resolveRules(bad))).toBeInstanceOf(InputError);
    }
  });

  test('custom rules can be passed in, and rule errors name the rule and run', () => {
    const broken = defineRule({
      id: 'broken',
      title: 'Broken',
      description: 'Always throws.',
      severity: 'info',
      options: z.strictObject({ limit: z.number().default(3) }),
      evaluate: (_run, { options }) => {
        throw new Error(`limit ${options.limit}`);
      },
    });
    expect(() => analyse([makeRun()], { broken: { limit: 4 } }, [broken])).toThrow('Friction rule "broken" failed on run order/alice/1: limit 4');
  });
});

test.describe('analyse', () => {
  const runs = [
    makeRun({ journeyId: 'warranty', repeat: 10, durationMs: 20_000 }),
    makeRun({ journeyId: 'warranty', repeat: 2, steps: makeSteps(3, (i) => (i === 2 ? { durationMs: 2500 } : i === 0 ? { durationMs: 2100 } : {})), durationMs: 11_000 }),
    makeFailedRun(1, 'Timeout', { journeyId: 'cancel' }),
    makeRun({ journeyId: 'cancel', persona: 'bob', observations: { pageErrors: [{ stepIndex: 0, message: 'Boom', atMs: 1 }] } }),
  ];

  test('findings are sorted by severity, journey, run and step, journey-level first', () => {
    const order = analyse(runs).map((f) => [f.severity, f.journeyId, f.runId, f.stepIndex ?? null, f.ruleId]);
    expect(order).toEqual([
      ['critical', 'cancel', 'cancel/alice/1', 1, 'dead-end'],
      // alice hit a dead end where bob got through: not served alike.
      ['major', 'cancel', 'cancel/alice/1', 1, 'persona-disparity'],
      ['major', 'cancel', 'cancel/bob/1', 0, 'console-error'],
      ['major', 'warranty', 'warranty/alice/10', null, 'slow-journey'],
      ['minor', 'warranty', 'warranty/alice/2', null, 'slow-journey'],
      ['minor', 'warranty', 'warranty/alice/2', 0, 'slow-step'],
      ['minor', 'warranty', 'warranty/alice/2', 2, 'slow-step'],
    ]);
  });

  test('the same records give the same findings in any order', () => {
    const expected = analyse(runs);
    expect(analyse([...runs].reverse())).toEqual(expected);
    expect(analyse([runs[2], runs[0], runs[3], runs[1]])).toEqual(expected);
    expect(JSON.stringify(analyse(runs))).toBe(JSON.stringify(expected));
  });
});

test.describe('rule definitions and docs', () => {
  test('every built-in rule is well formed: unique id, defaults for every option', () => {
    const ids = builtInRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of builtInRules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(rule.options).toBeInstanceOf(z.ZodObject);
      const shape = (rule.options as z.ZodObject).shape;
      for (const [name, field] of Object.entries(shape)) {
        expect(field, `${rule.id}.${name} needs a default`).toBeInstanceOf(z.ZodDefault);
        expect((field as z.ZodType).description, `${rule.id}.${name} needs a description`).toBeTruthy();
      }
    }
  });

  test('docs/rules.md shows describeRules() (UPDATE_DOCS=1 rewrites it)', () => {
    const file = fileURLToPath(new URL('../../docs/rules.md', import.meta.url));
    const doc = readFileSync(file, 'utf8');
    const start = '<!-- rules:start (generated by describeRules(); run UPDATE_DOCS=1 npx playwright test tests/unit/rules.test.ts) -->\n';
    const end = '<!-- rules:end -->';
    const [before, rest] = doc.split(start);
    expect(rest, 'docs/rules.md must contain the rules:start marker').toBeDefined();
    const after = rest.slice(rest.indexOf(end));
    const expected = `${before}${start}${describeRules()}${after}`;
    if (process.env.UPDATE_DOCS && doc !== expected) writeFileSync(file, expected);
    else expect(doc).toBe(expected);
  });
});

/** Config as a user might write it in plain JS, mistakes included. */
const untyped = (config: unknown): RulesConfig => config as RulesConfig;

