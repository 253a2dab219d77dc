import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { matchText as matches } from '../../text.ts';
import { EMAIL_CHANNEL, type EmailSession } from '../session.ts';
import { openAddress } from '../../web/open-address.ts';

/** A broken link is broken-email-link's to report (it names the email), and the step it stops is not a dead end besides. */
const REPORTED_BY = 'broken-email-link';

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
  summary: 'Open a link from the email the last email.expect found, in the customer\'s browser. A link to a document (a returns label) records it on the step, whether the browser saves it or shows it.',
  args: Args,
  describe: (a: Args) => `email.openLink ${a.text !== undefined ? `text "${a.text}"` : `href "${a.href}"`}`,
  async execute({ page, patienceMs, interactions, session, latestDocument }, a: Args) {
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
      response = await openAddress(page, link.href, patienceMs);
    } catch (err) {
      const failure = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      s.linksOpened.push({ ...opened, failure });
      throw new StepFailure('navigation', `The link "${link.text}" in the email could not be opened: ${failure}`, REPORTED_BY);
    }
    if (response === 'document') {
      // The link brings a document: it works when the document arrives.
      const document = await latestDocument(patienceMs);
      const status = document?.record.status;
      const failure = document ? document.record.failure : 'no document arrived';
      // An error status says it all (broken-email-link words it as an error page); else the failure does.
      const errorPage = status !== undefined && status >= 400;
      s.linksOpened.push({ ...opened, ...(status !== undefined && { status }), ...(failure !== undefined && !errorPage && { failure }) });
      if (failure !== undefined) throw new StepFailure('navigation', `The link "${link.text}" in the email did not bring the document: ${failure}`, REPORTED_BY);
      return;
    }
    const status = response?.status();
    s.linksOpened.push({ ...opened, ...(status !== undefined ? { status } : {}) });
    if (status !== undefined && status >= 400) {
      throw new StepFailure('navigation', `The link "${link.text}" in the email leads to an error page (HTTP ${status}).`, REPORTED_BY);
    }
  },
});
