// Page health on every page a journey shows, against a small client-side rendered site (nothing
// like Acme): its large picture arrives 4.5 s late (Largest Contentful Paint), a notice pushes the
// page down after it loaded (layout shift), its search box has no label (axe), its map is a broken
// image, and a button blocks the page for 600 ms (Interaction to Next Paint). Two runs show the
// home page; axe checks it once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { runAudit } from '../../src/pipeline.ts';
import { recordsOf, serveHttp, tempDir } from './helpers.ts';

/** A PNG of noise (so Chromium counts it for LCP: a flat image is too "low-entropy" to be content). */
function noisePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let seed = 42;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    raw[i] = i % (width * 3 + 1) === 0 ? 0 : seed >>> 24;
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const PICTURE = noisePng(640, 400);
const PICTURE_LATE_MS = 4500;

const SHELL = (title: string, script: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px/1.5 sans-serif;margin:0 2rem}.notice{height:250px;background:#fde68a}</style></head>
<body><div id="root"></div><script src="${script}"></script></body></html>`;

// The home page draws itself; the picture is asked for once the page has loaded (it does not hold
// up the load event), and a notice is pushed in above everything a second after load.
const HOME_JS = `
const root = document.getElementById('root');
root.innerHTML = '<main><h1>Harbour Library</h1><p>Borrow books, reserve a reading desk, or ask a librarian.</p>' +
  '<form role="search"><input type="search" name="q"> <button>Search</button></form>' +
  '<img src="/img/floor-map.png" alt="Map of the reading rooms" width="200" height="120">' +
  '<figure><div id="picture" style="width:640px;height:400px"></div><figcaption id="caption"></figcaption></figure></main>';
addEventListener('load', () => {
  const img = document.createElement('img');
  img.alt = 'The reading room';
  img.width = 640;
  img.height = 400;
  img.onload = () => { document.getElementById('caption').textContent = 'Welcome to the reading room'; };
  img.src = '/img/reading-room.png';
  document.getElementById('picture').append(img);
  setTimeout(() => {
    const notice = document.createElement('div');
    notice.className = 'notice';
    notice.textContent = 'Opening hours change this week.';
    root.prepend(notice);
  }, 1000);
});`;

// A button that keeps the page busy for 600 ms before it answers.
const EVENTS_JS = `
document.getElementById('root').innerHTML = '<main><h1>Events</h1><p>Story time on Saturday.</p><button id="book">Book a seat</button><p id="status"></p><a href="/">Library home</a></main>';
document.getElementById('book').addEventListener('click', () => {
  const until = performance.now() + 600;
  while (performance.now() < until) {}
  document.getElementById('status').textContent = 'Booked';
});`;

const serve = () =>
  serveHttp((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/') return send('text/html; charset=utf-8', SHELL('Harbour Library', '/home.js'));
    if (path === '/events') return send('text/html; charset=utf-8', SHELL('Events', '/events.js'));
    if (path === '/home.js') return send('text/javascript', HOME_JS);
    if (path === '/events.js') return send('text/javascript', EVENTS_JS);
    if (path === '/img/reading-room.png') {
      setTimeout(() => send('image/png', PICTURE), PICTURE_LATE_MS);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });

const JOURNEYS: Record<string, string> = {
  'a-library.journey.yaml': `id: library
name: See the reading room
start: /
steps:
  - name: See the reading room
    expect: { text: Welcome to the reading room, within: 9000 }
`,
  'b-events.journey.yaml': `id: events
name: Book a seat, then back to the library
start: /events
steps:
  - name: Book a seat
    do:
      - click: { role: button, name: Book a seat }
      - expect: { text: Booked }
  - name: Back to the library
    goto: /
`,
};

test('page health: vitals, axe once per page per audit, broken images, and the findings they make', async () => {
  const site = await serve();
  const dir = tempDir('ms-page-health-');
  // One run at a time, so the library journey is the one that meets the home page first.
  writeFileSync(
    join(dir, 'mystery-shopper.config.json'),
    JSON.stringify({ journeys: ['.'], concurrency: 1, patienceMs: 12_000, budgets: { stepMs: 9_000 }, screenshots: 'each', reporters: ['json'] }),
  );
  for (const [name, text] of Object.entries(JOURNEYS)) writeFileSync(join(dir, name), text);
  try {
    const result = await runAudit({ cwd: dir, baseURL: `${site.url}/` });
    const records = recordsOf(result);
    const library = records.find((r) => r.journeyId === 'library')!;
    const events = records.find((r) => r.journeyId === 'events')!;
    expect(library.status, JSON.stringify(library.steps.map((s) => s.error))).toBe('completed');
    expect(events.status, JSON.stringify(events.steps.map((s) => s.error))).toBe('completed');

    // The library run: one document, shown in both steps.
    const [home, ...otherHomes] = library.pages!;
    expect(otherHomes).toEqual([]);
    expect(home).toMatchObject({ stepIndex: 1, url: `${site.url}/`, title: 'Harbour Library' });
    // The picture came 4.5 s after the request: the main content showed late, measured in the page.
    expect(home.vitals!.lcpMs).toBeGreaterThan(PICTURE_LATE_MS - 100);
    expect(home.vitals!.lcpElement).toMatch(/img/);
    expect(home.vitals!.cls).toBeGreaterThan(0.1);
    expect(home.brokenImages).toEqual([{ src: `${site.url}/img/floor-map.png`, alt: 'Map of the reading rooms', status: 404 }]);
    const label = home.accessibility!.find((v) => v.id === 'label')!;
    expect(label).toMatchObject({ impact: 'critical', nodeCount: 1, helpUrl: expect.stringContaining('dequeuniversity.com') });
    expect(label.nodes[0].target).toContain('input');
    expect(label.nodes[0].html).toContain('type="search"');
    // The step's time is the customer's: axe's look at the page is the harness's.
    const [start, see] = library.steps;
    expect(start.harnessMs + see.harnessMs).toBeGreaterThan(0);
    expect(see.durationMs).toBeGreaterThan(PICTURE_LATE_MS - 1000);

    // The events run: the events page (a slow click), then the home page, which axe already checked.
    expect(events.pages!.map((p) => [p.stepIndex, new URL(p.url).pathname])).toEqual([
      [1, '/events'],
      [2, '/'],
    ]);
    const [eventsPage, homeAgain] = events.pages!;
    expect(eventsPage.vitals!.inpMs).toBeGreaterThan(500);
    expect(eventsPage.accessibility).toEqual([]);
    expect(homeAgain.accessibility).toBeUndefined();
    expect(homeAgain.brokenImages?.map((b) => b.alt)).toEqual(['Map of the reading rooms']);

    // The findings, one friction point per cause.
    const points = result.scorecard.frictionPoints;
    const of = (rule: string) => points.filter((p) => p.ruleId === rule);
    const [lcp, ...otherSlow] = of('slow-page').sort((a, b) => a.message.localeCompare(b.message));
    expect(otherSlow.length).toBe(1);
    const [inp] = otherSlow;
    const byMetric = Object.fromEntries([lcp, inp].map((p) => [p.evidence.metric!.name, p]));
    expect(byMetric.largestContentfulPaint).toMatchObject({ severity: 'major', journeyId: 'library', stepName: 'See the reading room' });
    expect(byMetric.largestContentfulPaint.message).toMatch(/^The page “Harbour Library” took \d+(\.\d)? s to show its main content \(an image\); 2\.5 s or less is good\.$/);
    expect(byMetric.largestContentfulPaint.evidence.screenshot).toBeTruthy();
    expect(byMetric.interactionToNextPaint).toMatchObject({ severity: 'major', journeyId: 'events', stepName: 'Book a seat' });
    expect(byMetric.interactionToNextPaint.message).toContain('to answer the customer’s click or key (on a button)');

    const [shift, ...moreShifts] = of('layout-shift');
    expect(moreShifts).toEqual([]);
    expect(shift).toMatchObject({ journeyId: 'library', stepName: 'See the reading room' });
    expect(shift.message).toMatch(/^The page “Harbour Library” jumped under the customer/);

    const [a11y, ...moreA11y] = of('accessibility');
    expect(moreA11y).toEqual([]);
    // At the page's step (its last: the page stayed up); its axe impact is critical, so major.
    expect(a11y).toMatchObject({ severity: 'major', journeyId: 'library', stepName: 'See the reading room' });
    expect(a11y.message).toBe('Form fields without a label on 1 page: “Harbour Library” (/).');
    expect(a11y.evidence.url).toBe(`${site.url}/`);
    expect(a11y.evidence.technical![0]).toMatch(/^How to fix it: https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/label\b/);
    expect(a11y.evidence.technical!.join('\n')).toContain('type="search"');

    // The broken map: one cause, met in both journeys, and not an http-error as well.
    const [map, ...moreBroken] = of('broken-image');
    expect(moreBroken).toEqual([]);
    expect(map.severity).toBe('minor');
    expect(map.places.map((p) => [p.journeyId, p.stepName]).sort()).toEqual([
      ['events', 'Back to the library'],
      ['library', 'Open the start page'],
    ]);
    expect(map.message).toMatch(/^The image “Map of the reading rooms” on the page “Harbour Library” did not load \(HTTP 404\)\.$/);
    expect(of('http-error')).toEqual([]);
  } finally {
    await site.close();
  }
});
