import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { formatMs } from '../../../model/duration.ts';
import { describeDeclared, WaitFields, waitRecord } from '../../wait.ts';
import { analysePhone, phoneAnalysisOptions } from '../analysis.ts';
import type { PhoneCall } from '../call.ts';
import { callFor, lastHeard, lineFailure, stoppedFailure } from '../outcomes.ts';
import { PHONE_CHANNEL } from '../record.ts';

const Args = z.object({ ...WaitFields }).strict().nullable();
type Args = z.infer<typeof Args>;

/**
 * How long the caller waited for the person at event `index`: for the call's first person, the
 * analysis's time to a person (what `slow-to-person` judges), from the call as recorded so far;
 * for a later one (a transfer), from the caller's last key or words before the hand-over.
 */
function timeToPerson(call: PhoneCall, index: number): number {
  // The time to a person does not depend on the rules' patterns: the defaults do.
  const [a] = analysePhone({ calls: [call.record()] }, phoneAnalysisOptions({})).calls;
  if (a?.personEventIndex === index && a.timeToPersonMs !== undefined) return a.timeToPersonMs;
  const input = call.events.slice(0, index).filter((e) => e.kind === 'press' || e.kind === 'speech').at(-1);
  const askedAt = input ? input.atMs + (input.durationMs ?? 0) : 0;
  return Math.max(0, call.events[index].atMs - askedAt);
}

export default defineAction({
  name: 'phone.expectPerson',
  summary:
    "Wait until the call is handed to a person (a dial to a number, client or SIP address): the call goes on meanwhile (answers, queues, menus timing out with no input), up to the customer's patience on the call's clock. Write `phone.expectPerson: {}`.",
  args: Args,
  describe: (a: Args) => `phone.expectPerson${describeDeclared(a ?? {})}`,
  async execute(ctx, a: Args) {
    const call = callFor(ctx, 'phone.expectPerson');
    const from = call.events.length;
    const giveUpAt = call.clock() + ctx.patienceMs;
    await call.keepGoingUntil(() => call.personAfter(call.personFrom) !== undefined, ctx.patienceMs);
    // A stopped audit is no wait the customer sat out: nothing is recorded of it.
    const stopped = stoppedFailure(call);
    if (stopped) throw stopped;
    const person = call.personAfter(call.personFrom);
    const reached = person !== undefined && person.event.atMs <= giveUpAt;
    ctx.recordWait(
      waitRecord({
        action: 'phone.expectPerson',
        channel: PHONE_CHANNEL,
        withinMs: a?.within,
        patienceMs: ctx.patienceMs,
        ...(reached ? { tookMs: timeToPerson(call, person.index) } : {}),
      }),
    );
    if (reached) {
      call.personFrom = person.index + 1;
      return;
    }
    const broke = lineFailure(call, from);
    if (broke) throw broke;
    throw new StepFailure('expectation', `Expected to reach a person within ${formatMs(ctx.patienceMs)}, but ${call.whereNow()}; the line said: ${lastHeard(call)}.`);
  },
});
