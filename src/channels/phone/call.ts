import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatMs } from '../../model/duration.ts';
import { formatBytes } from '../../report/format.ts';
import { matchText } from '../text.ts';
import { audioDurationMs, digitsMs, gatherTimeoutMs, pauseMs, playMs, recordMs, sayMs, speakMs } from './clock.ts';
import { menuOptions, type MenuOption } from './options.ts';
import { CALL_ENDINGS, type CallEvent, type CallRecord } from './record.ts';
import { withoutLogin } from './outcomes.ts';
import { twilioSignature } from './signature.ts';
import { parseTwiml, type DialVerb, type EnqueueVerb, type GatherVerb, type Method, type PromptVerb, type UnknownVerb, type Verb } from './twiml.ts';

/** What the provider tells the caller when the webhook fails (its own words). */

/** Audio larger than this is not read: its duration is unknown (a 20 MB recording is over 20 minutes of phone audio). */
export const MAX_AUDIO_BYTES = 20 * 1024 * 1024;

/**
 * In a queue, the wait instructions are asked for at most once a second: a wait document that
 * plays in no time (an empty one, hold music whose length cannot be read) must not spin through
 * the call's requests in a fraction of a second.
 */
export const MIN_WAIT_CYCLE_MS = 1000;

/** What the caller answers whenever a menu asks for something they know (`phone.call` `answers`). */
export interface CallAnswer {
  /** The prompt asks for it: text (case-insensitive substring) or /regex/flags. */
  when: string;
  press?: string;
  say?: string;
}

export interface PhoneCallOptions {
  /** The voice webhook, absolute; a login in it (`https://user:pass@host/voice`) is sent as HTTP Basic auth, never recorded. */
  url: string;
  from: string;
  to: string;
  accountSid: string;
  /** Signs every request (X-Twilio-Signature) when set. */
  authToken?: string;
  wordsPerMinute: number;
  requestTimeoutMs: number;
  maxRequests: number;
  answers?: CallAnswer[];
  /** The run's clock, ms; it includes the listening time reported through `customerTime`. */
  now(): number;
  currentStep(): number | undefined;
  /** Listening time the tool does not wait out in real time (a prompt, a menu's silence). */
  customerTime(ms: number): void;
  /** Aborted when the run ends or the audit is stopped: every request and wait of the call ends at once. */
  signal?: AbortSignal;
  /** Audio files past this many bytes are not read (default MAX_AUDIO_BYTES). */
  maxAudioBytes?: number;
}

/** Whether the line took the caller's keys or words, and if not, why. */
export type InputResult = { taken: true } | { taken: false; why: string };

/** What `choose` pressed: an option at each menu that offered one, and what the first menu offered. */
export interface ChooseResult {
  chosen: MenuOption[];
  /** What the caller had heard at the first menu, and its options. */
  prompt: string;
  offered: MenuOption[];
}

/** The caller ran out of patience during an operation: when, and what the line was doing. */
export interface GaveUp {
  /** The index of the caller's `hangup` event. */
  eventIndex: number;
  /** The patience that ran out, ms on the call's clock. */
  afterMs: number;
  /** What the line was doing, in the caller's words ("the line had gone silent"). */
  why: string;
}

/** A TwiML document being played, at its next verb; `url` is where relative URLs and a Gather's default action point. */
interface Cursor {
  url: string;
  verbs: Verb[];
  next: number;
}

/**
 * A wait document flattened: a Gather's start (its menu number), its prompts played inline, the
 * menu (the line waits for keys) and its silence as pseudo-verbs.
 */
type WaitVerb = Verb | { verb: 'gather' | 'menu' | 'no-input'; gather: GatherVerb };
interface WaitCursor {
  url: string;
  verbs: WaitVerb[];
  next: number;
}

interface Queue {
  enqueue: EnqueueVerb;
  sid: string;
  /** When the caller joined, on the call's clock. */
  joinedAtMs: number;
  /** The verbs after <Enqueue>, played when the caller leaves a queue that names no action. */
  rest: Cursor;
  wait?: WaitCursor;
  /** When wait instructions were last asked for, on the call's clock. */
  askedAtMs?: number;
  /** The prompt heard in real time right now, recorded when it ends. */
  playing?: { event: Omit<CallEvent, 'stepIndex'>; endsAtMs: number };
  /** The Gather being played in the wait document: its menu number and key. */
  menu?: { index: number; key: string };
}

type Stop =
  | { kind: 'idle' | 'running' | 'ended' }
  | { kind: 'menu'; gather: GatherVerb; menuIndex: number; key: string; rest: Cursor }
  | { kind: 'person'; dial: DialVerb; rest: Cursor }
  | { kind: 'queue'; queue: Queue };

/** The caller's patience ran out in the middle of something: they hang up (see `PhoneCall.within`). */
class OutOfPatience extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}
/** The run ended or the audit was stopped: the call stops where it is, blaming no one. */
class Stopped extends Error {}

/** What the line was doing when the caller gave up, in their words. */
const WHY = {
  ringing: 'the line never answered',
  silent: 'the line had gone silent',
  talking: 'the line was still playing its messages',
  keys: 'the line had not taken the keys',
  speaking: 'they were still speaking',
  recording: 'the line was waiting for a message after the tone',
};

const PERSON_KINDS = new Set(['number', 'client', 'sip']);
const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');
const fold = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
const lastIndex = <T>(items: readonly T[], is: (item: T) => boolean): number => {
  for (let i = items.length - 1; i >= 0; i--) if (is(items[i])) return i;
  return -1;
};
/** A caller asked the same thing again at the same menu answers it at most this often, then stops repeating themselves. */
const MAX_ANSWERS_PER_MENU = 3;
/** The longest timer Node keeps (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;


/** Any login written into URLs in a text (an error message), taken out. */
const scrubLogins = (text: string): string => text.replace(/(\/\/)[^\s/@]*@/g, '$1');


/** A response body up to `max` bytes; undefined when it is longer (it is not read further). */
async function bodyUpTo(res: Response, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** A prompt as the caller hears it: its event (without a time) and how long it takes. */
interface Heard {
  event: Omit<CallEvent, 'stepIndex' | 'atMs'>;
  ms: number;
}

/** An audio file's length as read, or why it is unknown. */
interface AudioLength {
  ms?: number;
  /** The file was larger than the call reads. */
  tooBig?: boolean;
}

/**
 * One phone call, with the tool playing the telephony provider: it requests the company's voice
 * webhook as the provider does, plays the TwiML it gets back on the caller's clock, and stops
 * where the caller has to act. It never throws for what the IVR does: a failing webhook, a bad
 * document or a loop of redirects is an `error` event, and the call ends.
 *
 * Each operation that plays the call on (place, press, say, choose, keepGoingUntil) runs within
 * the caller's patience for it, on the call's clock (real time included): when it runs out in the
 * middle of the line's instructions, the caller hangs up (`gaveUp` says when and why).
 */
export class PhoneCall {
  readonly callSid = sid('CA');
  readonly events: CallEvent[] = [];
  /** expectPerson looks for a person from this event on (each person is expected once). */
  personFrom = 0;
  /** Set when the caller ran out of patience and hung up. */
  gaveUp: GaveUp | undefined;
  /** True when the run ended or the audit was stopped while the call went on (it is recorded as `open`). */
  stopped = false;
  private stop: Stop = { kind: 'idle' };
  private placedAtMs = 0;
  private placedInStep: number | undefined;
  private endedAtMs: number | undefined;
  private ended: CallRecord['ended'] | undefined;
  private requests = 0;
  private menus = 0;
  /** The running operation's patience: how long, when it runs out on the call's clock, and what ends it early (the operation got what it waited for). */
  private patience: { ms: number; giveUpAt: number; done?: () => boolean } | undefined;
  private readonly audio = new Map<string, Promise<AudioLength>>();
  private readonly answered = new Map<string, number>();
  /** HTTP Basic credentials by origin: given once in a URL, the provider stays logged in for the call. */
  private readonly logins = new Map<string, string>();

  constructor(private readonly o: PhoneCallOptions) {}

  get state(): 'idle' | 'running' | 'menu' | 'person' | 'queue' | 'ended' {
    return this.stop.kind;
  }

  /** ms since the call was placed (the caller's clock). */
  clock(): number {
    if (this.stop.kind === 'idle') return 0;
    return this.stopped && this.endedAtMs !== undefined ? this.endedAtMs : this.o.now() - this.placedAtMs;
  }

  /** The caller dials: the provider's first request to the voice webhook, played to the first stopping point. */
  async place(patienceMs = Infinity): Promise<void> {
    if (this.stop.kind !== 'idle') return;
    this.placedAtMs = this.o.now();
    this.placedInStep = this.o.currentStep();
    this.stop = { kind: 'running' };
    await this.within(
      patienceMs,
      async () => {
        const doc = await this.request(this.o.url, 'POST');
        if (doc) await this.play(doc);
        await this.answerWhatIsAsked();
      },
      () => undefined,
    );
  }

  /** The caller presses keys at the menu waiting for them. */
  async press(keys: string, patienceMs = Infinity): Promise<InputResult> {
    const refused = this.refusesKeys();
    if (refused) return { taken: false, why: refused };
    await this.within(
      patienceMs,
      async () => {
        await this.pressAtMenu(keys);
        await this.answerWhatIsAsked();
      },
      () => undefined,
    );
    return { taken: true };
  }

  /** The caller speaks at the menu waiting for words. */
  async say(text: string, patienceMs = Infinity): Promise<InputResult> {
    const refused = this.refusesWords();
    if (refused) return { taken: false, why: refused };
    await this.within(
      patienceMs,
      async () => {
        await this.speakAtMenu(text);
        await this.answerWhatIsAsked();
      },
      () => undefined,
    );
    return { taken: true };
  }

  /**
   * Presses the key of the first option whose words match `topic` (text or /regex/), and again at
   * each following menu while one matches (deep IVRs); stops at a menu with nothing for it, a
   * menu met again, or any other stopping point.
   */
  async choose(topic: string, patienceMs = Infinity): Promise<ChooseResult> {
    const chosen: MenuOption[] = [];
    let first: { prompt: string; offered: MenuOption[] } | undefined;
    const result = (): ChooseResult => ({ chosen, prompt: first?.prompt ?? '', offered: first?.offered ?? [] });
    return this.within(
      patienceMs,
      async () => {
        const seen = new Set<string>();
        while (this.stop.kind === 'menu') {
          const prompt = this.heardSinceInput();
          const offered = menuOptions(prompt);
          first ??= { prompt, offered };
          const option = offered.find((o) => matchText(o.says, topic));
          if (!option || seen.has(this.stop.key) || this.refusesKeys()) break;
          seen.add(this.stop.key);
          chosen.push(option);
          await this.pressAtMenu(option.key);
          await this.answerWhatIsAsked();
        }
        return result();
      },
      result,
    );
  }

  /**
   * Keeps the call going, as it would go on without the caller doing anything, until `until` holds
   * or `patienceMs` passes on the call's clock: menus time out with no input, a dialled person's
   * leg completes (its action is requested), and a queue's wait instructions play in real time.
   * True when `until` held. Patience that runs out in a menu's silence or in a queue leaves the
   * call there; in the middle of the line's instructions, the caller hangs up.
   */
  async keepGoingUntil(until: () => boolean, patienceMs: number): Promise<boolean> {
    return this.within(
      patienceMs,
      async () => {
        while (!until()) {
          if (this.stop.kind === 'ended' || this.stop.kind === 'idle' || this.leftMs() <= 0) return false;
          if (!(await this.goOn())) return false;
        }
        return true;
      },
      () => false,
      until,
    );
  }

  /** The caller hangs up. */
  hangup(): void {
    if (this.stop.kind === 'ended' || this.stop.kind === 'idle') return;
    if (this.stop.kind === 'queue') this.push({ kind: 'dequeue', atMs: this.clock(), text: 'hangup' });
    this.end('caller-hung-up', { kind: 'hangup', by: 'caller' });
  }

  /** The call as recorded so far (`open` while it goes on). */
  record(): CallRecord {
    return {
      callSid: this.callSid,
      url: withoutLogin(this.o.url),
      from: this.o.from,
      to: this.o.to,
      placedAtMs: this.placedAtMs,
      ...(this.placedInStep !== undefined ? { placedInStep: this.placedInStep } : {}),
      endedAtMs: this.endedAtMs ?? this.clock(),
      ended: this.ended ?? 'open',
      requests: this.requests,
      events: this.events.map((e) => ({ ...e })),
    };
  }

  /** The index of the caller's last press or speech, -1 before any. */
  lastInputIndex(): number {
    return lastIndex(this.events, (e) => e.kind === 'press' || e.kind === 'speech');
  }

  /** When the caller's last input ended, on the call's clock (0 before any). */
  lastInputEndMs(): number {
    const e = this.events[this.lastInputIndex()];
    return e ? e.atMs + (e.durationMs ?? 0) : 0;
  }

  /** The words the caller heard since their last input. */
  heardSinceInput(): string {
    return this.saysSinceInput()
      .map((e) => e.text ?? '')
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** What the line said last: the words since the caller's last input, else those they answered ('' when none). */
  lastWords(): string {
    const since = this.heardSinceInput();
    if (since) return since;
    const input = this.lastInputIndex();
    const before = lastIndex(this.events.slice(0, Math.max(0, input)), (e) => e.kind === 'press' || e.kind === 'speech');
    return this.events
      .slice(before + 1, Math.max(0, input))
      .flatMap((e) => (e.kind === 'say' && e.text ? [e.text] : []))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** The prompt since the last input at which the words heard first match `matches` (text or /regex/). */
  promptMatching(matches: string): CallEvent | undefined {
    let words = '';
    for (const e of this.saysSinceInput()) {
      words = `${words} ${e.text ?? ''}`;
      if (matchText(words, matches)) return e;
    }
    return undefined;
  }

  /** The first hand-over to a person at or after event `from`. */
  personAfter(from: number): { event: CallEvent; index: number } | undefined {
    const index = this.events.findIndex((e, i) => i >= from && e.kind === 'dial' && e.handover?.person);
    return index < 0 ? undefined : { event: this.events[index], index };
  }

  /** The menu waiting for input, with what the caller heard since their last input and the options it names. */
  menuNow(): { menuIndex: number; prompt: string; options: MenuOption[]; input: GatherVerb['input'] } | undefined {
    if (this.stop.kind !== 'menu') return undefined;
    const prompt = this.heardSinceInput();
    return { menuIndex: this.stop.menuIndex, prompt, options: menuOptions(prompt), input: this.stop.gather.input };
  }

  /** Where the call stands, in the caller's words (for messages). */
  whereNow(): string {
    const stop = this.stop;
    switch (stop.kind) {
      case 'idle':
        return 'no call has been placed';
      case 'menu':
        return 'a menu is waiting for input';
      case 'person':
        return 'the call is with a person';
      case 'queue':
        return `the call is waiting in a queue (for ${formatMs(this.clock() - stop.queue.joinedAtMs)})`;
      case 'ended':
        return this.stopped ? 'the audit was stopped with the call still open' : `the call has ended (${CALL_ENDINGS[this.ended ?? 'open']})`;
      default:
        return 'the call is going on';
    }
  }

  // ── Patience and the run's end ──────────────────────────────────────────────────────────────

  /**
   * Runs one operation within the caller's patience: when it runs out in the middle of the line's
   * instructions the caller hangs up; when the run ends or the audit is stopped, the call stops
   * where it is (recorded as still open, nobody's fault). Then `otherwise` is the result.
   */
  private async within<T>(patienceMs: number, run: () => Promise<T>, otherwise: () => T, done?: () => boolean): Promise<T> {
    this.patience = { ms: patienceMs, giveUpAt: this.clock() + patienceMs, ...(done ? { done } : {}) };
    try {
      this.goingOn('');
      return await run();
    } catch (err) {
      if (err instanceof OutOfPatience) this.giveUp(err.why);
      else if (err instanceof Stopped) this.halt();
      else throw err;
      return otherwise();
    } finally {
      this.patience = undefined;
    }
  }

  /** ms of the caller's patience left (Infinity outside an operation, or once it got what it waited for: the line plays on to its next stop). */
  private leftMs(): number {
    if (!this.patience || this.patience.done?.()) return Infinity;
    return this.patience.giveUpAt - this.clock();
  }

  /** Throws when the run was stopped, or when the caller's patience ran out (`why`: what the line was doing). */
  private goingOn(why: string): void {
    if (this.o.signal?.aborted) throw new Stopped();
    if (why && this.leftMs() <= 0) throw new OutOfPatience(why);
  }

  private giveUp(why: string): void {
    if (this.stop.kind === 'ended' || this.stop.kind === 'idle') return;
    const afterMs = this.patience?.ms ?? 0;
    if (this.stop.kind === 'queue') this.push({ kind: 'dequeue', atMs: this.clock(), text: 'hangup' });
    this.gaveUp = { eventIndex: this.events.length, afterMs, why };
    this.end('caller-hung-up', { kind: 'hangup', by: 'caller', text: `gave up after ${formatMs(afterMs)}: ${why}` });
  }

  /** The run is over: the call stops where it is, its record still open at this moment. */
  private halt(): void {
    if (this.stop.kind === 'ended' || this.stop.kind === 'idle') return;
    this.endedAtMs = this.clock();
    this.stopped = true;
    this.stop = { kind: 'ended' };
  }

  /**
   * Something that takes the caller `ms` (listening, keying, speaking): recorded and counted at
   * once on their clock; cut short, and the caller gives up, where their patience ends first.
   */
  private take(event: Omit<CallEvent, 'stepIndex' | 'atMs'>, ms: number, why: string): void {
    const left = this.leftMs();
    const spent = Math.max(0, Math.min(ms, left));
    this.push({ ...event, atMs: this.clock(), ...(event.durationMs !== undefined ? { durationMs: spent } : {}) });
    if (spent > 0) this.o.customerTime(spent);
    if (ms > left) throw new OutOfPatience(why);
  }

  /** Real time passes until the call's clock reads `atMs` (timers may wake a little early); the run's end stops it. */
  private async sleepUntil(atMs: number): Promise<void> {
    for (let left = atMs - this.clock(); left > 0; left = atMs - this.clock()) {
      try {
        await sleep(Math.ceil(Math.min(left, MAX_TIMER_MS)), undefined, { signal: this.o.signal });
      } catch (err) {
        if (this.o.signal?.aborted) throw new Stopped();
        throw err;
      }
    }
  }

  /**
   * What one request runs under: the provider's request timeout, the caller's patience and the
   * run's end, with which of them stopped it.
   */
  private limits(): { signal: AbortSignal; cause(): 'stopped' | 'patience' | 'timeout' | undefined } {
    const timeout = AbortSignal.timeout(this.o.requestTimeoutMs);
    const left = this.leftMs();
    const patience = Number.isFinite(left) ? AbortSignal.timeout(Math.max(0, Math.min(Math.ceil(left), MAX_TIMER_MS))) : undefined;
    const stop = this.o.signal;
    const signals = [timeout, ...(patience ? [patience] : []), ...(stop ? [stop] : [])];
    return {
      signal: signals.length > 1 ? AbortSignal.any(signals) : timeout,
      cause: () => (stop?.aborted ? 'stopped' : patience?.aborted ? 'patience' : timeout.aborted ? 'timeout' : undefined),
    };
  }

  /** The URL to request (without its login) and the Authorization the provider sends with it: a login given once holds for its origin. */
  private login(url: string): { href: string; authorization?: string } {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { href: url };
    }
    let href = url;
    if (u.username || u.password) {
      const user = decodeURIComponent(u.username);
      const password = decodeURIComponent(u.password);
      this.logins.set(u.origin, `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`);
      href = withoutLogin(url);
    }
    const authorization = this.logins.get(u.origin);
    return { href, ...(authorization ? { authorization } : {}) };
  }

  // ── The provider's side of the call ─────────────────────────────────────────────────────────

  private saysSinceInput(): CallEvent[] {
    return this.events.slice(this.lastInputIndex() + 1).filter((e) => e.kind === 'say');
  }

  private push(event: Omit<CallEvent, 'stepIndex'>): void {
    const step = this.o.currentStep();
    this.events.push({ ...event, ...(step !== undefined ? { stepIndex: step } : {}) });
  }

  private end(how: CallRecord['ended'], event: Omit<CallEvent, 'stepIndex' | 'atMs'>): void {
    this.push({ ...event, atMs: this.clock() });
    this.ended = how;
    this.endedAtMs = this.clock();
    this.stop = { kind: 'ended' };
  }

  private fail(text: string, url: string): undefined {
    this.end('error', { kind: 'error', text: scrubLogins(text), url: withoutLogin(url) });
    return undefined;
  }

  /** What the provider sends with every request. */
  private params(extra: Record<string, string>): Record<string, string> {
    return {
      AccountSid: this.o.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.callSid,
      CallStatus: this.requests === 1 ? 'ringing' : 'in-progress',
      Called: this.o.to,
      Caller: this.o.from,
      Direction: 'inbound',
      From: this.o.from,
      To: this.o.to,
      ...extra,
    };
  }

  /**
   * One webhook request, as the provider makes it; its TwiML, or undefined when the call ended on
   * an error. Throws OutOfPatience when the caller gives up waiting for the answer, Stopped when
   * the run ends.
   */
  private async request(url: string, method: Method, extra: Record<string, string> = {}): Promise<Cursor | undefined> {
    const why = this.requests === 0 ? WHY.ringing : WHY.silent;
    this.goingOn(why);
    if (this.requests >= this.o.maxRequests) {
      return this.fail(`more than ${this.o.maxRequests} webhook requests in one call: the instructions go round in a loop`, url);
    }
    this.requests += 1;
    const params = this.params(extra);
    const query = new URLSearchParams(params).toString();
    const { href, authorization } = this.login(url);
    // A GET carries the parameters in its URL, and its signature covers that URL alone.
    const target = method === 'GET' ? `${href}${href.includes('?') ? '&' : '?'}${query}` : href;
    const headers: Record<string, string> = { 'User-Agent': 'TwilioProxy/1.1', Accept: '*/*' };
    if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    if (authorization) headers.Authorization = authorization;
    if (this.o.authToken) headers['X-Twilio-Signature'] = twilioSignature(this.o.authToken, target, method === 'POST' ? params : {});
    let body: string;
    let documentUrl = href;
    const limits = this.limits();
    try {
      const res = await fetch(target, { method, headers, ...(method === 'POST' ? { body: query } : {}), signal: limits.signal });
      if (res.redirected) documentUrl = res.url;
      body = await res.text();
      if (res.status >= 400) return this.fail(`the voice webhook answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, url);
    } catch (err) {
      switch (limits.cause()) {
        case 'stopped':
          throw new Stopped();
        case 'patience':
          throw new OutOfPatience(why);
        case 'timeout':
          return this.fail(`the voice webhook did not answer within ${formatMs(this.o.requestTimeoutMs)}`, url);
      }
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
      return this.fail(`the voice webhook could not be reached: ${cause}`, url);
    }
    const parsed = parseTwiml(body, documentUrl);
    if (!parsed.ok) return this.fail(`the voice webhook's answer is ${parsed.error}`, url);
    return { url: documentUrl, verbs: parsed.verbs, next: 0 };
  }

  /** An audio file's duration, fetched once per URL per call. */
  private audioMs(url: string): Promise<AudioLength> {
    let known = this.audio.get(url);
    if (!known) {
      known = this.readAudio(url);
      this.audio.set(url, known);
      // A read the caller's patience or the run's end cut short says nothing of the file: read again next time.
      known.catch(() => this.audio.delete(url));
    }
    return known;
  }

  private async readAudio(url: string): Promise<AudioLength> {
    const { href, authorization } = this.login(url);
    // Signed like every request the provider makes to the company's server (a GET: the URL alone).
    const headers: Record<string, string> = { 'User-Agent': 'TwilioProxy/1.1' };
    if (authorization) headers.Authorization = authorization;
    if (this.o.authToken) headers['X-Twilio-Signature'] = twilioSignature(this.o.authToken, href);
    const limits = this.limits();
    try {
      const res = await fetch(href, { headers, signal: limits.signal });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        return {};
      }
      const bytes = await bodyUpTo(res, this.o.maxAudioBytes ?? MAX_AUDIO_BYTES);
      if (!bytes) return { tooBig: true };
      const type = res.headers.get('content-type')?.split(';')[0]?.trim();
      const ms = await audioDurationMs(bytes, type || undefined);
      return ms === undefined ? {} : { ms };
    } catch {
      const cause = limits.cause();
      if (cause === 'stopped') throw new Stopped();
      // The caller hears nothing while the provider fetches the audio.
      if (cause === 'patience') throw new OutOfPatience(WHY.silent);
      return {};
    }
  }

  /** A prompt as the caller hears it: its event (without a time) and how long it takes. */
  private async heard(v: PromptVerb | UnknownVerb, menuIndex?: number): Promise<Heard> {
    const menu = menuIndex !== undefined ? { menuIndex } : {};
    switch (v.verb) {
      case 'Say': {
        const ms = sayMs(v.text, v.loop, this.o.wordsPerMinute);
        return { event: { kind: 'say', text: v.text, durationMs: ms, ...menu }, ms };
      }
      case 'Play': {
        const audio = v.url ? await this.audioMs(v.url) : undefined;
        const ms = playMs(audio?.ms, v.loop) + (v.digits ? digitsMs(v.digits) : 0);
        const cap = this.o.maxAudioBytes ?? MAX_AUDIO_BYTES;
        const unknown = v.url && audio?.ms === undefined ? `duration unknown${audio?.tooBig ? ` (the file is over ${formatBytes(cap)})` : ''}` : undefined;
        const notes = [unknown, v.digits ? `digits ${v.digits}` : undefined].filter(Boolean);
        return { event: { kind: 'play', ...(v.url ? { url: withoutLogin(v.url) } : {}), durationMs: ms, ...(notes.length ? { text: notes.join('; ') } : {}), ...menu }, ms };
      }
      case 'Pause': {
        const ms = pauseMs(v.lengthS);
        return { event: { kind: 'pause', durationMs: ms, ...menu }, ms };
      }
      default:
        return { event: { kind: 'unknown', text: v.name, ...menu }, ms: 0 };
    }
  }

  /** A prompt outside a queue: heard at once on the caller's clock, the step counting its time (as far as their patience goes). */
  private async hear(v: PromptVerb | UnknownVerb, menuIndex?: number): Promise<void> {
    this.goingOn(WHY.talking);
    const { event, ms } = await this.heard(v, menuIndex);
    this.take(event, ms, WHY.talking);
  }

  /** The words identifying a menu when it comes again: its action and its prompts' words (else the words heard just before it). */
  private menuKey(g: GatherVerb): string {
    let words = g.prompts.flatMap((p) => (p.verb === 'Say' ? [p.text] : [])).join(' ');
    if (!words) {
      const from = Math.max(this.lastInputIndex(), lastIndex(this.events, (e) => e.kind === 'menu')) + 1;
      words = this.events.slice(from).flatMap((e) => (e.kind === 'say' && e.text ? [e.text] : [])).join(' ');
    }
    return `${withoutLogin(g.action)} ${fold(words)}`.trim();
  }

  /** The line starts waiting for the caller's keys or words (its prompts have played). */
  private menuEvent(g: GatherVerb, menuIndex: number, key: string): Omit<CallEvent, 'stepIndex'> {
    return {
      kind: 'menu',
      atMs: this.clock(),
      menuIndex,
      menu: {
        input: g.input,
        ...(g.numDigits ? { numDigits: g.numDigits } : {}),
        ...(g.finishOnKey ? { finishOnKey: g.finishOnKey } : {}),
        timeoutMs: gatherTimeoutMs(g.timeoutS),
        action: withoutLogin(g.action),
        key,
      },
    };
  }

  /** Plays a document until the caller has to act (a menu), meets a person or a queue, or the call ends. */
  private async play(start: Cursor): Promise<void> {
    let doc = start;
    this.stop = { kind: 'running' };
    for (;;) {
      // Real time counts as well as listening time: a slow line uses up the caller's patience too.
      this.goingOn(WHY.talking);
      const v = doc.verbs[doc.next++];
      if (!v) {
        // The provider hangs up when the instructions run out.
        this.end('company-hung-up', { kind: 'hangup', by: 'company', text: 'the instructions ended' });
        return;
      }
      let next: Cursor | undefined = doc;
      switch (v.verb) {
        case 'Say':
        case 'Play':
        case 'Pause':
        case 'unknown':
          await this.hear(v);
          break;
        case 'Gather': {
          const menuIndex = this.menus++;
          const key = this.menuKey(v);
          for (const p of v.prompts) await this.hear(p, menuIndex);
          // The line waits for the caller once its prompts have played.
          this.push(this.menuEvent(v, menuIndex, key));
          this.stop = { kind: 'menu', gather: v, menuIndex, key, rest: doc };
          return;
        }
        case 'Redirect':
          this.push({ kind: 'redirect', atMs: this.clock(), url: withoutLogin(v.url) });
          next = await this.request(v.url, v.method);
          break;
        case 'Enqueue':
          this.push({ kind: 'enqueue', atMs: this.clock(), ...(v.queue ? { text: v.queue } : {}) });
          this.stop = { kind: 'queue', queue: { enqueue: v, sid: sid('QU'), joinedAtMs: this.clock(), rest: doc } };
          return;
        case 'Leave':
          this.push({ kind: 'unknown', atMs: this.clock(), text: 'Leave (outside a queue)' });
          break;
        case 'Dial': {
          const person = v.targets.some((t) => PERSON_KINDS.has(t.kind) && t.target !== '');
          const first = v.targets[0] ?? { kind: 'other' as const, target: '' };
          this.push({
            kind: 'dial',
            atMs: this.clock(),
            text: v.targets.map((t) => t.target).join(', '),
            handover: { kind: first.kind, target: v.targets.map((t) => t.target).join(', '), person },
          });
          if (person) {
            this.stop = { kind: 'person', dial: v, rest: doc };
            return;
          }
          // A queue or a conference: nobody to talk to here; the leg is taken as over at once.
          if (v.action) next = await this.request(v.action, v.method, this.dialOver());
          break;
        }
        case 'Hangup':
          this.end('company-hung-up', { kind: 'hangup', by: 'company' });
          return;
        case 'Reject':
          this.end('rejected', { kind: 'reject', text: v.reason });
          return;
        case 'Record': {
          // The caller leaves no message: the recording ends after its silence (or its maxLength),
          // and with no audio the provider requests no action and goes on with the next verb.
          const ms = recordMs(v.timeoutS, v.maxLengthS);
          this.take({ kind: 'record', durationMs: ms }, ms, WHY.recording);
          break;
        }
      }
      if (!next) return;
      doc = next;
    }
  }

  private dialOver(): Record<string, string> {
    return { DialCallStatus: 'completed', DialCallDuration: '0', DialCallSid: sid('CA') };
  }

  /** Why the line would not take keys now, or undefined when a menu waits for them. */
  private refusesKeys(): string | undefined {
    if (this.stop.kind !== 'menu') return this.whereNow();
    return this.stop.gather.input.includes('dtmf') ? undefined : 'the menu listens for spoken answers only';
  }

  /** Why the line would not take words now, or undefined when a menu listens for them. */
  private refusesWords(): string | undefined {
    if (this.stop.kind !== 'menu') return this.whereNow();
    return this.stop.gather.input.includes('speech') ? undefined : 'the menu listens for keys only';
  }

  private async pressAtMenu(keys: string): Promise<InputResult> {
    const stop = this.stop;
    const refused = this.refusesKeys();
    if (refused !== undefined || stop.kind !== 'menu') return { taken: false, why: refused ?? this.whereNow() };
    const g = stop.gather;
    let digits = '';
    let finishedOnKey = '';
    let done = false;
    for (const k of keys) {
      if (g.finishOnKey && k === g.finishOnKey) {
        finishedOnKey = k;
        done = true;
        break;
      }
      digits += k;
      if (g.numDigits && digits.length >= g.numDigits) {
        done = true;
        break;
      }
    }
    // Keys that neither fill numDigits nor end with finishOnKey: the IVR takes them after its timeout.
    const waitMs = done ? 0 : gatherTimeoutMs(g.timeoutS);
    // What the line took (keys after numDigits or finishOnKey go nowhere), not what the caller meant to key in.
    this.take({ kind: 'press', text: digits + finishedOnKey, menuIndex: stop.menuIndex, ...(waitMs ? { durationMs: waitMs } : {}) }, waitMs, WHY.keys);
    if (!digits) {
      await this.nothingGathered(stop);
      return { taken: true };
    }
    this.stop = { kind: 'running' };
    const doc = await this.request(g.action, g.method, { Digits: digits, ...(finishedOnKey ? { FinishedOnKey: finishedOnKey } : {}) });
    if (doc) await this.play(doc);
    return { taken: true };
  }

  private async speakAtMenu(text: string): Promise<InputResult> {
    const stop = this.stop;
    const refused = this.refusesWords();
    if (refused !== undefined || stop.kind !== 'menu') return { taken: false, why: refused ?? this.whereNow() };
    const ms = speakMs(text, this.o.wordsPerMinute);
    this.take({ kind: 'speech', text, menuIndex: stop.menuIndex, durationMs: ms }, ms, WHY.speaking);
    this.stop = { kind: 'running' };
    const doc = await this.request(stop.gather.action, stop.gather.method, { SpeechResult: text, Confidence: '0.9' });
    if (doc) await this.play(doc);
    return { taken: true };
  }

  /** A Gather that got nothing: its action when it asks for empty results, else the verbs after it. */
  private async nothingGathered(stop: Extract<Stop, { kind: 'menu' }>): Promise<void> {
    this.stop = { kind: 'running' };
    const g = stop.gather;
    const doc = g.actionOnEmptyResult ? await this.request(g.action, g.method) : stop.rest;
    if (doc) await this.play(doc);
  }

  /** At a menu asking for something the caller knows (`answers`), they answer at once. */
  private async answerWhatIsAsked(): Promise<void> {
    for (;;) {
      const stop = this.stop;
      if (stop.kind !== 'menu' || !this.o.answers?.length) return;
      const prompt = this.heardSinceInput();
      const i = this.o.answers.findIndex((a) => matchText(prompt, a.when));
      const answer = this.o.answers[i];
      if (!answer) return;
      const asked = `${i} ${stop.key}`;
      const times = this.answered.get(asked) ?? 0;
      if (times >= MAX_ANSWERS_PER_MENU) return;
      this.answered.set(asked, times + 1);
      const result = answer.press !== undefined ? await this.pressAtMenu(answer.press) : await this.speakAtMenu(answer.say ?? '');
      if (!result.taken) return;
    }
  }

  /** One move of a call left to itself; false when the caller's patience ran out during it (the call stays where it was). */
  private async goOn(): Promise<boolean> {
    const stop = this.stop;
    switch (stop.kind) {
      case 'menu': {
        const ms = gatherTimeoutMs(stop.gather.timeoutS);
        const left = this.leftMs();
        if (ms > left) {
          // The caller gives up in the silence before the menu times out.
          this.o.customerTime(Math.max(0, left));
          return false;
        }
        this.push({ kind: 'no-input', atMs: this.clock(), durationMs: ms, menuIndex: stop.menuIndex });
        this.o.customerTime(ms);
        await this.nothingGathered(stop);
        break;
      }
      case 'person': {
        // The tool cannot talk to the person: their leg is taken as answered and over.
        this.stop = { kind: 'running' };
        const doc = stop.dial.action ? await this.request(stop.dial.action, stop.dial.method, this.dialOver()) : stop.rest;
        if (doc) await this.play(doc);
        break;
      }
      case 'queue':
        return this.waitInQueue(stop.queue);
      default:
        return false;
    }
    await this.answerWhatIsAsked();
    return true;
  }

  private queueParams(q: Queue): Record<string, string> {
    const s = String(Math.floor((this.clock() - q.joinedAtMs) / 1000));
    return { QueueSid: q.sid, QueuePosition: '1', QueueTime: s, AvgQueueTime: s, CurrentQueueSize: '1' };
  }

  private flatten(doc: Cursor): WaitCursor {
    const verbs: WaitVerb[] = [];
    for (const v of doc.verbs) {
      if (v.verb === 'Gather') verbs.push({ verb: 'gather', gather: v }, ...v.prompts, { verb: 'menu', gather: v }, { verb: 'no-input', gather: v });
      else verbs.push(v);
    }
    return { url: doc.url, verbs, next: 0 };
  }

  /**
   * Waits out the rest of the cycle since wait instructions were last asked for (MIN_WAIT_CYCLE_MS);
   * false when the caller's patience ends first.
   */
  private async waitCycle(q: Queue): Promise<boolean> {
    if (q.askedAtMs === undefined) return true;
    const at = q.askedAtMs + MIN_WAIT_CYCLE_MS;
    await this.sleepUntil(Math.min(at, this.patience?.giveUpAt ?? at));
    return this.clock() >= at;
  }

  /** A request for wait instructions: its TwiML, undefined when the call ended on an error, false when the caller's patience ran out first (they stay queued). */
  private async askWhileQueued(q: Queue, url: string, method: Method): Promise<Cursor | undefined | false> {
    q.askedAtMs = this.clock();
    try {
      return await this.request(url, method, this.queueParams(q));
    } catch (err) {
      if (err instanceof OutOfPatience) return false;
      throw err;
    }
  }

  /**
   * One move in a queue, in real time: the provider plays the queue's wait instructions (asking
   * for them again when they run out, at most once a second) until they say <Leave/>. A wait
   * prompt is slept out, as far as the caller's patience goes; false when it ran out (the caller
   * is still queued).
   */
  private async waitInQueue(q: Queue): Promise<boolean> {
    const deadline = this.patience?.giveUpAt ?? Infinity;
    if (q.playing) {
      await this.sleepUntil(Math.min(q.playing.endsAtMs, deadline));
      if (this.clock() < q.playing.endsAtMs) return false;
      this.push(q.playing.event);
      q.playing = undefined;
      return true;
    }
    if (!q.enqueue.waitUrl) {
      // No wait instructions: the provider's own music until someone takes the call; nobody will.
      await this.sleepUntil(deadline);
      return false;
    }
    if (!q.wait || q.wait.next >= q.wait.verbs.length) {
      // Wait instructions that played in no time (or none at all) are asked for again a second later, not at once.
      if (!(await this.waitCycle(q))) return false;
      const doc = await this.askWhileQueued(q, q.enqueue.waitUrl, q.enqueue.waitUrlMethod);
      if (doc === false) return false;
      if (!doc) return true;
      q.wait = this.flatten(doc);
    }
    const wait = q.wait;
    const v = wait.verbs[wait.next++];
    // Empty wait instructions: asked for again next time.
    if (!v) return true;
    switch (v.verb) {
      case 'Say':
      case 'Play':
      case 'Pause': {
        let heard: Heard;
        try {
          heard = await this.heard(v, q.menu?.index);
        } catch (err) {
          if (!(err instanceof OutOfPatience)) throw err;
          // The caller's patience ran out while the audio was fetched: the prompt is played next time.
          wait.next -= 1;
          return false;
        }
        q.playing = { event: { ...heard.event, atMs: this.clock() }, endsAtMs: this.clock() + heard.ms };
        break;
      }
      case 'gather':
        // Keys offered while queued are not pressed: the caller stays in the queue.
        q.menu = { index: this.menus++, key: this.menuKey(v.gather) };
        break;
      case 'menu':
        if (q.menu) this.push(this.menuEvent(v.gather, q.menu.index, q.menu.key));
        break;
      case 'no-input': {
        const ms = gatherTimeoutMs(v.gather.timeoutS);
        q.playing = { event: { kind: 'no-input', atMs: this.clock(), durationMs: ms, ...(q.menu ? { menuIndex: q.menu.index } : {}) }, endsAtMs: this.clock() + ms };
        q.menu = undefined;
        break;
      }
      case 'Redirect': {
        if (!(await this.waitCycle(q))) {
          wait.next -= 1;
          return false;
        }
        this.push({ kind: 'redirect', atMs: this.clock(), url: withoutLogin(v.url) });
        const doc = await this.askWhileQueued(q, v.url, v.method);
        // Cut off before the answer came: the wait instructions start again next time.
        if (doc === false) q.wait = undefined;
        else if (doc) q.wait = this.flatten(doc);
        return doc !== false;
      }
      case 'Leave': {
        const params = { QueueResult: 'leave', QueueSid: q.sid, QueueTime: String(Math.floor((this.clock() - q.joinedAtMs) / 1000)) };
        this.push({ kind: 'dequeue', atMs: this.clock(), text: 'leave' });
        this.stop = { kind: 'running' };
        const doc = q.enqueue.action ? await this.request(q.enqueue.action, q.enqueue.method, params) : q.rest;
        if (doc) await this.play(doc);
        await this.answerWhatIsAsked();
        break;
      }
      case 'Hangup':
        this.push({ kind: 'dequeue', atMs: this.clock(), text: 'hangup' });
        this.end('company-hung-up', { kind: 'hangup', by: 'company' });
        break;
      default:
        this.push({ kind: 'unknown', atMs: this.clock(), text: v.verb === 'unknown' ? v.name : `${v.verb} (in a queue's wait instructions)` });
    }
    return true;
  }
}
