// X-Twilio-Signature, checked against the provider's own documented examples
// (twilio.com/docs/usage/security; TwilioDevEd/api-snippets security/signature_validation).
import { expect, test } from '@playwright/test';
import { twilioSignature } from '../../src/channels/phone/signature.ts';

const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';

test("a POST: the URL and the sorted parameters, as in the provider's example", () => {
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
  expect(twilioSignature('12345', URL, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  // The same example with other numbers (the snippet's later version).
  const later = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };
  expect(twilioSignature('12345', URL, later)).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
});

test('parameters are signed sorted by name, whatever order they were given in', () => {
  const shuffled = { To: '+18005551212', Digits: '1234', From: '+14158675309', CallSid: 'CA1234567890ABCDE', Caller: '+14158675309' };
  expect(twilioSignature('12345', URL, shuffled)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
});

test('a changed value, URL or token gives another signature', () => {
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
  expect(twilioSignature('12345', URL, { ...params, Digits: '1235' })).not.toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=3', params)).not.toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  expect(twilioSignature('12346', URL, params)).not.toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
});

test('a GET signs its URL alone: the same as a POST of that URL with no parameters', () => {
  const get = `${URL}&CallSid=CA1234567890ABCDE&Digits=1234`;
  expect(twilioSignature('12345', get)).toBe(twilioSignature('12345', get, {}));
  expect(twilioSignature('12345', get)).not.toBe(twilioSignature('12345', URL, { CallSid: 'CA1234567890ABCDE', Digits: '1234' }));
  expect(twilioSignature('12345', get)).toMatch(/^[A-Za-z0-9+/]{27}=$/);
});
