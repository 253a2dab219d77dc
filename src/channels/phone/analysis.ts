/**
 * What a recorded call comes to, worked out once per run from its events (with the rules'
 * configured patterns) and read by the phone rules and the scorecard alike. Plain functions of
 * the record: no clock, no I/O, the same record always gives the same analysis.
 */
import { causeOf, pagePath, sameText } from '../../friction/cause.ts';
import type { RuleContext } from '../../friction/rule.ts';
import { stepRef } from '../../friction/rules/format.ts';
import { truncate } from '../../report/format.ts';
import { matchText } from '../text.ts';
import { wordsIn } from './clock.ts';
import repeatedQuestion from '../../friction/rules/repeated-question.ts';
import { formatMs } from '../../model/duration.ts';
import type { RunRecord } from '../../model/run-record.ts';
import type { RepeatedAsk } from '../define.ts';
import { menuOptions, type MenuOption } from './options.ts';
import { PHONE_CHANNEL, type CallEvent, type CallRecord, type PhoneLog } from './record.ts';


// The defaults of the rules' pattern options (each rule declares its own; the analysis reads them).
/** A sentence offering a person (option of `no-person-option`). */
export const DEFAULT_PERSON_PATTERN =
  "\\b(speak|talk)\\s+(to|with)\\s+(someone|somebody|a\\s+(real\\s+)?(person|human|representative|rep|agent|advisor|adviser|colleague|team member|member of (our|the) team)|an\\s+(agent|advisor|adviser|operator)|one of our\\s+\\w+|(our|the)\\s+(team|advisors|advisers|agents|colleagues))\\b|\\boperator\\b";
/** A closed notice (option of `phone-closed-no-hours`). */
export const DEFAULT_CLOSED_PATTERN =
  "\\b(we are|we're|we’re|(our|the) (office|offices|lines|phone lines|team|contact cent(er|re)|customer service( team)?|call cent(er|re)) (is|are))( now| currently)? closed\\b|\\bcurrently closed\\b|\\boutside (of )?(our )?(normal |usual )?(opening|business|office) hours\\b";
/** Opening hours: a time, a day, "open again tomorrow" (option of `phone-closed-no-hours`). */
export const DEFAULT_HOURS_PATTERN =
  '\\b\\d{1,2}(:\\d{2})?\\s?(am|pm|a\\.m\\.|p\\.m\\.)|\\b\\d{1,2}:\\d{2}\\b|\\b(mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekdays?|weekends?)\\b|\\bopens?\\s+(again\\s+)?(tomorrow|at|from|on|until)\\b|\\b(opening|business|office) hours are\\b|\\b(noon|midday)\\b';
/** The line rejecting what the caller pressed or said (option of `ivr-loop`). */
export const DEFAULT_INVALID_PATTERN =
  "\\bnot (a )?valid\\b|\\binvalid\\b|\\bdid(n['’]?t| not) (get|catch|understand|recogni[sz]e) (that|your|what)\\b|\\bnot recogni[sz]ed\\b";

/** The patterns and numbers the analysis needs, compiled (case-insensitive). */
export interface PhoneAnalysisOptions {
  personPattern: RegExp;
  closedPattern: RegExp;
  hoursPattern: RegExp;
  invalidPattern: RegExp;
  minEntryDigits: number;
}

/** Reads the analysis options from the rules that judge them (configured options, defaults filled in), else the defaults. */
export function phoneAnalysisOptions(optionsByRule: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>): PhoneAnalysisOptions {
  const pattern = (rule: string, name: string, fallback: string) => {
    const value = optionsByRule[rule]?.[name];
    return new RegExp(typeof value === 'string' ? value : fallback, 'i');
  };
  // An entry of at least this many digits (an order number, not a menu choice) keyed in again is a repeat: the cross-channel rule's option.
  const digits = optionsByRule['repeated-question']?.minEntryDigits ?? repeatedQuestion.options.parse({}).minEntryDigits;
  return {
    personPattern: pattern('no-person-option', 'personPattern', DEFAULT_PERSON_PATTERN),
    closedPattern: pattern('phone-closed-no-hours', 'closedPattern', DEFAULT_CLOSED_PATTERN),
    hoursPattern: pattern('phone-closed-no-hours', 'hoursPattern', DEFAULT_HOURS_PATTERN),
    invalidPattern: pattern('ivr-loop', 'invalidPattern', DEFAULT_INVALID_PATTERN),
    minEntryDigits: Number(digits),
  };
}

/** What the caller pressed or said at a menu. */
export interface MenuAnswer {
  kind: 'press' | 'speech';
  /** The keys (finish key included when pressed) or the words. */
  text: string;
  atMs: number;
  eventIndex: number;
  /** The option the answer picked, when the prompt named it. */
  chose?: MenuOption;
}

/** One <Gather> the caller met. */
export interface MenuMet {
  /** The `menu` event. */
  eventIndex: number;
  /** What identifies the menu when it comes again (its action and prompt words). */
  key: string;
  atMs: number;
  stepIndex?: number;
  /** The words heard since the caller's last input, up to their answer. */
  prompt: string;
  /** The `say` events of that prompt. */
  promptEvents: number[];
  /** The options the prompt named. */
  options: MenuOption[];
  answer?: MenuAnswer;
  /** The caller said and pressed nothing until the menu gave up. */
  timedOut: boolean;
  /** How many times the caller had heard this menu before in the call. */
  heardBefore: number;
  /** Position in `menus` of this menu's first appearance (itself when first). */
  firstIndex: number;
}

/** A time the caller waited on hold after a person had answered. */
export interface Hold {
  kind: 'music' | 'queue';
  startMs: number;
  durationMs: number;
  stepIndex?: number;
  /** The person who put the caller on hold (their number, client or SIP address). */
  heldBy?: string;
  /** Queue name, for a queue. */
  queue?: string;
  eventIndexes: number[];
}

/** A <Dial>. */
export interface Handover {
  eventIndex: number;
  atMs: number;
  stepIndex?: number;
  kind: NonNullable<CallEvent['handover']>['kind'];
  target: string;
  person: boolean;
  /** A hand-over after the first person to someone else: the caller was passed on. */
  transfer: boolean;
  /** For a transfer: the person the caller was with. */
  from?: string;
}

/** A menu the caller was sent back to, or whose answer the line rejected. */
export interface MenuLoop {
  key: string;
  /** Positions in `menus`: the first appearance, then each time it came back after the caller had answered it. */
  menus: number[];
  /** How many times the caller heard it (first time included). */
  timesHeard: number;
  /** `say` events rejecting an answer given at this menu ("That is not a valid option"). */
  invalidEvents: number[];
  atMs: number;
  stepIndex?: number;
}

/** The line said it was closed. */
export interface ClosedNotice {
  text: string;
  atMs: number;
  eventIndex: number;
  stepIndex?: number;
  /** Something the caller heard says when the line opens (a time, a day, "open again tomorrow"). */
  statesHours: boolean;
  hoursEventIndex?: number;
  /** The company ended the call after the notice (hang-up or reject) without putting the caller through to anyone. */
  hungUp: boolean;
}

/** An entry (≥ minEntryDigits digits) the caller had to key in again at another menu. */
export interface PhoneRepeat extends RepeatedAsk {
  atMs: number;
  /** The digits keyed in (finish key left out). */
  entry: string;
  firstStepIndex?: number;
  /** The prompt that asked for it again. */
  prompt: string;
}

/** One call at a glance, for the scorecard. */
export interface CallMetrics {
  /** Distinct menus got through (answered, or sat through in silence) before a queue, a person or the end of the call. */
  menus: number;
  /** Time spent listening to the line's prompts, recordings, silences and menu timeouts, outside queues and holds, ms. */
  listeningMs: number;
  /** Time in a queue before the first person, ms. */
  queueMs: number;
  timeToPersonMs?: number;
  /** Time on hold after a person answered, ms. */
  holdMs: number;
  transfers: number;
  endedBy: CallRecord['ended'];
}

export interface CallAnalysis {
  /** Position in the log's `calls`. */
  callIndex: number;
  callSid: string;
  /** The line: the number called and the webhook's path (ids folded); the cause of what is the line's. */
  line: string;
  menus: MenuMet[];
  /** Distinct menus answered before the goal (the first queue or hand-over, else the end of the call). */
  menusToGoal: number;
  /** Where the menus led: the first queue or hand-over, or nowhere (`end`). */
  goal: { kind: 'queue' | 'person' | 'handover' | 'end'; target?: string; eventIndex?: number; stepIndex?: number };
  /** When the first option (or request to key something in) began to be heard, before the caller's first input; ms on the call's clock. */
  firstOptionAtMs?: number;
  /** The `say` event holding that option, and the sentence. */
  firstOption?: { eventIndex: number; sentence: string };
  /** What played before it: `say`, `play` and `pause` events. */
  announcements: number[];
  /** When the caller asked for a person: the input that led to the queue or person, or the enqueue when none did. */
  askedForPersonAtMs?: number;
  askedEventIndex?: number;
  personAtMs?: number;
  personEventIndex?: number;
  timeToPersonMs?: number;
  /** Time in a queue before the first person, ms. */
  queueMs: number;
  /** Queues before the first person. */
  queues: Array<{ name: string; startMs: number; durationMs: number; eventIndexes: number[] }>;
  holds: Hold[];
  handovers: Handover[];
  loops: MenuLoop[];
  /** Something the caller heard offered a person ("to speak to someone, press 0"). */
  personOffered: boolean;
  personOfferEventIndex?: number;
  closed?: ClosedNotice;
  repeats: PhoneRepeat[];
  metrics: CallMetrics;
}

export interface PhoneAnalysis {
  calls: CallAnalysis[];
  /** Every call's repeats, for the cross-channel `repeated-question` rule. */
  repeats: PhoneRepeat[];
}

/** The run's calls (the one place the phone rules read the record from). */
export const phoneLogOf = (run: RunRecord): PhoneLog | undefined => run.channels?.phone;

/** The run's phone analysis, as the analyser computed it with the configured options. */
export const phoneAnalysis = (ctx: Pick<RuleContext<unknown>, 'analysis'>): PhoneAnalysis | undefined =>
  ctx.analysis[PHONE_CHANNEL] as PhoneAnalysis | undefined;

/** Each call of the run with its analysis: what every phone rule starts from. */
export function callsOf(run: RunRecord, ctx: Pick<RuleContext<unknown>, 'analysis'>): Array<{ call: CallRecord; a: CallAnalysis }> {
  const log = phoneLogOf(run);
  const analysis = phoneAnalysis(ctx);
  if (!log || !analysis) return [];
  return analysis.calls.flatMap((a) => (log.calls[a.callIndex] ? [{ call: log.calls[a.callIndex], a }] : []));
}

/** stepIndex and stepName of a finding on a call (the step's screenshot is the page's, not the call's). */
export function callStep(run: RunRecord, stepIndex: number | undefined): { stepIndex?: number; stepName?: string } {
  const { screenshot: _s, ...step } = stepRef(run, stepIndex);
  return step;
}

/** The step of the call's last event (where a call that went nowhere stopped). */
export const lastStepOf = (call: CallRecord): number | undefined => {
  for (let i = call.events.length - 1; i >= 0; i--) if (call.events[i].stepIndex !== undefined) return call.events[i].stepIndex;
  return call.placedInStep;
};

const INPUTS = new Set<CallEvent['kind']>(['press', 'speech', 'no-input']);
const isInput = (e: CallEvent) => INPUTS.has(e.kind);
const isAnswer = (e: CallEvent) => e.kind === 'press' || e.kind === 'speech';
/** Where a wait on hold ends: anything the caller does or that moves the call on. */
const HOLD_ENDS = new Set<CallEvent['kind']>(['dial', 'menu', 'press', 'speech', 'no-input', 'enqueue', 'hangup', 'reject', 'record', 'error']);
/** Where a queue ends when no dequeue was recorded. */
const QUEUE_ENDS = new Set<CallEvent['kind']>(['dequeue', 'dial', 'hangup', 'reject', 'error']);
/** A sentence asking the caller to key something in, when it names no option. */
const ASKS_ENTRY = /\b(please\s+)?(enter|key in|type in)\b/i;

/** Spoken words, counted as the clock counts them (numbers are words, punctuation is not). */
export const sentencesOf = (text: string): string[] => text.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter(Boolean);
const endOf = (e: CallEvent) => e.atMs + (e.durationMs ?? 0);
const stepOf = (call: CallRecord, e: CallEvent | undefined) => e?.stepIndex ?? call.placedInStep;
const withStep = (stepIndex: number | undefined) => (stepIndex !== undefined ? { stepIndex } : {});

/** The keys pressed without the menu's finish key. */
function digitsOf(press: CallEvent, menu: CallEvent | undefined): string {
  const finish = menu?.menu?.finishOnKey ?? '#';
  const text = press.text ?? '';
  return finish && text.endsWith(finish) ? text.slice(0, -finish.length) : text;
}

/** The sentence a caller would name a menu by: the first naming an option or asking for an entry, else the last. */
export function menuName(menu: Pick<MenuMet, 'prompt'>, maxLength = 90): string {
  const sentences = sentencesOf(menu.prompt);
  const s = sentences.find((x) => menuOptions(x).length || ASKS_ENTRY.test(x)) ?? sentences.at(-1) ?? '';
  return s.length <= maxLength ? s : `${s.slice(0, maxLength - 1).trimEnd()}…`;
}

/** The line a call reached: what identifies it across journeys and personas. */
/** A webhook URL as the caller's transcript shows it: its path and query, not the company's host. */
const pathOf = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
};

const lineOf = (call: CallRecord) => `${call.to} ${pagePath(call.url)}`;

function analyseMenus(call: CallRecord): MenuMet[] {
  const ev = call.events;
  const menus: MenuMet[] = [];
  let lastInput = -1;
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (isInput(e)) lastInput = i;
    if (e.kind !== 'menu') continue;
    let answerAt = -1;
    let end = ev.length;
    for (let j = i + 1; j < ev.length; j++) {
      if (ev[j].kind === 'menu') {
        end = j;
        break;
      }
      if (isInput(ev[j])) {
        answerAt = end = j;
        break;
      }
    }
    const promptEvents: number[] = [];
    for (let j = lastInput + 1; j < end; j++) if (ev[j].kind === 'say' && ev[j].text) promptEvents.push(j);
    const prompt = promptEvents.map((j) => ev[j].text!.trim()).join(' ');
    const options = menuOptions(prompt);
    const key = e.menu?.key ?? prompt;
    const first = menus.findIndex((m) => m.key === key);
    const answered = answerAt >= 0 && isAnswer(ev[answerAt]) ? ev[answerAt] : undefined;
    let chose: MenuOption | undefined;
    if (answered?.kind === 'press') chose = options.find((o) => o.key === digitsOf(answered, e));
    else if (answered?.kind === 'speech') chose = options.find((o) => matchText(answered.text ?? '', o.says));
    menus.push({
      eventIndex: i,
      key,
      atMs: e.atMs,
      ...withStep(stepOf(call, e)),
      prompt,
      promptEvents,
      options,
      ...(answered
        ? { answer: { kind: answered.kind as 'press' | 'speech', text: answered.text ?? '', atMs: answered.atMs, eventIndex: answerAt, ...(chose ? { chose } : {}) } }
        : {}),
      timedOut: answerAt >= 0 && ev[answerAt].kind === 'no-input',
      heardBefore: menus.filter((m) => m.key === key).length,
      firstIndex: first >= 0 ? first : menus.length,
    });
  }
  return menus;
}

/** Where the first option (or request for an entry) starts, before the caller's first input. */
function firstOptionOf(call: CallRecord): Pick<CallAnalysis, 'firstOptionAtMs' | 'firstOption' | 'announcements'> {
  const ev = call.events;
  // A Say played `loop` times lasts loop × its words; the call's speaking rate is its fastest Say.
  let msPerWord: number | undefined;
  for (const e of ev) {
    const n = e.kind === 'say' ? wordsIn(e.text ?? '') : 0;
    if (n && e.durationMs) msPerWord = Math.min(msPerWord ?? Infinity, e.durationMs / n);
  }
  const announcements: number[] = [];
  for (let i = 0; i < ev.length && !isInput(ev[i]); i++) {
    const e = ev[i];
    if (e.kind === 'say' && e.text) {
      let before = 0;
      for (const sentence of sentencesOf(e.text)) {
        if (menuOptions(sentence).length || ASKS_ENTRY.test(sentence)) {
          const offset = Math.min(before * (msPerWord ?? 0), e.durationMs ?? 0);
          return { firstOptionAtMs: Math.round(e.atMs + offset), firstOption: { eventIndex: i, sentence }, announcements };
        }
        before += wordsIn(sentence);
      }
    }
    if (e.kind === 'say' || e.kind === 'play' || e.kind === 'pause') announcements.push(i);
  }
  return { announcements: [] };
}

/** Queues: from the enqueue to the dequeue (or whatever ends it, or the end of the call). */
interface QueueSpan {
  /** The enqueue event and the last event of the queue (its dequeue, when recorded). */
  at: number;
  end: number;
  name: string;
  startMs: number;
  durationMs: number;
}

function queuesOf(call: CallRecord): QueueSpan[] {
  const ev = call.events;
  const queues: QueueSpan[] = [];
  for (let i = 0; i < ev.length; i++) {
    if (ev[i].kind !== 'enqueue') continue;
    let end = i + 1;
    while (end < ev.length && !QUEUE_ENDS.has(ev[end].kind)) end++;
    const endMs = end < ev.length ? ev[end].atMs : call.endedAtMs;
    // The dequeue belongs to the queue; a dial or hang-up after it is its own event.
    const last = end < ev.length && ev[end].kind === 'dequeue' ? end : end - 1;
    queues.push({ at: i, end: last, name: ev[i].text ?? '', startMs: ev[i].atMs, durationMs: Math.max(0, endMs - ev[i].atMs) });
    i = last;
  }
  return queues;
}

function analyseCall(call: CallRecord, callIndex: number, options: PhoneAnalysisOptions): CallAnalysis {
  const ev = call.events;
  const menus = analyseMenus(call);
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);

  // Hand-overs and transfers.
  const personAt = ev.findIndex((e) => e.kind === 'dial' && e.handover?.person);
  const handovers: Handover[] = [];
  let withPerson: string | undefined;
  ev.forEach((e, i) => {
    if (e.kind !== 'dial' || !e.handover) return;
    const transfer = personAt >= 0 && i > personAt && e.handover.target !== withPerson;
    handovers.push({
      eventIndex: i,
      atMs: e.atMs,
      ...withStep(stepOf(call, e)),
      kind: e.handover.kind,
      target: e.handover.target,
      person: e.handover.person,
      transfer,
      ...(transfer && withPerson !== undefined ? { from: withPerson } : {}),
    });
    if (e.handover.person) withPerson = e.handover.target;
  });
  const personOf = (i: number) => {
    let who: string | undefined;
    for (const h of handovers) if (h.eventIndex < i && h.person) who = h.target;
    return who;
  };

  // Queues before the first person; holds after it (queues and recorded audio).
  const allQueues = queuesOf(call);
  const beforePerson = allQueues.filter((q) => personAt < 0 || q.at < personAt);
  const holds: Hold[] = allQueues
    .filter((q) => personAt >= 0 && q.at > personAt)
    .map((q) => ({
      kind: 'queue' as const,
      startMs: q.startMs,
      durationMs: q.durationMs,
      ...withStep(stepOf(call, ev[q.at])),
      ...(personOf(q.at) ? { heldBy: personOf(q.at) } : {}),
      queue: q.name,
      eventIndexes: range(q.at, q.end),
    }));
  const inQueue = (i: number) => allQueues.some((q) => i > q.at && i <= q.end);
  if (personAt >= 0) {
    let music: Hold | undefined;
    for (let i = personAt + 1; i < ev.length; i++) {
      const e = ev[i];
      if (HOLD_ENDS.has(e.kind) || inQueue(i)) {
        music = undefined;
        continue;
      }
      if (e.kind !== 'play') continue;
      if (music) {
        music.durationMs = endOf(e) - music.startMs;
        music.eventIndexes.push(i);
      } else {
        music = { kind: 'music', startMs: e.atMs, durationMs: e.durationMs ?? 0, ...withStep(stepOf(call, e)), ...(personOf(i) ? { heldBy: personOf(i) } : {}), eventIndexes: [i] };
        holds.push(music);
      }
    }
    holds.sort((a, b) => a.startMs - b.startMs);
  }

  // The goal the menus led to, and the menus answered on the way (each distinct menu once).
  const goalAt = ev.findIndex((e) => e.kind === 'enqueue' || e.kind === 'dial');
  const goalEvent = goalAt >= 0 ? ev[goalAt] : undefined;
  const goal: CallAnalysis['goal'] = goalEvent
    ? {
        kind: goalEvent.kind === 'enqueue' ? 'queue' : goalEvent.handover?.person ? 'person' : 'handover',
        target: goalEvent.kind === 'enqueue' ? (goalEvent.text ?? '') : (goalEvent.handover?.target ?? ''),
        eventIndex: goalAt,
        ...withStep(stepOf(call, goalEvent)),
      }
    : { kind: 'end' };
  // Every distinct menu the caller had to get through, answered or sat out in silence (a menu that passes a silent caller on still took their time).
  const menusToGoal = new Set(menus.filter((m) => (m.answer || m.timedOut) && (goalAt < 0 || (m.answer?.eventIndex ?? m.eventIndex) < goalAt)).map((m) => m.key)).size;

  // Time to a person: from the input that led to the queue or person (else the enqueue), or from choosing a person option.
  const firstQueue = beforePerson[0]?.at;
  const reachedAt = firstQueue ?? (personAt >= 0 ? personAt : undefined);
  let askedAt: number | undefined;
  let askedMs: number | undefined;
  if (reachedAt !== undefined) {
    for (let i = reachedAt - 1; i >= 0 && askedAt === undefined; i--) if (isInput(ev[i])) askedAt = i;
    if (askedAt === undefined) askedAt = reachedAt;
    // The request is made when the keys, the words or the menu's silence end.
    const e = ev[askedAt];
    askedMs = isInput(e) ? endOf(e) : e.atMs;
  } else {
    const asked = menus.find((m) => m.answer && (options.personPattern.test(m.answer.chose?.says ?? '') || (m.answer.kind === 'speech' && options.personPattern.test(m.answer.text))));
    if (asked?.answer) {
      askedAt = asked.answer.eventIndex;
      askedMs = endOf(ev[askedAt]);
    }
  }
  const personMs = personAt >= 0 ? ev[personAt].atMs : undefined;
  const timeToPersonMs = personMs !== undefined && askedMs !== undefined ? Math.max(0, personMs - askedMs) : undefined;

  // Loops: a menu heard again after the caller answered it, or a rejected answer.
  const loops: MenuLoop[] = [];
  const loopOf = (first: MenuMet): MenuLoop => {
    let loop = loops.find((l) => l.key === first.key);
    if (!loop) {
      loop = { key: first.key, menus: [menus.indexOf(first)], timesHeard: 1, invalidEvents: [], atMs: first.atMs, ...withStep(first.stepIndex) };
      loops.push(loop);
    }
    return loop;
  };
  menus.forEach((m, k) => {
    if (!menus.slice(0, k).some((p) => p.key === m.key && p.answer)) return;
    const loop = loopOf(menus[m.firstIndex]);
    loop.menus.push(k);
    loop.timesHeard = m.heardBefore + 1;
    loop.atMs = m.atMs;
    if (m.stepIndex !== undefined) loop.stepIndex = m.stepIndex;
  });
  let lastInputAt = -1;
  ev.forEach((e, i) => {
    if (isInput(e)) lastInputAt = i;
    if (e.kind !== 'say' || lastInputAt < 0 || !isAnswer(ev[lastInputAt])) return;
    if (!sentencesOf(e.text ?? '').some((s) => options.invalidPattern.test(s))) return;
    const answered = menus.find((m) => m.answer?.eventIndex === lastInputAt);
    if (!answered) return;
    const loop = loopOf(menus[answered.firstIndex]);
    if (!loop.invalidEvents.length) {
      loop.atMs = e.atMs;
      if (e.stepIndex !== undefined) loop.stepIndex = e.stepIndex;
    }
    loop.invalidEvents.push(i);
  });
  loops.sort((a, b) => a.atMs - b.atMs);

  // Sentences: a person offered, a closed notice, opening hours.
  const says = ev.map((e, i) => ({ e, i })).filter(({ e }) => e.kind === 'say' && e.text);
  const sayWith = (p: RegExp) => says.find(({ e }) => sentencesOf(e.text!).some((s) => p.test(s)));
  const offer = sayWith(options.personPattern);
  const closedSay = sayWith(options.closedPattern);
  let closed: ClosedNotice | undefined;
  if (closedSay) {
    const hours = sayWith(options.hoursPattern);
    const after = ev.slice(closedSay.i + 1);
    const companyEnded =
      call.ended === 'company-hung-up' || call.ended === 'rejected' || after.some((e) => e.kind === 'reject' || (e.kind === 'hangup' && e.by === 'company'));
    closed = {
      text: sentencesOf(closedSay.e.text!).find((s) => options.closedPattern.test(s)) ?? closedSay.e.text!,
      atMs: closedSay.e.atMs,
      eventIndex: closedSay.i,
      ...withStep(stepOf(call, closedSay.e)),
      statesHours: hours !== undefined,
      ...(hours ? { hoursEventIndex: hours.i } : {}),
      hungUp: companyEnded && !after.some((e) => e.kind === 'dial' && e.handover?.person),
    };
  }

  // Entries keyed in again at another menu (the same menu again is a loop, judged by ivr-loop).
  const repeats: PhoneRepeat[] = [];
  const entries: Array<{ entry: string; menu: MenuMet }> = [];
  for (const m of menus) {
    if (m.answer?.kind !== 'press') continue;
    const entry = digitsOf(ev[m.answer.eventIndex], ev[m.eventIndex]);
    if (!/^\d+$/.test(entry) || entry.length < options.minEntryDigits) continue;
    const earlier = entries.find((x) => x.entry === entry && x.menu.key !== m.key);
    const rejected = m.promptEvents.some((j) => sentencesOf(ev[j].text ?? '').some((s) => options.invalidPattern.test(s)));
    if (earlier && !rejected) {
      const asked = menuName(m);
      const before = menuName(earlier.menu);
      repeats.push({
        ...withStep(m.answer ? stepOf(call, ev[m.answer.eventIndex]) : m.stepIndex),
        atMs: m.answer.atMs,
        entry,
        ...(earlier.menu.stepIndex !== undefined ? { firstStepIndex: earlier.menu.stepIndex } : {}),
        prompt: asked,
        message:
          before === asked
            ? `The phone line asked the caller to key in ${entry} again at the same question (“${asked}”) later in the call.`
            : `The phone line asked the caller to key in ${entry} again (“${asked}”), after they had keyed it in at “${before}”`,
        excerpt: quoteCall(call, [earlier.menu.promptEvents.at(-1), earlier.menu.answer?.eventIndex, m.promptEvents.at(-1), m.answer.eventIndex]),
        metric: 'phoneRepeats',
        // The line asking again is one cause, whichever department the caller chose.
        cause: causeOf(lineOf(call), sameText(asked)),
      });
    }
    entries.push({ entry, menu: m });
  }

  const queueMs = beforePerson.reduce((sum, q) => sum + q.durationMs, 0);
  const holdMs = holds.reduce((sum, h) => sum + h.durationMs, 0);
  const onHold = new Set(holds.flatMap((h) => h.eventIndexes));
  const listeningMs = ev.reduce(
    (sum, e, i) => (['say', 'play', 'pause', 'no-input'].includes(e.kind) && !inQueue(i) && !onHold.has(i) ? sum + (e.durationMs ?? 0) : sum),
    0,
  );
  const transfers = handovers.filter((h) => h.transfer).length;

  return {
    callIndex,
    callSid: call.callSid,
    line: lineOf(call),
    menus,
    menusToGoal,
    goal,
    ...firstOptionOf(call),
    ...(askedMs !== undefined ? { askedForPersonAtMs: askedMs, askedEventIndex: askedAt } : {}),
    ...(personMs !== undefined ? { personAtMs: personMs, personEventIndex: personAt } : {}),
    ...(timeToPersonMs !== undefined ? { timeToPersonMs } : {}),
    queueMs,
    queues: beforePerson.map((q) => ({ name: q.name, startMs: q.startMs, durationMs: q.durationMs, eventIndexes: range(q.at, q.end) })),
    holds,
    handovers,
    loops,
    personOffered: offer !== undefined,
    ...(offer ? { personOfferEventIndex: offer.i } : {}),
    ...(closed ? { closed } : {}),
    repeats,
    metrics: {
      menus: menusToGoal,
      listeningMs,
      queueMs,
      ...(timeToPersonMs !== undefined ? { timeToPersonMs } : {}),
      holdMs,
      transfers,
      endedBy: call.ended,
    },
  };
}

/** Every call of the run, analysed. */
export function analysePhone(log: PhoneLog, options: PhoneAnalysisOptions): PhoneAnalysis {
  const calls = log.calls.map((call, i) => analyseCall(call, i, options));
  return { calls, repeats: calls.flatMap((c) => c.repeats) };
}

const fileName = (url: string | undefined) => (url ? (url.split(/[?#]/, 1)[0].split('/').pop() || url) : 'audio');
const QUEUE_RESULTS: Record<string, string> = { leave: 'taken out of the queue', hangup: 'caller hung up in the queue', bridged: 'connected from the queue' };

/** Who a transcript line is from: the line (IVR, recordings), the caller, or what happened to the call. */
export type CallLineWho = 'line' | 'caller' | 'call';

/** A transcript line without its time: "IVR: For returns, press 2.", "caller pressed 2". */
export function describeEvent(e: CallEvent): { who: CallLineWho; text: string } {
  const who: CallLineWho = e.kind === 'say' || e.kind === 'play' || e.kind === 'pause' ? 'line' : e.kind === 'press' || e.kind === 'speech' || e.kind === 'no-input' || (e.kind === 'hangup' && e.by === 'caller') ? 'caller' : 'call';
  // The speaker and the duration are shown beside the text in the scorecard: not again in it.
  return { who, text: eventText(e, false).replace(/^(IVR: |caller )/, '') };
}

/** One transcript line as evidence: "[12.3 s] IVR: For returns, press 2." */
function quoteEvent(e: CallEvent): string {
  return `[${formatMs(e.atMs)}] ${eventText(e)}`;
}

function eventText(e: CallEvent, withDuration = true): string {
  const took = withDuration && e.durationMs !== undefined ? formatMs(e.durationMs) : '';
  switch (e.kind) {
    case 'say':
      return `IVR: ${truncate(e.text ?? '', 240)}`;
    case 'play':
      return `recording ${fileName(e.url)} ${took}${e.text ? ` (${e.text})` : ''}`.trimEnd();
    case 'pause':
      return `silence ${took}`.trimEnd();
    case 'menu': {
      const input = e.menu?.input.includes('speech') ? (e.menu.input.includes('dtmf') ? 'keys or words' : 'words') : 'keys';
      return `the line waits for the caller's ${input}${e.menu ? ` (up to ${formatMs(e.menu.timeoutMs)})` : ''}`;
    }
    case 'press':
      return `caller pressed ${e.text ?? ''}`;
    case 'speech':
      return `caller said “${truncate(e.text ?? '', 240)}”`;
    case 'no-input':
      return withDuration ? `caller pressed nothing for ${took || 'a while'}` : 'caller pressed nothing';
    case 'enqueue':
      return `caller put in the queue “${e.text ?? ''}”`;
    case 'dequeue':
      return `${QUEUE_RESULTS[e.text ?? ''] ?? `left the queue (${e.text ?? 'no reason given'})`}`;
    case 'dial': {
      const h = e.handover;
      if (!h) return `handed over`;
      if (h.person) return `put through to a person (${h.target})`;
      if (h.kind === 'queue') return `connected to the queue “${h.target}”`;
      if (h.kind === 'conference') return `put into the conference “${h.target}”`;
      return `handed over to ${h.target}`;
    }
    case 'redirect':
      return `the line moved the call to ${e.url ? pathOf(e.url) : (e.text ?? 'other instructions')}`;
    case 'record':
      return `the line asks the caller to leave a message`;
    case 'hangup':
      // A caller who gave up says why ("gave up after 1 min: the line had gone silent").
      return e.by === 'caller' ? (e.text?.startsWith('gave up') ? `the caller ${e.text}` : 'the caller hung up') : 'the line ended the call';
    case 'reject':
      return `the line refused the call${e.text ? ` (${e.text})` : ''}`;
    case 'unknown':
      return `an instruction this tool does not play: <${e.text ?? '?'}>`;
    case 'error':
      return `the line failed: ${truncate(e.text ?? 'an application error has occurred', 240)}`;
  }
}

/** Transcript lines of the call as evidence, by event index, in order, without duplicates. */
export function quoteCall(call: CallRecord, eventIndexes: ReadonlyArray<number | undefined>): string[] {
  const wanted = [...new Set(eventIndexes.filter((i): i is number => i !== undefined && i >= 0 && i < call.events.length))].sort((a, b) => a - b);
  return wanted.map((i) => quoteEvent(call.events[i]));
}
