/**
 * What an explored site comes to, worked out once per run from its record and read by the site
 * rules and the scorecard alike: how many clicks from the home page each way to contact the
 * company is (breadth first over the links between the pages visited, not the crawl's `depth`,
 * which concurrent page loads can overstate), what the site promises, how its search answered.
 * Plain functions of the record: the same record always gives the same analysis.
 */
import type { RuleContext } from '../../friction/rule.ts';
import { stepRef } from '../../friction/rules/format.ts';
import type { RunRecord } from '../../model/run-record.ts';
import { CONTACT_KINDS, CONTACT_WORDS, SITE_CHANNEL, type ContactKind, type ContactPoint, type ServicePromise, type SiteLink, type SitePage, type SiteRecord } from './record.ts';

/** How the breadth-first search over the links reached one page. */
export interface PageReach {
  /** Fewest clicks from the home page over the recorded links; absent when no recorded link leads to it. */
  clicks?: number;
  /** The page it was first reached from (the breadth-first tree) and the link clicked there. */
  parent?: number;
  link?: SiteLink;
  /** Fewest clicks using header and main-navigation links only, and the header link it was first reached by. */
  headerClicks?: number;
  headerLink?: SiteLink;
}

/** A way from the home page to a page, as a customer clicks it. */
export interface ClickPath {
  /** Pages (`pages[i]`), the home page first, the page reached last. */
  pages: number[];
  /** The link texts clicked, one per click (none when `known` is false). */
  via: string[];
  clicks: number;
  /** Every link on the way is a header or main-navigation link (false for the home page itself). */
  viaHeader: boolean;
  /**
   * False when no recorded link leads to the page (a redirect the link graph missed): `clicks` is
   * the crawl's depth and the path only its two ends.
   */
  known: boolean;
}

/** How a customer reaches one kind of contact from the home page. */
export interface ContactReach {
  kind: ContactKind;
  found: boolean;
  /** The nearest page offering it (fewest clicks; then one in the header; then the first visited). */
  page?: number;
  path?: ClickPath;
  /** The contact point shown there (the one in the header when the page has several). */
  contact?: ContactPoint;
  /** The contact point is in the page's header, or every link on the way is. */
  header: boolean;
  /** What the site promises on that page (opening hours, response times), as it says them. */
  promises: ServicePromise[];
  /** Distinct numbers, addresses, forms… of this kind on the whole site. */
  distinct: number;
  /** Every page offering it, nearest first. */
  pages: number[];
}

export interface SearchCounts {
  /** A page had a site search. */
  found: boolean;
  asked: number;
  /** Questions whose results showed a relevant answer. */
  hits: number;
  /** Questions searched whose results did not (the search worked). */
  misses: number;
  /** Of the misses, those where the page said it found nothing. */
  noResults: number;
  /** Questions the search could not be used for. */
  errors: number;
}

export interface SiteAnalysis {
  /** Per page (`pages[i]`), how the links reach it. */
  reach: PageReach[];
  /** One entry per kind of contact, in CONTACT_KINDS order, found or not. */
  contactability: ContactReach[];
  /** The kinds found anywhere. */
  found: ContactKind[];
  /** Statements of opening hours and of response times, each text once (on its nearest page), nearest first. */
  promises: { hours: ServicePromise[]; responseTimes: ServicePromise[] };
  search: SearchCounts;
  /** Pages read (answered without an error): with none, nothing can be said to be missing. */
  readable: number;
}

const space = (text: string) => text.replace(/\s+/g, ' ').trim();
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/** A page as a customer names it: its title, else its path. */
export function pageTitle(page: Pick<SitePage, 'url' | 'title'> | undefined, max = 120): string {
  if (!page) return '';
  const title = space(page.title ?? '');
  if (title) return cut(title, max);
  try {
    const u = new URL(page.url);
    return cut(`${u.pathname}${u.search}` || page.url, max);
  } catch {
    return cut(page.url, max);
  }
}

/** Answered without an error: its content could be read. */
export const isReadable = (page: SitePage) => page.error === undefined && (page.status === undefined || page.status < 400);

/** Breadth first from the home page (`pages[0]`) over `links`, once over every link and once over header links only. */
function reachOf(record: SiteRecord): PageReach[] {
  const reach: PageReach[] = record.pages.map(() => ({}));
  if (!record.pages.length) return reach;
  const out = new Map<number, SiteLink[]>();
  for (const link of record.links) {
    if (link.from === link.to || !record.pages[link.from] || !record.pages[link.to]) continue;
    const list = out.get(link.from);
    if (list) list.push(link);
    else out.set(link.from, [link]);
  }
  const bfs = (use: (l: SiteLink) => boolean, visit: (to: number, from: number, link: SiteLink, clicks: number) => void) => {
    const clicks = new Map<number, number>([[0, 0]]);
    const queue = [0];
    for (let i = 0; i < queue.length; i++) {
      const from = queue[i];
      for (const link of out.get(from) ?? []) {
        if (!use(link) || clicks.has(link.to)) continue;
        const c = clicks.get(from)! + 1;
        clicks.set(link.to, c);
        visit(link.to, from, link, c);
        queue.push(link.to);
      }
    }
  };
  reach[0].clicks = 0;
  reach[0].headerClicks = 0;
  bfs(
    () => true,
    (to, from, link, clicks) => Object.assign(reach[to], { clicks, parent: from, link }),
  );
  bfs(
    (l) => l.header === true,
    (to, _from, link, clicks) => Object.assign(reach[to], { headerClicks: clicks, headerLink: link }),
  );
  return reach;
}

/** The shortest way from the home page to a page, through header links when one of the shortest ways is. */
export function clickPath(record: SiteRecord, reach: readonly PageReach[], page: number): ClickPath {
  const r = reach[page];
  if (page === 0) return { pages: [0], via: [], clicks: 0, viaHeader: false, known: true };
  if (r?.clicks === undefined) {
    const depth = Math.max(1, record.pages[page]?.depth ?? 1);
    return { pages: [0, page], via: [], clicks: depth, viaHeader: false, known: false };
  }
  // One of the shortest ways goes through header links only: that one, as a customer would take it.
  const header = r.headerClicks === r.clicks;
  const links: SiteLink[] = [];
  for (let p = page, guard = 0; p !== 0 && guard <= reach.length; guard++) {
    const link = header ? reach[p]?.headerLink : reach[p]?.link;
    if (!link) break;
    links.unshift(link);
    p = link.from;
  }
  return {
    pages: [0, ...links.map((l) => l.to)],
    via: links.map((l) => space(l.text)),
    clicks: links.length,
    viaHeader: links.length > 0 && links.every((l) => l.header === true),
    known: true,
  };
}

/** "Home › About us › Company › Get in touch": the links clicked on the way (a page's title where a link has no text). */
export function breadcrumbs(record: SiteRecord, path: ClickPath): string {
  const crumbs = ['Home'];
  if (!path.known) crumbs.push('…', pageTitle(record.pages[path.pages.at(-1)!], 60));
  else path.pages.slice(1).forEach((p, i) => crumbs.push(cut(path.via[i] || pageTitle(record.pages[p], 60), 60)));
  return crumbs.join(' › ');
}

/** What makes two contact points of a kind the same (the same number however it is written). */
function contactKey(c: ContactPoint): string {
  const value = c.value.trim().toLowerCase();
  if (c.kind === 'phone') return value.replace(/^tel:/, '').replace(/[^\d+]/g, '').replace(/^00/, '+') || value;
  if (c.kind === 'email') return value.replace(/^mailto:/, '').split('?', 1)[0];
  return value;
}

const promiseKey = (p: ServicePromise) => `${p.kind}|${space(p.text).toLowerCase()}`;

/** Everything the site rules and the scorecard read of an explored site. */
export function analyseSite(record: SiteRecord): SiteAnalysis {
  const reach = reachOf(record);
  const paths = new Map<number, ClickPath>();
  const pathTo = (page: number) => {
    let path = paths.get(page);
    if (!path) paths.set(page, (path = clickPath(record, reach, page)));
    return path;
  };
  const nearness = (page: number) => pathTo(page).clicks;

  const contactability: ContactReach[] = CONTACT_KINDS.map((kind) => {
    const points = record.contacts.filter((c) => c.kind === kind && record.pages[c.page]);
    const headerOf = (c: ContactPoint) => c.header === true || pathTo(c.page).viaHeader;
    const nearest = [...points].sort(
      (a, b) => nearness(a.page) - nearness(b.page) || Number(headerOf(b)) - Number(headerOf(a)) || Number(b.header === true) - Number(a.header === true) || a.page - b.page,
    )[0];
    const pages = [...new Set(points.map((c) => c.page))].sort((a, b) => nearness(a) - nearness(b) || a - b);
    if (!nearest) return { kind, found: false, header: false, promises: [], distinct: 0, pages };
    const seen = new Set<string>();
    return {
      kind,
      found: true,
      page: nearest.page,
      path: pathTo(nearest.page),
      contact: nearest,
      header: headerOf(nearest),
      promises: record.promises.filter((p) => p.page === nearest.page && !seen.has(promiseKey(p)) && seen.add(promiseKey(p))),
      distinct: new Set(points.map(contactKey)).size,
      pages,
    };
  });

  // The same footer sentence on every page is one promise, shown on its nearest page.
  const promises = [...record.promises]
    .filter((p) => record.pages[p.page])
    .sort((a, b) => nearness(a.page) - nearness(b.page) || a.page - b.page);
  const once = new Set<string>();
  const distinctPromises = promises.filter((p) => !once.has(promiseKey(p)) && once.add(promiseKey(p)));

  const questions = record.search?.questions ?? [];
  const worked = questions.filter((q) => q.error === undefined);
  return {
    reach,
    contactability,
    found: contactability.filter((c) => c.found).map((c) => c.kind),
    promises: {
      hours: distinctPromises.filter((p) => p.kind === 'hours'),
      responseTimes: distinctPromises.filter((p) => p.kind === 'response-time'),
    },
    search: {
      found: record.search !== undefined,
      asked: questions.length,
      hits: worked.filter((q) => q.hit).length,
      misses: worked.filter((q) => !q.hit).length,
      noResults: worked.filter((q) => !q.hit && q.noResults).length,
      errors: questions.length - worked.length,
    },
    readable: record.pages.filter(isReadable).length,
  };
}

/** The run's explored site (the one place the site rules read the record from). */
export const siteRecordOf = (run: RunRecord): SiteRecord | undefined => run.channels?.site;

/** The run's site and its analysis (as the analyser computed it, else now): what every site rule starts from. */
export function siteOf(run: RunRecord, ctx: Pick<RuleContext<unknown>, 'analysis'>): { record: SiteRecord; a: SiteAnalysis } | undefined {
  const record = siteRecordOf(run);
  if (!record || !record.pages.length) return undefined;
  return { record, a: (ctx.analysis[SITE_CHANNEL] as SiteAnalysis | undefined) ?? analyseSite(record) };
}

/** Kinds in a sentence: "Phone", "Phone and email", "Phone, email and contact form". */
export function kindsText(kinds: readonly ContactKind[]): string {
  const words = kinds.map((k, i) => (i === 0 ? CONTACT_WORDS[k] : CONTACT_WORDS[k].toLowerCase()));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** What a customer looks for, as a noun: "phone number", "email address". */
export const CONTACT_NOUNS: Record<ContactKind, string> = {
  phone: 'phone number',
  email: 'email address',
  chat: 'chat',
  form: 'contact form',
  messaging: 'messaging link (WhatsApp, Messenger…)',
};

/** "a phone number", "an email address". */
export const aNoun = (kind: ContactKind): string => `${/^[aeiou]/.test(CONTACT_NOUNS[kind]) ? 'an' : 'a'} ${CONTACT_NOUNS[kind]}`;

/** "a, b or c" / "a, b and c". */
export function listText(items: readonly string[], last: 'or' | 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/**
 * What the crawl looked at, for a finding that says something is missing: "the 14 pages explored
 * (up to 3 clicks from the home page; the crawl stopped at its limit of 60 pages)".
 */
export function exploredText(record: SiteRecord): string {
  const n = record.pages.length;
  const depth = record.limits.maxDepth;
  const limits = [depth === 0 ? 'the home page only' : `up to ${depth === 1 ? '1 click' : `${depth} clicks`} from the home page`];
  if (record.limits.reachedMaxPages) limits.push(`the crawl stopped at its limit of ${record.limits.maxPages} pages`);
  if (record.limits.disallowed) limits.push(`robots.txt kept ${record.limits.disallowed === 1 ? '1 link' : `${record.limits.disallowed} links`} out`);
  return `${n === 1 ? 'the one page' : `the ${n} pages`} explored (${limits.join('; ')})`;
}

/** A contact point as evidence: "Phone: +44 20 7946 0000 (“Call us”)". */
export function contactLine(c: ContactPoint): string {
  const text = space(c.text);
  const value = space(c.value);
  return `${CONTACT_WORDS[c.kind]}: ${cut(value, 160)}${text && text !== value ? ` (“${cut(text, 80)}”)` : ''}`;
}

/**
 * A finding about a page: the step that opened it (stepIndex, stepName), and as evidence the page
 * as the customer saw it (that step's screenshot) and its address.
 */
export function onPage(run: RunRecord, page: Pick<SitePage, 'stepIndex' | 'url'>, stepIndex = page.stepIndex): {
  step: { stepIndex?: number; stepName?: string };
  evidence: { screenshot?: string; url: string };
} {
  const { screenshot, ...step } = stepRef(run, stepIndex);
  return { step, evidence: { ...(screenshot ? { screenshot } : {}), url: page.url } };
}
