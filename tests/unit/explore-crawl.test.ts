// What explore visits and never visits: same site, breadth first, depth and page limits, query
// variants of one path, robots.txt, exclusions and files.
import { expect, test } from '@playwright/test';
import { Frontier, pageKey, type FrontierOptions } from '../../src/explore/frontier.ts';
import { parseRobots, ROBOTS_AGENT } from '../../src/explore/robots.ts';
import { parseExploreUrls } from '../../src/explore/index.ts';
import { echoOf } from '../../src/explore/search.ts';
import { InputError } from '../../src/errors.ts';
import { DEFAULT_NOT_FOUND_PATTERNS } from '../../src/channels/site/settings.ts';

const frontier = (o: Partial<FrontierOptions> = {}) =>
  new Frontier({ start: 'https://www.shop.example/', maxDepth: 3, maxPages: 60, maxVariants: 3, sameSite: [], exclude: [], ...o });

const drain = (f: Frontier) => {
  const out: string[] = [];
  for (let v = f.next(); v; v = f.next()) out.push(v.url);
  return out;
};

test.describe('page keys', () => {
  test('one address per page: no fragment, no tracking parameters, the query sorted', () => {
    expect(pageKey('https://a.example/help?b=2&a=1&utm_source=mail#faq')).toBe('https://a.example/help?a=1&b=2');
    expect(pageKey('/contact', 'https://a.example/about/')).toBe('https://a.example/contact');
    expect(pageKey('mailto:x@a.example')).toBeUndefined();
    expect(pageKey('javascript:void(0)')).toBeUndefined();
  });
});

test.describe('the frontier', () => {
  test('starts at the home page and goes breadth first', () => {
    const f = frontier();
    const home = f.next()!;
    expect(home).toMatchObject({ url: 'https://www.shop.example/', depth: 0, index: 0 });
    f.offer('https://www.shop.example/about', 1, 0, 'About us');
    f.offer('https://www.shop.example/help', 1, 0, 'Help');
    const about = f.next()!;
    f.offer('https://www.shop.example/about/company', 2, about.index, 'Company');
    expect(drain(f)).toEqual(['https://www.shop.example/help', 'https://www.shop.example/about/company']);
  });

  test('keeps to the same site: subdomains of its domain and configured hosts, nothing else', () => {
    const f = frontier({ sameSite: ['helpdesk.example.net'] });
    f.next();
    expect(f.offer('https://help.shop.example/faq', 1, 0)).toBeUndefined();
    expect(f.offer('https://helpdesk.example.net/kb', 1, 0)).toBeUndefined();
    expect(f.offer('https://www.other.example/', 1, 0)).toBe('off-site');
    expect(f.offer('https://shop.example.evil.test/', 1, 0)).toBe('off-site');
  });

  test('an IP address is its own site', () => {
    const f = frontier({ start: 'http://127.0.0.1:4000/' });
    f.next();
    expect(f.offer('http://127.0.0.1:4000/contact', 1, 0)).toBeUndefined();
    expect(f.offer('http://127.0.0.2:4000/contact', 1, 0)).toBe('off-site');
  });

  test('never opens files, excluded addresses, or a page twice', () => {
    const f = frontier({ exclude: [/\/logout\b/i] });
    f.next();
    expect(f.offer('https://www.shop.example/terms.pdf', 1, 0)).toBe('not-a-page');
    expect(f.offer('https://www.shop.example/img/hero.JPG', 1, 0)).toBe('not-a-page');
    expect(f.offer('https://www.shop.example/logout', 1, 0)).toBe('excluded');
    expect(f.offer('https://www.shop.example/help#top', 1, 0)).toBeUndefined();
    expect(f.offer('https://www.shop.example/help?utm_campaign=x', 1, 0)).toBe('seen');
  });

  test('a page reached through a redirect is not visited again at its new address', () => {
    const f = frontier();
    f.next(); // the home page, which redirects to /en/
    f.arrivedAt('https://www.shop.example/en/', 0);
    expect(f.offer('https://www.shop.example/en/', 1, 0)).toBe('seen');
    // Queued already (two pages load at once) when the redirect was seen: taken off the queue.
    expect(f.offer('https://www.shop.example/sale', 1, 0)).toBeUndefined();
    f.arrivedAt('https://www.shop.example/sale', 1);
    expect(drain(f)).toEqual([]);
  });

  test('stops at maxDepth and counts what it left', () => {
    const f = frontier({ maxDepth: 1 });
    f.next();
    f.offer('https://www.shop.example/a', 1, 0);
    const a = f.next()!;
    expect(f.offer('https://www.shop.example/a/b', 2, a.index)).toBe('too-deep');
    expect(f.next()).toBeUndefined();
    expect(f.notVisited).toBe(1);
  });

  test('a page first seen too deep is still visited when a shorter way to it turns up', () => {
    const f = frontier({ maxDepth: 2 });
    f.next();
    expect(f.offer('https://www.shop.example/x', 3, 0)).toBe('too-deep');
    expect(f.offer('https://www.shop.example/x', 1, 0)).toBeUndefined();
    expect(drain(f)).toEqual(['https://www.shop.example/x']);
    expect(f.notVisited).toBe(0);
  });

  test('stops at maxPages and says it did', () => {
    const f = frontier({ maxPages: 3 });
    f.next();
    for (let i = 0; i < 10; i++) f.offer(`https://www.shop.example/p${i}`, 1, 0);
    expect(drain(f)).toHaveLength(2);
    expect(f.reachedMaxPages).toBe(true);
    expect(f.notVisited).toBe(8);
  });

  test('an endless calendar stays within limits: at most maxVariants queries of one path', () => {
    const f = frontier({ maxVariants: 3, maxDepth: 50, maxPages: 1000 });
    let v = f.next()!;
    f.offer('https://www.shop.example/calendar?month=1', 1, v.index);
    const visited: string[] = [];
    // Each calendar page links to the next month, forever.
    for (v = f.next()!; v; v = f.next()!) {
      visited.push(v.url);
      const month = Number(new URL(v.url).searchParams.get('month'));
      f.offer(`https://www.shop.example/calendar?month=${month + 1}`, v.depth + 1, v.index);
      f.offer(`https://www.shop.example/calendar?month=${month + 1}&view=week`, v.depth + 1, v.index);
    }
    expect(visited).toHaveLength(3);
  });

  test('robots.txt is honoured, and what it refuses is counted', () => {
    const robots = parseRobots('https://www.shop.example/robots.txt', `User-agent: *\nDisallow: /account\nDisallow: /checkout\n\nUser-agent: ${ROBOTS_AGENT}\nDisallow: /internal\n`);
    const f = frontier({ allowed: robots.allowed });
    f.next();
    // A group naming the tool replaces the * group for it.
    expect(f.offer('https://www.shop.example/internal/x', 1, 0)).toBe('robots');
    expect(f.offer('https://www.shop.example/account', 1, 0)).toBeUndefined();
    expect(f.offer('https://www.shop.example/help', 1, 0)).toBeUndefined();
    expect(f.disallowed).toBe(1);
  });

  test('robots.txt for everyone applies when no group names the tool', () => {
    const robots = parseRobots('https://www.shop.example/robots.txt', 'User-agent: *\nDisallow: /checkout\nAllow: /checkout/help\n');
    expect(robots.allowed('https://www.shop.example/checkout/pay')).toBe(false);
    expect(robots.allowed('https://www.shop.example/checkout/help')).toBe(true);
    expect(robots.allowed('https://www.shop.example/')).toBe(true);
  });
});

test.describe('pages that say they are not there', () => {
  const notFound = (title: string) => DEFAULT_NOT_FOUND_PATTERNS.some((p) => new RegExp(p, 'i').test(title));
  test('the usual wordings of a not-found page, by title or heading', () => {
    for (const t of ['404', 'Error 404 - Shop', 'Page not found', 'Not Found', 'Sorry, we can’t find that page', "We couldn't find this page", 'This page does not exist', 'That page doesn’t exist', 'The page was not found', 'Product not found', 'This page is no longer available']) {
      expect(notFound(t), t).toBe(true);
    }
  });
  test('pages about finding things are not', () => {
    for (const t of ['Find a store', 'Lost and found', 'Can’t find your order? Track it here', 'Help centre', 'The 404 Club – coffee roasters', 'Questions not found in our FAQ? Contact us']) {
      expect(notFound(t), t).toBe(false);
    }
  });
});

test.describe('explore URLs', () => {
  test('a bare host is taken as https; anything else but a web address is bad input', () => {
    expect(parseExploreUrls(['www.example.com'])).toEqual(['https://www.example.com/']);
    expect(() => parseExploreUrls([])).toThrow(InputError);
    expect(() => parseExploreUrls(['ftp://example.com'])).toThrow(/not a web address/);
    expect(() => parseExploreUrls(['http://'])).toThrow(/not a web address/);
  });
});

test.describe('search results', () => {
  test('a line echoing the question is not an answer; answers using its words are', () => {
    const echo = echoOf('refund');
    expect(echo.test('2 answers for “refund”')).toBe(true);
    expect(echo.test('Search results for: refund')).toBe(true);
    expect(echo.test('No answers found for "refund". Try other words.')).toBe(true);
    expect(echo.test('We refund the full price within 5 working days.')).toBe(false);
    expect(echoOf('cancel an order').test('Results for  cancel an order')).toBe(true);
  });
});
