import { z } from 'zod';
import { ScopeLocator } from '../channels/web/locator.ts';

/** The built-in handler: common cookie/consent banners and dialogs, answered as the config's `consent` says. */
export const CONSENT_HANDLER = 'consent';

/**
 * An overlay of the audited site that gets in the customer's way (a newsletter pop-up, a chat
 * teaser, a consent banner the built-in handler does not know) and what closes it.
 */
export const DismissOverlay = z
  .object({
    name: z.string().min(1).describe('What it is, as reports name it, e.g. "newsletter pop-up"'),
    overlay: ScopeLocator.describe('The overlay itself, e.g. `{ role: dialog, hasText: Newsletter }` or `{ css: "#promo" }`'),
    close: ScopeLocator.describe('What to click inside it to close it, e.g. `{ role: button, name: "/no thanks|close/i" }`'),
  })
  .strict();
export type DismissOverlay = z.infer<typeof DismissOverlay>;

export const DismissEntry = z.union([z.literal(CONSENT_HANDLER).describe('The built-in consent handler (see `consent`)'), DismissOverlay], {
  // Say what is wrong with an entry, not just that it is neither kind.
  error: (issue) => {
    const inner = issue.code === 'invalid_union' && typeof issue.input === 'object' && issue.input !== null ? issue.errors[1]?.[0] : undefined;
    if (inner) return `${inner.path.length ? `${inner.path.join('.')}: ` : ''}${inner.message}`;
    return `expected "${CONSENT_HANDLER}" (the built-in consent handler) or { name, overlay, close }`;
  },
});
export type DismissEntry = z.infer<typeof DismissEntry>;

export const Dismiss = z
  .array(DismissEntry)
  .default([CONSENT_HANDLER])
  .describe(
    'Overlays closed whenever they get in the way of a click or a wait: `consent` (built in: a cookie/consent banner or dialog with Accept/Reject buttons) and your own `{ name, overlay, close }`. Each closing is recorded on the run; [] turns it off, and a click an overlay covers fails naming it',
  );

export const Consent = z
  .enum(['reject', 'accept'])
  .default('reject')
  .describe(
    'How the built-in `consent` handler answers a consent banner: reject (Reject all / Only necessary, as a careful customer would; Accept when the banner offers nothing else) or accept',
  );
export type Consent = z.infer<typeof Consent>;
