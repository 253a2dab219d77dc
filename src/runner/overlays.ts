import { performance } from 'node:perf_hooks';
import type { Locator, Page } from 'playwright';
import { toLocator, type LocatorSpec } from '../channels/web/locator.ts';
import { CONSENT_HANDLER, type Consent, type DismissEntry, type DismissOverlay } from '../config/dismiss.ts';
import type { OverlayDismissed } from '../model/run-record.ts';

/*
 * Overlays that get in the customer's way (consent banners, newsletter pop-ups, chat teasers) are
 * closed whenever they cover what a step needs: Playwright runs a locator handler before each
 * action and auto-waiting check while the overlay is visible. Each closing is recorded on the run.
 */

/** Where consent banners live: dialogs, labelled regions, and elements named for cookies or consent. */
const CONSENT_CONTAINERS = [
  '[role=dialog]',
  '[role=alertdialog]',
  'dialog',
  '[aria-modal=true]',
  '[role=region]',
  '[role=banner]',
  ...['cookie', 'consent', 'gdpr', 'privacy'].flatMap((w) => [`[id*=${w} i]`, `[class*=${w} i]`]),
].join(', ');
/** What a consent banner talks about. */
const CONSENT_WORDS = /cookie|consent|privacy|gdpr|personal data|tracking/i;
/** Buttons that refuse all but what is needed. */
export const REJECT_BUTTON =
  /^\s*(reject|decline|deny|refuse|disagree)\b|\b(only|just) (the )?(strictly )?(necessary|essential|required)\b|\b(necessary|essential|required)( cookies)? only\b|continue without (accepting|agreeing)/i;
/** Buttons that accept (checked after REJECT_BUTTON: "Accept only necessary" is a refusal). */
export const ACCEPT_BUTTON = /^\s*(accept|agree|allow all|allow cookies|i agree|i accept|ok|okay|got it|i understand)\b/i;
const ANY_CHOICE = new RegExp(`${REJECT_BUTTON.source}|${ACCEPT_BUTTON.source}`, 'i');

/** How long one closing may take: a click, then the overlay going away. */
const CLICK_MS = 5_000;
const HIDE_MS = 5_000;

export interface OverlayWatch {
  /** The overlays closed so far, at most `max` of them. */
  dismissed: OverlayDismissed[];
  /** Time spent closing overlays so far, ms: the harness's, not the customer's. */
  spentMs(): number;
}

export interface OverlayOptions {
  dismiss: readonly DismissEntry[];
  consent: Consent;
  /** The customer's clock (run-journey's `now`). */
  now: () => number;
  currentStep: () => number | undefined;
  /** Closings kept in the record (config `maxObservations`). */
  max: number;
  /** False while nothing is recorded (cleanup steps). */
  recording?: () => boolean;
}

/** Buttons and links (many banners use either) whose name matches. */
function choice(scope: Page | Locator, name: RegExp): Locator {
  return scope.getByRole('button', { name }).or(scope.getByRole('link', { name }));
}

/** The built-in consent banner: the innermost visible container that talks about cookies and offers a choice. */
function consentOverlay(page: Page): Locator {
  return page
    .locator(CONSENT_CONTAINERS)
    .filter({ hasText: CONSENT_WORDS })
    .filter({ has: choice(page, ANY_CHOICE) })
    .filter({ visible: true })
    .last();
}

/** The button of a consent banner that gives the configured answer; the other one when the banner offers only that. */
async function consentButton(overlay: Locator, consent: Consent): Promise<Locator | undefined> {
  const reject = choice(overlay, REJECT_BUTTON);
  const accept = choice(overlay, ACCEPT_BUTTON).filter({ hasNotText: REJECT_BUTTON });
  for (const candidate of consent === 'reject' ? [reject, accept] : [accept, reject]) {
    const visible = candidate.filter({ visible: true }).first();
    if ((await visible.count()) > 0) return visible;
  }
  return undefined;
}

/** A configured overlay: its first visible match. */
const customOverlay = (page: Page, entry: DismissOverlay): Locator => toLocator(page, entry.overlay as LocatorSpec).filter({ visible: true }).first();

/** What closes a configured overlay, looked for inside it. */
const customClose = (page: Page, entry: DismissOverlay): Locator =>
  toLocator(page, { ...entry.close, inside: entry.overlay } as LocatorSpec)
    .filter({ visible: true })
    .first();

/**
 * Registers the config's `dismiss` handlers on the page. A handler never throws (Playwright calls
 * it from an event): when it cannot close the overlay, the action it interrupted goes on and, if
 * the overlay still covers its target, fails naming it (see `coveredBy`).
 */
export async function dismissOverlays(page: Page, opts: OverlayOptions): Promise<OverlayWatch> {
  const dismissed: OverlayDismissed[] = [];
  let spent = 0;
  const seen = new Set<string>();
  for (const entry of opts.dismiss) {
    const key = entry === CONSENT_HANDLER ? CONSENT_HANDLER : JSON.stringify(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    const overlay = entry === CONSENT_HANDLER ? consentOverlay(page) : customOverlay(page, entry);
    const name = entry === CONSENT_HANDLER ? CONSENT_HANDLER : entry.name;
    const close = async (): Promise<Locator | undefined> =>
      entry === CONSENT_HANDLER ? consentButton(overlay, opts.consent) : customClose(page, entry);
    await page.addLocatorHandler(
      overlay,
      async () => {
        const t0 = performance.now();
        const atMs = opts.now();
        const stepIndex = opts.currentStep();
        try {
          const button = await close();
          if (!button) return;
          const text = await overlay.evaluate(describeOverlay, undefined, { timeout: CLICK_MS }).then((d) => d.text).catch(() => '');
          const clicked = await button.evaluate(elementName, undefined, { timeout: CLICK_MS });
          await button.click({ timeout: CLICK_MS });
          await overlay.waitFor({ state: 'hidden', timeout: HIDE_MS });
          if (dismissed.length < opts.max && (opts.recording?.() ?? true)) {
            dismissed.push({
              ...(stepIndex !== undefined ? { stepIndex } : {}),
              overlay: name,
              text,
              clicked,
              atMs,
              tookMs: performance.now() - t0,
            });
          }
        } catch {
          // Not closed: the interrupted action goes on and names the overlay if it still covers its target.
        } finally {
          spent += performance.now() - t0;
        }
      },
      // The handler waits for the overlay to go (HIDE_MS) itself, so that time is measured and bounded.
      { noWaitAfter: true },
    );
  }
  return { dismissed, spentMs: () => spent };
}

// Page-side code is plain source, so the page never depends on the harness's build helpers.

/** The overlay around an element, in the customer's words. Body of `(el) => { kind, text, tech }`. */
const DESCRIBE_OVERLAY = `
  const DIALOG = 'dialog,[role=dialog],[role=alertdialog],[aria-modal=true]';
  const fixed = (e) => ['fixed', 'sticky'].includes(getComputedStyle(e).position);
  // From the element up to the outermost dialog or fixed box around it.
  let root = el;
  for (let e = el; e && e !== document.body && e !== document.documentElement; e = e.parentElement) if (e.matches(DIALOG) || fixed(e)) root = e;
  const clean = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  // A backdrop often holds the dialog itself: its words are the dialog's.
  const dialog = root.matches(DIALOG) ? root : root.querySelector(DIALOG);
  const named = dialog || root;
  const labelledBy = (named.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const heading = named.querySelector('h1,h2,h3,h4,[role=heading]');
  let text =
    clean(named.getAttribute('aria-label')) ||
    clean(labelledBy.map((id) => (document.getElementById(id) || {}).textContent || '').join(' ')) ||
    clean(heading && heading.textContent) ||
    clean(named.innerText || named.textContent);
  if (text.length > 100) text = text.slice(0, 99) + '…';
  const kind = dialog ? 'a dialog'
    : /banner|cookie|consent|popup|pop-up|modal/i.test(root.id + ' ' + root.getAttribute('class')) ? 'a banner'
    : fixed(root) ? 'an overlay' : 'an element';
  const cls = clean(root.getAttribute('class')).split(' ')[0];
  const tech = root.tagName.toLowerCase() + (root.id ? '#' + root.id : cls ? '.' + cls : '');
  return { kind, text, tech };
`;
type OverlayDescription = { kind: string; text: string; tech: string };
const describeOverlay = new Function('el', DESCRIBE_OVERLAY) as (el: Element) => OverlayDescription;

/** A button's or link's name as the customer reads it. */
const elementName = new Function('el', `return (el.getAttribute('aria-label') || el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 80);`) as (
  el: Element,
) => string;

/** The element Playwright's call log previewed (tag and attributes), the first one showing. Body of `({ tag, attrs }) => Element | null`. */
const FIND_PREVIEWED = `
  let selector = tag;
  if (attrs.id && !attrs.id.endsWith('…')) selector += '#' + CSS.escape(attrs.id);
  // The preview cuts long values short ("…"): only whole values, and the first class, are matched.
  const first = (attrs.class || '').trim().split(/\\s+/)[0];
  if (first && !first.endsWith('…')) selector += '.' + CSS.escape(first);
  for (const name of ['role', 'aria-label', 'name', 'data-testid']) {
    const value = attrs[name];
    if (value !== undefined && !value.endsWith('…')) selector += '[' + name + '="' + CSS.escape(value) + '"]';
  }
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  return [...document.querySelectorAll(selector)].find(shown) || null;
`;
const findPreviewed = new Function('{ tag, attrs }', FIND_PREVIEWED) as (arg: { tag: string; attrs: Record<string, string> }) => Element | null;

/** Playwright's call log comes dimmed with terminal colour codes, which no report should carry. */
export const withoutColours = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The last "<…> intercepts pointer events" of Playwright's call log: the element in the way (or the subtree it belongs to). */
export function interceptingPreview(message: string): string | undefined {
  let found: string | undefined;
  for (const line of withoutColours(message).split('\n')) {
    const m = /^\s*-\s*(<.*) intercepts pointer events\s*$/.exec(line);
    if (!m) continue;
    const subtree = / from (<.*>) subtree$/.exec(m[1]);
    found = subtree ? subtree[1] : m[1];
  }
  return found;
}

/**
 * When something covered the element a click needed (a consent banner, a pop-up), says what in
 * the customer's words, e.g. `a dialog “We value your privacy” (div#consent)`; undefined when
 * the error is of another kind.
 */
async function coveredBy(page: Page, err: unknown): Promise<string | undefined> {
  const preview = err instanceof Error ? interceptingPreview(err.message) : undefined;
  if (!preview) return undefined;
  const open = /^<([a-zA-Z][\w-]*)([^>]*)>/.exec(preview);
  let described: OverlayDescription | undefined;
  if (open) {
    const attrs: Record<string, string> = {};
    for (const a of open[2].matchAll(/([^\s=]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    try {
      const handle = (await page.evaluateHandle(findPreviewed, { tag: open[1], attrs })).asElement();
      described = handle ? await handle.evaluate(describeOverlay) : undefined;
      await handle?.dispose();
    } catch {
      described = undefined; // the page moved on: the preview still names it
    }
  }
  if (!described) return `the element ${preview}`;
  return `${described.kind}${described.text ? ` “${described.text}”` : ''} (${described.tech})`;
}

/** A step's error when an overlay covered what the action needed; undefined for any other failure. */
export async function coveredMessage(page: Page, err: unknown, actionLabel: string): Promise<string | undefined> {
  const cover = await coveredBy(page, err);
  if (!cover) return undefined;
  return `Could not ${actionLabel}: ${cover} covers it. If a customer would close it first, add it to \`dismiss\` in the config (what it is, and the button that closes it).`;
}
