import type { RunSummary } from '../../model/scorecard.ts';
import type { ChatSummary } from './record.ts';
import { formatMs, stepLabel } from '../../report/format.ts';

export interface ChatLineView {
  author: string;
  who: string;
  text: string;
  at: string;
  step?: string;
  reply?: string;
  unanswered: boolean;
}

export interface ChatView {
  run: string;
  metrics: Array<{ label: string; value: string }>;
  lines: ChatLineView[];
}

/** The chat of one run (the one the journey shows): metrics and the transcript with reply times. */
export function chatView(chat: ChatSummary, run: RunSummary): ChatView {
  const m = chat.metrics;
  const longest = m.longestWaitMs;
  return {
    run: `${run.persona} #${run.repeat}`,
    metrics: [
      { label: 'First reply', value: m.firstReplyMs === undefined ? '–' : formatMs(m.firstReplyMs) },
      { label: 'Longest wait', value: longest === undefined ? '–' : formatMs(longest) },
      { label: 'Queue', value: m.queueMs === undefined ? '–' : formatMs(m.queueMs) },
      { label: 'Transfers', value: String(m.transfers) },
      { label: 'Questions asked', value: String(m.questionsAsked) },
      { label: 'Repeats', value: String(m.repeats) },
    ],
    lines: chat.lines.map((l) => {
      const step = stepLabel(run, l.stepIndex);
      return {
        author: l.author,
        who: l.author === 'customer' ? 'Customer' : `${l.author === 'bot' ? 'Bot' : l.author === 'agent' ? 'Agent' : 'Notice'}${l.name ? ` · ${l.name}` : ''}`,
        text: l.text,
        at: formatMs(l.atMs),
        ...(step ? { step } : {}),
        ...(l.replyMs !== undefined ? { reply: formatMs(l.replyMs) } : {}),
        unanswered: l.unanswered === true,
      };
    }),
  };
}
