import type { Page } from 'playwright';
import type { LoadedEnv } from '../config/env.ts';
import type { Config } from '../config/schema.ts';
import type { PlannedRun } from '../model/planned-run.ts';

/** What a channel gets when a run starts. */
export interface RunChannelContext {
  page: Page;
  runId: string;
  journeyId: string;
  persona: string;
  /** Customer time since the run started, ms (the step clock). */
  now(): number;
  currentStep(): number | undefined;
  /** Aborted when the run ends or the audit is stopped (Ctrl-C): a channel's waits and requests end with it. */
  signal: AbortSignal;
  /**
   * The customer spent this long without the harness waiting it out in real time (listening to a
   * recorded phone prompt): counted in the running step and the run's clock.
   */
  customerTime(ms: number): void;
}

/** A channel's state for one run; actions reach it through `ActionContext.session(name)`. */
export interface ChannelRunSession {
  /** What the channel recorded in the run (its record slice, `run.channels.<name>`), or undefined when nothing. */
  finish(): Promise<unknown> | unknown;
}

/** Started once per audit (e.g. an SMTP server); stopped when the audit ends. */
export interface ChannelAudit {
  /** The channel's name, which actions use to find their run session. */
  channel: string;
  /** Extra values for `{{…}}` templating, per persona and journey (e.g. `{{smtp.port}}`, `{{inbox.address}}`). */
  templateValues?(persona: string, journeyId: string): Record<string, unknown>;
  /** Per-run session, when the channel keeps state for a run. */
  startRun?(ctx: RunChannelContext): ChannelRunSession;
  /** What `resume` needs to open the channel again, kept in meta.json (never a login or a password). */
  meta?(): unknown;
  stop(): Promise<void>;
}

/**
 * A way a customer reaches the company besides the web page itself (chat, email, phone).
 * The web channel needs none of this: its actions use the page directly.
 */
export interface Channel {
  name: string;
  /**
   * `env`: the environment and .env, where credentials come from (never the config); `baseURL`: the
   * site under audit. Absent for a channel no journey drives (`site`: what `explore` records).
   */
  startAudit?(opts: { config?: Config; env?: LoadedEnv; baseURL?: string }): Promise<ChannelAudit>;
  /** Stand-in template values for `validate` and `list`, which start nothing. */
  placeholderValues?(persona: string, journeyId: string): Record<string, unknown>;
  /**
   * Whether these runs (planned with the placeholder values) need the channel at all; an audit
   * that does not starts nothing for it, so web-only audits pay nothing for chat or email.
   */
  neededBy?(runs: PlannedRun[]): boolean;
}

/** True when some run has an action of this channel (`chat.say`, `email.expect`…). */
export const usesChannelActions = (runs: PlannedRun[], channel: string) =>
  runs.some((r) => r.steps.some((s) => s.actions.some((a) => a.def.name.startsWith(`${channel}.`))));
