import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { callFor, gaveUpFailure, lastHeard, lineFailure, stoppedFailure } from '../outcomes.ts';

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

export default defineAction({
  name: 'phone.say',
  summary: 'Speak to the IVR at a menu that listens for words (e.g. `phone.say: I want to return an item`), and hear what it says next.',
  args: z.string().min(1).describe('What the customer says'),
  describe: (text: string) => `phone.say "${short(text)}"`,
  async execute(ctx, text: string) {
    const call = callFor(ctx, 'phone.say');
    const from = call.events.length;
    const heard = lastHeard(call);
    const result = await call.say(text, ctx.patienceMs);
    if (!result.taken) throw new StepFailure('expectation', `Said “${short(text)}”, but no menu was listening for words: ${result.why}. The line had said ${heard}.`);
    const failure = stoppedFailure(call) ?? lineFailure(call, from) ?? gaveUpFailure(call, from, `Said “${short(text)}”`);
    if (failure) throw failure;
  },
});
