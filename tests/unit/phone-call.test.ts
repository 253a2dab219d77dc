// The phone driver against a real voice webhook (node:http on 127.0.0.1) serving recorded TwiML:
// what the caller hears and when, menus, answers, queues in real time, hand-overs, and an IVR
// that fails, hangs or loops (an error event, never a throw).
import { expect, test } from '@playwright/test';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_AUDIO_BYTES, PhoneCall, type CallAnswer, type PhoneCallOptions } from '../../src/channels/phone/call.ts';
import { analysePhone, phoneAnalysisOptions } from '../../src/channels/phone/analysis.ts';
import { sayMs } from '../../src/channels/phone/clock.ts';
import { twilioSignature } from '../../src/channels/phone/signature.ts';
import { PhoneSession } from '../../src/channels/phone/session.ts';
import { PhoneSettings } from '../../src/channels/phone/settings.ts';
import { phoneActions } from '../../src/channels/phone/actions.ts';
import { StepFailure, type ActionContext } from '../../src/channels/action.ts';
import type { RunChannelContext } from '../../src/channels/channel.ts';
import type { WaitRecord } from '../../src/model/run-record.ts';

type Reply = string | { status: number; body?: string } | { delayMs: number; body: string } | { audio: Buffer } | { chunked: Buffer };
interface Seen {
  method: string;
  path: string;
  /** The full URL as the provider requested it (query included). */
  url: string;
  params: Record<string, string>;
  signature?: string;
  authorization?: string;
}
type Route = (params: Record<string, string>, seen: Seen[]) => Reply;

/** A company's voice webhook: TwiML per path; every request kept. */
async function ivr(routes: Record<string, Route>) {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = `http://${req.headers.host}${req.url}`;
    const u = new URL(url);
    const params = Object.fromEntries(req.method === 'GET' ? u.searchParams : new URLSearchParams(body));
    const s: Seen = {
      method: req.method ?? '',
      path: u.pathname,
      url,
      params,
      ...(req.headers['x-twilio-signature'] ? { signature: String(req.headers['x-twilio-signature']) } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    seen.push(s);
    const route = routes[u.pathname];
    if (!route) return void res.writeHead(404).end('not found');
    const reply = route(params, seen);
    if (typeof reply === 'string') return void res.writeHead(200, { 'Content-Type': 'text/xml' }).end(reply);
    if ('audio' in reply) return void res.writeHead(200, { 'Content-Type': 'audio/wav' }).end(reply.audio);
    if ('chunked' in reply) {
      // No Content-Length: the size is known only once it has all come.
      res.writeHead(200, { 'Content-Type': 'audio/wav' });
      for (let at = 0; at < reply.chunked.length; at += 1000) res.write(reply.chunked.subarray(at, at + 1000));
      return void res.end();
    }
    if ('status' in reply) return void res.writeHead(reply.status, { 'Content-Type': 'text/html' }).end(reply.body ?? '');
    setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/xml' }).end(reply.body), reply.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    seen,
    /** Webhook requests only (not audio). */
    hooks: () => seen.filter((s) => !/\.(wav|mp3)$/.test(s.path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A run's clock as the runner keeps it: real time plus the listening time reported. */
function runClock() {
  const t0 = performance.now();
  let listened = 0;
  let step = 0;
  return {
    now: () => performance.now() - t0 + listened,
    customerTime: (ms: number) => {
      listened += ms;
    },
    currentStep: () => step,
    listened: () => listened,
    setStep: (n: number) => {
      step = n;
    },
  };
}

function newCall(url: string, clock = runClock(), more: Partial<PhoneCallOptions> = {}) {
  const call = new PhoneCall({
    url,
    from: '+15005550006',
    to: '+15005550001',
    accountSid: `AC${'0'.repeat(32)}`,
    wordsPerMinute: 150,
    requestTimeoutMs: 2000,
    maxRequests: 200,
    now: clock.now,
    currentStep: clock.currentStep,
    customerTime: clock.customerTime,
    ...more,
  });
  return { call, clock };
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
const kinds = (call: PhoneCall) => call.events.map((e) => e.kind);

/** A PCM WAV of `seconds` of silence (8 kHz, 8-bit mono): its header says how long it plays. */
function wav(seconds: number): Buffer {
  const data = Math.round(8000 * seconds);
  const b = Buffer.alloc(44 + data, 0x80);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8);
  b.write('fmt ', 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}

const WELCOME = 'Welcome to Acme.';
const MAIN_MENU = 'For orders, press 1. For returns, press 2. To speak to someone, press 0.';
const mainMenu = xml(`<Say>${WELCOME}</Say><Gather numDigits="1" action="/menu" timeout="3"><Say>${MAIN_MENU}</Say></Gather><Say>Sorry, we did not get that.</Say><Redirect>/voice</Redirect>`);

test('the first request is what the provider sends; the call plays to the menu on the caller\'s clock', async () => {
  const server = await ivr({ '/voice': () => mainMenu });
  try {
    const { call, clock } = newCall(`${server.base}/voice`);
    clock.setStep(2);
    await call.place();
    expect(call.state).toBe('menu');
    const [first] = server.hooks();
    expect(first.method).toBe('POST');
    expect(first.params).toEqual({
      AccountSid: `AC${'0'.repeat(32)}`,
      ApiVersion: '2010-04-01',
      CallSid: call.callSid,
      CallStatus: 'ringing',
      Called: '+15005550001',
      Caller: '+15005550006',
      Direction: 'inbound',
      From: '+15005550006',
      To: '+15005550001',
    });
    expect(call.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(first.signature).toBeUndefined();
    // The line waits for keys once the menu's prompt has been read out.
    expect(kinds(call)).toEqual(['say', 'say', 'menu']);
    const [welcome, prompt, menu] = call.events;
    expect(welcome).toMatchObject({ text: WELCOME, durationMs: sayMs(WELCOME, 1, 150), stepIndex: 2 });
    expect(menu).toMatchObject({ menuIndex: 0, menu: { input: ['dtmf'], numDigits: 1, finishOnKey: '#', timeoutMs: 3000, action: `${server.base}/menu` } });
    expect(menu.menu?.key).toBe(`${server.base}/menu ${MAIN_MENU.toLowerCase()}`);
    expect(prompt).toMatchObject({ text: MAIN_MENU, menuIndex: 0, atMs: expect.any(Number) });
    // Listening time is counted, not waited: the clock moved by it, real time barely did.
    const heard = sayMs(WELCOME, 1, 150) + sayMs(MAIN_MENU, 1, 150);
    expect(clock.listened()).toBe(heard);
    expect(prompt.atMs).toBeGreaterThanOrEqual(sayMs(WELCOME, 1, 150));
    expect(menu.atMs).toBeGreaterThanOrEqual(prompt.atMs + sayMs(MAIN_MENU, 1, 150));
    expect(call.clock()).toBeGreaterThanOrEqual(heard);
    expect(call.clock()).toBeLessThan(heard + 1500);
    expect(call.menuNow()?.options).toEqual([
      { key: '1', says: 'orders' },
      { key: '2', says: 'returns' },
      { key: '0', says: 'speak to someone' },
    ]);
  } finally {
    await server.close();
  }
});

test('pressing a key posts Digits to the menu\'s action; later requests are in-progress', async () => {
  const server = await ivr({
    '/voice': () => mainMenu,
    '/menu': (p) => (p.Digits === '2' ? xml('<Say>Returns. Please hold.</Say><Hangup/><Say>never heard</Say>') : xml('<Say>Invalid</Say>')),
  });
  try {
    const { call } = newCall(`${server.base}/voice`);
    await call.place();
    expect(await call.press('2')).toEqual({ taken: true });
    const menu = server.hooks()[1];
    expect(menu).toMatchObject({ method: 'POST', path: '/menu', params: { Digits: '2', CallStatus: 'in-progress', CallSid: call.callSid } });
    expect(kinds(call)).toEqual(['say', 'say', 'menu', 'press', 'say', 'hangup']);
    expect(call.events[3]).toMatchObject({ kind: 'press', text: '2', menuIndex: 0 });
    expect(call.events.at(-1)).toMatchObject({ kind: 'hangup', by: 'company' });
    expect(call.state).toBe('ended');
    expect(call.heardSinceInput()).toBe('Returns. Please hold.');
    const record = call.record();
    expect(record).toMatchObject({ ended: 'company-hung-up', requests: 2, url: `${server.base}/voice`, from: '+15005550006', to: '+15005550001' });
    // Keys after the call ended go nowhere.
    expect(await call.press('1')).toEqual({ taken: false, why: 'the call has ended (the line hung up)' });
  } finally {
    await server.close();
  }
});

test('keys ended by finishOnKey send the digits before it; keys that end nothing wait out the timeout', async () => {
  const server = await ivr({
    '/voice': () => xml('<Gather action="/order" timeout="4"><Say>Enter your order number, then press hash.</Say></Gather>'),
    '/order': (p) => xml(`<Say>Order ${p.Digits}.</Say><Gather action="/order" timeout="4"><Say>Enter another.</Say></Gather>`),
  });
  try {
    const { call, clock } = newCall(`${server.base}/voice`);
    await call.place();
    await call.press('10042#');
    expect(server.hooks()[1].params).toMatchObject({ Digits: '10042', FinishedOnKey: '#' });
    expect(call.events.find((e) => e.kind === 'press')).toMatchObject({ text: '10042#' });
    const before = clock.listened();
    await call.press('77');
    expect(server.hooks()[2].params.Digits).toBe('77');
    expect(server.hooks()[2].params.FinishedOnKey).toBeUndefined();
    expect(call.events.filter((e) => e.kind === 'press')[1]).toMatchObject({ text: '77', durationMs: 4000 });
    expect(clock.listened() - before).toBe(4000 + sayMs('Order 77.', 1, 150) + sayMs('Enter another.', 1, 150));
  } finally {
    await server.close();
  }
});

test('speech at a menu that listens for it; keys at a speech-only menu are not taken', async () => {
  const server = await ivr({
    '/voice': () => xml('<Gather input="speech" action="/heard"><Say>Tell us why you are calling.</Say></Gather>'),
    '/heard': (p) => xml(`<Say>You said ${p.SpeechResult}.</Say><Hangup/>`),
  });
  try {
    const { call } = newCall(`${server.base}/voice`);
    await call.place();
    expect(await call.press('1')).toEqual({ taken: false, why: 'the menu listens for spoken answers only' });
    expect(await call.say('I want to return an item')).toEqual({ taken: true });
    expect(server.hooks()[1].params).toMatchObject({ SpeechResult: 'I want to return an item', Confidence: '0.9' });
    expect(server.hooks()[1].params.Digits).toBeUndefined();
    expect(call.events.find((e) => e.kind === 'speech')).toMatchObject({ text: 'I want to return an item', durationMs: sayMs('I want to return an item', 1, 150) });
    expect(call.heardSinceInput()).toBe('You said I want to return an item.');
  } finally {
    await server.close();
  }
});

const deepIvr = {
  '/voice': () => mainMenu,
  '/menu': (p: Record<string, string>) =>
    p.Digits === '2' ? xml('<Gather numDigits="1" action="/returns"><Say>For a refund, press 1. To exchange an item, press 2.</Say></Gather>') : xml('<Hangup/>'),
  '/returns': (p: Record<string, string>) =>
    p.Digits === '2'
      ? xml('<Gather numDigits="1" action="/exchange"><Say>For anything else, press 9.</Say></Gather>')
      : xml('<Say>Refunds take five days.</Say><Hangup/>'),
  '/exchange': () => xml('<Hangup/>'),
};

test('choose follows the matching option through nested menus and stops at a menu with none', async () => {
  const server = await ivr(deepIvr);
  try {
    const { call } = newCall(`${server.base}/voice`);
    await call.place();
    const result = await call.choose('/returns|exchange/i');
    expect(result.chosen).toEqual([
      { key: '2', says: 'returns' },
      { key: '2', says: 'exchange an item' },
    ]);
    expect(result.prompt).toBe(`${WELCOME} ${MAIN_MENU}`);
    expect(server.hooks().map((s) => [s.path, s.params.Digits])).toEqual([
      ['/voice', undefined],
      ['/menu', '2'],
      ['/returns', '2'],
    ]);
    expect(call.state).toBe('menu');
    expect(call.menuNow()?.prompt).toBe('For anything else, press 9.');
    // Nothing offered for it here: nothing pressed.
    const none = await call.choose('returns');
    expect(none).toEqual({ chosen: [], prompt: 'For anything else, press 9.', offered: [{ key: '9', says: 'anything else' }] });
  } finally {
    await server.close();
  }
});

test('choose stops when a menu comes back the same (it will not press round a loop)', async () => {
  const server = await ivr({
    '/voice': () => xml('<Gather numDigits="1" action="/voice"><Say>For returns, press 2.</Say></Gather>'),
  });
  try {
    const { call } = newCall(`${server.base}/voice`);
    await call.place();
    const result = await call.choose('returns');
    expect(result.chosen).toEqual([{ key: '2', says: 'returns' }]);
    expect(server.hooks()).toHaveLength(2);
  } finally {
    await server.close();
  }
});

test('answers: whenever a menu asks for what the caller knows, they answer at once (keys or words)', async () => {
  const server = await ivr({
    '/voice': () => mainMenu,
    '/menu': () => xml('<Gather action="/order"><Say>Please enter your order number, followed by the hash key.</Say></Gather>'),
    '/order': (p) =>
      p.Digits === '10042'
        ? xml('<Gather input="speech" action="/why"><Say>What is the reason for your return?</Say></Gather>')
        : xml('<Gather action="/order"><Say>Sorry, that order number is not valid. Please enter your order number.</Say></Gather>'),
    '/why': (p) => xml(`<Say>Noted: ${p.SpeechResult}.</Say><Gather numDigits="1" action="/end"><Say>Press 1 to finish.</Say></Gather>`),
  });
  const answers: CallAnswer[] = [
    { when: '/order number/i', press: '10042#' },
    { when: 'reason for your return', say: 'It arrived broken' },
  ];
  try {
    const { call } = newCall(`${server.base}/voice`, runClock(), { answers });
    await call.place();
    // The main menu asks nothing the caller knows: it waits for them.
    expect(call.state).toBe('menu');
    expect(server.hooks()).toHaveLength(1);
    await call.press('2');
    expect(server.hooks().map((s) => s.path)).toEqual(['/voice', '/menu', '/order', '/why']);
    expect(server.hooks()[2].params.Digits).toBe('10042');
    expect(server.hooks()[3].params.SpeechResult).toBe('It arrived broken');
    expect(call.events.filter((e) => e.kind === 'press' || e.kind === 'speech').map((e) => e.text)).toEqual(['2', '10042#', 'It arrived broken']);
    expect(call.heardSinceInput()).toBe('Noted: It arrived broken. Press 1 to finish.');
  } finally {
    await server.close();
  }
});

test('answers: a menu that keeps rejecting the answer gets it three times, then the caller stops repeating it', async () => {
  const server = await ivr({
    '/voice': () => xml('<Gather action="/voice"><Say>Please enter your order number.</Say></Gather>'),
  });
  try {
    const { call } = newCall(`${server.base}/voice`, runClock(), { answers: [{ when: 'order number', press: '999#' }] });
    await call.place();
    expect(call.state).toBe('menu');
    expect(call.events.filter((e) => e.kind === 'press')).toHaveLength(3);
    expect(server.hooks()).toHaveLength(4);
  } finally {
    await server.close();
  }
});

test('a menu that hears nothing times out on the caller\'s clock and falls through to the verbs after it', async () => {
  const server = await ivr({ '/voice': () => mainMenu });
  try {
    const { call, clock } = newCall(`${server.base}/voice`);
    await call.place();
    const listened = clock.listened();
    const t0 = performance.now();
    const heard = await call.keepGoingUntil(() => call.promptMatching('did not get that') !== undefined, 60_000);
    expect(heard).toBe(true);
    // 3 s of silence and the apology were counted, not waited out.
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(kinds(call)).toEqual(['say', 'say', 'menu', 'no-input', 'say', 'redirect', 'say', 'say', 'menu']);
    expect(call.events[3]).toMatchObject({ kind: 'no-input', durationMs: 3000, menuIndex: 0 });
    expect(call.events[5]).toMatchObject({ kind: 'redirect', url: `${server.base}/voice` });
    expect(call.events[8]).toMatchObject({ kind: 'menu', menuIndex: 1 });
    // The menu came again: the same key.
    expect(call.events[8].menu?.key).toBe(call.events[2].menu?.key);
    expect(clock.listened() - listened).toBe(3000 + sayMs('Sorry, we did not get that.', 1, 150) + sayMs(WELCOME, 1, 150) + sayMs(MAIN_MENU, 1, 150));
    expect(server.hooks()).toHaveLength(2);
  } finally {
    await server.close();
  }
});

test('a menu with actionOnEmptyResult asks its action with no digits; patience shorter than its timeout gives up', async () => {
  const server = await ivr({
    '/voice': () => xml('<Gather action="/empty" timeout="10" actionOnEmptyResult="true"><Say>Press a key.</Say></Gather>'),
    '/empty': () => xml('<Say>We did not receive any input.</Say><Hangup/>'),
  });
  try {
    const { call, clock } = newCall(`${server.base}/voice`);
    await call.place();
    const before = clock.listened();
    expect(await call.keepGoingUntil(() => false, 4000)).toBe(false);
    // The caller sat out their patience (4 s) in the silence; the menu had not timed out.
    expect(clock.listened() - before).toBeGreaterThan(3900);
    expect(call.state).toBe('menu');
    expect(server.hooks()).toHaveLength(1);
    expect(await call.keepGoingUntil(() => call.state === 'ended', 60_000)).toBe(true);
    expect(server.hooks()[1]).toMatchObject({ path: '/empty' });
    expect(server.hooks()[1].params.Digits).toBeUndefined();
    // No input came: what the caller heard since their last one runs on from the menu's prompt.
    expect(call.heardSinceInput()).toBe('Press a key. We did not receive any input.');
  } finally {
    await server.close();
  }
});

test('Redirect with method GET: the parameters go in the query; relative URLs follow the redirected document', async () => {
  const server = await ivr({
    '/voice': () => xml('<Redirect method="GET">/ivr/start?from=voice</Redirect>'),
    '/ivr/start': () => xml('<Say>Hello.</Say><Redirect>next</Redirect>'),
    '/ivr/next': () => xml('<Unknown-Verb/><Say>After.</Say><Hangup/>'),
  });
  try {
    const { call } = newCall(`${server.base}/voice`);
    await call.place();
    const [, start, next] = server.hooks();
    expect(start.method).toBe('GET');
    expect(start.params).toMatchObject({ from: 'voice', CallSid: call.callSid, CallStatus: 'in-progress', From: '+15005550006' });
    expect(next).toMatchObject({ method: 'POST', path: '/ivr/next' });
    expect(kinds(call)).toEqual(['redirect', 'say', 'redirect', 'unknown', 'say', 'hangup']);
    expect(call.events[3]).toMatchObject({ kind: 'unknown', text: 'Unknown-Verb' });
    expect(call.record().requests).toBe(3);
  } finally {
    await server.close();
  }
});

test('Play: the audio\'s real duration from its header, fetched once per call; unreadable audio counts 0', async () => {
  const server = await ivr({
    '/voice': () => xml('<Play loop="2">/audio/greeting.wav</Play><Play>/audio/greeting.wav</Play><Play>/audio/missing.wav</Play><Pause length="2"/><Hangup/>'),
    '/audio/greeting.wav': () => ({ audio: wav(1.5) }),
  });
  try {
    const { call, clock } = newCall(`${server.base}/voice`);
    await call.place();
    const plays = call.events.filter((e) => e.kind === 'play');
    expect(plays.map((p) => p.durationMs)).toEqual([3000, 1500, 0]);
    expect(plays[0]).toMatchObject({ url: `${server.base}/audio/greeting.wav` });
    expect(plays[0].text).toBeUndefined();
    expect(plays[2]).toMatchObject({ url: `${server.base}/audio/missing.wav`, text: 'duration unknown' });
    expect(call.events.find((e) => e.kind === 'pause')).toMatchObject({ durationMs: 2000, atMs: expect.any(Number) });
    expect(clock.listened()).toBe(3000 + 1500 + 2000);
    expect(server.seen.filter((s) => s.path === '/audio/greeting.wav')).toHaveLength(1);
    // Audio is not a webhook request.
    expect(call.record().requests).toBe(1);
  } finally {
    await server.close();
  }
});

test('a queue: its wait instructions play in real time until they say Leave; then the Enqueue action and a person', async () => {
  const server = await ivr({
    '/voice': () => xml('<Say>Please hold.</Say><Enqueue waitUrl="/wait" action="/after-queue">support</Enqueue><Say>not reached</Say>'),
    '/wait': (p) => (Number(p.QueueTime) >= 1 ? xml('<Leave/>') : xml('<Say>You are first in line.</Say><Pause length="1"/>')),
    '/after-queue': (p) =>
      p.QueueResult === 'leave' ? xml('<Dial action="/after-dial"><Number>+15551230000</Number></Dial><Say>not reached either</Say>') : xml('<Hangup/>'),
    '/after-dial': (p) => (p.DialCallStatus === 'completed' ? xml('<Say>Thank you for calling. Anything else?</Say><Hangup/>') : xml('<Reject/>')),
  });
  try {
    const { call, clock } = newCall(`${server.base}/voice`, runClock(), { wordsPerMinute: 600 });
    await call.place();
    expect(call.state).toBe('queue');
    expect(kinds(call)).toEqual(['say', 'enqueue']);
    expect(call.events[1]).toMatchObject({ text: 'support' });
    // Nobody waited on the queue yet: its wait instructions were not asked for.
    expect(server.hooks()).toHaveLength(1);
    const listened = clock.listened();
    const t0 = performance.now();
    expect(await call.keepGoingUntil(() => call.personAfter(0) !== undefined, 10_000)).toBe(true);
    const waited = performance.now() - t0;
    // The wait prompt and the pause were sat out in real time (not counted on top).
    expect(waited).toBeGreaterThanOrEqual(1000 + sayMs('You are first in line.', 1, 600) - 50);
    expect(waited).toBeLessThan(4000);
    expect(clock.listened()).toBe(listened);
    expect(kinds(call)).toEqual(['say', 'enqueue', 'say', 'pause', 'dequeue', 'dial']);
    const [waitReq, leaveReq, after] = server.hooks().slice(1);
    expect(waitReq.params).toMatchObject({ QueuePosition: '1', QueueTime: '0', CurrentQueueSize: '1' });
    expect(waitReq.params.QueueSid).toMatch(/^QU[0-9a-f]{32}$/);
    expect(leaveReq.params.QueueTime).toBe('1');
    expect(after).toMatchObject({ path: '/after-queue', params: { QueueResult: 'leave', QueueSid: waitReq.params.QueueSid } });
    const dequeue = call.events[4];
    expect(dequeue).toMatchObject({ kind: 'dequeue', text: 'leave' });
    expect(dequeue.atMs - call.events[1].atMs).toBeGreaterThanOrEqual(1000);
    expect(call.events[2]).toMatchObject({ kind: 'say', text: 'You are first in line.', durationMs: sayMs('You are first in line.', 1, 600) });
    expect(call.events[5]).toMatchObject({ kind: 'dial', handover: { kind: 'number', target: '+15551230000', person: true } });
    expect(call.state).toBe('person');
    // With a person, then the call goes on: the dialled leg is over and its action is asked.
    expect(await call.keepGoingUntil(() => call.promptMatching('anything else') !== undefined, 10_000)).toBe(true);
    expect(server.hooks().at(-1)).toMatchObject({ path: '/after-dial', params: { DialCallStatus: 'completed', DialCallDuration: '0' } });
    expect(server.hooks().at(-1)?.params.DialCallSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.record().ended).toBe('company-hung-up');
  } finally {
    await server.close();
  }
});

test("in a queue that never lets go, the caller's patience runs out in real time; the caller hangs up", async () => {
  const server = await ivr({
    '/voice': () => xml('<Enqueue waitUrl="/wait">support</Enqueue>'),
    '/wait': () => xml('<Pause length="1"/>'),
  });
  try {
    const { call } = newCall(`${server.base}/voice`);
    await call.place();
    const t0 = performance.now();
    expect(await call.keepGoingUntil(() => call.personAfter(0) !== undefined, 1500)).toBe(false);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(1450);
    expect(waited).toBeLessThan(2500);
    expect(call.state).toBe('queue');
    expect(call.whereNow()).toMatch(/^the call is waiting in a queue \(for 1\.\d s\)$/);
    call.hangup();
    expect(kinds(call).slice(-2)).toEqual(['dequeue', 'hangup']);
    expect(call.events.at(-2)).toMatchObject({ text: 'hangup' });
    expect(call.events.at(-1)).toMatchObject({ by: 'caller' });
    expect(call.record()).toMatchObject({ ended: 'caller-hung-up' });
  } finally {
    await server.close();
  }
});

test('a queue\'s wait instructions may offer keys (not pressed: the caller stays) and redirect; Leave with no action goes on after <Enqueue>', async () => {
  const server = await ivr({
    '/voice': () => xml('<Enqueue waitUrl="/wait">support</Enqueue><Say>Thanks for waiting.</Say><Dial><Number>+15551230000</Number></Dial>'),
    '/wait': () => xml('<Gather numDigits="1" timeout="1"><Say>Press 1 to leave a message.</Say></Gather><Redirect>/wait-more</Redirect>'),
    '/wait-more': () => xml('<Leave/>'),
  });
  try {
    const { call, clock } = newCall(`${server.base}/voice`, runClock(), { wordsPerMinute: 600 });
    await call.place();
    const t0 = performance.now();
    expect(await call.keepGoingUntil(() => call.state !== 'queue', 10_000)).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000 + sayMs('Press 1 to leave a message.', 1, 600) - 50);
    expect(kinds(call)).toEqual(['enqueue', 'say', 'menu', 'no-input', 'redirect', 'dequeue', 'say', 'dial']);
    expect(call.events[1]).toMatchObject({ kind: 'say', menuIndex: 0 });
    expect(call.events[2]).toMatchObject({ menuIndex: 0, menu: { timeoutMs: 1000, action: `${server.base}/wait` } });
    // The menu waits once its prompt has played (in real time).
    expect(call.events[2].atMs).toBeGreaterThanOrEqual(call.events[1].atMs + sayMs('Press 1 to leave a message.', 1, 600) - 20);
    expect(call.events[3]).toMatchObject({ durationMs: 1000, menuIndex: 0 });
    expect(call.events[4]).toMatchObject({ url: `${server.base}/wait-more` });
    expect(server.hooks()[2].params.QueueSid).toMatch(/^QU/);
    expect(call.state).toBe('person');
    // Only what was said after leaving the queue was counted without waiting.
    expect(clock.listened()).toBe(sayMs('Thanks for waiting.', 1, 600));
  } finally {
    await server.close();
  }
});

test('a queue whose wait instructions play in no time (empty, or music of unknown length) is asked again once a second, not in a spin that ends as the line failing', async () => {
  const server = await ivr({
    '/voice': () => xml('<Enqueue waitUrl="/wait">support</Enqueue>'),
    '/wait': () => xml(''),
    '/music': () => xml('<Enqueue waitUrl="/music-wait">support</Enqueue>'),
    // The music is not there: its length cannot be read, and it counts 0.
    '/music-wait': () => xml('<Play>/hold.mp3</Play>'),
  });
  try {
    for (const path of ['/voice', '/music']) {
      const { call } = newCall(`${server.base}${path}`, runClock(), { maxRequests: 10 });
      await call.place();
      const t0 = performance.now();
      expect(await call.keepGoingUntil(() => false, 2500)).toBe(false);
      const waited = performance.now() - t0;
      expect(waited).toBeGreaterThanOrEqual(2450);
      expect(waited).toBeLessThan(3500);
      // The wait instructions asked for at 0, 1 and 2 s: the caller is still queued when their patience ends.
      expect(call.record()).toMatchObject({ ended: 'open', requests: 4 });
      expect(call.state).toBe('queue');
      expect(kinds(call)).not.toContain('error');
    }
  } finally {
    await server.close();
  }
});

test('Reject ends the call as rejected; a person dial with no action goes on with the verbs after it', async () => {
  const server = await ivr({
    '/busy': () => xml('<Reject reason="busy"/><Say>ignored</Say>'),
    '/direct': () => xml('<Dial><Client>agent-7</Client></Dial><Say>Goodbye.</Say>'),
  });
  try {
    const rejected = newCall(`${server.base}/busy`).call;
    await rejected.place();
    expect(kinds(rejected)).toEqual(['reject']);
    expect(rejected.record()).toMatchObject({ ended: 'rejected', events: [{ kind: 'reject', text: 'busy' }] });

    const direct = newCall(`${server.base}/direct`).call;
    await direct.place();
    expect(direct.state).toBe('person');
    expect(direct.events[0]).toMatchObject({ kind: 'dial', handover: { kind: 'client', target: 'agent-7', person: true } });
    expect(await direct.keepGoingUntil(() => direct.state === 'ended', 5000)).toBe(true);
    expect(kinds(direct)).toEqual(['dial', 'say', 'hangup']);
    expect(direct.events.at(-1)).toMatchObject({ by: 'company', text: 'the instructions ended' });
  } finally {
    await server.close();
  }
});

test('a webhook that fails is an error event and the call ends: HTTP 500, bad TwiML, no server, no answer in time', async () => {
  const server = await ivr({
    '/voice': () => mainMenu,
    '/menu': () => ({ status: 500, body: '<h1>Internal Server Error</h1>' }),
    '/html': () => '<html><body>Welcome</body></html>',
    '/broken': () => '<Response><Say>Hi</Response>',
    '/slow': () => ({ delayMs: 1500, body: xml('<Say>Too late.</Say>') }),
  });
  try {
    const { call } = newCall(`${server.base}/voice`);
    await call.place();
    await call.press('1');
    expect(call.state).toBe('ended');
    expect(call.events.at(-1)).toMatchObject({ kind: 'error', text: 'the voice webhook answered HTTP 500 Internal Server Error', url: `${server.base}/menu` });
    expect(call.record().ended).toBe('error');

    const html = newCall(`${server.base}/html`).call;
    await html.place();
    expect(html.events).toEqual([expect.objectContaining({ kind: 'error', text: "the voice webhook's answer is not TwiML: the document holds <html> where a single <Response> belongs" })]);

    const broken = newCall(`${server.base}/broken`).call;
    await broken.place();
    expect(broken.events[0].text).toMatch(/^the voice webhook's answer is not valid XML: .*line 1/);

    const slow = newCall(`${server.base}/slow`, runClock(), { requestTimeoutMs: 300 }).call;
    const t0 = performance.now();
    await slow.place();
    expect(performance.now() - t0).toBeLessThan(1200);
    expect(slow.events).toEqual([expect.objectContaining({ kind: 'error', text: 'the voice webhook did not answer within 300 ms' })]);
    expect(slow.record()).toMatchObject({ ended: 'error', requests: 1 });
  } finally {
    await server.close();
  }
  // Nothing listens there any more.
  const gone = newCall(`${server.base}/voice`).call;
  await gone.place();
  expect(gone.events).toEqual([expect.objectContaining({ kind: 'error', text: expect.stringMatching(/^the voice webhook could not be reached: /) })]);
});

test('a runaway Redirect loop ends the call as an error after maxRequests', async () => {
  const server = await ivr({ '/loop': () => xml('<Redirect>/loop</Redirect>') });
  try {
    const { call } = newCall(`${server.base}/loop`, runClock(), { maxRequests: 20 });
    await call.place();
    expect(server.hooks()).toHaveLength(20);
    expect(call.record()).toMatchObject({ ended: 'error', requests: 20 });
    expect(call.events.at(-1)).toMatchObject({ kind: 'error', text: 'more than 20 webhook requests in one call: the instructions go round in a loop' });
    expect(call.events.filter((e) => e.kind === 'redirect')).toHaveLength(20);
  } finally {
    await server.close();
  }
});

test('with an auth token every request is signed as the provider signs it, POST and GET alike', async () => {
  const server = await ivr({
    '/voice': () => xml('<Play>/tone.wav</Play><Gather numDigits="1" action="/menu?lang=en"><Say>Press 1.</Say></Gather>'),
    '/menu': () => xml('<Redirect method="GET">/get-me</Redirect>'),
    '/get-me': () => xml('<Hangup/>'),
    '/tone.wav': () => ({ audio: wav(0.5) }),
  });
  const token = 'test-auth-token-0123456789abcdef';
  try {
    const { call } = newCall(`${server.base}/voice`, runClock(), { authToken: token });
    await call.place();
    await call.press('1');
    const hooks = server.hooks();
    expect(hooks.map((h) => h.method)).toEqual(['POST', 'POST', 'GET']);
    for (const h of hooks) expect(h.signature).toBe(h.method === 'POST' ? twilioSignature(token, h.url, h.params) : twilioSignature(token, h.url));
    expect(hooks[1].url).toBe(`${server.base}/menu?lang=en`);
    // The audio is fetched signed too (a GET: its URL alone), for servers that guard it.
    const tone = server.seen.find((s) => s.path === '/tone.wav');
    expect(tone?.signature).toBe(twilioSignature(token, `${server.base}/tone.wav`));
    expect(call.events[0]).toMatchObject({ kind: 'play', durationMs: 500 });
    // Signed with another token, the same request would not pass the company's check.
    expect(hooks[0].signature).not.toBe(twilioSignature('another-token', hooks[0].url, hooks[0].params));
  } finally {
    await server.close();
  }
});

test('events carry the step that was running when they happened', async () => {
  const server = await ivr(deepIvr);
  try {
    const { call, clock } = newCall(`${server.base}/voice`);
    clock.setStep(0);
    await call.place();
    clock.setStep(1);
    await call.press('2');
    expect(call.events.map((e) => [e.kind, e.stepIndex])).toEqual([
      ['say', 0],
      ['say', 0],
      ['menu', 0],
      ['press', 1],
      ['say', 1],
      ['menu', 1],
    ]);
    expect(call.record()).toMatchObject({ placedInStep: 0, ended: 'open' });
  } finally {
    await server.close();
  }
});

// The session and the actions as the runner uses them.

function runContext(clock = runClock(), signal = new AbortController().signal): RunChannelContext {
  return {
    page: {} as RunChannelContext['page'],
    signal,
    runId: 'call-support/alex/1',
    journeyId: 'call-support',
    persona: 'alex',
    now: clock.now,
    currentStep: clock.currentStep,
    customerTime: clock.customerTime,
  };
}

function actionContext(session: PhoneSession, patienceMs = 30_000) {
  const waits: WaitRecord[] = [];
  const interactions = { clicks: 0, keystrokes: 0, fieldsFilled: 0 };
  const ctx = {
    patienceMs,
    interactions,
    recordWait: (w: WaitRecord) => waits.push(w),
    session: <T>(name: string): T => {
      if (name !== 'phone') throw new Error(`no ${name} session`);
      return session as T;
    },
  } as unknown as ActionContext;
  return { ctx, waits, interactions };
}

const action = (name: string) => {
  const def = phoneActions.find((a) => a.name === name);
  if (!def) throw new Error(`no action ${name}`);
  return def;
};
async function run(name: string, ctx: ActionContext, raw: unknown) {
  const def = action(name);
  const args = def.args.parse(raw);
  return def.execute(ctx, args);
}
async function failure(p: Promise<unknown>): Promise<StepFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof StepFailure)) throw new Error(`expected a StepFailure, got ${String(err)}`);
  return err;
}

test('actions: call, choose, expectPrompt, expectPerson and hangup; the session reports the calls', async () => {
  const server = await ivr({
    ...deepIvr,
    '/menu': (p) =>
      p.Digits === '0'
        ? xml('<Say>Please hold for the next agent.</Say><Dial action="/agent-done"><Number>+15551230000</Number></Dial>')
        : deepIvr['/menu'](p),
    '/agent-done': () => xml('<Say>Transferring you to billing.</Say><Dial><Sip>sip:billing@pbx.example.com</Sip></Dial>'),
  });
  try {
    const settings = PhoneSettings.parse({ voiceUrl: '/voice' });
    const session = new PhoneSession(runContext(), settings, server.base, undefined);
    expect(session.finish()).toBeUndefined();
    const { ctx, waits, interactions } = actionContext(session);
    expect((await failure(run('phone.press', ctx, '1'))).message).toBe('phone.press needs a call: add phone.call before it.');
    await run('phone.call', ctx, {});
    expect(session.current?.state).toBe('menu');
    expect(action('phone.call').describe(action('phone.call').args.parse({ url: '/voice', answers: [{ when: 'order', press: '{{persona.order}}#' }] }))).toBe(
      'phone.call /voice (1 answer)',
    );

    await run('phone.expectPrompt', ctx, { matches: '/speak to someone/i', within: '30s' });
    const call = session.current as PhoneCall;
    expect(waits[0]).toEqual({
      action: 'phone.expectPrompt "/speak to someone/i"',
      channel: 'phone',
      withinMs: 30_000,
      patienceMs: 30_000,
      tookMs: call.events[1].atMs + (call.events[1].durationMs ?? 0),
      outcome: 'in-time',
    });

    const noOption = await failure(run('phone.choose', ctx, 'billing'));
    expect(noOption.kind).toBe('expectation');
    expect(noOption.message).toBe(
      `The menu offers no option for 'billing'; it said: “${WELCOME} ${MAIN_MENU}” (options: 1 orders; 2 returns; 0 speak to someone).`,
    );
    await run('phone.choose', ctx, 'speak to someone');
    expect(interactions.keystrokes).toBe(1);
    expect(call.state).toBe('person');

    await run('phone.expectPerson', ctx, {});
    const press = call.events.find((e) => e.kind === 'press');
    const firstDial = call.events.find((e) => e.kind === 'dial');
    expect(waits[1]).toMatchObject({ action: 'phone.expectPerson', channel: 'phone', outcome: 'in-time', tookMs: (firstDial?.atMs ?? 0) - (press?.atMs ?? 0) });
    // The next person is another hand-over: the agent's action transfers the call.
    await run('phone.expectPerson', ctx, null);
    expect(call.events.filter((e) => e.kind === 'dial').map((e) => e.handover?.kind)).toEqual(['number', 'sip']);
    expect(waits[2]).toMatchObject({ outcome: 'in-time' });

    const notAMenu = await failure(run('phone.press', ctx, 5));
    expect(notAMenu.message).toBe('Pressed 5, but no menu was listening for keys: the call is with a person. The line had said “Please hold for the next agent. Transferring you to billing.”.');

    await run('phone.hangup', ctx, {});
    // (The runner turns an action's `patience` into ctx.patienceMs: 30 s here.)
    const missing = await failure(run('phone.expectPrompt', ctx, { matches: 'goodbye' }));
    expect(missing.message).toBe('Expected to hear “goodbye” within 30 s; the line said: “Please hold for the next agent. Transferring you to billing.”, and the call has ended (the caller hung up).');
    expect(waits[3]).toMatchObject({ outcome: 'missing', patienceMs: 30_000 });
    expect(waits[3].tookMs).toBeUndefined();

    const log = session.finish();
    expect(log?.calls).toHaveLength(1);
    expect(log?.calls[0]).toMatchObject({ ended: 'caller-hung-up', url: `${server.base}/voice`, requests: 3 });
  } finally {
    await server.close();
  }
});

test('actions: a call that fails, a call with no URL, and keys that are not keys', async () => {
  const server = await ivr({ '/voice': () => ({ status: 503 }) });
  try {
    const noUrl = new PhoneSession(runContext(), PhoneSettings.parse({}), server.base, undefined);
    const { ctx: bare } = actionContext(noUrl);
    expect((await failure(run('phone.call', bare, null))).message).toBe(
      'phone.call needs the voice webhook: give its URL (`phone.call: /voice`) or set phone.voiceUrl in the config.',
    );
    const session = new PhoneSession(runContext(), PhoneSettings.parse({}), server.base, 'token');
    const { ctx } = actionContext(session);
    const failed = await failure(run('phone.call', ctx, '/voice'));
    expect(failed.kind).toBe('navigation');
    expect(failed.message).toBe('The call failed: the line said “We are sorry, an application error has occurred. Goodbye.” (the voice webhook answered HTTP 503 Service Unavailable).');
    expect(server.seen[0].signature).toBeDefined();
    expect(() => action('phone.press').args.parse('12a')).toThrow(/phone keys/);
    expect(action('phone.press').args.parse('{{persona.order}}#')).toBe('{{persona.order}}#');
    expect((await failure(run('phone.press', ctx, 'abc{{x}}'.replace('abc', '')))).message).toBe('phone.press takes the keys 0-9, * and #; got “{{x}}”.');
    expect(() => action('phone.call').args.parse({ answers: [{ when: 'x', press: '1', say: 'one' }] })).toThrow(/one of `press` or `say`/);
  } finally {
    await server.close();
  }
});

// Review findings: patience, a stopped audit, queues that spin, logins in URLs, keys the line took, audio size.

test('the keys recorded are those the line took: numDigits cuts the entry, finishOnKey ends it (and is recorded)', async () => {
  const server = await ivr({
    '/voice': () => xml('<Gather numDigits="1" action="/menu"><Say>For returns, press 2.</Say></Gather>'),
    '/menu': () => xml('<Gather action="/order"><Say>Enter your order number, then press hash.</Say></Gather>'),
    '/order': () => xml('<Hangup/>'),
  });
  try {
    const { call } = newCall(`${server.base}/voice`);
    await call.place();
    await call.press('234');
    expect(server.hooks()[1].params.Digits).toBe('2');
    await call.press('10042#99');
    expect(server.hooks()[2].params).toMatchObject({ Digits: '10042', FinishedOnKey: '#' });
    expect(call.events.filter((e) => e.kind === 'press').map((e) => e.text)).toEqual(['2', '10042#']);
  } finally {
    await server.close();
  }
});

test('a silent <Record> lasts its timeout, or its maxLength when shorter', async () => {
  const server = await ivr({
    '/voice': () => xml('<Say>Leave a message.</Say><Record maxLength="2" timeout="5" action="/never"/><Record timeout="3"/><Hangup/>'),
  });
  try {
    const { call, clock } = newCall(`${server.base}/voice`);
    await call.place();
    expect(call.events.filter((e) => e.kind === 'record').map((e) => e.durationMs)).toEqual([2000, 3000]);
    expect(clock.listened()).toBe(sayMs('Leave a message.', 1, 150) + 5000);
    // No message was left: the provider requests no action.
    expect(server.hooks().map((h) => h.path)).toEqual(['/voice']);
  } finally {
    await server.close();
  }
});

test('audio is read up to a size cap: a larger file, with or without Content-Length, has an unknown duration and the transcript says why', async () => {
  expect(MAX_AUDIO_BYTES).toBe(20 * 1024 * 1024);
  const server = await ivr({
    '/voice': () => xml('<Play>/big.wav</Play><Play>/streamed.wav</Play><Play>/small.wav</Play><Hangup/>'),
    '/big.wav': () => ({ audio: wav(1.5) }),
    '/streamed.wav': () => ({ chunked: wav(1.5) }),
    '/small.wav': () => ({ audio: wav(0.25) }),
  });
  try {
    const { call } = newCall(`${server.base}/voice`, runClock(), { maxAudioBytes: 4096 });
    await call.place();
    const plays = call.events.filter((e) => e.kind === 'play');
    expect(plays.map((p) => [p.durationMs, p.text])).toEqual([
      [0, 'duration unknown (the file is over 4 kB)'],
      [0, 'duration unknown (the file is over 4 kB)'],
      [250, undefined],
    ]);
  } finally {
    await server.close();
  }
});

test('phone.press: a line that redirects to itself, slowly, is given up on when the caller\'s patience runs out in real time; the caller hangs up', async () => {
  const server = await ivr({
    '/voice': () => mainMenu,
    '/menu': () => ({ delayMs: 200, body: xml('<Redirect>/menu</Redirect>') }),
  });
  try {
    const session = new PhoneSession(runContext(), PhoneSettings.parse({ voiceUrl: '/voice', maxRequests: 30 }), server.base, undefined);
    // Placing the call (and hearing the menu) is the customer's patience of another step.
    await run('phone.call', actionContext(session).ctx, {});
    const { ctx } = actionContext(session, 1500);
    const t0 = performance.now();
    const failed = await failure(run('phone.press', ctx, '2'));
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(2500);
    expect(failed.kind).toBe('timeout');
    expect(failed.message).toBe(`Pressed 2, waited 1.5 s and hung up: the line had gone silent. The line last said “${WELCOME} ${MAIN_MENU}”.`);
    const call = session.current as PhoneCall;
    expect(call.events.at(-1)).toEqual(expect.objectContaining({ kind: 'hangup', by: 'caller', text: 'gave up after 1.5 s: the line had gone silent' }));
    expect(call.record().ended).toBe('caller-hung-up');
    expect(call.record().requests).toBeLessThan(15);
    expect(kinds(call)).not.toContain('error');
  } finally {
    await server.close();
  }
});

test('phone.call: a webhook that answers slowly is given up on at the caller\'s patience, not at the provider\'s request timeout', async () => {
  const server = await ivr({ '/slow': () => ({ delayMs: 3000, body: mainMenu }) });
  try {
    const session = new PhoneSession(runContext(), PhoneSettings.parse({}), server.base, undefined);
    const { ctx } = actionContext(session, 800);
    const t0 = performance.now();
    const failed = await failure(run('phone.call', ctx, '/slow'));
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(failed.kind).toBe('timeout');
    expect(failed.message).toBe('Called the line, waited 800 ms and hung up: the line never answered. The line last said nothing.');
    const [record] = session.finish()?.calls ?? [];
    expect(record).toMatchObject({ ended: 'caller-hung-up', requests: 1, events: [{ kind: 'hangup', by: 'caller', text: 'gave up after 800 ms: the line never answered' }] });
  } finally {
    await server.close();
  }
});

test('phone.say: announcements longer than the caller\'s patience are heard as far as it goes, then the caller hangs up', async () => {
  const server = await ivr({
    '/voice': () => xml('<Gather input="speech" action="/heard"><Say>Tell us why you are calling.</Say></Gather>'),
    // 6 words ten times: 24 s at 150 words a minute.
    '/heard': () => xml('<Say loop="10">Your call is important to us.</Say><Gather numDigits="1"><Say>For returns, press 2.</Say></Gather>'),
  });
  try {
    const clock = runClock();
    const session = new PhoneSession(runContext(clock), PhoneSettings.parse({ voiceUrl: '/voice' }), server.base, undefined);
    const { ctx } = actionContext(session, 10_000);
    await run('phone.call', ctx, {});
    const call = session.current as PhoneCall;
    const before = call.clock();
    const t0 = performance.now();
    const failed = await failure(run('phone.say', ctx, 'I want to return an item'));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(failed.kind).toBe('timeout');
    expect(failed.message).toBe('Said “I want to return an item”, waited 10 s and hung up: the line was still playing its messages. The line last said “Your call is important to us.”.');
    // The caller's clock moved by their patience (listening, not waiting), and the prompt they hung up in was cut there.
    expect(call.clock() - before).toBeGreaterThanOrEqual(10_000);
    expect(call.clock() - before).toBeLessThan(10_500);
    const prompt = call.events.find((e) => e.kind === 'say' && e.text === 'Your call is important to us.');
    expect(prompt?.durationMs).toBeLessThan(sayMs('Your call is important to us.', 10, 150));
    expect(kinds(call).slice(-2)).toEqual(['say', 'hangup']);
    // The menu after the announcement was never reached.
    expect(kinds(call).filter((k) => k === 'menu')).toHaveLength(1);
    expect(call.record().ended).toBe('caller-hung-up');
  } finally {
    await server.close();
  }
});

test('phone.choose: a menu whose answer is slow in coming is given up on at the caller\'s patience', async () => {
  const server = await ivr({
    '/voice': () => mainMenu,
    '/menu': () => ({ delayMs: 3000, body: xml('<Say>Returns.</Say><Hangup/>') }),
  });
  try {
    const session = new PhoneSession(runContext(), PhoneSettings.parse({ voiceUrl: '/voice' }), server.base, undefined);
    await run('phone.call', actionContext(session).ctx, {});
    const { ctx, interactions } = actionContext(session, 1000);
    const t0 = performance.now();
    const failed = await failure(run('phone.choose', ctx, 'returns'));
    expect(performance.now() - t0).toBeLessThan(1800);
    expect(failed.kind).toBe('timeout');
    expect(failed.message).toBe(`Chose 'returns' (pressed 2), waited 1 s and hung up: the line had gone silent. The line last said “${WELCOME} ${MAIN_MENU}”.`);
    expect(interactions.keystrokes).toBe(1);
    expect(session.current?.record().ended).toBe('caller-hung-up');
  } finally {
    await server.close();
  }
});

test('a stopped audit ends the call at once, in a queue or mid-request: no wait recorded, nothing blamed on the line, the call left open', async () => {
  const server = await ivr({
    '/voice': () => xml('<Say>Please hold.</Say><Enqueue waitUrl="/wait">support</Enqueue>'),
    '/wait': () => xml('<Pause length="30"/>'),
    '/never': () => ({ delayMs: 10_000, body: xml('<Hangup/>') }),
  });
  try {
    const queued = new AbortController();
    const session = new PhoneSession(runContext(runClock(), queued.signal), PhoneSettings.parse({ voiceUrl: '/voice' }), server.base, undefined);
    const { ctx, waits } = actionContext(session, 60_000);
    await run('phone.call', ctx, {});
    setTimeout(() => queued.abort(), 300);
    let t0 = performance.now();
    const stopped = await failure(run('phone.expectPerson', ctx, {}));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(stopped.kind).toBe('harness');
    expect(waits).toEqual([]);
    const [record] = session.finish()?.calls ?? [];
    expect(record.ended).toBe('open');
    expect(record.events.map((e) => e.kind)).toEqual(['say', 'enqueue']);
    // The call stays as it was when the audit stopped.
    expect(session.current?.whereNow()).toBe('the audit was stopped with the call still open');

    const requesting = new AbortController();
    const other = new PhoneSession(runContext(runClock(), requesting.signal), PhoneSettings.parse({}), server.base, undefined);
    setTimeout(() => requesting.abort(), 200);
    t0 = performance.now();
    const cut = await failure(run('phone.call', actionContext(other, 60_000).ctx, '/never'));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(cut.kind).toBe('harness');
    expect(other.finish()?.calls[0]).toMatchObject({ ended: 'open', events: [] });
  } finally {
    await server.close();
  }
});

test("phone.expectPerson's wait took the analysis's time to a person (from the queue the caller was put in, not from the call's start)", async () => {
  const server = await ivr({
    '/voice': () => xml(`<Say>${WELCOME} All calls are recorded for training and quality purposes.</Say><Enqueue waitUrl="/wait" action="/agent">support</Enqueue>`),
    '/wait': () => xml('<Leave/>'),
    '/agent': () => xml('<Dial><Client>sam</Client></Dial>'),
  });
  try {
    const session = new PhoneSession(runContext(), PhoneSettings.parse({ voiceUrl: '/voice' }), server.base, undefined);
    const { ctx, waits } = actionContext(session);
    await run('phone.call', ctx, {});
    await run('phone.expectPerson', ctx, { within: '20s' });
    const record = (session.current as PhoneCall).record();
    const [a] = analysePhone({ calls: [record] }, phoneAnalysisOptions({})).calls;
    expect(a.timeToPersonMs).toBeDefined();
    expect(waits[0]).toMatchObject({ action: 'phone.expectPerson', outcome: 'in-time', tookMs: a.timeToPersonMs });
    const enqueue = record.events.find((e) => e.kind === 'enqueue');
    const dial = record.events.find((e) => e.kind === 'dial');
    expect(waits[0].tookMs).toBe((dial?.atMs ?? 0) - (enqueue?.atMs ?? 0));
    // The welcome before the queue is not time waiting for a person.
    expect(waits[0].tookMs).toBeLessThan(1000);
  } finally {
    await server.close();
  }
});

test('a webhook URL with a login: sent as HTTP Basic auth (to that origin, for the whole call), signed and requested without it, and never recorded', async () => {
  const server = await ivr({
    '/voice': () => xml('<Play>/greeting.wav</Play><Gather numDigits="1" action="/menu"><Say>Press 1.</Say></Gather>'),
    '/greeting.wav': () => ({ audio: wav(0.5) }),
    '/menu': () => xml('<Redirect>/broken</Redirect>'),
    '/broken': () => ({ status: 500 }),
  });
  const token = 'test-auth-token-0123456789abcdef';
  try {
    const withLogin = server.base.replace('http://', 'http://ivr-user:s3cret%21@');
    const session = new PhoneSession(runContext(), PhoneSettings.parse({}), undefined, token);
    const { ctx } = actionContext(session);
    await run('phone.call', ctx, `${withLogin}/voice`);
    const failed = await failure(run('phone.press', ctx, '1'));
    expect(failed.kind).toBe('navigation');
    expect(server.seen.map((s) => s.path)).toEqual(['/voice', '/greeting.wav', '/menu', '/broken']);
    const basic = `Basic ${Buffer.from('ivr-user:s3cret!').toString('base64')}`;
    expect(server.seen.map((s) => s.authorization)).toEqual([basic, basic, basic, basic]);
    // Signed with the URL the company's server sees.
    const [first] = server.hooks();
    expect(first.signature).toBe(twilioSignature(token, `${server.base}/voice`, first.params));
    const log = session.finish();
    expect(log?.calls[0]).toMatchObject({ url: `${server.base}/voice`, ended: 'error' });
    expect(log?.calls[0].events.at(-1)).toMatchObject({ kind: 'error', url: `${server.base}/broken` });
    for (const text of [JSON.stringify(log), failed.message, action('phone.call').describe(`${withLogin}/voice`)]) {
      expect(text).not.toContain('s3cret');
      expect(text).not.toContain('ivr-user');
    }
  } finally {
    await server.close();
  }
});
