import { z } from 'zod';
import { LocatorSchema } from '../web/locator.ts';

/** A regular expression written as `/pattern/flags` (or plain text, matched case-insensitively). */
const Pattern = z.string().describe('A /regex/flags (plain text matches as a case-insensitive substring)');

export function toPattern(value: string): RegExp {
  const m = /^\/(.+)\/([dgimsuy]*)$/s.exec(value);
  if (m) return new RegExp(m[1], m[2]);
  return new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/**
 * Where a chat widget's parts are and how its messages read. The driver uses nothing else, so a
 * profile is all it takes to drive another company's widget. Locators inside the widget are looked
 * up in its iframe when `iframe` is set.
 */
export const ChatProfile = z
  .object({
    launcher: LocatorSchema.describe('What the customer clicks to open the chat (on the page)'),
    iframe: z.string().optional().describe('CSS selector of the widget\'s iframe on the page; omit for a widget in the page itself'),
    input: LocatorSchema.describe('The message box'),
    send: LocatorSchema.optional().describe('The send button; omit to press Enter'),
    close: LocatorSchema.optional().describe('The button that ends the chat'),
    messages: z.string().describe('CSS selector matching each message in the message list, in order'),
    text: z.string().optional().describe('CSS selector, inside a message, of its text (default: the whole message)'),
    authorName: z.string().optional().describe('CSS selector, inside a message, of the author\'s shown name'),
    authors: z
      .object({
        customer: z.string(),
        bot: z.string(),
        agent: z.string(),
        system: z.string(),
      })
      .strict()
      .describe('CSS selector each message of that author kind matches'),
    patterns: z
      .object({
        queuePosition: Pattern.describe('A queue position announcement; the first number is the position'),
        agentJoined: Pattern.describe('An agent joining; the first group (or `name` group) is the agent'),
        agentLeft: Pattern.optional().describe('An agent leaving the chat'),
        misunderstood: Pattern.describe('The bot saying it did not understand'),
        unavailable: Pattern.describe('The chat saying it is closed or that nobody is available'),
        statesTime: Pattern.describe('A notice that says when someone will answer (a time, a day, "within …")'),
      })
      .strict(),
  })
  .strict();
export type ChatProfile = z.infer<typeof ChatProfile>;
export type ChatProfileInput = z.input<typeof ChatProfile>;

/** The demo company's widget (fixtures/acme/chat); the default profile. */
export const ACME_CHAT_PROFILE: ChatProfile = {
  launcher: { role: 'button', name: 'Chat with us' },
  iframe: 'iframe[title="Acme chat"]',
  input: { label: 'Your message' },
  send: { role: 'button', name: 'Send', exact: true },
  close: { role: 'button', name: 'End chat' },
  messages: 'ol[role=log] > li',
  text: '.text',
  authorName: '.who',
  authors: {
    customer: '[data-author=customer]',
    bot: '[data-author=bot]',
    agent: '[data-author=agent]',
    system: '[data-author=system]',
  },
  patterns: {
    queuePosition: '/number (\\d+) in (the )?queue|position (\\d+)/i',
    agentJoined: '/^(?<name>.+?) (has )?joined the chat/i',
    agentLeft: '/^(?<name>.+?) (has )?left the chat/i',
    misunderstood: "/didn'?t (get|understand)|not sure what you mean|could you rephrase/i",
    unavailable: '/chat is closed|are closed|no one is available|nobody is available|offline/i',
    statesTime: '/\\b(\\d{1,2}(:\\d{2})?\\s*(am|pm)|\\d{1,2}:\\d{2}|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|within \\d+|in \\d+ (minutes|hours))\\b/i',
  },
};
