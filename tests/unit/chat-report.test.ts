// The chat in the scorecard: metrics, per-turn reply times, and every chat text escaped in the HTML.
import { expect, test } from '@playwright/test';
import { ACME_CHAT_PROFILE } from '../../src/channels/chat/profile.ts';
import { recognise, turnsOf } from '../../src/channels/chat/session.ts';
import { analyse } from '../../src/friction/analyse.ts';
import type { ChatAuthor, ChatLog, ChatMessage } from '../../src/channels/chat/record.ts';
import { Scorecard } from '../../src/model/scorecard.ts';
import { buildScorecard } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { makeRun } from './fixtures/records.ts';
import { makeMeta } from './fixtures/scorecard-data.ts';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function chatRun() {
  const lines: Array<[number, ChatAuthor, string, string?]> = [
    [0, 'bot', 'Hi! Ask me anything.', 'Acme assistant'],
    [1000, 'customer', `My order 10042 ${HOSTILE}`],
    [1300, 'bot', "I'll put you through to a colleague."],
    [1300, 'system', 'You are number 1 in the queue.'],
    [2000, 'system', `${HOSTILE} joined the chat.`],
    [2500, 'agent', `Could you give me your order number? ${HOSTILE}`, HOSTILE],
  ];
  const messages: ChatMessage[] = lines.map(([atMs, author, text, name], index) => ({ index, author, text, atMs, stepIndex: 1, ...(name ? { name } : {}) }));
  const sends = [{ atMs: 1000, stepIndex: 1 }];
  const chat: ChatLog = { openedAtMs: 0, openedInStep: 0, endedAtMs: 3000, messages, turns: turnsOf(messages, sends, 3000), events: recognise(messages, ACME_CHAT_PROFILE) };
  return makeRun({ channels: { chat } });
}

test('the scorecard carries the chat metrics and transcript; the HTML escapes every chat text', async ({ page }) => {
  const run = chatRun();
  const findings = analyse([run]);
  const sc = Scorecard.parse(buildScorecard({ runs: [run], findings, meta: makeMeta() }));
  const chat = sc.journeys[0].runs[0].channels!.chat!;
  expect(chat.metrics).toMatchObject({ messages: 6, firstReplyMs: 300, queueMs: 700, transfers: 0, questionsAsked: 1, repeats: 1 });
  expect(chat.lines[1]).toMatchObject({ author: 'customer', replyMs: 300 });
  const html = renderHtml(sc);
  expect(html).not.toContain('<script>alert(1)');
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  // In a real browser: the hostile text is shown as text, and runs nothing.
  const dialogs: string[] = [];
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  await page.setContent(html);
  await expect(page.locator('.chat-lines .chat-agent .chat-text')).toHaveText(`Could you give me your order number? ${HOSTILE}`);
  await expect(page.locator('.chat-metrics')).toContainText('Repeats');
  expect(await page.locator('.chat-lines img').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
