import type { JourneyScorecard, RunSummary } from '../../model/scorecard.ts';
import { formatMs } from '../format.ts';

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

/** The emails of the run the journey shows (its median run, else the first run that has emails). */
export function emailListView(j: JourneyScorecard, median: RunSummary | undefined): { emails?: EmailListView } {
  const run = median?.emails?.length ? median : j.runs.find((r) => r.emails?.length);
  if (!run?.emails?.length) return {};
  return {
    emails: {
      run: `${run.persona} #${run.repeat}`,
      count: run.emails.length,
      items: run.emails.map((e) => {
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
    },
  };
}
