// Channels start only for audits that need them: a web-only audit runs no SMTP server and no chat recorder.
import { expect, test } from '@playwright/test';
import { chatChannel } from '../../src/channels/chat/channel.ts';
import { emailChannel } from '../../src/channels/email/channel.ts';
import { prepareAudit } from '../../src/pipeline.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

async function needs(path: string) {
  const { runs } = await prepareAudit({ cwd: ROOT, paths: [path], baseURL: 'http://127.0.0.1/' });
  return { email: emailChannel.neededBy?.(runs), chat: chatChannel.neededBy?.(runs) };
}

test('a journey that only browses needs neither the inbox nor the chat', async () => {
  expect(await needs('scenarios/find-contact.journey.yaml')).toEqual({ email: false, chat: false });
});

test('an order that types the inbox address needs the inbox, for the mail it brings', async () => {
  expect(await needs('scenarios/order.journey.ts')).toEqual({ email: true, chat: false });
});

test('email and chat actions need their channels', async () => {
  expect(await needs('scenarios/return-item.journey.yaml')).toMatchObject({ email: true });
  expect(await needs('scenarios/chat-return.journey.yaml')).toMatchObject({ chat: true });
});
