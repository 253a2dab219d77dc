// The phone channel's part of the scorecard: each call at a glance and its transcript, built from
// the record and the phone analysis, and escaped in the HTML like everything a company's line says.
import { expect, test } from '@playwright/test';
import { analyseChannels } from '../../src/friction/analyse.ts';
import { RunRecord } from '../../src/model/run-record.ts';
import { Scorecard } from '../../src/model/scorecard.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { HOSTILE, makeMeta, makeRun } from './fixtures/scorecard-data.ts';

function runWithCall(): RunRecord {
  return RunRecord.parse({
    ...makeRun({ journeyId: 'call' }),
    channels: {
      phone: {
        calls: [
          {
            callSid: `CA${'1'.repeat(32)}`,
            url: 'https://ivr.example/voice',
            from: '+15005550006',
            to: '+15005550001',
            placedAtMs: 0,
            placedInStep: 0,
            endedAtMs: 9000,
            ended: 'company-hung-up',
            requests: 2,
            events: [
              { atMs: 0, durationMs: 2000, stepIndex: 0, kind: 'say', text: `Welcome ${HOSTILE}. For returns, press 2.` },
              { atMs: 2000, stepIndex: 0, kind: 'menu', menu: { input: ['dtmf'], timeoutMs: 5000, action: 'https://ivr.example/choose', key: 'choose' } },
              { atMs: 2000, stepIndex: 1, kind: 'press', text: '2' },
              { atMs: 2100, stepIndex: 1, kind: 'redirect', url: 'https://ivr.example/returns?x=1' },
              { atMs: 2100, durationMs: 4000, stepIndex: 1, kind: 'say', text: 'Please visit our website. Goodbye.' },
              { atMs: 6100, stepIndex: 1, kind: 'unknown', text: HOSTILE },
              { atMs: 9000, stepIndex: 1, kind: 'hangup', by: 'company' },
            ],
          },
        ],
      },
    },
  });
}

test('the scorecard keeps each call at a glance and its transcript, and the HTML escapes every word the line said', () => {
  const runs = [runWithCall()];
  const sc = Scorecard.parse(buildScorecard({ runs, findings: [], meta: makeMeta(), analyses: analyseChannels(runs) }));
  const [call] = sc.journeys[0].runs[0].channels!.phone!.calls;
  expect(call.metrics).toMatchObject({ durationMs: 9000, menus: 1, transfers: 0, repeats: 0, queueMs: 0, holdMs: 0 });
  expect(call.metrics.timeToPersonMs).toBeUndefined();
  expect(call.lines.map((l) => `${l.who}: ${l.text}`)).toEqual([
    `line: Welcome ${HOSTILE}. For returns, press 2.`,
    "call: the line waits for the caller's keys (up to 5 s)",
    'caller: pressed 2',
    'call: the line moved the call to /returns?x=1',
    'line: Please visit our website. Goodbye.',
    `call: an instruction this tool does not play: <${HOSTILE}>`,
    'call: the line ended the call',
  ]);
  const html = renderHtml(sc);
  expect(html).toContain('Phone calls of run');
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('Welcome &lt;script&gt;');
  expect(html).toContain('the line ended the call');
});

test('runs without calls carry no phone part, and the HTML shows no call section', () => {
  const sc = buildScorecard({ runs: [makeRun()], findings: [], meta: makeMeta() });
  expect(sc.journeys[0].runs[0].channels?.phone).toBeUndefined();
  expect(renderHtml(sc)).not.toContain('Phone calls of run');
});
