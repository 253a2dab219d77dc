// fast-xml-parser (pure JS, no DOM) with preserveOrder: TwiML is a sequence whose order is the
// call itself, and its validator names the line and column of a broken document.
// @xmldom/xmldom would give the same order through a DOM we have no other use for.
import { createRequire } from 'node:module';
import type * as FastXml from 'fast-xml-parser';

export type Method = 'GET' | 'POST';
export type GatherInput = 'dtmf' | 'speech';

export interface SayVerb {
  verb: 'Say';
  text: string;
  /** Times it is spoken; 0 = until the call moves on (clock.ts counts it as 3). */
  loop: number;
  voice?: string;
  language?: string;
}
export interface PlayVerb {
  verb: 'Play';
  /** The audio, absolute; absent when the Play sends `digits` only. */
  url?: string;
  loop: number;
  /** DTMF tones played to the line (`digits`), e.g. `ww1234`. */
  digits?: string;
}
export interface PauseVerb {
  verb: 'Pause';
  lengthS: number;
}
export interface UnknownVerb {
  verb: 'unknown';
  /** The element's name, e.g. `Connect`. */
  name: string;
}
/** What a <Gather> may say while it listens. */
export type PromptVerb = SayVerb | PlayVerb | PauseVerb;
export interface GatherVerb {
  verb: 'Gather';
  input: GatherInput[];
  timeoutS: number;
  numDigits?: number;
  /** '' when no key ends the entry. */
  finishOnKey: string;
  /** Absolute; the document's own URL when the Gather names none (the provider's default). */
  action: string;
  method: Method;
  actionOnEmptyResult: boolean;
  prompts: Array<PromptVerb | UnknownVerb>;
}
export interface RedirectVerb {
  verb: 'Redirect';
  url: string;
  method: Method;
}
export interface EnqueueVerb {
  verb: 'Enqueue';
  queue: string;
  waitUrl?: string;
  waitUrlMethod: Method;
  action?: string;
  method: Method;
}
export interface LeaveVerb {
  verb: 'Leave';
}
export type DialKind = 'number' | 'client' | 'sip' | 'queue' | 'conference' | 'other';
export interface DialTarget {
  kind: DialKind;
  target: string;
}
/**
 * A hand-over. Its `timeout` (how long it rings) is not read: the tool cannot know whether anyone
 * would pick up, and takes a person dialled as answering at once.
 */
export interface DialVerb {
  verb: 'Dial';
  targets: DialTarget[];
  action?: string;
  method: Method;
}
export interface HangupVerb {
  verb: 'Hangup';
}
export interface RejectVerb {
  verb: 'Reject';
  reason: string;
}
/**
 * A voicemail. The caller leaves no message, so the provider never requests its `action` (it does
 * not for an empty recording): only how long the silent recording lasts is read.
 */
export interface RecordVerb {
  verb: 'Record';
  /** The longest the recording may last (default 3600 s). */
  maxLengthS: number;
  /** Seconds of silence that end the recording (a positive number, default 5). */
  timeoutS: number;
}
export type Verb = PromptVerb | GatherVerb | RedirectVerb | EnqueueVerb | LeaveVerb | DialVerb | HangupVerb | RejectVerb | RecordVerb | UnknownVerb;

/** A TwiML document read into verbs, or why it could not be. */
export type ParsedTwiml = { ok: true; verbs: Verb[] } | { ok: false; error: string };

/** One element as fast-xml-parser's preserveOrder gives it: `{ Say: [children], ':@': { attrs } }` or `{ '#text': '…' }`. */
type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

// Loaded on the first call, not by `validate` or `list`, which load every channel's actions.
let fastXml: { parser: FastXml.XMLParser; validator: typeof FastXml.XMLValidator } | undefined;
function xmlLib() {
  if (!fastXml) {
    const lib = createRequire(import.meta.url)('fast-xml-parser') as typeof FastXml;
    const parser = new lib.XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      // Values stay text: a number such as +15551234 or 0042 must not become a JS number.
      parseTagValue: false,
      parseAttributeValue: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
    });
    fastXml = { parser, validator: lib.XMLValidator };
  }
  return fastXml;
}

const tagOf = (node: XmlNode): string => Object.keys(node).find((k) => k !== ':@') ?? '';
const childrenOf = (node: XmlNode): XmlNode[] => {
  const c = node[tagOf(node)];
  return Array.isArray(c) ? (c as XmlNode[]) : [];
};
const attrsOf = (node: XmlNode): Record<string, string> => node[':@'] ?? {};
const isElement = (node: XmlNode) => !tagOf(node).startsWith('#');

/** All the text inside an element, SSML children included, words separated by single spaces. */
function textOf(node: XmlNode): string {
  const parts: string[] = [];
  const walk = (n: XmlNode) => {
    const tag = tagOf(n);
    if (tag === '#text') parts.push(String(n['#text']));
    else for (const c of childrenOf(n)) walk(c);
  };
  for (const c of childrenOf(node)) walk(c);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** A relative URL in TwiML is relative to the document that holds it, as the provider reads it. */
function resolveUrl(url: string, documentUrl: string): string {
  try {
    return new URL(url, documentUrl).href;
  } catch {
    return url;
  }
}

const int = (value: string | undefined, fallback: number, min = 0): number => {
  const n = value === undefined ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= min ? n : fallback;
};
const method = (value: string | undefined): Method => (value?.trim().toUpperCase() === 'GET' ? 'GET' : 'POST');
const DIAL_NOUNS: Record<string, DialKind> = { Number: 'number', Client: 'client', Sip: 'sip', Queue: 'queue', Conference: 'conference' };

function prompt(node: XmlNode, url: string): PromptVerb | UnknownVerb {
  const a = attrsOf(node);
  switch (tagOf(node)) {
    case 'Say':
      return { verb: 'Say', text: textOf(node), loop: int(a.loop, 1), ...(a.voice ? { voice: a.voice } : {}), ...(a.language ? { language: a.language } : {}) };
    case 'Play': {
      const src = textOf(node);
      return { verb: 'Play', ...(src ? { url: resolveUrl(src, url) } : {}), loop: int(a.loop, 1), ...(a.digits ? { digits: a.digits } : {}) };
    }
    case 'Pause':
      return { verb: 'Pause', lengthS: int(a.length, 1) };
    default:
      return { verb: 'unknown', name: tagOf(node) };
  }
}

function verbOf(node: XmlNode, url: string): Verb {
  const a = attrsOf(node);
  const action = a.action ? { action: resolveUrl(a.action, url) } : {};
  switch (tagOf(node)) {
    case 'Say':
    case 'Play':
    case 'Pause':
      return prompt(node, url);
    case 'Gather': {
      const input = (a.input ?? 'dtmf').split(/\s+/).filter((i): i is GatherInput => i === 'dtmf' || i === 'speech');
      const numDigits = int(a.numDigits, 0, 1);
      return {
        verb: 'Gather',
        input: input.length ? [...new Set(input)] : ['dtmf'],
        timeoutS: int(a.timeout, 5),
        ...(numDigits ? { numDigits } : {}),
        finishOnKey: a.finishOnKey ?? '#',
        action: resolveUrl(a.action ?? url, url),
        method: method(a.method),
        actionOnEmptyResult: a.actionOnEmptyResult?.trim().toLowerCase() === 'true',
        prompts: childrenOf(node).filter(isElement).map((c) => prompt(c, url)),
      };
    }
    case 'Redirect':
      return { verb: 'Redirect', url: resolveUrl(textOf(node), url), method: method(a.method) };
    case 'Enqueue':
      return {
        verb: 'Enqueue',
        queue: textOf(node),
        ...(a.waitUrl ? { waitUrl: resolveUrl(a.waitUrl, url) } : {}),
        waitUrlMethod: method(a.waitUrlMethod),
        ...action,
        method: method(a.method),
      };
    case 'Leave':
      return { verb: 'Leave' };
    case 'Dial': {
      const nouns = childrenOf(node).filter(isElement);
      const targets: DialTarget[] = nouns.length
        ? nouns.map((n) => ({ kind: DIAL_NOUNS[tagOf(n)] ?? 'other', target: textOf(n) || tagOf(n) }))
        : [{ kind: 'number', target: textOf(node) }];
      return { verb: 'Dial', targets, ...action, method: method(a.method) };
    }
    case 'Hangup':
      return { verb: 'Hangup' };
    case 'Reject':
      return { verb: 'Reject', reason: a.reason?.trim() || 'rejected' };
    case 'Record':
      return { verb: 'Record', maxLengthS: int(a.maxLength, 3600, 1), timeoutS: int(a.timeout, 5, 1) };
    default:
      return { verb: 'unknown', name: tagOf(node) };
  }
}

/**
 * Reads a TwiML document into its verbs, URLs made absolute against `documentUrl` (the URL it
 * was fetched from). Never throws: what is not XML, or not a single <Response>, is an error value.
 */
export function parseTwiml(xml: string, documentUrl: string): ParsedTwiml {
  const { parser, validator } = xmlLib();
  const valid = validator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return { ok: false, error: `not valid XML: ${msg.replace(/\.$/, '')} (line ${line}${col ? `, column ${col}` : ''})` };
  }
  let nodes: XmlNode[];
  try {
    nodes = parser.parse(xml) as XmlNode[];
  } catch (err) {
    return { ok: false, error: `not valid XML: ${err instanceof Error ? err.message : String(err)}` };
  }
  const roots = nodes.filter(isElement);
  if (roots.length !== 1 || tagOf(roots[0]) !== 'Response') {
    const names = roots.map((r) => `<${tagOf(r)}>`).join(', ') || 'nothing';
    return { ok: false, error: `not TwiML: the document holds ${names} where a single <Response> belongs` };
  }
  return { ok: true, verbs: childrenOf(roots[0]).filter(isElement).map((n) => verbOf(n, documentUrl)) };
}
