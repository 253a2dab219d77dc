import type { Page } from 'playwright';
import type { CustomerView } from '../model/run-record.ts';

/**
 * What the customer sees right now, in the page's own words: the main heading, visible error and
 * status messages (role=alert/status, aria-live regions, common error containers) and invalid
 * form fields with their messages. Looks inside open shadow roots. Used to say why a step failed
 * the way a customer would tell it, not as a selector.
 */
export async function captureCustomerView(page: Page, timeoutMs = 1500): Promise<CustomerView> {
  const url = page.url();
  const read = page.evaluate(READ_PAGE).catch(() => undefined) as Promise<Omit<CustomerView, 'url'> | undefined>;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs));
  const seen = await Promise.race([read, timeout]);
  return { url, messages: [], invalidFields: [], ...(seen ?? {}) };
}

/** Errors only: what makes a customer stop waiting and give up (a status line or a notice does not). */
const ERRORS = '[role=alert],[role=alertdialog],.alert-danger,.alert-error,.error-message,.invalid-feedback,.field-error,.form-error';
/** Everything a failed step quotes: the errors, and status lines, live regions and notices besides. */
const SHOWN_MESSAGES = `${ERRORS},[role=status],[aria-live=assertive],[aria-live=polite],.error,.errors,.alert,.alert-warning,.notification,.flash,.validation-message,[class*=error-message],[class*=ErrorMessage]`;

// Plain source, so the page never depends on the harness's build helpers.
const READ_PAGE = `(() => {
  const MAX = 8;
  const clean = (t) => (t || '').replace(/\\s+/g, ' ').trim().slice(0, 300);
  const visible = (el) => {
    if (!el || !el.getClientRects || el.getClientRects().length === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) !== 0;
  };
  // Every element, open shadow roots included.
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const textOf = (el) => clean(el.innerText || el.textContent);
  const heading = all.find((el) => el.tagName === 'H1' && visible(el)) || all.find((el) => /^H[2-3]$/.test(el.tagName) && visible(el));
  const MESSAGE = ${JSON.stringify(SHOWN_MESSAGES)};
  const messages = [];
  for (const el of all) {
    if (messages.length >= MAX) break;
    if (!el.matches(MESSAGE) || !visible(el)) continue;
    const t = textOf(el);
    // Skip empty live regions and containers that merely hold one already taken.
    if (t && !messages.some((m) => m === t || m.includes(t) || t.includes(m))) messages.push(t);
  }
  const labelOf = (el) => {
    const byLabels = el.labels && el.labels[0] ? clean(el.labels[0].innerText) : '';
    return byLabels || clean(el.getAttribute('aria-label')) || clean(el.getAttribute('placeholder')) || clean(el.name) || el.tagName.toLowerCase();
  };
  const byId = (root, id) => (root.getElementById ? root.getElementById(id) : root.querySelector('#' + CSS.escape(id)));
  const invalidFields = [];
  for (const el of all) {
    if (invalidFields.length >= MAX) break;
    if (!el.matches('input,select,textarea') || !visible(el)) continue;
    const marked = el.getAttribute('aria-invalid') === 'true';
    // Only fields the customer was told about: marked invalid, or refused by the browser's own check.
    let native = false;
    try { native = el.matches(':user-invalid'); } catch (e) { native = false; }
    if (!marked && !native) continue;
    const root = el.getRootNode();
    const ids = ((el.getAttribute('aria-errormessage') || '') + ' ' + (el.getAttribute('aria-describedby') || '')).split(/\\s+/).filter(Boolean);
    let message = ids.map((id) => byId(root, id)).filter((n) => n && visible(n)).map(textOf).filter(Boolean).join(' ');
    if (!message) message = clean(el.validationMessage);
    invalidFields.push({ field: labelOf(el), message: message || 'marked as not valid' });
  }
  const out = { messages, invalidFields };
  const title = clean(document.title);
  if (title) out.title = title;
  if (heading) out.heading = textOf(heading);
  return out;
})()`;

/**
 * The error the page shows right now, if any: role=alert, fields marked invalid with their
 * message, and the common error containers. '' when none. Cheap enough to poll.
 */
export async function shownError(page: Page): Promise<string> {
  return (await page.evaluate(READ_ERROR).catch(() => '')) as string;
}

const READ_ERROR = `(() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const texts = [];
  for (const el of document.querySelectorAll(${JSON.stringify(`${ERRORS},[aria-invalid=true]`)})) {
    if (!visible(el)) continue;
    const t = el.matches('[aria-invalid=true]') ? (el.validationMessage || el.getAttribute('aria-errormessage') || 'invalid') : (el.innerText || '').trim();
    if (t) texts.push(t.slice(0, 200));
    if (texts.length >= 4) break;
  }
  return texts.join(' | ');
})()`;

/** The customer's words for a view: the messages first, then invalid fields, else the heading. */
export function describeView(view: CustomerView | undefined): string[] {
  if (!view) return [];
  // A field's own message often also sits in an error container: say it once, with its field.
  const ofFields = new Set(view.invalidFields.map((f) => f.message));
  const lines = [...view.messages.filter((m) => !ofFields.has(m)).map((m) => `“${m}”`), ...view.invalidFields.map((f) => `${f.field}: “${f.message}”`)];
  if (view.dialog) lines.unshift(`A dialog said “${view.dialog}”`);
  return lines;
}
