import { z } from 'zod';
import { truncate } from '../../report/format.ts';
import { CallRecord, type PhoneLog } from './record.ts';
import { describeEvent, type PhoneAnalysis } from './analysis.ts';

/** Longest transcript text kept in the scorecard; the whole call is in runs.jsonl. */
const CALL_TEXT_MAX = 600;

/** A call at a glance, for the scorecard: the numbers a service leader asks about first. */
export const CallMetrics = z.object({
  /** How long the call lasted on the caller's clock, ms. */
  durationMs: z.number().nonnegative(),
  /** Distinct menus the caller got through (answered, or sat through in silence) before a queue, a person or the end of the call. */
  menus: z.number().int().nonnegative(),
  /** Time listening to prompts, recordings and menu silences (outside queues and holds), ms. */
  listeningMs: z.number().nonnegative(),
  /** Time in a queue before the first person, ms. */
  queueMs: z.number().nonnegative(),
  /** From asking for a person to one answering, ms; absent when none did. */
  timeToPersonMs: z.number().nonnegative().optional(),
  /** On hold after a person answered, ms. */
  holdMs: z.number().nonnegative(),
  transfers: z.number().int().nonnegative(),
  /** Entries the caller had to key in again. */
  repeats: z.number().int().nonnegative(),
});
export type CallMetrics = z.infer<typeof CallMetrics>;

export const CallSummary = z.object({
  from: z.string(),
  to: z.string(),
  ended: CallRecord.shape.ended,
  metrics: CallMetrics,
  /** The transcript: what the line said and played, what the caller pressed and said, what happened to the call. */
  lines: z.array(
    z.object({
      atMs: z.number(),
      durationMs: z.number().optional(),
      who: z.enum(['line', 'caller', 'call']),
      text: z.string(),
      stepIndex: z.number().int().nonnegative().optional(),
    }),
  ),
});
export type CallSummary = z.infer<typeof CallSummary>;

/** One run's calls in the scorecard. */
export const PhoneSummary = z.object({ calls: z.array(CallSummary) });
export type PhoneSummary = z.infer<typeof PhoneSummary>;


/** The run's calls for the scorecard, metrics from the phone analysis (computed once, with the configured options). */
export function phoneSummary(log: PhoneLog, analysis: PhoneAnalysis): PhoneSummary {
  return {
    calls: log.calls.map((call, i) => {
      const a = analysis.calls.find((c) => c.callIndex === i);
      const m = a?.metrics;
      return {
        from: call.from,
        to: call.to,
        ended: call.ended,
        metrics: {
          durationMs: call.endedAtMs,
          menus: m?.menus ?? 0,
          listeningMs: m?.listeningMs ?? 0,
          queueMs: m?.queueMs ?? 0,
          ...(m?.timeToPersonMs !== undefined ? { timeToPersonMs: m.timeToPersonMs } : {}),
          holdMs: m?.holdMs ?? 0,
          transfers: m?.transfers ?? 0,
          repeats: a?.repeats.length ?? 0,
        },
        lines: call.events.map((e) => {
          const { who, text } = describeEvent(e);
          return {
            atMs: e.atMs,
            ...(e.durationMs !== undefined ? { durationMs: e.durationMs } : {}),
            who,
            text: truncate(text, CALL_TEXT_MAX),
            ...(e.stepIndex !== undefined ? { stepIndex: e.stepIndex } : {}),
          };
        }),
      };
    }),
  };
}
