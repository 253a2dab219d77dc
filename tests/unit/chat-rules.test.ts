// The chat rules on hand-made transcripts: what the profile recognises, and the finding each rule makes.
import { expect, test } from '@playwright/test';
import { recognise, turnsOf } from '../../src/channels/chat/session.ts';
import { ACME_CHAT_PROFILE } from '../../src/channels/chat/profile.ts';
import { analyse } from '../../src/friction/analyse.ts';
import type { ChatAuthor, ChatLog, ChatMessage } from '../../src/channels/chat/record.ts';
import { makeRun } from './fixtures/records.ts';

const CHAT_RULES = new Set(['slow-first-reply', 'slow-reply', 'queue-wait', 'transfer', 'repeated-question', 'bot-loop', 'no-human-escalation', 'chat-unavailable']);

function chatFindings(lines: Array<[number, ChatAuthor, string, string?]>) {
  const messages: ChatMessage[] = lines.map(([atMs, author, text, name], index) => ({ index, author, text, atMs, stepIndex: 1, ...(name ? { name } : {}) }));
  const endedAtMs = (lines.at(-1)?.[0] ?? 0) + 500;
  const sends = messages.filter((m) => m.author === 'customer').map((m) => ({ atMs: m.atMs, stepIndex: 1 }));
  const chat: ChatLog = { openedAtMs: 0, openedInStep: 0, endedAtMs, messages, turns: turnsOf(messages, sends, endedAtMs), events: recognise(messages, ACME_CHAT_PROFILE) };
  return analyse([makeRun({ channels: { chat } })]).filter((f) => CHAT_RULES.has(f.ruleId));
}

test("a greeting that lands before the answer the journey waited for is not the turn's reply", () => {
  const messages: ChatMessage[] = [
    { index: 0, author: 'system', text: 'Sam joined the chat.', atMs: 1000, stepIndex: 1 },
    { index: 1, author: 'customer', text: 'My order 10042 has not arrived.', atMs: 1300, stepIndex: 2 },
    { index: 2, author: 'agent', name: 'Sam', text: "Hi, I'm Sam. How can I help?", atMs: 1550, stepIndex: 2 },
    { index: 3, author: 'agent', name: 'Sam', text: 'Order 10042 left yesterday.', atMs: 9600, stepIndex: 2 },
  ];
  // chat.expectReply { matches: /order/i } found message 3: the customer's answer came 8.3 s after sending.
  const [waited] = turnsOf(messages, [{ atMs: 1300, stepIndex: 2, answerIndex: 3 }], 10_000);
  expect(waited).toMatchObject({ replyIndex: 3, replyMs: 8300, waitedMs: 8300 });
  // With no `matches` the journey accepted any answer: the greeting is the reply.
  const [any] = turnsOf(messages, [{ atMs: 1300, stepIndex: 2 }], 10_000);
  expect(any).toMatchObject({ replyIndex: 2, replyMs: 250 });
});

const rules = (fs: ReturnType<typeof chatFindings>) => fs.map((f) => `${f.ruleId}:${f.severity}`).sort();

test('a quick, helpful chat has no chat finding', () => {
  expect(
    chatFindings([
      [0, 'bot', "Hi! I'm Acme's assistant."],
      [1000, 'customer', 'How do I return an item?'],
      [1300, 'bot', 'You can return anything within 30 days.'],
    ]),
  ).toEqual([]);
});

test('slow first reply and slow later replies, against their budgets', () => {
  const fs = chatFindings([
    [0, 'customer', 'Hello?'],
    [7000, 'bot', 'Hello! How can I help you today?'],
    [8000, 'customer', 'Where is my order 10042?'],
    [40_000, 'agent', 'It ships tomorrow.', 'Sam'],
  ]);
  expect(rules(fs)).toEqual(['slow-first-reply:minor', 'slow-reply:major']);
  expect(fs.find((f) => f.ruleId === 'slow-reply')?.evidence.excerpt).toEqual(['[8 s] customer: Where is my order 10042?', '[40 s] agent Sam: It ships tomorrow.']);
});

test('queue wait, transfers and the agents who joined', () => {
  const fs = chatFindings([
    [0, 'customer', 'A person please'],
    [200, 'bot', "I'll put you through to a colleague."],
    [200, 'system', 'You are number 3 in the queue.'],
    [20_000, 'system', 'Sam joined the chat.'],
    [20_500, 'agent', 'Let me transfer you.', 'Sam'],
    [21_000, 'system', 'Sam left the chat.'],
    [21_500, 'system', 'Priya joined the chat.'],
  ]);
  expect(rules(fs)).toEqual(['queue-wait:minor', 'transfer:minor']);
  expect(fs.find((f) => f.ruleId === 'transfer')?.message).toContain('from Sam to Priya');
});

test('a bot loop, no person, and a closed chat', () => {
  expect(
    rules(
      chatFindings([
        [0, 'customer', 'How do I return this?'],
        [200, 'bot', "Sorry, I didn't get that. Could you rephrase?"],
        [1000, 'customer', 'Returns?'],
        [1200, 'bot', "Sorry, I didn't get that. Could you rephrase?"],
        [2000, 'customer', 'Can I talk to a person?'],
        [2200, 'bot', "I'm sorry, I can't put you through."],
      ]),
    ),
  ).toEqual(['bot-loop:major', 'no-human-escalation:major']);
  expect(rules(chatFindings([[0, 'system', 'Our chat is closed at the moment. Leave a message.'], [1000, 'customer', 'Hello?']]))).toEqual([
    'chat-unavailable:major',
  ]);
  // Saying when someone will answer is fine.
  expect(rules(chatFindings([[0, 'system', 'Our chat is closed. A person will answer from 8:00 tomorrow.'], [1000, 'customer', 'Hello?']]))).toEqual([]);
});
