import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { EMAIL_CHANNEL, type EmailSession } from '../session.ts';
import { describeMatch, EmailMatchFields } from '../match.ts';
import { expectEmail } from './expect.ts';
import { describeDeclared, WaitFields } from '../../wait.ts';

const Args = z
  .object({
    subject: EmailMatchFields.subject,
    text: EmailMatchFields.text,
    ...WaitFields,
  })
  .strict();
type Args = z.infer<typeof Args>;

export default defineAction({
  name: 'email.expectReply',
  summary:
    "Wait for the company to answer the email the customer sent last (an acknowledgement at least): `within` is how soon it should come, `patience` how long the customer waits; none is no-acknowledgement, and the journey goes on.",
  args: Args,
  describe: (a: Args) => `email.expectReply${a.subject || a.text ? ` ${describeMatch(a)}` : ''}${describeDeclared(a)}`,
  outlastsAudit: true,
  async execute(ctx, a: Args) {
    const session = ctx.session<EmailSession>(EMAIL_CHANNEL);
    const sent = session.sent.at(-1);
    if (!sent) throw new StepFailure('action', 'email.expectReply needs an email.reply before it.');
    await expectEmail(ctx, {
      kind: 'acknowledgement',
      label: `email.expectReply${a.subject || a.text ? ` ${describeMatch(a)}` : ''}`,
      within: a.within,
      what: 'answer to the customer\'s email',
      // An answer refers to the customer's email (In-Reply-To) or carries its subject.
      awaits: {
        match: { ...(a.subject !== undefined && { subject: a.subject }), ...(a.text !== undefined && { text: a.text }) },
        answers: { messageId: sent.messageId, subject: sent.subject },
      },
    });
  },
});
