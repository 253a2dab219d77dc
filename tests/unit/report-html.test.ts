import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Scorecard } from '../../src/model/scorecard.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { PARTIALS_DIR, renderHtml, TEMPLATES_DIR } from '../../src/report/html/index.ts';
import { HTML_MAX_RUNS, safeRelativeSrc } from '../../src/report/html/view.ts';
import { writeReports } from '../../src/report/index.ts';
import { HOSTILE, makeFinding, makeMeta, makeRun, syntheticAudit, TINY_PNG, makeReportDir, removeReportDirs } from './fixtures/scorecard-data.ts';

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
        metric: { name: `metric ${HOSTILE}`, value: 5000, threshold: 2000, unit: 'ms' },
      },
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
  // SVG text of the waterfall (labels are cut to fit; the tooltip title has the whole name).
  const svgTexts = await page.locator('.waterfall svg text.wf-label').allTextContents();
  expect(svgTexts[1]).toContain('<script>alert(1)</script>');
  expect(await page.locator('.waterfall svg g.wf-row title').nth(1).textContent()).toContain(HOSTILE);
  // Folded details hold the rest: open them all, and check their text too.
  await page.locator('details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  const body = await page.locator('body').innerText();
  for (const text of [`Reason ${HOSTILE}`, `Error: ${HOSTILE}`, `Crash ${HOSTILE}`, `Chat: ${HOSTILE}`, `Also ${HOSTILE}`, `javascript:alert(1)//${HOSTILE}`, '{{mustache}}']) {
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
  await expect(page.locator('.result')).toContainText('Fail: 5 findings at or above major.');
  const top = page.locator('.top-friction .friction');
  await expect(top).toHaveCount(2);
  await expect(top.nth(0)).toContainText('The customer hit a dead end');
  await expect(top.nth(0)).toContainText('hit 1 of 5 runs');
  await expect(top.nth(1)).toContainText('hit 4 of 5 runs');
  await expect(top.nth(1).locator('.metric.headline')).toHaveText('step duration: 900 ms vs threshold 500 ms');
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
