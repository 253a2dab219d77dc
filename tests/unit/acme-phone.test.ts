// Acme's phone line over real HTTP, as a telephony provider would call it: the TwiML each
// knob answers, the hold music file, and the request signature. The TwiML is read here with a
// small XML reader of the test's own (not the tool's phone driver).
import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { formatFriction, FrictionError, parseFriction } from '../../fixtures/acme/friction.ts';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';
import { twilioSignature, validSignature } from '../../fixtures/acme/phone/signature.ts';
import { response, say } from '../../fixtures/acme/phone/twiml.ts';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: Array<El | string>;
}

const decode = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] as string);

/** Reads a TwiML document into elements; fails on anything it cannot account for. */
function parseXml(xml: string): El {
  const root: El = { name: '#root', attrs: {}, children: [] };
  const stack = [root];
  let consumed = 0;
  for (const m of xml.matchAll(/<\?xml[^>]*\?>|<(\/?)([A-Za-z]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g)) {
    consumed += m[0].length;
    if (m[0].startsWith('<?')) continue;
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      if (m[5].trim()) top.children.push(decode(m[5]));
    } else if (m[1]) {
      expect(top.name, `closing </${m[2]}>`).toBe(m[2]);
      stack.pop();
    } else {
      const el: El = { name: m[2], attrs: Object.fromEntries([...m[3].matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2])])), children: [] };
      top.children.push(el);
      if (!m[4]) stack.push(el);
    }
  }
  expect(consumed, 'well-formed TwiML').toBe(xml.length);
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  const doc = root.children[0] as El;
  expect(doc.name).toBe('Response');
  return doc;
}

const elements = (el: El): El[] => el.children.filter((c): c is El => typeof c !== 'string');
const textOf = (el: El): string => el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
/** The verbs in order, as "Name: text" lines (children of Gather and Dial inlined). */
const lines = (el: El): string[] =>
  elements(el).flatMap((v) => (v.name === 'Gather' || v.name === 'Dial' ? [`${v.name}`, ...lines(v).map((l) => `  ${l}`)] : [`${v.name}${textOf(v) ? `: ${textOf(v)}` : ''}`]));
const only = (doc: El, name: string): El => {
  const found = elements(doc).filter((v) => v.name === name);
  expect(found, `one <${name}>`).toHaveLength(1);
  return found[0];
};
const saysIn = (el: El) => elements(el).filter((v) => v.name === 'Say').map(textOf);

const CALL_SID = `CA${'0123456789abcdef'.repeat(2)}`;
const WELCOME = 'Thank you for calling Acme. Our lines are open 8 am to 8 pm, Monday to Saturday.';
const MAIN_MENU = ['For orders, press 1.', 'For returns, press 2.', 'For warranty claims, press 3.', 'For repairs, press 4.', 'To speak to someone, press 0.'];
const ASK_ORDER = 'Please enter your order number, followed by the hash key.';

/** A webhook request as the provider sends it; `path` relative to Acme. */
async function hook(acme: Acme, path: string, fields: Record<string, string> = {}, init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {}) {
  const all = { CallSid: CALL_SID, AccountSid: `AC${'f'.repeat(32)}`, From: '+15550100001', To: '+15550100', CallStatus: 'in-progress', Direction: 'inbound', ApiVersion: '2010-04-01', ...fields };
  const url = new URL(path, acme.url);
  if (init.method === 'GET') for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  const res = await fetch(url, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
    ...(init.method === 'GET' ? {} : { body: new URLSearchParams(all).toString() }),
  });
  return res;
}

async function twiml(acme: Acme, path: string, fields: Record<string, string> = {}): Promise<El> {
  const res = await hook(acme, path, fields);
  expect(res.status, `${path}`).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
  return parseXml(await res.text());
}

/** Requests `path`, then follows any document that only redirects. */
async function follow(acme: Acme, path: string, fields: Record<string, string> = {}): Promise<El> {
  let doc = await twiml(acme, path, fields);
  for (let hops = 0; elements(doc).length === 1 && elements(doc)[0].name === 'Redirect'; hops++) {
    expect(hops).toBeLessThan(5);
    doc = await twiml(acme, textOf(elements(doc)[0]));
  }
  return doc;
}

async function withAcme(friction: string, run: (acme: Acme) => Promise<void>, phoneAuthToken?: string): Promise<void> {
  const acme = await startAcme({ friction, phoneAuthToken });
  try {
    await run(acme);
  } finally {
    await acme.close();
  }
}

/**
 * A caller looking for `topic`: at each menu, press the key of the first sentence naming it.
 * Returns the menus met until the order number is asked for, and that document.
 */
async function menusTo(acme: Acme, topic: string): Promise<{ menus: string[][]; doc: El }> {
  const menus: string[][] = [];
  let doc = await twiml(acme, '/phone/voice');
  for (;;) {
    const gather = only(doc, 'Gather');
    const heard = saysIn(gather);
    if (heard.includes(ASK_ORDER)) return { menus, doc };
    expect(menus.length, `too many menus for ${topic}`).toBeLessThan(8);
    menus.push(heard);
    const sentence = heard.find((s) => s.toLowerCase().includes(topic));
    expect(sentence, `an option for ${topic} in ${heard.join(' ')}`).toBeDefined();
    doc = await follow(acme, gather.attrs.action, { Digits: /press (\d)/.exec(sentence!)![1] });
  }
}

/** From the order number to the first agent's <Dial>. */
async function toAgent(acme: Acme, dept: string): Promise<El> {
  const queued = await twiml(acme, `/phone/order-number?dept=${dept}`, { Digits: '10042' });
  const enqueue = only(queued, 'Enqueue');
  return twiml(acme, enqueue.attrs.action, { QueueResult: 'leave', QueueTime: '1' });
}

test.describe('no knob: a short welcome, one menu, the order number once, no wait in the queue, one agent', () => {
  test('the call opens with the welcome and the main menu, heard again after silence', async () => {
    await withAcme('', async (acme) => {
      const doc = await twiml(acme, '/phone/voice', { CallStatus: 'ringing' });
      expect(lines(doc)).toEqual([`Say: ${WELCOME}`, 'Gather', ...MAIN_MENU.map((s) => `  Say: ${s}`), "Say: Sorry, I didn't get that.", 'Redirect: /phone/menu']);
      const gather = only(doc, 'Gather');
      expect(gather.attrs).toMatchObject({ input: 'dtmf speech', numDigits: '1', action: '/phone/choose?at=main' });
      // The menu again: no welcome this time.
      const again = await twiml(acme, '/phone/menu');
      expect(saysIn(only(again, 'Gather'))).toEqual(MAIN_MENU);
      expect(saysIn(again)).toEqual(["Sorry, I didn't get that."]);
    });
  });

  test('keys and spoken words choose the same departments; 0 goes to the queue', async () => {
    await withAcme('', async (acme) => {
      const pressed = async (fields: Record<string, string>) => lines(await twiml(acme, '/phone/choose?at=main', fields));
      expect(await pressed({ Digits: '1' })).toEqual(['Redirect: /phone/department?dept=orders']);
      expect(await pressed({ Digits: '2' })).toEqual(['Redirect: /phone/department?dept=returns']);
      expect(await pressed({ Digits: '3' })).toEqual(['Redirect: /phone/department?dept=warranty']);
      expect(await pressed({ Digits: '4' })).toEqual(['Redirect: /phone/department?dept=repairs']);
      expect(await pressed({ SpeechResult: 'I want to return an item', Confidence: '0.9' })).toEqual(['Redirect: /phone/department?dept=returns']);
      expect(await pressed({ SpeechResult: 'I would like to return my order' })).toEqual(['Redirect: /phone/department?dept=returns']);
      expect(await pressed({ SpeechResult: 'a warranty claim please' })).toEqual(['Redirect: /phone/department?dept=warranty']);
      expect(await pressed({ SpeechResult: 'my grinder needs a repair' })).toEqual(['Redirect: /phone/department?dept=repairs']);
      expect(await pressed({ SpeechResult: 'where is my order' })).toEqual(['Redirect: /phone/department?dept=orders']);
      expect(await pressed({ Digits: '7' })).toEqual(["Say: Sorry, I didn't get that.", 'Redirect: /phone/menu']);
      expect(await pressed({ SpeechResult: 'bananas' })).toEqual(["Say: Sorry, I didn't get that.", 'Redirect: /phone/menu']);
      for (const fields of [{ Digits: '0' }, { SpeechResult: 'can I talk to someone' }, { SpeechResult: 'an agent please' }] as Array<Record<string, string>>) {
        const doc = await twiml(acme, '/phone/choose?at=main', fields);
        expect(saysIn(doc)).toEqual(['Please hold while we connect you to a member of our team.']);
        expect(textOf(only(doc, 'Enqueue'))).toBe('general');
      }
    });
  });

  test('a department asks for the order number once, then queues the caller for its team', async () => {
    await withAcme('', async (acme) => {
      const dept = await follow(acme, '/phone/choose?at=main', { Digits: '4' });
      const gather = only(dept, 'Gather');
      expect(gather.attrs).toMatchObject({ input: 'dtmf', finishOnKey: '#', action: '/phone/order-number?dept=repairs' });
      expect(gather.attrs.numDigits).toBeUndefined();
      expect(saysIn(gather)).toEqual([ASK_ORDER]);
      const queued = await twiml(acme, gather.attrs.action, { Digits: '10042' });
      expect(saysIn(queued)).toEqual(['Thank you. Please hold while we connect you to our repairs team.']);
      expect(only(queued, 'Enqueue').attrs).toMatchObject({ waitUrl: '/phone/hold', action: '/phone/agent?dept=repairs' });
      expect(textOf(only(queued, 'Enqueue'))).toBe('repairs');
      // Nothing keyed in: asked again, not queued.
      expect(lines(await twiml(acme, gather.attrs.action, { Digits: '' }))).toEqual(["Say: Sorry, I didn't get that.", 'Redirect: /phone/department?dept=repairs']);
    });
  });

  test('the queue lets the caller through at once, then one agent answers with nothing after', async () => {
    await withAcme('', async (acme) => {
      await twiml(acme, '/phone/order-number?dept=returns', { Digits: '10042' });
      expect(lines(await twiml(acme, '/phone/hold', { QueuePosition: '1', QueueTime: '0' }))).toEqual(['Leave']);
      const agent = await twiml(acme, '/phone/agent?dept=returns', { QueueResult: 'leave', QueueTime: '1' });
      // No action: once the agent is done, the verbs after the Dial play.
      expect(lines(agent)).toEqual(['Dial', '  Client: maya', 'Say: Thank you for calling Acme. Goodbye.']);
      expect(only(agent, 'Dial').attrs.action).toBeUndefined();
    });
  });

  test('GET works like POST, with the fields in the query', async () => {
    await withAcme('', async (acme) => {
      const res = await hook(acme, '/phone/choose?at=main', { Digits: '2' }, { method: 'GET' });
      expect(res.status).toBe(200);
      expect(lines(parseXml(await res.text()))).toEqual(['Redirect: /phone/department?dept=returns']);
    });
  });
});

test.describe('knobs', () => {
  test('ivr-deep: returns, warranty and repairs each sit behind three more menus that keep naming the topic', async () => {
    await withAcme('ivr-deep', async (acme) => {
      const main = await twiml(acme, '/phone/voice');
      expect(saysIn(only(main, 'Gather'))).toEqual(['For orders and returns, press 1.', 'For warranty claims and repairs, press 2.', 'To speak to someone, press 0.']);
      for (const [topic, team] of [['returns', 'returns'], ['warranty', 'warranty'], ['repairs', 'repairs']]) {
        const { menus, doc } = await menusTo(acme, topic);
        expect(menus, topic).toHaveLength(4);
        expect(only(doc, 'Gather').attrs.action).toBe(`/phone/order-number?dept=${team}`);
      }
      const returns = await menusTo(acme, 'returns');
      expect(returns.menus[1]).toContain('For returns of an online order, press 1.');
      // A caller who says "return" at the first menu and then nothing is taken on, one menu at a time.
      let doc = await follow(acme, '/phone/choose?at=main', { SpeechResult: 'I want to return an item' });
      for (let menu = 0; menu < 3; menu++) {
        expect(saysIn(only(doc, 'Gather'))).toContain('If you are not sure, stay on the line.');
        const onward = elements(doc).at(-1)!;
        expect(onward.name).toBe('Redirect');
        doc = await twiml(acme, textOf(onward));
      }
      expect(saysIn(only(doc, 'Gather'))).toEqual([ASK_ORDER]);
      // Orders are one menu further down only.
      expect((await menusTo(acme, 'orders')).menus).toHaveLength(2);
    });
  });

  test('ivr-hold: after the agent answers, "please hold" and music for at least the knob\'s ms (whole plays of the 2 s file)', async () => {
    for (const [knob, loops] of [['ivr-hold', 35], ['ivr-hold:5001', 3]] as const) {
      await withAcme(knob, async (acme) => {
        const dial = only(await toAgent(acme, 'warranty'), 'Dial');
        expect(lines(dial)).toEqual(['Client: maya']);
        expect(dial.attrs.action).toBe('/phone/agent-done?dept=warranty&n=0');
        const after = await twiml(acme, dial.attrs.action, { DialCallStatus: 'completed', DialCallDuration: '0' });
        expect(lines(after)).toEqual([
          'Say: Let me check that for you, please hold.',
          'Play: /phone/hold-music.wav',
          'Say: Thank you for holding.',
          'Say: Your warranty request is in hand, and we will email you the details.',
          'Say: Thank you for calling Acme. Goodbye.',
          'Hangup',
        ]);
        expect(Number(only(after, 'Play').attrs.loop)).toBe(loops);
        expect(loops * 2000).toBeGreaterThanOrEqual(parseFriction(knob).ivrHoldMs!);
        expect((loops - 1) * 2000).toBeLessThan(parseFriction(knob).ivrHoldMs!);
      });
    }
  });

  test('ivr-queue: the queue lasts the knob\'s ms, counting the caller down with music, then they leave', async () => {
    await withAcme('ivr-queue', async (acme) => {
      await twiml(acme, '/phone/order-number?dept=returns', { Digits: '10042' });
      const waiting = await twiml(acme, '/phone/hold');
      expect(lines(waiting)).toEqual(['Say: You are number 3 in the queue.', 'Play: /phone/hold-music.wav']);
    });
    await withAcme('ivr-queue:400', async (acme) => {
      const started = performance.now();
      await twiml(acme, '/phone/choose?at=main', { Digits: '0' });
      expect(lines(await twiml(acme, '/phone/hold'))).toEqual(['Say: You are number 1 in the queue.']);
      await new Promise((r) => setTimeout(r, 400 - (performance.now() - started) + 30));
      expect(lines(await twiml(acme, '/phone/hold'))).toEqual(['Leave']);
    });
  });

  test('ivr-transfers: the caller is passed on n times after the first agent', async () => {
    await withAcme('ivr-transfers', async (acme) => {
      const first = only(await toAgent(acme, 'returns'), 'Dial');
      expect(lines(first)).toEqual(['Client: maya']);
      const second = await twiml(acme, first.attrs.action, { DialCallStatus: 'completed', DialCallDuration: '0' });
      expect(saysIn(second)).toEqual(["I'll transfer you to our returns specialists."]);
      expect(lines(only(second, 'Dial'))).toEqual(['Client: priya']);
      const third = await twiml(acme, only(second, 'Dial').attrs.action, { DialCallStatus: 'completed', DialCallDuration: '0' });
      expect(saysIn(third)).toEqual(["I'll transfer you to a senior colleague.", 'Thank you for calling Acme. Goodbye.']);
      expect(lines(only(third, 'Dial'))).toEqual(['Client: tom']);
      // The last person keeps the caller.
      expect(only(third, 'Dial').attrs.action).toBeUndefined();
    });
    await withAcme('ivr-transfers:1,ivr-hold:2000', async (acme) => {
      const first = only(await toAgent(acme, 'repairs'), 'Dial');
      const after = await twiml(acme, first.attrs.action, { DialCallStatus: 'completed' });
      expect(lines(after)).toEqual([
        'Say: Let me check that for you, please hold.',
        'Play: /phone/hold-music.wav',
        'Say: Thank you for holding.',
        "Say: I'll transfer you to our repairs specialists.",
        'Dial',
        '  Client: priya',
        'Say: Thank you for calling Acme. Goodbye.',
      ]);
      expect(only(after, 'Dial').attrs.action).toBeUndefined();
    });
  });

  test('ivr-no-person: no option to speak to someone, and departments send callers away', async () => {
    await withAcme('ivr-no-person', async (acme) => {
      const main = await twiml(acme, '/phone/voice');
      expect(saysIn(only(main, 'Gather'))).toEqual(MAIN_MENU.slice(0, 4));
      expect(lines(await twiml(acme, '/phone/choose?at=main', { Digits: '0' }))).toEqual(["Say: Sorry, I didn't get that.", 'Redirect: /phone/menu']);
      expect(lines(await twiml(acme, '/phone/choose?at=main', { SpeechResult: 'let me speak to a person' }))).toEqual(["Say: Sorry, I didn't get that.", 'Redirect: /phone/menu']);
      const dept = await follow(acme, '/phone/choose?at=main', { Digits: '2' });
      const end = await twiml(acme, only(dept, 'Gather').attrs.action, { Digits: '10042' });
      expect(lines(end)).toEqual(['Say: Please visit acme.example/help. Goodbye.', 'Hangup']);
    });
  });

  test('ivr-loop: every order number is refused and the same menu comes again', async () => {
    await withAcme('ivr-loop', async (acme) => {
      const dept = await follow(acme, '/phone/choose?at=main', { Digits: '3' });
      const menu = only(dept, 'Gather');
      for (const digits of ['10042', '10042', '1']) {
        const again = await twiml(acme, menu.attrs.action, { Digits: digits });
        expect(saysIn(again)[0]).toBe('Sorry, that is not a valid order number.');
        expect(only(again, 'Gather')).toEqual(menu);
        expect(elements(again).some((v) => v.name === 'Enqueue')).toBe(false);
      }
    });
  });

  test('ivr-closed: closed, no opening hours, hung up', async () => {
    await withAcme('ivr-closed', async (acme) => {
      const doc = await twiml(acme, '/phone/voice');
      expect(lines(doc)).toEqual(['Say: Our offices are currently closed. Please call again later. Goodbye.', 'Hangup']);
      expect(textOf(doc)).not.toMatch(/\d|open|monday|am\b|pm\b/i);
    });
  });

  test('ivr-reasks-order: after the queue the order number is asked again, then the agent answers', async () => {
    await withAcme('ivr-reasks-order', async (acme) => {
      const doc = await toAgent(acme, 'returns');
      expect(saysIn(doc)[0]).toBe('Transferring you to our returns team.');
      const gather = only(doc, 'Gather');
      expect(saysIn(gather)).toEqual([ASK_ORDER]);
      expect(gather.attrs).toMatchObject({ input: 'dtmf', finishOnKey: '#' });
      expect(lines(await twiml(acme, gather.attrs.action, { Digits: '10042' }))).toEqual(['Dial', '  Client: maya', 'Say: Thank you for calling Acme. Goodbye.']);
    });
  });

  test('ivr-long-prompt: over 30 s of announcements (at 150 words a minute) before the first option', async () => {
    const beforeMenu = (doc: El) => elements(doc).slice(0, elements(doc).findIndex((v) => v.name === 'Gather'));
    const words = (verbs: El[]) => verbs.map(textOf).join(' ').split(/\s+/).length;
    await withAcme('', async (acme) => {
      expect(words(beforeMenu(await twiml(acme, '/phone/voice')))).toBeLessThanOrEqual(20);
    });
    await withAcme('ivr-long-prompt', async (acme) => {
      const doc = await twiml(acme, '/phone/voice');
      const before = beforeMenu(doc);
      expect((words(before) / 150) * 60_000).toBeGreaterThan(30_000);
      expect(before.map(textOf).join(' ')).toMatch(/recorded/);
      expect(before.map(textOf).join(' ')).not.toMatch(/press/i);
      expect(saysIn(only(doc, 'Gather'))).toEqual(MAIN_MENU);
    });
  });

  test('the knobs parse, print back and refuse bad values', () => {
    const f = parseFriction('ivr-deep,ivr-hold,ivr-queue:3000,ivr-transfers:3,ivr-no-person,ivr-loop,ivr-closed,ivr-reasks-order,ivr-long-prompt');
    expect(f).toMatchObject({ ivrDeep: true, ivrHoldMs: 70_000, ivrQueueMs: 3000, ivrTransfers: 3, ivrNoPerson: true, ivrLoop: true, ivrClosed: true, ivrReasksOrder: true, ivrLongPrompt: true });
    expect(parseFriction(formatFriction(f))).toEqual(f);
    expect(parseFriction('ivr-queue,ivr-transfers')).toMatchObject({ ivrQueueMs: 45_000, ivrTransfers: 2 });
    const none = parseFriction('');
    expect([none.ivrDeep, none.ivrLoop, none.ivrHoldMs, none.ivrQueueMs, none.ivrTransfers]).toEqual([false, false, undefined, undefined, undefined]);
    expect(() => parseFriction('ivr-transfers:9')).toThrow(FrictionError);
    expect(() => parseFriction('ivr-hold:soon')).toThrow(/ivr-hold/);
    expect(() => parseFriction('ivr-loop:2')).toThrow(/takes no value/);
  });
});

test('the hold music is a real WAV: 8 kHz mono 16-bit PCM, 2 s, not silence', async () => {
  await withAcme('', async (acme) => {
    const res = await fetch(`${acme.url}/phone/hold-music.wav`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.toString('ascii', 12, 16)).toBe('fmt ');
    const format = { pcm: wav.readUInt16LE(20), channels: wav.readUInt16LE(22), rate: wav.readUInt32LE(24), byteRate: wav.readUInt32LE(28), align: wav.readUInt16LE(32), bits: wav.readUInt16LE(34) };
    expect(format).toEqual({ pcm: 1, channels: 1, rate: 8000, byteRate: 16_000, align: 2, bits: 16 });
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    const dataBytes = wav.readUInt32LE(40);
    expect(dataBytes).toBe(wav.length - 44);
    expect((dataBytes / format.byteRate) * 1000).toBe(2000);
    const samples = Array.from({ length: dataBytes / 2 }, (_, i) => wav.readInt16LE(44 + i * 2));
    expect(Math.max(...samples.map(Math.abs))).toBeGreaterThan(5000);
    // A melody, not one tone: the first two quarter seconds have different pitches (zero crossings).
    const zeroCrossings = (from: number, to: number) => samples.slice(from, to).filter((s, i, a) => i > 0 && (a[i - 1] < 0) !== (s < 0)).length;
    expect(zeroCrossings(0, 2000)).not.toBe(zeroCrossings(2000, 4000));
  });
});

test.describe('signature', () => {
  const TOKEN = 'acme-test-token';
  const sign = (url: string, fields: Record<string, string>) =>
    createHmac('sha1', TOKEN)
      .update(url + Object.keys(fields).sort().map((k) => k + fields[k]).join(''))
      .digest('base64');

  test("the fixture's signature matches the provider's documented example", () => {
    const params: Array<[string, string]> = [['CallSid', 'CA1234567890ABCDE'], ['Caller', '+12349013030'], ['Digits', '1234'], ['From', '+12349013030'], ['To', '+18005551212']];
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(twilioSignature('12345', url, params.slice().reverse())).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(validSignature('12345', url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(true);
    expect(validSignature('12345', url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ')).toBe(false);
    expect(validSignature('12345', url, params, undefined)).toBe(false);
  });

  test('with a token, a missing or wrong signature is refused with 403 and a right one served', async () => {
    await withAcme(
      '',
      async (acme) => {
        const fields = { CallSid: CALL_SID, From: '+15550100001', To: '+15550100', Digits: '2' };
        const path = '/phone/choose?at=main';
        const post = (headers: Record<string, string>, body = fields) =>
          fetch(`${acme.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body).toString() });
        expect((await post({})).status).toBe(403);
        expect((await post({ 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(403);
        const good = sign(`${acme.url}${path}`, fields);
        expect((await post({ 'x-twilio-signature': good }, { ...fields, Digits: '3' })).status).toBe(403);
        const ok = await post({ 'x-twilio-signature': good });
        expect(ok.status).toBe(200);
        expect(lines(parseXml(await ok.text()))).toEqual(['Redirect: /phone/department?dept=returns']);
        // GET signs the URL, query included, alone; the hold music too.
        const get = `${acme.url}/phone/voice?CallSid=${CALL_SID}&From=%2B15550100001`;
        expect((await fetch(get)).status).toBe(403);
        expect((await fetch(get, { headers: { 'x-twilio-signature': sign(get, {}) } })).status).toBe(200);
        const music = `${acme.url}/phone/hold-music.wav`;
        expect((await fetch(music)).status).toBe(403);
        expect((await fetch(music, { headers: { 'x-twilio-signature': sign(music, {}) } })).status).toBe(200);
      },
      TOKEN,
    );
  });

  test('without a token nothing is checked', async () => {
    await withAcme('', async (acme) => {
      expect((await hook(acme, '/phone/voice', {}, { headers: { 'x-twilio-signature': 'wrong' } })).status).toBe(200);
    });
  });
});

test('TwiML text and attributes are escaped', () => {
  const doc = response(say('Tom & Jerry <b>"hi"</b>'));
  expect(doc).toContain('<Say>Tom &amp; Jerry &lt;b&gt;"hi"&lt;/b&gt;</Say>');
  expect(textOf(parseXml(doc))).toBe('Tom & Jerry <b>"hi"</b>');
});
