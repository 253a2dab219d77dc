/*
 * Self-service: the customers' questions put to the site's own search, as a customer would (type,
 * press Enter, read what comes), and judged by what the results say: a results page that says it
 * found nothing, or whose results name none of the question's keywords, did not answer it. The
 * results are read without the header, navigation, footer and the search box, and without the
 * question echoed back ("3 results for “refund”"), so neither counts as an answer.
 */
import type { Page } from 'playwright';
import type { SearchQuestion } from '../channels/site/settings.ts';

export interface SearchOutcome {
  url: string;
  hit: boolean;
  noResults: boolean;
  matched: string[];
  excerpt: string[];
  error?: string;
}

/** Lines of the results kept as the excerpt. */
const EXCERPT_LINES = 6;

// Plain source, so the page never depends on the harness's build helpers.
const READ_RESULTS = `() => {
  const clean = (t) => (t || '').replace(/\\s+/g, ' ').trim();
  const main = document.querySelector('main, [role=main]') || document.body;
  if (!main) return [];
  // Lines of the page chrome and of forms are not results.
  const chrome = new Set();
  for (const el of document.querySelectorAll('header, nav, footer, [role=banner], [role=navigation], [role=contentinfo], form, [role=search], aside, [role=dialog]')) {
    for (const l of (el.innerText || '').split('\\n')) if (clean(l)) chrome.add(clean(l));
  }
  const lines = [];
  for (const l of (main.innerText || '').split('\\n')) {
    const t = clean(l);
    if (t && !chrome.has(t)) lines.push(t);
  }
  return lines;
}`;

/** Reads and judges the results page now shown. */
export async function judgeResults(page: Page, question: SearchQuestion, noResultsPatterns: readonly RegExp[]): Promise<SearchOutcome> {
  const lines = ((await page.evaluate(`(${READ_RESULTS})()`)) as string[]).filter((l) => l.trim());
  const noResults = noResultsPatterns.some((re) => lines.some((l) => re.test(l)));
  const echo = echoOf(question.ask);
  const answers = lines.filter((l) => !echo.test(l)).join('\n');
  const matched = question.expect.filter((word) => new RegExp(`\\b${escapeRegExp(word)}`, 'i').test(answers));
  return {
    url: page.url(),
    hit: !noResults && matched.length > 0,
    noResults,
    matched,
    excerpt: lines.slice(0, EXCERPT_LINES).map((l) => (l.length > 160 ? `${l.slice(0, 159)}…` : l)),
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A line that echoes the question back ("3 answers for “refund”", "Results for: refund"): it says
 * what was asked, not what was found, so it never counts as an answer (answers that merely use the
 * question's words do).
 */
export function echoOf(question: string): RegExp {
  const q = escapeRegExp(question.trim()).replace(/\s+/g, '\\s+');
  return new RegExp(`["“”‘’'«»„]\\s*${q}\\s*["“”‘’'«»]|\\b(?:results?|answers?|matches|hits|searched|search(?:ing)?)\\b[^\\n]{0,30}\\b(?:for|about|on)\\b\\s*:?\\s*${q}\\s*[.!]?$`, 'i');
}

/**
 * Asks one question: opens the page with the search, types it, presses Enter, and waits for the
 * results (a new page, or the same page redrawn). `settle` waits for client-side results.
 */
export async function ask(page: Page, searchPage: string, selector: string, question: SearchQuestion, opts: { timeoutMs: number; settle: () => Promise<void>; noResults: readonly RegExp[] }): Promise<SearchOutcome> {
  await page.goto(searchPage, { waitUntil: 'load', timeout: opts.timeoutMs });
  const field = page.locator(selector).filter({ visible: true }).first();
  try {
    await field.fill(question.ask, { timeout: Math.min(opts.timeoutMs, 10_000) });
  } catch {
    return { url: page.url(), hit: false, noResults: false, matched: [], excerpt: [], error: 'The search box could not be typed into.' };
  }
  // Results come as a new page (a form) or drawn into this one (a script's request): wait for whichever starts.
  const loading = page.waitForEvent('load', { timeout: opts.timeoutMs }).catch(() => undefined);
  const started = firstRequest(page, 1_000);
  await field.press('Enter');
  if ((await started) === 'document') await loading;
  await opts.settle();
  return judgeResults(page, question, opts.noResults);
}

/** The kind of the first page or data request the page makes within `ms`, if any. */
function firstRequest(page: Page, ms: number): Promise<'document' | 'data' | undefined> {
  return new Promise((resolve) => {
    const done = (kind: 'document' | 'data' | undefined) => {
      clearTimeout(timer);
      page.off('request', onRequest);
      resolve(kind);
    };
    const onRequest = (req: import('playwright').Request) => {
      const type = req.resourceType();
      if (type === 'document' && req.frame() === page.mainFrame()) done('document');
      else if (type === 'fetch' || type === 'xhr') done('data');
    };
    const timer = setTimeout(() => done(undefined), ms);
    page.on('request', onRequest);
  });
}
