// What the phone actions tell the customer about a call (the line failed, they gave up, the audit
// stopped), and the provider's words: light on purpose, so loading the actions (validate, list)
// does not load the call driver, which the session loads when an audit starts.
import { StepFailure } from '../action.ts';
import { formatMs } from '../../model/duration.ts';
import type { PhoneCall } from './call.ts';
import type { PhoneSession } from './session.ts';
import { PHONE_CHANNEL } from './record.ts';

/** What a caller hears when the voice webhook fails: the provider's own words. */
export const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.';

/** The URL without its login (`https://user:pass@host/x` → `https://host/x`): what may be recorded or shown. */
export function withoutLogin(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(/(\/\/)[^\s/@]*@/g, '$1');
  }
  if (!u.username && !u.password) return url;
  u.username = '';
  u.password = '';
  return u.href;
}

/** The call an action acts on, or the failure a journey without one meets. */
export function callFor(ctx: { session<T>(channel: string): T }, action: string): PhoneCall {
  const call = ctx.session<PhoneSession>(PHONE_CHANNEL).current;
  if (!call) throw new StepFailure('action', `${action} needs a call: add phone.call before it.`);
  return call;
}

/**
 * The line broke during the action (the webhook failed, the call was rejected): what the customer
 * met, as a failed step. Other endings (the company hanging up) are for the rules to judge.
 */
export function lineFailure(call: PhoneCall, fromEvent: number): StepFailure | undefined {
  const ending = call.events.slice(fromEvent).find((e) => e.kind === 'error' || e.kind === 'reject');
  if (!ending) return undefined;
  if (ending.kind === 'reject') return new StepFailure('navigation', `The call was rejected (${ending.text ?? 'rejected'}).`);
  return new StepFailure('navigation', `The call failed: the line said “${APPLICATION_ERROR}” (${ending.text}).`);
}

/**
 * The caller ran out of patience during the action and hung up: what they did, how long they
 * waited, what the line was doing and what it last said, as a timed-out step.
 */
export function gaveUpFailure(call: PhoneCall, fromEvent: number, did: string): StepFailure | undefined {
  const g = call.gaveUp;
  if (!g || g.eventIndex < fromEvent) return undefined;
  const words = call.lastWords();
  const said = words ? `“${words.length > 200 ? `…${words.slice(-199)}` : words}”` : 'nothing';
  return new StepFailure('timeout', `${did}, waited ${formatMs(g.afterMs)} and hung up: ${g.why}. The line last said ${said}.`);
}

/** The audit was stopped (or the run ended) during the action: nothing the customer met, and nothing the line did wrong. */
export function stoppedFailure(call: PhoneCall): StepFailure | undefined {
  return call.stopped ? new StepFailure('harness', 'The audit was stopped during the call.') : undefined;
}

/** The last words the caller heard, for messages: “…” quoted, or that the line was silent. */
export function lastHeard(call: PhoneCall, max = 200): string {
  const words = call.heardSinceInput();
  if (!words) return 'nothing';
  return `“${words.length > max ? `…${words.slice(-max + 1)}` : words}”`;
}
