import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { noteTyped } from '../typed.ts';
import { replyAddress } from '../match.ts';
import { EMAIL_CHANNEL, type EmailSession } from '../session.ts';

const Args = z.object({ text: z.string().min(1).describe('What the customer writes back; may use {{persona.x}}') }).strict();
type Args = z.infer<typeof Args>;

export default defineAction({
  name: 'email.reply',
  summary: 'Reply to the email the last email.expect found, from the address it reached: a real email over SMTP to the address it says to reply to.',
  args: Args,
  describe: (a: Args) => `email.reply "${a.text.length > 40 ? `${a.text.slice(0, 39)}…` : a.text}"`,
  async execute({ interactions, isSecret, session }, a: Args) {
    const s = session<EmailSession>(EMAIL_CHANNEL);
    const email = s.needLast('reply to the email');
    const to = replyAddress(email);
    if (!to) {
      throw new StepFailure('expectation', `The email "${email.subject}" comes from a no-reply address (${email.from}) and gives no address to reply to.`);
    }
    interactions.keystrokes += a.text.length;
    noteTyped(interactions, 'email reply', a.text, isSecret(a.text));
    const subject = /^re:/i.test(email.subject) ? email.subject : `Re: ${email.subject}`;
    // From the address the email reached (a seeded account's, or the run's own).
    const sent = await s.send({ from: s.recipientOf(email), to, subject, text: a.text, ...(email.messageId ? { inReplyTo: email.messageId } : {}) });
    if (sent.error) throw new StepFailure('expectation', `The reply to ${to} was not accepted: ${sent.error}`);
  },
});
