import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { formatMs } from '../../../model/duration.ts';
import { describeDeclared, WaitFields, waitRecord } from '../../wait.ts';
import { callFor, lastHeard, lineFailure, PHONE_CHANNEL } from '../session.ts';

const Args = z.object({ ...WaitFields }).strict().nullable();
type Args = z.infer<typeof Args>;

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
    const person = call.personAfter(call.personFrom);
    const reached = person !== undefined && person.event.atMs <= giveUpAt;
    // From the caller's last key or words before the hand-over (their request), else from the start of the call.
    const input = person ? call.events.slice(0, person.index).filter((e) => e.kind === 'press' || e.kind === 'speech').at(-1) : undefined;
    const askedAt = input ? input.atMs + (input.durationMs ?? 0) : 0;
    ctx.recordWait(
      waitRecord({
        action: 'phone.expectPerson',
        channel: PHONE_CHANNEL,
        withinMs: a?.within,
        patienceMs: ctx.patienceMs,
        ...(reached ? { tookMs: Math.max(0, person.event.atMs - askedAt) } : {}),
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
