import { createHmac } from 'node:crypto';

/**
 * The X-Twilio-Signature the provider puts on each webhook request: base64 HMAC-SHA1, keyed
 * with the account's auth token, of the full URL (query included) followed by every POST
 * parameter's name and value, sorted by name, with no separators. A GET request's parameters are
 * in its URL already, so it signs the URL alone (pass no params).
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string> = {}): string {
  // Plain code-unit order, as the provider's own helpers sort (`Object.keys(params).sort()`).
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
