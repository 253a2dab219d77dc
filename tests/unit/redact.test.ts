// Redaction of every form a secret takes, and of secret-looking URL parameters (issue 12, part 1),
// on plain strings and on whole run records with their chat and email parts (part 3).
import { expect, test } from '@playwright/test';
import { RUN_RECORD_SCHEMA_VERSION, RunRecord } from '../../src/model/run-record.ts';
import { isSecretParamName, redact, REDACTED } from '../../src/runner/redact.ts';
import { secretForms } from '../../src/runner/secret-mask.ts';
import { encodingsOf } from '../support/secret-scan.ts';

const CARD = '4111 1111 1111 1111';
const PW = 'Hunter2 pass!word';
// A value with every character that encodes differently somewhere: + & " \ < ' and a non-ASCII one.
const ODD = 'a+b&c"d\\e<f\'g é';
const SECRETS = [CARD, PW, ODD];
const r = (s: string) => redact(s, SECRETS);

test('raw, encodeURIComponent and form-urlencoded values, in either hex case', () => {
  expect(r(`card ${CARD} and ${PW}`)).toBe('card [secret] and [secret]');
  expect(r(encodeURIComponent(PW))).toBe(REDACTED); // Hunter2%20pass!word
  expect(r('Hunter2%20pass%21word')).toBe(REDACTED); // RFC 3986 style, ! escaped too
  expect(r('x=Hunter2+pass%21word&y=1')).toBe('x=[secret]&y=1'); // a form's + for spaces
  expect(r('x=4111+1111+1111+1111')).toBe('x=[secret]');
  const form = new URLSearchParams([['x', ODD]]).toString().slice(2);
  expect(form).toContain('%2B');
  expect(r(`v=${form}`)).toBe('v=[secret]');
  expect(r(`v=${form.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`)).toBe('v=[secret]'); // %2b, %c3%a9
  expect(r('Hunter2+pass%21word and Hunter2+pass%21Word')).toBe('[secret] and Hunter2+pass%21Word'); // only the secret
  expect(r(encodeURIComponent(encodeURIComponent(PW)))).toBe(REDACTED); // a URL inside a URL
});

test('HTML entities, named and numeric', () => {
  expect(r('Hunter2 pass&#33;word')).toBe(REDACTED);
  expect(r('Hunter2 pass&#x21;word|Hunter2 pass&#X21;word|Hunter2 pass&excl;word')).toBe('[secret]|[secret]|[secret]');
  expect(r('<p>Hunter2&nbsp;pass!word</p>')).toBe('<p>[secret]</p>'); // a no-break space is a space
  expect(r('a+b&amp;c&quot;d\\e&lt;f&#39;g &eacute;')).not.toBe(REDACTED); // é by name is not in the table…
  expect(r('a+b&amp;c&quot;d\\e&lt;f&#39;g &#233;')).toBe(REDACTED); // …but by number it is
  expect(r('<a title="a+b&amp;c&quot;d\\e&lt;f&#x27;g é">')).toBe('<a title="[secret]">');
});

test('JSON-escaped, also inside a JSON string inside a URL', () => {
  const json = JSON.stringify({ v: ODD });
  expect(json).toContain('\\"');
  expect(r(json)).toBe('{"v":"[secret]"}');
  expect(r(JSON.stringify({ v: ODD }).replace('é', '\\u00e9'))).toBe('{"v":"[secret]"}');
  expect(r('{"pw":"Hunter2 pass\\u0021word"}')).toBe('{"pw":"[secret]"}');
  expect(r(JSON.stringify(JSON.stringify({ v: ODD })))).toBe('"{\\"v\\":\\"[secret]\\"}"'); // JSON in JSON
  const url = `https://shop.example/cb?state=${encodeURIComponent(JSON.stringify({ note: ODD, n: 1 }))}&q=shoes`;
  expect(r(url)).toBe('https://shop.example/cb?state=%7B%22note%22%3A%22[secret]%22%2C%22n%22%3A1%7D&q=shoes');
  // …and that URL as an HTML attribute, entities and all.
  expect(r(`<a href="${url.replace(/&/g, '&amp;')}">`)).toBe('<a href="https://shop.example/cb?state=%7B%22note%22%3A%22[secret]%22%2C%22n%22%3A1%7D&amp;q=shoes">');
});

test('every encoding the secret scan knows is redacted', () => {
  for (const secret of SECRETS) {
    for (const { encoding, value } of encodingsOf(secret)) {
      if (encoding === 'base64') continue; // not a form a page or a URL gives a typed value
      expect(redact(`before ${value} after`, [secret]), `${encoding} of ${JSON.stringify(secret)}`).toBe('before [secret] after');
    }
  }
});

test('secret-looking query parameters are hidden whatever their value; ordinary ones are kept', () => {
  const url =
    'https://shop.example/pay?q=red+shoes&page=2&card=5500-0000&card_number=1&cardNumber=2&CVV=123&cvc=1&pw=x&passwd=y&Password=z' +
    '&access_token=abc.def&api-key=k&apiKey=k2&auth=a&session=s&sessionId=s2&otp=123456&PIN=0000&ssn=078&secret=s&token=t&x_pass=p' +
    '&user%5Bpassword%5D=a+b&sort=price&keyword=boots&author=me&shipping=fast&passenger=2&access=full&success=1&account=7#id_token=jwt&state=ok';
  expect(redact(url, [])).toBe(
    'https://shop.example/pay?q=red+shoes&page=2&card=[secret]&card_number=[secret]&cardNumber=[secret]&CVV=[secret]&cvc=[secret]&pw=[secret]&passwd=[secret]&Password=[secret]' +
      '&access_token=[secret]&api-key=[secret]&apiKey=[secret]&auth=[secret]&session=[secret]&sessionId=[secret]&otp=[secret]&PIN=[secret]&ssn=[secret]&secret=[secret]&token=[secret]&x_pass=[secret]' +
      '&user%5Bpassword%5D=[secret]&sort=price&keyword=boots&author=me&shipping=fast&passenger=2&access=full&success=1&account=7#id_token=[secret]&state=ok',
  );
  // The value runs to the end of the URL, not to a decoded space; a literal space ends it.
  expect(redact('Page: http://x/echo?card=4111+1111+1111+1111&pw=Hunter2+pass%21word (GET)', [])).toBe('Page: http://x/echo?card=[secret]&pw=[secret] (GET)');
  // Inside a URL inside a URL, and in an HTML attribute.
  expect(redact('https://x/login?next=%2Fpay%3Fpin%3D1234%26q%3Dok', [])).toBe('https://x/login?next=%2Fpay%3Fpin%3D[secret]%26q%3Dok');
  expect(redact('<a href="/pay?q=1&amp;token=abc">', [])).toBe('<a href="/pay?q=1&amp;token=[secret]">');
  // Journey labels keep their un-templated placeholders; empty values stay empty.
  expect(redact('goto /pay?card={{persona.card}}&pw=', [])).toBe('goto /pay?card={{persona.card}}&pw=');
  for (const name of ['q', 'page', 'sort', 'keyword', 'author', 'shipping', 'passenger', 'access', 'success', 'account', 'compass', 'spinner', 'monkey']) {
    expect(isSecretParamName(name), name).toBe(false);
  }
});

test('nothing else changes', () => {
  const plain = {
    url: 'https://shop.example/search?q=4111&page=2&sort=price#top',
    text: 'Order A1234 — 50% off & free returns: "within 30 days" \\ C++',
    n: 42,
    ok: true,
    none: null,
    list: ['a', 'b=c', '%zz', '&notanentity;', '\\q'],
    'key with card=1': 'x',
  };
  expect(redact(plain, SECRETS)).toEqual(plain);
  expect(redact(plain, [])).toEqual(plain);
  // Near misses of a secret are not it.
  expect(r('4111 1111 1111 111 and Hunter2 pass!wor and hunter2 pass!word')).toBe('4111 1111 1111 111 and Hunter2 pass!wor and hunter2 pass!word');
  // Overlapping forms of two secrets become one mark.
  expect(redact('xx abcdef yy', ['abcd', 'cdef'])).toBe('xx [secret] yy');
});

test('redaction stays linear on long strings full of would-be escapes', () => {
  const nasty = '%41&amp;\\u0041+&#x41;%E2%82'.repeat(40_000) + PW; // ~1 MB
  const t0 = performance.now();
  expect(r(nasty).endsWith('[secret]')).toBe(true);
  expect(performance.now() - t0).toBeLessThan(5_000);
});

function recordWithChatAndEmail(): RunRecord {
  const formUrl = `https://shop.example/verify?card=${new URLSearchParams([['x', CARD]]).toString().slice(2)}&ref=A1`;
  return RunRecord.parse({
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId: 'pay/alex/1',
    journeyId: 'pay',
    journeyName: 'Pay',
    tags: [],
    persona: 'alex',
    repeat: 1,
    status: 'completed',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1000,
    budgets: {},
    plannedSteps: 1,
    steps: [],
    observations: { consoleErrors: [], pageErrors: [], failedRequests: [], navigations: [], dialogs: [] },
    artifacts: {},
    channels: {
    chat: {
      openedAtMs: 0,
      endedAtMs: 900,
      messages: [
        { index: 0, author: 'customer', text: `my card is ${CARD} and password ${PW}`, atMs: 10 },
        { index: 1, author: 'bot', name: 'Ava', text: `Thanks! I saw card ${CARD.replace(/ /g, '\u00a0')} (json: "${JSON.stringify(PW).slice(1, -1)}")`, atMs: 500 },
        { index: 2, author: 'agent', name: 'Sam', text: `Check ${formUrl}`, atMs: 800 },
      ],
      turns: [{ turn: 1, messageIndex: 0, sentAtMs: 10, replyIndex: 1, replyMs: 490, waitedMs: 490 }],
      events: [],
    },
    email: {
      address: 'alex@inbox.test',
      received: [
        {
          id: 'm1',
          atMs: 700,
          receivedAt: '2026-01-01T00:00:00.700Z',
          from: 'shop@example.com',
          replyTo: [],
          to: ['alex@inbox.test'],
          subject: `Your card ${CARD}`,
          text: `We charged ${CARD}. Verify: ${formUrl}`,
          html: `<p>We charged ${CARD.replace(/ /g, '&nbsp;')}, password ${PW.replace('!', '&#33;')}</p><a href="${formUrl.replace(/&/g, '&amp;')}">verify</a>`,
          links: [{ text: 'verify', href: formUrl }],
        },
      ],
      sent: [
        { id: 's1', messageId: '<s1@test>', atMs: 800, to: 'shop@example.com', subject: 'Re: Your card', text: `It was ${encodeURIComponent(PW)}` },
      ],
      expectations: [],
      linksOpened: [{ emailId: 'm1', text: 'verify', href: formUrl, status: 200 }],
    },
    },
  });
}

test('chat transcripts and email records are redacted in every encoding', () => {
  const record = recordWithChatAndEmail();
  const before = JSON.stringify(record);
  expect(before).toContain('4111+1111+1111+1111');
  const out = redact(record, [CARD, PW]);
  const text = JSON.stringify(out);
  for (const secret of [CARD, PW]) {
    for (const { encoding, value } of encodingsOf(secret)) expect(text.includes(value), `${encoding} of ${secret}`).toBe(false);
  }
  expect(out.channels?.chat!.messages[0].text).toBe('my card is [secret] and password [secret]');
  expect(out.channels?.chat!.messages[1].text).toBe('Thanks! I saw card [secret] (json: "[secret]")');
  expect(out.channels?.chat!.messages[2].text).toBe('Check https://shop.example/verify?card=[secret]&ref=A1');
  const mail = out.channels!.email!.received[0];
  expect(mail.subject).toBe('Your card [secret]');
  expect(mail.html).toBe('<p>We charged [secret], password [secret]</p><a href="https://shop.example/verify?card=[secret]&amp;ref=A1">verify</a>');
  expect(mail.links[0].href).toBe('https://shop.example/verify?card=[secret]&ref=A1');
  expect(out.channels!.email!.linksOpened[0].href).toBe('https://shop.example/verify?card=[secret]&ref=A1');
  expect(out.channels!.email!.sent[0].text).toBe('It was [secret]');
  // Everything that held no secret is as it was.
  expect(out.channels?.chat!.turns).toEqual(record.channels?.chat!.turns);
  expect(mail.from).toBe('shop@example.com');
});

test('screenshot masking looks for the same forms, case-insensitively', () => {
  const forms = secretForms(PW);
  expect(forms).toContain('hunter2 pass!word');
  expect(forms).toContain('hunter2+pass%21word'); // form-encoded; %2b vs %2B is covered by comparing lower-cased
  expect(forms).toContain('hunter2%20pass!word');
  expect(secretForms('   ')).toEqual([]);
});
