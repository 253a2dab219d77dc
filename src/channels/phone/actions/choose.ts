import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { callFor, gaveUpFailure, lastHeard, lineFailure, stoppedFailure } from '../outcomes.ts';

export default defineAction({
  name: 'phone.choose',
  summary:
    "Listen to the menu's options and press the key of the one that matches (e.g. `phone.choose: returns`), again at each following menu that offers a match, the way a caller finds their way through a deep IVR.",
  args: z.string().min(1).describe("The option the customer wants, in the menu's words: text (case-insensitive) or /regex/flags"),
  describe: (topic: string) => `phone.choose "${topic}"`,
  async execute(ctx, topic: string) {
    const call = callFor(ctx, 'phone.choose');
    if (call.state !== 'menu') throw new StepFailure('expectation', `Wanted the menu option for '${topic}', but no menu was waiting: ${call.whereNow()}. The line had said ${lastHeard(call)}.`);
    const from = call.events.length;
    const result = await call.choose(topic, ctx.patienceMs);
    ctx.interactions.keystrokes += result.chosen.reduce((n, o) => n + o.key.length, 0);
    const pressed = result.chosen.map((o) => o.key).join(', then ');
    const failure = stoppedFailure(call) ?? lineFailure(call, from) ?? gaveUpFailure(call, from, `Chose '${topic}'${pressed ? ` (pressed ${pressed})` : ''}`);
    if (failure) throw failure;
    if (!result.chosen.length) {
      const offered = result.offered.length ? ` (options: ${result.offered.map((o) => `${o.key} ${o.says}`).join('; ')})` : '';
      throw new StepFailure('expectation', `The menu offers no option for '${topic}'; it said: “${result.prompt}”${offered}.`);
    }
  },
});
