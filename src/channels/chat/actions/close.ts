import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { CHAT_CHANNEL, type ChatSession } from '../session.ts';

export default defineAction({
  name: 'chat.close',
  summary: "End the chat with the widget's close button (when the profile names one) and stop the clock of the chat. Write `chat.close: {}`.",
  args: z.object({}).strict().nullable(),
  describe: () => 'chat.close',
  async execute(ctx) {
    const session = ctx.session<ChatSession>(CHAT_CHANNEL);
    if (!session.isOpen) return;
    if (session.profile.close) ctx.interactions.clicks += 1;
    await session.close(ctx.patienceMs);
  },
});
