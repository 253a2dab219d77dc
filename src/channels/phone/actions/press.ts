import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { callFor, gaveUpFailure, lastHeard, lineFailure, stoppedFailure } from '../outcomes.ts';

/** Phone keys as a journey writes them: digits, * and #, or a template that renders to them (`{{persona.order}}#`). */
export const Keys = z.union([
  z.string().regex(/^(?:[0-9*#]|\{\{[^}]*\}\})+$/, 'expected phone keys: digits, * and # (e.g. "2" or "10042#")'),
  z.number().int().nonnegative(),
]);

/** The keys, once templated: digits, * and # only. */
export function keysOf(value: string | number, action: string): string {
  const keys = String(value);
  if (!/^[0-9*#]+$/.test(keys)) throw new StepFailure('action', `${action} takes the keys 0-9, * and #; got “${keys}”.`);
  return keys;
}

export default defineAction({
  name: 'phone.press',
  summary: 'Press keys on the phone at the menu waiting for them (e.g. `phone.press: "2"`, `phone.press: "{{persona.order}}#"`), and hear what the IVR says next.',
  args: Keys.describe('The keys: digits, * and #'),
  describe: (keys: string | number) => `phone.press ${keys}`,
  async execute(ctx, value: string | number) {
    const keys = keysOf(value, 'phone.press');
    const call = callFor(ctx, 'phone.press');
    const from = call.events.length;
    const heard = lastHeard(call);
    const result = await call.press(keys, ctx.patienceMs);
    if (!result.taken) throw new StepFailure('expectation', `Pressed ${keys}, but no menu was listening for keys: ${result.why}. The line had said ${heard}.`);
    ctx.interactions.keystrokes += keys.length;
    const failure = stoppedFailure(call) ?? lineFailure(call, from) ?? gaveUpFailure(call, from, `Pressed ${keys}`);
    if (failure) throw failure;
  },
});
