import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatMs } from '../../model/duration.ts';
import { matchText } from '../text.ts';
import { audioDurationMs, digitsMs, gatherTimeoutMs, pauseMs, playMs, sayMs, speakMs } from './clock.ts';
import { menuOptions, type MenuOption } from './options.ts';
import type { CallEvent, CallRecord } from './record.ts';
import { twilioSignature } from './signature.ts';
import { parseTwiml, type DialVerb, type EnqueueVerb, type GatherVerb, type Method, type PromptVerb, type UnknownVerb, type Verb } from './twiml.ts';

/** What the provider tells the caller when the webhook fails (its own words). */
export const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.';

/** What the caller answers whenever a menu asks for something they know (`phone.call` `answers`). */
export interface CallAnswer {
  /** The prompt asks for it: text (case-insensitive substring) or /regex/flags. */
  when: string;
  press?: string;
  say?: string;
}

export interface PhoneCallOptions {
  /** The voice webhook, absolute. */
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
}

/**
 * Where the call stands between the journey's actions: waiting at a menu for input, with a
 * person, in a queue nobody is waiting on, or over.
 */
export type CallState = 'idle' | 'running' | 'menu' | 'person' | 'queue' | 'ended';

/** Whether the line took the caller's keys or words, and if not, why. */
export type InputResult = { taken: true } | { taken: false; why: string };

/** What `choose` pressed: an option at each menu that offered one, and what the first menu offered. */
export interface ChooseResult {
  chosen: MenuOption[];
  /** What the caller had heard at the first menu, and its options. */
  prompt: string;
  offered: MenuOption[];
}

/** A TwiML document being played, at its next verb; `url` is where relative URLs and a Gather's default action point. */
interface Cursor {
  url: string;
  verbs: Verb[];
  next: number;
}

/** A wait document flattened: a Gather's prompts played inline, its silence a pseudo-verb. */
type WaitVerb = Verb | { verb: 'menu'; gather: GatherVerb } | { verb: 'no-input'; gather: GatherVerb };
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
  /** The prompt heard in real time right now, recorded when it ends. */
  playing?: { event: Omit<CallEvent, 'stepIndex'>; endsAtMs: number };
  /** The menu number of the Gather being played in the wait document. */
  menuIndex?: number;
}

type Stop =
  | { kind: 'idle' | 'running' | 'ended' }
  | { kind: 'menu'; gather: GatherVerb; menuIndex: number; key: string; rest: Cursor }
  | { kind: 'person'; dial: DialVerb; rest: Cursor }
  | { kind: 'queue'; queue: Queue };

const ENDINGS: Record<CallRecord['ended'], string> = {
  'company-hung-up': 'the company hung up',
  'caller-hung-up': 'the caller hung up',
  rejected: 'the call was rejected',
  error: 'the line failed',
  open: 'still open',
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

/**
 * One phone call, with the tool playing the telephony provider: it requests the company's voice
 * webhook as the provider does, plays the TwiML it gets back on the caller's clock, and stops
 * where the caller has to act. It never throws for what the IVR does: a failing webhook, a bad
 * document or a loop of redirects is an `error` event, and the call ends.
 */
export class PhoneCall {
  readonly callSid = sid('CA');
  readonly events: CallEvent[] = [];
  /** expectPerson looks for a person from this event on (each person is expected once). */
  personFrom = 0;
  private stop: Stop = { kind: 'idle' };
  private placedAtMs = 0;
  private placedInStep: number | undefined;
  private endedAtMs: number | undefined;
  private ended: CallRecord['ended'] | undefined;
  private requests = 0;
  private menus = 0;
  private readonly audio = new Map<string, Promise<number | undefined>>();
  private readonly answered = new Map<string, number>();

  constructor(private readonly o: PhoneCallOptions) {}

  get state(): CallState {
    return this.stop.kind;
  }

  /** ms since the call was placed (the caller's clock). */
  clock(): number {
    return this.stop.kind === 'idle' ? 0 : this.o.now() - this.placedAtMs;
  }

  /** The caller dials: the provider's first request to the voice webhook, played to the first stopping point. */
  async place(): Promise<void> {
    if (this.stop.kind !== 'idle') return;
    this.placedAtMs = this.o.now();
    this.placedInStep = this.o.currentStep();
    this.stop = { kind: 'running' };
    const doc = await this.request(this.o.url, 'POST');
    if (doc) await this.play(doc);
    await this.answerWhatIsAsked();
  }

  /** The caller presses keys at the menu waiting for them. */
  async press(keys: string): Promise<InputResult> {
    const result = await this.pressAtMenu(keys);
    if (result.taken) await this.answerWhatIsAsked();
    return result;
  }

  /** The caller speaks at the menu waiting for words. */
  async say(text: string): Promise<InputResult> {
    const result = await this.speakAtMenu(text);
    if (result.taken) await this.answerWhatIsAsked();
    return result;
  }

  /**
   * Presses the key of the first option whose words match `topic` (text or /regex/), and again at
   * each following menu while one matches (deep IVRs); stops at a menu with nothing for it, a
   * menu met again, or any other stopping point.
   */
  async choose(topic: string): Promise<ChooseResult> {
    const chosen: MenuOption[] = [];
    const seen = new Set<string>();
    let first: { prompt: string; offered: MenuOption[] } | undefined;
    while (this.stop.kind === 'menu') {
      const prompt = this.heardSinceInput();
      const offered = menuOptions(prompt);
      first ??= { prompt, offered };
      const option = offered.find((o) => matchText(o.says, topic));
      if (!option || seen.has(this.stop.key)) break;
      seen.add(this.stop.key);
      const result = await this.press(option.key);
      if (!result.taken) break;
      chosen.push(option);
    }
    return { chosen, prompt: first?.prompt ?? '', offered: first?.offered ?? [] };
  }

  /**
   * Keeps the call going, as it would go on without the caller doing anything, until `until` holds
   * or `patienceMs` passes on the call's clock: menus time out with no input, a dialled person's
   * leg completes (its action is requested), and a queue's wait instructions play in real time.
   * True when `until` held.
   */
  async keepGoingUntil(until: () => boolean, patienceMs: number): Promise<boolean> {
    const deadline = this.clock() + patienceMs;
    while (!until()) {
      if (this.stop.kind === 'ended' || this.stop.kind === 'idle' || this.clock() >= deadline) return false;
      if (!(await this.goOn(deadline))) return false;
    }
    return true;
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
      url: this.o.url,
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
    this.end('error', { kind: 'error', text, url });
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

  /** One webhook request, as the provider makes it; its TwiML, or undefined when the call ended on an error. */
  private async request(url: string, method: Method, extra: Record<string, string> = {}): Promise<Cursor | undefined> {
    if (this.requests >= this.o.maxRequests) {
      return this.fail(`more than ${this.o.maxRequests} webhook requests in one call: the instructions go round in a loop`, url);
    }
    this.requests += 1;
    const params = this.params(extra);
    const query = new URLSearchParams(params).toString();
    // A GET carries the parameters in its URL, and its signature covers that URL alone.
    const target = method === 'GET' ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
    const headers: Record<string, string> = { 'User-Agent': 'TwilioProxy/1.1', Accept: '*/*' };
    if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    if (this.o.authToken) headers['X-Twilio-Signature'] = twilioSignature(this.o.authToken, target, method === 'POST' ? params : {});
    let body: string;
    let documentUrl = url;
    try {
      const res = await fetch(target, {
        method,
        headers,
        ...(method === 'POST' ? { body: query } : {}),
        signal: AbortSignal.timeout(this.o.requestTimeoutMs),
      });
      if (res.redirected) documentUrl = res.url;
      body = await res.text();
      if (res.status >= 400) return this.fail(`the voice webhook answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, url);
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return this.fail(`the voice webhook did not answer within ${this.o.requestTimeoutMs / 1000} s`, url);
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
      return this.fail(`the voice webhook could not be reached: ${cause}`, url);
    }
    const parsed = parseTwiml(body, documentUrl);
    if (!parsed.ok) return this.fail(`the voice webhook's answer is ${parsed.error}`, url);
    return { url: documentUrl, verbs: parsed.verbs, next: 0 };
  }

  /** An audio file's duration, fetched once per URL per call. */
  private audioMs(url: string): Promise<number | undefined> {
    let known = this.audio.get(url);
    if (!known) {
      known = (async () => {
        try {
          // Signed like every request the provider makes to the company's server (a GET: the URL alone).
          const headers: Record<string, string> = { 'User-Agent': 'TwilioProxy/1.1' };
          if (this.o.authToken) headers['X-Twilio-Signature'] = twilioSignature(this.o.authToken, url);
          const res = await fetch(url, { headers, signal: AbortSignal.timeout(this.o.requestTimeoutMs) });
          if (!res.ok) return undefined;
          const type = res.headers.get('content-type')?.split(';')[0]?.trim();
          return await audioDurationMs(new Uint8Array(await res.arrayBuffer()), type || undefined);
        } catch {
          return undefined;
        }
      })();
      this.audio.set(url, known);
    }
    return known;
  }

  /** A prompt as the caller hears it: its event (without a time) and how long it takes. */
  private async heard(v: PromptVerb | UnknownVerb, menuIndex?: number): Promise<{ event: Omit<CallEvent, 'stepIndex' | 'atMs'>; ms: number }> {
    const menu = menuIndex !== undefined ? { menuIndex } : {};
    switch (v.verb) {
      case 'Say': {
        const ms = sayMs(v.text, v.loop, this.o.wordsPerMinute);
        return { event: { kind: 'say', text: v.text, durationMs: ms, ...menu }, ms };
      }
      case 'Play': {
        const audio = v.url ? await this.audioMs(v.url) : undefined;
        const ms = playMs(audio, v.loop) + (v.digits ? digitsMs(v.digits) : 0);
        const notes = [v.url && audio === undefined ? 'duration unknown' : undefined, v.digits ? `digits ${v.digits}` : undefined].filter(Boolean);
        return { event: { kind: 'play', ...(v.url ? { url: v.url } : {}), durationMs: ms, ...(notes.length ? { text: notes.join('; ') } : {}), ...menu }, ms };
      }
      case 'Pause': {
        const ms = pauseMs(v.lengthS);
        return { event: { kind: 'pause', durationMs: ms, ...menu }, ms };
      }
      default:
        return { event: { kind: 'unknown', text: v.name, ...menu }, ms: 0 };
    }
  }

  /** A prompt outside a queue: heard at once on the caller's clock, the step counting its time. */
  private async hear(v: PromptVerb | UnknownVerb, menuIndex?: number): Promise<void> {
    const { event, ms } = await this.heard(v, menuIndex);
    this.push({ ...event, atMs: this.clock() });
    if (ms > 0) this.o.customerTime(ms);
  }

  /** The words identifying a menu when it comes again: its action and its prompts' words (else the words heard just before it). */
  private menuKey(g: GatherVerb): string {
    let words = g.prompts.flatMap((p) => (p.verb === 'Say' ? [p.text] : [])).join(' ');
    if (!words) {
      const from = Math.max(this.lastInputIndex(), lastIndex(this.events, (e) => e.kind === 'menu')) + 1;
      words = this.events.slice(from).flatMap((e) => (e.kind === 'say' && e.text ? [e.text] : [])).join(' ');
    }
    return `${g.action} ${fold(words)}`.trim();
  }

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
        action: g.action,
        key,
      },
    };
  }

  /** Plays a document until the caller has to act (a menu), meets a person or a queue, or the call ends. */
  private async play(start: Cursor): Promise<void> {
    let doc = start;
    this.stop = { kind: 'running' };
    for (;;) {
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
          this.push(this.menuEvent(v, menuIndex, key));
          for (const p of v.prompts) await this.hear(p, menuIndex);
          this.stop = { kind: 'menu', gather: v, menuIndex, key, rest: doc };
          return;
        }
        case 'Redirect':
          this.push({ kind: 'redirect', atMs: this.clock(), url: v.url });
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
          // The caller leaves no message: the recording ends after its silence, and with no audio
          // the provider requests no action and goes on with the next verb.
          const ms = v.timeoutS * 1000;
          this.push({ kind: 'record', atMs: this.clock(), durationMs: ms });
          if (ms > 0) this.o.customerTime(ms);
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

  private async pressAtMenu(keys: string): Promise<InputResult> {
    const stop = this.stop;
    if (stop.kind !== 'menu') return { taken: false, why: this.whereNow() };
    const g = stop.gather;
    if (!g.input.includes('dtmf')) return { taken: false, why: 'the menu listens for spoken answers only' };
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
    this.push({ kind: 'press', atMs: this.clock(), text: keys, menuIndex: stop.menuIndex, ...(waitMs ? { durationMs: waitMs } : {}) });
    if (waitMs) this.o.customerTime(waitMs);
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
    if (stop.kind !== 'menu') return { taken: false, why: this.whereNow() };
    const g = stop.gather;
    if (!g.input.includes('speech')) return { taken: false, why: 'the menu listens for keys only' };
    const ms = speakMs(text, this.o.wordsPerMinute);
    this.push({ kind: 'speech', atMs: this.clock(), text, menuIndex: stop.menuIndex, durationMs: ms });
    this.o.customerTime(ms);
    this.stop = { kind: 'running' };
    const doc = await this.request(g.action, g.method, { SpeechResult: text, Confidence: '0.9' });
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
        return `the call has ended (${ENDINGS[this.ended ?? 'open']})`;
      default:
        return 'the call is going on';
    }
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

  /** One move of a call left to itself; false when the caller's patience ran out during it. */
  private async goOn(deadline: number): Promise<boolean> {
    const stop = this.stop;
    switch (stop.kind) {
      case 'menu': {
        const ms = gatherTimeoutMs(stop.gather.timeoutS);
        const left = deadline - this.clock();
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
        return this.waitInQueue(stop.queue, deadline);
      default:
        return false;
    }
    await this.answerWhatIsAsked();
    return true;
  }

  /** Real time passes until the call's clock reads `atMs` (timers may wake a little early). */
  private async sleepUntil(atMs: number): Promise<void> {
    for (let left = atMs - this.clock(); left > 0; left = atMs - this.clock()) await sleep(Math.ceil(left));
  }

  private queueParams(q: Queue): Record<string, string> {
    const s = String(Math.floor((this.clock() - q.joinedAtMs) / 1000));
    return { QueueSid: q.sid, QueuePosition: '1', QueueTime: s, AvgQueueTime: s, CurrentQueueSize: '1' };
  }

  private flatten(doc: Cursor): WaitCursor {
    const verbs: WaitVerb[] = [];
    for (const v of doc.verbs) {
      if (v.verb === 'Gather') verbs.push({ verb: 'menu', gather: v }, ...v.prompts, { verb: 'no-input', gather: v });
      else verbs.push(v);
    }
    return { url: doc.url, verbs, next: 0 };
  }

  /**
   * One move in a queue, in real time: the provider plays the queue's wait instructions (asking
   * for them again when they run out) until they say <Leave/>. A wait prompt is slept out,
   * as far as the caller's patience goes; false when it ran out.
   */
  private async waitInQueue(q: Queue, deadline: number): Promise<boolean> {
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
      const doc = await this.request(q.enqueue.waitUrl, q.enqueue.waitUrlMethod, this.queueParams(q));
      if (!doc) return true;
      q.wait = this.flatten(doc);
    }
    const v = q.wait.verbs[q.wait.next++];
    // Empty wait instructions: asked for again next time (a runaway ends at maxRequests).
    if (!v) return true;
    switch (v.verb) {
      case 'Say':
      case 'Play':
      case 'Pause': {
        const { event, ms } = await this.heard(v, q.menuIndex);
        q.playing = { event: { ...event, atMs: this.clock() }, endsAtMs: this.clock() + ms };
        break;
      }
      case 'menu':
        // Keys offered while queued are not pressed: the caller stays in the queue.
        q.menuIndex = this.menus++;
        this.push(this.menuEvent(v.gather, q.menuIndex, this.menuKey(v.gather)));
        break;
      case 'no-input': {
        const ms = gatherTimeoutMs(v.gather.timeoutS);
        q.playing = { event: { kind: 'no-input', atMs: this.clock(), durationMs: ms, ...(q.menuIndex !== undefined ? { menuIndex: q.menuIndex } : {}) }, endsAtMs: this.clock() + ms };
        q.menuIndex = undefined;
        break;
      }
      case 'Redirect': {
        this.push({ kind: 'redirect', atMs: this.clock(), url: v.url });
        const doc = await this.request(v.url, v.method, this.queueParams(q));
        if (doc) q.wait = this.flatten(doc);
        break;
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
