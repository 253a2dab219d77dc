// The phone knobs are the ground truth of the phone channel: the tool plays the telephony provider
// against Acme's real TwiML webhooks. With a knob on, its phone finding appears on the named
// journey and step, quoting the call; with none, no phone finding at all.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme } from '../../fixtures/acme/server.ts';
import { runAudit, type AuditResult } from '../../src/pipeline.ts';
import { key, pointsOf, recordsOf, tempDir, type Point } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG = 'tests/e2e/fixtures/phone.config.ts';
const PHONE_RULES = ['ivr-depth', 'slow-to-person', 'hold-wait', 'phone-transfer', 'ivr-loop', 'no-person-option', 'phone-closed-no-hours', 'long-prompt', 'slow-prompt', 'repeated-question'];
const JOURNEYS = ['phone-repair', 'phone-return', 'phone-warranty'];
const everywhere = (rule: string, step: string) => JOURNEYS.map((journey) => ({ rule, journey, step }));

async function callAcme(friction: string, opts: { grep?: string; phoneAuthToken?: string } = {}): Promise<AuditResult> {
  const acme = await startAcme({ friction, ...(opts.phoneAuthToken ? { phoneAuthToken: opts.phoneAuthToken } : {}) });
  try {
    return await runAudit({ cwd: ROOT, configFile: CONFIG, baseURL: acme.url, out: tempDir(), grep: opts.grep ?? '@phone' });
  } finally {
    await acme.close();
  }
}

const expected: Record<string, Array<Pick<Point, 'rule' | 'journey' | 'step'>>> = {
  // The return caller speaks instead of pressing: the deep menus pass a silent caller on, one timeout at a time.
  'ivr-deep': [
    { rule: 'ivr-depth', journey: 'phone-repair', step: 'Choose repairs' },
    { rule: 'ivr-depth', journey: 'phone-warranty', step: 'Choose warranty claims' },
    { rule: 'ivr-depth', journey: 'phone-return', step: 'Wait for a person' },
  ],
  'ivr-hold': everywhere('hold-wait', 'Stay on the line until goodbye'),
  'ivr-transfers:2': everywhere('phone-transfer', 'Stay on the line until goodbye'),
  'ivr-no-person': [
    { rule: 'no-person-option', journey: 'phone-repair', step: 'Choose repairs' },
    { rule: 'no-person-option', journey: 'phone-warranty', step: 'Choose warranty claims' },
    { rule: 'no-person-option', journey: 'phone-return', step: 'Choose returns' },
  ],
  'ivr-loop': [
    { rule: 'ivr-loop', journey: 'phone-repair', step: 'Choose repairs' },
    { rule: 'ivr-loop', journey: 'phone-warranty', step: 'Choose warranty claims' },
    { rule: 'ivr-loop', journey: 'phone-return', step: 'Choose returns' },
  ],
  'ivr-closed': everywhere('phone-closed-no-hours', 'Call the service line'),
  'ivr-reasks-order': everywhere('repeated-question', 'Wait for a person'),
  'ivr-long-prompt': everywhere('long-prompt', 'Call the service line'),
};

test('no knob: the phone journeys complete with no phone finding, and the scorecard shows each call', async () => {
  const result = await callAcme('');
  expect(result.scorecard.summary.runs).toMatchObject({ total: 3, completed: 3, failed: 0, errored: 0 });
  expect(pointsOf(result).filter((p) => PHONE_RULES.includes(p.rule)).map(key)).toEqual([]);
  const repair = recordsOf(result).find((r) => r.journeyId === 'phone-repair')!;
  const [call] = repair.channels!.phone!.calls;
  const heard = call.events.filter((e) => e.kind === 'say').map((e) => e.text);
  expect(heard[0]).toMatch(/^Thank you for calling Acme\./);
  expect(call.events.filter((e) => e.kind === 'press').map((e) => e.text)).toEqual(['4', '10042#']);
  expect(call.events.find((e) => e.kind === 'dial')?.handover).toMatchObject({ kind: 'client', target: 'maya', person: true });
  // After the agent, Acme's line says goodbye and ends the call itself.
  expect(call).toMatchObject({ ended: 'company-hung-up' });
  // The customer's clock: the welcome and menu are listened to (words at 150 a minute), not waited out.
  const menuStep = repair.steps.find((s) => s.name === 'Call the service line')!;
  expect(menuStep.durationMs).toBeGreaterThan(5000);
  expect(menuStep.screenshot).toBeUndefined();
  // The scorecard keeps the call at a glance and the transcript; the HTML shows it.
  const run = result.scorecard.journeys.find((j) => j.id === 'phone-repair')!.runs[0];
  expect(run.channels?.phone?.calls[0].metrics).toMatchObject({ menus: 2, transfers: 0, repeats: 0 });
  expect(run.channels?.phone?.calls[0].metrics.timeToPersonMs).toBeGreaterThan(0);
  const html = readFileSync(result.htmlPath, 'utf8');
  expect(html).toContain('Phone calls of run alex #1');
  expect(html).toContain('pressed 10042#');
});

for (const [knob, wanted] of Object.entries(expected)) {
  test(`knob ${knob}: its phone finding appears where it should, quotes the call, and no other phone finding`, async () => {
    const result = await callAcme(knob);
    const phone = pointsOf(result).filter((p) => PHONE_RULES.includes(p.rule));
    expect([...new Set(phone.map(key))].sort()).toEqual([...new Set(wanted.map(key))].sort());
    // One cause, one friction point: the line's problem met by three journeys is one card.
    expect(result.scorecard.frictionPoints.filter((p) => PHONE_RULES.includes(p.ruleId))).toHaveLength(1);
    for (const p of result.scorecard.frictionPoints.filter((p) => PHONE_RULES.includes(p.ruleId))) {
      expect(p.evidence.excerpt?.length ?? 0, `${p.ruleId} quotes the call`).toBeGreaterThan(0);
    }
  });
}

test('knob ivr-queue: a long queue before a person is slow-to-person, not hold-wait', async () => {
  const result = await callAcme('ivr-queue:12000', { grep: '^phone-repair ' });
  const phone = pointsOf(result).filter((p) => PHONE_RULES.includes(p.rule));
  expect(phone.map(key)).toEqual([key({ rule: 'slow-to-person', journey: 'phone-repair', step: 'Wait for a person' })]);
  // Queue time is real: the driver sat through the wait prompts until Acme let the caller go.
  const [call] = result.scorecard.journeys[0].runs[0].channels!.phone!.calls;
  expect(call.metrics.queueMs).toBeGreaterThanOrEqual(11_000);
  expect(call.metrics.holdMs).toBe(0);
  // The hold music's real length, read from the header of the WAV Acme serves.
  const [record] = recordsOf(result);
  expect(record.channels!.phone!.calls[0].events.find((e) => e.kind === 'play')?.durationMs).toBe(2000);
});

test('signed requests: a line that checks X-Twilio-Signature takes the calls; a wrong token is the line failing, and no token is written anywhere', async () => {
  const TOKEN = 'acme-test-auth-token-5f2c9e';
  const saved = process.env.TWILIO_AUTH_TOKEN;
  try {
    process.env.TWILIO_AUTH_TOKEN = TOKEN;
    const ok = await callAcme('', { grep: '^phone-repair ', phoneAuthToken: TOKEN });
    expect(ok.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
    process.env.TWILIO_AUTH_TOKEN = 'not-the-token-acme-has';
    const refused = await callAcme('', { grep: '^phone-repair ', phoneAuthToken: TOKEN });
    const [run] = recordsOf(refused);
    expect(run.status).toBe('failed');
    expect(run.stoppedAt).toMatchObject({ stepName: 'Call the service line' });
    expect(run.stoppedAt?.reason).toMatch(/HTTP 403/);
    for (const dir of [ok.dir, refused.dir]) {
      for (const file of readdirSync(dir, { recursive: true }) as string[]) {
        const path = join(dir, file);
        if (statSync(path).isFile()) expect(readFileSync(path, 'utf8').includes(TOKEN), file).toBe(false);
      }
    }
  } finally {
    if (saved === undefined) delete process.env.TWILIO_AUTH_TOKEN;
    else process.env.TWILIO_AUTH_TOKEN = saved;
  }
});

test('an IVR shaped unlike Acme: GET actions, a speech-first menu, pauses, a number dialled; the journey completes and the transcript is the call', async () => {
  // "Globex Utilities": relative action URLs fetched with GET, a menu that listens for words first,
  // a six-digit account number asked for with numDigits (no # key), and a person reached by a number.
  const { serveHttp } = await import('./helpers.ts');
  const twiml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${body}</Response>`;
  const ivr = await serveHttp((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let chunks = '';
    req.on('data', (c) => (chunks += c));
    req.on('end', () => {
      const form = new URLSearchParams(req.method === 'GET' ? url.search : chunks);
      const send = (body: string) => res.writeHead(200, { 'content-type': 'text/xml' }).end(twiml(body));
      if (url.pathname === '/ivr/start') {
        return send(
          '<Say voice="alice" language="en-GB">Welcome to Globex Utilities. Calls are recorded for training.</Say><Pause length="2"/>' +
            '<Gather input="speech dtmf" action="menu" method="GET" timeout="3" hints="billing, outage, moving"><Say>Tell us in a few words why you are calling, or press 1 for billing, press 2 to report an outage.</Say></Gather>' +
            '<Redirect method="POST">start</Redirect>',
        );
      }
      if (url.pathname === '/ivr/menu') {
        if (/mov/i.test(form.get('SpeechResult') ?? '')) {
          return send('<Say>To move your account, we need your account number.</Say><Gather numDigits="6" action="/ivr/account"><Say>Please enter your six digit account number.</Say></Gather><Say>We did not get that.</Say><Hangup/>');
        }
        return send('<Say>Sorry, we can only help with moving today.</Say><Hangup/>');
      }
      if (url.pathname === '/ivr/account' && form.get('Digits') === '123456') return send('<Say>Thanks. Connecting you now.</Say><Dial timeout="20"><Number>+15005550009</Number></Dial>');
      res.writeHead(404).end();
    });
  });
  const dir = tempDir('ms-globex-');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    join(dir, 'moving.journey.yaml'),
    [
      'id: moving-house',
      'name: Tell the utility I am moving',
      'steps:',
      '  - name: Call',
      '    phone.call: { url: /ivr/start, answers: [{ when: "/account number/i", press: "123456" }] }',
      '  - name: Say why',
      '    phone.say: I am moving house next month',
      '  - name: Reach a person',
      '    phone.expectPerson: {}',
      '  - name: Hang up',
      '    phone.hangup: {}',
      '',
    ].join('\n'),
  );
  try {
    const result = await runAudit({ cwd: ROOT, configFile: CONFIG, baseURL: ivr.url, paths: [dir], out: tempDir() });
    expect(result.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
    expect(pointsOf(result).filter((p) => PHONE_RULES.includes(p.rule)).map(key)).toEqual([]);
    const [run] = recordsOf(result);
    const [call] = run.channels!.phone!.calls;
    expect(call.events.map((e) => e.kind)).toEqual(['say', 'pause', 'say', 'menu', 'speech', 'say', 'say', 'menu', 'press', 'say', 'dial', 'hangup']);
    expect(call.events.find((e) => e.kind === 'pause')?.durationMs).toBe(2000);
    expect(call.events.find((e) => e.kind === 'speech')?.text).toBe('I am moving house next month');
    expect(call.events.find((e) => e.kind === 'press')?.text).toBe('123456');
    expect(call.events.find((e) => e.kind === 'dial')?.handover).toEqual({ kind: 'number', target: '+15005550009', person: true });
    expect(call.ended).toBe('caller-hung-up');
  } finally {
    await ivr.close();
  }
});
