/*
 * What one page offers a customer, read in the page (open shadow roots included): its links (and
 * whether they sit in the header or main navigation), every way to contact the company (tel:,
 * mailto:, sms: and messaging links, phone numbers and addresses written out, contact forms, a
 * chat launcher), the statements of opening hours and response times (the config's patterns,
 * tried on each line of visible text), whether it is a help page, and its site search.
 */
import type { Page } from 'playwright';
import type { ContactKind } from '../channels/site/record.ts';

export interface FoundLink {
  href: string;
  text: string;
  header: boolean;
}

export interface FoundContact {
  kind: ContactKind;
  value: string;
  text: string;
  header: boolean;
}

export interface PageFacts {
  title: string;
  heading?: string;
  links: FoundLink[];
  contacts: FoundContact[];
  promises: { kind: 'hours' | 'response-time'; text: string }[];
  help: boolean;
  /** Visible links (any address) and buttons: what the customer can click. */
  controls: { links: number; buttons: number };
  /** A CSS selector for the site search's field (Playwright's CSS pierces open shadow roots), and how it was recognised. */
  search?: { selector: string; how: string };
}

export interface FactPatterns {
  hours: string[];
  responseTime: string[];
  help: string[];
}

/** Fields a site search uses, most telling first: [selector, how it is described]. */
export const SEARCH_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['[role=search] input:not([type=hidden]):not([type=submit]):not([type=button])', 'role=search'],
  ['form[role=search] input:not([type=hidden])', 'role=search'],
  ['input[type=search]', 'input[type=search]'],
  ['[role=searchbox]', 'role=searchbox'],
  ['input[name=q], input[name=query], input[name=search], input[name=s], input[name=keywords], input[name=term], input[name=searchTerm]', 'a field named q/query/search'],
  ['input[placeholder*=search i], input[aria-label*=search i]', 'a field labelled search'],
];

/** Hosts of messaging apps whose links open a conversation with the company. */
const MESSAGING = ['wa.me', 'api.whatsapp.com', 'whatsapp.com', 'm.me', 'messenger.com', 't.me', 'telegram.me', 'line.me', 'signal.me', 'viber.com', 'threema.id'];

/** Elements of well-known chat widgets (their launchers live in iframes or shadow roots). */
const CHAT_WIDGETS = [
  '#intercom-container',
  '.intercom-launcher',
  '.intercom-lightweight-app',
  '#launcher[title*=messaging i]',
  'iframe[title*=chat i]',
  'iframe[title*=messaging i]',
  'iframe[name*=chat i]',
  '[id^=hubspot-messages]',
  '#drift-widget',
  '#chat-widget-container',
  '#tidio-chat',
  '.crisp-client',
  '#fc_frame',
  '#zsiq_float',
  '.zopim',
  '#lc_chat_layout',
  'df-messenger',
];

/** Words of a button that opens a chat. */
const CHAT_WORDS = String.raw`\b(?:live chat|chat with us|chat now|start (?:a )?chat|chat|message us|talk to us|ask us|live help|live support)\b`;
/** Words of a form meant for writing to the company. */
const CONTACT_FORM_WORDS = String.raw`contact|message|enquir|inquir|get in touch|feedback|write to us|ask us|your question`;

// Plain source, so the page never depends on the harness's build helpers.
const READ_FACTS = `(args) => {
  const clean = (t) => (t || '').replace(/\\s+/g, ' ').trim();
  const cut = (t, n) => (t.length > n ? t.slice(0, n - 1) + '…' : t);
  const re = (list) => list.map((p) => new RegExp(p, 'i'));
  const visible = (el) => {
    if (!el || !el.getClientRects || el.getClientRects().length === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  // Every element, open shadow roots included, and the roots themselves (for their text).
  const all = [];
  const roots = [document];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); }
    }
  };
  walk(document);
  const parentOf = (el) => el.parentElement || (el.getRootNode && el.getRootNode().host) || null;
  // The header, or a navigation outside the page's content (a footer's, a breadcrumb's or a pager's nav is not the header).
  const within = (el, selector) => { for (let e = el; e; e = parentOf(e)) if (e.matches && e.matches(selector)) return true; return false; };
  const inHeader = (el) => {
    if (within(el, 'footer, [role=contentinfo]')) return false;
    if (within(el, 'header, [role=banner]')) return true;
    return within(el, 'nav, [role=navigation]') && !within(el, 'main, [role=main], article, aside');
  };
  const nameOf = (el) => cut(clean(el.innerText || '') || clean(el.getAttribute('aria-label')) || clean(el.getAttribute('title')) || clean(Array.from(el.querySelectorAll('img[alt]')).map((i) => i.alt).join(' ')), 120);

  const links = [];
  const contacts = [];
  const controls = {
    links: all.filter((el) => (el.tagName === 'A' || el.tagName === 'AREA') && el.hasAttribute('href') && visible(el)).length,
    buttons: all.filter((el) => el.matches('button, [role=button], input[type=submit], input[type=button], input[type=image]') && visible(el)).length,
  };
  const contact = (kind, value, text, el) => contacts.push({ kind, value: cut(value, 200), text: cut(text || value, 120), header: el ? inHeader(el) : false });
  for (const a of all) {
    if (a.tagName !== 'A' && a.tagName !== 'AREA') continue;
    const raw = a.getAttribute('href');
    if (!raw) continue;
    const text = nameOf(a);
    const lower = raw.trim().toLowerCase();
    if (lower.startsWith('tel:')) { contact('phone', decodeURIComponent(raw.trim().slice(4)).replace(/[^+\\d]/g, ''), text, a); continue; }
    if (lower.startsWith('mailto:')) { contact('email', decodeURIComponent(raw.trim().slice(7).split('?')[0]).toLowerCase(), text, a); continue; }
    if (lower.startsWith('sms:') || lower.startsWith('whatsapp:') || lower.startsWith('viber:')) { contact('messaging', raw.trim(), text, a); continue; }
    let url;
    try { url = new URL(raw, a.baseURI); } catch { continue; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const host = url.hostname.toLowerCase().replace(/^www\\./, '');
    if (args.messaging.some((m) => host === m || host.endsWith('.' + m))) { contact('messaging', url.origin + url.pathname, text, a); continue; }
    links.push({ href: url.href, text, header: inHeader(a) });
  }

  // Chat: a known widget, a custom element named for chat, or a visible button that says chat.
  const chatWords = new RegExp(args.chatWords, 'i');
  let chat;
  for (const el of all) {
    if (el.matches(args.chatWidgets)) { chat = { value: el.id ? '#' + el.id : el.tagName.toLowerCase(), text: nameOf(el) || clean(el.getAttribute('title')) || 'chat widget', el }; break; }
    if (el.tagName.includes('-') && /chat|messenger/i.test(el.tagName)) { chat = { value: el.tagName.toLowerCase(), text: nameOf(el) || 'chat widget', el }; break; }
  }
  if (!chat) {
    for (const el of all) {
      if (!el.matches('button, [role=button], a[href="#"], a:not([href])')) continue;
      const name = nameOf(el);
      if (name && name.length <= 40 && chatWords.test(name) && visible(el)) { chat = { value: 'button "' + name + '"', text: name, el }; break; }
    }
  }
  if (chat) contact('chat', chat.value, chat.text, chat.el);

  // Contact forms: a form with a message box (or several fields besides an email), about writing to the company; not search, sign-in or newsletter.
  const formWords = new RegExp(args.contactFormWords, 'i');
  for (const form of all) {
    if (form.tagName !== 'FORM' || !visible(form)) continue;
    if (form.matches('[role=search]') || form.querySelector('input[type=password], input[type=search]')) continue;
    const fields = Array.from(form.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select'));
    const hasMessage = form.querySelector('textarea');
    const hasEmail = form.querySelector('input[type=email], input[name*=mail i]');
    if (!hasMessage && !(hasEmail && fields.length >= 3)) continue;
    let heading = clean(form.getAttribute('aria-label'));
    for (let e = form.previousElementSibling; !heading && e; e = e.previousElementSibling) if (/^H[1-6]$/.test(e.tagName)) heading = clean(e.innerText);
    // A return, a claim or an order form has a message box too: only one about writing to the company counts.
    const submit = form.querySelector('button, input[type=submit]');
    const about = [heading, clean(form.getAttribute('action')), clean(form.id), clean(form.className), submit ? clean(submit.innerText || submit.value) : '', hasMessage ? [hasMessage.name, hasMessage.id, hasMessage.placeholder].join(' ') : '', document.title].join(' ');
    if (!formWords.test(about)) continue;
    let action = form.getAttribute('action') || location.pathname;
    try { action = new URL(action, form.baseURI).pathname; } catch {}
    contact('form', action, heading || 'a contact form', form);
  }

  // What the page says, line by line (innerText follows what is shown; shadow roots read apart).
  const lines = [];
  const seenLine = new Set();
  const addLines = (text) => {
    for (const l of (text || '').split('\\n')) {
      const t = clean(l);
      if (t && !seenLine.has(t)) { seenLine.add(t); lines.push(t); }
    }
  };
  addLines(document.body ? document.body.innerText : '');
  for (const root of roots.slice(1)) for (const child of root.children) if (child.innerText !== undefined) addLines(child.innerText);
  const hours = re(args.hours);
  const responseTime = re(args.responseTime);
  const promises = [];
  // The sentence that says it ("Phone lines are open Mon–Sat 8:00–20:00."), not the whole paragraph
  // around it; the line when the statement spans sentences.
  const quote = (patterns, line) => cut(line.split(/(?<=[.!?])\\s+/).find((s) => patterns.some((p) => p.test(s))) || line, 300);
  for (const line of lines) {
    if (line.length > 600) continue;
    if (hours.some((p) => p.test(line))) promises.push({ kind: 'hours', text: quote(hours, line) });
    if (responseTime.some((p) => p.test(line))) promises.push({ kind: 'response-time', text: quote(responseTime, line) });
  }
  // Numbers and addresses written out, not linked.
  const PHONE = /(?:phone|call(?: us)?|tel(?:ephone)?|hotline|ring us|helpline)\\b[^\\d+\\n]{0,20}(\\+?\\d[\\d ().\\/-]{6,}\\d)/i;
  const EMAIL = /\\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\\.[A-Z]{2,}\\b/i;
  for (const line of lines) {
    const p = PHONE.exec(line);
    // The same number written nationally (020 7123 4567) and linked internationally (tel:+44 20 7123 4567) is one.
    const digits = p ? p[1].replace(/[^+\\d]/g, '') : '';
    if (p && !contacts.some((c) => c.kind === 'phone' && c.value.slice(-8) === digits.slice(-8))) contact('phone', digits, p[1].trim(), undefined);
    const m = EMAIL.exec(line);
    if (m) contact('email', m[0].toLowerCase(), m[0], undefined);
  }

  const h1 = all.find((el) => el.tagName === 'H1' && visible(el));
  const heading = h1 ? cut(clean(h1.innerText), 200) : undefined;
  const help = re(args.help).some((p) => p.test(location.pathname.replace(/[-_\\/]+/g, ' ')) || p.test(document.title) || (heading && p.test(heading)));

  let search;
  for (const [selector, how] of args.searchFields) {
    if (roots.some((r) => Array.from(r.querySelectorAll(selector)).some(visible))) { search = { selector, how }; break; }
  }
  return { title: cut(clean(document.title), 200), heading, links, contacts, promises, help, controls, search };
}`;

/** Reads the facts of the page now shown. */
export async function readFacts(page: Page, patterns: FactPatterns): Promise<PageFacts> {
  const args = {
    ...patterns,
    messaging: MESSAGING,
    chatWidgets: CHAT_WIDGETS.join(', '),
    chatWords: CHAT_WORDS,
    contactFormWords: CONTACT_FORM_WORDS,
    searchFields: SEARCH_FIELDS,
  };
  return (await page.evaluate(`(${READ_FACTS})(${JSON.stringify(args)})`)) as PageFacts;
}
