import { usesChannelActions, type Channel, type ChannelAudit } from '../channel.ts';
import { inboxAddress } from './address.ts';
// The SMTP libraries load only when an audit starts an inbox, not on every command.
import type { Inbox } from './inbox.ts';
import { EMAIL_CHANNEL, EmailSession } from './session.ts';

/** Template values a journey or config may use: `{{smtp.host}}`, `{{smtp.port}}`, `{{inbox.address}}`. */
export const emailTemplateValues = (host: string, port: number, persona: string, journeyId: string) => ({
  smtp: { host, port },
  inbox: { address: inboxAddress(persona, journeyId) },
});

/** Journey ids hold no `/`: a run id is `<journeyId>/<persona>/<repeat>`. */
const journeyOf = (runId: string) => runId.split('/')[0];

/** The audit-level part of the email channel: one inbox, a session per run. */
export function inboxAudit(inbox: Inbox, opts: { owned: boolean } = { owned: true }): ChannelAudit & { inbox: Inbox } {
  return {
    channel: EMAIL_CHANNEL,
    inbox,
    templateValues: (persona, journeyId) => emailTemplateValues(inbox.host, inbox.port, persona, journeyId),
    startRun: (ctx) => new EmailSession(inbox, ctx, inboxAddress(ctx.persona, journeyOf(ctx.runId))),
    // An inbox the caller started (the demo starts it before Acme) is the caller's to stop.
    stop: () => (opts.owned ? inbox.close() : Promise.resolve()),
  };
}

/**
 * Starts the audit's inbox yourself, before the company under audit, when it must be told where
 * to send its mail (the demo does this); pass it to `runAudit({ channels: [audit] })` and stop it after.
 */
export async function startInboxAudit(opts: { host?: string; port?: number; relay?: { host: string; port: number } } = {}) {
  const { Inbox } = await import('./inbox.ts');
  const inbox = await Inbox.start(opts);
  return inboxAudit(inbox, { owned: false });
}

export const emailChannel: Channel = {
  name: EMAIL_CHANNEL,
  async startAudit({ config }) {
    const { Inbox } = await import('./inbox.ts');
    const inbox = await Inbox.start({ host: config?.email.host, port: config?.email.port, relay: config?.email.relay });
    return inboxAudit(inbox);
  },
  placeholderValues: (persona, journeyId) => emailTemplateValues('127.0.0.1', 2525, persona, journeyId),
  // Mail can come without an email.* action: a web journey that types its inbox address into a form gets the shop's mail.
  neededBy: (runs) =>
    usesChannelActions(runs, EMAIL_CHANNEL) ||
    runs.some((r) => {
      const address = inboxAddress(r.persona, r.journeyId);
      return r.steps.some((s) => s.actions.some((a) => JSON.stringify(a.args ?? null).includes(address)));
    }),
};
