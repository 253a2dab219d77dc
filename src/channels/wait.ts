import { z } from 'zod';
import { DURATION_PATTERN, formatMs, parseDuration } from '../model/duration.ts';
import type { WaitRecord } from '../model/run-record.ts';

/**
 * A duration in a journey: ms as a number, or human words (`30s`, `15m`, `24h`, `1d`, `1h30m`).
 * Parsed here, once, so every action and the runner see ms.
 */
export const Duration = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(DURATION_PATTERN, 'expected ms as a number, or a duration such as 30s, 15m, 24h or 1d')
    .transform((text) => parseDuration(text) as number)
    .refine((ms) => ms > 0, 'expected a duration longer than 0'),
], { error: 'expected ms as a number, or a duration such as 30s, 15m, 24h or 1d' });

/**
 * `within` and `patience`, for every action that waits (expect, waitFor, check, email.expect,
 * chat.expectReply…). `within` is what the customer should have to wait (the budget): later is a
 * slow finding and the run goes on. `patience` is how long they keep waiting: only past it is the
 * thing missing. The runner gives a declared wait its full time, whatever the journey timeout.
 */
export const WaitFields = {
  within: Duration.optional().describe(
    'What the customer should have to wait at most, ms or a duration such as `30s`, `24h` (the budget): later is a slow finding, and the journey goes on',
  ),
  patience: Duration.optional().describe(
    "How long the customer keeps waiting, ms or a duration such as `15m`, `2d` (default: the config's patienceMs, or `within` when longer): only past it is it missing. An email wait longer than the config's waitInAuditMs is finished by `resume`",
  ),
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
  /** Nothing yet, and the customer's patience outlasts the audit: `resume` finishes it. */
  pending?: boolean;
}): WaitRecord {
  const elapsed = w.elapsedMs ?? w.tookMs;
  return {
    action: w.action,
    ...(w.channel ? { channel: w.channel } : {}),
    ...(w.withinMs !== undefined ? { withinMs: w.withinMs } : {}),
    patienceMs: w.patienceMs,
    ...(w.tookMs !== undefined ? { tookMs: w.tookMs } : {}),
    outcome: w.pending ? 'pending' : elapsed === undefined ? 'missing' : w.withinMs !== undefined && elapsed > w.withinMs ? 'late' : 'in-time',
  };
}

// Short waits keep their exact ms in labels; hours read as hours.
const shown = (ms: number): string => (ms >= 60_000 ? formatMs(ms) : `${ms} ms`);

/** " within 3 s", " within 3 s (patience 1 min)" or nothing, for action labels. */
export function describeDeclared({ within, patience }: { within?: number; patience?: number }): string {
  return `${within !== undefined ? ` within ${shown(within)}` : ''}${patience !== undefined ? ` (patience ${shown(patience)})` : ''}`;
}
