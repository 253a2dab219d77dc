// The chat driver and transcript recorder on a widget shaped unlike Acme's: three iframes nested
// inside open shadow roots (page › shell › widget › message list), each message a custom element
// whose own shadow root shows its author's name and, through a slot, its text. The message list is
// a same-origin frame (the recorder reads it from the widget's frame) or a cross-origin one (it
// gets a recorder of its own through Playwright). Copies of the messages in the frames above the
// widget must not be recorded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { ChatProfile, type ChatProfileInput } from '../../src/channels/chat/profile.ts';
import { ChatSession } from '../../src/channels/chat/session.ts';

// A custom element whose open shadow root holds `inner`; `slot` shows the element's own children.
const element = (name: string, inner: string) =>
  `customElements.define(${JSON.stringify(name)}, class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = ${JSON.stringify(inner)}; } });`;
const page = (body: string, script = '') => `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}<script>${script}</script></body></html>`;
// A message list in a shadow root (x-list's), each message an x-msg with a shadow root of its own.
const FEED = `${element('x-list', '<x-feed></x-feed>')}${element('x-feed', '<div class="feed"><slot></slot></div>')}${element('x-msg', '<span class="name"></span><p class="says"><slot></slot></p>')}
  const feed = () => document.querySelector('x-list').shadowRoot.querySelector('x-feed');`;
// What the frames above the widget show: a message the recorder must leave alone.
const DECOY = `feed().innerHTML = '<x-msg who="bot">Decoy: not the chat</x-msg>';`;
// The nesting frame: an open shadow root holding an iframe to the next page.
const frameIn = (src: string) => element('x-host', `<iframe title="next" src="${src}" style="width:30em;height:20em"></iframe>`);

function pages(list: string): Record<string, string> {
  const q = `?list=${encodeURIComponent(list)}`;
  return {
    '/top': page('<button id="open">Open chat</button><x-host hidden></x-host><x-list></x-list>', `${frameIn(`/mid${q}`)}${FEED}${DECOY}
      document.getElementById('open').onclick = () => document.querySelector('x-host').hidden = false;`),
    '/mid': page('<x-host></x-host><x-list></x-list>', `${frameIn(`/widget${q}`)}${FEED}${DECOY}`),
    // The widget: the message box and the list's frame, both in a shadow root.
    '/widget': page(
      '<x-chat></x-chat>',
      `${element('x-chat', `<iframe title="messages" src="${list}"></iframe><input aria-label="Say something">`)}
      const root = document.querySelector('x-chat').shadowRoot, input = root.querySelector('input');
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { root.querySelector('iframe').contentWindow.postMessage(input.value, '*'); input.value = ''; } });`,
    ),
    // The message list: the bot greets, echoes what the customer says, and a notice says who it is.
    '/list': page(
      '<x-list></x-list>',
      `${FEED}
      feed().innerHTML = '<p class="notice">You are chatting with Robin.</p>';
      function add(who, text) { const m = document.createElement('x-msg'); m.setAttribute('who', who); m.textContent = text; feed().appendChild(m); if (who === 'bot') m.shadowRoot.querySelector('.name').textContent = 'Robin'; }
      setTimeout(() => add('bot', 'Welcome! Ask me anything.'), 50);
      addEventListener('message', (e) => { add('me', String(e.data)); setTimeout(() => add('bot', 'You said: ' + e.data), 100); });`,
    ),
  };
}

const PROFILE: ChatProfileInput = {
  launcher: { role: 'button', name: 'Open chat' },
  input: { label: 'Say something' },
  // Both cross a shadow host (x-list), as Playwright's CSS does.
  messages: 'x-list x-msg, x-list .notice',
  text: '.says',
  authorName: '.name',
  authors: { customer: '[who=me]', bot: '[who=bot]', agent: '[who=agent]', system: '.notice' },
  patterns: { queuePosition: '/queue (\\d+)/', agentJoined: '/^(.+) joined/', misunderstood: '/not sure/', unavailable: '/closed/', statesTime: '/tomorrow/' },
};

let site: Server;
let other: Server;
const origin = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

test.beforeAll(async () => {
  const serve = () =>
    createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const html = pages(url.searchParams.get('list') ?? '/list')[url.pathname];
      res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? 'not found');
    });
  [site, other] = [serve(), serve()];
  await Promise.all([site, other].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
});
test.afterAll(async () => {
  await Promise.all([site, other].map((s) => new Promise((resolve) => s.close(resolve))));
});

async function chat(p: Page, profile: ChatProfileInput, list: string) {
  await p.goto(`${origin(site)}/top?list=${encodeURIComponent(list)}`);
  const t0 = performance.now();
  const session = new ChatSession({ page: p as never, runId: 'r', journeyId: 'j', persona: 'p', now: () => performance.now() - t0, currentStep: () => 0, customerTime: () => undefined, signal: new AbortController().signal }, ChatProfile.parse(profile));
  await session.open(5000);
  await session.say('Where is my order?', 5000);
  const reply = await session.waitFor(() => session.messages.find((m) => m.text === 'You said: Where is my order?'), 5000);
  expect(reply, 'the reply arrives in the transcript').toBeDefined();
  return (await session.finish())?.messages.map((m) => `${m.author}${m.name ? ` (${m.name})` : ''}: ${m.text}`);
}

const TRANSCRIPT = [
  'system: You are chatting with Robin.',
  'bot (Robin): Welcome! Ask me anything.',
  'customer: Where is my order?',
  'bot (Robin): You said: Where is my order?',
];

test('found by its message box: three frames down, through shadow roots; a same-origin message list is read from the widget', async ({ page: p }) => {
  expect(await chat(p, PROFILE, '/list')).toEqual(TRANSCRIPT);
});

test('an iframe chain whose selectors pierce shadow roots; a cross-origin message list gets a recorder of its own', async ({ page: p }) => {
  const chained = { ...PROFILE, iframe: ['x-host iframe', 'x-host iframe'] };
  expect(await chat(p, chained, `${origin(other)}/list`)).toEqual(TRANSCRIPT);
});

test('a chat profile selector that is not CSS fails the opening of the chat, naming it', async ({ page: p }) => {
  const bad = { ...PROFILE, text: '.says[' };
  await expect(chat(p, bad, '/list')).rejects.toThrow(/selector "\.says\[" is not valid CSS/);
});
