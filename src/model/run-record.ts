import { z } from 'zod';
import { ChannelRecords } from '../channels/index.ts';
import { TypedValue } from './typed-value.ts';
import { PendingWait } from './pending.ts';
import { PageHealth } from './page-health.ts';

/**
 * Bump when a field changes meaning. 2: checks, waits (budget vs patience), what the customer
 * saw, dialogs, forms asked, third-party requests, the implicit start step. 3: the channels'
 * records under `channels` (`emails` became `channels.email`, `chat` `channels.chat`). Older
 * records are read through `upgradeRunRecord` (src/model/upgrade.ts).
 */
export const RUN_RECORD_SCHEMA_VERSION = 3;

export const Interactions = z.object({
  clicks: z.number().int().nonnegative(),
  keystrokes: z.number().int().nonnegative(),
  fieldsFilled: z.number().int().nonnegative(),
  /** What the customer typed in the step, as salted hashes (see model/typed-value.ts), for `reasked-information`. */
  typed: z.array(TypedValue).optional(),
});
export type Interactions = z.infer<typeof Interactions>;

export const StepError = z.object({
  /** What kind of failure a customer met: an expectation not met, a timeout, a page that would not load… */
  kind: z.enum(['timeout', 'expectation', 'navigation', 'action', 'journey-timeout', 'harness']),
  /** In the customer's words: what they could not do, or what did not come. */
  message: z.string(),
  /** The action (within the step) that failed, e.g. `click role=button "Place order"`. */
  action: z.string().optional(),
  /**
   * The rule that reports this failure in its own words (a broken email link, a broken download):
   * one cause, one friction point, so `dead-end` leaves it to that rule, which says the customer could not go on.
   */
  reportedBy: z.string().optional(),
  /** The browser driver's own words (selectors, timeouts rounded): technical detail, folded away in reports. */
  detail: z.string().optional(),
});
export type StepError = z.infer<typeof StepError>;

/** What the customer saw when something went wrong: the page's own words, not selectors. */
export const CustomerView = z.object({
  url: z.string(),
  title: z.string().optional(),
  /** The main heading (h1, else the first heading). */
  heading: z.string().optional(),
  /** Visible error and status messages: role=alert/status, aria-live regions, common error containers. */
  messages: z.array(z.string()),
  /** Form fields marked invalid, with the message the page gives for them. */
  invalidFields: z.array(z.object({ field: z.string(), message: z.string() })),
  /** The text of a dialog (alert/confirm/prompt) shown during the step. */
  dialog: z.string().optional(),
});
export type CustomerView = z.infer<typeof CustomerView>;

/** The kind of finding a `check` makes when it names none. */
export const DEFAULT_CHECK_FINDING = 'check-failed';

/** A `check`: the auditor's observation; when it fails the journey goes on and a finding of `finding` kind is made. */
export const CheckResult = z.object({
  /** The check as written, e.g. `check text "/within \\d+ hours/"`. */
  label: z.string(),
  /** The kind of finding a failure makes: a built-in rule id or one of the config's `findings`. */
  finding: z.string(),
  /** What the check looks at. */
  on: z.enum(['page', 'url', 'title', 'email', 'chat', 'download']),
  passed: z.boolean(),
  /** A check that could not look because another rule's finding says why (a broken download): not a finding of its own. */
  reportedBy: z.string().optional(),
  /** The document a `download` check read: its name and its copy in the report folder (when kept). */
  document: z.object({ name: z.string(), file: z.string().optional() }).optional(),
  /** The journey's own words for a failure, when it gave some. */
  message: z.string().optional(),
  /** What was there instead (a URL, a title, an email's subject and first lines, the chat's last answer). */
  instead: z.array(z.string()).optional(),
  /** The page as the customer saw it when the check failed. */
  saw: CustomerView.optional(),
});
export type CheckResult = z.infer<typeof CheckResult>;

/**
 * One wait the customer went through (an `expect` or `waitFor`): `within` is what they should
 * have to wait (the budget), `patience` how long they keep waiting. Late is a slow finding;
 * only past patience is it missing.
 */
export const WaitRecord = z.object({
  action: z.string(),
  withinMs: z.number().optional(),
  patienceMs: z.number(),
  /** How long it took to appear; absent when it never did. */
  tookMs: z.number().optional(),
  /** pending: nothing yet when the audit stopped waiting (config `waitInAuditMs`); `resume` settles it. */
  outcome: z.enum(['in-time', 'late', 'missing', 'pending']),
  /** A wait in a channel besides the page (`email`, `chat`, `phone`): that channel's rules judge it, and it is not time at the screen. */
  channel: z.string().optional(),
});
export type WaitRecord = z.infer<typeof WaitRecord>;

/** A form the customer submitted and how many questions it put to them (whatever the journey filled). */
export const FormAsked = z.object({
  /** The form's accessible name, heading or action path. */
  name: z.string(),
  /** Visible, enabled questions (a radio group or a set of same-named checkboxes is one). */
  fields: z.number().int().nonnegative(),
  required: z.number().int().nonnegative(),
  /** The questions' labels, as the page shows them. */
  labels: z.array(z.string()),
});
export type FormAsked = z.infer<typeof FormAsked>;

/**
 * A document the customer received in a step (a returns label, an invoice): saved by the browser
 * as a download, or shown in its own viewer (full Chromium shows a PDF; the headless shell saves
 * it). Either way it is the step's outcome, checked by `expect`/`check` `download`.
 */
export const DownloadRecord = z.object({
  /** Where it came from (query kept out of reports by the rules). */
  url: z.string(),
  /** The file name the site suggested (Content-Disposition, else the address). */
  name: z.string(),
  /** Its MIME type, from the response, else from its first bytes. */
  type: z.string().optional(),
  /** Its size in bytes, when it arrived. */
  bytes: z.number().int().nonnegative().optional(),
  /** HTTP status of the response that carried it, when the browser reported one. */
  status: z.number().int().optional(),
  /** How the browser gave it: saved as a download, or shown in the browser's own viewer. */
  shown: z.enum(['download', 'viewer']),
  /** On the customer's clock: from the step's start until it had arrived (or failed), ms. */
  ms: z.number().nonnegative(),
  /** Why it did not arrive (the browser's words, or the error status). */
  failure: z.string().optional(),
  /** Its copy in the report folder (downloads/…), when kept. */
  file: z.string().optional(),
  /** Why no copy was kept (larger than downloads.maxBytes, or it holds a secret). */
  notKept: z.string().optional(),
});
export type DownloadRecord = z.infer<typeof DownloadRecord>;

/** `label.pdf (application/pdf, 1062 bytes, HTTP 200)`: a document as findings quote it. */
export function describeDownload(d: Pick<DownloadRecord, 'name' | 'type' | 'bytes' | 'status'>): string {
  const facts = [d.type, d.bytes !== undefined ? `${d.bytes} bytes` : undefined, d.status !== undefined ? `HTTP ${d.status}` : undefined].filter((f) => f !== undefined);
  return facts.length ? `${d.name} (${facts.join(', ')})` : d.name;
}

export const StepRecord = z.object({
  index: z.number().int().nonnegative(),
  name: z.string(),
  /** One short label per action in the step, e.g. `goto /cart`, `click button "Checkout"`. */
  actions: z.array(z.string()),
  /** Offset of the step's start from the run's start (monotonic clock), ms. */
  startMs: z.number(),
  /** What the customer waited through: the step's actions, from first to last, ms. */
  durationMs: z.number(),
  /** Time the harness spent around the step (screenshots, bookkeeping), not counted in durationMs. */
  harnessMs: z.number(),
  budgetMs: z.number().optional(),
  url: z.string(),
  /** pending: the step waits for something that comes after the audit (see `pending` on the run). */
  status: z.enum(['passed', 'failed', 'pending']),
  screenshot: z.string().optional(),
  interactions: Interactions,
  error: StepError.optional(),
  /** The step the tool adds to open the journey's `start` page: never counted as a step the customer takes. */
  implicit: z.boolean().optional(),
  /** What the page showed when the step failed. */
  saw: CustomerView.optional(),
  checks: z.array(CheckResult).optional(),
  waits: z.array(WaitRecord).optional(),
  /** Forms submitted in the step. */
  forms: z.array(FormAsked).optional(),
  /** Documents the step brought: downloads, or files the browser showed in its viewer. */
  downloads: z.array(DownloadRecord).optional(),
});
export type StepRecord = z.infer<typeof StepRecord>;

/**
 * How long the customer spent at the screen in a step: its duration without the waits for an
 * email, a chat or a phone answer (their own rules judge those). What slow-step and slow-down time.
 */
export const screenTimeMs = (step: Pick<StepRecord, 'durationMs' | 'waits'>): number =>
  Math.max(0, step.durationMs - (step.waits ?? []).filter((w) => w.channel).reduce((n, w) => n + (w.tookMs ?? w.patienceMs), 0));

const stepRef = { stepIndex: z.number().int().nonnegative().optional() };

/** Set on requests to (and errors from scripts of) hosts outside the audited site (config `firstParty`). */
const thirdParty = { thirdParty: z.boolean().optional() };

export const ConsoleError = z.object({ ...stepRef, ...thirdParty, text: z.string(), url: z.string().optional(), atMs: z.number() });
export const PageError = z.object({ ...stepRef, ...thirdParty, message: z.string(), url: z.string().optional(), atMs: z.number() });
export const FailedRequest = z.object({
  ...stepRef,
  ...thirdParty,
  url: z.string(),
  method: z.string(),
  /** HTTP status, absent when the request never got an answer (aborted, refused, DNS…). */
  status: z.number().int().optional(),
  failure: z.string().optional(),
  resourceType: z.string(),
  /** A main-frame document request: the customer saw this error page. */
  isNavigation: z.boolean(),
  atMs: z.number(),
});
export const Navigation = z.object({ ...stepRef, url: z.string(), atMs: z.number() });

/** An alert, confirm, prompt or beforeunload dialog and how the customer answered it. */
export const DialogRecord = z.object({
  ...stepRef,
  kind: z.enum(['alert', 'confirm', 'prompt', 'beforeunload']),
  message: z.string(),
  answer: z.enum(['accept', 'dismiss']),
  /** The step said a dialog would come (`dialog:`); an unexpected one is friction. */
  expected: z.boolean(),
  atMs: z.number(),
});
export type DialogRecord = z.infer<typeof DialogRecord>;

/**
 * An overlay the harness closed so the journey could go on (config `dismiss`): a consent banner,
 * a newsletter pop-up. The customer would have had to close it too; the time it took is the
 * harness's, not counted in the step.
 */
export const OverlayDismissed = z.object({
  ...stepRef,
  /** The `dismiss` entry's name, or `consent` for the built-in consent handler. */
  overlay: z.string(),
  /** What the overlay said (its name, heading or first words). */
  text: z.string(),
  /** The button or link clicked to close it, e.g. "Reject all". */
  clicked: z.string(),
  atMs: z.number(),
  /** Time spent closing it, ms (the harness's, not the customer's). */
  tookMs: z.number(),
});
export type OverlayDismissed = z.infer<typeof OverlayDismissed>;

export const Observations = z.object({
  consoleErrors: z.array(ConsoleError),
  pageErrors: z.array(PageError),
  failedRequests: z.array(FailedRequest),
  navigations: z.array(Navigation),
  dialogs: z.array(DialogRecord).default([]),
  /** Overlays closed on the way (config `dismiss`); absent when none was. */
  dismissed: z.array(OverlayDismissed).optional(),
  /**
   * What was not kept once a kind reached the config's `maxObservations` for the run: counted by
   * kind and message, so a page that floods the console cannot flood the record.
   */
  overflow: z
    .array(
      z.object({
        kind: z.enum(['consoleErrors', 'pageErrors', 'failedRequests', 'navigations', 'dialogs']),
        /** The message (console, page error, dialog) or the URL without its query (requests, navigations). */
        message: z.string(),
        count: z.number().int().positive(),
      }),
    )
    .optional(),
});
export type Observations = z.infer<typeof Observations>;
export type FailedRequest = z.infer<typeof FailedRequest>;

/**
 * A request the tool stopped because its origin is not in the config's `allowedOrigins`: never
 * the site's fault, so no rule reads it; the scorecard lists it so the auditor can allow it.
 */
export const BlockedRequest = z.object({
  ...stepRef,
  /** The origin that was not allowed, e.g. `https://pay.example.net`. */
  origin: z.string(),
  url: z.string(),
  method: z.string(),
  resourceType: z.string(),
  /** A page (or frame) was to be loaded from there: for the main frame, the step fails saying so. */
  isNavigation: z.boolean(),
  /** Reached by a redirect from this URL of an allowed origin. */
  redirectedFrom: z.string().optional(),
  /** Made during a cleanup step (stepIndex is then the cleanup step's). */
  cleanup: z.boolean().optional(),
  /**
   * A redirect the tool saw only after the browser had followed it (a second hop, or a request
   * behind the page): it was NOT stopped. Allow the origin, or make sure it is harmless.
   */
  escaped: z.boolean().optional(),
  atMs: z.number(),
});
export type BlockedRequest = z.infer<typeof BlockedRequest>;

export const Budgets = z.object({
  totalMs: z.number().positive().optional().describe('How long the whole journey should take at most, ms (over it: slow-journey)'),
  stepMs: z.number().positive().optional().describe("How long each step should take at most, ms, unless the step sets `budgetMs` (over it: slow-step)"),
  maxSteps: z.number().int().positive().optional().describe('How many steps the journey should take at most; the step opening `start` does not count (over it: too-many-steps)'),
  maxInteractions: z.number().int().positive().optional().describe('How many clicks and fields filled a completed run should take at most (over it: too-many-steps)'),
});
export type Budgets = z.infer<typeof Budgets>;

export const RunRecord = z.object({
  schemaVersion: z.literal(RUN_RECORD_SCHEMA_VERSION),
  /** Unique within one report: `<journeyId>/<persona>/<repeat>`. */
  runId: z.string(),
  journeyId: z.string(),
  journeyName: z.string(),
  /** Where the journey came from, relative to the working directory. */
  journeyFile: z.string().optional(),
  tags: z.array(z.string()),
  persona: z.string(),
  /** 1-based repeat number. */
  repeat: z.number().int().positive(),
  /**
   * completed: every step passed. failed: the customer hit a dead end (a step failed).
   * errored: the harness itself broke (browser crash, bug): not the site's fault.
   * pending: the run stopped at a wait longer than the audit stays up; `resume` finishes it.
   */
  status: z.enum(['completed', 'failed', 'errored', 'pending']),
  startedAt: z.string(),
  /** Wall time of the whole run as the customer lived it (sum of step durations and gaps), ms. */
  durationMs: z.number(),
  /** The journey's budgets after applying config defaults. */
  budgets: Budgets,
  /** Number of steps the journey has, not counting the implicit start step (the run may have stopped before the end). */
  plannedSteps: z.number().int().nonnegative(),
  /** Where and why the run stopped early; absent when completed. */
  stoppedAt: z
    .object({ stepIndex: z.number().int().nonnegative(), stepName: z.string(), reason: z.string() })
    .optional(),
  steps: z.array(StepRecord),
  /**
   * The run was stopped before its end and is kept as far as it went (an explore's crawl stopped by
   * Ctrl-C): what it says, e.g. "stopped after 5 pages". It does not count as a finished run, so
   * the audit is incomplete and never passes.
   */
  cutShort: z.string().optional(),
  observations: Observations,
  /**
   * Every page the run showed, with its health: Core Web Vitals, accessibility (axe-core), broken
   * images (see model/page-health.ts). Absent in records from before page health was observed.
   */
  pages: z.array(PageHealth).optional(),
  artifacts: z
    .object({
      trace: z
        .string()
        .optional()
        .describe("The run's Playwright trace, secrets redacted: a path relative to the report folder (traces/<run>.zip; config `trace`, docs/traces.md)"),
    })
    .default({}),
  /**
   * What each channel besides the page recorded, by channel (channels/index.ts): `email` (mail
   * received and sent, what the journey waited for, links opened), `chat` (the transcript, reply
   * times, what the chat profile recognised), `phone` (every call: what the caller heard and pressed).
   */
  channels: ChannelRecords.optional(),
  /**
   * The journey's `cleanup:` steps (cancel the test order…), run after its steps whatever happened.
   * Never scored: no rule reads them; a failed one is a warning on the scorecard. Absent when the
   * journey has none.
   */
  cleanup: z.array(StepRecord).optional(),
  /** Requests stopped by the config's `allowedOrigins` (the first maxObservations; `blockedNotKept` counts the rest). */
  blocked: z.array(BlockedRequest).optional(),
  blockedNotKept: z.number().int().positive().optional(),
  /** Waits longer than the audit stayed up, kept after `resume` settles them (`resolved`); absent when none. */
  pending: z.array(PendingWait).optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;
