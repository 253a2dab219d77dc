import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Scorecard } from '../../src/model/scorecard.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { PARTIALS_DIR, renderHtml, TEMPLATES_DIR } from '../../src/report/html/index.ts';
import { HTML_MAX_PLACES, HTML_MAX_RUNS, HTML_TOP_FRICTION, safeRelativeSrc } from '../../src/report/html/view.ts';
import { writeReports } from '../../src/report/index.ts';
import { HOSTILE, lockedAccount, makeFinding, makeMeta, makeRun, syntheticAudit, TINY_PNG, makeReportDir, removeReportDirs } from './fixtures/scorecard-data.ts';

test.afterEach(removeReportDirs);

test('templates never use triple-stash (unescaped) output', () => {
  const files = [
    ...readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.hbs')).map((f) => join(TEMPLATES_DIR, f)),
    ...readdirSync(PARTIALS_DIR).filter((f) => f.endsWith('.hbs')).map((f) => join(PARTIALS_DIR, f)),
  ];
  expect(files.length).toBeGreaterThan(3);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    expect(text, file).not.toContain('{{{');
    expect(text, file).not.toMatch(/\{\{\s*&/);
  }
});

test('only relative paths inside the report folder are loaded as images', () => {
  expect(safeRelativeSrc('screenshots/a b#1.png')).toBe('screenshots/a%20b%231.png');
  for (const bad of ['http://evil.example/x.png', '//evil.example/x.png', '/etc/passwd', 'javascript:alert(1)', 'JaVaScRiPt:x', 'data:image/png;base64,AA', '../outside.png', 'a/../../b.png', 'C:\\x.png', '']) {
    expect(safeRelativeSrc(bad), bad).toBeUndefined();
  }
});

test('hostile text from pages renders as text: no script, no handler, no dialog, no request outside the report', async ({ page }) => {
  const out = await makeReportDir();
  await mkdir(join(out, 'screenshots'), { recursive: true });
  await writeFile(join(out, 'screenshots', 'ok.png'), TINY_PNG);

  const hostileStep = {
    journeyId: 'evil',
    journeyName: `Evil ${HOSTILE}`,
    persona: `p ${HOSTILE}`,
    stepNames: ['Open', HOSTILE, 'Done'],
    screenshots: false,
    stepOverrides: [{}, { url: `https://shop.example/?q=${HOSTILE}`, screenshot: 'screenshots/ok.png' }, {}],
  };
  const runs = [
    makeRun({ ...hostileStep, repeat: 1 }),
    makeRun({
      ...hostileStep,
      repeat: 2,
      failAt: 1,
      stepOverrides: [{}, { url: `javascript:alert(1)//${HOSTILE}`, screenshot: 'http://evil.example/shot.png', error: { kind: 'expectation', message: `Error: ${HOSTILE}` } }],
    }),
    makeRun({ ...hostileStep, repeat: 3, errorAt: 0, stepOverrides: [{ error: { kind: 'harness', message: `Crash ${HOSTILE}` } }] }),
  ];
  runs[1].stoppedAt!.reason = `Reason ${HOSTILE}`;
  runs[0].tags = [HOSTILE];
  const findings = [
    makeFinding({
      run: runs[1],
      ruleId: 'dead-end',
      severity: 'critical',
      title: `Title ${HOSTILE}`,
      stepIndex: 1,
      message: `Message ${HOSTILE}`,
      evidence: {
        screenshot: 'screenshots/ok.png',
        url: `https://shop.example/${HOSTILE}`,
        excerpt: [`Chat: ${HOSTILE}`, '"quotes" & \'apostrophes\' `backticks` {{mustache}}'],
        technical: [`Action: click ${HOSTILE}`, `locator('${HOSTILE}') not visible`],
        metric: { name: `metric ${HOSTILE}`, value: 5000, threshold: 2000, unit: 'ms' },
      },
    }),
    makeFinding({
      run: runs[0],
      ruleId: 'http-error',
      severity: 'info',
      title: `Noise ${HOSTILE}`,
      stepIndex: 1,
      cause: `tracker ${HOSTILE}`,
      message: `Third party ${HOSTILE}`,
      evidence: { technical: [`GET ${HOSTILE}`] },
    }),
    makeFinding({ run: runs[0], stepIndex: 1, message: `Slow ${HOSTILE}`, evidence: { screenshot: 'javascript:alert(1)' } }),
    makeFinding({ run: runs[1], stepIndex: 1, message: `Also ${HOSTILE}`, evidence: { screenshot: '//evil.example/x.png' } }),
  ];
  const sc = buildScorecard({ runs, findings, meta: makeMeta({ target: `https://shop.example/${HOSTILE}` }) });
  await writeReports(sc, out, ['html']);

  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(join(out, 'index.html')).href);
  await page.waitForLoadState('load');

  // The text shows as text, where a reader sees it.
  await expect(page.locator('h1.target')).toHaveText(`https://shop.example/${HOSTILE}`);
  await expect(page.locator('.top-friction .friction-message').first()).toHaveText(`Message ${HOSTILE}`);
  await expect(page.locator('.top-friction .friction-title').first()).toHaveText(`Title ${HOSTILE}`);
  await expect(page.getByText(`Message ${HOSTILE}`).first()).toBeVisible();
  await expect(page.locator('.journey-head h3').first()).toHaveText(`Evil ${HOSTILE}`);
  // Places and personas on the card, the quote up front, the noted point in its own section.
  const card = page.locator('.top-friction .friction').first();
  await expect(card.locator('.friction-where dd')).toHaveText(`Evil ${HOSTILE} › ${HOSTILE} (1 of 2 runs)`);
  await expect(card.locator('.friction-who dd')).toHaveText(`persona p ${HOSTILE}: 1 of 2 runs`);
  await expect(card.locator('.saw .saw-line').first()).toHaveText(`Chat: ${HOSTILE}`);
  await expect(page.locator('#noted .noted-title')).toHaveText(`Noise ${HOSTILE}`);
  await expect(page.locator('#noted .noted-message')).toHaveText(`Third party ${HOSTILE}`);
  // SVG text of the waterfall (labels are cut to fit; the tooltip title has the whole name).
  const svgTexts = await page.locator('.waterfall svg text.wf-label').allTextContents();
  expect(svgTexts[1]).toContain('<script>alert(1)</script>');
  expect(await page.locator('.waterfall svg g.wf-row title').nth(1).textContent()).toContain(HOSTILE);
  // Folded details hold the rest: open them all, and check their text too.
  await page.locator('details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  const body = await page.locator('body').innerText();
  for (const text of [`Reason ${HOSTILE}`, `Error: ${HOSTILE}`, `Crash ${HOSTILE}`, `Chat: ${HOSTILE}`, `Also ${HOSTILE}`, `javascript:alert(1)//${HOSTILE}`, '{{mustache}}', `Action: click ${HOSTILE}`, `locator('${HOSTILE}') not visible`]) {
    expect(body).toContain(text);
  }

  // Nothing became markup or code.
  expect(await page.locator('script').count()).toBe(0);
  expect(await page.locator('[onerror]').count()).toBe(0);
  const handlers = await page.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}@${a.name}`)),
  );
  expect(handlers).toEqual([]);
  const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(links.filter((h) => /^(javascript|data|https?):|^\/\//i.test(h))).toEqual([]);
  // Images that are not in the report folder are not loaded; the one that is, is.
  const images = await page.locator('img').evaluateAll((imgs) => imgs.map((i) => [i.getAttribute('src'), (i as HTMLImageElement).naturalWidth]));
  expect(images.length).toBeGreaterThan(0);
  for (const [src, width] of images) {
    expect(src).toBe('screenshots/ok.png');
    expect(width).toBe(1);
  }
  expect(dialogs).toEqual([]);
  expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
});

test('the report reads well: header, counts, top friction, journeys, waterfall, folded runs', async ({ page }) => {
  const budgets = [500, 500, 500, 500];
  const names = ['Open the shop', 'Add the espresso machine', 'Check out', 'Place the order'];
  const runs = [
    ...[1, 2, 3].map((repeat) => makeRun({ journeyId: 'order', journeyName: 'Order the espresso machine', repeat, stepNames: names, budgets, stepDurations: [200, 300, 900, 400] })),
    makeRun({ journeyId: 'order', journeyName: 'Order the espresso machine', repeat: 4, stepNames: names, budgets, stepDurations: [200, 300, 900, 400], failAt: 3 }),
    makeRun({ journeyId: 'order', journeyName: 'Order the espresso machine', repeat: 5, stepNames: names, budgets, stepDurations: [200, 300, 900, 400], errorAt: 1 }),
    makeRun({ journeyId: 'contact', journeyName: 'Find the contact page', repeat: 1 }),
  ];
  const findings = [
    makeFinding({ run: runs[3], ruleId: 'dead-end', severity: 'critical', title: 'The customer hit a dead end', stepIndex: 3, message: 'Place order did nothing' }),
    ...runs.slice(0, 4).map((run) =>
      makeFinding({ run, stepIndex: 2, title: 'A step was slower than its budget', message: 'Check out took 900 ms', evidence: { metric: { name: 'step duration', value: 900, threshold: 500, unit: 'ms' } } }),
    ),
  ];
  const sc = buildScorecard({ runs, findings, meta: makeMeta() });
  const out = await makeReportDir();
  await writeReports(sc, out, ['html']);
  await page.goto(pathToFileURL(join(out, 'index.html')).href);

  await expect(page.locator('.score-value')).toHaveText(String(sc.summary.score));
  await expect(page.locator('.score-grade')).toHaveText(`Grade ${sc.summary.grade}`);
  await expect(page.locator('.verdict')).toHaveText(sc.summary.verdict);
  // A dead end and one slow step that hit 4 runs: two causes (5 findings).
  await expect(page.locator('.result')).toContainText('Fail: 2 causes of friction at or above major.');
  const top = page.locator('.top-friction .friction');
  await expect(top).toHaveCount(2);
  await expect(top.nth(0)).toContainText('The customer hit a dead end');
  await expect(top.nth(0)).toContainText('hit 1 of 4 runs');
  await expect(top.nth(1)).toContainText('hit 4 of 4 runs');
  await expect(top.nth(1).locator('.metric.headline')).toHaveText('step duration: 900 ms vs threshold 500 ms');
  await expect(top.nth(0).locator('.friction-where dd')).toHaveText('Order the espresso machine › Place the order (1 of 4 runs)');
  await expect(top.nth(0).locator('.friction-who dd')).toHaveText('persona alice: 1 of 4 runs');
  await expect(top.nth(0).locator('.friction-where a')).toHaveAttribute('href', '#journey-2');
  await expect(page.locator('#journey-2 .journey-head h3')).toHaveText('Order the espresso machine');
  // Journeys: contact first (by id), then order with its waterfall of the median completed run.
  const order = page.locator('.journey').nth(1);
  await expect(order.locator('.journey-head h3')).toHaveText('Order the espresso machine');
  await expect(order.locator('.journey-status')).toContainText('Dead end in 1 of 5 runs');
  await expect(order.locator('.journey-status .harness')).toHaveText('1 run broke in the harness');
  await expect(order.locator('.wf-row')).toHaveCount(4);
  await expect(order.locator('.wf-row.wf-over')).toHaveCount(1);
  await expect(order.locator('.wf-budget')).toHaveCount(4);
  await expect(order.locator('.wf-row.wf-over .wf-label')).toHaveText('3. Check out');
  await expect(order.locator('.runs-failed summary')).toHaveText('1 run hit a dead end');
  await expect(order.locator('.runs-errored summary')).toContainText('broke in the test harness');
  await expect(order.locator('.runs-failed .run')).not.toBeVisible();
  // No JavaScript needed: the report is complete with scripts off (there are none to begin with).
  expect(await page.locator('script').count()).toBe(0);
});

test('a friction card says where and whom it hit, in the customer\'s words, with the technical detail folded', async ({ page }) => {
  const { runs, findings } = lockedAccount({
    message: 'The customer could not sign in: the page said “Your account is locked.”',
    evidence: {
      excerpt: ['Alert: Your account is locked. Please contact support.'],
      technical: ['Action: click role=button "Sign in"', "getByRole('heading', { name: /my orders/i }) not visible after 5000 ms"],
      url: 'https://shop.example/sign-in',
    },
  });
  // Every persona of the order journey is kept waiting at checkout, alike.
  const orders = runs.filter((r) => r.journeyId === 'order');
  findings.push(...orders.map((run) => makeFinding({ run, stepIndex: 1, title: 'A step was slower than its budget', message: 'Checkout took 4 s', cause: 'checkout' })));
  await page.setContent(renderHtml(buildScorecard({ runs, findings, meta: makeMeta() })));

  const cards = page.locator('.top-friction .friction');
  await expect(cards).toHaveCount(2);
  const locked = cards.nth(0);
  await expect(locked.locator('.friction-head')).toContainText('The customer hit a dead end');
  await expect(locked.locator('.hits')).toHaveText('hit 4 of 12 runs');
  await expect(locked.locator('.friction-where dd')).toHaveText(
    'Sign in and see my orders › Sign in (2 of 6 runs) · Warranty claim › Sign in (2 of 6 runs)',
  );
  // Each journey links to its section.
  const links = await locked.locator('.friction-where a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  expect(links).toEqual([
    ['Sign in and see my orders', '#journey-2'],
    ['Warranty claim', '#journey-3'],
  ]);
  for (const [name, href] of links) await expect(page.locator(`${href} .journey-head h3`)).toHaveText(name!);
  await expect(locked.locator('.friction-who dd')).toHaveText('persona sam: 4 of 4 runs; the 2 others (alex, dana): 0 of 8');
  await expect(cards.nth(1).locator('.friction-who dd')).toHaveText('every persona (alex, dana, sam): 6 of 6 runs');
  // What the customer saw, up front; selectors and raw errors only inside the folded details, with the rule id.
  await expect(locked.locator('.friction-message')).toHaveText('The customer could not sign in: the page said “Your account is locked.”');
  await expect(locked.locator('blockquote.saw')).toContainText('Alert: Your account is locked. Please contact support.');
  await expect(locked.locator('blockquote.saw')).toBeVisible();
  const technical = locked.locator('details.technical');
  for (const text of ['role=button', 'not visible after 5000 ms', 'dead-end', 'https://shop.example/sign-in']) {
    await expect(technical).toContainText(text);
    expect(await locked.evaluate((el, t) => [...el.children].filter((c) => c.tagName !== 'DETAILS').some((c) => c.textContent!.includes(t)), text)).toBe(false);
  }
  await expect(technical).not.toHaveAttribute('open');
  await expect(technical.locator('pre.technical-lines')).not.toBeVisible();
  await expect(technical.locator('summary')).toHaveText('Technical details');

  // A journey section lists the points that touch it, with the share of its own runs.
  const signIn = page.locator('#journey-2 .journey-friction li');
  await expect(signIn).toHaveCount(1);
  await expect(signIn.locator('.journey-friction-head')).toHaveText('Critical The customer hit a dead end · Sign in: 2 of 6 runs (and in 1 other journey)');
  await expect(signIn.locator('a')).toHaveAttribute('href', '#fp-1');
  await expect(page.locator('#journey-1 .journey-friction-head')).toHaveText('Major A step was slower than its budget · Step 2: 6 of 6 runs');
});

test('a card met in many journeys shows the first places and folds the rest', async ({ page }) => {
  const journeys = ['a', 'b', 'c', 'd', 'e', 'f'];
  const runs = journeys.map((id) => makeRun({ journeyId: id, journeyName: `Journey ${id}`, stepNames: ['Open', 'Contact us', 'Send'] }));
  const findings = runs.map((run) => makeFinding({ run, stepIndex: 1, cause: 'contact form', message: 'The contact form asks 14 questions' }));
  await page.setContent(renderHtml(buildScorecard({ runs, findings, meta: makeMeta() })));
  const where = page.locator('.top-friction .friction-where dd');
  await expect(where.locator(':scope > .place')).toHaveCount(HTML_MAX_PLACES);
  await expect(where.locator('.more-places summary')).toHaveText('and 2 more journeys');
  await expect(where.locator('.more-places .place')).toHaveText(['Journey e › Contact us (1 of 1 run)', 'Journey f › Contact us (1 of 1 run)']);
  await expect(page.locator('.top-friction .friction-who dd')).toHaveText('persona alice: 6 of 6 runs');
});

test('info points are noted in their own folded section, not in top friction nor in the journeys\' friction', async ({ page }) => {
  const runs = [1, 2].map((repeat) => makeRun({ journeyId: 'order', journeyName: 'Order', repeat }));
  const findings = [
    makeFinding({ run: runs[0], stepIndex: 2, severity: 'minor', title: 'Slow payment', message: 'Paying took 3 s' }),
    ...runs.map((run) =>
      makeFinding({ run, ruleId: 'http-error', severity: 'info', title: 'Tracker request failed', stepIndex: 0, cause: 'tracker.example', message: 'A request to tracker.example failed' }),
    ),
  ];
  const sc = buildScorecard({ runs, findings, meta: makeMeta() });
  expect(sc.frictionPoints.map((fp) => fp.severity)).toEqual(['minor', 'info']);
  await page.setContent(renderHtml(sc));

  await expect(page.locator('.top-friction .friction')).toHaveCount(1);
  await expect(page.locator('.top-friction')).not.toContainText('Tracker request failed');
  await expect(page.locator('.journey-friction')).not.toContainText('Tracker request failed');
  const noted = page.locator('section#noted');
  await expect(noted.locator('details')).not.toHaveAttribute('open');
  await expect(noted.locator('summary')).toHaveText('Noted, not counted: 1 third-party and other small observation');
  await expect(noted.locator('li')).toHaveCount(1);
  await expect(noted.locator('li')).toContainText('Tracker request failed');
  await expect(noted.locator('li')).toContainText('A request to tracker.example failed');
  await expect(noted.locator('li .place')).toHaveText('Order › Step 1 (2 of 2 runs)');
  // It follows top friction, and the journey points to it.
  expect(await page.evaluate(() => document.querySelector('.top-friction')!.compareDocumentPosition(document.querySelector('#noted')!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
  await expect(page.locator('.journey a[href="#noted"]')).toHaveText('1 small observation');
  // Counted causes in the counts card: info apart.
  await expect(page.locator('.count-card').nth(2).locator('.count-big')).toHaveText('1 cause');

  // With only info points, top friction says there is none.
  await page.setContent(renderHtml(buildScorecard({ runs, findings: findings.slice(1), meta: makeMeta() })));
  await expect(page.locator('.top-friction .friction')).toHaveCount(0);
  await expect(page.locator('.top-friction .lead')).toContainText('No friction found');
  await expect(page.locator('#noted li')).toHaveCount(1);
  await expect(page.locator('.result')).toHaveText('Pass: no friction at or above major.');
});

test('friction beyond the top cards is folded, each still a card the journeys link to', async ({ page }) => {
  const runs = [makeRun({ journeyId: 'big', journeyName: 'Big', stepDurations: Array(HTML_TOP_FRICTION + 3).fill(100) })];
  const findings = runs[0].steps.map((s) => makeFinding({ run: runs[0], stepIndex: s.index, severity: 'minor', message: `Slow ${s.index}` }));
  await page.setContent(renderHtml(buildScorecard({ runs, findings, meta: makeMeta() })));
  await expect(page.locator('.top-friction > .friction-list > li > .friction')).toHaveCount(HTML_TOP_FRICTION);
  await expect(page.locator('.more-friction > summary')).toHaveText('3 more friction points');
  await expect(page.locator('.more-friction .friction')).toHaveCount(3);
  const hrefs = await page.locator('.journey-friction a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs).toHaveLength(HTML_TOP_FRICTION + 3);
  for (const href of hrefs) await expect(page.locator(`.top-friction ${href}.friction`)).toHaveCount(1);
});

test('5,000 runs × 20 steps build and render into a report under 15 MB', async ({ page }, testInfo) => {
  const { runs, findings } = syntheticAudit({ journeys: 10, runsPerJourney: 500, steps: 20 });
  expect(runs).toHaveLength(5000);
  let t = performance.now();
  const sc = buildScorecard({ runs, findings, meta: makeMeta() });
  const buildMs = performance.now() - t;
  t = performance.now();
  expect(Scorecard.safeParse(sc).success).toBe(true);
  const validateMs = performance.now() - t;
  t = performance.now();
  const html = renderHtml(sc);
  const renderMs = performance.now() - t;
  const out = await makeReportDir();
  t = performance.now();
  const paths = await writeReports(sc, out);
  const writeMs = performance.now() - t;
  const sizes = Object.fromEntries(await Promise.all(paths.map(async (p) => [p.split('/').pop(), (await stat(p)).size])));
  const timing = `${findings.length} findings, ${sc.frictionPoints.length} friction points; build ${buildMs.toFixed(0)} ms, validate ${validateMs.toFixed(0)} ms, render HTML ${renderMs.toFixed(0)} ms, write all ${writeMs.toFixed(0)} ms; sizes ${JSON.stringify(sizes)}`;
  console.log(timing);
  testInfo.annotations.push({ type: 'timing', description: timing });

  expect(Buffer.byteLength(html)).toBeLessThan(15 * 1024 * 1024);
  expect(sizes['index.html']).toBeLessThan(15 * 1024 * 1024);
  // Failed runs are capped per journey, the rest counted.
  const journey = sc.journeys[0];
  await page.goto(pathToFileURL(join(out, 'index.html')).href);
  await expect(page.locator('.journey')).toHaveCount(10);
  const failedShown = await page.locator('.journey').first().locator('.runs-failed .run').count();
  expect(failedShown).toBe(Math.min(HTML_MAX_RUNS, journey.runCounts.failed));
  if (journey.runCounts.failed > HTML_MAX_RUNS) {
    await expect(page.locator('.journey').first().locator('.runs-failed')).toContainText(`…and ${journey.runCounts.failed - HTML_MAX_RUNS} more`);
  }
  await expect(page.locator('.journey').first().locator('.wf-row')).toHaveCount(20);
});
