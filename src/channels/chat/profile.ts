import { z } from 'zod';
import { LocatorSchema } from '../web/locator.ts';

/** A regular expression written as `/pattern/flags`, or plain text (the one rule of channels/text.ts). */
const Pattern = z
  .string()
  .min(1, 'expected a pattern (an empty one would match every message)')
  .describe('A /regex/flags (plain text matches as a case-insensitive substring, white space folded)');

/** Wordings as one case-insensitive `/…/i` pattern, written one wording a line so each can say why it is there. */
const anyOf = (...wordings: string[]): string => `/${wordings.join('|')}/i`;

/** An apostrophe as widgets type it: straight or curly. */
const APOS = "['’]";
/** didn't, did not, couldn't, could not, don't, do not, can't, cannot. */
const NEGATED = String.raw`\b(?:(?:didn|couldn|don|can)${APOS}?t|(?:did|could|do|can) ?not)`;
/** What the customer wrote, as a bot refers to it when it did not understand. */
const WHAT_YOU_SAID = String.raw`what you(?:${APOS}re| are)? (?:said|say|saying|mean|meant|ask|asked|asking|wrote|typed)\b`;
/** Names that are not a person: a notice naming a bot is not an agent joining. */
const NOT_A_BOT = String.raw`(?![^.!?\n]*\b(?:bot|chatbot|assistant|virtual|automated)\b)`;
/** Sentences that start with a pronoun ("You have joined our newsletter", "Our team is here to help") name no agent. */
const NOT_A_PRONOUN = String.raw`(?!(?:you|your|we|our|it|this|that|there|i)\b)`;
/** Who can be closed or away: the chat, "we", or the people behind it (a product or an order is not). */
const STAFF = String.raw`(?:we|(?:live |the |our |this )?chat|(?:our |the )?(?:\w+ ){0,2}(?:team|agents?|advisors?|advisers?|staff|support|office|service|colleagues))`;

/**
 * The default wordings: generic phrasings of the common chat widgets and bots, none of them Acme's
 * own (the demo's widget is read with these). Each keeps to whole sentences about the chat itself,
 * so an answer about an order ("we did not get the parcel back", "this item is currently
 * unavailable") is not taken for one. A profile overrides any of them by name.
 */
export const DEFAULT_CHAT_PATTERNS = {
  // The position is the first number: "You are number 3 in the queue", "#3 in line", "3rd in the
  // queue", "Your position: 3", "Queue position 3", "3 people ahead of you" (then it is the number
  // ahead); "You are (next) in the queue" starts the queue without a number. Every other group is
  // non-capturing, because the first number caught is taken.
  queuePosition: anyOf(
    String.raw`#?\b(\d+)(?:st|nd|rd|th)? in (?:the )?(?:queue|line)\b`,
    // "position" alone could be a product setting ("set the grinder to position 3"): only at the
    // start of a notice, or after queue / your / in / at.
    String.raw`(?:^|\b(?:queue|your|in|at) )position(?: in (?:the )?(?:queue|line))?(?: is)?:? #?(\d+)`,
    String.raw`\b(\d+) (?:other )?(?:people|persons?|customers?|visitors?|chats?|others)(?: are)?(?: waiting)? (?:ahead of|in front of|before) you\b`,
    String.raw`\byou(?:${APOS}re| are)(?: now| still)? (?:next )?in (?:the |a )?(?:queue|line)\b`,
  ),
  // The agent's name is the first group or the `name` group (session.ts reads `name`, then group 1):
  // "You are now chatting with Sam" (group 1), "Sam joined the chat", "Sam has joined", "An agent
  // has entered the conversation", "Sam is now connected", "Sam is here to help" (`name`).
  agentJoined: anyOf(
    String.raw`^you(?:${APOS}re| are) (?:now )?(?:chatting|connected|talking|speaking) (?:with|to) ${NOT_A_BOT}(?:an? |the )?([^.!?,\n]+)`,
    // "joined" followed by another word only when it is the chat: "Anna joined our team in 2019" is no join.
    // "... team is here to help" is the bot's greeting, not a person.
    String.raw`^${NOT_A_PRONOUN}${NOT_A_BOT}(?![^.!?\n]*\b(?:team|support|service|desk|care) is\b)(?<name>[^.!?\n]+?) (?:(?:has |have )?(?:joined|entered)(?! (?!(?:the|this|your) (?:chat|conversation)\b)\w)|is (?:now )?connected\b|is here to help\b)`,
  ),
  // "Sam left the chat", "Sam has left the conversation", "Sam has left." (not "You ended the chat",
  // nor "Your parcel left the warehouse").
  agentLeft: anyOf(String.raw`^${NOT_A_PRONOUN}[^.!?\n]+? (?:has )?left(?: (?:the|this) (?:chat|conversation)\b|\s*[.!]?\s*$)`),
  misunderstood: anyOf(
    // "I didn't catch that", "Sorry, I did not understand your question", "I don't follow.",
    // "I couldn't quite get what you said". The verb must have the customer's words as its object
    // (that / you at the end of a clause, your question or message, what you said) or end the
    // clause: "I didn't get your order yet" and "we did not get the parcel back" are no misunderstanding.
    String.raw`${NEGATED} (?:quite |really |fully )?(?:catch|get|understand|follow)(?: (?:that|you)(?!\s*\w)| your (?:last )?(?:question|message)| ${WHAT_YOU_SAID}|(?=\s*(?:[.!?,;:…]|$)))`,
    // "Could you rephrase?", "Try rewording your question", "Can you say that another way?",
    // "Please try again with different words" (not "in other words").
    String.raw`\bre-?(?:phras|word)`,
    String.raw`\b(?:say|put|ask|write) (?:that|it|this) (?:(?:in )?(?:another|a different) way|differently)`,
    String.raw`\b(?:with|using) (?:different|other|simpler|fewer) words`,
    // "I'm not sure what you mean", "I'm not sure I understand / I follow", "I don't know what you're asking".
    String.raw`\b(?:not (?:quite |really )?sure|do(?:n${APOS}?t| not) know) (?:${WHAT_YOU_SAID}|(?:that )?i (?:understand|understood|follow|got (?:that|you)))`,
  ),
  unavailable: anyOf(
    // "Our chat is closed at the moment", "We're closed", "Our support team is currently offline",
    // "Our agents are away", "Live chat is currently unavailable". Not "now closed": "This chat is
    // now closed" ends a conversation, it does not turn a customer away.
    String.raw`\b${STAFF}(?: is| are|${APOS}re|${APOS}s)(?: (?:currently|temporarily|unfortunately|at the moment|right now))? (?:closed|offline|away|unavailable|not available|out of (?:the )?office)\b`,
    // "No one is available", "Nobody from our team is available", "There are no agents available right now".
    String.raw`\b(?:no ?one|no-one|nobody|no (?:agents?|advisors?|advisers?|staff|operators?|humans?|representatives?|colleagues))(?: from (?:our|the) team)?(?: (?:is|are|currently|presently|right now|at the moment))* available\b`,
    String.raw`\boutside (?:of )?(?:our |the )?(?:opening|business|office|working|support|service|chat) hours`,
    // A widget's "Offline" banner, as before.
    String.raw`\boffline\b`,
  ),
  // A time, a day, or "within …": the closed notice says when someone will answer.
  statesTime: anyOf(
    String.raw`\b(?:\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2}|today|tonight|tomorrow|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|within (?:\d+|an?|one)|in (?:\d+|an?|one|a few) (?:minutes?|hours?|days?)|next (?:business |working )?day)\b`,
  ),
};

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
        queuePosition: Pattern.default(DEFAULT_CHAT_PATTERNS.queuePosition).describe('A queue position announcement; the first number is the position'),
        agentJoined: Pattern.default(DEFAULT_CHAT_PATTERNS.agentJoined).describe('An agent joining; the `name` group (or the first group) is the agent'),
        agentLeft: Pattern.default(DEFAULT_CHAT_PATTERNS.agentLeft).describe('An agent leaving the chat'),
        misunderstood: Pattern.default(DEFAULT_CHAT_PATTERNS.misunderstood).describe('The bot saying it did not understand'),
        unavailable: Pattern.default(DEFAULT_CHAT_PATTERNS.unavailable).describe('The chat saying it is closed or that nobody is available'),
        statesTime: Pattern.default(DEFAULT_CHAT_PATTERNS.statesTime).describe('A notice that says when someone will answer (a time, a day, "within …")'),
      })
      .strict()
      // Omitted, or any pattern left out: the defaults (prefault parses `{}`, so each field's own default applies).
      .prefault({})
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
  // The demo's chat is read with the defaults, as an unseen site's would be.
  patterns: { ...DEFAULT_CHAT_PATTERNS },
};
