import { expect, test } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decode, encode } from 'jpeg-js';
import { analyse, resolveRules } from '../../src/friction/analyse.ts';
import pageChanged from '../../src/friction/rules/page-changed.ts';
import type { Baseline, ScreenComparison } from '../../src/model/baseline.ts';
import type { Finding } from '../../src/model/finding.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { compareScreens } from '../../src/regressions/screens.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { htmlReporter } from '../../src/report/html/index.ts';
import { screenshot } from '../../src/runner/run-journey.ts';
import { makeMeta, makeReportDir, makeRun, removeReportDirs } from './fixtures/scorecard-data.ts';

test.afterEach(removeReportDirs);

const W = 400;
const H = 250;

/** A page-like picture: white, with grey lines of "text" and a blue "button". */
function pagePixels(width = W, height = H): Uint8Array {
  const data = new Uint8Array(width * height * 4).fill(255);
  const paint = (x0: number, y0: number, w: number, h: number, [r, g, b]: number[]) => {
    for (let y = y0; y < Math.min(height, y0 + h); y++)
      for (let x = x0; x < Math.min(width, x0 + w); x++) data.set([r, g, b, 255], (y * width + x) * 4);
  };
  for (let y = 20; y < height - 60; y += 16) paint(20, y, width - 40 - ((y * 7) % 90), 6, [90, 90, 90]);
  paint(20, height - 44, 120, 30, [30, 80, 200]);
  return data;
}

/** The same picture with a block painted over: `share` of the pixels, in red. */
function withBlock(data: Uint8Array, share: number, width = W, height = H): Uint8Array {
  const out = data.slice();
  const side = Math.round(Math.sqrt(share * width * height));
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) out.set([220, 30, 30, 255], ((y + 10) * width + (x + 10)) * 4);
  return out;
}

function writeJpeg(dir: string, rel: string, data: Uint8Array, width = W, height = H, quality = 70): void {
  mkdirSync(join(dir, 'screenshots'), { recursive: true });
  writeFileSync(join(dir, rel), encode({ width, height, data }, quality).data);
}

/** One run of journey `order`, one step "Checkout" whose screenshot is `shot`. */
const run = (shot: string, spec: { persona?: string; repeat?: number; stepName?: string } = {}): RunRecord =>
  makeRun({ persona: spec.persona, repeat: spec.repeat, stepDurations: [300], stepNames: [spec.stepName ?? 'Checkout'], screenshots: false, stepOverrides: [{ screenshot: shot }] });

async function twoAudits() {
  const now = await makeReportDir();
  const before = await makeReportDir();
  return { now, before };
}

const baselineOf = (screens: ScreenComparison[], from: Baseline['from'] = 'recent'): Baseline => ({
  from,
  audits: [{ id: 7, dir: '/reports/2025-01-14', startedAt: '2025-01-14T09:00:00.000Z', labels: [] }],
  steps: [],
  screens,
});

/** The rule's findings for these runs, judged by `analyse` with `config` as the config's `rules.page-changed`. */
const judge = (runs: RunRecord[], baseline: Baseline, config: Record<string, unknown> = {}): Finding[] =>
  analyse(runs, { 'page-changed': config }, [pageChanged], {}, undefined, baseline);

test('the same page is no change: nothing returned, nothing written, no finding', async () => {
  const { now, before } = await twoAudits();
  const pixels = pagePixels();
  writeJpeg(now, 'screenshots/a.jpg', pixels);
  writeJpeg(before, 'screenshots/b.jpg', pixels);
  // JPEG noise alone (the same page encoded at another quality) is not a change either.
  writeJpeg(now, 'screenshots/c.jpg', pixels, W, H, 90);
  const screens = compareScreens({ dir: now, records: [run('screenshots/a.jpg')] }, { dir: before, records: [run('screenshots/b.jpg')], auditId: 7 });
  expect(screens).toEqual([]);
  expect(compareScreens({ dir: now, records: [run('screenshots/c.jpg')] }, { dir: before, records: [run('screenshots/b.jpg')], auditId: 7 })).toEqual([]);
  expect(existsSync(join(now, 'regressions'))).toBe(false);
  expect(judge([run('screenshots/a.jpg')], baselineOf(screens))).toEqual([]);
});

test('a block of 10% changed: the comparison, a readable diff image and the baseline copy, and a finding', async () => {
  const { now, before } = await twoAudits();
  const pixels = pagePixels();
  writeJpeg(before, 'screenshots/b.jpg', pixels);
  writeJpeg(now, 'screenshots/order-1-0.jpg', withBlock(pixels, 0.1));
  const current = [run('screenshots/order-1-0.jpg')];
  const screens = compareScreens({ dir: now, records: current }, { dir: before, records: [run('screenshots/b.jpg')], auditId: 7 });
  expect(screens).toHaveLength(1);
  const [s] = screens;
  expect(s).toMatchObject({ runId: current[0].runId, journeyId: 'order', persona: 'alice', stepIndex: 0, stepName: 'Checkout', screenshot: 'screenshots/order-1-0.jpg', sizeChanged: false, baselineAuditId: 7 });
  expect(s.diffRatio).toBeGreaterThan(0.09);
  expect(s.diffRatio).toBeLessThanOrEqual(0.1);
  expect(s.diffPixels).toBe(Math.round(s.diffRatio * W * H));
  // The baseline's screenshot is copied as it was; the diff is a JPEG of the page's size, red where it changed.
  expect(readFileSync(join(now, s.baselineScreenshot)).equals(readFileSync(join(before, 'screenshots/b.jpg')))).toBe(true);
  expect(s.diff).toBe('regressions/order-1-0-diff.jpg');
  const diff = decode(readFileSync(join(now, s.diff)), { useTArray: true });
  expect([diff.width, diff.height]).toEqual([W, H]);
  const at = (x: number, y: number) => [...diff.data.slice((y * W + x) * 4, (y * W + x) * 4 + 3)];
  const [r, g, b] = at(40, 40);
  expect(r).toBeGreaterThan(180);
  expect(g + b).toBeLessThan(150);
  const [r2, g2, b2] = at(W - 10, H - 10); // unchanged: a faded grey
  expect(Math.max(r2, g2, b2) - Math.min(r2, g2, b2)).toBeLessThan(30);

  const findings = judge(current, baselineOf(screens));
  expect(findings).toHaveLength(1);
  const [f] = findings;
  // JPEG's soft edges: a few of the block's border pixels pass for anti-aliasing, which is not counted.
  expect(f.message).toBe(`“Checkout” looks different from the last audits: ${Math.round(s.diffRatio * 100)}% of the page changed (threshold 5%).`);
  expect(f.severity).toBe('minor');
  expect(f.stepIndex).toBe(0);
  expect(f.evidence.screenshot).toBe('screenshots/order-1-0.jpg');
  expect(f.evidence.images).toEqual([
    { label: 'Baseline (audit of 2025-01-14)', path: s.baselineScreenshot },
    { label: 'What changed (in red)', path: 'regressions/order-1-0-diff.jpg' },
  ]);
  expect(f.evidence.metric).toEqual({ name: 'changedPixels', value: s.diffRatio, threshold: 0.05, unit: 'ratio' });
});

test('thresholds: maxDiffRatio decides, the configured severity applies; one cause across personas and repeats', async () => {
  const { now, before } = await twoAudits();
  const pixels = pagePixels();
  writeJpeg(before, 'screenshots/b.jpg', pixels);
  writeJpeg(now, 'screenshots/small.jpg', withBlock(pixels, 0.1));
  writeJpeg(now, 'screenshots/big.jpg', withBlock(pixels, 0.35));
  const small = [run('screenshots/small.jpg')];
  const big = [run('screenshots/big.jpg', { persona: 'bob' }), run('screenshots/big.jpg', { persona: 'bob', repeat: 2 })];
  const baselineRuns = [run('screenshots/b.jpg'), run('screenshots/b.jpg', { persona: 'bob' })];
  const smallScreens = compareScreens({ dir: now, records: small }, { dir: before, records: baselineRuns, auditId: 7 });
  const bigScreens = compareScreens({ dir: now, records: big }, { dir: before, records: baselineRuns, auditId: 7 });
  expect(bigScreens).toHaveLength(2); // bob's repeat 2 is compared with his repeat 1: the baseline has no repeat 2
  // The same two images are compared once: both repeats point at one diff and one baseline copy.
  expect(bigScreens[1]).toMatchObject({ diff: bigScreens[0].diff, baselineScreenshot: bigScreens[0].baselineScreenshot, runId: big[1].runId });
  expect(readdirSync(join(now, 'regressions')).filter((f) => f.startsWith('big')).sort()).toEqual(['big-baseline.jpg', 'big-diff.jpg']);

  expect(judge(small, baselineOf(smallScreens), { maxDiffRatio: 0.15 })).toEqual([]);
  const bigFindings = judge(big, baselineOf(bigScreens, 'pinned'));
  expect(bigFindings.map((f) => f.severity)).toEqual(['minor', 'minor']);
  expect(new Set(bigFindings.map((f) => f.cause)).size).toBe(1);
  expect(bigFindings[0].message).toContain('looks different from the pinned baseline: 3');
  expect(judge(small, baselineOf(smallScreens))).toHaveLength(1);
  expect(judge(small, baselineOf(smallScreens), { severity: 'info' })[0].severity).toBe('info');
  expect(judge(big, baselineOf(bigScreens), { severity: 'major' })[0].severity).toBe('major');
  expect(() => resolveRules({ 'page-changed': { maxDiffRatio: 5 } }, [pageChanged])).toThrow(/rules\.page-changed\.maxDiffRatio|less than or equal/);
});

test('another size: sizeChanged, the baseline copied, the current screenshot as the picture, a minor finding', async () => {
  const { now, before } = await twoAudits();
  writeJpeg(before, 'screenshots/b.jpg', pagePixels());
  writeJpeg(now, 'screenshots/wide.jpg', pagePixels(W + 100, H), W + 100, H);
  const current = [run('screenshots/wide.jpg')];
  const screens = compareScreens({ dir: now, records: current }, { dir: before, records: [run('screenshots/b.jpg')], auditId: 7 });
  expect(screens).toHaveLength(1);
  expect(screens[0]).toMatchObject({ sizeChanged: true, diffRatio: 1, diff: 'screenshots/wide.jpg' });
  expect(existsSync(join(now, screens[0].baselineScreenshot))).toBe(true);
  expect(readdirSync(join(now, 'regressions'))).toEqual(['wide-baseline.jpg']);
  const [f] = judge(current, baselineOf(screens));
  expect(f.severity).toBe('minor');
  expect(f.message).toContain('its screenshot has another size');
  expect(f.evidence.images).toEqual([{ label: 'Baseline (audit of 2025-01-14)', path: 'regressions/wide-baseline.jpg' }]);
});

test('only the same step of the same journey and persona is compared; missing or outside files are skipped', async () => {
  const { now, before } = await twoAudits();
  const pixels = pagePixels();
  writeJpeg(before, 'screenshots/b.jpg', pixels);
  writeJpeg(now, 'screenshots/a.jpg', withBlock(pixels, 0.2));
  writeFileSync(join(now, 'screenshots/broken.jpg'), 'not a jpeg');
  const compare = (current: RunRecord[], baseline: RunRecord[]) => compareScreens({ dir: now, records: current }, { dir: before, records: baseline, auditId: 7 });
  expect(compare([run('screenshots/a.jpg', { stepName: 'Pay' })], [run('screenshots/b.jpg')])).toEqual([]);
  expect(compare([run('screenshots/a.jpg', { persona: 'bob' })], [run('screenshots/b.jpg')])).toEqual([]);
  expect(compare([run('screenshots/a.jpg')], [makeRun({ journeyId: 'returns', stepDurations: [300], stepNames: ['Checkout'], screenshots: false, stepOverrides: [{ screenshot: 'screenshots/b.jpg' }] })])).toEqual([]);
  // A cleaned-up baseline folder, a path leaving the folder, a file that is no JPEG: skipped, not fatal.
  expect(compare([run('screenshots/a.jpg')], [run('screenshots/gone.jpg')])).toEqual([]);
  expect(compare([run('screenshots/a.jpg')], [run('../../etc/passwd')])).toEqual([]);
  expect(compare([run('screenshots/broken.jpg')], [run('screenshots/b.jpg')])).toEqual([]);
  // A step that failed is dead-end's to report, not a changed page.
  const failed = makeRun({ stepDurations: [300], stepNames: ['Checkout'], screenshots: false, failAt: 0, stepOverrides: [{ screenshot: 'screenshots/a.jpg' }] });
  expect(compare([failed], [run('screenshots/b.jpg')])).toEqual([]);
  expect(compare([run('screenshots/a.jpg')], [run('screenshots/b.jpg')])).toHaveLength(1);
});

test('history.masks hide what changes on every visit in real screenshots: a new clock is no change', async ({ page }) => {
  const { now, before } = await twoAudits();
  await page.setViewportSize({ width: 640, height: 400 });
  const visit = (time: string) =>
    page.setContent(`<main style="font: 16px sans-serif; padding: 20px"><h1>Checkout</h1><p>Total: 42.00 EUR</p><p class="clock">Today ${time}</p><button>Pay</button></main>`);
  await visit('09:14:03');
  const masks = ['.clock'];
  expect(await screenshot(page, before, 'masked.jpg', [], [], masks)).toBe(join('screenshots', 'masked.jpg'));
  expect(await screenshot(page, before, 'plain.jpg', [], [])).toBeTruthy();
  await visit('17:52:48');
  await screenshot(page, now, 'masked.jpg', [], [], masks);
  await screenshot(page, now, 'plain.jpg', [], []);
  const compare = (shot: string) => compareScreens({ dir: now, records: [run(shot)] }, { dir: before, records: [run(shot)], auditId: 7 }, { minDiffRatio: 0 });
  expect(compare('screenshots/masked.jpg')).toEqual([]);
  const [plain] = compare('screenshots/plain.jpg');
  expect(plain.diffPixels).toBeGreaterThan(50);
});

test('the HTML scorecard shows the baseline and the diff beside the screenshot, loaded from the report folder', async ({ page }) => {
  const { now, before } = await twoAudits();
  const pixels = pagePixels();
  writeJpeg(before, 'screenshots/b.jpg', pixels);
  writeJpeg(now, 'screenshots/a.jpg', withBlock(pixels, 0.3));
  const runs = [run('screenshots/a.jpg')];
  const screens = compareScreens({ dir: now, records: runs }, { dir: before, records: [run('screenshots/b.jpg')], auditId: 7 });
  const findings = judge(runs, baselineOf(screens));
  await htmlReporter.write(buildScorecard({ runs, findings, meta: makeMeta() }), now);
  await page.goto(pathToFileURL(join(now, 'index.html')).href);
  const card = page.locator('article.friction', { hasText: 'Page changed since the last audits' });
  await expect(card.locator('figcaption')).toHaveText(['This audit', 'Baseline (audit of 2025-01-14)', 'What changed (in red)']);
  const images = card.locator('.shots img');
  await expect(images).toHaveCount(3);
  for (const img of await images.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(W);
  }
});
