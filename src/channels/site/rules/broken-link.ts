import { z } from 'zod';
import { causeOf } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { oneLine, withoutQuery } from '../../../friction/rules/format.ts';
import { listText, onPage, pageTitle, siteOf } from '../analysis.ts';

/** Pages linking to it listed in the evidence. */
const EXCERPT_PAGES = 10;

export default defineRule({
  id: 'broken-link',
  title: 'Broken link',
  description:
    'A link on a page explored leads to an error page, a page that says it is not there ("Page not found" with HTTP 200: `site.notFoundPatterns`), or nowhere. The customer clicked because they wanted what it promised, and the site let them down. One finding per address (without its query), naming the pages that link to it. Minor; major when the link is on the home page or in the header, where every customer sees it.',
  severity: 'minor',
  options: z.strictObject({
    maxPagesNamed: z.number().int().min(1).default(5).describe('At most this many pages linking to it are named in the message (the evidence lists up to 10)'),
  }),
  evaluate(run, ctx) {
    const site = siteOf(run, ctx);
    if (!site) return [];
    const { record } = site;
    const { options } = ctx;
    const drafts: FindingDraft[] = [];
    for (const link of record.brokenLinks) {
      const from = link.from.filter((i) => record.pages[i]);
      const first = record.pages[from[0] ?? 0];
      const prominent = link.from.includes(0) || link.header === true;
      const what =
        link.status !== undefined
          ? `leads to an error page (HTTP ${link.status})`
          : link.says !== undefined
            ? `leads to a page that says “${oneLine(link.says, 120)}”`
            : `leads nowhere${link.failure ? ` (${oneLine(link.failure, 120)})` : ''}`;
      const names = from.slice(0, options.maxPagesNamed).map((i) => (i === 0 ? 'the home page' : `“${pageTitle(record.pages[i], 60)}”`));
      const more = from.length - names.length;
      const on = `${listText(more > 0 ? [...names, `${more} more`] : names, 'and')}`;
      const { step, evidence } = onPage(run, first);
      drafts.push({
        ...(prominent ? { severity: 'major' as const } : {}),
        ...step,
        message: `The link “${oneLine(link.text, 80) || link.url}”${link.header ? ' in the header' : ''} ${what}; it is on ${on}.`,
        cause: causeOf(withoutQuery(link.url)),
        evidence: {
          ...evidence,
          url: link.url,
          excerpt: [
            ...from.slice(0, EXCERPT_PAGES).map((i) => `linked from ${pageTitle(record.pages[i], 80)} (${record.pages[i].url})`),
            ...(from.length > EXCERPT_PAGES ? [`… and ${from.length - EXCERPT_PAGES} more pages`] : []),
          ],
          ...(link.failure ? { technical: [link.failure] } : {}),
        },
      });
    }
    return drafts;
  },
});
