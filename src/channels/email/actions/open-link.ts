import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { matchText as matches } from '../../text.ts';
import { EMAIL_CHANNEL, type EmailSession } from '../session.ts';

const Args = z
  .object({
    text: z.string().optional().describe('The link\'s text contains this (or matches /regex/)'),
    href: z.string().optional().describe('The link\'s address contains this (or matches /regex/)'),
  })
  .strict()
  .refine((a) => (a.text === undefined) !== (a.href === undefined), { message: 'expected exactly one of text or href' });
type Args = z.infer<typeof Args>;


export default defineAction({
  name: 'email.openLink',
  summary: 'Open a link from the email the last email.expect found, in the customer\'s browser.',
  args: Args,
  describe: (a: Args) => `email.openLink ${a.text !== undefined ? `text "${a.text}"` : `href "${a.href}"`}`,
  async execute({ page, patienceMs, interactions, session }, a: Args) {
    const s = session<EmailSession>(EMAIL_CHANNEL);
    const email = s.needLast(`open the link ${a.text !== undefined ? `“${a.text}”` : `to ${a.href}`} in the email`);
    const link = email.links.find((l) => (a.text !== undefined ? matches(l.text, a.text) : matches(l.href, a.href!)));
    const wanted = a.text !== undefined ? `"${a.text}"` : `to "${a.href}"`;
    if (!link) {
      throw new StepFailure('expectation', `The email "${email.subject}" has no link ${wanted} (its links: ${email.links.map((l) => `"${l.text}"`).join(', ') || 'none'}).`);
    }
    interactions.clicks += 1;
    const opened = { ...(s.stepIndex !== undefined ? { stepIndex: s.stepIndex } : {}), emailId: email.id, text: link.text, href: link.href };
    let response;
    try {
      response = await page.goto(link.href, { timeout: patienceMs });
    } catch (err) {
      const failure = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      s.linksOpened.push({ ...opened, failure });
      throw new StepFailure('navigation', `The link "${link.text}" in the email could not be opened: ${failure}`);
    }
    const status = response?.status();
    s.linksOpened.push({ ...opened, ...(status !== undefined ? { status } : {}) });
    if (status !== undefined && status >= 400) {
      throw new StepFailure('navigation', `The link "${link.text}" in the email leads to an error page (HTTP ${status}).`);
    }
  },
});
