// `explore`: a first scorecard from a URL alone. Acme's knobs are the ground truth: with a knob on,
// its named finding appears; with none, explore finds nothing at major or above. And a site shaped
// nothing like Acme (drawn by script, shadow DOM, an overlay, client-side search, an endless
// calendar, robots.txt) is explored just as well.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme } from '../../fixtures/acme/server.ts';
import type { SiteRecord } from '../../src/channels/site/record.ts';
import { SiteSettings } from '../../src/channels/site/settings.ts';
import { Comparison } from '../../src/compare/model.ts';
import { runExplore, type ExploreOptions } from '../../src/explore/index.ts';
import { atLeast } from '../../src/model/finding.ts';
import { pointsOf, recordsOf, serveHttp, tempDir } from './helpers.ts';
import { kettleShop } from './fixtures/sites/kettle-shop.ts';
import { spaShop } from './fixtures/sites/spa-shop.ts';
import { BIN, cli } from './cli-process.ts';

/** The default exclusions, and Acme's Journal: 45 articles that say nothing about service (bench figure 7 crawls them). */
const EXCLUDE = [...SiteSettings.parse({}).exclude, '/journal/'];

/** A config for quick explores: pages settle for 150 ms, no screenshots unless asked. */
function exploreFolder(extra: Record<string, unknown> = {}): string {
  const dir = tempDir('ms-explore-');
  const { site, ...rest } = extra as { site?: Record<string, unknown> };
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ screenshots: 'off', site: { settleMs: 150, exclude: EXCLUDE, ...site }, ...rest }));
  return dir;
}

async function exploreAcme(friction: string, site: Record<string, unknown> = {}, opts: Partial<ExploreOptions> = {}) {
  const acme = await startAcme({ friction });
  try {
    const cwd = exploreFolder({ site });
    const result = await runExplore({ cwd, urls: [acme.url], out: join(cwd, 'reports'), ...opts });
    return result.sites[0];
  } finally {
    await acme.close();
  }
}

const siteOf = (dir: string): SiteRecord => recordsOf({ dir })[0].channels!.site as SiteRecord;
const rulesOf = (r: Awaited<ReturnType<typeof exploreAcme>>) => new Set(pointsOf(r).map((p) => p.rule));

test.describe.configure({ mode: 'parallel' });

const KNOB_RULES = ['contact-hard-to-find', 'no-opening-hours', 'no-response-time', 'self-service-miss', 'broken-image', 'accessibility', 'slow-page'];

test.describe('explore on the demo company', () => {
  test('a clean Acme: every way to reach it within a click, its search answers, nothing at major or above', async () => {
    const acme = await startAcme({ friction: '' });
    try {
      const cwd = exploreFolder({ screenshots: 'each' });
      const { sites } = await runExplore({ cwd, urls: [acme.url], out: join(cwd, 'reports') });
      const result = sites[0];
      const major = result.scorecard.frictionPoints.filter((p) => atLeast(p.severity, 'major'));
      expect(major.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
      for (const rule of KNOB_RULES) expect(rulesOf(result), rule).not.toContain(rule);
      const site = siteOf(result.dir);
      const kinds = new Set(site.contacts.map((c) => c.kind));
      expect([...kinds].sort()).toEqual(['chat', 'email', 'form', 'phone']);
      expect(site.promises.map((p) => p.kind).sort()).toEqual(['hours', 'response-time']);
      // What each page offers to click: the home page's links (header, products, footer) and its button (the chat launcher).
      expect(site.pages[0].controls?.links).toBeGreaterThan(10);
      expect(site.pages[0].controls?.buttons).toBeGreaterThanOrEqual(1);
      expect(site.search?.questions.map((q) => q.hit)).toEqual([true, true, true, true, true, true]);
      // robots.txt keeps crawlers out of the checkout and accounts.
      expect(site.limits.robots).toBe('found');
      expect(site.pages.some((p) => /\/(checkout|account)/.test(new URL(p.url).pathname))).toBe(false);
      // Every page is a step with its screenshot: evidence for any finding.
      const run = recordsOf(result)[0];
      expect(run.steps.length).toBe(site.pages.length + site.search!.questions.length);
      for (const step of run.steps) expect(existsSync(join(result.dir, step.screenshot ?? 'missing')), step.name).toBe(true);
      // Page health is recorded for the pages explored.
      expect(run.pages?.some((p) => p.accessibility !== undefined)).toBe(true);
      // The scorecard shows the contactability section.
      const html = readFileSync(result.htmlPath, 'utf8');
      expect(html).toContain('How customers reach you');
    } finally {
      await acme.close();
    }
  });

  // Each knob's explore goes as far as its cause needs: the contact page and the help centre are a
  // click from home (three with hidden-contact); questions are asked only where the search is judged.
  const near = { maxDepth: 1, questions: [] };
  const knobs: [string, string, Record<string, unknown>, RegExp?][] = [
    ['hidden-contact', 'contact-hard-to-find', { questions: [] }, /3 clicks/],
    ['no-hours', 'no-opening-hours', near],
    ['no-response-time', 'no-response-time', near],
    ['faq-search-empty', 'self-service-miss', { maxDepth: 1 }],
    ['broken-image', 'broken-image', near],
    ['a11y-poor', 'accessibility', near],
    ['slow-lcp', 'slow-page', near],
  ];
  for (const [knob, rule, site, message] of knobs) {
    test(`${knob} gives ${rule}`, async () => {
      const result = await exploreAcme(knob, site);
      const points = result.scorecard.frictionPoints.filter((p) => p.ruleId === rule);
      expect(points.length, `${rule} in ${[...rulesOf(result)].join(', ')}`).toBeGreaterThan(0);
      if (message) expect(points[0].message).toMatch(message);
      // The knob's cause and no other at major or above.
      const others = result.scorecard.frictionPoints.filter((p) => p.ruleId !== rule && atLeast(p.severity, 'major'));
      expect(others.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    });
  }

  test('two companies side by side: the one with friction ranks below the clean one', async () => {
    const clean = await startAcme({ friction: '' });
    const poor = await startAcme({ friction: 'hidden-contact,faq-search-empty' });
    try {
      const cwd = exploreFolder();
      const result = await runExplore({ cwd, urls: [poor.url, clean.url], out: join(cwd, 'reports') });
      expect(result.comparison).toBeDefined();
      const comparison = Comparison.parse(JSON.parse(readFileSync(join(result.comparison!.dir, 'compare.json'), 'utf8')));
      expect(comparison.sites.map((s) => s.target)).toEqual([`${clean.url}/`, `${poor.url}/`]);
      expect(comparison.sites[0].score).toBeGreaterThan(comparison.sites[1].score);
      const html = readFileSync(result.comparison!.htmlPath, 'utf8');
      expect(html).toContain(new URL(clean.url).host);
      expect(result.comparison!.comparison.sites[1].failing).toBe(2); // two causes: the contact page and the search

      // The saved explores compared again later from the CLI: the same ranking, printed; exit 1 (one site fails).
      const [poorDir, cleanDir] = result.sites.map((s) => s.dir);
      const again = await cli(['explore', '--compare', poorDir, cleanDir, '--out', join(cwd, 'again')], cwd);
      expect(again.stdout).toMatch(new RegExp(`1\\. ${new URL(clean.url).host.replace(/\./g, '\\.')} +100/100 \\(A\\)  Pass`));
      expect(again.stdout).toMatch(/2\. \S+ +\d+\/100 \(\w\)  Fail: 2 causes of friction/);
      expect(again.code).toBe(1);
      // A folder that is no report is bad input: exit 2, nothing written.
      const bad = await cli(['explore', '--compare', poorDir, cwd, '--out', join(cwd, 'bad')], cwd);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/is not a report folder: it has no scorecard\.json/);
      expect(existsSync(join(cwd, 'bad'))).toBe(false);
    } finally {
      await clean.close();
      await poor.close();
    }
  });
});

test.describe('explore on sites unlike Acme', () => {
  test('a shop drawn by script, with shadow DOM, an overlay, client-side search, an endless calendar and robots.txt', async () => {
    const userAgents: string[] = [];
    const server = await serveHttp(spaShop({ userAgents }));
    try {
      const cwd = exploreFolder();
      const { sites } = await runExplore({ cwd, urls: [server.url], out: join(cwd, 'reports') });
      const result = sites[0];
      const site = siteOf(result.dir);
      const paths = site.pages.map((p) => new URL(p.url).pathname + new URL(p.url).search);
      // Links drawn into a shadow root are followed; robots.txt's /internal is not; the calendar stops at 3 months.
      expect(paths).toEqual(expect.arrayContaining(['/', '/shop', '/support', '/shop/umbrella']));
      expect(paths.filter((p) => p.startsWith('/events')).length).toBe(3);
      expect(paths.some((p) => p.startsWith('/internal'))).toBe(false);
      expect(site.limits.disallowed).toBeGreaterThan(0);
      // The phone in the shadow-DOM header, the email on the support page, the chat launcher in a shadow root.
      const phone = site.contacts.find((c) => c.kind === 'phone');
      expect(phone).toMatchObject({ value: '+442071234567', header: true, page: 0 });
      expect(site.contacts.some((c) => c.kind === 'email' && c.value === 'care@nimbus.test')).toBe(true);
      expect(site.contacts.some((c) => c.kind === 'chat')).toBe(true);
      expect(site.promises.map((p) => p.kind).sort()).toEqual(['hours', 'response-time']);
      // Each promise is quoted as the sentence that makes it, not the paragraph around it.
      expect(site.promises.find((p) => p.kind === 'hours')?.text).toBe('Phone lines are open Mon–Sat 8:00–20:00.');
      expect(site.promises.find((p) => p.kind === 'response-time')?.text).toBe('Write to care@nimbus.test: we reply within 1 working day.');
      // The links drawn into the shadow-DOM header count among what the home page offers to click.
      expect(site.pages[0].controls?.links).toBeGreaterThanOrEqual(3);
      // The search draws its results without leaving the page: still read, and answered.
      expect(site.search?.how).toBe('role=search');
      expect(site.search?.questions.every((q) => q.hit)).toBe(true);
      // The consent overlay was closed, as a customer would.
      expect(recordsOf(result)[0].observations.dismissed?.length ?? 0).toBeGreaterThan(0);
      // The tool says who it is.
      expect(userAgents.every((ua) => /mystery-shopper\//.test(ua))).toBe(true);
      expect(result.scorecard.frictionPoints.filter((p) => atLeast(p.severity, 'major'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('a shop whose links go wrong as real ones do: a redirected home page, a "not found" page answering 200, a page that never answers', async () => {
    const hang: ServerResponse[] = [];
    const server = await serveHttp(kettleShop(hang));
    try {
      const cwd = exploreFolder({ site: { pageTimeoutMs: 3000, questions: [] } });
      const { sites } = await runExplore({ cwd, urls: [server.url], out: join(cwd, 'reports') });
      const site = siteOf(sites[0].dir);
      const paths = site.pages.map((p) => new URL(p.url).pathname);
      // The home page ends at /en/: the header's link to /en/ is the home page, not a page of its own.
      expect(paths[0]).toBe('/');
      expect(paths.filter((p) => p === '/en/')).toEqual([]);
      expect(paths).toEqual(expect.arrayContaining(['/en/products', '/en/service/contact', '/en/stores', '/en/careers']));
      // The contact page behind the hidden mega-menu is a click away; the phone is in the footer, the chat an iframe.
      const reach = sites[0].scorecard.journeys[0].runs[0].channels!.site!.contactability;
      expect(reach.find((c) => c.kind === 'email')).toMatchObject({ found: true, clicks: 1 });
      expect(reach.find((c) => c.kind === 'phone')).toMatchObject({ found: true, clicks: 0, value: '08001234567' });
      expect(reach.find((c) => c.kind === 'chat')).toMatchObject({ found: true, clicks: 0 });
      // Two broken links, each in its own words; nothing else at major or above.
      const broken = sites[0].scorecard.frictionPoints.filter((p) => p.ruleId === 'broken-link').map((p) => p.message);
      expect(broken.sort()).toEqual([
        // The "not found" page has the footer too.
        'The link “Careers” leads nowhere (no answer within 3 s); it is on the home page, “Products”, “Customer service”, “Kettle K1” and “Page not found”.',
        'The link “Our stores” leads to a page that says “Sorry, we can’t find that page”; it is on the home page, “Products”, “Customer service” and “Kettle K1”.',
      ]);
      // The site map marks the page that says it is not there, though it answered 200.
      expect(readFileSync(sites[0].htmlPath, 'utf8')).toContain('200, “not found”');
      const others = sites[0].scorecard.frictionPoints.filter((p) => p.ruleId !== 'broken-link' && atLeast(p.severity, 'major'));
      expect(others.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    } finally {
      for (const res of hang) res.destroy();
      await server.close();
    }
  });

  test('a search that finds nothing is a self-service miss with the results page as evidence', async () => {
    const server = await serveHttp(spaShop({ searchEmpty: true }));
    try {
      const cwd = exploreFolder({ screenshots: 'each' });
      const { sites } = await runExplore({ cwd, urls: [server.url], out: join(cwd, 'reports') });
      // Nothing found for any question: one cause, the search itself.
      const misses = sites[0].scorecard.frictionPoints.filter((p) => p.ruleId === 'self-service-miss');
      expect(misses).toHaveLength(1);
      expect(misses[0].message).toMatch(/found nothing for any of the 6 questions/);
      expect(misses[0].evidence.screenshot).toBeTruthy();
      expect(JSON.stringify(misses[0].evidence)).toMatch(/couldn.t find anything/);
    } finally {
      await server.close();
    }
  });

  test('a site that cannot be reached is a dead end, not a crash', async () => {
    const server = await serveHttp((_req, res) => res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Down for maintenance</h1>'));
    try {
      const cwd = exploreFolder();
      const { sites } = await runExplore({ cwd, urls: [server.url], out: join(cwd, 'reports') });
      expect(sites[0].scorecard.frictionPoints[0]).toMatchObject({ ruleId: 'dead-end', severity: 'critical' });
      expect(sites[0].scorecard.frictionPoints[0].message).toMatch(/503/);
    } finally {
      await server.close();
    }
  });

  test('Ctrl-C mid-crawl: the pages explored so far are kept and reported, marked incomplete; exit 130', async () => {
    const server = await serveHttp(spaShop());
    try {
      const cwd = exploreFolder({ site: { settleMs: 400 } });
      const child = spawn(process.execPath, [BIN, 'explore', server.url], { cwd, env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => {
        const first = stderr === '' || !/ 3\. Open /.test(stderr);
        stderr += c.toString();
        if (first && / 3\. Open /.test(stderr)) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stderr).toBe(130);
      const summary = readFileSync(join(cwd, 'reports', 'latest', 'summary.md'), 'utf8');
      expect(summary).toMatch(/INCOMPLETE/);
      expect(summary).toContain('**Result: incomplete**');
      expect(summary).toMatch(/Incomplete: 0 of 1 run finished, stopped by Ctrl-C \(SIGINT\); explored \d pages: /);
      // What was explored before Ctrl-C is in the record: the home page and the pages loading then.
      const site = siteOf(join(cwd, 'reports', 'latest'));
      expect(site.pages.length).toBeGreaterThanOrEqual(3);
      expect(site.pages.length).toBeLessThan(8);
      expect(stdout).toMatch(/INCOMPLETE/);
    } finally {
      await server.close();
    }
  });

  test('the CLI: a bad URL is bad input (exit 2), a good one writes the scorecard', async () => {
    const cwd = exploreFolder();
    const bad = await cli(['explore', 'ftp://example.com'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a web address: ftp:\/\/example.com/);
    const server = await serveHttp(spaShop());
    try {
      const ok = await cli(['explore', server.url, '--max-pages', '3'], cwd);
      expect(ok.stdout).toMatch(/Scorecard: reports\//);
      expect(ok.code).toBe(0);
    } finally {
      await server.close();
    }
  });
});
