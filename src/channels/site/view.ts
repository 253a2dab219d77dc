import type { RunSummary } from '../../model/scorecard.ts';
import { plural } from '../../report/format.ts';
import { safeRelativeSrc } from '../../report/html/safe-src.ts';
import { CONTACT_WORDS } from './record.ts';
import { clickPathCrumbs, type ChannelReach, type Crumb, type SiteSummary, type StatedPromise } from './summary.ts';

/** Pages the HTML site map lists; scorecard.json has them all. */
export const SITE_MAP_MAX = 200;
/** Deepest indentation the site map draws. */
const MAX_INDENT = 10;

/** A page of the site, linked when its address is the web's (never `javascript:` or a file). */
export interface PageLinkView {
  title: string;
  url: string;
  href?: string;
}

export interface CrumbView {
  /** What the customer clicks (the link's text), or the page's title. */
  label: string;
  /** The page's title and address, on hover. */
  hint?: string;
  href?: string;
}

export interface ReachRowView {
  channel: string;
  found: boolean;
  clicks: string;
  crumbs: CrumbView[];
  header: boolean;
  value?: string;
  promises: string[];
  /** "3 different numbers". */
  distinct?: string;
}

export interface PromiseView {
  text: string;
  page: PageLinkView;
}

export interface QuestionView {
  question: string;
  status: 'answered' | 'unanswered' | 'error';
  statusLabel: string;
  screenshot?: { src: string; path: string };
  results?: PageLinkView;
  lines: string[];
  matched?: string;
}

export interface SiteMapRowView {
  page: PageLinkView;
  indent: number;
  status: string;
  statusClass: 'ok' | 'failed' | 'none';
  help: boolean;
  contacts?: string;
  /** "14 links, 2 buttons" */
  controls?: string;
}

export interface SiteView {
  start: PageLinkView;
  explored: string;
  reach: ReachRowView[];
  hours: PromiseView[];
  responseTimes: PromiseView[];
  selfService: {
    search?: { page: PageLinkView; how: string };
    answered?: string;
    questions: QuestionView[];
  };
  brokenLinks?: string;
  /** Pages explored. */
  pages: number;
  siteMap: SiteMapRowView[];
  siteMapMore: number;
}

/** Only http(s) addresses are links in the report. */
const webHref = (url: string): string | undefined => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
};

const pageLink = (c: Crumb): PageLinkView => {
  const href = webHref(c.url);
  return { title: c.title, url: c.url, ...(href ? { href } : {}) };
};

/** The path as breadcrumbs: "Home", then the link clicked to each page; "…" where the clicks between are not known. */
function crumbsOf(r: ChannelReach): CrumbView[] {
  return clickPathCrumbs(r).map(({ label, page }) => {
    if (!page) return { label };
    const href = webHref(page.url);
    return { label, hint: `${page.title} (${page.url})`, ...(href ? { href } : {}) };
  });
}

/** "up to 3 clicks from the home page", "stopped at the limit of 60 pages": how far the crawl went. */
function reach(l: SiteSummary['limits']): string[] {
  return [l.maxDepth === 0 ? 'the home page only' : `up to ${plural(l.maxDepth, 'click')} from the home page`, ...(l.reachedMaxPages ? [`stopped at the limit of ${l.maxPages} pages`] : [])];
}

function explored(site: SiteSummary): string {
  const l = site.limits;
  const [depth, ...stopped] = reach(l);
  const parts = [`${plural(site.pagesVisited, 'page')} explored, ${depth}`, ...stopped];
  if (l.notVisited) parts.push(`${plural(l.notVisited, 'link')} to the site not followed`);
  if (l.disallowed) parts.push(`${plural(l.disallowed, 'link')} kept out by robots.txt`);
  return parts.join('; ');
}

/** The site map in tree order (each page under the page it was first reached from), indented by level. */
function siteMapRows(site: SiteSummary): SiteMapRowView[] {
  const children = new Map<number, number[]>();
  const roots: number[] = [];
  site.siteMap.forEach((p, i) => {
    if (p.parent !== undefined && p.parent !== i && site.siteMap[p.parent]) children.set(p.parent, [...(children.get(p.parent) ?? []), i]);
    else roots.push(i);
  });
  const rows: SiteMapRowView[] = [];
  const seen = new Set<number>();
  const walk = (i: number, level: number) => {
    if (seen.has(i)) return;
    seen.add(i);
    const p = site.siteMap[i];
    const failed = p.error !== undefined || p.notFound !== undefined || (p.status !== undefined && p.status >= 400);
    rows.push({
      page: pageLink(p),
      indent: Math.min(level, MAX_INDENT),
      status:
        p.error !== undefined
          ? p.status !== undefined
            ? `${p.status}, unreadable`
            : 'unreadable'
          : p.notFound !== undefined
            ? `${p.status ?? ''}${p.status !== undefined ? ', ' : ''}“not found”`
            : p.status !== undefined
              ? String(p.status)
              : '–',
      statusClass: failed ? 'failed' : p.status !== undefined ? 'ok' : 'none',
      help: p.help === true,
      ...(p.contacts.length ? { contacts: p.contacts.map((k) => CONTACT_WORDS[k]).join(', ') } : {}),
      ...(p.controls ? { controls: `${plural(p.controls.links, 'link')}, ${plural(p.controls.buttons, 'button')}` } : {}),
    });
    for (const c of children.get(i) ?? []) walk(c, level + 1);
  };
  // A page no recorded link leads to sits at its crawl depth.
  for (const r of roots) walk(r, r === 0 ? 0 : site.siteMap[r].depth);
  return rows;
}

/** The scorecard's headline counts for an explore, in place of journeys and runs (one run of one site says little). */
export interface SiteCountsView {
  pages: number;
  pagesNotes: string[];
  contactFound: number;
  contactKinds: number;
  contactLines: { text: string; found: boolean }[];
  questionsAsked: number;
  questionsAnswered: number;
  selfServiceNote: string;
}

export function siteCounts(site: SiteSummary): SiteCountsView {
  const ss = site.selfService;
  return {
    pages: site.pagesVisited,
    pagesNotes: [...reach(site.limits), ...(site.brokenLinks ? [plural(site.brokenLinks, 'broken link')] : [])],
    contactFound: site.contactability.filter((r) => r.found).length,
    contactKinds: site.contactability.length,
    contactLines: site.contactability.map((r) => ({
      text: `${CONTACT_WORDS[r.kind]}: ${!r.found ? 'not found' : r.clicks === 0 ? 'on the home page' : r.clicks === undefined ? 'found' : plural(r.clicks, 'click')}`,
      found: r.found,
    })),
    questionsAsked: ss.asked,
    questionsAnswered: ss.hits,
    selfServiceNote: !ss.search ? 'no site search was found' : ss.asked ? 'questions customers ask, answered by the site’s search' : 'a site search, no questions asked',
  };
}

const STATUS: Record<QuestionView['status'], string> = { answered: 'Answered', unanswered: 'No answer', error: 'Search failed' };

/** The explored site as a service leader reads it: how customers reach the company, what it promises, self-service, a site map. */
export function siteView(site: SiteSummary, _run: RunSummary): SiteView {
  const startHref = webHref(site.start);
  const promise = (p: StatedPromise): PromiseView => ({ text: p.text, page: pageLink(p.page) });
  const map = siteMapRows(site);
  const ss = site.selfService;
  return {
    start: { title: site.start, url: site.start, ...(startHref ? { href: startHref } : {}) },
    explored: explored(site),
    reach: site.contactability.map((r) => ({
      channel: CONTACT_WORDS[r.kind],
      found: r.found,
      clicks: r.clicks === undefined ? '–' : String(r.clicks),
      crumbs: r.found ? crumbsOf(r) : [],
      header: r.header,
      ...(r.value !== undefined ? { value: r.text && r.text !== r.value ? `${r.value} (“${r.text}”)` : r.value } : {}),
      promises: r.promises,
      ...(r.distinct > 1 ? { distinct: `${r.distinct} different ones on the site` } : {}),
    })),
    hours: site.hours.map(promise),
    responseTimes: site.responseTimes.map(promise),
    selfService: {
      ...(ss.search ? { search: { page: pageLink(ss.search.page), how: ss.search.how } } : {}),
      ...(ss.asked ? { answered: `${ss.hits} of ${plural(ss.asked, 'question')} answered` } : {}),
      questions: ss.questions.map((q) => {
        const status: QuestionView['status'] = q.error !== undefined ? 'error' : q.hit ? 'answered' : 'unanswered';
        const src = q.screenshot === undefined ? undefined : safeRelativeSrc(q.screenshot);
        const href = webHref(q.url);
        return {
          question: q.question,
          status,
          statusLabel: status === 'unanswered' && q.noResults ? 'No results' : STATUS[status],
          ...(src !== undefined ? { screenshot: { src, path: q.screenshot! } } : {}),
          ...(q.url ? { results: { title: q.url, url: q.url, ...(href ? { href } : {}) } } : {}),
          lines: q.error !== undefined ? [q.error] : q.excerpt,
          ...(q.matched.length ? { matched: q.matched.join(', ') } : {}),
        };
      }),
    },
    ...(site.brokenLinks ? { brokenLinks: `${plural(site.brokenLinks, 'broken link')} found` } : {}),
    pages: site.pagesVisited,
    siteMap: map.slice(0, SITE_MAP_MAX),
    siteMapMore: Math.max(0, map.length - SITE_MAP_MAX),
  };
}
