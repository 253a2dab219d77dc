import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { CHAT_CHANNEL, type ChatSession } from '../session.ts';

const Args = z.object({}).strict().nullable();

export default defineAction({
  name: 'chat.open',
  summary: "Open the chat widget with its launcher (the config's `chat` profile says where it is) and start recording the transcript. Write `chat.open: {}`.",
  args: Args,
  describe: () => 'chat.open',
  async execute(ctx) {
    const session = ctx.session<ChatSession>(CHAT_CHANNEL);
    ctx.interactions.clicks += 1;
    try {
      await session.open(ctx.patienceMs);
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      throw new StepFailure(/timeout/i.test(message) ? 'timeout' : 'action', `The chat did not open: ${message}`);
    }
  },
});
