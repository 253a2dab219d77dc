import { z } from 'zod';

/*
 * What `explore` records of a whole site (`run.channels.site`): the pages it visited breadth
 * first from the home page, the links between them, every way to contact the company it found,
 * what the site promises (opening hours, response times), its search and what the search
 * answered, and the links that lead nowhere. The run's steps are the pages and searches, in order.
 */

export const SITE_CHANNEL = 'site';

const index = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** Ways a customer can reach the company, as a page offers them. */
export const CONTACT_KINDS = ['phone', 'email', 'chat', 'form', 'messaging'] as const;
export const ContactKind = z.enum(CONTACT_KINDS);
export type ContactKind = z.infer<typeof ContactKind>;

/** In the customer's words, for findings and the scorecard. */
export const CONTACT_WORDS: Record<ContactKind, string> = {
  phone: 'Phone',
  email: 'Email',
  chat: 'Chat',
  form: 'Contact form',
  messaging: 'Messaging',
};

export const SitePage = z.object({
  url: z.string(),
  title: z.string().optional(),
  /** The step that opened it (`run.steps[stepIndex]`). */
  stepIndex: index,
  /** Clicks from the home page on the way the crawl first reached it (breadth first: the fewest). */
  depth: count,
  /** HTTP status of the page's document. */
  status: z.number().int().optional(),
  /** Why it could not be read (no answer, not HTML…). */
  error: z.string().optional(),
  /** It looks like a help, FAQ or support page (URL, title or heading). */
  help: z.boolean().optional(),
  /** It has a site search (see `search.how`). */
  search: z.boolean().optional(),
  /** It answered but its title or heading says it is not there ("Sorry, we can't find that page"): what it says. */
  notFound: z.string().optional(),
  /** What the customer can click on it: visible links (any address) and buttons, open shadow roots included. */
  controls: z.object({ links: count, buttons: count }).optional(),
});
export type SitePage = z.infer<typeof SitePage>;

/** A link a visited page has to another visited page: the graph contactability paths are found in. */
export const SiteLink = z.object({
  from: index,
  to: index,
  /** The link's visible text (or accessible name): what the customer clicks. */
  text: z.string(),
  /** In the page's header or main navigation (seen on arrival, on every page). */
  header: z.boolean().optional(),
});
export type SiteLink = z.infer<typeof SiteLink>;

/** A way to contact the company, where a page offers it. */
export const ContactPoint = z.object({
  kind: ContactKind,
  /** The number, the address, the form's target, the chat's vendor or launcher, the messaging link. */
  value: z.string(),
  /** What the page shows for it (the link's text, the launcher's name). */
  text: z.string(),
  /** The page (`pages[page]`) it was found on. */
  page: index,
  /** In the page's header or main navigation. */
  header: z.boolean().optional(),
});
export type ContactPoint = z.infer<typeof ContactPoint>;

export const PROMISE_KINDS = ['hours', 'response-time'] as const;
/** A statement of when the company answers: opening hours, or how soon a message gets a reply. */
export const ServicePromise = z.object({
  kind: z.enum(PROMISE_KINDS),
  /** The sentence as the page says it. */
  text: z.string(),
  page: index,
});
export type ServicePromise = z.infer<typeof ServicePromise>;

/** A link on a visited page whose target answered with an error (or not at all). */
export const BrokenLink = z.object({
  url: z.string(),
  status: z.number().int().optional(),
  failure: z.string().optional(),
  /** The page answered but says it is not there: its words. */
  says: z.string().optional(),
  /** The link's text on the first page that has it. */
  text: z.string(),
  /** Pages (`pages[i]`) that link to it. */
  from: z.array(index),
  /** Some page has it in its header or main navigation (seen on arrival, on every page). */
  header: z.boolean().optional(),
});
export type BrokenLink = z.infer<typeof BrokenLink>;

/** One question put to the site's search, and whether the results answer it. */
export const SearchAttempt = z.object({
  question: z.string(),
  /** The step that searched (its screenshot is the results page). */
  stepIndex: index.optional(),
  /** The results' address. */
  url: z.string(),
  /** The results show a relevant answer: one of the question's keywords, outside the search box and the question echoed. */
  hit: z.boolean(),
  /** The page said it found nothing ("No results for…"). */
  noResults: z.boolean(),
  /** Keywords of the question found in the results. */
  matched: z.array(z.string()),
  /** The first lines of the results, as the customer read them. */
  excerpt: z.array(z.string()),
  /** The search could not be used (no field, an error page…). */
  error: z.string().optional(),
});
export type SearchAttempt = z.infer<typeof SearchAttempt>;

export const SiteSearch = z.object({
  /** The page whose search was used. */
  page: index,
  /** How it was found: `role=search`, `input[type=search]`, a field named q/query/search… */
  how: z.string(),
  questions: z.array(SearchAttempt),
});
export type SiteSearch = z.infer<typeof SiteSearch>;

export const CrawlLimits = z.object({
  maxDepth: count,
  maxPages: count,
  /** The crawl stopped at maxPages with pages still to visit. */
  reachedMaxPages: z.boolean(),
  /** Same-site links seen but not visited (past maxDepth or maxPages, or one variant too many of a path). */
  notVisited: count,
  /** robots.txt: `found` (honoured), `none` (no file: everything allowed), `unreadable` (an error: everything allowed). */
  robots: z.enum(['found', 'none', 'unreadable']),
  /** Links robots.txt did not allow. */
  disallowed: count,
});
export type CrawlLimits = z.infer<typeof CrawlLimits>;

export const SiteRecord = z.object({
  /** The URL the crawl started from (the home page). */
  start: z.string(),
  pages: z.array(SitePage),
  links: z.array(SiteLink),
  contacts: z.array(ContactPoint),
  promises: z.array(ServicePromise),
  brokenLinks: z.array(BrokenLink),
  /** Absent when no page had a site search. */
  search: SiteSearch.optional(),
  limits: CrawlLimits,
});
export type SiteRecord = z.infer<typeof SiteRecord>;
