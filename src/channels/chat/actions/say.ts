import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { CHAT_CHANNEL, type ChatSession } from '../session.ts';

export default defineAction({
  name: 'chat.say',
  summary: 'Type a message into the open chat and send it (e.g. `chat.say: Where is my order {{persona.order}}?`).',
  args: z.string().min(1).describe('What the customer writes'),
  describe: (text: string) => `chat.say "${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`,
  async execute(ctx, text: string) {
    const session = ctx.session<ChatSession>(CHAT_CHANNEL);
    if (!session.isOpen) throw new StepFailure('action', 'chat.say needs an open chat: add chat.open before it.');
    ctx.interactions.keystrokes += text.length;
    ctx.interactions.clicks += session.profile.send ? 1 : 0;
    await session.say(text, ctx.patienceMs);
  },
});
