// Repeated-question detection on transcripts: paraphrases count, different questions do not.
import { expect, test } from '@playwright/test';
import { recognise, turnsOf } from '../../src/channels/chat/session.ts';
import { ACME_CHAT_PROFILE } from '../../src/channels/chat/profile.ts';
import { analyse } from '../../src/friction/analyse.ts';
import { findRepeats, questionsIn } from '../../src/channels/chat/repeats.ts';
import type { ChatAuthor, ChatLog, ChatMessage } from '../../src/channels/chat/record.ts';
import { makeRun } from './fixtures/records.ts';

type Line = [ChatAuthor, string] | [ChatAuthor, string, string];

function transcript(lines: Line[]): ChatMessage[] {
  return lines.map(([author, text, name], index) => ({ index, author, text, atMs: index * 1000, stepIndex: Math.min(index, 2), ...(name ? { name } : {}) }));
}

function chatRun(lines: Line[]) {
  const messages = transcript(lines);
  const endedAtMs = messages.length * 1000;
  const sends = messages.filter((m) => m.author === 'customer').map((m) => ({ atMs: m.atMs, stepIndex: m.stepIndex }));
  const chat: ChatLog = { openedAtMs: 0, endedAtMs, messages, turns: turnsOf(messages, sends, endedAtMs), events: recognise(messages, ACME_CHAT_PROFILE) };
  return makeRun({ channels: { chat } });
}

const repeatsOf = (lines: Line[]) => findRepeats(transcript(lines)).map((r) => [r.question.messageIndex, r.kind, r.question.topic ?? null]);

test('asking again, in other words, for the order number the customer already gave', () => {
  expect(
    repeatsOf([
      ['customer', 'Hi, my order A1042 never arrived'],
      ['agent', 'Sorry to hear that. Can you tell me the number of your order?', 'Sam'],
    ]),
  ).toEqual([[1, 'already-given', 'order number']]);
});

test('paraphrased questions asked again after the customer answered', () => {
  const pairs: Array<[string, string]> = [
    ['What is your order number?', 'Could you give me your order no. please?'],
    ['What is your email address?', 'Which e-mail did you use for the purchase?'],
    ['Which colour did you pick for the machine?', 'Sorry, what machine colour did you pick?'],
    ['Could you describe the fault with the grinder?', 'Can you describe the grinder fault again?'],
  ];
  for (const [first, again] of pairs) {
    const found = repeatsOf([
      ['customer', 'I have a problem'],
      ['bot', first],
      ['customer', 'Let me check'],
      ['agent', again, 'Sam'],
    ]);
    expect(found, `${first} / ${again}`).toHaveLength(1);
    expect(found[0][0]).toBe(3);
  }
});

test('different questions, and a question answered before it was asked, are not repeats', () => {
  expect(
    repeatsOf([
      ['customer', 'I want the espresso machine with express shipping'],
      ['bot', 'What name should the order be under?'],
      ['customer', 'Alex Morgan'],
      ['bot', 'What email address should we send the confirmation to?'],
      ['customer', 'alex@example.com'],
      ['bot', 'And the delivery address (street, city and postcode)?'],
    ]),
  ).toEqual([]);
  // A greeting question asked by the bot and again by the agent after a hand-over is no friction.
  expect(
    repeatsOf([
      ['bot', 'Hello! How can I help you today?'],
      ['customer', 'A person please'],
      ['agent', "Hi, I'm Sam. How can I help?", 'Sam'],
    ]),
  ).toEqual([]);
  // Asked twice before the customer answered at all: the customer has nothing to repeat.
  expect(repeatsOf([['bot', 'What is your order number?'], ['bot', 'Could you share your order number?']])).toEqual([]);
});

test('questions are found in statements too ("please send your …")', () => {
  expect(questionsIn('Thanks. Please send your order number. It is on the receipt.')).toEqual(['Please send your order number.']);
  expect(questionsIn('Your order is on its way.')).toEqual([]);
});

test('the rule quotes both transcript lines and points at the step of the repeat', () => {
  const run = chatRun([
    ['customer', 'Where is my order 10042?'],
    ['bot', "I'll put you through to a colleague."],
    ['system', 'Sam joined the chat.'],
    ['agent', 'Could you give me your order number?', 'Sam'],
  ]);
  const findings = analyse([run]).filter((f) => f.ruleId === 'repeated-question');
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ severity: 'major', stepIndex: 2 });
  expect(findings[0].evidence.excerpt).toEqual(['[0 ms] customer: Where is my order 10042?', '[3 s] agent Sam: Could you give me your order number?']);
});
