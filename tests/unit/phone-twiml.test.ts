// TwiML as the provider reads it: every verb the phone driver plays, Gather and Dial nesting,
// loops, URLs relative to the document, and what is not TwiML (an error value, never a throw).
import { expect, test } from '@playwright/test';
import { parseTwiml, type Verb } from '../../src/channels/phone/twiml.ts';
import { digitsMs, gatherTimeoutMs, pauseMs, playMs, recordMs, sayMs, timesPlayed, wordsIn } from '../../src/channels/phone/clock.ts';

const DOC = 'https://ivr.example.com/acme/voice?lang=en';

function verbs(xml: string, url = DOC): Verb[] {
  const parsed = parseTwiml(xml, url);
  if (!parsed.ok) throw new Error(`expected TwiML, got: ${parsed.error}`);
  return parsed.verbs;
}

test('Say, Play and Pause with their attributes and defaults', () => {
  expect(
    verbs(`<?xml version="1.0" encoding="UTF-8"?>
      <!-- the greeting -->
      <Response>
        <Say voice="Polly.Amy" language="en-GB" loop="2">Welcome to Acme &amp; Sons. Order <emphasis>0042</emphasis> is ready.</Say>
        <Say>Hi</Say>
        <Play loop="0">hold.mp3</Play>
        <Play digits="ww12#"/>
        <Pause length="3"/>
        <Pause/>
      </Response>`),
  ).toEqual([
    { verb: 'Say', text: 'Welcome to Acme & Sons. Order 0042 is ready.', loop: 2, voice: 'Polly.Amy', language: 'en-GB' },
    { verb: 'Say', text: 'Hi', loop: 1 },
    { verb: 'Play', url: 'https://ivr.example.com/acme/hold.mp3', loop: 0 },
    { verb: 'Play', loop: 1, digits: 'ww12#' },
    { verb: 'Pause', lengthS: 3 },
    { verb: 'Pause', lengthS: 1 },
  ]);
});

test('Gather holds its prompts in order; defaults are the provider\'s (dtmf, 5 s, #, this document, POST)', () => {
  const [plain, full] = verbs(`<Response>
    <Gather><Say>For returns, press 2.</Say><Pause length="2"/><Play>menu.wav</Play><Dial>+1</Dial></Gather>
    <Gather input="speech dtmf" timeout="8" numDigits="1" finishOnKey="" action="/menus/next" method="GET" actionOnEmptyResult="true"/>
  </Response>`);
  expect(plain).toEqual({
    verb: 'Gather',
    input: ['dtmf'],
    timeoutS: 5,
    finishOnKey: '#',
    action: DOC,
    method: 'POST',
    actionOnEmptyResult: false,
    prompts: [
      { verb: 'Say', text: 'For returns, press 2.', loop: 1 },
      { verb: 'Pause', lengthS: 2 },
      { verb: 'Play', url: 'https://ivr.example.com/acme/menu.wav', loop: 1 },
      // Only prompts belong in a Gather: anything else is not played.
      { verb: 'unknown', name: 'Dial' },
    ],
  });
  expect(full).toEqual({
    verb: 'Gather',
    input: ['speech', 'dtmf'],
    timeoutS: 8,
    numDigits: 1,
    finishOnKey: '',
    action: 'https://ivr.example.com/menus/next',
    method: 'GET',
    actionOnEmptyResult: true,
    prompts: [],
  });
});

test('Dial: a bare number, and each noun a call can be handed to', () => {
  const [bare, nouns] = verbs(`<Response>
    <Dial>+15551234567</Dial>
    <Dial action="dial-done" method="GET" timeout="20">
      <Number>+15550000001</Number><Client>agent-7</Client><Sip>sip:desk@pbx.example.com</Sip>
      <Queue>support</Queue><Conference>room-1</Conference><Stream/>
    </Dial>
  </Response>`);
  expect(bare).toEqual({ verb: 'Dial', targets: [{ kind: 'number', target: '+15551234567' }], method: 'POST' });
  expect(nouns).toEqual({
    verb: 'Dial',
    targets: [
      { kind: 'number', target: '+15550000001' },
      { kind: 'client', target: 'agent-7' },
      { kind: 'sip', target: 'sip:desk@pbx.example.com' },
      { kind: 'queue', target: 'support' },
      { kind: 'conference', target: 'room-1' },
      { kind: 'other', target: 'Stream' },
    ],
    action: 'https://ivr.example.com/acme/dial-done',
    method: 'GET',
  });
});

test('Redirect, Enqueue, Leave, Hangup, Reject and Record', () => {
  expect(
    verbs(`<Response>
      <Redirect method="GET">../main</Redirect>
      <Enqueue waitUrl="/hold" waitUrlMethod="GET" action="after-queue">support</Enqueue>
      <Enqueue>sales</Enqueue>
      <Leave/>
      <Record maxLength="30" timeout="3" action="/voicemail"/>
      <Record/>
      <Record maxLength="0" timeout="0"/>
      <Reject reason="busy"/>
      <Reject/>
      <Hangup/>
    </Response>`),
  ).toEqual([
    { verb: 'Redirect', url: 'https://ivr.example.com/main', method: 'GET' },
    { verb: 'Enqueue', queue: 'support', waitUrl: 'https://ivr.example.com/hold', waitUrlMethod: 'GET', action: 'https://ivr.example.com/acme/after-queue', method: 'POST' },
    { verb: 'Enqueue', queue: 'sales', waitUrlMethod: 'POST', method: 'POST' },
    { verb: 'Leave' },
    // The caller leaves no message: the provider never requests a Record's action for an empty recording.
    { verb: 'Record', maxLengthS: 30, timeoutS: 3 },
    { verb: 'Record', maxLengthS: 3600, timeoutS: 5 },
    // Out of range (the provider wants both positive): the defaults.
    { verb: 'Record', maxLengthS: 3600, timeoutS: 5 },
    { verb: 'Reject', reason: 'busy' },
    { verb: 'Reject', reason: 'rejected' },
    { verb: 'Hangup' },
  ]);
});

test('absolute URLs stay as they are; relative ones follow the document they are in', () => {
  const [a, b, c] = verbs('<Response><Redirect>https://other.example.org/x?y=1</Redirect><Redirect>next?step=2</Redirect><Redirect>/</Redirect></Response>', 'http://127.0.0.1:4000/ivr/voice');
  expect([a, b, c].map((v) => (v as { url: string }).url)).toEqual(['https://other.example.org/x?y=1', 'http://127.0.0.1:4000/ivr/next?step=2', 'http://127.0.0.1:4000/']);
});

test('verbs this tool does not play are kept by name, in order', () => {
  expect(verbs('<Response><Say>One</Say><Connect><Stream url="wss://x"/></Connect><Sms>hi</Sms><Say>Two</Say></Response>')).toEqual([
    { verb: 'Say', text: 'One', loop: 1 },
    { verb: 'unknown', name: 'Connect' },
    { verb: 'unknown', name: 'Sms' },
    { verb: 'Say', text: 'Two', loop: 1 },
  ]);
});

test('an empty Response is TwiML with nothing to do', () => {
  expect(parseTwiml('<Response/>', DOC)).toEqual({ ok: true, verbs: [] });
});

test('what is not TwiML is an error value naming what is wrong', () => {
  const error = (xml: string) => {
    const parsed = parseTwiml(xml, DOC);
    return parsed.ok ? 'parsed' : parsed.error;
  };
  expect(error('<Response><Say>Hi</Response>')).toMatch(/^not valid XML: .*'Say'.*\(line 1, column \d+\)$/);
  expect(error('')).toMatch(/^not valid XML/);
  expect(error('Thanks for calling!')).toMatch(/^not valid XML/);
  expect(error('<html><body><h1>Welcome</h1></body></html>')).toBe('not TwiML: the document holds <html> where a single <Response> belongs');
  expect(error('<Response/><Response/>')).toBe('not TwiML: the document holds <Response>, <Response> where a single <Response> belongs');
  expect(error('<response><Say>lower case</Say></response>')).toMatch(/^not TwiML/);
});

test("the caller's clock: words at the speaking rate times the loop (0 counts as 3), pauses, audio, silences", () => {
  expect(wordsIn('Welcome to Acme. Order 0042 — is ready!')).toBe(7);
  expect(sayMs('one two three', 1, 150)).toBe(1200);
  expect(sayMs('one two three', 2, 150)).toBe(2400);
  expect(timesPlayed(0)).toBe(3);
  expect(sayMs('one two three', 0, 150)).toBe(3600);
  expect(sayMs('one two three', 1, 60)).toBe(3000);
  expect(pauseMs(2)).toBe(2000);
  expect(playMs(1500, 2)).toBe(3000);
  expect(playMs(undefined, 1)).toBe(0);
  expect(digitsMs('ww12')).toBe(1500);
  expect(gatherTimeoutMs(5)).toBe(5000);
  // A silent <Record>: its timeout of silence, or its maxLength when that is shorter.
  expect(recordMs(5, 3600)).toBe(5000);
  expect(recordMs(10, 2)).toBe(2000);
});
