// What the chat's service side asks again: questions it asked before, or for what the customer already said.
import type { RepeatedAsk } from '../define.ts';
import type { ChatLog, ChatMessage } from './record.ts';
import { quote } from './rules/chat-format.ts';

/** Things a service side asks for, how such a question reads, and how the customer's answer looks. */
const TOPICS: ReadonlyArray<{ id: string; asks: RegExp; given?: RegExp }> = [
  {
    id: 'order number',
    asks: /\b(order|reference|booking)\s*(number|no\.?|#|id|reference)|\bnumber of (your|the) order\b|\border\b[^.?!]{0,30}\bnumber\b|\bwhich order\b/i,
    given: /\b[A-Z]{0,3}-?\d{4,}\b/,
  },
  { id: 'email', asks: /\be-?mail\b/i, given: /[^\s@]+@[^\s@]+\.[^\s@]+/ },
  { id: 'phone number', asks: /\b(phone|telephone|mobile|cell)\b/i, given: /\+?\d[\d\s()-]{7,}\d/ },
  { id: 'postcode', asks: /\b(post ?code|zip( code)?|postal code)\b/i },
  { id: 'name', asks: /\b(your|full|what|which) name\b|\bname (should|on|for)\b/i },
  { id: 'address', asks: /\baddress\b/i },
];

const STOP = new Set(
  'a an the is are was were be do does did you your yours i me my we our us to of for in on at with and or please could would can will may might just kindly tell give let know provide share send what which whats how hi hello thanks thank again sorry so that this it its me please have has'.split(' '),
);
const SYNONYMS: Record<string, string> = { 'e-mail': 'email', mail: 'email', no: 'number', '#': 'number', reference: 'number', ref: 'number', id: 'number', purchase: 'order', parcel: 'order', package: 'order', delivery: 'order' };
/** Questions that only open a conversation; asking them again after a hand-over is no friction. */
const GENERIC = new Set(['help', 'today', 'anything', 'else', 'assist', 'do', 'get']);

/** One question the service side asked. */
export interface Question {
  messageIndex: number;
  text: string;
  topic?: string;
  words: Set<string>;
}

/** The questions in a message: sentences ending in "?", or asking for something ("please send your…"). */
export function questionsIn(text: string): string[] {
  const sentences = text.split(/(?<=[.?!])(?<!\b(?:no|nr|ref|e\.g|i\.e)\.)\s+/i).map((s) => s.trim()).filter(Boolean);
  return sentences.filter((s) => s.endsWith('?') || /^(please|kindly)\s+(give|tell|send|provide|share|confirm)\b|\bi need your\b|\bcan i (have|get) your\b/i.test(s));
}

export function topicOf(question: string): string | undefined {
  for (const t of TOPICS) if (t.asks.test(question)) return t.id;
  return undefined;
}

export function wordsOf(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/e-mail/g, 'email')
    .split(/[^a-z0-9#]+/)
    .filter(Boolean)
    .map((w) => SYNONYMS[w] ?? w)
    .map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w))
    .filter((w) => !STOP.has(w));
  return new Set(words);
}

/** True when two questions ask the same thing: the same topic, or mostly the same words. */
export function sameQuestion(a: Question, b: Question, minOverlap: number): boolean {
  if (a.topic !== undefined || b.topic !== undefined) return a.topic === b.topic;
  const specific = (w: Set<string>) => [...w].filter((x) => !GENERIC.has(x));
  const wa = specific(a.words);
  const wb = new Set(specific(b.words));
  if (wa.length < 2 || wb.size < 2) return false;
  const shared = wa.filter((w) => wb.has(w)).length;
  return shared / new Set([...wa, ...wb]).size >= minOverlap;
}

export interface Repeat {
  /** The question asked again. */
  question: Question;
  kind: 'asked-before' | 'already-given';
  /** The earlier question, or the customer's message that gave the answer. */
  earlier: ChatMessage;
}

/** Where the service side (bot or agents) asks something it asked already, or something the customer already said. */
export function findRepeats(messages: ChatMessage[], minOverlap = 0.6): Repeat[] {
  const asked: Question[] = [];
  const repeats: Repeat[] = [];
  for (const m of messages) {
    if (m.author !== 'bot' && m.author !== 'agent') continue;
    for (const text of questionsIn(m.text)) {
      const topic = topicOf(text);
      const q: Question = { messageIndex: m.index, text, ...(topic ? { topic } : {}), words: wordsOf(text) };
      const before = asked.find((p) => sameQuestion(p, q, minOverlap));
      const given = topic ? TOPICS.find((t) => t.id === topic)?.given : undefined;
      const said = given ? messages.find((c) => c.author === 'customer' && c.index < m.index && given.test(c.text)) : undefined;
      // Asked again after the customer answered it: the answer was not taken in.
      const answered = before ? messages.some((c) => c.author === 'customer' && c.index > before.messageIndex && c.index < m.index) : false;
      if (said) repeats.push({ question: q, kind: 'already-given', earlier: said });
      else if (before && answered) repeats.push({ question: q, kind: 'asked-before', earlier: messages[before.messageIndex] });
      asked.push(q);
    }
  }
  // One finding per message that repeats, however many of its sentences do.
  return repeats.filter((r, i) => repeats.findIndex((o) => o.question.messageIndex === r.question.messageIndex) === i);
}

/** The chat's repeats as the cross-channel `repeated-question` rule reads them (see channels/define.ts). */
export function chatRepeats(log: ChatLog, minOverlap: number): RepeatedAsk[] {
  return findRepeats(log.messages, minOverlap).map((r) => {
    const m = log.messages[r.question.messageIndex];
    const what = r.question.topic ? `the ${r.question.topic}` : `“${r.question.text}”`;
    const who = `${m.author}${m.name ? ` ${m.name}` : ''}`;
    return {
      ...(m.stepIndex !== undefined ? { stepIndex: m.stepIndex } : {}),
      message:
        r.kind === 'already-given'
          ? `The chat (${who}) asked for ${what}, which the customer had already given.`
          : `The chat (${who}) asked for ${what} again after the customer had answered.`,
      excerpt: quote(log, [r.earlier.index, m.index]),
      metric: 'chatRepeats',
    };
  });
}
