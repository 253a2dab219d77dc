import type { z } from 'zod';
import type { Locator, Page } from 'playwright';
import type { Interactions, StepError } from '../model/run-record.ts';

/** What an action may use while it runs: the customer's page and the step's bookkeeping. */
export interface ActionContext {
  page: Page;
  baseURL: string;
  /** Time left for this action (the smaller of the step's and the journey's remaining time), ms. */
  timeoutMs: number;
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
}

/** A failure the customer met, with its kind; anything else thrown is classified by the runner. */
export class StepFailure extends Error {
  constructor(
    readonly kind: StepError['kind'],
    message: string,
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
}

export const defineAction = <A>(def: ActionDef<A>): ActionDef<A> => def;
