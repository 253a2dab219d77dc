import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import type { Vitals } from '../model/page-health.ts';

/*
 * Core Web Vitals as the customer met them, measured in the page by Google's `web-vitals` library
 * (its attribution build, which names the element): Largest Contentful Paint, Cumulative Layout
 * Shift and Interaction to Next Paint. Installed once per browser context, before any page loads;
 * every change is reported at once (`reportAllChanges`), tagged with the document it belongs to,
 * so a page the customer left in the middle of a step keeps what it reported.
 */

/** The page-side function the reports come through (distinct from the forms' and the chat's bindings). */
export const VITALS_BINDING = '__msPageVitals';
/** Where the page keeps its latest values, for `capture` to read without waiting for a report. */
export const VITALS_STATE = 'mystery-shopper.vitals';

/** One document's vitals so far, as the page reported them. */
export interface VitalsReport {
  /** The document: its time origin and first address (a new page load is a new document). */
  doc: string;
  /** The address and title when reported (a single-page app changes them without a new document). */
  url: string;
  title?: string;
  vitals: Vitals;
}

let source: string | undefined;

/** The attribution build as a classic script (the package's exports do not list it: found beside its CommonJS build). */
function webVitalsSource(): string {
  if (source === undefined) {
    const cjs = createRequire(import.meta.url).resolve('web-vitals/attribution');
    source = readFileSync(join(dirname(cjs), 'web-vitals.attribution.iife.js'), 'utf8');
  }
  return source;
}

/**
 * The script every document of the context runs first. Only top-level http(s) documents are
 * measured (a frame's vitals are its page's; axe's blank page is nothing). `webVitals` stays a
 * local of the wrapper, so the page's own globals are untouched.
 */
function initScript(): string {
  return `(() => {
  if (window !== window.top || !/^https?:$/.test(location.protocol)) return;
  ${webVitalsSource()}
  const binding = ${JSON.stringify(VITALS_BINDING)};
  const state = { doc: performance.timeOrigin + ' ' + location.href, vitals: {} };
  Object.defineProperty(window, Symbol.for(${JSON.stringify(VITALS_STATE)}), { value: state });
  const send = () => {
    try {
      const fn = window[binding];
      if (typeof fn !== 'function') return;
      const p = fn({ doc: state.doc, url: location.href, title: document.title, vitals: state.vitals });
      if (p && typeof p.catch === 'function') p.catch(() => {});
    } catch {}
  };
  const round = (n, places) => Math.round(n * 10 ** places) / 10 ** places;
  // A selector that always names the element's kind (button#book, not #book): the finding says what it was.
  const generateTarget = (node) => {
    let el = node && node.nodeType === 1 ? node : node && node.parentElement;
    if (!el) return null;
    const parts = [];
    for (; el && el.nodeType === 1 && parts.length < 5; el = el.parentElement) {
      const tag = el.localName;
      if (el.id) {
        parts.unshift(tag + '#' + CSS.escape(el.id));
        break;
      }
      parts.unshift(tag + Array.from(el.classList).slice(0, 2).map((c) => '.' + CSS.escape(c)).join(''));
      if (tag === 'body' || tag === 'html') break;
    }
    return parts.join('>').slice(0, 200);
  };
  const all = { reportAllChanges: true, generateTarget };
  webVitals.onLCP((m) => {
    state.vitals.lcpMs = round(m.value, 0);
    if (m.attribution && m.attribution.target) state.vitals.lcpElement = m.attribution.target;
    send();
  }, all);
  webVitals.onCLS((m) => {
    state.vitals.cls = round(m.value, 4);
    if (m.attribution && m.attribution.largestShiftTarget) state.vitals.clsElement = m.attribution.largestShiftTarget;
    send();
  }, all);
  webVitals.onINP((m) => {
    state.vitals.inpMs = round(m.value, 0);
    if (m.attribution && m.attribution.interactionTarget) state.vitals.inpTarget = m.attribution.interactionTarget;
    send();
  }, all);
})();`;
}

const MAX_TEXT = 300;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, MAX_TEXT) : undefined);

/** The page's word for its vitals, checked: the audited site could call the binding itself. */
export function cleanVitals(raw: unknown): Vitals {
  const v = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: Vitals = {};
  const lcpMs = num(v.lcpMs);
  if (lcpMs !== undefined) out.lcpMs = lcpMs;
  const lcpElement = text(v.lcpElement);
  if (lcpElement) out.lcpElement = lcpElement;
  const cls = num(v.cls);
  if (cls !== undefined) out.cls = cls;
  const clsElement = text(v.clsElement);
  if (clsElement) out.clsElement = clsElement;
  const inpMs = num(v.inpMs);
  if (inpMs !== undefined) out.inpMs = inpMs;
  const inpTarget = text(v.inpTarget);
  if (inpTarget) out.inpTarget = inpTarget;
  return out;
}

/** A report from the page, checked; undefined when it is not one. */
export function cleanReport(raw: unknown): VitalsReport | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.doc !== 'string' || typeof r.url !== 'string' || !r.doc || r.doc.length > 4000) return undefined;
  const title = typeof r.title === 'string' && r.title.trim() ? r.title.trim().slice(0, MAX_TEXT) : undefined;
  return { doc: r.doc, url: r.url.slice(0, 4000), ...(title ? { title } : {}), vitals: cleanVitals(r.vitals) };
}

/**
 * Starts measuring every page of the context: `onReport` gets each change of a document's vitals,
 * with the page that sent it. Call once per context, before its pages load.
 */
export async function watchVitals(context: BrowserContext, onReport: (report: VitalsReport, page: Page) => void): Promise<void> {
  await context.exposeBinding(VITALS_BINDING, (source, raw: unknown) => {
    // Only the top document speaks for the page (the script stays silent in frames anyway).
    if (source.frame !== source.page.mainFrame()) return;
    const report = cleanReport(raw);
    if (report) onReport(report, source.page);
  });
  await context.addInitScript(initScript());
}
