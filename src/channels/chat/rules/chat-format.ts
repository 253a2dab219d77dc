import { quoteMessage, type ChatLog, type ChatMessage } from '../record.ts';
import type { RunRecord } from '../../../model/run-record.ts';

/** Transcript lines as evidence, by transcript index, in order, without duplicates. */
export function quote(log: ChatLog, indices: Array<number | undefined>): string[] {
  const wanted = [...new Set(indices.filter((i): i is number => i !== undefined))].sort((a, b) => a - b);
  return wanted.map((i) => log.messages[i]).filter((m): m is ChatMessage => m !== undefined).map(quoteMessage);
}

/** The chat said it is closed or nobody is available: the timing rules leave that to chat-unavailable. */
export const wasUnavailable = (run: RunRecord): boolean => (run.channels?.chat?.events ?? []).some((e) => e.kind === 'unavailable');

