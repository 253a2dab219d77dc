// The site channel's part of the scorecard: how far each way to contact is, what the site promises,
// what its search answered and a site map, built from the record and the site analysis, and
// escaped in the HTML like every word a page says.
import { expect, test } from '@playwright/test';
import { describeSite } from '../../src/channels/site/summary.ts';
import { analyse, analyseChannels } from '../../src/friction/analyse.ts';
import { Scorecard } from '../../src/model/scorecard.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { HOSTILE, makeMeta, makeRun } from './fixtures/scorecard-data.ts';
import { acmeSite, ORIGIN } from './fixtures/site-records.ts';

function explored() {
  const { site, home, help, contact, company } = acmeSite();
  const hostile = site.page('/news', { title: `News ${HOSTILE}` });
  site.link(home, hostile, `Latest ${HOSTILE}`);
  site.promise('hours', contact, 'Lines are open Mon–Fri 9am–5pm').promise('hours', help, 'Lines are open Mon–Fri 9am–5pm');
  site.contact('form', company, 'javascript:alert(1)', `Write ${HOSTILE}`);
  site.search(help, [
    { question: 'refund', hit: true, matched: ['refund'], excerpt: ['Refunds: how to get your money back'] },
    { question: 'warranty', excerpt: [`Espresso machine ${HOSTILE}`] },
  ]);
  site.broken({ url: `${ORIGIN}/gone`, from: [home] });
  return { run: site.run(), home, help, contact, company, hostile };
}

function scorecard() {
  const { run, ...pages } = explored();
  const runs = [run];
  const analyses = analyseChannels(runs);
  const sc = Scorecard.parse(buildScorecard({ runs, findings: analyse(runs, {}, undefined, {}, analyses), meta: makeMeta(), analyses }));
  return { sc, run, ...pages };
}

test('the scorecard keeps how far each way to contact is, the promises, the search and a site map', () => {
  const { sc, run, help, contact, company, hostile } = scorecard();
  const site = sc.journeys[0].runs[0].channels!.site!;
  expect(site.pagesVisited).toBe(6);
  expect(site.contactability.map((c) => [c.kind, c.found, c.clicks])).toEqual([
    ['phone', true, 3],
    ['email', true, 3],
    ['chat', false, undefined],
    ['form', true, 2],
    ['messaging', false, undefined],
  ]);
  expect(site.contactability[0]).toMatchObject({
    path: [
      { title: 'Acme shop', url: `${ORIGIN}/` },
      { title: 'About us', url: `${ORIGIN}/about` },
      { title: 'Our company', url: `${ORIGIN}/about/company` },
      { title: 'Contact', url: `${ORIGIN}/about/company/contact` },
    ],
    via: ['About us', 'Company', 'Get in touch'],
    header: false,
    value: '+44 20 7946 0000',
    text: 'Call us',
    promises: ['Lines are open Mon–Fri 9am–5pm'],
    distinct: 1,
  });
  // The same sentence on two pages is one promise, on the nearer page.
  expect(site.hours).toEqual([{ text: 'Lines are open Mon–Fri 9am–5pm', page: { title: 'Help centre', url: `${ORIGIN}/help` } }]);
  expect(site.responseTimes).toEqual([]);
  expect(site.selfService).toMatchObject({ search: { page: { title: 'Help centre' }, how: 'role=search' }, hits: 1, asked: 2 });
  expect(site.selfService.questions[1]).toMatchObject({ question: 'warranty', hit: false, screenshot: run.steps.at(-1)!.screenshot });
  expect(site.brokenLinks).toBe(1);
  expect(site.siteMap.map((p) => [p.title, p.depth, p.parent])).toEqual([
    ['Acme shop', 0, undefined],
    ['About us', 1, 0],
    ['Help centre', 1, 0],
    ['Our company', 2, 1],
    ['Contact', 3, 3],
    [`News ${HOSTILE}`, 1, 0],
  ]);
  expect(site.siteMap[contact].contacts).toEqual(['phone', 'email']);
  expect(site.siteMap[company].contacts).toEqual(['form']);
  expect(site.siteMap[help].help).toBe(true);
  expect(site.siteMap[hostile].contacts).toEqual([]);
});

test('the HTML shows the table with breadcrumbs, the promises, the questions and the site map, and escapes what pages say', () => {
  const { sc } = scorecard();
  const html = renderHtml(sc);
  expect(html).toContain('The site as a customer finds it');
  expect(html).toContain('How customers reach you');
  // The headline counts say what was explored, in place of "1 journey, 1 run" (and no harness card when nothing broke).
  const counts = html.slice(html.indexOf('<section class="counts"'), html.indexOf('</section>', html.indexOf('<section class="counts"')));
  expect(counts).toContain('<h2>Pages explored</h2>');
  expect(counts).toMatch(/<h2>Ways to contact<\/h2>\s*<p class="count-big">3 <span class="count-unit">of 5 found<\/span>/);
  expect(counts).toContain('Phone: 3 clicks');
  expect(counts).toContain('Chat: not found');
  expect(counts).toMatch(/<h2>Self-service<\/h2>\s*<p class="count-big">1 <span class="count-unit">of 2<\/span>/);
  expect(counts).not.toContain('<h2>Journeys</h2>');
  expect(counts).not.toContain('<h2>Harness errors</h2>');
  // The way to the phone, as the links the customer clicks.
  expect(html).toMatch(
    /<a href="https:\/\/shop\.test\/"[^>]*>Home<\/a> <span class="site-sep"[^>]*>›<\/span> <a href="https:\/\/shop\.test\/about"[^>]*>About us<\/a> <span class="site-sep"[^>]*>›<\/span> <a href="https:\/\/shop\.test\/about\/company"[^>]*>Company<\/a> <span class="site-sep"[^>]*>›<\/span> <a href="https:\/\/shop\.test\/about\/company\/contact"[^>]*>Get in touch<\/a>/,
  );
  expect(html).toContain('+44 20 7946 0000 (“Call us”)');
  expect(html).toContain('Not found');
  expect(html).toContain('“Lines are open Mon–Fri 9am–5pm”');
  expect(html).toContain('None stated on the pages explored');
  expect(html).toContain('1 of 2 questions answered');
  expect(html).toContain('results as the customer saw them');
  expect(html).toContain('Site map (6 pages)');
  expect(html).toContain('style="--indent: 3"');
  expect(html).toContain('1 broken link found');
  // Page text is text, never markup; a javascript: address is never a link.
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('News &lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('Espresso machine &lt;script&gt;');
  expect(html).not.toContain('href="javascript:');
});

test('runs without an explored site carry no site part, and the HTML shows no site section', () => {
  const sc = buildScorecard({ runs: [makeRun()], findings: [], meta: makeMeta() });
  expect(sc.journeys[0].runs[0].channels?.site).toBeUndefined();
  expect(renderHtml(sc)).not.toContain('How customers reach you');
  expect(renderHtml(sc)).toContain('<h2>Journeys</h2>');
  expect(renderHtml(sc)).not.toContain('<h2>Pages explored</h2>');
});

test('the verdict and summary.md say what was found: how far each way to contact is, and what the search answered', async () => {
  const { sc } = scorecard();
  expect(sc.summary.verdict).toBe('Explored 6 pages: a contact form is 2 clicks away; phone and email are 3 clicks away; no chat was found; the site\'s search answered 1 of 2 questions.');
  const site = sc.journeys[0].runs[0].channels!.site!;
  const noForm = { ...site, contactability: site.contactability.map((c) => (c.kind === 'form' ? { ...c, found: false } : c)) };
  expect(describeSite(noForm)).toContain('; no chat or contact form was found;');
  // A search found, but no question put to it (a crawl stopped first, or `questions: []`).
  const unasked = { ...site, selfService: { ...site.selfService, asked: 0, hits: 0, questions: [] } };
  expect(describeSite(unasked)).toMatch(/; the site has a search; no question was put to it\.$/);
  const { renderMarkdown } = await import('../../src/report/markdown.ts');
  const md = renderMarkdown(sc);
  expect(md).toContain('### How customers reach you');
  // The way there as the customer clicks it: the links' words, not the pages' titles.
  expect(md).toContain('| Phone | 3 | Home › About us › Company › Get in touch | no |');
  expect(md).toContain('| Chat | not found |  |  |');
  expect(md).toContain('**Opening hours:** “Lines are open Mon–Fri 9am–5pm”');
  expect(md).toContain('answered 1 of 2 questions (not: “warranty”)');
  // A page's words stay inert in Markdown.
  expect(md).not.toContain('<script');
});
