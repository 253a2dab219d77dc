import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { quoteMessage } from '../record.ts';
import { formatMs } from '../../../model/duration.ts';
import { describeDeclared, waitRecord } from '../../wait.ts';
import { CHAT_CHANNEL, type ChatSession } from '../session.ts';

const Args = z
  .object({
    patience: z.number().int().positive().optional().describe("How long the customer waits for a person, ms (default: the config's patienceMs); the queue-wait rule judges the wait itself"),
  })
  .strict();
type Args = z.infer<typeof Args>;

export default defineAction({
  name: 'chat.expectAgent',
  summary: "Wait until a human agent has joined the chat (a join notice or an agent's message), up to the customer's patience.",
  args: Args,
  describe: (a: Args) => `chat.expectAgent${describeDeclared(a)}`,
  async execute(ctx) {
    const session = ctx.session<ChatSession>(CHAT_CHANNEL);
    if (!session.isOpen) throw new StepFailure('action', 'chat.expectAgent needs an open chat: add chat.open before it.');
    const t0 = performance.now();
    const joined = await session.waitFor(() => session.events().find((e) => e.kind === 'agent-joined'), ctx.patienceMs);
    ctx.recordWait(waitRecord({ action: 'chat.expectAgent', channel: 'chat', patienceMs: ctx.patienceMs, ...(joined ? { tookMs: performance.now() - t0 } : {}) }));
    if (joined) {
      session.replyFrom = Math.max(session.replyFrom, joined.messageIndex + 1);
      return;
    }
    const last = session.messages.filter((m) => m.author !== 'customer').slice(-2);
    throw new StepFailure(
      'expectation',
      `Expected a person to join the chat within ${formatMs(ctx.patienceMs)}, but none did.${last.length ? ` The chat said: ${last.map(quoteMessage).join(' / ')}` : ''}`,
    );
  },
});
