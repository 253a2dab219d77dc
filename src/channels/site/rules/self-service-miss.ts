import { z } from 'zod';
import { causeOf, pagePath, sameText } from '../../../friction/cause.ts';
import { defineRule, type FindingDraft } from '../../../friction/rule.ts';
import { excerpt as excerptOf, oneLine } from '../../../friction/rules/format.ts';
import { exploredText, onPage, pageTitle, siteOf } from '../analysis.ts';

export default defineRule({
  id: 'self-service-miss',
  title: 'Self-service did not answer',
  description:
    "A question customers ask (config `site.questions`) put to the site's search gave no relevant answer: the results said nothing was found, or none of them had the words an answer holds. One finding per question; a search that says it found nothing for every question is one finding (the search is the cause). A search that could not be used is one finding for all the questions it failed. A site with no search is a finding too: minor when help or FAQ pages were found to browse, major when there is neither. Customers who cannot find the answer themselves call or write, or leave.",
  severity: 'major',
  options: z.strictObject({
    excerptLines: z.number().int().min(1).default(6).describe('At most this many lines of the results page go into the evidence'),
  }),
  evaluate(run, ctx) {
    const site = siteOf(run, ctx);
    if (!site || !site.a.readable) return [];
    const { record } = site;
    const { options } = ctx;
    const host = pagePath(record.start);
    const search = record.search;
    if (!search) {
      const help = record.pages.filter((p) => p.help);
      const { step, evidence } = onPage(run, record.pages[0]);
      return [
        {
          ...(help.length ? { severity: 'minor' as const } : {}),
          ...step,
          message: help.length
            ? `No site search was found on ${exploredText(record)}; customers can only browse the ${help.length === 1 ? 'help page' : `${help.length} help pages`} for answers.`
            : `No site search and no help or FAQ page were found on ${exploredText(record)}: customers cannot look up answers themselves.`,
          cause: causeOf(host, 'no-search'),
          evidence: {
            metric: { name: 'pagesExplored', value: record.pages.length, unit: 'count' },
            ...evidence,
            ...(help.length ? { excerpt: help.slice(0, options.excerptLines).map((p) => `${pageTitle(p)} (${p.url})`) } : {}),
          },
        },
      ];
    }
    const drafts: FindingDraft[] = [];
    const page = record.pages[search.page] ?? record.pages[0];
    const broken = search.questions.filter((q) => q.error !== undefined);
    if (broken.length) {
      const first = broken[0];
      const { step, evidence } = onPage(run, { url: first.url || page.url, stepIndex: page.stepIndex }, first.stepIndex ?? page.stepIndex);
      const asked = broken.map((q) => `“${q.question}”`).join(', ');
      drafts.push({
        ...step,
        message: `The site search on “${pageTitle(page)}” could not be used (${oneLine(first.error!, 160)}) for ${broken.length === 1 ? 'the question' : `${broken.length} questions`} ${asked}.`,
        cause: causeOf(host, 'search unusable'),
        evidence: { ...evidence, excerpt: broken.map((q) => `${q.question}: ${oneLine(q.error!, 200)}`), technical: [`search found by ${search.how}`] },
      });
    }
    const usable = search.questions.filter((q) => q.error === undefined);
    // A search that says "no results" to every question is one cause (the search itself), not one per question.
    if (usable.length > 1 && usable.every((q) => !q.hit && q.noResults)) {
      const first = usable[0];
      const { step, evidence } = onPage(run, { url: first.url, stepIndex: page.stepIndex }, first.stepIndex ?? page.stepIndex);
      drafts.push({
        ...step,
        message: `The site's search found nothing for any of the ${usable.length} questions customers ask (${usable.map((q) => `“${q.question}”`).join(', ')}): every results page said there were no results.`,
        cause: causeOf(host, 'search finds nothing'),
        evidence: {
          metric: { name: 'questionsAnswered', value: 0, threshold: usable.length, unit: 'count' },
          ...evidence,
          ...(first.excerpt.length ? { excerpt: excerptOf(first.excerpt.join('\n'), options.excerptLines) } : {}),
        },
      });
      return drafts;
    }
    for (const q of search.questions) {
      if (q.error !== undefined || q.hit) continue;
      const { step, evidence } = onPage(run, { url: q.url, stepIndex: page.stepIndex }, q.stepIndex ?? page.stepIndex);
      drafts.push({
        ...step,
        message: q.noResults
          ? `Searching the site for “${q.question}” found nothing: the results page said there were no results.`
          : `Searching the site for “${q.question}” gave no relevant answer: none of the results were about it.`,
        cause: causeOf(host, 'search', sameText(q.question)),
        evidence: { ...evidence, ...(q.excerpt.length ? { excerpt: excerptOf(q.excerpt.join('\n'), options.excerptLines) } : {}) },
      });
    }
    return drafts;
  },
});
