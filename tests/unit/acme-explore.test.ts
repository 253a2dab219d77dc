// Acme's knobs for `explore` (a crawl of the whole site), over real HTTP: each knob on and off,
// read from the HTML as a crawler reads it. The site patterns are the tool's defaults
// (src/channels/site/settings.ts): with a knob off the site states what they look for, with it
// on nothing on the site does. Last, in a browser: the hero is the home page's largest paint (late
// with slow-lcp), and axe-core finds no serious or critical accessibility violation on clean Acme,
// and exactly the three a11y-poor promises.
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  DEFAULT_HOURS_PATTERNS,
  DEFAULT_NO_RESULTS_PATTERNS,
  DEFAULT_QUESTIONS,
  DEFAULT_RESPONSE_TIME_PATTERNS,
} from '../../src/channels/site/settings.ts';
import { DEFAULT_SLOW_LCP_MS, formatFriction, FrictionError, parseFriction, toFriction } from '../../fixtures/acme/friction.ts';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';
import { useAcme } from '../e2e/helpers.ts';

// robots-parser is CommonJS.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, body: string) => { isAllowed(url: string, ua?: string): boolean | undefined };

const compile = (sources: string[]) => sources.map((s) => new RegExp(s, 'i'));
const HOURS = compile(DEFAULT_HOURS_PATTERNS);
const RESPONSE_TIME = compile(DEFAULT_RESPONSE_TIME_PATTERNS);
const NO_RESULTS = compile(DEFAULT_NO_RESULTS_PATTERNS);
const matches = (text: string, patterns: RegExp[]) => patterns.flatMap((p) => p.exec(text)?.[0] ?? []);


async function get(acme: Acme, path: string): Promise<{ status: number; type: string; html: string }> {
  const res = await fetch(`${acme.url}${path}`, { redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text() };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e]);

/** The page's text roughly as a browser shows it (innerText): blocks on their own lines, no scripts or styles. */
function visibleText(html: string): string {
  return decode(
    html
      .replace(/<(head|script|style|template)\b[\s\S]*?<\/\1>/gi, '')
      .replace(/<\/?(p|li|ul|ol|h[1-6]|div|dt|dd|dl|tr|table|article|section|header|footer|nav|main|form|label|button|fieldset|legend|br)\b[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  ).replace(/[ \t]+/g, ' ');
}

/** Links to Acme's own pages: [href, text]. */
const links = (html: string): Array<[string, string]> =>
  [...html.matchAll(/<a\b[^>]*\bhref="(\/[^"#]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => [decode(m[1]), visibleText(m[2]).trim()]);

/** Breadth first from the home page, as a crawler: each page with the link texts clicked to reach it (fewest clicks). */
async function crawl(acme: Acme): Promise<Map<string, { path: string[]; html: string }>> {
  const seen = new Map<string, { path: string[]; html: string }>();
  const queue: Array<{ url: string; path: string[] }> = [{ url: '/', path: [] }];
  const queued = new Set(['/']);
  while (queue.length) {
    const { url, path } = queue.shift()!;
    const page = await get(acme, url);
    expect(page.status, url).toBe(200);
    seen.set(url, { path, html: page.html });
    for (const [href, text] of links(page.html)) {
      if (queued.has(href)) continue;
      queued.add(href);
      queue.push({ url: href, path: [...path, text] });
    }
  }
  return seen;
}

/** Every page a crawler reaches, and the help centre's answers to the default questions. */
async function everyText(acme: Acme): Promise<Array<[string, string]>> {
  const pages = [...(await crawl(acme))].map(([url, p]): [string, string] => [url, visibleText(p.html)]);
  for (const q of DEFAULT_QUESTIONS) {
    const url = `/help?q=${encodeURIComponent(q.ask)}`;
    pages.push([url, visibleText((await get(acme, url)).html)]);
  }
  return pages;
}

const PAGES_EVERYWHERE = ['/', '/catalog', '/product/espresso-machine', '/help', '/contact', '/orders', '/cart', '/signin', '/about', '/about/company'];

test.describe('the site without knobs', () => {
  const acme = useAcme();

  test('the contact page is one click from home (the header); About us › Company › Get in touch leads there too', async () => {
    const site = await crawl(acme());
    expect(site.get('/contact')?.path).toEqual(['Contact']);
    expect(site.get('/about')?.path).toEqual(['About us']);
    expect(site.get('/about/company')?.path).toEqual(['About us', 'Company']);
    expect(links(site.get('/about/company')!.html)).toContainEqual(['/contact', 'Get in touch']);
    for (const url of PAGES_EVERYWHERE) {
      const html = (await get(acme(), url)).html;
      expect(html, url).toMatch(/<nav aria-label="Main">[\s\S]*<a href="\/contact"[^>]*>Contact<\/a>[\s\S]*<\/nav>/);
      expect(html, url).toMatch(/<footer>[\s\S]*<a href="\/about">About us<\/a>/);
    }
    // Neither about page offers a way to reach the company of its own.
    for (const url of ['/about', '/about/company']) {
      const text = visibleText(site.get(url)!.html);
      expect(text).not.toMatch(/@|\+\d|\d{5,}|mailto:|tel:/);
    }
  });

  test('the contact page states opening hours and a response time in the default patterns\' words', async () => {
    const text = visibleText((await get(acme(), '/contact')).html);
    expect(text).toContain('Opening hours: Mon–Fri 9:00–17:00');
    expect(text).toContain('We answer every email within 24 hours.');
    expect(matches(text, HOURS).join()).toContain('Mon–Fri 9:00–17:00');
    expect(matches(text, RESPONSE_TIME)).toContain('answer every email within 24 hours');
  });

  test('nothing but the contact page states hours or a response time ("ready within 2 hours" is no reply promise)', async () => {
    for (const [url, text] of await everyText(acme())) {
      if (url === '/contact') continue;
      expect(matches(text, HOURS), url).toEqual([]);
      expect(matches(text, RESPONSE_TIME), url).toEqual([]);
    }
    expect(visibleText((await get(acme(), '/')).html)).toContain('ready within 2 hours');
  });

  test('the FAQ search answers every default question with an entry that has one of its words', async () => {
    for (const q of DEFAULT_QUESTIONS) {
      const html = (await get(acme(), `/help?q=${encodeURIComponent(q.ask)}`)).html;
      const entries = [...html.matchAll(/<article\b[\s\S]*?<\/article>/g)].map((m) => visibleText(m[0]).toLowerCase());
      expect(entries.length, q.ask).toBeGreaterThan(0);
      expect(entries.some((e) => q.expect.some((w) => e.includes(w.toLowerCase()))), q.ask).toBe(true);
      expect(matches(visibleText(html), NO_RESULTS), q.ask).toEqual([]);
    }
    const delivery = visibleText((await get(acme(), '/help?q=delivery%20time')).html);
    expect(delivery).toContain('How long does delivery take?');
    expect(delivery).toContain('Delivery time depends on how you ship: standard shipping takes 3–5 working days.');
  });

  test('the hero image is a real PNG with alt text and its size, served at once', async () => {
    const home = (await get(acme(), '/')).html;
    expect(home).toMatch(
      /<img class="hero" src="\/images\/hero\.png" width="960" height="360" alt="A cup of espresso on its saucer on a wooden table, with coffee beans beside it" fetchpriority="high">/,
    );
    const started = performance.now();
    const res = await fetch(`${acme().url}/images/hero.png`);
    const png = Buffer.from(await res.arrayBuffer());
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([960, 360]);
    // Enough detail to count as content (Chromium leaves images under 0.05 bits per shown pixel out of LCP).
    expect((png.length * 8) / (960 * 360)).toBeGreaterThan(0.5);
  });

  test('no newsletter field, small print or image without alt; every field has a label', async () => {
    for (const url of PAGES_EVERYWHERE) {
      const html = (await get(acme(), url)).html;
      expect(html, url).not.toContain('class="newsletter"');
      expect(html, url).not.toContain('class="small-print"');
      for (const img of html.match(/<img\b[^>]*>/g) ?? []) expect(img, url).toMatch(/\balt="[^"]+"/);
      for (const input of html.match(/<(input|textarea|select)\b[^>]*>/g) ?? []) {
        if (/type="(hidden|submit)"/.test(input)) continue;
        const id = /\bid="([^"]+)"/.exec(input)?.[1];
        expect(id, `${url}: ${input}`).toBeTruthy();
        expect(html, `${url}: ${input}`).toContain(`<label for="${id}">`);
      }
    }
  });

  test('robots.txt keeps crawlers out of the checkout and accounts only', async () => {
    const robots = await get(acme(), '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.type).toBe('text/plain; charset=utf-8');
    expect(robots.html).toMatch(/^User-agent: \*$/m);
    expect(robots.html).toMatch(/^Disallow: \/checkout$/m);
    expect(robots.html).toMatch(/^Disallow: \/account$/m);
    const parsed = robotsParser(`${acme().url}/robots.txt`, robots.html);
    for (const path of ['/', '/catalog', '/product/espresso-machine', '/help', '/help?q=refund', '/contact', '/about', '/about/company', '/orders', '/returns', '/warranty', '/repair', '/signin', '/cart', '/images/hero.png']) {
      expect(parsed.isAllowed(`${acme().url}${path}`, 'mystery-shopper'), path).toBe(true);
    }
    for (const path of ['/checkout', '/account']) expect(parsed.isAllowed(`${acme().url}${path}`, 'mystery-shopper'), path).toBe(false);
  });
});

test.describe('knob hidden-contact', () => {
  const acme = useAcme('hidden-contact');

  test('no Contact in the header: the contact page is three clicks deep, Home › About us › Company › Get in touch', async () => {
    const site = await crawl(acme());
    expect(site.get('/contact')?.path).toEqual(['About us', 'Company', 'Get in touch']);
    for (const [url, page] of site) {
      const toContact = links(page.html).filter(([href]) => href === '/contact' || href.startsWith('/contact?'));
      expect(toContact, url).toEqual(url === '/about/company' ? [['/contact', 'Get in touch']] : []);
    }
    for (const url of PAGES_EVERYWHERE) {
      const nav = /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec((await get(acme(), url)).html)![1];
      expect(links(nav).map(([, text]) => text), url).toEqual(['Shop', 'Help', 'My orders', 'Cart', 'Sign in']);
    }
    const contact = visibleText(site.get('/contact')!.html);
    expect(contact).toContain('support@acme.example');
    expect(contact).toContain('+1 555 0100');
    expect(contact).toContain('Send us a message');
  });
});

test.describe('knob no-hours', () => {
  const acme = useAcme('no-hours');

  test('the contact page no longer states opening hours, nor does any other page; the rest stays', async () => {
    const contact = visibleText((await get(acme(), '/contact')).html);
    expect(contact).not.toContain('Opening hours');
    expect(contact).toContain('+1 555 0100');
    expect(contact).toContain('We answer every email within 24 hours.');
    for (const [url, text] of await everyText(acme())) expect(matches(text, HOURS), url).toEqual([]);
  });
});

test.describe('knob no-response-time', () => {
  const acme = useAcme('no-response-time');

  test('the contact page no longer promises a response time, nor does any other page; the hours stay', async () => {
    const contact = visibleText((await get(acme(), '/contact')).html);
    expect(contact).not.toContain('We answer every email');
    expect(contact).toContain('Opening hours: Mon–Fri 9:00–17:00');
    for (const [url, text] of await everyText(acme())) expect(matches(text, RESPONSE_TIME), url).toEqual([]);
  });
});

test.describe('knob faq-search-empty', () => {
  const acme = useAcme('faq-search-empty');

  test('every search answers "No answers found"; browsing the help centre still shows every entry', async () => {
    for (const q of [...DEFAULT_QUESTIONS.map((d) => d.ask), 'return', 'Return']) {
      const html = (await get(acme(), `/help?q=${encodeURIComponent(q)}`)).html;
      expect(html).not.toContain('<article');
      const text = visibleText(html);
      expect(text).toContain(`No answers found for “${q}”`);
      expect(matches(text, NO_RESULTS).length, q).toBeGreaterThan(0);
    }
    const browse = (await get(acme(), '/help')).html;
    expect(browse.match(/<article\b/g)).toHaveLength(5);
  });
});

test.describe('knob broken-image', () => {
  const acme = useAcme('broken-image');

  test('the home page still shows the hero <img>, and its address answers 404', async () => {
    expect((await get(acme(), '/')).html).toContain('<img class="hero" src="/images/hero.png" width="960" height="360"');
    const res = await get(acme(), '/images/hero.png');
    expect(res.status).toBe(404);
    expect(res.type).not.toContain('image/');
  });
});

test.describe('knob a11y-poor', () => {
  const acme = useAcme('a11y-poor');

  test('every page has an unlabelled newsletter field, grey small print and an image without alt', async () => {
    for (const url of PAGES_EVERYWHERE) {
      const html = (await get(acme(), url)).html;
      const footer = /<footer>([\s\S]*?)<\/footer>/.exec(html)![1];
      const input = /<input type="email" name="email"[^>]*>/.exec(footer)?.[0];
      expect(input, url).toBeTruthy();
      expect(input, url).not.toMatch(/\b(id|aria-label|aria-labelledby|title|placeholder)=/);
      expect(footer, url).not.toContain('<label');
      expect(footer, url).toContain('<p class="small-print">');
      expect(footer, url).toMatch(/<img src="\/images\/secure-payment\.svg" width="96" height="32">/);
    }
    expect((await get(acme(), '/')).html).toMatch(/\.small-print\{color:#cdc5bb;/);
    const badge = await get(acme(), '/images/secure-payment.svg');
    expect([badge.status, badge.type]).toEqual([200, 'image/svg+xml']);
  });

  test('the newsletter form works', async () => {
    const res = await fetch(`${acme().url}/newsletter`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=ada%40example.com',
      redirect: 'manual',
    });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/newsletter/thanks']);
    expect((await get(acme(), '/newsletter/thanks')).html).toContain('<h1>You are subscribed</h1>');
  });
});

test.describe('knob slow-lcp:600', () => {
  const acme = useAcme('slow-lcp:600');

  test('the hero image answers at least 600 ms late; the page itself answers at once', async () => {
    await get(acme(), '/'); // warm up Node's fetch
    let started = performance.now();
    expect((await get(acme(), '/')).html).toContain('src="/images/hero.png"');
    expect(performance.now() - started).toBeLessThan(400);
    started = performance.now();
    const res = await fetch(`${acme().url}/images/hero.png`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
  });
});

test('knob parser: the explore knobs, their defaults, round trip and bad values', () => {
  const none = parseFriction('none');
  expect(none).toMatchObject({ noHours: false, faqSearchEmpty: false, brokenImage: false, a11yPoor: false });
  expect(none.slowLcpMs).toBeUndefined();
  expect(DEFAULT_SLOW_LCP_MS).toBe(4500);
  expect(parseFriction('slow-lcp').slowLcpMs).toBe(4500);
  const all = 'hidden-contact,no-response-time,no-hours,faq-search-empty,broken-image,a11y-poor';
  expect(formatFriction(parseFriction(`slow-lcp:5000,${all}`))).toBe(`hidden-contact,slow-lcp:5000,no-response-time,no-hours,faq-search-empty,broken-image,a11y-poor`);
  expect(parseFriction(`${all},slow-lcp:5000`)).toEqual({
    ...none,
    hiddenContact: true,
    noResponseTime: true,
    noHours: true,
    faqSearchEmpty: true,
    brokenImage: true,
    a11yPoor: true,
    slowLcpMs: 5000,
  });
  expect(() => parseFriction('slow-lcp:soon')).toThrow(/Bad value "soon" for slow-lcp/);
  expect(() => parseFriction('no-hours:yes')).toThrow(/takes no value/);
  expect(() => toFriction({ slowLcpMs: -1 })).toThrow(FrictionError);
  expect(() => parseFriction('nope')).toThrow(/no-hours, faq-search-empty, broken-image, a11y-poor, slow-lcp\[:ms\]/);
});

/** The page's Largest Contentful Paint as the browser reports it: the last candidate, its element and time. */
async function largestPaint(page: Page): Promise<{ element: string; ms: number; cls: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        let element = '';
        let ms = 0;
        let cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as Array<PerformanceEntry & { element?: Element }>) {
            element = e.element ? `${e.element.tagName.toLowerCase()}.${e.element.className}` : '';
            ms = e.startTime;
          }
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as Array<PerformanceEntry & { value: number }>) cls += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve({ element, ms, cls }), 100);
      }),
  );
}

test.describe('the hero in a browser (1280×800)', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('without slow-lcp the hero is the largest paint, early, with no layout shift; with slow-lcp:1500 it paints after 1.5 s', async ({ page }) => {
    const clean = await startAcme();
    const slow = await startAcme({ friction: 'slow-lcp:1500' });
    try {
      await page.goto(`${clean.url}/`);
      const fast = await largestPaint(page);
      expect(fast).toMatchObject({ element: 'img.hero', cls: 0 });
      expect(fast.ms).toBeLessThan(1500);
      expect(await page.locator('img.hero').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(960);

      await page.goto(`${slow.url}/`); // waits for load, so for the hero too
      const late = await largestPaint(page);
      expect(late).toMatchObject({ element: 'img.hero', cls: 0 });
      expect(late.ms).toBeGreaterThanOrEqual(1500);
    } finally {
      await clean.close();
      await slow.close();
    }
  });

  test('broken-image: the hero loads as nothing, and the page does not shift', async ({ page }) => {
    const acme = await startAcme({ friction: 'broken-image' });
    try {
      await page.goto(`${acme.url}/`);
      expect(await page.locator('img.hero').evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth])).toEqual([true, 0]);
      expect((await largestPaint(page)).cls).toBe(0);
    } finally {
      await acme.close();
    }
  });
});

/** axe-core's serious and critical violations on the page: "rule-id: target, …". */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' >> ')).join(', ')}`);
}

test.describe('accessibility (axe-core)', () => {
  test('clean Acme: no serious or critical violation on its pages, the chat window open', async ({ page }) => {
    const acme = await startAcme();
    try {
      for (const url of [...PAGES_EVERYWHERE, '/help?q=refund', '/help?q=nothing', '/returns', '/warranty', '/repair']) {
        await page.goto(`${acme.url}${url}`);
        expect(await seriousViolations(page), url).toEqual([]);
      }
      await page.goto(`${acme.url}/product/coffee-grinder`);
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('link', { name: 'Checkout' }).click();
      expect(await seriousViolations(page), 'checkout').toEqual([]);
      await page.getByRole('button', { name: 'Place order' }).click();
      expect(await seriousViolations(page), 'checkout with errors').toEqual([]);
      await page.getByRole('button', { name: 'Chat with us' }).click();
      const chat = page.frameLocator('iframe[title="Acme chat"]');
      await chat.getByLabel('Your message').fill('I want to talk to a person');
      await chat.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(chat.locator('[data-author=system]').getByText(/joined the chat/)).toBeVisible({ timeout: 10_000 });
      expect(await seriousViolations(page), 'chat').toEqual([]);
    } finally {
      await acme.close();
    }
  });

  test('a11y-poor: an unlabelled field, low contrast and an image without alt, on every page', async ({ page }) => {
    const acme = await startAcme({ friction: 'a11y-poor' });
    try {
      for (const url of ['/', '/contact']) {
        await page.goto(`${acme.url}${url}`);
        const ids = (await seriousViolations(page)).map((v) => v.split(':')[0]);
        expect(ids.sort(), url).toEqual(['color-contrast', 'image-alt', 'label']);
      }
    } finally {
      await acme.close();
    }
  });
});
