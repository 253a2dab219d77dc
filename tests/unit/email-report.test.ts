// Emails in the scorecard: in the run and journey they belong to, with the step that set them
// off and the reply path; every part of an email is escaped in the HTML.
import { expect, test } from '@playwright/test';
import { buildScorecard } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { Scorecard } from '../../src/model/scorecard.ts';
import { RunRecord } from '../../src/model/run-record.ts';
import { HOSTILE, makeMeta, makeRun } from './fixtures/scorecard-data.ts';

function runWithEmails(): RunRecord {
  const base = makeRun({ journeyId: 'reply' });
  return RunRecord.parse({
    ...base,
    channels: { email: {
      address: 'alex+reply@shopper.mystery-shopper.test',
      received: [
        {
          id: 'm1',
          atMs: 1200,
          receivedAt: '2026-01-01T09:00:01.200Z',
          stepIndex: 1,
          from: 'no-reply@shop.test',
          fromName: `Shop ${HOSTILE}`,
          replyTo: [],
          to: ['alex+reply@shopper.mystery-shopper.test'],
          subject: `Your order ${HOSTILE}`,
          text: `Hello ${HOSTILE}`,
          html: `<p>${HOSTILE}</p>`,
          links: [{ text: HOSTILE, href: 'javascript:alert(1)' }],
        },
      ],
      sent: [{ id: 's1', messageId: '<s1@x>', atMs: 2000, stepIndex: 2, to: 'support@shop.test', subject: 'Re: Your order', text: 'A question', error: '550 refused' }],
      expectations: [{ stepIndex: 1, triggerStepIndex: 0, kind: 'email', label: 'email.expect', withinMs: 5000, fromMs: 1000, emailId: 'm1', delayMs: 200 }],
      linksOpened: [],
    } },
  });
}

test('the scorecard keeps each run\'s emails with their steps, and the HTML escapes every part', () => {
  const sc = Scorecard.parse(buildScorecard({ runs: [runWithEmails()], findings: [], meta: makeMeta() }));
  const emails = sc.journeys[0].runs[0].channels!.email!;
  expect(emails.map((e) => e.direction)).toEqual(['received', 'sent']);
  expect(emails[0]).toMatchObject({ triggerStepIndex: 0, delayMs: 200, replyTo: [], subject: `Your order ${HOSTILE}` });
  expect(emails[0].replyPath).toBeUndefined();
  expect(emails[1]).toMatchObject({ to: 'support@shop.test', error: '550 refused' });

  const html = renderHtml(sc);
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).not.toContain('<img src=x');
  expect(html).not.toContain('href="javascript:');
  expect(html).toContain('Your order &lt;script&gt;');
  expect(html).toContain('none: a no-reply sender');
  expect(html).toContain('550 refused');
});

test('runs without emails carry no emails field (old scorecards and web journeys stay the same)', () => {
  const sc = buildScorecard({ runs: [makeRun()], findings: [], meta: makeMeta() });
  expect(sc.journeys[0].runs[0].channels?.email).toBeUndefined();
  expect(renderHtml(sc)).not.toContain('class="emails"');
});
