import { defineChannel, type ChannelDef, type RepeatedAsk } from '../define.ts';
import { chatActions } from './actions.ts';
import { chatChannel } from './channel.ts';
import { ACME_CHAT_PROFILE, ChatProfile } from './profile.ts';
import { ChatLog, ChatSummary } from './record.ts';
import { chatRepeats, questionsIn } from './repeats.ts';
import { chatSummary } from './summary.ts';
import { chatView } from './view.ts';
import botLoop from './rules/bot-loop.ts';
import chatUnavailable from './rules/chat-unavailable.ts';
import noHumanEscalation from './rules/no-human-escalation.ts';
import queueWait from './rules/queue-wait.ts';
import slowFirstReply from './rules/slow-first-reply.ts';
import slowReply from './rules/slow-reply.ts';
import transfer from './rules/transfer.ts';

/** What the chat channel makes of a transcript, once, for its rules and the scorecard. */
export interface ChatAnalysis {
  /** Questions the bot and agents asked the customer. */
  questionsAsked: number;
  /** What they asked again (rule repeated-question, with its `minOverlap`). */
  repeats: RepeatedAsk[];
}

const DEFAULT_MIN_OVERLAP = 0.6;

const ChatConfig = ChatProfile.default(ACME_CHAT_PROFILE);

/** Chat: a widget on the page (docs/chat.md). Typed out: the run record's type is built from it. */
export const chat: ChannelDef<'chat', typeof ChatConfig, typeof ChatLog, typeof ChatSummary, ChatAnalysis> = defineChannel({
  ...chatChannel,
  name: 'chat',
  config: ChatConfig,
  record: ChatLog,
  summary: ChatSummary,
  actions: chatActions,
  rules: [chatUnavailable, noHumanEscalation, botLoop, slowFirstReply, slowReply, queueWait, transfer],
  analyse: (log, options): ChatAnalysis => {
    const minOverlap = options['repeated-question']?.minOverlap;
    return {
      questionsAsked: log.messages.filter((m) => m.author === 'bot' || m.author === 'agent').reduce((n, m) => n + questionsIn(m.text).length, 0),
      repeats: chatRepeats(log, typeof minOverlap === 'number' ? minOverlap : DEFAULT_MIN_OVERLAP),
    };
  },
  summarise: (log, _run, analysis) => chatSummary(log, analysis),
  view: { template: new URL('./view.hbs', import.meta.url), build: chatView },
});
