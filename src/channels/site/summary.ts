import { z } from 'zod';
import type { RunRecord } from '../../model/run-record.ts';
import type { JourneyScorecard } from '../../model/scorecard.ts';
import { truncate } from '../../report/format.ts';
import { analyseSite, pageTitle, type SiteAnalysis } from './analysis.ts';
import { CONTACT_KINDS, ContactKind, CrawlLimits, type ServicePromise, type SiteRecord } from './record.ts';

/*
 * What the scorecard keeps of an explored site (`runSummary.channels.site`): how far each way to
 * contact the company is from the home page, what the site promises, how its search answered the
 * customers' questions, and a small site map. Read by the HTML view and by `compare`.
 */

const count = z.number().int().nonnegative();

/** A page on a click path, as a breadcrumb shows it. */
export const Crumb = z.object({ title: z.string(), url: z.string() });
export type Crumb = z.infer<typeof Crumb>;

/** How a customer reaches one kind of contact from the home page: the shortest click path to the nearest page offering it. */
export const ChannelReach = z.object({
  kind: ContactKind,
  found: z.boolean(),
  /** Clicks from the home page (0: on the home page itself). */
  clicks: count.optional(),
  /** Home page first, the page offering it last. */
  path: z.array(Crumb),
  /** The link texts clicked on the way (one per click). */
  via: z.array(z.string()),
  /** Offered in a page's header or main navigation (or reached through a link there). */
  header: z.boolean(),
  /** The number, address, form target… of the nearest one. */
  value: z.string().optional(),
  text: z.string().optional(),
  /** What the site promises next to it (opening hours, response times on the same page). */
  promises: z.array(z.string()),
  /** Distinct ones of this kind found on the site (different numbers, addresses…). */
  distinct: count,
});
export type ChannelReach = z.infer<typeof ChannelReach>;

/** The path as a customer clicks it: "Home", then each link's text (the page's title when the link has none), with its page; "…" (no page) where the clicks between are not known. */
export function clickPathCrumbs(r: ChannelReach): { label: string; page?: Crumb }[] {
  const crumbs: { label: string; page?: Crumb }[] = r.path.map((page, i) => ({ label: i === 0 ? 'Home' : r.via[i - 1] || page.title, page }));
  if (r.clicks !== undefined && crumbs.length > 1 && crumbs.length - 1 < r.clicks) crumbs.splice(1, 0, { label: '…' });
  return crumbs;
}

export const StatedPromise = z.object({ text: z.string(), page: Crumb });
export type StatedPromise = z.infer<typeof StatedPromise>;

export const SearchSummary = z.object({
  question: z.string(),
  hit: z.boolean(),
  noResults: z.boolean(),
  matched: z.array(z.string()),
  excerpt: z.array(z.string()),
  url: z.string(),
  /** The results page as the customer saw it. */
  screenshot: z.string().optional(),
  error: z.string().optional(),
});
export type SearchSummary = z.infer<typeof SearchSummary>;

export const SiteMapEntry = z.object({
  url: z.string(),
  title: z.string(),
  /** Clicks from the home page in that tree (the crawl's depth where no recorded link leads to the page). */
  depth: count,
  /** The page (index in `siteMap`) it is first reached from by the fewest clicks (the breadth-first tree over the links). */
  parent: count.optional(),
  status: z.number().int().optional(),
  /** Why it could not be read (no answer, not HTML…). */
  error: z.string().optional(),
  help: z.boolean().optional(),
  /** It answered but says it is not there: its words. */
  notFound: z.string().optional(),
  /** Ways to contact offered on the page. */
  contacts: z.array(ContactKind),
  /** Visible links and buttons on the page. */
  controls: z.object({ links: count, buttons: count }).optional(),
});
export type SiteMapEntry = z.infer<typeof SiteMapEntry>;

export const SiteSummary = z.object({
  start: z.string(),
  pagesVisited: count,
  limits: CrawlLimits,
  /** One entry per kind of contact (CONTACT_KINDS order), found or not. */
  contactability: z.array(ChannelReach),
  hours: z.array(StatedPromise),
  responseTimes: z.array(StatedPromise),
  selfService: z.object({
    /** The site search used, when one was found. */
    search: z.object({ page: Crumb, how: z.string() }).optional(),
    questions: z.array(SearchSummary),
    /** Questions whose results showed a relevant answer. */
    hits: count,
    asked: count,
  }),
  brokenLinks: count,
  siteMap: z.array(SiteMapEntry),
});
export type SiteSummary = z.infer<typeof SiteSummary>;

/** Longest page text (a title, a promise, a result line) kept in the scorecard; the whole record is in runs.jsonl. */
const TEXT_MAX = 300;
const RESULT_LINES = 5;

/** The site's slice of the scorecard, from its record and the site analysis (computed once, with the configured options). */
export function siteSummary(record: SiteRecord, run: RunRecord, analysis: SiteAnalysis | undefined): SiteSummary {
  const a = analysis ?? analyseSite(record);
  const crumb = (page: number): Crumb => ({ title: pageTitle(record.pages[page]), url: record.pages[page]?.url ?? '' });
  const stated = (p: ServicePromise): StatedPromise => ({ text: truncate(p.text, TEXT_MAX), page: crumb(p.page) });
  const screenshot = (stepIndex: number | undefined) => (stepIndex === undefined ? undefined : run.steps.find((s) => s.index === stepIndex)?.screenshot);
  const questions = record.search?.questions ?? [];
  const offered = new Map<number, Set<ContactKind>>();
  for (const c of record.contacts) offered.set(c.page, (offered.get(c.page) ?? new Set<ContactKind>()).add(c.kind));
  return {
    start: record.start,
    pagesVisited: record.pages.length,
    limits: record.limits,
    contactability: CONTACT_KINDS.map((kind) => {
      const c = a.contactability.find((x) => x.kind === kind);
      if (!c?.found || !c.path || !c.contact) return { kind, found: false, path: [], via: [], header: false, promises: [], distinct: 0 };
      return {
        kind,
        found: true,
        clicks: c.path.clicks,
        path: c.path.pages.map(crumb),
        via: c.path.via.map((v) => truncate(v, TEXT_MAX)),
        header: c.header,
        value: truncate(c.contact.value, TEXT_MAX),
        text: truncate(c.contact.text, TEXT_MAX),
        // One line can state both hours and a response time: quoted once.
        promises: [...new Set(c.promises.map((p) => truncate(p.text, TEXT_MAX)))],
        distinct: c.distinct,
      };
    }),
    hours: a.promises.hours.map(stated),
    responseTimes: a.promises.responseTimes.map(stated),
    selfService: {
      ...(record.search ? { search: { page: crumb(record.search.page), how: record.search.how } } : {}),
      questions: questions.map((q) => {
        const shot = screenshot(q.stepIndex);
        return {
          question: truncate(q.question, TEXT_MAX),
          hit: q.hit,
          noResults: q.noResults,
          matched: q.matched,
          excerpt: q.excerpt.slice(0, RESULT_LINES).map((l) => truncate(l, TEXT_MAX)),
          url: q.url,
          ...(shot ? { screenshot: shot } : {}),
          ...(q.error !== undefined ? { error: truncate(q.error, TEXT_MAX) } : {}),
        };
      }),
      hits: a.search.hits,
      asked: a.search.asked,
    },
    brokenLinks: record.brokenLinks.length,
    siteMap: record.pages.map((page, i) => {
      const r = a.reach[i];
      return {
        url: page.url,
        title: pageTitle(page),
        // The breadth-first tree's depth, so a page sits one level under its parent; the crawl's own where no link leads to it.
        depth: r?.clicks ?? page.depth,
        ...(r?.parent !== undefined ? { parent: r.parent } : {}),
        ...(page.status !== undefined ? { status: page.status } : {}),
        ...(page.error !== undefined ? { error: truncate(page.error, TEXT_MAX) } : {}),
        ...(page.help ? { help: true } : {}),
        ...(page.notFound !== undefined ? { notFound: truncate(page.notFound, TEXT_MAX) } : {}),
        contacts: CONTACT_KINDS.filter((k) => offered.get(i)?.has(k)),
        ...(page.controls ? { controls: page.controls } : {}),
      };
    }),
  };
}

/**
 * The scorecard's one sentence about an explored site, for a service leader: how many pages, how
 * far each way to contact is from the home page, and how the search did. E.g. "Explored 16 pages:
 * chat is on the home page; phone, email and a contact form are 1 click away; the site's search
 * answered 6 of 6 questions."
 */
export function describeSite(s: SiteSummary): string {
  const byClicks = new Map<number, string[]>();
  for (const c of s.contactability) if (c.found && c.clicks !== undefined) byClicks.set(c.clicks, [...(byClicks.get(c.clicks) ?? []), CONTACT_SENTENCE_NOUNS[c.kind]]);
  const reach = [...byClicks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([clicks, kinds]) => {
      const many = kinds.length > 1 || kinds[0].endsWith('s');
      return `${listOf(kinds)} ${many ? 'are' : 'is'} ${clicks === 0 ? 'on the home page' : `${clicks} ${clicks === 1 ? 'click' : 'clicks'} away`}`;
    });
  // "no phone or contact form was found": no article after "no".
  const missing = s.contactability.filter((c) => !c.found && c.kind !== 'messaging').map((c) => CONTACT_SENTENCE_NOUNS[c.kind].replace(/^an? /, ''));
  const parts = [reach.length ? reach.join('; ') : 'no way to contact the company was found'];
  if (reach.length && missing.length) parts.push(`no ${listOf(missing, 'or')} was found`);
  parts.push(selfServiceSentence(s.selfService));
  const pages = `${s.pagesVisited} ${s.pagesVisited === 1 ? 'page' : 'pages'}`;
  const sentence = `Explored ${pages}: ${parts.join('; ')}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** The explored site of an explore's scorecard (one run of one site), else undefined. */
export const exploredSite = (journeys: readonly Pick<JourneyScorecard, 'runs'>[]): SiteSummary | undefined =>
  journeys.length === 1 && journeys[0].runs.length === 1 ? journeys[0].runs[0].channels?.site : undefined;

/** "the site's search answered 4 of 6 questions", for the verdict and summary.md. */
export function selfServiceSentence(ss: SiteSummary['selfService']): string {
  if (!ss.search) return 'no site search was found';
  if (ss.asked === 0) return 'the site has a search; no question was put to it';
  return `the site's search answered ${ss.hits} of ${ss.asked} ${ss.asked === 1 ? 'question' : 'questions'}`;
}

const CONTACT_SENTENCE_NOUNS: Record<ContactKind, string> = { phone: 'phone', email: 'email', chat: 'chat', form: 'a contact form', messaging: 'messaging' };
const listOf = (items: readonly string[], last = 'and'): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`);
