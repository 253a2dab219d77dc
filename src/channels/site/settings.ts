import { z } from 'zod';
import { regexString } from '../../friction/rules/format.ts';

/*
 * The config's `site` section: how `explore` walks a site and what it looks for. Every pattern is a
 * regular expression (as a string, case-insensitive) tried against the visible text of each page;
 * docs/explore.md lists the defaults and how to add your own (another language, say).
 */

/** A question customers ask, put to the site's search, and the words a relevant answer contains. */
export const SearchQuestion = z
  .object({
    ask: z.string().min(1).max(200).describe('What the customer types into the search'),
    expect: z
      .array(z.string().min(1))
      .min(1)
      .describe('Words (or word beginnings) of which at least one must be in the results for them to answer the question, e.g. ["refund"]'),
  })
  .strict();
export type SearchQuestion = z.infer<typeof SearchQuestion>;

export const DEFAULT_QUESTIONS: SearchQuestion[] = [
  { ask: 'return an item', expect: ['return'] },
  { ask: 'refund', expect: ['refund'] },
  { ask: 'cancel an order', expect: ['cancel'] },
  { ask: 'delivery time', expect: ['deliver', 'shipping', 'dispatch'] },
  { ask: 'warranty', expect: ['warrant', 'guarantee'] },
  { ask: 'contact', expect: ['contact', 'email', 'phone', 'call us', 'chat'] },
];

const DAY = String.raw`(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|weekdays?|weekends?|daily|every day)`;
const TIME = String.raw`\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)?`;
const SPAN = String.raw`${TIME}\s*(?:-|–|—|to|until|till)\s*${TIME}`;

/** Opening hours: a day with a span of time, "24/7", "open from 9 to 5"… */
export const DEFAULT_HOURS_PATTERNS = [
  String.raw`\b${DAY}\b[^.\n]{0,40}?${SPAN}`,
  String.raw`${SPAN}[^.\n]{0,20}?\b${DAY}\b`,
  String.raw`\b(?:24\/7|24 hours a day|around the clock|open 24 hours|365 days a year)\b`,
  String.raw`\b(?:open|available|reachable|staffed|here)\b[^.\n]{0,30}?\b(?:from|between)\s+${TIME}\s*(?:-|–|to|and|until)\s*${TIME}`,
];

/** How soon a message is answered: "we reply within 24 hours", "response time: 2 working days", "typically replies in minutes". */
export const DEFAULT_RESPONSE_TIME_PATTERNS = [
  String.raw`\b(?:repl(?:y|ies|ied)|respond(?:s|ed)?|response|answer(?:s|ed)?|get back to you|back to you|hear (?:back )?from us|be in touch)\b[^.\n]{0,60}?\b(?:within|in|under|less than|inside|by)\s+(?:\d+|one|two|three|four|five|a few|a couple of|an?)\s*(?:(?:-|–|to)\s*\d+\s*)?(?:working |business )?(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b`,
  String.raw`\b(?:within|in under|in less than)\s+(?:\d+|one|two|three|a few|an?)\s*(?:working |business )?(?:minutes?|hours?|days?)\b[^.\n]{0,40}?\b(?:repl|respond|response|answer|get back)`,
  String.raw`\b(?:response|reply|answer|waiting) times?\b[^.\n]{0,40}?\d`,
  String.raw`\b(?:typically|usually|normally) (?:replies|responds|answers)\b`,
  String.raw`\b(?:same|next) (?:working |business )?day (?:reply|replies|response|answer)s?\b`,
];

/** A results page that says it found nothing. */
export const DEFAULT_NO_RESULTS_PATTERNS = [
  String.raw`\b(?:no|0|zero) (?:search )?(?:results?|answers?|matches|articles|items|hits)\b`,
  String.raw`\bnothing (?:was )?found\b`,
  String.raw`\bdid(?:n't| not) match any\b`,
  String.raw`\b(?:sorry,? )?we (?:could(?:n't| not)|did(?:n't| not)) find\b`,
];

/** A page that answers (HTTP 200) but says it is not there, by its title or main heading: a broken link all the same. */
export const DEFAULT_NOT_FOUND_PATTERNS = [
  String.raw`^(?:error\s*)?404\b`,
  String.raw`^(?:page )?not found\b`,
  String.raw`\b(?:page|article|product) (?:was |is )?not found\b`,
  String.raw`\b(?:can(?:not|['’]t)|could(?:n['’]t| not)) find (?:th(?:at|is|e) )?page\b`,
  String.raw`\b(?:that|this|the) page (?:does(?:n['’]t| not) exist|(?:can(?:not|['’]t)|could(?:n['’]t| not)) be found|is no longer available|was not found|has been removed)\b`,
];

/** A help, FAQ or support page, by its address, title or heading. */
export const DEFAULT_HELP_PATTERNS = [
  String.raw`\b(?:help|faqs?|support|frequently asked|customer service|customer care|knowledge ?base|help ?cent(?:re|er)|service cent(?:re|er)|kundenservice|hilfe|aide|ayuda)\b`,
];

export const SiteSettings = z
  .object({
    maxDepth: z.number().int().min(0).max(10).default(3).describe('How many clicks from the home page `explore` goes'),
    maxPages: z.number().int().positive().max(10_000).default(60).describe('Most pages `explore` visits per site'),
    concurrency: z.number().int().positive().max(16).default(2).describe('Pages `explore` loads at once per site'),
    maxVariants: z
      .number()
      .int()
      .positive()
      .default(3)
      .describe('Most addresses with the same path but another query (?page=2, ?month=…) visited: endless calendars and filters stay within limits'),
    pageTimeoutMs: z.number().int().positive().default(30_000).describe('How long `explore` waits for a page to load, ms'),
    settleMs: z
      .number()
      .int()
      .nonnegative()
      .default(500)
      .describe('After a page loads, how long `explore` waits for its scripts to draw links and widgets (client-side rendering), ms'),
    sameSite: z
      .array(z.string().min(1))
      .default([])
      .describe('Other hosts that belong to the site (a help centre elsewhere): their pages are explored too. Subdomains of the start host\'s domain always are'),
    exclude: z
      .array(regexString)
      .default([String.raw`/(?:log-?out|sign-?out|logoff)\b`, String.raw`[?&](?:add-to-cart|add_to_cart)=`, String.raw`/cart/add\b`])
      .describe('Addresses `explore` never opens (regular expressions): signing out, adding to a cart'),
    questions: z.array(SearchQuestion).default(DEFAULT_QUESTIONS).describe("The questions put to the site's search (self-service)"),
    hoursPatterns: z.array(regexString).default(DEFAULT_HOURS_PATTERNS).describe('Statements of opening hours (regular expressions)'),
    responseTimePatterns: z.array(regexString).default(DEFAULT_RESPONSE_TIME_PATTERNS).describe('Statements of how soon messages are answered (regular expressions)'),
    noResultsPatterns: z.array(regexString).default(DEFAULT_NO_RESULTS_PATTERNS).describe('What a search results page says when it found nothing (regular expressions)'),
    notFoundPatterns: z
      .array(regexString)
      .default(DEFAULT_NOT_FOUND_PATTERNS)
      .describe('A page that answers but says it is not there ("Page not found"), by its title or main heading (regular expressions): the links to it are broken'),
    helpPatterns: z.array(regexString).default(DEFAULT_HELP_PATTERNS).describe("A help or FAQ page's address, title or heading (regular expressions)"),
  })
  .strict();
export type SiteSettings = z.infer<typeof SiteSettings>;
