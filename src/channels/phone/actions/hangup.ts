import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { callFor } from '../outcomes.ts';

export default defineAction({
  name: 'phone.hangup',
  summary: 'The customer hangs up the call. Write `phone.hangup: {}`.',
  args: z.object({}).strict().nullable(),
  describe: () => 'phone.hangup',
  async execute(ctx) {
    callFor(ctx, 'phone.hangup').hangup();
  },
});
