import { z } from 'zod';
import type { FailedRequest } from '../../model/run-record.ts';
import { causeOf, pagePath } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { compileAll, findStep, groupBy, matchesAny, regexString, stepRef, times, originOf, withoutQuery } from './format.ts';

/** Plain words for Playwright's resource types. */
const RESOURCE_WORDS: Record<string, string> = {
  script: 'A script',
  stylesheet: 'A stylesheet',
  image: 'An image',
  media: 'A video or sound',
  font: 'A font',
  xhr: 'A background request',
  fetch: 'A background request',
  eventsource: 'A live-update connection',
  websocket: 'A live connection',
  document: 'A page',
  manifest: 'The app manifest',
};

export default defineRule({
  id: 'http-error',
  title: 'Failed page or request',
  description:
    'The site answered with an HTTP error, or did not answer at all. An error page in front of the customer is major; a broken script, stylesheet or background request behind the page is minor, but often why a button does nothing. Requests to other sites (fonts, telemetry: see the config\'s `firstParty`) are info and outside the score, unless the step they belong to failed without the page saying why. Images are `broken-image`\'s.',
  severity: 'minor',
  options: z.strictObject({
    minStatus: z
      .number()
      .int()
      .min(100)
      .max(599)
      .default(400)
      .describe('HTTP statuses from this one up count as errors.'),
    ignoreUrls: z
      .array(regexString)
      .default([])
      .describe('Requests whose URL matches one of these regular expressions are ignored (third-party trackers, for example).'),
    ignoreFailures: z
      .array(regexString)
      .default(['ERR_ABORTED', 'NS_BINDING_ABORTED'])
      .describe(
        'Unanswered requests whose failure text matches one of these are ignored: by default the ones the browser cancels itself when the customer moves on to another page.',
      ),
  }),
  evaluate(run, { options }) {
    const ignoreUrls = compileAll(options.ignoreUrls);
    const ignoreFailures = compileAll(options.ignoreFailures);
    const failing = run.observations.failedRequests.filter((r) => {
      // A broken image is one cause with one finding: broken-image's.
      if (r.resourceType === 'image' && !r.isNavigation) return false;
      // So is the page that stopped a step another rule names (a broken email link, a broken download).
      if (r.isNavigation && findStep(run, r.stepIndex)?.error?.reportedBy) return false;
      if (matchesAny(r.url, ignoreUrls)) return false;
      if (r.status !== undefined) return r.status >= options.minStatus;
      return !matchesAny(r.failure ?? '', ignoreFailures);
    });
    const groups = groupBy(failing, (r) =>
      JSON.stringify([r.stepIndex ?? null, r.method.toUpperCase(), withoutQuery(r.url), r.status ?? null]),
    );
    const origin = originOf(run);
    return groups.map((group): FindingDraft => {
      const first = group[0];
      const navigation = group.some((r) => r.isNavigation);
      // Noise the customer never notices, unless the step it belongs to failed.
      // An error page is never noise: the customer saw it.
      const from = navigation && origin(first) === 'noise' ? 'third-party' : origin(first);
      const { screenshot, ...step } = stepRef(run, first.stepIndex);
      return {
        ...(navigation ? { severity: 'major' as const } : from === 'noise' ? { severity: 'info' as const } : {}),
        ...step,
        // The same address failing the same way is one cause, on every page and journey that loads it.
        cause: causeOf(from, first.method.toUpperCase(), pagePath(withoutQuery(first.url)), first.status ?? first.failure),
        message: describe(first, navigation, group.length),
        evidence: {
          ...(screenshot ? { screenshot } : {}),
          url: first.url,
          // An error page is what the customer saw; a request behind the page is technical detail.
          ...(navigation ? { excerpt: [...new Set(group.map(line))] } : { technical: [...new Set(group.map(line))] }),
        },
      };
    });
  },
});

function describe(r: FailedRequest, navigation: boolean, count: number): string {
  const url = withoutQuery(r.url);
  const n = times(count);
  if (navigation) {
    return r.status !== undefined
      ? `The customer was shown an HTTP ${r.status} error page at ${url}${n}.`
      : `The page ${url} did not load at all${r.failure ? ` (${r.failure})` : ''}${n}.`;
  }
  const what = RESOURCE_WORDS[r.resourceType] ?? 'A resource';
  return r.status !== undefined
    ? `${what} on the page failed with HTTP ${r.status}${n}: ${r.method.toUpperCase()} ${url}.`
    : `${what} on the page got no answer${r.failure ? ` (${r.failure})` : ''}${n}: ${r.method.toUpperCase()} ${url}.`;
}

/** One verbatim line per request: `HTTP 503 POST http://…/checkout` or `POST … failed: net::ERR_…`. */
const line = (r: FailedRequest): string =>
  r.status !== undefined
    ? `HTTP ${r.status} ${r.method.toUpperCase()} ${r.url}`
    : `${r.method.toUpperCase()} ${r.url} failed${r.failure ? `: ${r.failure}` : ''}`;
