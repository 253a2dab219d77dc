import { z } from 'zod';
import type { WaitRecord } from '../model/run-record.ts';

/**
 * `within` and `patience`, for every action that waits (expect, waitFor, check, email.expect,
 * chat.expectReply…). `within` is what the customer should have to wait (the budget): later is a
 * slow finding and the run goes on. `patience` is how long they keep waiting: only past it is the
 * thing missing. The runner gives a declared wait its full time, whatever the journey timeout.
 */
export const WaitFields = {
  within: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('What the customer should have to wait at most, ms (the budget): later is a slow finding, and the journey goes on'),
  patience: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("How long the customer keeps waiting, ms (default: the config's patienceMs, or `within` when longer): only past it is it missing"),
};

export interface DeclaredWait {
  withinMs?: number;
  patienceMs?: number;
}

/** The `within`/`patience` an action's args declare, if any. */
export function declaredWait(args: unknown): DeclaredWait {
  if (!args || typeof args !== 'object') return {};
  const a = args as { within?: unknown; patience?: unknown };
  return {
    ...(typeof a.within === 'number' ? { withinMs: a.within } : {}),
    ...(typeof a.patience === 'number' ? { patienceMs: a.patience } : {}),
  };
}

/**
 * A wait as the step records it: missing when nothing came (`tookMs` absent), late when it came
 * after `within`. `elapsedMs` is how long the customer had been waiting by then, when that began
 * before this action (an email counts from the exchange that set it off); default `tookMs`.
 */
export function waitRecord(w: {
  action: string;
  patienceMs: number;
  withinMs?: number;
  tookMs?: number;
  elapsedMs?: number;
  channel?: WaitRecord['channel'];
}): WaitRecord {
  const elapsed = w.elapsedMs ?? w.tookMs;
  return {
    action: w.action,
    ...(w.channel ? { channel: w.channel } : {}),
    ...(w.withinMs !== undefined ? { withinMs: w.withinMs } : {}),
    patienceMs: w.patienceMs,
    ...(w.tookMs !== undefined ? { tookMs: w.tookMs } : {}),
    outcome: elapsed === undefined ? 'missing' : w.withinMs !== undefined && elapsed > w.withinMs ? 'late' : 'in-time',
  };
}

/** " within 3 s", " within 3 s (patience 1 min)" or nothing, for action labels. */
export function describeDeclared({ within, patience }: { within?: number; patience?: number }): string {
  return `${within !== undefined ? ` within ${within} ms` : ''}${patience !== undefined ? ` (patience ${patience} ms)` : ''}`;
}
