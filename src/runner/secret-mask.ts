// Before a screenshot: every element that shows a secret — as visible text, as a field's value, as
// an image's alt or an element's title, placeholder or aria-label — is marked in every frame of
// the page (iframes included) and inside open shadow roots, and handed to Playwright's screenshot
// `mask` as a locator per frame (its CSS engine pierces open shadow roots). A page that echoes what
// the customer typed (a receipt, a chat bubble, "we mailed X") then shows a box instead.
import type { Frame, Locator, Page } from 'playwright';

/** The attribute that marks an element to be masked; removed again after the screenshot. */
export const MASK_ATTRIBUTE = 'data-mystery-shopper-secret';

/**
 * The forms a secret may take in page text, lower-cased with whitespace collapsed (the page
 * compares case-insensitively, which also covers either hex case of percent-escapes): as typed,
 * percent-encoded, form-encoded, JSON-escaped, HTML-escaped, and percent-encoded twice.
 */
export function secretForms(secret: string): string[] {
  if (secret.trim().length === 0) return [];
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    new URLSearchParams([['x', secret]]).toString().slice(2),
    json,
    json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    encodeURIComponent(encodeURIComponent(secret)),
  ];
  return [...new Set(forms.map((f) => f.replace(/\s+/g, ' ').toLowerCase()))];
}

// Plain source, so the page never depends on the harness's build helpers. Marks the deepest
// elements whose text holds a form of a secret (an element whose own text, apart from children
// already marked, still holds one is marked itself), and every field, image or element whose
// value, alt, title, placeholder or aria-label does; in the document and every open shadow root
// (text directly in a shadow root marks its host). Returns how many were marked.
const MARK = `((forms, attr) => {
  const has = (t) => {
    if (!t) return false;
    const n = String(t).replace(/\\s+/g, ' ').toLowerCase();
    for (const f of forms) if (n.includes(f)) return true;
    return false;
  };
  let marked = 0;
  const mark = (el) => { if (el && el.setAttribute) { el.setAttribute(attr, ''); marked++; } };
  const roots = [document];
  for (let r = 0; r < roots.length; r++) {
    for (const el of roots[r].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  const visit = (node, markAs) => {
    let rest = '';
    const inside = [];
    for (const c of node.childNodes) {
      if (c.nodeType === 3) rest += c.data;
      else if (c.nodeType === 1) {
        if (has(c.textContent)) { inside.push(c); rest += '\\u0000'; }
        else rest += c.textContent;
      }
    }
    if (has(rest) || inside.length === 0) { mark(markAs); return; }
    for (const c of inside) visit(c, c);
  };
  for (const root of roots) {
    const top = root === document ? document.documentElement : root;
    const host = root === document ? document.documentElement : root.host;
    if (top && has(top.textContent)) visit(top, host);
    for (const el of root.querySelectorAll('input,textarea,select,[alt],[title],[placeholder],[aria-label],[value]')) {
      let v = typeof el.value === 'string' ? el.value : '';
      if (el.selectedOptions) for (const o of el.selectedOptions) v += ' ' + o.text;
      if (has(v) || has(el.getAttribute('alt')) || has(el.getAttribute('title')) || has(el.getAttribute('placeholder')) || has(el.getAttribute('aria-label'))) mark(el);
    }
  }
  return marked;
})`;

const UNMARK = `((attr) => {
  const roots = [document];
  for (let r = 0; r < roots.length; r++) {
    for (const el of roots[r].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  for (const root of roots) for (const el of root.querySelectorAll('[' + attr + ']')) el.removeAttribute(attr);
})`;

export interface EchoMasks {
  /** Locators of the marked elements, one per frame that has any. */
  masks: Locator[];
  /** False when a frame could be neither searched nor covered: a screenshot could show a secret. */
  complete: boolean;
  /** Removes the marks (best effort). */
  clear(): Promise<void>;
}

const selector = `[${MASK_ATTRIBUTE}]`;

/** Resolves to `fallback` when `promise` takes longer than `ms` (a page stuck in a loop must not stall the run). */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Covers a frame that cannot be searched by marking its `<iframe>` element in the parent frame. */
async function coverFrame(frame: Frame): Promise<Frame | undefined> {
  const parent = frame.parentFrame();
  if (!parent) return undefined;
  try {
    const element = await frame.frameElement();
    await element.evaluate((el, attr) => (el as Element).setAttribute(attr, ''), MASK_ATTRIBUTE);
    return parent;
  } catch {
    return undefined;
  }
}

/**
 * Marks every element of every frame of the page that shows one of `secrets` in any of its forms.
 * `timeoutMs` bounds the search of each frame; a frame not searched in time is covered whole.
 */
export async function maskEchoedSecrets(page: Page, secrets: readonly string[], timeoutMs = 2_000): Promise<EchoMasks> {
  const forms = [...new Set(secrets.filter((s) => s.length > 0).flatMap(secretForms))];
  if (forms.length === 0) return { masks: [], complete: true, clear: async () => undefined };
  const touched = new Set<Frame>();
  const withMarks = new Set<Frame>();
  let complete = true;
  const script = `${MARK}(${JSON.stringify(forms)}, ${JSON.stringify(MASK_ATTRIBUTE)})`;
  await Promise.all(
    page.frames().map(async (frame) => {
      const marked = await within(frame.evaluate(script).then((n) => n as number, () => undefined), timeoutMs, undefined);
      if (marked !== undefined) {
        touched.add(frame);
        if (marked > 0) withMarks.add(frame);
        return;
      }
      if (frame.isDetached()) return;
      // Not searched (navigating, stuck, gone): covered whole from its parent, or the shot is not safe.
      const parent = await within(coverFrame(frame), timeoutMs, undefined);
      if (parent) {
        touched.add(parent);
        withMarks.add(parent);
      } else {
        complete = false;
      }
    }),
  );
  const unmark = `${UNMARK}(${JSON.stringify(MASK_ATTRIBUTE)})`;
  return {
    masks: [...withMarks].map((f) => f.locator(selector)),
    complete,
    clear: async () => {
      await within(Promise.all([...touched].map((f) => f.evaluate(unmark).catch(() => undefined))), timeoutMs, []);
    },
  };
}
