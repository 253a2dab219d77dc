import { z } from 'zod';
import { causeOf, pagePath } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { breadcrumbs, contactLine, kindsText, onPage, siteOf, type ContactReach } from '../analysis.ts';
import { ContactKind } from '../record.ts';

export default defineRule({
  id: 'contact-hard-to-find',
  title: 'Contact hard to find',
  description:
    'A way to contact the company is more clicks from the home page than the budget, by the shortest way through the links of the pages explored. Customers with a problem look for a phone number or an address first; every click more is a chance to give up, or to call whatever number they find. Ways found on the same page are one finding. A way not found at all is no-contact-channel\'s.',
  severity: 'major',
  options: z.strictObject({
    maxClicks: z.number().int().min(0).default(2).describe('Most clicks from the home page to the nearest page offering each way to contact'),
    kinds: z
      .array(ContactKind)
      .default(['phone', 'email', 'chat', 'form'])
      .describe('The ways to contact judged: phone, email, chat, form, messaging'),
  }),
  evaluate(run, ctx) {
    const site = siteOf(run, ctx);
    if (!site) return [];
    const { record, a } = site;
    const { options } = ctx;
    const far = a.contactability.filter((c) => c.found && options.kinds.includes(c.kind) && c.path && c.path.clicks > options.maxClicks);
    // Ways offered on the same page are reached by the same clicks: one finding, one cause.
    const byPage = new Map<number, ContactReach[]>();
    for (const c of far) byPage.set(c.page!, [...(byPage.get(c.page!) ?? []), c]);
    const drafts: FindingDraft[] = [];
    for (const [pageIndex, reaches] of byPage) {
      const page = record.pages[pageIndex];
      const path = reaches[0].path!;
      const crumbs = breadcrumbs(record, path);
      const kinds = reaches.map((c) => c.kind);
      const { step, evidence } = onPage(run, page);
      drafts.push({
        ...step,
        message: `${kindsText(kinds)} ${kinds.length === 1 ? 'is' : 'are'} ${path.clicks} clicks from the home page (${crumbs}), over the budget of ${options.maxClicks}.`,
        cause: causeOf(pagePath(page.url)),
        evidence: {
          metric: { name: 'clicks', value: path.clicks, threshold: options.maxClicks, unit: 'count' },
          ...evidence,
          excerpt: [crumbs, ...reaches.map((c) => contactLine(c.contact!))],
        },
      });
    }
    return drafts;
  },
});
