import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, Locator, Page } from 'playwright';
import { StepFailure, type ActionContext } from '../channels/action.ts';
import type { ChannelAudit, ChannelRunSession } from '../channels/channel.ts';
import { RUN_RECORD_SCHEMA_VERSION, type Interactions, type RunRecord, type StepError, type StepRecord } from '../model/run-record.ts';
import { observePage } from '../observers/page.ts';
import type { PlannedRun, PlannedStep } from './plan.ts';
import { redact } from './redact.ts';

export type ScreenshotMode = 'each' | 'failures' | 'off';

export interface RunSettings {
  baseURL: string;
  outDir: string;
  screenshots: ScreenshotMode;
  stepTimeoutMs: number;
  journeyTimeoutMs: number;
  viewport: { width: number; height: number };
  /** Channels started for the audit; each may keep a session per run. */
  channels?: ChannelAudit[];
}

/** Signals that the harness itself broke (not the site): the run is `errored`, not a dead end. */
const HARNESS_FAILURE = /Target page, context or browser has been closed|Browser has been closed|browser has disconnected|Protocol error/i;

function classify(err: unknown, action: string): StepError {
  if (err instanceof StepFailure) return { kind: err.kind, message: err.message, action };
  const e = err instanceof Error ? err : new Error(String(err));
  const first = e.message.split('\n')[0].replace(/^\w+\.\w+: /, '');
  if (HARNESS_FAILURE.test(e.message)) return { kind: 'harness', message: first, action };
  if (e.name === 'TimeoutError') return { kind: 'timeout', message: `Gave up after waiting: ${first}`, action };
  if (/net::ERR_|NS_ERROR|ECONNREFUSED/.test(e.message)) return { kind: 'navigation', message: `The page could not be reached: ${first}`, action };
  return { kind: 'action', message: first, action };
}

const slug = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '_');

/** Runs one planned journey in its own browser context and returns its record (secrets redacted). */
export async function runJourney(browser: Browser, run: PlannedRun, settings: RunSettings): Promise<RunRecord> {
  const startedAt = new Date().toISOString();
  // The customer's clock starts when their page is open (the browser context is harness set-up).
  let t0 = performance.now();
  // Customer time: wall time since the start minus what the harness spent (screenshots).
  let harnessSpent = 0;
  const now = () => performance.now() - t0 - harnessSpent;
  const steps: StepRecord[] = [];
  let currentStep: number | undefined;
  let stoppedAt: RunRecord['stoppedAt'];
  let harnessBroke = false;
  let context: BrowserContext | undefined;
  const emptyObservations = { consoleErrors: [], pageErrors: [], failedRequests: [], navigations: [] };
  let observer: ReturnType<typeof observePage> | undefined;
  const secrets = new Set(run.secrets);
  const masks: Locator[] = [];
  const sessions = new Map<string, ChannelRunSession>();
  let channelParts: Partial<RunRecord> = {};

  try {
    context = await browser.newContext({ baseURL: settings.baseURL, viewport: settings.viewport });
    const page = await context.newPage();
    t0 = performance.now();
    observer = observePage(page, now, () => currentStep);
    const journeyDeadline = t0 + settings.journeyTimeoutMs;
    for (const audit of settings.channels ?? []) {
      const session = audit.startRun?.({ page, runId: run.runId, persona: run.persona, now, currentStep: () => currentStep });
      if (session) sessions.set(audit.channel, session);
    }

    for (const step of run.steps) {
      currentStep = step.index;
      const record = await runStep(page, step, {
        run,
        settings,
        now,
        journeyDeadline,
        isSecret: (v) => secrets.has(v),
        mask: (l) => masks.push(l),
        secrets: run.secrets,
        session: <T>(name: string): T => {
          const session = sessions.get(name);
          if (!session) throw new StepFailure('harness', `the ${name} channel is not running in this audit`);
          return session as T;
        },
        observer,
      });
      if (record.status === 'failed' && record.error) {
        // Harness failures (browser gone) are not something the customer met.
        if (record.error.kind === 'harness') harnessBroke = true;
        stoppedAt = { stepIndex: step.index, stepName: step.name, reason: record.error.message };
      }
      const shouldShoot = settings.screenshots === 'each' || (settings.screenshots === 'failures' && record.status === 'failed');
      if (shouldShoot && !harnessBroke) {
        const h0 = performance.now();
        record.screenshot = await screenshot(page, settings.outDir, `${slug(run.runId)}-${step.index}.jpg`, masks);
        const spent = performance.now() - h0;
        record.harnessMs += spent;
        harnessSpent += spent;
      }
      steps.push(record);
      if (record.status === 'failed') break;
    }
  } catch (err) {
    harnessBroke = true;
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const step = run.steps[currentStep ?? 0];
    stoppedAt = { stepIndex: step?.index ?? 0, stepName: step?.name ?? 'start', reason: `The harness failed: ${message}` };
  } finally {
    for (const session of sessions.values()) {
      try {
        channelParts = { ...channelParts, ...(await session.finish()) };
      } catch {
        // A channel that cannot report still leaves the web part of the run intact.
      }
    }
    await context?.close().catch(() => undefined);
  }

  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId: run.runId,
    journeyId: run.journeyId,
    journeyName: run.journeyName,
    journeyFile: run.journeyFile,
    tags: run.tags,
    persona: run.persona,
    repeat: run.repeat,
    status: harnessBroke ? 'errored' : stoppedAt ? 'failed' : 'completed',
    startedAt,
    durationMs: steps.length ? steps[steps.length - 1].startMs + steps[steps.length - 1].durationMs : now(),
    budgets: run.budgets,
    plannedSteps: run.steps.length,
    ...(stoppedAt ? { stoppedAt } : {}),
    steps,
    observations: observer?.observations ?? emptyObservations,
    artifacts: {},
    ...channelParts,
  };
  return redact(record, [...secrets]);
}

interface StepEnv {
  run: PlannedRun;
  settings: RunSettings;
  now: () => number;
  journeyDeadline: number;
  isSecret: (v: string) => boolean;
  mask: (l: Locator) => void;
  secrets: readonly string[];
  session: <T>(name: string) => T;
  observer: ReturnType<typeof observePage>;
}

async function runStep(page: Page, step: PlannedStep, env: StepEnv): Promise<StepRecord> {
  const interactions: Interactions = { clicks: 0, keystrokes: 0, fieldsFilled: 0 };
  const startMs = env.now();
  const stepStart = performance.now();
  let error: StepError | undefined;
  let harnessMs = 0;

  for (const action of step.actions) {
    const remaining = Math.min(env.settings.stepTimeoutMs - (performance.now() - stepStart), env.journeyDeadline - performance.now());
    if (remaining <= 0) {
      const journeyOut = env.journeyDeadline - performance.now() <= 0;
      error = journeyOut
        ? { kind: 'journey-timeout', message: `The journey ran out of time (${env.settings.journeyTimeoutMs} ms).`, action: action.label }
        : { kind: 'timeout', message: `The step ran out of time (${env.settings.stepTimeoutMs} ms).`, action: action.label };
      break;
    }
    const ctx: ActionContext = {
      page,
      baseURL: env.settings.baseURL,
      timeoutMs: remaining,
      interactions,
      isSecret: env.isSecret,
      mask: env.mask,
      secrets: env.secrets,
      session: env.session,
    };
    const mark = env.observer.mark();
    try {
      await action.def.execute(ctx, action.args);
      // A click may have started loading a new page: the customer waits for it to finish.
      await page.waitForLoadState('load', { timeout: Math.max(1, remaining - (performance.now() - stepStart)) });
      const failed = env.observer.documentFailuresSince(mark)[0];
      if (failed) {
        const path = new URL(failed.url).pathname;
        throw new StepFailure(
          'navigation',
          failed.status !== undefined
            ? `The page answered HTTP ${failed.status} (${failed.method} ${path}).`
            : `The page could not be loaded: ${failed.failure} (${failed.method} ${path}).`,
        );
      }
    } catch (err) {
      error = classify(err, action.label);
      break;
    }
  }
  const durationMs = performance.now() - stepStart;
  return {
    index: step.index,
    name: step.name,
    actions: step.actions.map((a) => a.label),
    startMs,
    durationMs,
    harnessMs,
    ...(step.budgetMs === undefined ? {} : { budgetMs: step.budgetMs }),
    url: page.url(),
    status: error ? 'failed' : 'passed',
    interactions,
    ...(error ? { error } : {}),
  };
}

async function screenshot(page: Page, outDir: string, name: string, mask: Locator[]): Promise<string | undefined> {
  const rel = join('screenshots', name);
  mkdirSync(join(outDir, 'screenshots'), { recursive: true });
  try {
    await page.screenshot({ path: join(outDir, rel), type: 'jpeg', quality: 70, mask, timeout: 5_000, animations: 'disabled' });
    return rel;
  } catch {
    return undefined; // a page that cannot be captured still has its timings
  }
}
