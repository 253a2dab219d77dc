import type { z } from 'zod';
import type { Locator, Page } from 'playwright';
import type { CheckResult, CustomerView, Interactions, StepError, WaitRecord } from '../model/run-record.ts';
import type { PendingWait } from '../model/pending.ts';
import type { ReceivedDocument } from '../observers/downloads.ts';

/** What an action may use while it runs: the customer's page and the step's bookkeeping. */
export interface ActionContext {
  page: Page;
  baseURL: string;
  /** The action's args as the journey writes them (templates unrendered): the same in every run and persona, safe to record. */
  written: unknown;
  /**
   * How long the customer keeps waiting in this action, ms: the action's own `patience` (or its
   * `within`, when longer), else the config's `patienceMs` cut to what the journey has left. A
   * wait the action declares is never cut (see runner/waits.ts).
   */
  patienceMs: number;
  /** How long a `check` with no `patience` looks for what it checks (config `lookMs`). */
  lookMs: number;
  /** How long the customer keeps waiting once the page shows an error instead (config `errorPatienceMs`). */
  errorPatienceMs: number;
  /** The step's counters; actions add the clicks, keystrokes and fields a customer spends. */
  interactions: Interactions;
  /** True when a value is a secret (typed into the page, never written anywhere). */
  isSecret(value: string): boolean;
  /** Hide this element in every later screenshot (it holds a secret). */
  mask(locator: Locator): void;
  /** Secret values of this run, for channels that must scrub what they record. */
  secrets: readonly string[];
  /** The run's session of a channel (see channels/channel.ts); throws if the channel is not active. */
  session<T>(channel: string): T;
  /** Notes a wait with a declared budget (`within`) on the step: in time, late or missing. */
  recordWait(wait: WaitRecord): void;
  /**
   * How long the audit itself stays up for one wait (config `waitInAuditMs`). An action that
   * `outlastsAudit` waits no longer than this; past it, what it still waits for is `awaitAfterAudit`.
   */
  waitInAuditMs: number;
  /** The wait outlasts the audit: the run stops after this step as `pending`, and `resume` settles it. */
  awaitAfterAudit(wait: Omit<PendingWait, 'stepIndex' | 'stepName' | 'stepsNotRun'>): void;
  /** Notes a `check` on the step; a failed one becomes a finding and the journey goes on. */
  recordCheck(check: CheckResult): void;
  /** Time this action spent that the customer did not (a failed check looking for something), ms. */
  auditorTime(ms: number): void;
  /** What the customer sees right now: heading, error messages, invalid fields. */
  customerView(): Promise<CustomerView>;
  /**
   * The latest document the run received (a download, or a file the browser showed in its
   * viewer), once it has arrived; waits up to `ms` for one in flight or, with none yet, to start.
   */
  latestDocument(ms: number): Promise<ReceivedDocument | undefined>;
  /** Keeps a value the page showed (an order number) for `{{name}}` in the run's later actions. */
  remember(name: string, value: string): void;
}

/** A failure the customer met, with its kind; anything else thrown is classified by the runner. */
export class StepFailure extends Error {
  constructor(
    readonly kind: StepError['kind'],
    message: string,
    /** The rule that reports this failure in its own words (see StepError.reportedBy). */
    readonly reportedBy?: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

/**
 * One thing a journey can do, e.g. `click` or `fill`. The zod `args` schema is the single source
 * of validation, of the JSON Schema editors use, and of the docs.
 */
export interface ActionDef<A = unknown> {
  name: string;
  /** One line for the docs. */
  summary: string;
  args: z.ZodType<A>;
  /** Short label for records and reports, written from the un-templated args (no secrets). */
  describe(args: A): string;
  execute(ctx: ActionContext, args: A): Promise<void>;
  /**
   * The action may wait longer than the audit stays up (an answer to an email): its declared wait
   * is not cut by journeyTimeoutMs; the audit waits `waitInAuditMs` and leaves the rest to `resume`.
   */
  outlastsAudit?: boolean;
  /** The name this action remembers a value by (`remember`): later actions may write `{{name}}`. */
  remembers?(args: A): string | undefined;
}

export const defineAction = <A>(def: ActionDef<A>): ActionDef<A> => def;
