import { z } from 'zod';
import { defineChannel, type ChannelDef } from '../define.ts';
import { emailActions } from './actions.ts';
import { emailChannel } from './channel.ts';
import { noReplyPatternOf, replyAddress } from './match.ts';
import { EmailLog, EmailSummary } from './record.ts';
import { EmailConfig } from './settings.ts';
import { emailSummaries } from './summary.ts';
import { emailListView } from './view.ts';
import brokenEmailLink from './rules/broken-email-link.ts';
import missingEmail from './rules/missing-email.ts';
import noAcknowledgement from './rules/no-acknowledgement.ts';
import noPromisedTimeframe from './rules/no-promised-timeframe.ts';
import noReplyPath from './rules/no-reply-path.ts';
import slowEmail from './rules/slow-email.ts';

/** What the email channel makes of a run's mail, once, for its rules and the scorecard. */
export interface EmailAnalysis {
  /** Per received email id: where a reply goes (Reply-To, else the sender), or null when that is a no-reply address (rule no-reply-path's pattern). */
  replyPaths: Record<string, string | null>;
}

const EmailSummaries = z.array(EmailSummary);

/** Email: the audit's inbox or a real mailbox (docs/email.md). Typed out: the run record's type is built from it. */
export const email: ChannelDef<'email', typeof EmailConfig, typeof EmailLog, typeof EmailSummaries, EmailAnalysis> = defineChannel({
  ...emailChannel,
  name: 'email',
  config: EmailConfig,
  record: EmailLog,
  summary: EmailSummaries,
  actions: emailActions,
  rules: [missingEmail, noAcknowledgement, noReplyPath, brokenEmailLink, slowEmail, noPromisedTimeframe],
  analyse: (log, options): EmailAnalysis => {
    const noReply = noReplyPatternOf(options['no-reply-path']);
    return { replyPaths: Object.fromEntries(log.received.map((e) => [e.id, replyAddress(e, noReply) ?? null])) };
  },
  summarise: (log, run, analysis) => emailSummaries(log, run, analysis),
  view: { template: new URL('./view.hbs', import.meta.url), build: emailListView },
});
