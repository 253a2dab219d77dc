// The page-health rules (slow-page, layout-shift, accessibility, broken-image) on plain run records.
import { expect, test } from '@playwright/test';
import { analyse, type RulesConfig } from '../../src/friction/analyse.ts';
import { builtInRules } from '../../src/friction/rules/index.ts';
import { elementWords } from '../../src/friction/rules/slow-page.ts';
import { Finding } from '../../src/model/finding.ts';
import { PageHealth, type AccessibilityViolation } from '../../src/model/page-health.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { targetText, toViolations } from '../../src/observers/accessibility.ts';
import { pathKey } from '../../src/observers/page-health.ts';
import { makeRun, makeSteps } from './fixtures/records.ts';

/** Findings of one rule only (other rules switched off), each checked against the Finding schema. */
function only(ruleId: string, runs: RunRecord | RunRecord[], settings: Record<string, unknown> = {}): Finding[] {
  const config: RulesConfig = Object.fromEntries(builtInRules.map((r) => [r.id, { enabled: r.id === ruleId }]));
  config[ruleId] = { ...settings };
  const findings = analyse(Array.isArray(runs) ? runs : [runs], config);
  for (const f of findings) Finding.parse(f);
  return findings;
}

/** Addresses without digits: pagePath folds a path part holding one into `:id`. */
const PATHS = ['home', 'products', 'cart', 'checkout'];
const page = (o: Partial<PageHealth> & { stepIndex: number }): PageHealth =>
  PageHealth.parse({ url: `http://shop.test/${PATHS[o.stepIndex]}`, title: `Page ${o.stepIndex + 1}`, ...o });

/** A run of three passed steps (1 s each within 2 s budgets) that showed these pages. */
const withPages = (pages: PageHealth[], overrides: Parameters<typeof makeRun>[0] = {}) => makeRun({ pages, ...overrides });

const violation = (id: string, impact: AccessibilityViolation['impact'], nodes = 1): AccessibilityViolation => ({
  id,
  impact,
  help: id === 'label' ? 'Form elements must have labels' : `Rule ${id} must pass`,
  helpUrl: `https://dequeuniversity.com/rules/axe/4.11/${id}?application=playwright`,
  tags: ['wcag2a'],
  nodes: Array.from({ length: Math.min(nodes, 5) }, (_, i) => ({ target: `#field-${i}`, html: `<input id="field-${i}">`, summary: 'Fix any of the following: …' })),
  nodeCount: nodes,
});

test.describe('slow-page', () => {
  test('LCP over lcpMs is minor, over lcpPoorMs major; at the page\'s step, with the metric, screenshot and element', () => {
    const run = withPages([
      page({ stepIndex: 0, vitals: { lcpMs: 2400 } }),
      page({ stepIndex: 1, title: 'Espresso machines', url: 'http://shop.test/products?sort=price', vitals: { lcpMs: 3100, lcpElement: 'main>img.hero' } }),
      page({ stepIndex: 2, vitals: { lcpMs: 4300 } }),
    ]);
    const findings = only('slow-page', run);
    expect(findings.map((f) => [f.stepIndex, f.severity])).toEqual([
      [2, 'major'],
      [1, 'minor'],
    ]);
    const minor = findings.find((f) => f.stepIndex === 1)!;
    expect(minor).toMatchObject({ ruleId: 'slow-page', title: 'Slow page', stepName: 'Step 2', cause: 'shop.test/products | lcp' });
    expect(minor.message).toBe('The page “Espresso machines” took 3.1 s to show its main content (an image); 2.5 s or less is good.');
    expect(minor.evidence).toEqual({
      metric: { name: 'largestContentfulPaint', value: 3100, threshold: 2500, unit: 'ms' },
      screenshot: 'screens/step-2.png',
      url: 'http://shop.test/products?sort=price',
      technical: ['Largest element: main>img.hero'],
    });
  });

  test('INP over inpMs is minor, over inpPoorMs major; its own cause beside LCP', () => {
    const run = withPages([page({ stepIndex: 1, vitals: { inpMs: 250, inpTarget: 'button#pay', lcpMs: 3000 } }), page({ stepIndex: 2, vitals: { inpMs: 620 } })]);
    const findings = only('slow-page', run);
    expect(findings.map((f) => [f.stepIndex, f.severity, f.evidence.metric?.name]).sort()).toEqual([
      [1, 'minor', 'interactionToNextPaint'],
      [1, 'minor', 'largestContentfulPaint'],
      [2, 'major', 'interactionToNextPaint'],
    ]);
    const inp = findings.find((f) => f.stepIndex === 1 && f.evidence.metric?.name === 'interactionToNextPaint')!;
    expect(inp.message).toBe('The page “Page 2” took 250 ms to answer the customer’s click or key (on a button); 200 ms or less is good.');
    expect(inp.cause).toBe('shop.test/products | inp');
  });

  test('under or at the limits is fine; the limits are options', () => {
    const run = withPages([page({ stepIndex: 0, vitals: { lcpMs: 2500, inpMs: 200 } })]);
    expect(only('slow-page', run)).toEqual([]);
    expect(only('slow-page', run, { lcpMs: 2000, lcpPoorMs: 2400, inpMs: 500 }).map((f) => f.severity)).toEqual(['major']);
  });

  test('a page whose step is over its time budget is slow-step\'s finding, not this one', () => {
    const steps = makeSteps(2, (i) => (i === 1 ? { durationMs: 4500 } : {}));
    const run = withPages([page({ stepIndex: 1, vitals: { lcpMs: 4400, inpMs: 900 } })], { steps });
    expect(only('slow-page', run)).toEqual([]);
    expect(only('slow-step', run).map((f) => f.stepIndex)).toEqual([1]);
  });

  test('a page shown across several steps is skipped when any of them is over budget (it records only its last)', () => {
    // The checkout loaded slowly in step 1 and stayed up through step 2; the receipt came in step 3.
    const steps = makeSteps(4, (i) => (i === 1 ? { durationMs: 4500 } : {}));
    const pages = [page({ stepIndex: 0 }), page({ stepIndex: 2, vitals: { lcpMs: 4400 } }), page({ stepIndex: 3, vitals: { lcpMs: 3000 } })];
    expect(only('slow-page', withPages(pages, { steps })).map((f) => f.stepIndex)).toEqual([3]);
    // Two pages in one step: the second was shown in that step only.
    const same = [page({ stepIndex: 1 }), page({ stepIndex: 1, url: 'http://shop.test/cart', vitals: { lcpMs: 3000 } })];
    expect(only('slow-page', withPages(same, { steps: makeSteps(2, (i) => (i === 0 ? { durationMs: 4500 } : {})) })).map((f) => f.stepIndex)).toEqual([1]);
  });

  test('the same slow page is one cause across journeys, personas and repeats', () => {
    const slow = (journeyId: string, persona: string, repeat: number) =>
      withPages([page({ stepIndex: 1, url: `http://shop.test/orders/A10${repeat}`, vitals: { lcpMs: 3000 } })], { journeyId, persona, repeat, runId: `${journeyId}/${persona}/${repeat}` });
    const findings = only('slow-page', [slow('order', 'alice', 1), slow('order', 'bob', 2), slow('cancel', 'alice', 1)]);
    expect(findings).toHaveLength(3);
    expect(new Set(findings.map((f) => f.cause))).toEqual(new Set(['shop.test/orders/:id | lcp']));
  });

  test('records without pages (older runs) give nothing', () => {
    expect(only('slow-page', makeRun())).toEqual([]);
    expect(only('layout-shift', makeRun())).toEqual([]);
    expect(only('accessibility', makeRun())).toEqual([]);
    expect(only('broken-image', makeRun())).toEqual([]);
  });
});

test.describe('layout-shift', () => {
  test('CLS over cls is minor, over clsPoor major, naming what moved', () => {
    const run = withPages([
      page({ stepIndex: 0, vitals: { cls: 0.05 } }),
      page({ stepIndex: 1, title: 'Checkout', vitals: { cls: 0.102, clsElement: 'main>form#pay' } }),
      page({ stepIndex: 2, vitals: { cls: 0.4 } }),
    ]);
    const findings = only('layout-shift', run);
    expect(findings.map((f) => [f.stepIndex, f.severity])).toEqual([
      [2, 'major'],
      [1, 'minor'],
    ]);
    const minor = findings.find((f) => f.stepIndex === 1)!;
    expect(minor.message).toBe('The page “Checkout” jumped under the customer: a form moved (layout shift 0.102; 0.1 or less is good).');
    expect(minor.cause).toBe('shop.test/products | cls');
    expect(minor.evidence).toMatchObject({ metric: { name: 'cumulativeLayoutShift', value: 0.102, threshold: 0.1 }, screenshot: 'screens/step-2.png', technical: ['Moved most: main>form#pay'] });
    expect(only('layout-shift', withPages([page({ stepIndex: 0, vitals: { cls: 0.1 } })]))).toEqual([]);
  });

  test('a page visited twice in one step is one place', () => {
    const run = withPages([page({ stepIndex: 1, vitals: { cls: 0.2 } }), page({ stepIndex: 1, vitals: { cls: 0.3 } })]);
    expect(only('layout-shift', run).map((f) => f.severity)).toEqual(['major']);
  });
});

test.describe('accessibility', () => {
  test('one friction point per axe rule across pages and runs, in plain words, with the help link and the elements', () => {
    const alice = withPages([
      page({ stepIndex: 0, title: 'Contact us', url: 'http://shop.test/contact', accessibility: [violation('label', 'critical', 2), violation('color-contrast', 'serious', 7)] }),
      page({ stepIndex: 1, title: 'Checkout', url: 'http://shop.test/checkout', accessibility: [violation('label', 'critical', 1)] }),
    ]);
    // Each page is checked once per audit: bob's run checked another page, and met the contact page unchecked.
    const bob = withPages(
      [page({ stepIndex: 0, url: 'http://shop.test/contact' }), page({ stepIndex: 2, title: 'Returns', url: 'http://shop.test/returns', accessibility: [violation('label', 'serious', 1)] })],
      { persona: 'bob' },
    );
    const findings = only('accessibility', [alice, bob]);
    const label = findings.filter((f) => f.cause === 'axe | label');
    expect(label.map((f) => [f.persona, f.stepIndex, f.severity])).toEqual([
      ['alice', 0, 'major'],
      ['alice', 1, 'major'],
      ['bob', 2, 'major'],
    ]);
    for (const f of label) expect(f.message).toBe('Form fields without a label on 3 pages: “Contact us” (/contact), “Checkout” (/checkout), “Returns” (/returns).');
    expect(label[0].evidence).toMatchObject({
      metric: { name: 'elements', value: 4, unit: 'count' },
      url: 'http://shop.test/contact',
      screenshot: 'screens/step-1.png',
    });
    // The help link first, then the pages and the elements: technical detail.
    expect(label[0].evidence.technical!.slice(0, 5)).toEqual([
      'How to fix it: https://dequeuniversity.com/rules/axe/4.11/label?application=playwright',
      'axe rule label (critical): Form elements must have labels',
      '“Contact us” (/contact): 2 elements',
      '“Checkout” (/checkout): 1 element',
      '“Returns” (/returns): 1 element',
    ]);
    expect(label[0].evidence.technical).toContain('/contact: #field-1 — <input id="field-1">');
    const [contrast, ...more] = findings.filter((f) => f.cause === 'axe | color-contrast');
    expect(more).toEqual([]);
    expect(contrast).toMatchObject({ severity: 'minor', stepIndex: 0 });
    expect(contrast.message).toBe('Text too faint to read against its background on 1 page: “Contact us” (/contact).');
  });

  test('below minImpact is not reported; impactSeverity and ignore are options; an unknown rule says axe\'s help', () => {
    const run = withPages([page({ stepIndex: 0, accessibility: [violation('region', 'moderate'), violation('x-new-rule', 'serious'), violation('label', 'critical')] })]);
    expect(only('accessibility', run).map((f) => [f.cause, f.severity])).toEqual([
      ['axe | label', 'major'],
      ['axe | x-new-rule', 'minor'],
    ]);
    expect(only('accessibility', run).find((f) => f.cause === 'axe | x-new-rule')!.message).toBe('Rule x-new-rule must pass (not met on 1 page: “Page 1” (/home)).');
    expect(only('accessibility', run, { minImpact: 'moderate', impactSeverity: { critical: 'critical' }, ignore: ['x-new-rule'] }).map((f) => [f.cause, f.severity])).toEqual([
      ['axe | label', 'critical'],
      ['axe | region', 'minor'],
    ]);
    expect(() => only('accessibility', run, { minImpact: 'huge' })).toThrow(/rules\.accessibility\.minImpact/);
  });
});

test.describe('broken-image', () => {
  const img = (o: Partial<RunRecord['observations']['failedRequests'][number]>) => ({
    url: 'http://shop.test/img/espresso.jpg?v=3',
    method: 'GET',
    status: 404,
    resourceType: 'image',
    isNavigation: false,
    atMs: 100,
    stepIndex: 1,
    ...o,
  });

  test('a failed image request and the page showing it broken are one finding, naming the alt text and the page', () => {
    const run = withPages([page({ stepIndex: 1, title: 'Espresso machine', brokenImages: [{ src: 'http://shop.test/img/espresso.jpg?v=3', alt: 'The Barista Pro' }] })], {
      observations: { failedRequests: [img({})] },
    });
    const [f, ...rest] = only('broken-image', run);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'minor', stepIndex: 1, stepName: 'Step 2', cause: 'http://shop.test/img/espresso.jpg' });
    expect(f.message).toBe('The image “The Barista Pro” on the page “Espresso machine” did not load (HTTP 404).');
    expect(f.evidence).toEqual({
      screenshot: 'screens/step-2.png',
      url: 'http://shop.test/img/espresso.jpg?v=3',
      excerpt: ['Image: “The Barista Pro”'],
      technical: ['HTTP 404 GET http://shop.test/img/espresso.jpg?v=3', 'Shown broken on http://shop.test/products'],
    });
  });

  test('an image that got no answer, and one only the page saw broken', () => {
    const run = withPages([page({ stepIndex: 2, url: 'http://shop.test/about', title: undefined, brokenImages: [{ src: 'http://shop.test/team.png' }] })], {
      observations: { failedRequests: [img({ status: undefined, failure: 'net::ERR_CONNECTION_RESET', url: 'https://cdn.example.net/logo.svg', thirdParty: true, stepIndex: 0 })] },
    });
    const messages = only('broken-image', run).map((f) => [f.severity, f.stepIndex, f.message]);
    expect(messages).toEqual([
      ['minor', 2, 'An image on the page /about did not load: /team.png.'],
      // Another site's image that no page showed (a tracking pixel): noise. Named by its step's address.
      ['info', 0, 'An image on the page /page-1 did not load (no answer: net::ERR_CONNECTION_RESET): /logo.svg.'],
    ]);
  });

  test('a third-party image the page showed broken is minor: the customer sees it either way', () => {
    const run = withPages([page({ stepIndex: 0, brokenImages: [{ src: 'https://cdn.example.net/logo.svg', alt: 'Acme' }] })], {
      observations: { failedRequests: [img({ status: 503, url: 'https://cdn.example.net/logo.svg', thirdParty: true, stepIndex: 0 })] },
    });
    expect(only('broken-image', run).map((f) => [f.severity, f.message])).toEqual([['minor', 'The image “Acme” on the page “Page 1” did not load (HTTP 503).']]);
  });

  test('one cause per image across pages and runs; browser-cancelled requests and ignored URLs are left out', () => {
    const logo = { src: 'http://shop.test/logo.png', alt: 'Shop' };
    const run = withPages([page({ stepIndex: 0, brokenImages: [logo] }), page({ stepIndex: 2, brokenImages: [logo] })], {
      observations: { failedRequests: [img({ failure: 'net::ERR_ABORTED', status: undefined })] },
    });
    const [f, ...rest] = only('broken-image', run);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ stepIndex: 0, cause: 'http://shop.test/logo.png' });
    expect(f.message).toBe('The image “Shop” on the page “Page 1” did not load. It was broken on 2 pages.');
    const other = withPages([page({ stepIndex: 1, brokenImages: [logo] })], { journeyId: 'cancel', runId: 'cancel/alice/1' });
    expect(new Set(only('broken-image', [run, other]).map((x) => x.cause))).toEqual(new Set(['http://shop.test/logo.png']));
    expect(only('broken-image', run, { ignoreUrls: ['logo\\.png$'] })).toEqual([]);
  });

  test('http-error leaves failed image requests to broken-image, and still reports the rest', () => {
    const run = makeRun({
      observations: {
        failedRequests: [img({}), img({ url: 'http://shop.test/app.js', resourceType: 'script' }), img({ url: 'https://tracker.example/px.gif', status: 500, thirdParty: true })],
      },
    });
    expect(only('http-error', run).map((f) => f.evidence.url)).toEqual(['http://shop.test/app.js']);
    expect(only('broken-image', run).map((f) => [f.severity, f.evidence.url])).toEqual([
      ['minor', 'http://shop.test/img/espresso.jpg?v=3'],
      ['info', 'https://tracker.example/px.gif'],
    ]);
  });
});

test.describe('page health helpers', () => {
  test('elements in plain words, from the selector\'s last part', () => {
    expect(elementWords('div#picture>img')).toBe('an image');
    expect(elementWords('button#book')).toBe('a button');
    expect(elementWords('main > h2.title')).toBe('a heading');
    expect(elementWords('body')).toBe('the page’s content');
    expect(elementWords('#app')).toBe('a block of content');
    expect(elementWords(undefined)).toBeUndefined();
  });

  test('axe results in the record\'s shape: targets through frames and shadow roots, markup cut, the first 5 elements', () => {
    const nodes = Array.from({ length: 7 }, (_, i) => ({ target: i === 0 ? ['iframe#chat', ['chat-box', 'input']] : [`#f${i}`], html: `<input id="f${i}" ${'x'.repeat(300)}>`, failureSummary: 'Fix any of the following:\n  Form element does not have an implicit (wrapped) <label>' }));
    const [v] = toViolations([{ id: 'label', impact: 'critical', help: 'Form elements must have labels', helpUrl: 'https://dequeuniversity.com/rules/axe/4.11/label', tags: ['wcag2a', 'wcag412'], nodes }]);
    expect(v).toMatchObject({ id: 'label', impact: 'critical', nodeCount: 7, tags: ['wcag2a', 'wcag412'] });
    expect(v.nodes).toHaveLength(5);
    expect(v.nodes[0].target).toBe('iframe#chat >> chat-box >> input');
    expect(v.nodes[0].html).toHaveLength(200);
    expect(v.nodes[0].summary).toContain('implicit (wrapped)');
    expect(targetText([{ fromShadowDom: ['my-app', 'button'] }])).toBe('my-app >> button');
    expect(toViolations([{ id: 'x', impact: null, help: 'h', helpUrl: 'u', nodes: [] }])[0]).toMatchObject({ impact: 'minor', nodeCount: 0, tags: [] });
  });

  test('a page is checked once per audit by origin and path, whatever its query', () => {
    expect(pathKey('http://shop.test/products?sort=price#top')).toBe('http://shop.test/products');
    expect(pathKey('http://shop.test:8080/')).toBe('http://shop.test:8080/');
  });
});
