// Waits longer than the audit: an answer to the customer's email is due within 24 h, the audit
// sits out 1 s of it (waitInAuditMs), ends with the check pending (exit 0, not failed), and
// `mystery-shopper resume` (a real process) listens where the audit's inbox listened, gets
// Acme's answer (knob support-reply) over real SMTP, measures it from the customer's email and
// rewrites the scorecard. Real Acme, real browser, real SMTP both ways.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme } from '../../fixtures/acme/server.ts';
import { startInboxAudit } from '../../src/channels/email/channel.ts';
import { reportResult } from '../../src/cli/output.ts';
import { RunRecord } from '../../src/model/run-record.ts';
import { runAudit } from '../../src/pipeline.ts';
import { cli } from './cli-process.ts';
import { ROOT, tempDir } from './helpers.ts';

const ANSWER_MS = 6000;

const recordOf = (dir: string): RunRecord => RunRecord.parse(JSON.parse(readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n')[0]));

test('an answer due within 24 h is pending when the audit ends, and resume measures it from the customer\'s email', async () => {
  test.setTimeout(90_000);
  const email = await startInboxAudit();
  const acme = await startAcme({ friction: `support-reply:${ANSWER_MS}`, smtp: { host: email.inbox.host, port: email.inbox.port } });
  email.inbox.relay = acme.mail;
  try {
    const audit = await runAudit({ cwd: ROOT, configFile: 'tests/e2e/fixtures/resume.config.ts', baseURL: acme.url, out: tempDir(), channels: [email] });
    // The audit's inbox goes with the audit (as in a nightly job): resume must listen for itself.
    await email.inbox.close();
    const resumed = cli(['resume', audit.dir, '--wait', '30s']);

    // Pending is neither passed nor failed: exit 0, every output says what still waits.
    expect(reportResult(audit, ROOT)).toBe(0);
    const before = recordOf(audit.dir);
    expect(before.status).toBe('pending');
    expect(before.steps.at(-1)).toMatchObject({ name: 'Wait for the answer', status: 'pending' });
    expect(before.pending).toEqual([expect.objectContaining({ stepName: 'Wait for the answer', withinMs: 86_400_000, patienceMs: 86_400_000, stepsNotRun: 0 })]);
    expect(audit.scorecard.pending).toEqual([expect.objectContaining({ journeyId: 'ask-support', stepName: 'Wait for the answer', outcome: 'pending' })]);
    expect(audit.scorecard.summary.runs.pending).toBe(1);
    expect(audit.scorecard.frictionPoints.map((p) => p.ruleId)).not.toContain('no-acknowledgement');
    expect(readFileSync(join(audit.dir, 'index.html'), 'utf8')).toContain('<strong>PENDING</strong>: 1 check still waiting');
    expect(readFileSync(join(audit.dir, 'summary.md'), 'utf8')).toContain('**Pending: 1 check.**');
    expect(readFileSync(join(audit.dir, 'junit.xml'), 'utf8')).toContain('<skipped message="pending: “Wait for the answer” waits for the answer');
    const sent = before.channels!.email!.sent.at(-1)!;

    const r = await resumed;
    expect(r.stderr).toContain('“Wait for the answer” waits for the answer to the customer\'s email');
    expect(r.stdout).toContain('Settled 1 of 1 pending wait: 1 arrived, 0 missing.');
    expect(r.code).toBe(0);

    const after = recordOf(audit.dir);
    expect(after.status).toBe('completed');
    expect(after.steps.at(-1)).toMatchObject({ status: 'passed', waits: [expect.objectContaining({ outcome: 'in-time' })] });
    const x = after.channels!.email!.expectations.at(-1)!;
    const answer = after.channels!.email!.received.find((e) => e.id === x.emailId)!;
    expect(answer.text).toContain('Here is our answer');
    expect(answer.inReplyTo).toBe(sent.messageId);
    // Measured from the customer's email, not from when resume started: Acme answered 6 s after it.
    expect(x.delayMs!).toBeGreaterThanOrEqual(ANSWER_MS - 100);
    expect(x.delayMs!).toBeLessThan(ANSWER_MS + 2500);
    expect(after.pending![0].resolved).toMatchObject({ outcome: 'arrived', delayMs: x.delayMs });

    const scorecard = JSON.parse(readFileSync(join(audit.dir, 'scorecard.json'), 'utf8'));
    expect(scorecard.pending).toBeUndefined();
    expect(scorecard.summary.runs).toMatchObject({ completed: 1, pending: 0 });
    const html = readFileSync(join(audit.dir, 'index.html'), 'utf8');
    expect(html).not.toContain('<strong>PENDING</strong>');
    expect(html).toContain('Here is our answer');

    // Again: nothing is pending, the scorecard is rebuilt as it was.
    const again = await cli(['resume', audit.dir]);
    expect(again.stdout).toContain('Nothing is pending');
    expect(again.code).toBe(0);
  } finally {
    await acme.close();
    await email.inbox.close();
  }
});

test('resume of a folder that is not a report is bad input (exit 2)', async () => {
  const r = await cli(['resume', tempDir()]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/no runs\.jsonl in /);
});
