import type { ChatAnalysis } from './definition.ts';
import type { ChatLog, ChatSummary } from './record.ts';

/** Longest chat message kept in the scorecard; the full text is in runs.jsonl. */
export const CHAT_TEXT_MAX = 1000;

/** The run's chat for the scorecard: metrics at a glance and the transcript with reply times. */
export function chatSummary(log: ChatLog, analysis: ChatAnalysis): ChatSummary {
  const turnOf = new Map(log.turns.map((t) => [t.messageIndex, t]));
  const waits = log.turns.map((t) => t.replyMs ?? t.waitedMs);
  const queued = log.events.find((e) => e.kind === 'queue');
  const joined = queued ? log.events.find((e) => e.kind === 'agent-joined' && e.messageIndex > queued.messageIndex) : undefined;
  const first = log.turns[0];
  return {
    metrics: {
      messages: log.messages.length,
      ...(first ? { firstReplyMs: first.replyMs ?? first.waitedMs } : {}),
      ...(waits.length ? { longestWaitMs: Math.max(...waits) } : {}),
      ...(queued ? { queueMs: (joined?.atMs ?? log.endedAtMs) - queued.atMs } : {}),
      transfers: log.events.filter((e) => e.kind === 'transfer').length,
      questionsAsked: analysis.questionsAsked,
      repeats: analysis.repeats.length,
    },
    lines: log.messages.map((m) => {
      const turn = turnOf.get(m.index);
      return {
        author: m.author,
        ...(m.name ? { name: m.name } : {}),
        text: m.text.length > CHAT_TEXT_MAX ? `${m.text.slice(0, CHAT_TEXT_MAX - 1)}…` : m.text,
        atMs: m.atMs,
        ...(m.stepIndex !== undefined ? { stepIndex: m.stepIndex } : {}),
        ...(turn?.replyMs !== undefined ? { replyMs: turn.replyMs } : {}),
        ...(turn && turn.replyMs === undefined ? { unanswered: true } : {}),
      };
    }),
  };
}
