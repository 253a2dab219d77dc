// The chat profile's default patterns: the wordings of real widgets they must recognise, the
// look-alikes they must not, a profile (and a config) that leaves them out, and the demo company's
// own chat read with them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ACME_CHAT_PROFILE, ChatProfile, DEFAULT_CHAT_PATTERNS, type ChatProfileInput } from '../../src/channels/chat/profile.ts';
import { recognise } from '../../src/channels/chat/session.ts';
import { textPattern } from '../../src/channels/text.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { ChatAuthor, ChatEvent, ChatMessage } from '../../src/channels/chat/record.ts';

type PatternName = keyof typeof DEFAULT_CHAT_PATTERNS;
const matches = (name: PatternName, text: string) => textPattern(DEFAULT_CHAT_PATTERNS[name]).test(text);

/** A profile as a user writes it for a widget, with no `patterns`. */
const NO_PATTERNS: ChatProfileInput = {
  launcher: { role: 'button', name: 'Chat' },
  input: { label: 'Message' },
  messages: '.msg',
  authors: { customer: '.me', bot: '.bot', agent: '.agent', system: '.notice' },
};

const MUST_MATCH: Record<Exclude<PatternName, 'agentJoined' | 'queuePosition'>, string[]> = {
  misunderstood: [
    "Sorry, I didn't catch that",
    "Sorry, I didn't get that. Could you rephrase?",
    'I didn’t quite get that. Could you try again?',
    'I did not understand your question.',
    "Sorry, I couldn't understand your message.",
    'I could not follow that, sorry.',
    "Hmm, I don't understand.",
    'I do not understand what you mean.',
    "Sorry, I don't follow.",
    "I couldn't quite get what you said.",
    "I didn't understand you. Can you ask me again?",
    'Could you rephrase that?',
    'Can you reword your question?',
    'Please try rephrasing your question.',
    'Could you say that another way?',
    'Can you put it differently?',
    'Please try again with different words.',
    "I'm not sure what you mean.",
    "I'm not sure I understand.",
    'I’m not sure I follow.',
    "I'm not quite sure what you're asking.",
    "I don't know what you mean by that.",
  ],
  unavailable: [
    'Our chat is closed at the moment. Leave a message.',
    "We're closed right now.",
    'We are currently closed.',
    'Live chat is currently unavailable.',
    'Our support team is offline.',
    'Our agents are away.',
    'Our team is away until Monday.',
    'No one is available right now.',
    'Nobody from our team is available to chat.',
    'There are no agents available at the moment.',
    "We're outside our opening hours.",
    'You have reached us outside of business hours.',
    'Chat offline',
  ],
  agentLeft: ['Sam left the chat.', 'Priya has left the conversation.', 'Tom has left.'],
  statesTime: [
    'We are back at 9am.',
    'We open tomorrow at 9:00.',
    "We'll answer within 2 hours.",
    'Someone will reply within an hour.',
    'Back in 1 hour.',
    'Open Mon–Fri.',
    'We will reply by the next business day.',
    'We reopen on Monday.',
  ],
};

/** False friends: sentences a bot or a notice says that only look like the pattern's. */
const MUST_NOT_MATCH: Record<PatternName, string[]> = {
  misunderstood: [
    "I didn't get your order yet.",
    'We did not get the parcel back.',
    "That's not something I can help with.",
    "I can't help with that, but a colleague can.",
    "We can't get that model before May.",
    "We can't get you a refund for opened items.",
    "If you don't get an email within 10 minutes, check your spam folder.",
    "Didn't get the confirmation email? We can send it again.",
    'In other words, your refund is on its way.',
    "I can't find order A10042 from here.",
    'Please do not follow links in emails you did not expect.',
    'I understand. Let me check that for you.',
    "We couldn't get through to the courier today.",
    "I'm not sure when it will arrive; let me check.",
  ],
  unavailable: [
    'This item is currently unavailable.',
    'Express shipping is not available for this address.',
    'No refund is available for opened items.',
    'Returns are closed after 30 days.',
    'Your ticket is closed.',
    'We have closed your case.',
    'This chat is now closed.',
    'The chat has ended.',
    "I'm sorry, I can't put you through. I can help you with orders and returns.",
  ],
  queuePosition: ['Set the grinder to position 3 for espresso.', 'You have 2 items in your cart.', 'We have 3 left in stock.', 'Your order 10042 is in the queue for dispatch.'],
  agentJoined: [
    'You have joined our loyalty programme.',
    'Anna joined our team in 2019.',
    'Our team is here to help.',
    'The Acme support team is here to help, day and night.',
    "You're now chatting with Acme's virtual assistant.",
    'Acme Bot has joined the chat.',
    'Your account is now connected.',
    'Sam left the chat.',
    'You ended the chat.',
    'You are number 1 in the queue.',
  ],
  agentLeft: ['You ended the chat.', 'Your parcel left our warehouse yesterday.', 'It left the depot this morning.', 'There is one left in stock.', 'Sam joined the chat.'],
  statesTime: ['Our chat is closed at the moment. Leave a message.', 'No one is available right now.', "We're outside our opening hours."],
};

/** Queue notices and the position read from them (the first number; none when the notice gives none). */
const QUEUE: Array<[string, number | undefined]> = [
  ['You are number 3 in the queue.', 3],
  ['You are #3 in line.', 3],
  ["You're 2nd in the queue.", 2],
  ['Position 4', 4],
  ['Queue position: 2', 2],
  ['Your position in the queue is 5.', 5],
  ['You are in position 3.', 3],
  ['There are 3 people ahead of you.', 3],
  ['2 customers are waiting before you.', 2],
  ['You are next in line.', undefined],
  ["You're in the queue. An agent will be with you soon.", undefined],
];

/** Join notices and the agent read from them. */
const JOINS: Array<[string, string]> = [
  ['Sam joined the chat.', 'Sam'],
  ['Priya has joined the conversation.', 'Priya'],
  ['Tom has joined.', 'Tom'],
  ['You are now chatting with Lena.', 'Lena'],
  ["You're now connected to Omar from Acme Support.", 'Omar from Acme Support'],
  ['Kim is now connected.', 'Kim'],
  ['Sam is here to help!', 'Sam'],
  ['An agent has entered the chat.', 'An agent'],
];

/** The events the profile's patterns make of a transcript, without the times. */
function eventsOf(lines: Array<[ChatAuthor, string, string?]>, profile: ChatProfile = ChatProfile.parse(NO_PATTERNS)) {
  const messages: ChatMessage[] = lines.map(([author, text, name], index) => ({ index, author, text, atMs: index * 100, ...(name ? { name } : {}) }));
  return recognise(messages, profile).map(({ atMs: _a, stepIndex: _s, ...e }: ChatEvent) => e);
}

for (const [name, texts] of Object.entries(MUST_MATCH) as Array<[PatternName, string[]]>) {
  test(`the default ${name} pattern recognises the common wordings`, () => {
    expect(texts.filter((t) => !matches(name, t))).toEqual([]);
  });
}

for (const [name, texts] of Object.entries(MUST_NOT_MATCH) as Array<[PatternName, string[]]>) {
  test(`the default ${name} pattern leaves its look-alikes alone`, () => {
    expect(texts.filter((t) => matches(name, t))).toEqual([]);
  });
}

test('the default queue pattern reads the position a notice gives', () => {
  const read = QUEUE.map(([text]) => [text, eventsOf([['system', text]]).find((e) => e.kind === 'queue')?.position] as const);
  expect(read).toEqual(QUEUE);
  // Every one of them is a queue notice, with a position or not.
  for (const [text] of QUEUE) expect(eventsOf([['system', text]]).map((e) => e.kind)).toEqual(['queue']);
});

test("the default join pattern reads the agent's name from either form", () => {
  const read = JOINS.map(([text]) => [text, eventsOf([['system', text]]).find((e) => e.kind === 'agent-joined')?.agent] as const);
  expect(read).toEqual(JOINS);
});

test('an agent leaving (default agentLeft) makes their next message a join again', () => {
  const lines: Array<[ChatAuthor, string, string?]> = [
    ['system', 'Sam joined the chat.'],
    ['agent', 'Hi, I am Sam.', 'Sam'],
    ['system', 'Sam has left the conversation.'],
    ['agent', 'Sam again, sorry for the wait.', 'Sam'],
  ];
  expect(eventsOf(lines).map((e) => `${e.kind}@${e.messageIndex}`)).toEqual(['agent-joined@0', 'agent-joined@3']);
});

test('a profile without patterns has every default; one with only misunderstood keeps the others', () => {
  expect(ChatProfile.parse(NO_PATTERNS).patterns).toEqual(DEFAULT_CHAT_PATTERNS);
  const own = ChatProfile.parse({ ...NO_PATTERNS, patterns: { misunderstood: '/no comprendo/i' } });
  expect(own.patterns).toEqual({ ...DEFAULT_CHAT_PATTERNS, misunderstood: '/no comprendo/i' });
  // The user's pattern is the one used: the default wording is no longer a misunderstanding.
  const events = eventsOf([['bot', 'No comprendo.'], ['bot', "Sorry, I didn't catch that."]], own);
  expect(events.map((e) => `${e.kind}@${e.messageIndex}`)).toEqual(['misunderstood@0']);
  // The demo's profile reads its widget with the defaults.
  expect(ACME_CHAT_PROFILE.patterns).toEqual(DEFAULT_CHAT_PATTERNS);
});

test('the config loader accepts a chat profile without patterns, and names an empty pattern', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-chat-patterns-'));
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ chat: NO_PATTERNS }));
  const { config } = await loadConfig(dir);
  expect(config.chat?.patterns).toEqual(DEFAULT_CHAT_PATTERNS);
  expect(config.chat?.launcher).toEqual(NO_PATTERNS.launcher);

  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ chat: { ...NO_PATTERNS, patterns: { unavailable: '/fermé/i' } } }));
  expect((await loadConfig(dir)).config.chat?.patterns).toEqual({ ...DEFAULT_CHAT_PATTERNS, unavailable: '/fermé/i' });

  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ chat: { ...NO_PATTERNS, patterns: { misunderstood: '' } } }));
  const err = (await loadConfig(dir).catch((e) => e)) as Error;
  expect(err.name).toMatch(/InputError/);
  expect(err.message).toContain('mystery-shopper.config.json at chat.patterns.misunderstood: expected a pattern (an empty one would match every message)');
});

/**
 * Every message the demo company's chat sends (fixtures/acme/chat/conversation.ts), as written
 * there, with who sends it, a filled-in example, and what the default patterns must make of it.
 * Agent messages are not read by the patterns (an agent speaking is what counts), so they are only listed.
 */
const ACME_MESSAGES: Record<string, [ChatAuthor, string, string[]]> = {
  'Our chat is closed at the moment. Leave a message.': ['system', 'Our chat is closed at the moment. Leave a message.', ['unavailable (no time)']],
  "Hi! I'm Acme's assistant. Ask me about an order or a return, or ask for a person.": ['bot', "Hi! I'm Acme's assistant. Ask me about an order or a return, or ask for a person.", []],
  'You ended the chat.': ['system', 'You ended the chat.', []],
  "I'm sorry, I can't put you through. I can help you with orders and returns.": ['bot', "I'm sorry, I can't put you through. I can help you with orders and returns.", []],
  "I'll put you through to a colleague.": ['bot', "I'll put you through to a colleague.", []],
  // The bot-loop knob's answer.
  "Sorry, I didn't get that. Could you rephrase?": ['bot', "Sorry, I didn't get that. Could you rephrase?", ['misunderstood']],
  'I can check that. What is your order number?': ['bot', 'I can check that. What is your order number?', []],
  'You can return anything within 30 days of delivery. Start a return on our Returns page and we will email you a free label.': [
    'bot',
    'You can return anything within 30 days of delivery. Start a return on our Returns page and we will email you a free label.',
    [],
  ],
  'Hello! How can I help you today?': ['bot', 'Hello! How can I help you today?', []],
  "Sorry, I didn't get that. You can ask about an order or a return, or ask for a person.": [
    'bot',
    "Sorry, I didn't get that. You can ask about an order or a return, or ask for a person.",
    ['misunderstood'],
  ],
  'Order ${order.number} is ${order.status.toLowerCase()} and ships by ${order.shipping}.': ['bot', 'Order A10042 is shipped and ships by express.', []],
  "I can't find order ${number} from here. Ask for a person and a colleague will look into it.": ['bot', "I can't find order A99999 from here. Ask for a person and a colleague will look into it.", []],
  'Please choose standard shipping, express shipping or store pickup.': ['bot', 'Please choose standard shipping, express shipping or store pickup.', []],
  'That does not look like an email address. Could you check it?': ['bot', 'That does not look like an email address. Could you check it?', []],
  'Happy to help you order the ${d.product.name}. Standard shipping, express shipping or store pickup?': ['bot', 'Happy to help you order the Barista Pro. Standard shipping, express shipping or store pickup?', []],
  'The ${d.product.name} with ${d.shipping} shipping. What name should the order be under?': ['bot', 'The Barista Pro with express shipping. What name should the order be under?', []],
  'What email address should we send the confirmation to?': ['bot', 'What email address should we send the confirmation to?', []],
  'And the delivery address (street, city and postcode)?': ['bot', 'And the delivery address (street, city and postcode)?', []],
  'Done! Your order ${order.number} for the ${d.product.name} with ${d.shipping} shipping is placed. You will find it under My orders.': [
    'bot',
    'Done! Your order A10043 for the Barista Pro with express shipping is placed. You will find it under My orders.',
    [],
  ],
  'You are number ${pos} in the queue.': ['system', 'You are number 3 in the queue.', ['queue 3']],
  '${this.agent} joined the chat.': ['system', 'Priya joined the chat.', ['agent-joined Priya']],
  '${this.agent} left the chat.': ['system', 'Priya left the chat.', []],
  'Hi, ${this.agent} here. I have read your chat so far.': ['agent', 'Hi, Tom here. I have read your chat so far.', []],
  "Hi, I'm ${this.agent} from Acme. How can I help?": ['agent', "Hi, I'm Sam from Acme. How can I help?", []],
  'That is for another team. Let me transfer you to a colleague.': ['agent', 'That is for another team. Let me transfer you to a colleague.', []],
  'I can look into that for you. Could you give me your order number?': ['agent', 'I can look into that for you. Could you give me your order number?', []],
  'Thanks. Order ${order.number} is ${order.status.toLowerCase()}; it ships by ${order.shipping}.': ['agent', 'Thanks. Order A10042 is shipped; it ships by express.', []],
  'Thanks. I have checked order ${number}: it left our warehouse yesterday and should arrive within 2 days.': [
    'agent',
    'Thanks. I have checked order A10042: it left our warehouse yesterday and should arrive within 2 days.',
    [],
  ],
};

/** The sentences the demo's conversation code writes: its string literals that end a sentence. */
function acmeSentences(): string[] {
  const source = readFileSync(new URL('../../fixtures/acme/chat/conversation.ts', import.meta.url), 'utf8');
  return [...source.matchAll(/(['"`])((?:\\.|(?!\1)[^\\\n])*?[.?!])\1/g)].map((m) => m[2]);
}

test("every message of the demo company's chat is listed here, with an example that fits it", () => {
  expect(acmeSentences().sort()).toEqual(Object.keys(ACME_MESSAGES).sort());
  for (const [written, [, example]] of Object.entries(ACME_MESSAGES)) {
    const shape = new RegExp(`^${written.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{[^}]*\}/g, '.+')}$`);
    expect(example, written).toMatch(shape);
  }
});

test("the default patterns read the demo company's chat as before: its bot loop, queue, joins and closed notice", () => {
  for (const [, [author, text, want]] of Object.entries(ACME_MESSAGES)) {
    // One message alone: an agent's first message is its join, so only bot and system ones are read.
    if (author === 'agent') continue;
    const got = eventsOf([[author, text]]).map((e) =>
      e.kind === 'queue' ? `queue ${e.position}` : e.kind === 'agent-joined' ? `agent-joined ${e.agent}` : e.kind === 'unavailable' ? `unavailable (${e.statesTime ? 'time' : 'no time'})` : e.kind,
    );
    expect(got, text).toEqual(want);
  }
  // Agents' words never touch the patterns: a conversation with one agent is one join, whatever they say.
  const agentLines = Object.values(ACME_MESSAGES).filter(([author]) => author === 'agent').map(([, text]): [ChatAuthor, string, string] => ['agent', text, 'Sam']);
  expect(eventsOf(agentLines).map((e) => e.kind)).toEqual(['agent-joined']);
});
