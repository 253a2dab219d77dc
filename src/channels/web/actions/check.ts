import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { defineAction, type ActionContext } from '../../action.ts';
import { DEFAULT_CHECK_FINDING, type CheckResult } from '../../../model/run-record.ts';
import { CHAT_CHANNEL, type ChatSession } from '../../chat/session.ts';
import { describeMatch, EmailMatchFields, emailMatches } from '../../email/match.ts';
import { EMAIL_CHANNEL, type EmailSession } from '../../email/session.ts';
import { describeDeclared, WaitFields } from '../../wait.ts';
import { matchText } from '../../text.ts';
import { describePageTarget, judgePage, onePageTarget, PageJudgementFields, PageTargetFields } from '../page-target.ts';
import { describeDocument, DocumentTargetField, judgeDocument, notWithDocument } from '../document-target.ts';

const CheckArgs = z
  .object({
    ...PageTargetFields,
    email: z
      .object(EmailMatchFields)
      .strict()
      .optional()
      .describe('The last email the journey waited for (email.expect) has this subject, sender, recipient or text'),
    chat: z.string().min(1, 'expected some text (an empty text matches anything)').optional().describe("The company's answers since the customer's last chat message contain this (or match /regex/)"),
    ...DocumentTargetField,
    ...PageJudgementFields,
    finding: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a finding kind such as no-promised-timeframe')
      .default(DEFAULT_CHECK_FINDING)
      .describe("The kind of finding a failure makes: a built-in rule id (e.g. no-promised-timeframe) or one of the config's `findings`"),
    message: z.string().optional().describe('What the failure means for the customer, in their words (default: from the check)'),
    ...WaitFields,
  })
  .strict()
  .superRefine((v, ctx) => {
    onePageTarget(v, ctx, ['email', 'chat', 'download']);
    notWithDocument(v, ctx);
  });
type CheckArgs = z.infer<typeof CheckArgs>;

function describeTarget(a: CheckArgs): string {
  if (a.email !== undefined) return `${a.absent ? 'no ' : ''}email ${describeMatch(a.email)}`;
  if (a.chat !== undefined) return `${a.absent ? 'no ' : ''}chat "${a.chat}"`;
  if (a.download !== undefined) return describeDocument(a.download);
  return describePageTarget(a);
}

/** One line a card can show: `“Subject” from x@y: first words…`. */
const emailLine = (e: { subject: string; from: string; text: string }) =>
  `“${e.subject}” from ${e.from}: ${e.text.replace(/\s+/g, ' ').trim().slice(0, 200)}`;

export default defineAction({
  name: 'check',
  summary:
    "The auditor's observation: something the customer should find (a promised response time, opening hours, a reply path). When it fails, a finding of the named kind is recorded at this step and the journey goes on.",
  args: CheckArgs,
  describe: (a: CheckArgs) => `check ${describeTarget(a)}${describeDeclared(a)} → ${a.finding ?? DEFAULT_CHECK_FINDING}`,
  async execute(ctx, a: CheckArgs) {
    const t0 = performance.now();
    const result = await look(ctx, a);
    ctx.recordCheck(result);
    // A customer does not sit waiting for a line that is not there: the looking was the auditor's time.
    if (!result.passed) ctx.auditorTime(performance.now() - t0);
  },
});

async function look(ctx: ActionContext, a: CheckArgs): Promise<CheckResult> {
  const base = {
    // As written, not as rendered: a check naming {{order.number}} is one cause in every run.
    label: `check ${describeTarget(ctx.written as CheckArgs)}`,
    finding: a.finding,
    ...(a.message !== undefined ? { message: a.message } : {}),
  };
  // A page check with no declared wait looks for `lookMs`; a declared one gets the full patience.
  const ms = a.patience !== undefined || a.within !== undefined ? ctx.patienceMs : ctx.lookMs;
  const verdict = (found: boolean) => (a.absent ? !found : found);

  if (a.email !== undefined) {
    const session = ctx.session<EmailSession>(EMAIL_CHANNEL);
    const email = session.last;
    const passed = verdict(email !== undefined && emailMatches(email, a.email));
    return {
      ...base,
      on: 'email',
      passed,
      ...(passed ? {} : { instead: email ? [emailLine(email)] : ['No email: the journey has not received one yet.'] }),
    };
  }
  if (a.chat !== undefined) {
    const session = ctx.session<ChatSession>(CHAT_CHANNEL);
    const answers = () => session.messages.filter((m) => m.index >= session.lastSendIndex() && m.author !== 'customer');
    const want = a.chat;
    const found = a.absent
      ? answers().some((m) => matchText(m.text, want))
      : (await session.waitFor(() => answers().find((m) => matchText(m.text, want)), a.within ?? a.patience ?? 0)) !== undefined;
    const passed = verdict(found);
    return {
      ...base,
      on: 'chat',
      passed,
      ...(passed ? {} : { instead: answers().slice(-3).map((m) => `${m.name ?? m.author}: ${m.text}`) }),
    };
  }
  if (a.download !== undefined) {
    // A document in flight is waited for up to the patience whatever was declared: it is what the step brings.
    const r = await judgeDocument(ctx, a.download, ctx.patienceMs);
    return {
      ...base,
      on: 'download',
      passed: r.passed,
      ...(r.passed ? {} : { instead: r.instead ?? [] }),
      ...(r.reportedBy ? { reportedBy: r.reportedBy } : {}),
      ...(r.document ? { document: r.document } : {}),
    };
  }
  // The same judgement as `expect` (absent, count), with the look time; a failure is a finding, not a dead end.
  const r = await judgePage(ctx.page, a, ms);
  if (r.passed) return { ...base, on: r.on, passed: true };
  return { ...base, on: r.on, passed: false, ...(r.instead ? { instead: r.instead } : {}), ...(r.on === 'page' ? { saw: await ctx.customerView() } : {}) };
}
