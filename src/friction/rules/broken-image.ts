import { z } from 'zod';
import type { PageHealth } from '../../model/page-health.ts';
import type { FailedRequest } from '../../model/run-record.ts';
import { causeOf } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { compileAll, matchesAny, originOf, regexString, stepRef, withoutQuery } from './format.ts';
import { capital, pageName, pathOf } from './slow-page.ts';

/** One image of one run: where it was first met, and everything seen of it. */
interface Seen {
  /** The URL without query: the cause. */
  src: string;
  url: string;
  stepIndex?: number;
  alt?: string;
  status?: number;
  failure?: string;
  /** The pages that showed it broken. */
  pages: PageHealth[];
  requests: FailedRequest[];
}

export default defineRule({
  id: 'broken-image',
  title: 'Broken image',
  description:
    'An image on the page did not load: its request failed (an HTTP error or no answer, from the site or from elsewhere: the customer sees a broken image either way) or it loaded as nothing. The product photo, the logo or the diagram the customer needed is not there. A failed image from another site that no page showed (a tracking pixel) is info, outside the score.',
  severity: 'minor',
  options: z.strictObject({
    minStatus: z.number().int().min(100).max(599).default(400).describe('HTTP statuses from this one up count as a broken image.'),
    ignoreUrls: z.array(regexString).default([]).describe('Images whose URL matches one of these regular expressions are ignored.'),
    ignoreFailures: z
      .array(regexString)
      .default(['ERR_ABORTED', 'NS_BINDING_ABORTED'])
      .describe('Unanswered image requests whose failure text matches one of these are ignored: by default the ones the browser cancels itself when the customer moves on.'),
  }),
  evaluate(run, { options }) {
    const ignoreUrls = compileAll(options.ignoreUrls);
    const ignoreFailures = compileAll(options.ignoreFailures);
    const images = new Map<string, Seen>();
    const seen = (url: string, stepIndex: number | undefined): Seen => {
      const src = withoutQuery(url);
      let image = images.get(src);
      if (!image) {
        image = { src, url, pages: [], requests: [] };
        images.set(src, image);
      }
      // The first step it was met in.
      if (stepIndex !== undefined && (image.stepIndex === undefined || stepIndex < image.stepIndex)) image.stepIndex = stepIndex;
      return image;
    };
    for (const page of run.pages ?? []) {
      for (const b of page.brokenImages ?? []) {
        if (matchesAny(b.src, ignoreUrls)) continue;
        if (b.status !== undefined && b.status < options.minStatus) continue;
        const image = seen(b.src, page.stepIndex);
        if (!image.pages.includes(page)) image.pages.push(page);
        if (b.alt && image.alt === undefined) image.alt = b.alt;
        if (b.status !== undefined) image.status ??= b.status;
      }
    }
    for (const r of run.observations.failedRequests) {
      if (r.resourceType !== 'image' || r.isNavigation || matchesAny(r.url, ignoreUrls)) continue;
      if (r.status !== undefined ? r.status < options.minStatus : matchesAny(r.failure ?? '', ignoreFailures)) continue;
      const image = seen(r.url, r.stepIndex);
      image.requests.push(r);
      if (r.status !== undefined) image.status = r.status;
      else image.failure ??= r.failure;
    }
    const origin = originOf(run);
    const drafts: FindingDraft[] = [];
    for (const image of images.values()) {
      const { screenshot, ...step } = stepRef(run, image.stepIndex);
      // A tracking pixel from another site no page showed is noise the customer never notices.
      const noise = image.pages.length === 0 && image.requests.every((r) => origin(r) === 'noise');
      const page = image.pages[0] ?? (run.pages ?? []).filter((p) => p.stepIndex === image.stepIndex).at(-1);
      const where = page ? pageName(page) : step.stepIndex !== undefined ? `the page ${pathOf(run.steps.find((s) => s.index === step.stepIndex)?.url ?? image.url)}` : 'the page';
      const why = image.status !== undefined ? ` (HTTP ${image.status})` : image.failure ? ` (no answer: ${image.failure})` : '';
      const more = image.pages.length > 1 ? ` It was broken on ${image.pages.length} pages.` : '';
      const message = image.alt
        ? `The image “${image.alt}” on ${where} did not load${why}.${more}`
        : `${capital(`an image on ${where}`)} did not load${why}: ${pathOf(image.url)}.${more}`;
      drafts.push({
        ...(noise ? { severity: 'info' as const } : {}),
        ...step,
        // The same image broken is one cause, on every page and in every journey that shows it.
        cause: causeOf(image.src),
        message,
        evidence: {
          ...(screenshot ? { screenshot } : {}),
          url: image.url,
          ...(image.alt ? { excerpt: [`Image: “${image.alt}”`] } : {}),
          technical: [
            ...new Set([
              ...image.requests.map((r) => (r.status !== undefined ? `HTTP ${r.status} ${r.method.toUpperCase()} ${r.url}` : `${r.method.toUpperCase()} ${r.url} failed${r.failure ? `: ${r.failure}` : ''}`)),
              ...image.pages.map((p) => `Shown broken on ${p.url}`),
            ]),
          ],
        },
      });
    }
    return drafts;
  },
});
