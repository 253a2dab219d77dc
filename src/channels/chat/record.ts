import { z } from 'zod';
import { formatMs } from '../../model/duration.ts';

/** Who wrote a chat message, as the widget marks it (mapped through the chat profile). */
export const ChatAuthor = z.enum(['customer', 'bot', 'agent', 'system']);
export type ChatAuthor = z.infer<typeof ChatAuthor>;

export const ChatMessage = z.object({
  /** 0-based position in the transcript. */
  index: z.number().int().nonnegative(),
  author: ChatAuthor,
  /** The name the widget shows for the author (an agent's name, the bot's name), if any. */
  name: z.string().optional(),
  text: z.string(),
  /** When the message appeared, ms since the chat opened (the customer's clock). */
  atMs: z.number(),
  /** The journey step running when it appeared. */
  stepIndex: z.number().int().nonnegative().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** One customer message and how long the service side took to answer it. */
export const ChatTurn = z.object({
  /** 1-based number of the customer's message in this chat. */
  turn: z.number().int().positive(),
  /** Transcript index of the customer's message. */
  messageIndex: z.number().int().nonnegative(),
  /** When the customer pressed send, ms since the chat opened. */
  sentAtMs: z.number(),
  stepIndex: z.number().int().nonnegative().optional(),
  /** Transcript index of the reply: the one the journey waited for (chat.expectReply `matches`), else the next bot or agent message. */
  replyIndex: z.number().int().nonnegative().optional(),
  /** Time from sending to that reply, ms; absent when none came. */
  replyMs: z.number().optional(),
  /** What the journey said the answer should take at most (chat.expectReply `within`), ms; the rules' budget otherwise. */
  budgetMs: z.number().optional(),
  /** How long the customer was seen waiting without an answer (until the chat was closed or the run ended), ms. */
  waitedMs: z.number(),
});
export type ChatTurn = z.infer<typeof ChatTurn>;

/** What the profile's patterns recognised in the transcript. */
export const ChatEvent = z.object({
  kind: z.enum(['queue', 'agent-joined', 'transfer', 'unavailable', 'misunderstood']),
  messageIndex: z.number().int().nonnegative(),
  atMs: z.number(),
  stepIndex: z.number().int().nonnegative().optional(),
  /** queue: the position announced. */
  position: z.number().int().optional(),
  /** agent-joined / transfer: the agent who joined (transfer: and who left). */
  agent: z.string().optional(),
  from: z.string().optional(),
  /** unavailable: whether the notice says when someone will answer. */
  statesTime: z.boolean().optional(),
});
export type ChatEvent = z.infer<typeof ChatEvent>;

export const ChatLog = z.object({
  /** When the chat opened, ms on the run's clock. */
  openedAtMs: z.number(),
  /** The step that opened it. */
  openedInStep: z.number().int().nonnegative().optional(),
  /** When the customer closed it, ms since it opened; absent when the run ended with it open. */
  closedAtMs: z.number().optional(),
  /** How long the recording lasted, ms since the chat opened. */
  endedAtMs: z.number(),
  messages: z.array(ChatMessage),
  turns: z.array(ChatTurn),
  events: z.array(ChatEvent),
});
export type ChatLog = z.infer<typeof ChatLog>;

/** One transcript line as evidence: `[12.3 s] agent Sam: Could you give me your order number?` */
export function quoteMessage(m: ChatMessage): string {
  const who = m.author === 'customer' ? 'customer' : `${m.author}${m.name ? ` ${m.name}` : ''}`;
  return `[${formatMs(m.atMs)}] ${who}: ${m.text}`;
}

/** A chat at a glance, for the scorecard: the numbers a service leader asks about first. */
export const ChatMetrics = z.object({
  messages: z.number().int().nonnegative(),
  /** Time to the first bot or agent answer to the customer's first message, ms. */
  firstReplyMs: z.number().optional(),
  /** The longest the customer waited for an answer to any of their messages, ms. */
  longestWaitMs: z.number().optional(),
  /** From the first queue position to an agent joining (or the end), ms. */
  queueMs: z.number().optional(),
  transfers: z.number().int().nonnegative(),
  /** Questions the bot and agents asked the customer. */
  questionsAsked: z.number().int().nonnegative(),
  /** Questions asked again, or asking for what the customer had already said. */
  repeats: z.number().int().nonnegative(),
});
export type ChatMetrics = z.infer<typeof ChatMetrics>;

/** One run's chat in the scorecard: the transcript (texts cut to a length) with per-turn timings. */
export const ChatSummary = z.object({
  metrics: ChatMetrics,
  lines: z.array(
    z.object({
      author: ChatAuthor,
      name: z.string().optional(),
      text: z.string(),
      atMs: z.number(),
      stepIndex: z.number().int().nonnegative().optional(),
      /** On a customer's line: how long the answer took (absent when none came). */
      replyMs: z.number().optional(),
      /** On a customer's line: no answer came. */
      unanswered: z.boolean().optional(),
    }),
  ),
});
export type ChatSummary = z.infer<typeof ChatSummary>;
