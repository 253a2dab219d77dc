// Judging like a mystery shopper, against the real demo company in a real browser: each knob
// below is the ground truth for one way the tool must judge (checks carry on, late is slow not
// missing, one friction point per cause naming who it hit, noise outside the score, dialogs
// recorded, effort as the page asks it, customers served alike, what the customer saw).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { RunRecord } from '../../src/model/run-record.ts';
import type { AuditResult } from '../../src/pipeline.ts';
import { auditAcme, key, pointsOf, type Point } from './helpers.ts';

const TWO = 'tests/e2e/fixtures/two-personas.config.ts';
const grepOf = (ids: string[]) => `^(${ids.join('|')}) `;
const serious = (r: AuditResult) => r.scorecard.frictionPoints.filter((p) => p.severity === 'critical' || p.severity === 'major');
const records = (r: AuditResult): RunRecord[] =>
  readFileSync(join(r.dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => RunRecord.parse(JSON.parse(l)));
const point = (r: AuditResult, rule: string) => r.scorecard.frictionPoints.filter((p) => p.ruleId === rule);

/** Nothing at major or above besides these (rule @ journey › step). */
function onlySerious(r: AuditResult, allowed: Array<Pick<Point, 'rule' | 'journey' | 'step'>>) {
  const ok = new Set(allowed.map(key));
  const extra = pointsOf(r).filter((p) => (p.severity === 'critical' || p.severity === 'major') && !ok.has(key(p)));
  expect(extra.map(key)).toEqual([]);
}

test('late-confirmation: an email half a minute late is slow, not missing, and no dead end', async () => {
  // 20 s: later than the old 15 s step timeout that used to cut every wait.
  const r = await auditAcme('late-confirmation:20000', { configFile: 'tests/e2e/fixtures/patient.config.ts', grep: grepOf(['cancel-by-email']) });
  expect(r.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
  const [slow] = point(r, 'slow-email');
  expect(slow).toMatchObject({ stepName: 'Find the confirmation email', journeyId: 'cancel-by-email' });
  expect(slow.evidence.metric!.value).toBeGreaterThan(19_000);
  expect(point(r, 'missing-email')).toEqual([]);
  expect(point(r, 'dead-end')).toEqual([]);
  onlySerious(r, [{ rule: 'slow-email', journey: 'cancel-by-email', step: 'Find the confirmation email' }]);
});

test('no-response-time: the contact page\'s missing promise is a check finding and the journey completes', async () => {
  const r = await auditAcme('no-response-time', { grep: grepOf(['find-contact']) });
  expect(r.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
  expect(pointsOf(r).map(key)).toEqual([key({ rule: 'no-promised-timeframe', journey: 'find-contact', step: 'Find the promised response time' })]);
  expect(point(r, 'no-promised-timeframe')[0]).toMatchObject({ severity: 'minor', title: 'No promised response time' });
});

test('an early check fails and a later step fails: both are reported', async () => {
  const r = await auditAcme('no-response-time,cancel-fails', { paths: ['tests/e2e/fixtures/journeys'] });
  expect(r.scorecard.summary.runs).toMatchObject({ total: 1, failed: 1 });
  const keys = pointsOf(r).map(key);
  expect(keys).toContain(key({ rule: 'no-promised-timeframe', journey: 'contact-then-cancel', step: 'Find the promised response time' }));
  expect(keys).toContain(key({ rule: 'dead-end', journey: 'contact-then-cancel', step: 'Cancel the order' }));
});

test('locked-account: one friction point across journeys, quoting the banner, naming who it hit; persona-disparity', async () => {
  const r = await auditAcme('locked-account', { configFile: TWO, grep: grepOf(['account-orders', 'warranty-claim']) });
  const deadEnds = point(r, 'dead-end');
  expect(deadEnds).toHaveLength(1);
  const [d] = deadEnds;
  expect(d.places.map((p) => [p.journeyId, p.stepName, p.runsHit, p.runsTotal]).sort()).toEqual([
    ['account-orders', 'Sign in', 1, 2],
    ['warranty-claim', 'Sign in', 1, 2],
  ]);
  expect(d.personas).toEqual([
    { persona: 'sam', runsHit: 2, runsTotal: 2 },
    { persona: 'alex', runsHit: 0, runsTotal: 2 },
  ]);
  expect(d.message).toContain('the page said “Your account is locked. Please call us on +1 555 0100 to unlock it.”');
  expect(d.message).not.toMatch(/getBy|css|\[data-|Timeout \d/);
  const [parity] = point(r, 'persona-disparity');
  expect(parity.places.map((p) => p.journeyId).sort()).toEqual(['account-orders', 'warranty-claim']);
  expect(parity.personas[0]).toEqual({ persona: 'sam', runsHit: 2, runsTotal: 2 });
  onlySerious(r, [
    ...['account-orders', 'warranty-claim'].flatMap((journey) => [
      { rule: 'dead-end', journey, step: 'Sign in' },
      { rule: 'persona-disparity', journey, step: 'Sign in' },
    ]),
  ]);
});

test('persona-slow: one persona served 3 s slower is persona-disparity at the step', async () => {
  const r = await auditAcme('persona-slow', { configFile: TWO, grep: grepOf(['account-orders', 'warranty-claim']) });
  expect(r.scorecard.summary.runs).toMatchObject({ total: 4, completed: 4 });
  const [parity, ...rest] = point(r, 'persona-disparity');
  expect(rest).toEqual([]);
  expect(parity.places.map((p) => [p.journeyId, p.stepName]).sort()).toEqual([
    ['account-orders', 'Sign in'],
    ['warranty-claim', 'Sign in'],
  ]);
  expect(parity.personas[0]).toMatchObject({ persona: 'sam', runsHit: 2 });
  expect(parity.message).toContain('for persona sam');
  onlySerious(r, ['account-orders', 'warranty-claim'].map((journey) => ({ rule: 'persona-disparity', journey, step: 'Sign in' })));
});

test('third-party-noise: failing fonts and telemetry from another host are info only; the score is unchanged', async () => {
  const journeys = grepOf(['find-contact', 'order-standard']);
  const clean = await auditAcme('', { grep: journeys });
  const noisy = await auditAcme('third-party-noise', { grep: journeys });
  const http = point(noisy, 'http-error');
  expect(http.length).toBeGreaterThan(0);
  expect(http.map((p) => p.severity)).toEqual(http.map(() => 'info'));
  expect(http.map((p) => p.message).join('\n')).toContain('127.0.0.2');
  expect(noisy.scorecard.summary.score).toBe(clean.scorecard.summary.score);
  expect(serious(noisy)).toEqual([]);
  // The requests are recorded, marked as another site's.
  const failed = records(noisy).flatMap((run) => run.observations.failedRequests);
  expect(failed.length).toBeGreaterThan(0);
  expect(failed.every((f) => f.thirdParty === true)).toBe(true);
});

test('confirm-cancel: the confirm dialog is recorded and answered OK, and the journey completes', async () => {
  const r = await auditAcme('confirm-cancel', { grep: grepOf(['cancel-after-submit']) });
  expect(r.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
  const [run] = records(r);
  const [dialog] = run.observations.dialogs;
  expect(dialog).toMatchObject({ kind: 'confirm', answer: 'accept', expected: false });
  expect(dialog.message).toMatch(/^Are you sure you want to cancel order A\d+\?$/);
  expect(run.steps[dialog.stepIndex!].name).toBe('Cancel the order');
  expect(pointsOf(r).map(key)).toEqual([key({ rule: 'unexpected-dialog', journey: 'cancel-after-submit', step: 'Cancel the order' })]);
  expect(point(r, 'unexpected-dialog')[0].severity).toBe('minor');
});

test('long-form: questions-asked counts the 17 questions the return form shows, not the 3 the journey answers', async () => {
  const r = await auditAcme('long-form', { grep: grepOf(['return-item']) });
  expect(r.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
  const [q] = point(r, 'questions-asked');
  expect(q).toMatchObject({ journeyId: 'return-item', stepName: 'Choose what to return', severity: 'minor' });
  expect(q.evidence.metric).toMatchObject({ name: 'questionsAsked', value: 17 });
  onlySerious(r, []);
});

test('error-banner: the checkout refusing valid input is one dead end across journeys, quoting the page', async () => {
  const orders = ['order-standard', 'order-pickup', 'cancel-after-submit'];
  const r = await auditAcme('error-banner', { grep: grepOf(orders) });
  expect(r.scorecard.summary.runs).toMatchObject({ total: 3, failed: 3 });
  const [d, ...rest] = point(r, 'dead-end');
  expect(rest).toEqual([]);
  expect(d.places.map((p) => p.journeyId).sort()).toEqual([...orders].sort());
  expect(d.places.every((p) => p.stepName === 'Place the order')).toBe(true);
  expect(d.message).toContain('the page said “We could not verify your address. Please check your postcode.”');
  expect(d.evidence.excerpt).toContain('Postcode: “Postcode not recognised”');
  // The customer read the error and gave up; they did not sit out their patience.
  const [run] = records(r);
  expect(run.steps.at(-1)!.error!.message).toContain('the page showed an error instead');
  // The score counts the cause once: one critical point, not three.
  expect(r.scorecard.summary.frictionPoints).toBe(r.scorecard.frictionPoints.length);
  onlySerious(r, orders.map((journey) => ({ rule: 'dead-end', journey, step: 'Place the order' })));
});

test('checks on a chat answer and an email carry on; a dialog the step expects is no friction', async () => {
  const r = await auditAcme('confirm-cancel', { configFile: 'tests/e2e/fixtures/checks.config.ts' });
  expect(r.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
  const [run] = records(r);
  const checks = run.steps.flatMap((s) => (s.checks ?? []).map((c) => [s.name, c.on, c.passed]));
  expect(checks).toEqual([
    ['The bot gives the returns window', 'chat', true],
    ['The bot offers free return shipping', 'chat', false],
    ['The confirmation names the order and its total', 'email', true],
    ['The confirmation gives a delivery date', 'email', false],
    ['No error is shown on the order page', 'page', true],
  ]);
  expect(pointsOf(r).map(key).sort()).toEqual([
    key({ rule: 'no-free-returns', journey: 'checks-everywhere', step: 'The bot offers free return shipping' }),
    key({ rule: 'vague-confirmation', journey: 'checks-everywhere', step: 'The confirmation gives a delivery date' }),
  ]);
  const [vague] = point(r, 'vague-confirmation');
  expect(vague).toMatchObject({ title: 'Order confirmation leaves questions open', severity: 'major' });
  expect(vague.evidence.excerpt![0]).toMatch(/^“Your Acme order A\d+” from orders@acme\.example: /);
  expect(point(r, 'no-free-returns')[0].message).toBe('The chat does not say whether returns are free.');
  // The confirm dialog came, was answered as the step said, and is no friction.
  expect(run.observations.dialogs).toMatchObject([{ kind: 'confirm', answer: 'accept', expected: true }]);
  expect(point(r, 'unexpected-dialog')).toEqual([]);
});
