import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { formatMs } from '../../../model/duration.ts';
import { describeDeclared, WaitFields, waitRecord } from '../../wait.ts';
import { callFor, lastHeard, lineFailure, stoppedFailure } from '../outcomes.ts';
import { PHONE_CHANNEL } from '../record.ts';

const Args = z
  .object({
    matches: z.string().min(1).describe('What the customer should hear since their last key or words: text (case-insensitive) or /regex/flags'),
    ...WaitFields,
  })
  .strict();
type Args = z.infer<typeof Args>;

export default defineAction({
  name: 'phone.expectPrompt',
  summary:
    'Wait to hear words on the call since the customer last pressed or said something (e.g. `phone.expectPrompt: { matches: "your order" }`): the call goes on meanwhile (queues, menus timing out with no input), up to the customer\'s patience on the call\'s clock.',
  args: Args,
  describe: (a: Args) => `phone.expectPrompt "${a.matches}"${describeDeclared(a)}`,
  async execute(ctx, a: Args) {
    const call = callFor(ctx, 'phone.expectPrompt');
    const from = call.events.length;
    const giveUpAt = call.clock() + ctx.patienceMs;
    await call.keepGoingUntil(() => call.promptMatching(a.matches) !== undefined, ctx.patienceMs);
    // A stopped audit is no wait the customer sat out: nothing is recorded of it.
    const stopped = stoppedFailure(call);
    if (stopped) throw stopped;
    const prompt = call.promptMatching(a.matches);
    const endMs = prompt ? prompt.atMs + (prompt.durationMs ?? 0) : undefined;
    // A prompt that ends after the customer's patience (or that they hung up during) is one they did not stay to hear.
    const gaveUp = call.gaveUp !== undefined && call.gaveUp.eventIndex >= from;
    const heard = endMs !== undefined && endMs <= giveUpAt && !gaveUp;
    ctx.recordWait(
      waitRecord({
        action: `phone.expectPrompt "${a.matches}"`,
        channel: PHONE_CHANNEL,
        withinMs: a.within,
        patienceMs: ctx.patienceMs,
        ...(heard ? { tookMs: Math.max(0, endMs - call.lastInputEndMs()) } : {}),
      }),
    );
    if (heard) return;
    const broke = lineFailure(call, from);
    if (broke) throw broke;
    throw new StepFailure('expectation', `Expected to hear “${a.matches}” within ${formatMs(ctx.patienceMs)}; the line said: ${lastHeard(call)}, and ${call.whereNow()}.`);
  },
});
