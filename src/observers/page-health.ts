import { performance } from 'node:perf_hooks';
import type { BrowserContext, Page } from 'playwright';
import type { BrokenImage, PageHealth, Vitals } from '../model/page-health.ts';
import { checkAccessibility } from './accessibility.ts';
import { VITALS_STATE, cleanReport, cleanVitals, watchVitals } from './vitals.ts';

/*
 * Page health: what every page the customer is shown says about the site besides the journey's
 * own checks: Core Web Vitals (vitals.ts), accessibility (accessibility.ts, axe-core, once per page
 * per audit) and broken images. Journeys (runner/run-journey.ts) and `explore` both call
 * `watchPageHealth` once per browser context and `capture` whenever a page is worth recording.
 */

/** The config's `pageHealth` section. */
export interface PageHealthSettings {
  /** Measure Core Web Vitals (LCP, CLS, INP) in every page. */
  vitals: boolean;
  /** Check each page once per audit with axe-core. */
  accessibility: boolean;
  /** The axe-core tags (rule sets) checked, e.g. wcag2a, wcag2aa. */
  axeTags: string[];
}

export const DEFAULT_AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface PageHealthWatch {
  /** Records the page's current document now (title, vitals so far, broken images, axe once per page per audit); returns the harness time spent, ms. Never throws. */
  capture(page: Page, stepIndex?: number): Promise<number>;
  /** Every document the run showed, in order (documents left mid-step keep the vitals their page reported). */
  pages(): PageHealth[];
  /**
   * With `deferAccessibility`: checks the pages `capture` saw (each once per audit), each opened
   * again in a tab of its own in the same context, once the customer's journey is over; returns the
   * time spent, ms. A check between steps would let the page move on in real time while the
   * harness looks, and the customer's next wait would look shorter than it was.
   */
  checkDeferred(context: BrowserContext): Promise<number>;
}

export interface WatchPageHealthOptions extends PageHealthSettings {
  currentStep: () => number | undefined;
  /** Pages (origin + path, no query) already axe-checked in this audit, shared by all its runs: each page is checked once per audit. */
  checked: Set<string>;
  /** False while nothing is to be recorded (a journey's cleanup steps); default always. */
  recording?: () => boolean;
  /** Bound on one page's axe check, ms (default accessibility.ts's AXE_TIMEOUT_MS). */
  axeTimeoutMs?: number;
  /** Check accessibility after the journey (`checkDeferred`) rather than in `capture`: journeys, whose steps are timed. */
  deferAccessibility?: boolean;
  /** True for addresses the tool itself blocks (config `allowedOrigins`): an image it stopped is not the site's broken image. */
  isBlocked?: (url: string) => boolean;
}

/** Pages kept per run: a page that reloads itself forever cannot grow the record without end. */
export const MAX_PAGES = 200;
/** Broken images kept per page. */
export const MAX_BROKEN_IMAGES = 20;
/** How long reading the page may take before capture gives up on it, ms. */
const READ_TIMEOUT_MS = 3_000;

/** A page's identity for the once-per-audit accessibility check: origin and path, without query or fragment. */
export function pathKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split(/[?#]/, 1)[0];
  }
}

interface Entry {
  key: string;
  health: PageHealth;
}

interface DocState {
  /** The values the document last reported, whichever of its entries they went to. */
  last: Vitals;
  entries: Entry[];
}

/** The three measures, each with the element it names. */
const MEASURES = [
  ['lcpMs', 'lcpElement'],
  ['cls', 'clsElement'],
  ['inpMs', 'inpTarget'],
] as const;

interface PageRead {
  doc: string;
  url: string;
  title?: string;
  vitals?: unknown;
  brokenImages: BrokenImage[];
}

/**
 * Starts watching the context's pages. Call once per context, before its pages load (vitals are
 * measured from each document's first script on).
 */
export async function watchPageHealth(context: BrowserContext, opts: WatchPageHealthOptions): Promise<PageHealthWatch> {
  // While the deferred checks reopen pages, what those tabs report is not the customer's.
  let reopening = false;
  const recording = () => !reopening && (opts.recording ?? (() => true))();
  const deferred: { entry: Entry; url: string }[] = [];
  const docs = new Map<string, DocState>();
  const order: Entry[] = [];

  /** The entry of this document at this address (a single-page app's new route is a new page), made when first seen. */
  const entryFor = (doc: string, url: string): Entry | undefined => {
    let state = docs.get(doc);
    const key = pathKey(url);
    const last = state?.entries.at(-1);
    if (last && last.key === key) return last;
    if (order.length >= MAX_PAGES) return undefined;
    if (!state) {
      state = { last: {}, entries: [] };
      docs.set(doc, state);
    }
    const step = opts.currentStep();
    const entry: Entry = { key, health: { ...(step === undefined ? {} : { stepIndex: step }), url } };
    state.entries.push(entry);
    order.push(entry);
    return entry;
  };

  /**
   * A document's vitals go to its latest page. A single-page app's later route only takes what
   * changed since the route before it (its first paint was that route's, not this one's).
   */
  const applyVitals = (doc: string, entry: Entry, vitals: Vitals) => {
    const state = docs.get(doc)!;
    const first = state.entries[0] === entry;
    const mine: Vitals = { ...entry.health.vitals };
    for (const [value, element] of MEASURES) {
      const now = vitals[value];
      if (now === undefined || (!first && now === state.last[value])) continue;
      mine[value] = now;
      const el = vitals[element];
      if (el) mine[element] = el;
      else delete mine[element];
    }
    state.last = { ...state.last, ...vitals };
    if (Object.keys(mine).length) entry.health.vitals = mine;
  };

  if (opts.vitals) {
    await watchVitals(context, (report) => {
      if (!recording()) return;
      const entry = entryFor(report.doc, report.url);
      if (!entry) return;
      entry.health.url = report.url;
      if (report.title) entry.health.title = report.title;
      applyVitals(report.doc, entry, report.vitals);
    });
  }

  const capture = async (page: Page, stepIndex?: number): Promise<number> => {
    const h0 = performance.now();
    try {
      if (!recording() || !/^https?:/i.test(page.url())) return performance.now() - h0;
      let timer: NodeJS.Timeout | undefined;
      const read = await Promise.race([
        page.evaluate(READ_PAGE).catch(() => undefined) as Promise<PageRead | undefined>,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), READ_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      const report = read && cleanReport(read);
      // A browser error page (a navigation the tool blocked, a site that did not answer) is not the site's page.
      if (!read || !report || !/^https?:/i.test(report.url)) return performance.now() - h0;
      const entry = entryFor(report.doc, report.url);
      if (!entry) return performance.now() - h0;
      const health = entry.health;
      health.url = report.url;
      if (stepIndex !== undefined) health.stepIndex = stepIndex;
      if (report.title) health.title = report.title;
      if (read.vitals !== undefined) applyVitals(report.doc, entry, cleanVitals(read.vitals));
      const broken = cleanImages(read.brokenImages).filter((b) => !opts.isBlocked?.(b.src));
      if (broken.length) {
        const known = new Map((health.brokenImages ?? []).map((b) => [b.src, b]));
        for (const b of broken) if (!known.has(b.src) && known.size < MAX_BROKEN_IMAGES) known.set(b.src, b);
        health.brokenImages = [...known.values()];
      }
      if (opts.accessibility && health.accessibility === undefined) {
        const key = pathKey(report.url);
        // Claimed before it is checked: a run visiting the page meanwhile leaves it to this one.
        if (!opts.checked.has(key)) {
          opts.checked.add(key);
          if (opts.deferAccessibility) deferred.push({ entry, url: report.url });
          else {
            const violations = await checkAccessibility(page, opts.axeTags, opts.axeTimeoutMs);
            if (violations) health.accessibility = violations;
          }
        }
      }
    } catch {
      // Page health is the auditor's extra look: a page that will not be read costs the run nothing.
    }
    return performance.now() - h0;
  };

  const checkDeferred = async (context: BrowserContext): Promise<number> => {
    const h0 = performance.now();
    reopening = true;
    try {
      for (const { entry, url } of deferred.splice(0)) {
        const tab = await context.newPage().catch(() => undefined);
        if (!tab) break;
        try {
          await tab.goto(url, { waitUntil: 'load', timeout: opts.axeTimeoutMs ?? REOPEN_TIMEOUT_MS });
          const violations = await checkAccessibility(tab, opts.axeTags, opts.axeTimeoutMs);
          if (violations) entry.health.accessibility = violations;
        } catch {
          // A page that will not open again is left unchecked, as one axe could not read.
        } finally {
          // A page that navigates for ever can keep close() from settling (seen: a page reloading
          // itself every 50 ms); the run's context is closed after this anyway, so never wait long.
          await Promise.race([tab.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, TAB_CLOSE_MS).unref())]);
        }
      }
    } finally {
      reopening = false;
    }
    return performance.now() - h0;
  };

  return {
    capture,
    pages: () => order.map((e) => structuredClone(e.health)),
    checkDeferred,
  };
}

/** How long a page reopened for its accessibility check may take to load, ms. */
/** How long closing a re-opened tab may take before the run goes on without waiting for it. */
const TAB_CLOSE_MS = 2_000;
const REOPEN_TIMEOUT_MS = 15_000;

function cleanImages(raw: unknown): BrokenImage[] {
  if (!Array.isArray(raw)) return [];
  const out: BrokenImage[] = [];
  for (const item of raw.slice(0, MAX_BROKEN_IMAGES)) {
    if (!item || typeof item !== 'object') continue;
    const { src, alt, status } = item as Record<string, unknown>;
    if (typeof src !== 'string' || !src) continue;
    out.push({
      src: src.slice(0, 2000),
      ...(typeof alt === 'string' ? { alt: alt.replace(/\s+/g, ' ').trim().slice(0, 300) } : {}),
      ...(typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? { status } : {}),
    });
  }
  return out;
}

// Plain source, so the page never depends on the harness's build helpers.
const READ_PAGE = `(() => {
  const state = window[Symbol.for(${JSON.stringify(VITALS_STATE)})];
  const nav = performance.getEntriesByType('navigation')[0];
  const doc = state ? state.doc : performance.timeOrigin + ' ' + (nav ? nav.name : location.href);
  const broken = [];
  const seen = new Set();
  const check = (img) => {
    const src = img.currentSrc || img.getAttribute('src') || '';
    if (!src.trim() || !img.complete || img.naturalWidth !== 0 || broken.length >= ${MAX_BROKEN_IMAGES}) return;
    const abs = img.currentSrc || img.src;
    if (seen.has(abs)) return;
    seen.add(abs);
    let status;
    try {
      const timing = performance.getEntriesByName(abs, 'resource').at(-1);
      if (timing && timing.responseStatus >= 400) status = timing.responseStatus;
    } catch {}
    const alt = img.getAttribute('alt');
    broken.push({ src: abs, ...(alt === null ? {} : { alt }), ...(status === undefined ? {} : { status }) });
  };
  // Every image, open shadow roots included.
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName === 'img') check(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return { doc, url: location.href, title: document.title, ...(state ? { vitals: state.vitals } : {}), brokenImages: broken };
})()`;
