import type { BrowserContext } from 'playwright';
import type { FormAsked } from '../model/run-record.ts';

const BINDING = '__msFormAsked';

/**
 * Counts the questions of every form the customer submits, as the page asks them: visible,
 * enabled fields (a radio group or same-named checkboxes count once), required ones noted,
 * whatever the journey filled. Installed once per context, before any page loads.
 */
export async function watchForms(context: BrowserContext, onForm: (form: FormAsked) => void): Promise<void> {
  await context.exposeBinding(BINDING, (_source, form: FormAsked) => onForm(form));
  await context.addInitScript(`(${COUNT_ON_SUBMIT})(${JSON.stringify(BINDING)})`);
}

// Plain source, so the page never depends on the harness's build helpers.
const COUNT_ON_SUBMIT = `(binding) => {
  const clean = (t) => (t || '').replace(/\\s+/g, ' ').trim().slice(0, 120);
  const visible = (el) => {
    if (!el.getClientRects || el.getClientRects().length === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  const SKIP = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  const count = (form) => {
    const questions = new Map();
    for (const el of Array.from(form.elements)) {
      if (!el.matches('input,select,textarea') || SKIP.has(el.type) || el.disabled || !visible(el)) continue;
      const grouped = el.type === 'radio' || el.type === 'checkbox';
      const key = grouped && el.name ? 'g:' + el.name : 'f:' + (el.name || el.id || questions.size);
      const group = el.closest('fieldset');
      const legend = group && group.querySelector('legend');
      const label = grouped && el.name && legend ? clean(legend.innerText)
        : clean((el.labels && el.labels[0] && el.labels[0].innerText) || el.getAttribute('aria-label') || el.placeholder || el.name);
      const q = questions.get(key) || { label, required: false };
      q.required = q.required || el.required || el.getAttribute('aria-required') === 'true';
      questions.set(key, q);
    }
    const list = Array.from(questions.values());
    const heading = form.getAttribute('aria-label') || (form.querySelector('h1,h2,h3,legend') || {}).innerText
      || (document.querySelector('h1') || {}).innerText || new URL(form.action || location.href, location.href).pathname;
    return { name: clean(heading), fields: list.length, required: list.filter((q) => q.required).length, labels: list.map((q) => q.label) };
  };
  document.addEventListener('submit', (event) => {
    try {
      const form = event.target;
      if (form && form.elements && typeof window[binding] === 'function') window[binding](count(form));
    } catch (e) { /* counting must never break the page */ }
  }, true);
}`;
