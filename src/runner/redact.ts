// Redaction of secrets from everything a run records, in every form a value takes on the way:
// as typed, percent-encoded (encodeURIComponent, or a form's `+` for spaces, either hex case),
// as HTML entities (named, decimal, hex), JSON-escaped (`\"`, `\\`, `\u00xx`), and any mix or
// nesting of those (a JSON string inside a URL inside an HTML attribute). It works by decoding
// each string a layer at a time, keeping for every decoded character where it came from, and
// looking for the plain value in each layer: one pass per layer, so the cost stays linear in the
// text. A space matches any whitespace or a `+` (a form's space). In every URL, values of query
// parameters whose name looks secret are hidden too, whatever they are.

export const REDACTED = '[secret]';

/** How many layers of encoding are undone (a URL in a JSON string in an HTML attribute is three). */
const MAX_LAYERS = 3;

/** Parameter name words (after splitting on `_`, `-`, `.`, brackets and camelCase) that make a value secret. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pw', 'pass', 'passcode', 'passphrase', 'pin', 'otp', 'totp', 'mfa', '2fa', 'ssn',
  'card', 'cc', 'ccn', 'ccnum', 'pan', 'cvc', 'cvv', 'cvc2', 'cvv2', 'csc', 'cid',
  'token', 'secret', 'key', 'auth', 'authorization', 'bearer', 'jwt', 'session', 'sid', 'sessid', 'cookie',
  'credential', 'credentials', 'signature', 'sig',
]);
/** Substrings that make a name secret even when written as one word (`newpassword`, `cardnumber`, `accesstoken`). */
const SECRET_PARTS = [
  'password', 'passwd', 'passphrase', 'passcode', 'token', 'secret', 'apikey', 'privatekey', 'cardnumber', 'cardnum',
  'creditcard', 'cardno', 'ccnumber', 'cvv', 'cvc', 'securitycode', 'sessionid', 'sessid', 'credential', 'pincode', 'otpcode',
];

const nameCache = new Map<string, boolean>();

/** Whether a query parameter's name says its value is secret (`pw`, `card_number`, `accessToken`, `user[password]`…). */
export function isSecretParamName(name: string): boolean {
  const known = nameCache.get(name);
  if (known !== undefined) return known;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  let secret = false;
  for (const w of words) if (SECRET_WORDS.has(w)) secret = true;
  const compact = words.join('');
  for (const p of SECRET_PARTS) if (compact.includes(p)) secret = true;
  if (nameCache.size > 10_000) nameCache.clear();
  nameCache.set(name, secret);
  return secret;
}

/**
 * One layer of text: `start[i]`/`end[i]` give the span of the original string that character `i`
 * came from (absent on the original itself).
 */
interface Layer {
  text: string;
  start?: Int32Array;
  end?: Int32Array;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', AMP: '&', lt: '<', LT: '<', gt: '>', GT: '>', quot: '"', QUOT: '"', apos: "'", nbsp: '\u00a0',
  excl: '!', num: '#', dollar: '$', percnt: '%', lpar: '(', rpar: ')', ast: '*', midast: '*', plus: '+', comma: ',',
  period: '.', sol: '/', colon: ':', semi: ';', equals: '=', quest: '?', commat: '@', lsqb: '[', lbrack: '[',
  bsol: '\\', rsqb: ']', rbrack: ']', Hat: '^', lowbar: '_', UnderBar: '_', grave: '`', DiacriticalGrave: '`',
  lcub: '{', lbrace: '{', verbar: '|', vert: '|', VerticalLine: '|', rcub: '}', rbrace: '}', Tab: '\t', NewLine: '\n',
  hyphen: '\u2010', dash: '\u2010', ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c',
  rdquo: '\u201d', euro: '\u20ac', pound: '\u00a3', copy: '\u00a9', reg: '\u00ae', middot: '\u00b7',
};
const JSON_SHORT: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', "'": "'", n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/y;
const HEX2 = /^[0-9a-fA-F]{2}$/;
/** Characters that start an encoded form: without any, a string is its only layer. */
const MAY_BE_ENCODED = /[%&\\]/;

function hexDigit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
}
/** The byte of a `%XX` at `i`, or -1. */
function hexAt(s: string, i: number): number {
  if (s.charCodeAt(i) !== 0x25) return -1;
  const hi = hexDigit(s.charCodeAt(i + 1));
  const lo = hexDigit(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/** Where character `i` of a layer starts in the original. */
function spanStart(layer: Layer, i: number): number {
  return layer.start ? layer.start[i] : i;
}
/** Where characters up to `j` (exclusive) of a layer end in the original. */
function spanEnd(layer: Layer, j: number): number {
  return layer.end ? layer.end[j - 1] : j;
}

/** A layer being decoded: what is written so far and where each character came from. */
interface Decoding {
  from: Layer;
  text: string;
  start: Int32Array;
  end: Int32Array;
  /** Characters written. */
  k: number;
  /** Start of the run of characters to copy as they are. */
  plainFrom: number;
}

/** Characters i..j-1 of the layer decode to `text` (characters before i since the last call are copied). */
function emit(d: Decoding, text: string, i: number, j: number): number {
  const { from: layer, start, end } = d;
  for (let p = d.plainFrom; p < i; p++, d.k++) {
    start[d.k] = spanStart(layer, p);
    end[d.k] = spanEnd(layer, p + 1);
  }
  d.text += layer.text.slice(d.plainFrom, i) + text;
  const s = spanStart(layer, i);
  const e = spanEnd(layer, j);
  for (let u = 0; u < text.length; u++, d.k++) {
    start[d.k] = s;
    end[d.k] = e;
  }
  d.plainFrom = j;
  return j;
}

/** Undoes one layer of percent-escapes, HTML entities and JSON escapes; undefined when nothing changed. */
function decodeLayer(layer: Layer): Layer | undefined {
  const s = layer.text;
  const n = s.length;
  // A decoded layer is never longer than the one it comes from.
  const d: Decoding = { from: layer, text: '', start: new Int32Array(n), end: new Int32Array(n), k: 0, plainFrom: 0 };
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    if (c === 0x25 /* % */) {
      const b0 = hexAt(s, i);
      if (b0 >= 0) {
        // A UTF-8 sequence: its lead byte says how many continuation bytes follow.
        const more = b0 < 0x80 ? 0 : b0 >= 0xc2 && b0 < 0xe0 ? 1 : b0 >= 0xe0 && b0 < 0xf0 ? 2 : b0 >= 0xf0 && b0 < 0xf5 ? 3 : -1;
        let cp = more === 0 ? b0 : more === 1 ? b0 & 0x1f : more === 2 ? b0 & 0x0f : b0 & 0x07;
        let j = i + 3;
        for (let m = 0; m < more && cp >= 0; m++, j += 3) {
          const b = hexAt(s, j);
          cp = b >= 0x80 && b < 0xc0 ? (cp << 6) | (b & 0x3f) : -1;
        }
        if (more >= 0 && cp >= 0 && cp <= 0x10ffff) {
          i = emit(d, String.fromCodePoint(cp), i, j);
          continue;
        }
      }
    } else if (c === 0x26 /* & */) {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(s);
      if (m) {
        const cp = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? parseInt(m[2], 16) : undefined;
        // A numeric reference without `;` still ends where its digits end; a named one needs `;`.
        const text = cp !== undefined ? (cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined) : m[0].endsWith(';') ? NAMED_ENTITIES[m[3]] : undefined;
        if (text !== undefined) {
          i = emit(d, text, i, i + m[0].length);
          continue;
        }
      }
    } else if (c === 0x5c /* \ */ && i + 1 < n) {
      const e = s[i + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
        i = emit(d, String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16)), i, i + 6);
        continue;
      }
      if (e === 'x' && HEX2.test(s.slice(i + 2, i + 4))) {
        i = emit(d, String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16)), i, i + 4);
        continue;
      }
      if (JSON_SHORT[e] !== undefined) {
        i = emit(d, JSON_SHORT[e], i, i + 2);
        continue;
      }
    }
    i += 1;
  }
  if (d.plainFrom === 0) return undefined; // nothing decoded
  emit(d, '', n, n);
  return { text: d.text, start: d.start.subarray(0, d.k), end: d.end.subarray(0, d.k) };
}

/** `name=` after `?`, `&`, `#` or `;` (a URL's query, fragment or matrix parameters). */
const PARAM = /[?&#;]([^\s=&#?;"'<>\/\\`]{1,100})=/g;
/** Where a parameter's value ends (whitespace only when it is literally there in the original). */
const VALUE_END = /[&#"'<>\\`\s]/;
/** Values that hide nothing: already redacted, or an un-templated `{{persona.card}}` from a journey. */
const HARMLESS_VALUE = /^(?:\[secret\]|%5Bsecret%5D|\{\{[^{}]*\}\})$/i;

/**
 * Whitespace and `+` all as `+`, for matching only: a form's `+` is a space, and a page may print a
 * card number with no-break spaces. Same length, so positions still map. (Decoding leaves `+` as it
 * is: a literal `+` in a secret, next to other escapes, must stay one.)
 */
function foldSpaces(s: string): string {
  return /[\s]/.test(s) ? s.replace(/\s/g, '+') : s;
}

/** Adds to `spans` (start, end pairs in the original) every secret and every secret parameter's value found in one layer. */
function findIn(layer: Layer, original: string, values: readonly string[], spans: number[]): void {
  const folded = foldSpaces(layer.text);
  for (const v of values) {
    for (let i = folded.indexOf(v); i !== -1; i = folded.indexOf(v, i + 1)) spans.push(spanStart(layer, i), spanEnd(layer, i + v.length));
  }
  const text = layer.text;
  if (!text.includes('=')) return;
  PARAM.lastIndex = 0;
  for (let m = PARAM.exec(text); m; m = PARAM.exec(text)) {
    if (!isSecretParamName(m[1])) continue;
    const valueAt = m.index + m[0].length;
    let j = valueAt;
    for (; j < text.length; j++) {
      const ch = text[j];
      if (!VALUE_END.test(ch)) continue;
      // A space decoded from `%20` (or `&#32;`…) is part of the value; one in the original ends the URL.
      const decodedSpace = layer.start !== undefined && /\s/.test(ch) && spanEnd(layer, j + 1) - spanStart(layer, j) > 1;
      if (!decodedSpace) break;
    }
    if (j > valueAt) {
      const from = spanStart(layer, valueAt);
      const to = spanEnd(layer, j);
      if (!HARMLESS_VALUE.test(original.slice(from, to))) spans.push(from, to);
    }
    PARAM.lastIndex = Math.max(PARAM.lastIndex, j);
  }
}

/** `original` with every span replaced by REDACTED (overlapping spans merged). */
function replaceSpans(original: string, spans: number[]): string {
  const pairs: [number, number][] = [];
  for (let i = 0; i < spans.length; i += 2) pairs.push([spans[i], spans[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let at = 0;
  for (const [s, e] of pairs) {
    if (e <= at) continue;
    if (s >= at) out += original.slice(at, s) + REDACTED;
    at = e;
  }
  return out + original.slice(at);
}

/** Builds the redactor for a set of secrets: string in, string out, with every form of every secret replaced. */
export function secretRedactor(secrets: readonly string[]): (s: string) => string {
  const values = [...new Set(secrets.filter((s) => s.trim().length > 0).map(foldSpaces))];
  const shortest = values.reduce((min, v) => Math.min(min, v.length), Infinity);
  return (original: string) => {
    // Shorter than every secret, and no `=` in any form: nothing to find in any layer.
    if (original.length < shortest && !/[=%&\\]/.test(original)) return original;
    const spans: number[] = [];
    let layer: Layer | undefined = { text: original };
    findIn(layer, original, values, spans);
    if (MAY_BE_ENCODED.test(original)) {
      for (let depth = 0; depth < MAX_LAYERS && layer; depth++) {
        layer = decodeLayer(layer);
        if (layer) findIn(layer, original, values, spans);
      }
    }
    return spans.length === 0 ? original : replaceSpans(original, spans);
  };
}

/**
 * Replaces every secret, in every form it takes (see the top of this file), in every string inside
 * `value`, and hides the values of secret-looking query parameters in every URL. Object keys are
 * kept as they are.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const scrub = secretRedactor(secrets);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
