import { z } from 'zod';
import { ChatLog } from './chat.ts';
import { EmailLog, TypedValue } from './email.ts';

/** Bump when a field changes meaning; readers refuse records of another major version. */
export const RUN_RECORD_SCHEMA_VERSION = 1;

export const Interactions = z.object({
  clicks: z.number().int().nonnegative(),
  keystrokes: z.number().int().nonnegative(),
  fieldsFilled: z.number().int().nonnegative(),
  /** What the customer typed in the step, as salted hashes (see model/email.ts), for `reasked-information`. */
  typed: z.array(TypedValue).optional(),
});
export type Interactions = z.infer<typeof Interactions>;

export const StepError = z.object({
  /** What kind of failure a customer met: an expectation not met, a timeout, a page that would not load… */
  kind: z.enum(['timeout', 'expectation', 'navigation', 'action', 'journey-timeout', 'harness']),
  message: z.string(),
  /** The action (within the step) that failed, e.g. `click role=button "Place order"`. */
  action: z.string().optional(),
});
export type StepError = z.infer<typeof StepError>;

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
  status: z.enum(['passed', 'failed']),
  screenshot: z.string().optional(),
  interactions: Interactions,
  error: StepError.optional(),
});
export type StepRecord = z.infer<typeof StepRecord>;

const stepRef = { stepIndex: z.number().int().nonnegative().optional() };

export const ConsoleError = z.object({ ...stepRef, text: z.string(), url: z.string().optional(), atMs: z.number() });
export const PageError = z.object({ ...stepRef, message: z.string(), url: z.string().optional(), atMs: z.number() });
export const FailedRequest = z.object({
  ...stepRef,
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

export const Observations = z.object({
  consoleErrors: z.array(ConsoleError),
  pageErrors: z.array(PageError),
  failedRequests: z.array(FailedRequest),
  navigations: z.array(Navigation),
});
export type Observations = z.infer<typeof Observations>;
export type FailedRequest = z.infer<typeof FailedRequest>;

export const Budgets = z.object({
  totalMs: z.number().positive().optional(),
  stepMs: z.number().positive().optional(),
  maxSteps: z.number().int().positive().optional(),
  maxInteractions: z.number().int().positive().optional(),
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
   */
  status: z.enum(['completed', 'failed', 'errored']),
  startedAt: z.string(),
  /** Wall time of the whole run as the customer lived it (sum of step durations and gaps), ms. */
  durationMs: z.number(),
  /** The journey's budgets after applying config defaults. */
  budgets: Budgets,
  /** Number of steps the journey has (the run may have stopped before the end). */
  plannedSteps: z.number().int().nonnegative(),
  /** Where and why the run stopped early; absent when completed. */
  stoppedAt: z
    .object({ stepIndex: z.number().int().nonnegative(), stepName: z.string(), reason: z.string() })
    .optional(),
  steps: z.array(StepRecord),
  observations: Observations,
  artifacts: z.object({ trace: z.string().optional() }).default({}),
  /** The email channel's record: emails received and sent, what the journey waited for, links opened. */
  emails: EmailLog.optional(),
  /** The chat channel's record: the transcript, per-turn reply times and what the chat profile recognised. */
  chat: ChatLog.optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;
