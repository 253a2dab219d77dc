// History and regressions (issue 17, parts 1 and 2) against the demo company: every audit is
// recorded in the history store; the third, with Acme's checkout slowed (knob slow-checkout), has
// a `slow-down` at “Place the order” and both its findings are new; the fourth, clean again,
// marks them fixed; twenty clean audits raise no slow-down (false-alarm check). Each audit gets
// a fresh Acme on a port picked at random: `history.site` names the site, as a user would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme } from '../../fixtures/acme/server.ts';
import { runAudit, type AuditResult } from '../../src/pipeline.ts';
import { cli } from './cli-process.ts';
import { ROOT, tempDir } from './helpers.ts';

const JOURNEYS = join(ROOT, 'tests/e2e/fixtures/journeys-history');

function project(): string {
  const cwd = tempDir('ms-history-');
  writeFileSync(
    join(cwd, 'mystery-shopper.config.json'),
    JSON.stringify({
      journeys: [JOURNEYS],
      personas: { alex: { name: 'Alex Morgan', email: 'alex@example.com', address: '12 Harbour Street', city: 'Springfield', postcode: '12345', card: { value: '4242 4242 4242 4242', secret: true } } },
      concurrency: 2,
      patienceMs: 15_000,
      screenshots: 'off',
      pageHealth: { accessibility: false },
      history: { site: 'acme' },
    }),
  );
  return cwd;
}

async function audit(cwd: string, friction: string, opts: { grep: string; labels?: string[]; failOnRegression?: boolean }): Promise<AuditResult> {
  const acme = await startAcme({ friction });
  try {
    return await runAudit({ cwd, baseURL: acme.url, grep: opts.grep, ...(opts.labels && { labels: opts.labels }), ...(opts.failOnRegression && { failOnRegression: true }) });
  } finally {
    await acme.close();
  }
}

const rulesAt = (r: AuditResult, rule: string) => r.scorecard.frictionPoints.filter((p) => p.ruleId === rule);

test('a slower checkout in the third audit is a new slow-down; the fourth, clean again, marks it fixed; by label, the latest of each side by side', async () => {
  test.setTimeout(150_000);
  const cwd = project();
  const first = await audit(cwd, 'none', { grep: 'order-often' });
  expect(first.scorecard.history).toMatchObject({ audits: [expect.objectContaining({ current: true })], points: [], fixed: [] });
  const second = await audit(cwd, 'none', { grep: 'order-often' });
  expect(rulesAt(second, 'slow-down')).toEqual([]);
  expect(second.scorecard.history!.audits).toHaveLength(2);

  // The checkout answers 1.5 s later: over the step's 1.5 s budget, and far slower than before.
  const third = await audit(cwd, 'slow-checkout:1500', { grep: 'order-often', failOnRegression: true });
  const [slowDown] = rulesAt(third, 'slow-down');
  expect(slowDown, JSON.stringify(third.scorecard.frictionPoints.map((p) => p.message))).toMatchObject({ journeyId: 'order-often', stepName: 'Place the order' });
  expect(slowDown.message).toMatch(/^“Place the order” takes .* now \(median of 5 runs\) against .* in the last 2 audits .*\(median of 10 runs\)(, and \d+ % slower than the rest of this audit, which ran [\d.]+× its baseline)?; rank test p = /);
  expect(slowDown.evidence.metric).toMatchObject({ name: 'medianStepMs', unit: 'ms' });
  expect(slowDown.evidence.metric!.value - slowDown.evidence.metric!.threshold!).toBeGreaterThan(800);
  const slowStep = rulesAt(third, 'slow-step');
  expect(slowStep.map((p) => p.stepName)).toEqual(['Place the order']);
  // Both met for the first time.
  const status = new Map(third.scorecard.history!.points.map((p) => [p.key, p.status]));
  expect(status.get(slowDown.key)).toBe('new');
  expect(status.get(slowStep[0].key)).toBe('new');
  expect(third.scorecard.history!.baseline).toMatchObject({ from: 'recent', audits: 2 });
  // --fail-on-regression: the slow-down fails the audit although it is below failOn.
  expect(third.failing.map((f) => f.ruleId)).toContain('slow-down');
  expect(third.scorecard.failOnRules).toEqual(['slow-down', 'page-changed']);
  const html = readFileSync(third.htmlPath, 'utf8');
  expect(html).toContain('Over time');
  expect(html).toContain('<span class="seen seen-new"');
  expect(html).toMatch(/<polyline points="[\d., ]+"/);

  const fourth = await audit(cwd, 'none', { grep: 'order-often' });
  expect(rulesAt(fourth, 'slow-down')).toEqual([]);
  expect(rulesAt(fourth, 'slow-step')).toEqual([]);
  expect(fourth.scorecard.history!.fixed.map((f) => f.key).sort()).toEqual([slowDown.key, slowStep[0].key].sort());
  expect(fourth.scorecard.history!.fixed.find((f) => f.key === slowDown.key)).toMatchObject({ title: 'Slower than before', stepName: 'Place the order' });
  expect(readFileSync(fourth.htmlPath, 'utf8')).toContain('Fixed since the last audit');
  // Its sparkline has the four audits, the third the slowest.
  const trend = fourth.scorecard.history!.journeys.find((j) => j.journeyId === 'order-often')!.points;
  expect(trend).toHaveLength(4);
  expect(Math.max(...trend.map((p) => p.medianMs))).toBe(trend[2].medianMs);

  // `report DIR` rebuilds the same comparison from the folder (history.json, baseline.json).
  const rebuilt = await cli(['report', third.dir], cwd);
  // …and is still failed by its slow-down (--fail-on-regression is kept in meta.json).
  expect(rebuilt.code, rebuilt.stderr).toBe(1);
  expect(rebuilt.stdout).toContain('or of slow-down, page-changed');
  const again = JSON.parse(readFileSync(join(third.dir, 'scorecard.json'), 'utf8'));
  expect(again.history.points).toEqual(third.scorecard.history!.points);
  expect(again.frictionPoints.some((p: { ruleId: string }) => p.ruleId === 'slow-down')).toBe(true);

  // After hours (a label): its own series, and the latest audit of each label side by side.
  const night = await audit(cwd, 'slow-checkout:1500', { grep: 'order-often', labels: ['after-hours'] });
  const h = night.scorecard.history!;
  expect(h.labels).toEqual(['after-hours']);
  expect(h.audits).toHaveLength(1);
  expect(rulesAt(night, 'slow-down')).toEqual([]);
  expect(h.byLabel.map((c) => c.labels)).toEqual([['after-hours'], []]);
  expect(h.byLabel[0].only.map((p) => p.title)).toContain('Slow step');
  expect(h.byLabel[1].audit.startedAt).toBe(fourth.scorecard.startedAt);

  // `mystery-shopper history` prints the trends of both series.
  const printed = await cli(['history'], cwd);
  expect(printed.code, printed.stderr).toBe(0);
  expect(printed.stdout).toContain('acme: 4 audits shown');
  expect(printed.stdout).toContain('acme [after-hours]: 1 audit shown');
  expect(printed.stdout).toMatch(/1 new, 0 fixed/);
  expect(printed.stdout).toMatch(/0 new, 2 fixed/);
  expect(printed.stdout).toContain('Order the espresso machine: ');
});

test('twenty clean audits: no slow-down (false-alarm check)', async () => {
  test.setTimeout(240_000);
  const cwd = project();
  const acme = await startAcme({});
  const alarms: string[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const r = await runAudit({ cwd, baseURL: acme.url, grep: 'help-often', concurrency: 3 });
      expect(r.scorecard.summary.runs.completed).toBe(3);
      alarms.push(...rulesAt(r, 'slow-down').map((p) => `audit ${i + 1}: ${p.message}`));
      if (i === 19) expect(r.scorecard.history!.baseline).toMatchObject({ from: 'recent', audits: 10 });
    }
  } finally {
    await acme.close();
  }
  expect(alarms).toEqual([]);
});

test('--baseline that is not a report folder is bad input (exit 2) before anything runs', async () => {
  const cwd = project();
  const r = await cli(['run', '--base-url', 'http://127.0.0.1:9', '--baseline', 'nowhere'], cwd);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--baseline nowhere is not a report folder');
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
