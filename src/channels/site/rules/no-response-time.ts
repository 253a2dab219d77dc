import { z } from 'zod';
import { causeOf, pagePath } from '../../../friction/cause.ts';
import { defineRule } from '../../../friction/rule.ts';
import { breadcrumbs, contactLine, exploredText, kindsText, onPage, siteOf } from '../analysis.ts';
import { ContactKind } from '../record.ts';

export default defineRule({
  id: 'no-response-time',
  title: 'No response time stated',
  description:
    'The site offers a way to write to the company (an email address, a contact form, a chat, messaging) but no page explored says how soon messages are answered ("we reply within 24 hours"). Not knowing whether an answer comes in an hour or a week, customers write again, call, or complain elsewhere. A phone answers at once or not at all: its promise is opening hours (no-opening-hours). A site with no way to contact at all is no-contact-channel\'s.',
  severity: 'major',
  options: z.strictObject({
    kinds: z
      .array(ContactKind)
      .default(['email', 'form', 'chat', 'messaging'])
      .describe('Ways to contact whose messages wait for an answer: when one is offered, the site should say how soon it comes'),
  }),
  evaluate(run, ctx) {
    const site = siteOf(run, ctx);
    if (!site) return [];
    const { record, a } = site;
    const written = a.contactability.filter((c) => c.found && ctx.options.kinds.includes(c.kind));
    if (!written.length || a.promises.responseTimes.length) return [];
    // The nearest page to write from is where the customer would look for the answer.
    const nearest = [...written].sort((x, y) => x.path!.clicks - y.path!.clicks)[0];
    const page = record.pages[nearest.page!];
    const { step, evidence } = onPage(run, page);
    return [
      {
        ...step,
        message: `Customers can write (${kindsText(written.map((c) => c.kind)).toLowerCase()}) but nothing on ${exploredText(record)} says how soon they get an answer.`,
        cause: causeOf(pagePath(record.start), 'no response time'),
        evidence: {
          ...evidence,
          excerpt: written.map((c) => `${contactLine(c.contact!)} · ${breadcrumbs(record, c.path!)}`),
        },
      },
    ];
  },
});
