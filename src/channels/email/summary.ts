import type { EmailLog, EmailSummary } from './record.ts';
import type { EmailAnalysis } from './definition.ts';
import type { RunRecord } from '../../model/run-record.ts';

/** Longest email text kept in the scorecard; the full text is in runs.jsonl. */
export const EMAIL_TEXT_MAX = 2000;

const cut = (s: string) => (s.length > EMAIL_TEXT_MAX ? `${s.slice(0, EMAIL_TEXT_MAX - 1)}…` : s);

/** The run's emails, received and sent, in the order they happened, with the steps they belong to. */
export function emailSummaries(log: EmailLog, run: RunRecord, analysis: EmailAnalysis): EmailSummary[] | undefined {
  if (!log.received.length && !log.sent.length) return undefined;
  const stepName = (i: number | undefined) => (i === undefined ? undefined : run.steps.find((s) => s.index === i)?.name);
  const named = (key: 'stepName' | 'triggerStepName', i: number | undefined) => {
    const name = stepName(i);
    return name === undefined ? {} : { [key]: name };
  };
  const out: EmailSummary[] = [];
  for (const e of log.received) {
    const x = log.expectations.find((ex) => ex.emailId === e.id);
    // Where a reply goes, as the rule no-reply-path judges it (its configured pattern).
    const replyPath = analysis.replyPaths[e.id] ?? undefined;
    out.push({
      direction: 'received',
      atMs: e.atMs,
      ...(e.stepIndex !== undefined ? { stepIndex: e.stepIndex } : {}),
      ...named('stepName', e.stepIndex),
      ...(x?.triggerStepIndex !== undefined ? { triggerStepIndex: x.triggerStepIndex } : {}),
      ...named('triggerStepName', x?.triggerStepIndex),
      ...(x?.delayMs !== undefined ? { delayMs: x.delayMs } : {}),
      from: e.fromName ? `${e.fromName} <${e.from}>` : e.from,
      replyTo: e.replyTo,
      ...(replyPath ? { replyPath } : {}),
      to: e.to.join(', '),
      subject: e.subject,
      text: cut(e.text),
      links: e.links,
    });
  }
  for (const s of log.sent) {
    out.push({
      direction: 'sent',
      atMs: s.atMs,
      ...(s.stepIndex !== undefined ? { stepIndex: s.stepIndex } : {}),
      ...named('stepName', s.stepIndex),
      from: log.address,
      replyTo: [],
      to: s.to,
      subject: s.subject,
      text: cut(s.text),
      links: [],
      ...(s.error ? { error: s.error } : {}),
    });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}
