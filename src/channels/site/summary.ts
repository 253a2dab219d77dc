import { z } from 'zod';
import { ContactKind, CrawlLimits } from './record.ts';

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
  depth: count,
  /** The page (index in `siteMap`) the crawl first reached it from. */
  parent: count.optional(),
  status: z.number().int().optional(),
  help: z.boolean().optional(),
  /** Ways to contact offered on the page. */
  contacts: z.array(ContactKind),
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
