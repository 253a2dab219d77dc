import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { quoteMessage } from '../../../model/chat.ts';
import { CHAT_CHANNEL, type ChatSession } from '../session.ts';

const Args = z
  .object({
    within: z.number().int().positive().default(60_000).describe('How long the customer waits for a person, ms'),
  })
  .strict();
type Args = z.infer<typeof Args>;

export default defineAction({
  name: 'chat.expectAgent',
  summary: 'Wait until a human agent has joined the chat (a join notice or an agent\'s message), at most `within` ms.',
  args: Args,
  describe: (a: Args) => `chat.expectAgent within ${a.within ?? 60_000} ms`,
  async execute(ctx, a: Args) {
    const session = ctx.session<ChatSession>(CHAT_CHANNEL);
    if (!session.isOpen) throw new StepFailure('action', 'chat.expectAgent needs an open chat: add chat.open before it.');
    const within = Math.min(a.within, ctx.timeoutMs);
    const joined = await session.waitFor(() => session.events().find((e) => e.kind === 'agent-joined'), within);
    if (joined) {
      session.replyFrom = Math.max(session.replyFrom, joined.messageIndex + 1);
      return;
    }
    const last = session.messages.filter((m) => m.author !== 'customer').slice(-2);
    throw new StepFailure(
      'expectation',
      `Expected a person to join the chat within ${+(within / 1000).toFixed(1)} s, but none did.${last.length ? ` The chat said: ${last.map(quoteMessage).join(' / ')}` : ''}`,
    );
  },
});
