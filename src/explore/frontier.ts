/*
 * What `explore` visits next, and what it never visits: the same site only, breadth first, at
 * most maxDepth clicks from the home page and maxPages pages, at most maxVariants addresses per
 * path (an endless calendar's ?month=… or a filter's query strings), nothing robots.txt forbids,
 * nothing the config excludes, and no file a customer would download rather than read.
 * Pure: no browser, no network (robots.txt arrives as a test function).
 */
import { firstPartyHosts, isFirstParty } from '../runner/first-party.ts';

/** Query parameters that only track where a visitor came from: the same page with or without them. */
const TRACKING_PARAM = /^(utm_[a-z]+|gclid|fbclid|msclkid|mc_[a-z]+|_ga|_gl|ref|ref_src|igshid|yclid)$/i;

/** Addresses of files, not pages: opening them downloads something (documents' content is issue 18's). */
const FILE_EXTENSION = /\.(pdf|zip|gz|tgz|rar|7z|dmg|exe|msi|apk|docx?|xlsx?|pptx?|odt|csv|jpe?g|png|gif|webp|svg|ico|mp[34]|mov|avi|webm|wav|ogg|woff2?|ttf|css|js|json|xml|rss|atom|ics)$/i;

/** An address as one page: fragment and tracking parameters dropped, the rest of the query sorted. Undefined when it is not a web page address. */
export function pageKey(raw: string, base?: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  u.username = '';
  u.password = '';
  const params = [...u.searchParams].filter(([k]) => !TRACKING_PARAM.test(k)).sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  u.search = new URLSearchParams(params).toString();
  return u.toString();
}

/** Same address without its query: what `maxVariants` counts variants of. */
const pathOf = (key: string): string => key.replace(/\?.*$/, '');

export interface FrontierOptions {
  start: string;
  maxDepth: number;
  maxPages: number;
  maxVariants: number;
  /** Hosts that belong to the site besides the start's registrable domain (config `site.sameSite`). */
  sameSite: readonly string[];
  /** Addresses never visited (config `site.exclude`). */
  exclude: readonly RegExp[];
  /** robots.txt's answer for an address; default: allowed. */
  allowed?: (url: string) => boolean;
}

export interface Visit {
  url: string;
  depth: number;
  /** The visit (index) whose page linked here first, and the link's text; absent for the start. */
  from?: number;
  text?: string;
}

/** Why a link was not queued. */
export type Refusal = 'seen' | 'off-site' | 'not-a-page' | 'excluded' | 'robots' | 'too-deep' | 'too-many-variants' | 'too-many-pages';

export class Frontier {
  private readonly queue: Visit[] = [];
  private readonly seen = new Map<string, number>();
  private readonly variants = new Map<string, number>();
  private readonly sameSite: (url: string) => boolean;
  private readonly notVisitedKeys = new Set<string>();
  private taken = 0;
  /** Links robots.txt did not allow (distinct addresses). */
  disallowed = 0;

  constructor(private readonly opts: FrontierOptions) {
    this.sameSite = isFirstParty([...new Set([...firstPartyHosts(opts.start), ...opts.sameSite.map((h) => h.toLowerCase())])]);
    const start = pageKey(opts.start);
    if (start === undefined) throw new Error(`not a web address: ${opts.start}`);
    this.offer(start, 0);
  }

  /** The next page to visit, breadth first; undefined when none is left or maxPages are taken. */
  next(): (Visit & { index: number }) | undefined {
    if (this.taken >= this.opts.maxPages) return undefined;
    const visit = this.queue.shift();
    if (!visit) return undefined;
    this.notVisitedKeys.delete(visit.url);
    return { ...visit, index: this.taken++ };
  }

  /** Queues a link found on a visited page; says why not when it is not queued. */
  offer(url: string, depth: number, from?: number, text?: string): Refusal | undefined {
    const key = pageKey(url);
    if (key === undefined) return 'not-a-page';
    if (this.seen.has(key)) return 'seen';
    if (!this.sameSite(key)) return 'off-site';
    if (FILE_EXTENSION.test(new URL(key).pathname)) return 'not-a-page';
    if (this.opts.exclude.some((re) => re.test(key))) return 'excluded';
    // Not marked seen: two pages load at once, so a shorter way to it may still be found.
    if (depth > this.opts.maxDepth) {
      this.notVisitedKeys.add(key);
      return 'too-deep';
    }
    this.seen.set(key, depth);
    if (this.opts.allowed && !this.opts.allowed(key)) {
      this.disallowed++;
      return 'robots';
    }
    const path = pathOf(key);
    const n = this.variants.get(path) ?? 0;
    if (n >= this.opts.maxVariants) {
      this.notVisitedKeys.add(key);
      return 'too-many-variants';
    }
    this.variants.set(path, n + 1);
    this.queue.push({ url: key, depth, ...(from === undefined ? {} : { from }), ...(text === undefined ? {} : { text }) });
    this.notVisitedKeys.add(key);
    return undefined;
  }

  /** A page's address after redirects is that page: it is not visited again under that address. */
  arrivedAt(url: string, depth: number): void {
    const key = pageKey(url);
    if (key === undefined) return;
    const queued = this.queue.findIndex((v) => v.url === key);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.notVisitedKeys.delete(key);
    }
    if (!this.seen.has(key)) this.seen.set(key, depth);
  }

  /** Pages still queued when the crawl stopped at maxPages. */
  get reachedMaxPages(): boolean {
    return this.taken >= this.opts.maxPages && this.queue.length > 0;
  }

  /** Same-site pages seen but not visited: too deep, one variant too many, or past maxPages. */
  get notVisited(): number {
    return this.notVisitedKeys.size;
  }
}
