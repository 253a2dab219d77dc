import { z } from 'zod';
import { causeOf, pagePath } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { aNoun, CONTACT_NOUNS, contactLine, exploredText, listText, onPage, siteOf } from '../analysis.ts';
import { ContactKind } from '../record.ts';

export default defineRule({
  id: 'no-contact-channel',
  title: 'No way to contact the company',
  description:
    'None of the ways to contact in `kinds` (a phone number, an email address, a chat) was found on any page explored: a customer with a problem the site does not answer has nowhere to turn. Critical. A way in `expected` that was not found (a chat the company says it offers, say) is a minor finding of its own. The message names what was looked at (pages, clicks from the home page, the crawl\'s limits); a site whose pages could not be read at all is not judged.',
  severity: 'critical',
  options: z.strictObject({
    kinds: z
      .array(ContactKind)
      .default(['phone', 'email', 'chat'])
      .describe('Finding none of these anywhere is critical (a contact form alone does not let the customer talk to anyone or keep a record of what they wrote)'),
    expected: z
      .array(ContactKind)
      .default([])
      .describe('Ways to contact the site should offer: each one not found is a minor finding'),
  }),
  evaluate(run, ctx) {
    const site = siteOf(run, ctx);
    if (!site || !site.a.readable) return [];
    const { record, a } = site;
    const { options } = ctx;
    const home = record.pages[0];
    const { step, evidence } = onPage(run, home);
    const where = exploredText(record);
    const drafts: FindingDraft[] = [];
    const none = options.kinds.length > 0 && !options.kinds.some((k) => a.found.includes(k));
    if (none) {
      const others = a.contactability.filter((c) => c.found);
      drafts.push({
        ...step,
        message: `No ${listText(options.kinds.map((k) => CONTACT_NOUNS[k]), 'or')} was found on ${where}${others.length ? `; only ${listText(others.map((c) => aNoun(c.kind)), 'and')}` : ''}.`,
        cause: causeOf(pagePath(record.start), 'none'),
        evidence: {
          metric: { name: 'pagesExplored', value: record.pages.length, unit: 'count' },
          ...evidence,
          ...(others.length ? { excerpt: others.map((c) => contactLine(c.contact!)) } : {}),
        },
      });
    }
    for (const kind of options.expected) {
      // Already named by the critical finding.
      if (a.found.includes(kind) || (none && options.kinds.includes(kind))) continue;
      drafts.push({
        ...step,
        severity: 'minor',
        message: `No ${CONTACT_NOUNS[kind]} was found on ${where}, though the site is expected to offer one.`,
        cause: causeOf(pagePath(record.start), 'missing', kind),
        evidence: { metric: { name: 'pagesExplored', value: record.pages.length, unit: 'count' }, ...evidence },
      });
    }
    return drafts;
  },
});
