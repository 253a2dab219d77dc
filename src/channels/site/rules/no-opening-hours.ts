import { z } from 'zod';
import { causeOf, pagePath } from '../../../friction/cause.ts';
import { defineRule } from '../../../friction/rule.ts';
import { aNoun, breadcrumbs, contactLine, exploredText, kindsText, listText, onPage, siteOf } from '../analysis.ts';
import { ContactKind } from '../record.ts';

export default defineRule({
  id: 'no-opening-hours',
  title: 'No opening hours stated',
  description:
    'The site offers ways to contact the company but no page explored says when someone is there to answer (opening hours, "24/7"). A caller who does not know the hours calls when no one answers, and tries again, or gives up. Major when a phone or a chat (`live`) is offered; minor when customers can only write. A site with no way to contact at all is no-contact-channel\'s.',
  severity: 'major',
  options: z.strictObject({
    live: z
      .array(ContactKind)
      .default(['phone', 'chat'])
      .describe('Ways to contact answered by someone there and then: when one is offered, missing opening hours are major, otherwise minor'),
  }),
  evaluate(run, ctx) {
    const site = siteOf(run, ctx);
    if (!site) return [];
    const { record, a } = site;
    const offered = a.contactability.filter((c) => c.found);
    if (!offered.length || a.promises.hours.length) return [];
    const live = offered.filter((c) => ctx.options.live.includes(c.kind));
    const shown = live.length ? live : offered;
    const nearest = [...shown].sort((x, y) => x.path!.clicks - y.path!.clicks)[0];
    const page = record.pages[nearest.page!];
    const { step, evidence } = onPage(run, page);
    return [
      {
        ...(live.length ? {} : { severity: 'minor' as const }),
        ...step,
        message: live.length
          ? `The site offers ${listText(live.map((c) => aNoun(c.kind)), 'and')} but gives no opening hours on ${exploredText(record)}: customers cannot tell when someone answers.`
          : `The site gives no opening hours on ${exploredText(record)}; customers can only write (${kindsText(offered.map((c) => c.kind)).toLowerCase()}).`,
        cause: causeOf(pagePath(record.start), 'no opening hours'),
        evidence: {
          ...evidence,
          excerpt: shown.map((c) => `${contactLine(c.contact!)} · ${breadcrumbs(record, c.path!)}`),
        },
      },
    ];
  },
});
