import { z } from 'zod';

/** The channel's name: its record is `run.channels.phone`, its analysis `ctx.analysis.phone`, its actions `phone.*`. */
export const PHONE_CHANNEL = 'phone';

/**
 * What the caller met on one call, in order: what they heard (and for how long), what they
 * pressed or said, queues, hand-overs, and how the call ended. Times are on the call's clock:
 * ms since the call was placed, counting the listening time of every prompt (see clock.ts).
 */
export const CallEvent = z.object({
  /** When it began, ms since the call was placed (the customer's clock). */
  atMs: z.number().nonnegative(),
  /** How long it lasted for the caller, ms (a prompt's listening time, a hold, a silence). */
  durationMs: z.number().nonnegative().optional(),
  /** The journey step running when it happened. */
  stepIndex: z.number().int().nonnegative().optional(),
  kind: z.enum([
    /** <Say>: words the caller heard (`text`), `durationMs` from the speaking rate times `loop`. */
    'say',
    /** <Play>: recorded audio (`url`); `durationMs` from the file's header. */
    'play',
    /** <Pause>: silence. */
    'pause',
    /** <Gather>: the IVR waits for the caller's keys or words (`menu` says how). */
    'menu',
    /** The caller pressed keys (`text`: the digits, `finishOnKey` included when pressed). */
    'press',
    /** The caller spoke (`text`: the SpeechResult). */
    'speech',
    /** A <Gather> timed out: the caller said and pressed nothing for `durationMs`. */
    'no-input',
    /** <Enqueue>: the call joined a queue (`text`: the queue's name). */
    'enqueue',
    /** The caller left a queue (`text`: the QueueResult, e.g. `leave`, `hangup`). */
    'dequeue',
    /** <Dial>: a hand-over to a person or another line (`handover`). */
    'dial',
    /** <Redirect>: the IVR moved the call to other instructions (`url`). */
    'redirect',
    /** <Record>: the caller was asked to leave a message (voicemail). */
    'record',
    /** <Hangup> by the company, or phone.hangup by the caller (`by`). */
    'hangup',
    /** <Reject>: the call was refused (`text`: the reason). */
    'reject',
    /** A verb this tool does not play (`text`: its name); recorded, not fatal. */
    'unknown',
    /** The voice webhook failed (HTTP error, no answer, bad TwiML): `text` says how; the caller hears an error and is cut off. */
    'error',
  ]),
  text: z.string().optional(),
  /** The audio or instructions URL (Play, Redirect, the request that gave an error). */
  url: z.string().optional(),
  /** The 0-based number of the <Gather> (menu) this prompt belongs to, or this menu's number. */
  menuIndex: z.number().int().nonnegative().optional(),
  /** On `menu`: how the IVR listens. */
  menu: z
    .object({
      input: z.array(z.enum(['dtmf', 'speech'])),
      numDigits: z.number().int().positive().optional(),
      finishOnKey: z.string().optional(),
      timeoutMs: z.number().nonnegative(),
      /** Where the answer goes (the Gather's action, absolute). */
      action: z.string(),
      /** What identifies this menu when it comes again: its action and the words of its prompts. */
      key: z.string(),
    })
    .optional(),
  /** On `dial`: who the call was handed to. `person`: a person answers there (number, client, SIP), not a queue. */
  handover: z
    .object({
      kind: z.enum(['number', 'client', 'sip', 'queue', 'conference', 'other']),
      target: z.string(),
      person: z.boolean(),
    })
    .optional(),
  /** On `hangup`: who ended the call. */
  by: z.enum(['company', 'caller']).optional(),
});
export type CallEvent = z.infer<typeof CallEvent>;

export const CallRecord = z.object({
  /** The provider's id of the call, as sent to the webhook (`CallSid`). */
  callSid: z.string(),
  /** The voice webhook the call was placed to (redacted like every URL). */
  url: z.string(),
  from: z.string(),
  to: z.string(),
  /** When the call was placed, ms on the run's clock. */
  placedAtMs: z.number().nonnegative(),
  /** The step that placed it. */
  placedInStep: z.number().int().nonnegative().optional(),
  /** How long the call lasted on its own clock, ms. */
  endedAtMs: z.number().nonnegative(),
  /** How it ended; `open` when the run ended with the call still going. */
  ended: z.enum(['company-hung-up', 'caller-hung-up', 'rejected', 'error', 'open']),
  /** Webhook requests made (the first POST, each answer, each Redirect and queue wait). */
  requests: z.number().int().nonnegative(),
  events: z.array(CallEvent),
});
export type CallRecord = z.infer<typeof CallRecord>;

/** How each ending reads for a customer, in step messages and the scorecard alike. */
export const CALL_ENDINGS: Record<CallRecord['ended'], string> = {
  'company-hung-up': 'the line hung up',
  'caller-hung-up': 'the caller hung up',
  rejected: 'the line refused the call',
  error: 'the line failed',
  open: 'still open',
};

/** The phone channel's part of a run record: every call the journey placed. */
export const PhoneLog = z.object({ calls: z.array(CallRecord) });
export type PhoneLog = z.infer<typeof PhoneLog>;
