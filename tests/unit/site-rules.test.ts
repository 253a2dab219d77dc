// The site analysis and rules on hand-made explored sites: how far each way to contact is from the
// home page (breadth first over the links, not the crawl's depth), and the finding each rule makes.
import { expect, test } from '@playwright/test';
import { analyseSite } from '../../src/channels/site/analysis.ts';
import { analyse, type RulesConfig } from '../../src/friction/analyse.ts';
import { builtInRules } from '../../src/friction/rules/index.ts';
import { Finding } from '../../src/model/finding.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { acmeSite, ORIGIN, SiteBuilder } from './fixtures/site-records.ts';

/** Findings of one rule only (other rules switched off), each checked against the Finding schema. */
function only(ruleId: string, run: RunRecord, settings: Record<string, unknown> = {}): Finding[] {
  const config: RulesConfig = Object.fromEntries(builtInRules.map((r) => [r.id, { enabled: r.id === ruleId }]));
  config[ruleId] = { ...settings };
  const findings = analyse([run], config);
  for (const f of findings) Finding.parse(f);
  return findings;
}

test.describe('analysis', () => {
  test('the nearest page offering each kind, by the fewest clicks over the links, with the click path', () => {
    const { site, contact } = acmeSite();
    const a = analyseSite(site.record);
    const phone = a.contactability.find((c) => c.kind === 'phone')!;
    expect(phone).toMatchObject({ found: true, page: contact, header: false, distinct: 1 });
    expect(phone.path).toEqual({ pages: [0, 1, 3, 4], via: ['About us', 'Company', 'Get in touch'], clicks: 3, viaHeader: false, known: true });
    expect(a.contactability.map((c) => c.kind)).toEqual(['phone', 'email', 'chat', 'form', 'messaging']);
    expect(a.found).toEqual(['phone', 'email']);
    expect(a.readable).toBe(5);
  });

  test('the shortest path wins even when the crawl recorded a greater depth (pages load two at a time)', () => {
    const { site, contact } = acmeSite();
    site.link(0, contact, 'Contact us'); // a footer link the crawl reached late
    const phone = analyseSite(site.record).contactability.find((c) => c.kind === 'phone')!;
    expect(site.record.pages[contact].depth).toBe(3);
    expect(phone.path).toMatchObject({ pages: [0, contact], via: ['Contact us'], clicks: 1 });
  });

  test('of two shortest ways the one through header links is taken, and makes the contact "in the header"', () => {
    const site = new SiteBuilder();
    const faq = site.page('/faq', { title: 'FAQ' });
    const support = site.page('/support', { title: 'Support' });
    const contact = site.page('/contact', { title: 'Contact', depth: 2 });
    site.link(0, faq, 'FAQ').link(faq, contact, 'Write to us').link(0, support, 'Support', true).link(support, contact, 'Contact', true);
    site.contact('email', contact, 'help@shop.test');
    const email = analyseSite(site.record).contactability.find((c) => c.kind === 'email')!;
    expect(email.path).toMatchObject({ pages: [0, support, contact], via: ['Support', 'Contact'], clicks: 2, viaHeader: true });
    expect(email.header).toBe(true);
  });

  test('a page no recorded link leads to keeps its crawl depth, the path only its ends', () => {
    const site = new SiteBuilder();
    const contact = site.page('/contact', { title: 'Contact', depth: 3 });
    site.contact('phone', contact, '0800 000 000');
    const phone = analyseSite(site.record).contactability.find((c) => c.kind === 'phone')!;
    expect(phone.path).toEqual({ pages: [0, contact], via: [], clicks: 3, viaHeader: false, known: false });
  });

  test('distinct contacts of a kind count once however they are written; promises once per text', () => {
    const { site, home, contact } = acmeSite();
    site.contact('phone', home, 'tel:+442079460000', '+44 (20) 7946 0000').contact('phone', home, '0800 111 222');
    site.promise('hours', home, 'Open Mon–Fri 9–17').promise('hours', contact, 'Open  Mon–Fri 9–17').promise('response-time', contact, 'We reply within 24 hours');
    const a = analyseSite(site.record);
    expect(a.contactability.find((c) => c.kind === 'phone')).toMatchObject({ page: home, distinct: 2 });
    expect(a.promises.hours).toEqual([{ kind: 'hours', page: home, text: 'Open Mon–Fri 9–17' }]);
    expect(a.contactability.find((c) => c.kind === 'email')!.promises.map((p) => p.text)).toEqual(['Open  Mon–Fri 9–17', 'We reply within 24 hours']);
  });
});

test.describe('contact-hard-to-find', () => {
  test('phone and email on one page three clicks away are one finding, with the click path as breadcrumbs', () => {
    const { site, contact } = acmeSite();
    const [f, ...rest] = only('contact-hard-to-find', site.run());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: 'contact-hard-to-find',
      severity: 'major',
      stepIndex: contact,
      stepName: 'Open Contact',
      message: 'Phone and email are 3 clicks from the home page (Home › About us › Company › Get in touch), over the budget of 2.',
      cause: 'shop.test/about/company/contact',
    });
    expect(f.evidence).toEqual({
      metric: { name: 'clicks', value: 3, threshold: 2, unit: 'count' },
      screenshot: `screens/step-${contact + 1}.png`,
      url: `${ORIGIN}/about/company/contact`,
      excerpt: ['Home › About us › Company › Get in touch', 'Phone: +44 20 7946 0000 (“Call us”)', 'Email: help@shop.test'],
    });
  });

  test('within the budget, by the shortest path, nothing (even when the crawl depth says 3)', () => {
    const { site, contact } = acmeSite();
    site.link(0, contact, 'Contact us');
    expect(only('contact-hard-to-find', site.run())).toEqual([]);
  });

  test('ways on different pages are different findings; maxClicks and kinds are options', () => {
    const { site, company } = acmeSite();
    site.contact('form', company, '/contact-form', 'Send us a message');
    const findings = only('contact-hard-to-find', site.run(), { maxClicks: 1 });
    expect(findings.map((f) => f.message)).toEqual([
      'Contact form is 2 clicks from the home page (Home › About us › Company), over the budget of 1.',
      'Phone and email are 3 clicks from the home page (Home › About us › Company › Get in touch), over the budget of 1.',
    ]);
    expect(only('contact-hard-to-find', site.run(), { maxClicks: 1, kinds: ['email'] }).map((f) => f.message)).toEqual([
      'Email is 3 clicks from the home page (Home › About us › Company › Get in touch), over the budget of 1.',
    ]);
  });

  test('the path through header links is the one named', () => {
    const site = new SiteBuilder();
    const faq = site.page('/faq', { title: 'FAQ' });
    const support = site.page('/support', { title: 'Support' });
    const contact = site.page('/contact', { title: 'Contact', depth: 2 });
    site.link(0, faq, 'FAQ').link(faq, contact, 'Write to us').link(0, support, 'Support', true).link(support, contact, 'Contact', true);
    site.contact('chat', contact, 'intercom', 'Chat with us');
    expect(only('contact-hard-to-find', site.run(), { maxClicks: 1 }).map((f) => f.message)).toEqual([
      'Chat is 2 clicks from the home page (Home › Support › Contact), over the budget of 1.',
    ]);
  });

  test('a way not found at all is not this rule’s', () => {
    const site = new SiteBuilder();
    expect(only('contact-hard-to-find', site.run())).toEqual([]);
  });
});

test.describe('no-contact-channel', () => {
  test('no phone, email or chat anywhere is critical, naming what was looked at', () => {
    const site = new SiteBuilder();
    const contact = site.page('/contact', { title: 'Contact' });
    site.link(0, contact, 'Contact').contact('form', contact, '/contact', 'Send');
    site.limits({ reachedMaxPages: true, maxPages: 2 });
    const [f, ...rest] = only('no-contact-channel', site.run());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'critical',
      stepIndex: 0,
      message:
        'No phone number, email address or chat was found on the 2 pages explored (up to 3 clicks from the home page; the crawl stopped at its limit of 2 pages); only a contact form.',
      cause: 'shop.test/ | none',
    });
    expect(f.evidence).toMatchObject({ screenshot: 'screens/step-1.png', url: `${ORIGIN}/`, excerpt: ['Contact form: /contact (“Send”)'] });
  });

  test('one of them found is enough', () => {
    const { site } = acmeSite();
    expect(only('no-contact-channel', site.run())).toEqual([]);
  });

  test('a kind expected and missing is minor, one finding per kind', () => {
    const { site } = acmeSite();
    const findings = only('no-contact-channel', site.run(), { expected: ['chat', 'email'] });
    expect(findings.map((f) => [f.severity, f.message, f.cause])).toEqual([
      ['minor', 'No chat was found on the 5 pages explored (up to 3 clicks from the home page), though the site is expected to offer one.', 'shop.test/ | missing | chat'],
    ]);
  });

  test('a site none of whose pages could be read is not judged', () => {
    const site = new SiteBuilder();
    site.record.pages[0].status = 503;
    expect(only('no-contact-channel', site.run())).toEqual([]);
  });
});

test.describe('no-response-time', () => {
  test('a way to write and no statement of when the answer comes: major, on the contact page', () => {
    const { site, contact } = acmeSite();
    site.promise('hours', contact, 'Mon–Fri 9:00–17:00');
    const [f, ...rest] = only('no-response-time', site.run());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'major',
      stepIndex: contact,
      message: 'Customers can write (email) but nothing on the 5 pages explored (up to 3 clicks from the home page) says how soon they get an answer.',
    });
    expect(f.evidence.screenshot).toBe(`screens/step-${contact + 1}.png`);
    expect(f.evidence.excerpt).toEqual(['Email: help@shop.test · Home › About us › Company › Get in touch']);
  });

  test('a response time on any page is enough', () => {
    const { site, help } = acmeSite();
    site.promise('response-time', help, 'We answer every email within 2 working days');
    expect(only('no-response-time', site.run())).toEqual([]);
  });

  test('skipped when there is no way to contact at all, or only a phone', () => {
    expect(only('no-response-time', new SiteBuilder().run())).toEqual([]);
    const site = new SiteBuilder();
    site.contact('phone', 0, '0800 000 000');
    expect(only('no-response-time', site.run())).toEqual([]);
  });
});

test.describe('no-opening-hours', () => {
  test('a phone and no opening hours anywhere is major', () => {
    const { site, contact } = acmeSite();
    const [f, ...rest] = only('no-opening-hours', site.run());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'major',
      stepIndex: contact,
      message: 'The site offers a phone number but gives no opening hours on the 5 pages explored (up to 3 clicks from the home page): customers cannot tell when someone answers.',
    });
  });

  test('only ways to write: minor', () => {
    const site = new SiteBuilder();
    site.contact('email', 0, 'help@shop.test');
    expect(only('no-opening-hours', site.run()).map((f) => [f.severity, f.message])).toEqual([
      ['minor', 'The site gives no opening hours on the one page explored (up to 3 clicks from the home page); customers can only write (email).'],
    ]);
  });

  test('hours stated, or no way to contact at all: nothing', () => {
    const { site, help } = acmeSite();
    site.promise('hours', help, 'Our team is here Monday to Friday, 9am–5pm');
    expect(only('no-opening-hours', site.run())).toEqual([]);
    expect(only('no-opening-hours', new SiteBuilder().run())).toEqual([]);
  });
});

test.describe('self-service-miss', () => {
  test('one finding per question the search did not answer, with the results page', () => {
    const { site, help } = acmeSite();
    site.search(help, [
      { question: 'refund', hit: true, matched: ['refund'], excerpt: ['Refunds and returns'] },
      { question: 'cancel an order', noResults: true, excerpt: ['No results for “cancel an order”'] },
      { question: 'warranty', excerpt: ['Espresso machine Deluxe', 'Milk frother'] },
    ]);
    const findings = only('self-service-miss', site.run());
    expect(findings.map((f) => [f.severity, f.stepName, f.message, f.cause])).toEqual([
      ['major', 'Search “cancel an order”', 'Searching the site for “cancel an order” found nothing: the results page said there were no results.', 'shop.test/ | search | cancel an order'],
      ['major', 'Search “warranty”', 'Searching the site for “warranty” gave no relevant answer: none of the results were about it.', 'shop.test/ | search | warranty'],
    ]);
    expect(findings[1].evidence).toEqual({
      screenshot: `screens/step-${findings[1].stepIndex! + 1}.png`,
      url: `${ORIGIN}/search?q=warranty`,
      excerpt: ['Espresso machine Deluxe', 'Milk frother'],
    });
  });

  test('a search that finds nothing for every question is one cause, the search itself', () => {
    const { site, help } = acmeSite();
    site.search(help, [
      { question: 'refund', noResults: true, excerpt: ['No results for “refund”'] },
      { question: 'warranty', noResults: true, excerpt: ['No results for “warranty”'] },
    ]);
    const findings = only('self-service-miss', site.run());
    expect(findings.map((f) => [f.severity, f.message, f.cause])).toEqual([
      ['major', 'The site\'s search found nothing for any of the 2 questions customers ask (“refund”, “warranty”): every results page said there were no results.', 'shop.test/ | search finds nothing'],
    ]);
    expect(findings[0].evidence.metric).toEqual({ name: 'questionsAnswered', value: 0, threshold: 2, unit: 'count' });
  });

  test('a search that could not be used is one finding for the questions it failed', () => {
    const { site, help } = acmeSite();
    site.search(help, [
      { question: 'refund', error: 'the results page answered HTTP 500' },
      { question: 'warranty', error: 'the results page answered HTTP 500' },
    ]);
    expect(only('self-service-miss', site.run()).map((f) => f.message)).toEqual([
      'The site search on “Help centre” could not be used (the results page answered HTTP 500) for 2 questions “refund”, “warranty”.',
    ]);
  });

  test('no search at all: minor when help pages can be browsed, major when there are none', () => {
    const { site } = acmeSite();
    expect(only('self-service-miss', site.run()).map((f) => [f.severity, f.message, f.cause])).toEqual([
      ['minor', 'No site search was found on the 5 pages explored (up to 3 clicks from the home page); customers can only browse the help page for answers.', 'shop.test/ | no-search'],
    ]);
    expect(only('self-service-miss', new SiteBuilder().run()).map((f) => [f.severity, f.message])).toEqual([
      ['major', 'No site search and no help or FAQ page were found on the one page explored (up to 3 clicks from the home page): customers cannot look up answers themselves.'],
    ]);
  });

  test('a search found but never asked (the crawl was stopped first) is not "no search"', () => {
    const stopped = new SiteBuilder();
    const help = stopped.page('/help', { title: 'Help centre', help: true, search: true });
    stopped.search(help, []);
    expect(only('self-service-miss', stopped.run())).toEqual([]);
  });

  test('every question answered: nothing', () => {
    const { site, help } = acmeSite();
    site.search(help, [{ question: 'refund', hit: true, matched: ['refund'] }]);
    expect(only('self-service-miss', site.run())).toEqual([]);
  });
});

test.describe('broken-link', () => {
  test('one finding per address, naming the link, its status and the pages linking to it', () => {
    const { site, about, company } = acmeSite();
    site.broken({ url: `${ORIGIN}/policies/returns?ref=about`, from: [about, company] });
    const [f, ...rest] = only('broken-link', site.run());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'minor',
      stepIndex: about,
      message: 'The link “Returns policy” leads to an error page (HTTP 404); it is on “About us” and “Our company”.',
      cause: `${ORIGIN}/policies/returns`,
    });
    expect(f.evidence).toEqual({
      screenshot: `screens/step-${about + 1}.png`,
      url: `${ORIGIN}/policies/returns?ref=about`,
      excerpt: [`linked from About us (${ORIGIN}/about)`, `linked from Our company (${ORIGIN}/about/company)`],
    });
  });

  test('major on the home page or in the header; a link that leads nowhere says why', () => {
    const { site, about } = acmeSite();
    site.broken({ url: `${ORIGIN}/gone`, text: 'Track my order', from: [0, about] });
    site.broken({ url: 'https://old.shop.test/', text: 'Outlet', status: undefined, failure: 'net::ERR_NAME_NOT_RESOLVED', from: [about], header: true });
    expect(only('broken-link', site.run()).map((f) => [f.severity, f.message])).toEqual([
      ['major', 'The link “Track my order” leads to an error page (HTTP 404); it is on the home page and “About us”.'],
      ['major', 'The link “Outlet” in the header leads nowhere (net::ERR_NAME_NOT_RESOLVED); it is on “About us”.'],
    ]);
  });

  test('a page that answers but says it is not there is quoted', () => {
    const { site, about } = acmeSite();
    site.broken({ url: `${ORIGIN}/stores`, text: 'Our stores', status: undefined, says: 'Sorry, we can’t find that page', from: [about] });
    expect(only('broken-link', site.run()).map((f) => [f.severity, f.message])).toEqual([
      ['minor', 'The link “Our stores” leads to a page that says “Sorry, we can’t find that page”; it is on “About us”.'],
    ]);
  });

  test('no broken links: nothing; runs without an explored site: no site finding at all', () => {
    expect(only('broken-link', acmeSite().site.run())).toEqual([]);
    const plain = acmeSite().site.run();
    delete plain.channels;
    const siteRules = builtInRules.filter((r) => ['contact-hard-to-find', 'no-contact-channel', 'no-response-time', 'no-opening-hours', 'self-service-miss', 'broken-link'].includes(r.id));
    expect(siteRules).toHaveLength(6);
    expect(analyse([plain]).filter((f) => siteRules.some((r) => r.id === f.ruleId))).toEqual([]);
  });
});
