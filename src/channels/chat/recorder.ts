import type { Frame } from 'playwright';
import type { ChatAuthor } from './record.ts';
import type { ChatProfile } from './profile.ts';

/** A message as the widget shows it. */
export interface SeenMessage {
  author: ChatAuthor;
  text: string;
  name?: string;
}

/** What a recorder sends: the messages that appeared in its document since its last report. */
export interface RecorderReport {
  /** Which recorder (one per document): a new one after each page load. */
  doc: string;
  items: SeenMessage[];
}

/**
 * Runs in the widget's frame. It reads the message list across the document, every open shadow
 * root at any depth and the same-origin frames inside it (their shadow roots too), keeps a
 * MutationObserver on each of those roots, and reports each new message through the binding,
 * timed on arrival. Shadow roots attached without a change in the light DOM (a custom element
 * upgraded after the page parsed) are found by a look every 250 ms.
 *
 * Selectors pierce shadow roots as Playwright's CSS does: each compound selector is matched
 * natively, and the combinators between them (` `, `>`, `+`, `~`) walk up across shadow hosts.
 * Installing it twice in one document keeps the first; it returns that recorder's id.
 */
const RECORDER = `function (binding, sel, doc) {
  var key = '__msChatRecorder_' + binding;
  if (window[key]) return window[key];
  var kinds = ['customer', 'bot', 'agent', 'system'];

  // A selector list as alternatives of compound selectors, each with the combinator before it.
  function parse(s) {
    var alts = [], parts = [], cur = '', comb = null, depth = 0, quote = null;
    function flush() { if (cur) { parts.push({ c: comb, s: cur }); cur = ''; comb = null; } }
    for (var i = 0; i < s.length; i++) {
      var ch = s[i];
      if (quote) { cur += ch; if (ch === '\\\\') cur += s[++i] || ''; else if (ch === quote) quote = null; continue; }
      if (ch === '"' || ch === "'") { quote = ch; cur += ch; continue; }
      if (ch === '\\\\') { cur += ch + (s[++i] || ''); continue; }
      if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') depth--;
      if (depth === 0) {
        if (ch === ',') { flush(); alts.push(parts); parts = []; comb = null; continue; }
        if (/\\s/.test(ch)) { if (cur) { flush(); comb = ' '; } continue; }
        if (ch === '>' || ch === '+' || ch === '~') { flush(); comb = ch; continue; }
      }
      cur += ch;
    }
    flush(); alts.push(parts);
    var probe = document.createDocumentFragment();
    for (var a = 0; a < alts.length; a++) {
      if (!alts[a].length) throw new Error('the chat profile has an empty selector in "' + s + '"');
      for (var p = 0; p < alts[a].length; p++) {
        try { probe.querySelector(alts[a][p].s); } catch (e) { throw new Error('the chat profile\\'s selector "' + s + '" is not valid CSS (at "' + alts[a][p].s + '")'); }
      }
    }
    return alts;
  }
  // The parent across shadow roots, as the customer sees the page (never out of the frame).
  function up(el) { return el.parentElement || (el.parentNode && el.parentNode.host) || null; }
  function at(el, parts, i) {
    if (!el.matches(parts[i].s)) return false;
    if (i === 0) return true;
    var c = parts[i].c, n;
    if (c === '>') { n = up(el); return !!n && at(n, parts, i - 1); }
    if (c === '+') { n = el.previousElementSibling; return !!n && at(n, parts, i - 1); }
    if (c === '~') { for (n = el.previousElementSibling; n; n = n.previousElementSibling) if (at(n, parts, i - 1)) return true; return false; }
    for (n = up(el); n; n = up(n)) if (at(n, parts, i - 1)) return true;
    return false;
  }
  function matches(el, alts) {
    for (var a = 0; a < alts.length; a++) if (at(el, alts[a], alts[a].length - 1)) return true;
    return false;
  }
  var S = { messages: parse(sel.messages), text: sel.text ? parse(sel.text) : null, name: sel.authorName ? parse(sel.authorName) : null, authors: {} };
  for (var k = 0; k < kinds.length; k++) S.authors[kinds[k]] = parse(sel.authors[kinds[k]]);

  var observed = new WeakSet();
  function observe(root) {
    if (observed.has(root)) return;
    observed.add(root);
    new MutationObserver(read).observe(root, { childList: true, subtree: true, characterData: true });
  }
  // Every element under root matching alts, in tree order, a shadow root's content after its host.
  function all(root, alts, out, frames) {
    var els = root.querySelectorAll('*');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (matches(el, alts)) out.push(el);
      if (el.shadowRoot) { if (frames) observe(el.shadowRoot); all(el.shadowRoot, alts, out, frames); }
      if (frames && (el.tagName === 'IFRAME' || el.tagName === 'FRAME')) {
        var d = null;
        try { d = el.contentDocument; } catch (e) {}
        if (d && d.documentElement) { observe(d); all(d, alts, out, frames); }
      }
    }
    return out;
  }
  // The first match inside a message: its own shadow root first (that is what shows), then its children.
  function inside(el, alts) {
    var found = el.shadowRoot ? all(el.shadowRoot, alts, [], false) : [];
    return found[0] || all(el, alts, [], false)[0] || null;
  }
  // Text as shown: shadow content instead of the light DOM a host hides, slots filled, no style or script.
  function shown(node) {
    if (node.nodeType === 3) return node.data;
    if (node.nodeType !== 1 && node.nodeType !== 11) return '';
    var tag = node.tagName;
    if (tag === 'STYLE' || tag === 'SCRIPT' || tag === 'TEMPLATE') return '';
    var kids = node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
    if (tag === 'SLOT') { var assigned = node.assignedNodes({ flatten: true }); if (assigned.length) kids = assigned; }
    var out = '';
    for (var i = 0; i < kids.length; i++) out += shown(kids[i]);
    return out;
  }
  var clean = function (t) { return t.replace(/\\s+/g, ' ').trim(); };

  var seen = 0;
  function read() {
    try {
      var items = all(document, S.messages, [], true), out = [];
      for (var i = seen; i < items.length; i++) {
        var el = items[i], author = 'system';
        for (var k = 0; k < kinds.length; k++) if (matches(el, S.authors[kinds[k]])) { author = kinds[k]; break; }
        var textEl = S.text ? inside(el, S.text) : null, nameEl = S.name ? inside(el, S.name) : null;
        var m = { author: author, text: clean(shown(textEl || el)) };
        var who = nameEl && clean(shown(nameEl));
        if (who) m.name = who;
        out.push(m);
      }
      seen = items.length;
      // The run may be over and the binding gone: nothing for the page to see.
      if (out.length) Promise.resolve(window[binding]({ doc: doc, items: out })).catch(function () {});
    } catch (e) {}
  }
  Object.defineProperty(window, key, { value: doc });
  observe(document);
  read();
  setInterval(read, 250);
  return doc;
}`;

/** The profile's selectors the recorder reads. */
function recorderSelectors(p: ChatProfile) {
  return { messages: p.messages, text: p.text ?? null, authorName: p.authorName ?? null, authors: p.authors };
}

/**
 * Starts a recorder in the frame's current document, or finds the one already there. Resolves to
 * its id: `doc` when this call started it.
 */
export async function installRecorder(frame: Frame, binding: string, profile: ChatProfile, doc: string): Promise<string> {
  // Plain source, not a compiled function: the page must not depend on the harness's build helpers.
  return frame.evaluate(`(${RECORDER})(${JSON.stringify(binding)}, ${JSON.stringify(recorderSelectors(profile))}, ${JSON.stringify(doc)})`) as Promise<string>;
}
