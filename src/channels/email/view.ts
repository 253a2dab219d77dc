import type { RunSummary } from '../../model/scorecard.ts';
import type { EmailSummary } from './record.ts';
import { formatMs } from '../../report/format.ts';

export interface EmailView {
  direction: 'received' | 'sent';
  heading: string;
  at: string;
  from: string;
  to: string;
  subject: string;
  /** "support@acme.example", or the warning that there is none. */
  replyPath?: string;
  noReplyPath: boolean;
  replyTo: string;
  step?: string;
  trigger?: string;
  delay?: string;
  text: string;
  links: { text: string; href: string }[];
  error?: string;
}

export interface EmailListView {
  run: string;
  count: number;
  items: EmailView[];
}

const stepLabel = (i: number | undefined, name: string | undefined) => (i === undefined ? undefined : `${i + 1}. ${name ?? ''}`.trim());

/** The emails of one run (the one the journey shows), received and sent, in order. */
export function emailListView(emails: EmailSummary[], run: RunSummary): EmailListView {
  return {
    run: `${run.persona} #${run.repeat}`,
    count: emails.length,
    items: emails.map((e) => {
      const trigger = stepLabel(e.triggerStepIndex, e.triggerStepName);
      const step = stepLabel(e.stepIndex, e.stepName);
      return {
        direction: e.direction,
        heading: e.direction === 'received' ? 'Received' : 'Sent by the customer',
        at: formatMs(e.atMs),
        from: e.from,
        to: e.to,
        subject: e.subject,
        ...(e.replyPath ? { replyPath: e.replyPath } : {}),
        noReplyPath: e.direction === 'received' && !e.replyPath,
        replyTo: e.replyTo.join(', '),
        ...(step ? { step } : {}),
        ...(trigger ? { trigger } : {}),
        ...(e.delayMs !== undefined ? { delay: formatMs(e.delayMs) } : {}),
        text: e.text,
        links: e.links,
        ...(e.error ? { error: e.error } : {}),
      };
    }),
  };
}
