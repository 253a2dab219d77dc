import { z } from 'zod';
import { LocatorSchema } from '../web/locator.ts';

/** A regular expression written as `/pattern/flags`, or plain text (the one rule of channels/text.ts). */
const Pattern = z.string().describe('A /regex/flags (plain text matches as a case-insensitive substring, white space folded)');

/**
 * Where a chat widget's parts are and how its messages read. The driver uses nothing else, so a
 * profile is all it takes to drive another company's widget. Locators and CSS selectors enter open
 * shadow roots (as Playwright's CSS does); locators inside the widget are looked up in the frame
 * `iframe` leads to, or, without it, in the first frame of the page that shows the message box.
 */
export const ChatProfile = z
  .object({
    launcher: LocatorSchema.describe('What the customer clicks to open the chat (on the page)'),
    iframe: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe(
        "CSS selector of the widget's iframe on the page, or a list of them from the outermost frame to the innermost for nested frames (each looked up in the frame before it); omit to let the driver find the frame that shows the message box (the page itself first)",
      ),
    input: LocatorSchema.describe('The message box'),
    send: LocatorSchema.optional().describe('The send button; omit to press Enter'),
    close: LocatorSchema.optional().describe('The button that ends the chat'),
    messages: z
      .string()
      .describe("CSS selector matching each message in the message list, in order (looked for in the widget's frame, its open shadow roots and the same-origin frames inside it)"),
    text: z.string().optional().describe('CSS selector, inside a message (its shadow root included), of its text (default: the whole message)'),
    authorName: z.string().optional().describe("CSS selector, inside a message (its shadow root included), of the author's shown name"),
    authors: z
      .object({
        customer: z.string().describe("CSS selector the customer's own messages match"),
        bot: z.string().describe("CSS selector the bot's messages match"),
        agent: z.string().describe("CSS selector a human agent's messages match"),
        system: z.string().describe('CSS selector notices match (queue position, someone joined…); a message matching none of the four counts as one'),
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
      .strict()
      .describe("How the widget's messages word what the chat rules look for"),
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
