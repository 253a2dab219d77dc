/*
 * Explores one site the way a customer clicks around it, and records it as a run: each page
 * visited (breadth first from the home page, see frontier.ts) is a step, then each question put
 * to the site's search; what the site offers is the run's `channels.site` (channels/site/record.ts);
 * the same observers as journeys watch every page (script errors, failed requests, dialogs,
 * overlays closed, page health). A site that fails is a finding, never a crash: a home page that
 * cannot be loaded ends the run as a dead end.
 */
import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, Page } from 'playwright';
import { CONSENT_HANDLER, type Consent, type DismissEntry } from '../config/dismiss.ts';
import type { BrokenLink, ContactPoint, ServicePromise, SitePage, SiteRecord, SearchAttempt, SiteLink } from '../channels/site/record.ts';
import type { SiteSettings } from '../channels/site/settings.ts';
import { formatMs } from '../model/duration.ts';
import { RUN_RECORD_SCHEMA_VERSION, type Observations, type RunRecord, type StepRecord } from '../model/run-record.ts';
import { observePage, type PageObserver } from '../observers/page.ts';
import { watchPageHealth, type PageHealthSettings, type PageHealthWatch } from '../observers/page-health.ts';
import { firstPartyHosts, isFirstParty } from '../runner/first-party.ts';
import { dismissOverlays, type OverlayWatch } from '../runner/overlays.ts';
import { redact } from '../runner/redact.ts';
import { screenshot, screenshotName, type ScreenshotMode } from '../runner/run-journey.ts';
import { TOOL_VERSION } from '../version.ts';
import { readFacts, type PageFacts } from './facts.ts';
import { Frontier, pageKey } from './frontier.ts';
import { RobotsCache, ROBOTS_AGENT, type RobotsRules } from './robots.ts';
import { ask } from './search.ts';

export const EXPLORE_JOURNEY = 'explore';

export interface ExploreSiteOptions {
  /** The home page. */
  start: string;
  settings: SiteSettings;
  browser: Browser;
  outDir: string;
  screenshots: ScreenshotMode;
  viewport: { width: number; height: number };
  dismiss?: DismissEntry[];
  consent?: Consent;
  maxObservations: number;
  pageHealth: PageHealthSettings;
  /** Hosts of the site for third-party marking (config `firstParty`); default: the start's site. */
  firstParty?: readonly string[];
  /** Values never written out (.env's secrets). */
  secrets: readonly string[];
  signal?: AbortSignal;
  /** Told as each page or search finishes. */
  onStep?: (step: { index: number; name: string; url: string }) => void;
}

/** The journey name an explore run carries. */
export const exploreName = (start: string): string => `Explore ${new URL(start).host}`;

/** What the crawl keeps of a page while it runs. */
interface Visited {
  page: SitePage;
  /** The address asked for, and the one it ended at (after redirects). */
  keys: string[];
  links: { to: string; text: string; header: boolean }[];
  /** Reached from this page by this link, for a broken link's record. */
  from?: number;
  text?: string;
  failure?: string;
}

export async function exploreSite(opts: ExploreSiteOptions): Promise<RunRecord> {
  const { settings } = opts;
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const steps: StepRecord[] = [];
  const visited: Visited[] = [];
  const contacts: ContactPoint[] = [];
  const promises: ServicePromise[] = [];
  const observers: PageObserver[] = [];
  const overlayWatches: OverlayWatch[] = [];
  const pagesOpen: Page[] = [];
  let context: BrowserContext | undefined;
  let health: PageHealthWatch | undefined;
  let search: SiteRecord['search'];
  let frontier: Frontier | undefined;
  let robotsStatus: SiteRecord['limits']['robots'] = 'none';
  const firstParty = isFirstParty(opts.firstParty?.length ? [...opts.firstParty] : firstPartyHosts(opts.start));
  const noResults = settings.noResultsPatterns.map((p) => new RegExp(p, 'i'));
  const notFoundPatterns = settings.notFoundPatterns.map((p) => new RegExp(p, 'i'));
  const exclude = settings.exclude.map((p) => new RegExp(p, 'i'));
  const settle = (page: Page) => page.waitForLoadState('networkidle', { timeout: settings.settleMs }).catch(() => undefined);
  let harnessBroke: string | undefined;

  try {
    context = await opts.browser.newContext({ viewport: opts.viewport, userAgent: await userAgent(opts.browser) });
    health = await watchPageHealth(context, { ...opts.pageHealth, currentStep: () => undefined, checked: new Set() });
    const robots = new RobotsCache(context.request, settings.pageTimeoutMs);
    const rulesByOrigin = new Map<string, RobotsRules>();
    const ensureRobots = async (urls: string[]) => {
      for (const origin of new Set(urls.map((u) => new URL(u).origin))) if (!rulesByOrigin.has(origin)) rulesByOrigin.set(origin, await robots.rulesFor(origin));
    };
    await ensureRobots([opts.start]);
    robotsStatus = rulesByOrigin.get(new URL(opts.start).origin)?.status ?? 'none';
    frontier = new Frontier({
      start: opts.start,
      maxDepth: settings.maxDepth,
      maxPages: settings.maxPages,
      maxVariants: settings.maxVariants,
      sameSite: settings.sameSite,
      exclude,
      allowed: (url) => rulesByOrigin.get(new URL(url).origin)?.allowed(url) ?? true,
    });
    const crawl = frontier;

    // Pages with a site search, as found: the help centre's is used for the questions.
    const searchCandidates: { index: number; selector: string; how: string; help: boolean }[] = [];

    // Workers share the queue: one waits while another may still find pages to visit.
    let busy = 0;
    let wake: () => void = () => undefined;
    const worker = async () => {
      const page = await context!.newPage();
      pagesOpen.push(page);
      let current: number | undefined;
      const overlays = await dismissOverlays(page, { dismiss: opts.dismiss ?? [CONSENT_HANDLER], consent: opts.consent ?? 'reject', now, currentStep: () => current, max: opts.maxObservations });
      const observer = observePage(page, {
        now,
        currentStep: () => current,
        isFirstParty: firstParty,
        dialogAnswer: () => ({ answer: 'dismiss', expected: false }),
        maxObservations: opts.maxObservations,
      });
      observers.push(observer);
      overlayWatches.push(overlays);
      for (;;) {
        if (opts.signal?.aborted) return;
        const visit = crawl.next();
        if (!visit) {
          if (busy === 0) return;
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        busy++;
        current = visit.index;
        try {
          const seen = await visitPage(page, visit);
          // Links of a new origin (a help centre elsewhere) wait for its robots.txt.
          await ensureRobots(seen.links.map((l) => l.to).filter((u) => pageKey(u) !== undefined));
          for (const link of seen.links) crawl.offer(link.to, visit.depth + 1, visit.index, link.text);
        } finally {
          busy--;
          const w = wake;
          wake = () => undefined;
          w();
        }
      }
    };

    const visitPage = async (page: Page, visit: { url: string; depth: number; index: number; from?: number; text?: string }): Promise<Visited> => {
      const index = visit.index;
      const path = new URL(visit.url).pathname;
      const name = index === 0 ? 'Open the home page' : `Open ${path}${new URL(visit.url).search}`;
      const startMs = now();
      const h0 = performance.now();
      // Recorded before anything can go wrong, so pages keep the positions links and steps refer to.
      const v: Visited = { page: { url: visit.url, stepIndex: index, depth: visit.depth }, keys: [visit.url], links: [], ...(visit.from !== undefined && { from: visit.from, text: visit.text }) };
      visited[index] = v;
      steps[index] = { index, name, actions: [`goto ${path}`], startMs, durationMs: 0, harnessMs: 0, url: visit.url, status: 'passed', interactions: { clicks: 0, keystrokes: 0, fieldsFilled: 0 } };
      let status: number | undefined;
      let failure: string | undefined;
      try {
        const res = await page.goto(visit.url, { waitUntil: 'load', timeout: settings.pageTimeoutMs });
        status = res?.status();
        const type = res?.headers()['content-type'] ?? 'text/html';
        if (!/html/i.test(type)) failure = `not a web page (${type.split(';')[0]})`;
      } catch (err) {
        failure = (err as Error)?.name === 'TimeoutError' ? `no answer within ${formatMs(settings.pageTimeoutMs)}` : firstLine(err);
      }
      const durationMs = performance.now() - h0;
      if (status !== undefined) v.page.status = status;
      const a0 = performance.now();
      const ok = !failure && (status === undefined || status < 400);
      let facts: PageFacts | undefined;
      if (ok) {
        await settle(page);
        // A consent banner is closed as a customer would, before reading the page (the overlay handler runs before an action).
        await page.locator('body').hover({ trial: true, timeout: 2_000 }).catch(() => undefined);
        try {
          facts = await readFacts(page, { hours: settings.hoursPatterns, responseTime: settings.responseTimePatterns, help: settings.helpPatterns });
        } catch (err) {
          failure = `the page could not be read: ${firstLine(err)}`;
        }
      } else if (failure) {
        v.failure = failure;
        v.page.error = failure;
      }
      const finalKey = pageKey(page.url());
      if (finalKey && finalKey !== visit.url) {
        v.keys.push(finalKey);
        crawl.arrivedAt(finalKey, visit.depth);
      }
      if (facts) {
        // "Sorry, we can't find that page" with HTTP 200 (a single-page app's not-found view): broken all the same.
        const notFound = index > 0 ? [facts.heading, facts.title].find((t) => t && notFoundPatterns.some((p) => p.test(t))) : undefined;
        if (notFound) v.page.notFound = notFound;
        Object.assign(v.page, { ...(facts.title && { title: facts.title }), ...(facts.help && { help: true }), ...(facts.search && { search: true }), controls: facts.controls });
        v.links = facts.links.map((l) => ({ to: l.href, text: l.text, header: l.header }));
        for (const c of facts.contacts) contacts.push({ ...c, page: index, ...(c.header ? { header: true } : {}) });
        for (const p of facts.promises) promises.push({ ...p, page: index });
        if (facts.search) searchCandidates.push({ index, selector: facts.search.selector, how: facts.search.how, help: facts.help });
      }
      await health!.capture(page, index);
      const step: StepRecord = {
        index,
        name,
        actions: [`goto ${path}`],
        startMs,
        durationMs,
        harnessMs: 0,
        url: page.url() === 'about:blank' ? visit.url : page.url(),
        status: 'passed',
        interactions: { clicks: 0, keystrokes: 0, fieldsFilled: 0 },
      };
      if (index === 0 && !ok) {
        step.status = 'failed';
        step.error = { kind: 'navigation', message: status !== undefined && status >= 400 ? `The home page answered with an error (HTTP ${status}).` : `The home page could not be loaded: ${failure}.` };
      }
      if (opts.screenshots === 'each' || (opts.screenshots === 'failures' && !ok)) {
        const shot = await screenshot(page, opts.outDir, screenshotName(`${EXPLORE_JOURNEY}/${new URL(opts.start).host}`, index), [], opts.secrets);
        if (shot) step.screenshot = shot;
      }
      step.harnessMs = performance.now() - a0;
      steps[index] = step;
      opts.onStep?.({ index, name, url: step.url });
      return v;
    };

    await Promise.all(Array.from({ length: settings.concurrency }, () => worker()));

    // Self-service: the help centre's search if there is one, else the first search found.
    const chosen = searchCandidates.sort((a, b) => Number(b.help) - Number(a.help) || a.index - b.index)[0];
    // Recorded once found, even when a stop (Ctrl-C) leaves its questions unasked: the site has a search.
    if (chosen) {
      const page = pagesOpen[0];
      const questions: SearchAttempt[] = [];
      const searchPage = visited[chosen.index].page.url;
      for (const question of settings.questions) {
        if (opts.signal?.aborted) break;
        const index = steps.length;
        const startMs = now();
        const h0 = performance.now();
        let outcome: Awaited<ReturnType<typeof ask>>;
        try {
          outcome = await ask(page, searchPage, chosen.selector, question, { timeoutMs: settings.pageTimeoutMs, settle: () => settle(page), noResults });
        } catch (err) {
          outcome = { url: page.url(), hit: false, noResults: false, matched: [], excerpt: [], error: `The search could not be used: ${firstLine(err)}` };
        }
        const durationMs = performance.now() - h0;
        await health.capture(page, index);
        const step: StepRecord = {
          index,
          name: `Search “${question.ask}”`,
          actions: [`goto ${new URL(searchPage).pathname}`, `fill search "${question.ask}"`, 'press Enter'],
          startMs,
          durationMs,
          harnessMs: 0,
          url: page.url(),
          status: 'passed',
          interactions: { clicks: 0, keystrokes: question.ask.length + 1, fieldsFilled: 1 },
        };
        if (opts.screenshots !== 'off') {
          const shot = await screenshot(page, opts.outDir, screenshotName(`${EXPLORE_JOURNEY}/${new URL(opts.start).host}`, index), [], opts.secrets);
          if (shot) step.screenshot = shot;
        }
        steps[index] = step;
        questions.push({ question: question.ask, stepIndex: index, ...outcome });
        opts.onStep?.({ index, name: step.name, url: step.url });
      }
      search = { page: chosen.index, how: chosen.how, questions };
    }
  } catch (err) {
    harnessBroke = firstLine(err);
  } finally {
    await context?.close().catch(() => undefined);
  }

  const site = siteRecord(opts.start, visited, contacts, promises, search, {
    maxDepth: settings.maxDepth,
    maxPages: settings.maxPages,
    reachedMaxPages: frontier?.reachedMaxPages ?? false,
    notVisited: frontier?.notVisited ?? 0,
    robots: robotsStatus,
    disallowed: frontier?.disallowed ?? 0,
  });
  const ordered = steps.filter(Boolean);
  const homeFailed = ordered[0]?.status === 'failed' ? ordered[0] : undefined;
  const stoppedAt = harnessBroke
    ? { stepIndex: ordered.length ? ordered.length - 1 : 0, stepName: ordered.at(-1)?.name ?? 'Open the home page', reason: `The harness failed: ${harnessBroke}` }
    : homeFailed
      ? { stepIndex: 0, stepName: homeFailed.name, reason: homeFailed.error!.message }
      : undefined;
  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId: `${EXPLORE_JOURNEY}/visitor/1`,
    journeyId: EXPLORE_JOURNEY,
    journeyName: exploreName(opts.start),
    tags: ['explore'],
    persona: 'visitor',
    repeat: 1,
    status: harnessBroke ? 'errored' : homeFailed ? 'failed' : 'completed',
    startedAt,
    durationMs: now(),
    budgets: {},
    plannedSteps: ordered.length,
    ...(stoppedAt && { stoppedAt }),
    steps: ordered,
    ...(opts.signal?.aborted && { cutShort: `stopped after ${ordered.length === 1 ? '1 step' : `${ordered.length} steps`}` }),
    observations: mergeObservations(observers, overlayWatches),
    ...(health && health.pages().length ? { pages: health.pages() } : {}),
    artifacts: {},
    channels: { site } as RunRecord['channels'],
  };
  return redact(record, [...opts.secrets]);
}

/** The site record from what the crawl kept: links resolved to the pages they reach, broken ones apart. */
function siteRecord(start: string, visited: Visited[], contacts: ContactPoint[], promises: ServicePromise[], search: SiteRecord['search'], limits: SiteRecord['limits']): SiteRecord {
  const pages = visited.filter(Boolean);
  const byKey = new Map<string, number>();
  for (const v of pages) for (const k of v.keys) if (!byKey.has(k)) byKey.set(k, v.page.stepIndex);
  const links: SiteLink[] = [];
  const seen = new Set<string>();
  for (const v of pages) {
    for (const l of v.links) {
      const key = pageKey(l.to);
      const to = key === undefined ? undefined : byKey.get(key);
      if (to === undefined || to === v.page.stepIndex) continue;
      const id = `${v.page.stepIndex}>${to}`;
      if (seen.has(id)) continue;
      seen.add(id);
      links.push({ from: v.page.stepIndex, to, text: l.text, ...(l.header ? { header: true } : {}) });
    }
  }
  const brokenLinks: BrokenLink[] = [];
  for (const v of pages) {
    const broken = v.failure !== undefined || (v.page.status ?? 0) >= 400 || v.page.notFound !== undefined;
    if (!broken || v.page.stepIndex === 0) continue;
    const from = [...new Set(links.filter((l) => l.to === v.page.stepIndex).map((l) => l.from))].sort((a, b) => a - b);
    brokenLinks.push({
      url: v.page.url,
      ...(v.page.status !== undefined && v.page.status >= 400 ? { status: v.page.status } : {}),
      ...(v.failure ? { failure: v.failure } : {}),
      ...(v.page.notFound !== undefined && { says: v.page.notFound }),
      text: v.text ?? links.find((l) => l.to === v.page.stepIndex)?.text ?? '',
      ...(links.some((l) => l.to === v.page.stepIndex && l.header) ? { header: true } : {}),
      from: from.length ? from : v.from !== undefined ? [v.from] : [],
    });
  }
  return { start, pages: pages.map((v) => v.page), links, contacts, promises, brokenLinks, ...(search ? { search } : {}), limits };
}

/**
 * The workers' observations as one run's, in time order. A page load that failed is not kept as
 * a failed request: it is a broken link of the site record, which names the pages linking to it.
 */
function mergeObservations(observers: PageObserver[], overlays: OverlayWatch[]): Observations {
  const all = observers.map((o) => o.observations);
  const byTime = <T extends { atMs: number }>(items: T[]): T[] => items.sort((a, b) => a.atMs - b.atMs);
  const dismissed = overlays.flatMap((o) => o.dismissed).sort((a, b) => a.atMs - b.atMs);
  const overflow = all.flatMap((o) => o.overflow ?? []);
  return {
    consoleErrors: byTime(all.flatMap((o) => o.consoleErrors)),
    pageErrors: byTime(all.flatMap((o) => o.pageErrors)),
    failedRequests: byTime(all.flatMap((o) => o.failedRequests)).filter((r) => !r.isNavigation),
    navigations: byTime(all.flatMap((o) => o.navigations)),
    dialogs: byTime(all.flatMap((o) => o.dialogs)),
    ...(dismissed.length ? { dismissed } : {}),
    ...(overflow.length ? { overflow } : {}),
  };
}

/** The browser's own User-Agent with the tool named, so a site's logs can tell an audit from a customer. */
async function userAgent(browser: Browser): Promise<string> {
  let base = '';
  try {
    const session = await browser.newBrowserCDPSession();
    base = ((await session.send('Browser.getVersion')) as { userAgent: string }).userAgent;
    await session.detach();
  } catch {
    base = 'Mozilla/5.0';
  }
  return `${base} ${ROBOTS_AGENT}/${TOOL_VERSION} (customer-service audit)`;
}

const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/^\w+\.\w+: /, '');
