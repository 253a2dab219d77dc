import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { quoteMessage } from '../record.ts';
import { formatMs } from '../../../model/duration.ts';
import { describeDeclared, WaitFields, waitRecord } from '../../wait.ts';
import { matchText } from '../../text.ts';
import { CHAT_CHANNEL, type ChatSession } from '../session.ts';

const Args = z
  .object({
    matches: z.string().optional().describe('The reply contains this text (or matches /regex/flags); any reply when omitted'),
    ...WaitFields,
  })
  .strict();
type Args = z.infer<typeof Args>;

export default defineAction({
  name: 'chat.expectReply',
  summary:
    "Wait for an answer from the company (bot, agent or a notice) after the customer's last message; `matches` says what it should say, `within` how soon it should come (else the chat rules' budgets), `patience` how long the customer waits.",
  args: Args,
  describe: (a: Args) => `chat.expectReply${a.matches ? ` "${a.matches}"` : ''}${describeDeclared(a)}`,
  async execute(ctx, a: Args) {
    const session = ctx.session<ChatSession>(CHAT_CHANNEL);
    if (!session.isOpen) throw new StepFailure('action', 'chat.expectReply needs an open chat: add chat.open before it.');
    if (a.within !== undefined) session.budgetLastTurn(a.within);
    const ok = (text: string) => a.matches === undefined || matchText(text, a.matches);
    const from = session.replyFrom;
    const t0 = performance.now();
    const found = await session.waitFor(() => session.messages.find((m) => m.index >= from && m.author !== 'customer' && ok(m.text)), ctx.patienceMs);
    const tookMs = performance.now() - t0;
    ctx.recordWait(
      waitRecord({ action: `chat.expectReply${a.matches ? ` "${a.matches}"` : ''}`, channel: 'chat', withinMs: a.within, patienceMs: ctx.patienceMs, ...(found ? { tookMs } : {}) }),
    );
    if (found) {
      session.replyFrom = found.index + 1;
      // What the customer was waiting for: the turn's reply time runs to it, not to a greeting before it.
      if (a.matches !== undefined) session.answered(found);
      return;
    }
    const after = session.messages.filter((m) => m.index >= from && m.author !== 'customer');
    const seen = after.length ? ` The chat said: ${after.slice(-3).map(quoteMessage).join(' / ')}` : ' Nothing came.';
    throw new StepFailure('expectation', `Expected a chat reply${a.matches ? ` saying “${a.matches}”` : ''} within ${formatMs(ctx.patienceMs)}.${seen}`);
  },
});
