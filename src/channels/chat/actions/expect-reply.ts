import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { quoteMessage } from '../../../model/chat.ts';
import { textOrRegex } from '../../web/locator.ts';
import { CHAT_CHANNEL, type ChatSession } from '../session.ts';

const Args = z
  .object({
    matches: z.string().optional().describe('The reply contains this text (or matches /regex/flags); any reply when omitted'),
    within: z.number().int().positive().default(10_000).describe('How long the customer waits for it, ms (from their last message)'),
  })
  .strict();
type Args = z.infer<typeof Args>;

const fmt = (ms: number) => (ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

export default defineAction({
  name: 'chat.expectReply',
  summary: 'Wait for an answer from the company (bot, agent or a notice) after the customer\'s last message, at most `within` ms; `matches` checks what it says.',
  args: Args,
  describe: (a: Args) => `chat.expectReply${a.matches ? ` "${a.matches}"` : ''} within ${a.within ?? 10_000} ms`,
  async execute(ctx, a: Args) {
    const session = ctx.session<ChatSession>(CHAT_CHANNEL);
    if (!session.isOpen) throw new StepFailure('action', 'chat.expectReply needs an open chat: add chat.open before it.');
    const want = a.matches === undefined ? undefined : textOrRegex(a.matches);
    const ok = (text: string) => want === undefined || (typeof want === 'string' ? text.includes(want) : want.test(text));
    const from = session.replyFrom;
    const found = await session.waitFor(
      () => session.messages.find((m) => m.index >= from && m.author !== 'customer' && ok(m.text)),
      Math.min(a.within, ctx.timeoutMs),
    );
    if (found) {
      session.replyFrom = found.index + 1;
      // What the customer was waiting for: the turn's reply time runs to it, not to a greeting before it.
      if (want !== undefined) session.answered(found);
      return;
    }
    const after = session.messages.filter((m) => m.index >= from && m.author !== 'customer');
    const seen = after.length ? ` The chat said: ${after.slice(-3).map(quoteMessage).join(' / ')}` : ' Nothing came.';
    throw new StepFailure(
      'expectation',
      `Expected a chat reply${a.matches ? ` matching "${a.matches}"` : ''} within ${fmt(Math.min(a.within, ctx.timeoutMs))}.${seen}`,
    );
  },
});
