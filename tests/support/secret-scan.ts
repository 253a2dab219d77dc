// Scans every file a run writes for every encoding of every secret, in any case. Written independently of
// src/runner/redact.ts (standard library encoders and a small decoder of its own), so a bug in the
// redactor cannot hide itself here. Used by tests/e2e/secrets.spec.ts and, later, the bad-input corpus.
// Zip archives (Playwright traces) are opened and each entry is scanned as a file of its own.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { unzipSync } from 'fflate';

export interface Finding {
  /** Path relative to the scanned folder; `archive.zip!entry` inside a zip archive. */
  file: string;
  /** Which form of the secret was found, e.g. `raw`, `form-urlencoded (lower-case hex)`, `decoded (uri+html+json)`. */
  encoding: string;
  /** The secret that was found (these are test values). */
  secret: string;
  /** 1-based line of the hit (0 for images and other binary files). */
  line: number;
  /** A few characters around the hit. */
  excerpt: string;
}

/** Files whose pixels are tested separately: only their bytes are searched, for the raw value. */
const IMAGE = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.bmp']);

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const utf8Pct = (ch: string) => [...Buffer.from(ch, 'utf8')].map((b) => `%${hex(b)}`).join('');

/** Every literal form a value may take in what a run writes, by name (duplicates folded). */
export function encodingsOf(secret: string): { encoding: string; value: string }[] {
  const form = new URLSearchParams([['x', secret]]).toString().slice(2);
  const json = JSON.stringify(secret).slice(1, -1);
  const all: [string, string][] = [
    ['raw', secret],
    ['encodeURIComponent', encodeURIComponent(secret)],
    ['encodeURIComponent (lower-case hex)', lowerHex(encodeURIComponent(secret))],
    ['encodeURIComponent (RFC 3986)', encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${hex(c.charCodeAt(0))}`)],
    ['encodeURI', encodeURI(secret)],
    ['every character percent-encoded', [...secret].map(utf8Pct).join('')],
    ['form-urlencoded', form],
    ['form-urlencoded (lower-case hex)', lowerHex(form)],
    ['form-urlencoded twice', new URLSearchParams([['x', form]]).toString().slice(2)],
    ['encodeURIComponent twice', encodeURIComponent(encodeURIComponent(secret))],
    ['HTML entities (named)', secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')],
    [
      'HTML entities (Handlebars)',
      secret.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!),
    ],
    ['HTML entities (decimal, every symbol)', secret.replace(/[^A-Za-z0-9 ]/gu, (c) => `&#${c.codePointAt(0)};`)],
    ['HTML entities (hex, every symbol)', secret.replace(/[^A-Za-z0-9 ]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16)};`)],
    ['HTML entities (decimal, every character)', [...secret].map((c) => `&#${c.codePointAt(0)};`).join('')],
    ['JSON string', json],
    ['JSON string (ASCII only)', json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
    ['JSON string (every character \\u-escaped)', [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['JSON inside JSON', JSON.stringify(JSON.stringify(secret)).slice(3, -3)],
    ['base64', Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, '')],
  ];
  const byValue = new Map<string, string[]>();
  for (const [encoding, value] of all) {
    if (!value) continue;
    byValue.set(value, [...(byValue.get(value) ?? []), encoding]);
  }
  return [...byValue].map(([value, names]) => ({ encoding: names.join(' = '), value }));
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", excl: '!', num: '#', dollar: '$', percnt: '%', plus: '+', equals: '=', quest: '?', commat: '@', sol: '/', bsol: '\\', colon: ':', semi: ';', comma: ',', period: '.', nbsp: ' ' };

/** Lenient decoders, one layer each: percent-escapes (and `+`), HTML entities, JSON/JS string escapes. */
const DECODERS: Record<string, (s: string) => string> = {
  uri: (s) =>
    s.replace(/\+/g, ' ').replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.split('%').slice(1).map((h) => parseInt(h, 16))).toString('utf8')),
  html: (s) =>
    s.replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z]+));?/g, (m, dec, hx, name) => {
      const cp = dec ? Number(dec) : hx ? parseInt(hx, 16) : undefined;
      if (cp !== undefined) return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      return NAMED[name] ?? NAMED[name.toLowerCase()] ?? m;
    }),
  json: (s) =>
    s.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(["\\/'])|\\([nrtbf])/g, (_m, u, x, lit, ctl) =>
      u ? String.fromCharCode(parseInt(u, 16)) : x ? String.fromCharCode(parseInt(x, 16)) : lit ? lit : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[ctl],
    ),
};

/** The text decoded by each decoder, then by all of them together up to three layers deep. */
function decodedViews(text: string): { encoding: string; text: string }[] {
  const views = Object.entries(DECODERS).map(([name, decode]) => ({ encoding: `decoded (${name})`, text: decode(text) }));
  let all = text;
  for (let i = 0; i < 3; i++) {
    const next = DECODERS.uri(DECODERS.html(DECODERS.json(all)));
    if (next === all) break;
    all = next;
    views.push({ encoding: `decoded (json+html+uri, ${i + 1} layer${i ? 's' : ''})`, text: all });
  }
  return views.filter((v) => v.text !== text);
}

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue; // `latest` and the like: the real folder is scanned on its own
    if (st.isDirectory()) yield* filesUnder(path);
    else if (st.isFile()) yield path;
  }
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;
const excerptAt = (text: string, index: number, length: number) =>
  text.slice(Math.max(0, index - 30), index + length + 30).replace(/\s+/g, ' ');

function hitsIn(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/**
 * Every hit of every encoding of every secret in every file under `dir`: text files (html, json,
 * jsonl, xml, md, txt and anything else without NUL bytes) for each literal encoding and for the
 * raw value in decoded views; images and other binary files for the raw value's bytes only. Each
 * entry of a zip archive is scanned the same way; an archive that cannot be opened is a finding
 * (what it holds cannot be vouched for).
 */
export function scanForSecrets(dir: string, secrets: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const wanted = secrets.filter((s) => s.length > 0);
  for (const path of filesUnder(dir)) scanFile(relative(dir, path), readFileSync(path), wanted, findings);
  return findings;
}

function scanFile(file: string, bytes: Buffer, wanted: readonly string[], findings: Finding[]): void {
  if (extname(file).toLowerCase() === '.zip') {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes);
    } catch (err) {
      findings.push({ file, encoding: 'unreadable archive', secret: '', line: 0, excerpt: String(err) });
      return;
    }
    for (const [name, data] of Object.entries(entries)) scanFile(`${file}!${name}`, Buffer.from(data), wanted, findings);
    return;
  }
  const binary = IMAGE.has(extname(file).toLowerCase()) || bytes.subarray(0, 8192).includes(0);
  if (binary) {
    for (const secret of wanted) {
      for (const [encoding, needle] of [
        ['raw (bytes)', Buffer.from(secret, 'utf8')],
        ['raw (UTF-16 bytes)', Buffer.from(secret, 'utf16le')],
      ] as const) {
        for (let i = bytes.indexOf(needle); i !== -1; i = bytes.indexOf(needle, i + 1)) {
          findings.push({ file, encoding, secret, line: 0, excerpt: `byte ${i}` });
        }
      }
    }
    return;
  }
  const text = bytes.toString('utf8');
  const views = decodedViews(text);
  for (const secret of wanted) {
    // Where a form was found as it is: the same place found again in another case is not repeated.
    const at = new Set<string>();
    const found = (view: string, text: string, i: number, length: number, encoding: string) => {
      if (at.has(`${view}:${i}`)) return;
      at.add(`${view}:${i}`);
      findings.push({ file, encoding, secret, line: lineAt(text, i), excerpt: excerptAt(text, i, length) });
    };
    for (const { encoding, value } of encodingsOf(secret)) {
      for (const i of hitsIn(text, value)) found('', text, i, value.length, encoding);
    }
    // Mixed and layered forms (a JSON string inside a URL inside HTML…): the raw value in decoded text.
    for (const view of views) {
      for (const i of hitsIn(view.text, secret)) found(view.encoding, view.text, i, secret.length, view.encoding);
    }
    // In any case: lower-cased (what the harness's page scripts look for, in a trace) or upper-cased.
    const lower = text.toLowerCase();
    const anyCase = (encoding: string) => encoding.split(' = ').map((e) => `${e} (any case)`).join(' = ');
    for (const { encoding, value } of encodingsOf(secret)) {
      for (const i of hitsIn(lower, value.toLowerCase())) found('', lower, i, value.length, anyCase(encoding));
    }
    for (const view of views) {
      const lowerView = view.text.toLowerCase();
      for (const i of hitsIn(lowerView, secret.toLowerCase())) found(view.encoding, lowerView, i, secret.length, anyCase(view.encoding));
    }
  }
}

/** One line per finding, for test failure messages. */
export const describeFindings = (findings: Finding[]) =>
  findings.map((f) => `${f.file}:${f.line} ${f.encoding} of "${f.secret}": …${f.excerpt}…`).join('\n');
