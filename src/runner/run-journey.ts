import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, Locator, Page } from 'playwright';
import { StepFailure, type ActionContext } from '../channels/action.ts';
import type { ChannelAudit, ChannelRunSession } from '../channels/channel.ts';
import type { PendingWait } from '../model/pending.ts';
import { declaredWait } from '../channels/wait.ts';
import { CONSENT_HANDLER, type Consent, type DismissEntry } from '../config/dismiss.ts';
import { formatMs, roundTimeouts } from '../model/duration.ts';
import {
  RUN_RECORD_SCHEMA_VERSION,
  type BlockedRequest,
  type CheckResult,
  type FormAsked,
  type Interactions,
  type RunRecord,
  type StepError,
  type StepRecord,
  type WaitRecord,
} from '../model/run-record.ts';
import { captureCustomerView } from '../observers/customer-view.ts';
import { watchForms } from '../observers/forms.ts';
import { observePage, type DialogAnswer, type PageObserver } from '../observers/page.ts';
import { watchPageHealth, type PageHealthSettings, type PageHealthWatch } from '../observers/page-health.ts';
import { watchDownloads, type DownloadWatch } from '../observers/downloads.ts';
import { withRemembered } from '../journeys/remembered.ts';
import { DEFAULT_DOWNLOAD_MAX_BYTES } from '../config/schema.ts';
import { originMatcher } from './allowed-origins.ts';
import { blockOtherOrigins, type OriginBlocker } from './block-origins.ts';
import { isFirstParty } from './first-party.ts';
import { coveredMessage, dismissOverlays, withoutColours, type OverlayWatch } from './overlays.ts';
import type { PlannedAction, PlannedRun, PlannedStep } from '../model/planned-run.ts';
import { redact } from './redact.ts';
import { maskEchoedSecrets } from './secret-mask.ts';
import { startTrace, type RunTrace, type TraceMode } from './trace.ts';

export type ScreenshotMode = 'each' | 'failures' | 'off';

export interface RunSettings {
  baseURL: string;
  outDir: string;
  screenshots: ScreenshotMode;
  /** Keep a redacted Playwright trace of each run, of dead ends and errored runs, or none (config `trace`; unset: off). */
  trace?: TraceMode;
  /** How long a customer keeps waiting for anything, unless an action says otherwise, ms. */
  patienceMs: number;
  /** How long a check with no declared wait looks, ms. */
  lookMs: number;
  /** How long the customer keeps waiting once the page shows an error instead, ms. */
  errorPatienceMs: number;
  /** Safety net for a run; waits an action declares extend it. */
  journeyTimeoutMs: number;
  /** How long the audit stays up for one wait that can outlast it (config `waitInAuditMs`); default 2 min. */
  waitInAuditMs?: number;
  /** Observations kept per run, of each kind; the rest are counted by message (see observers/page.ts). */
  maxObservations: number;
  viewport: { width: number; height: number };
  /** Hosts of the audited site (see first-party.ts). */
  firstPartyHosts: string[];
  /** How dialogs a step does not mention are answered. */
  dialogs: 'accept' | 'dismiss';
  /** Channels started for the audit; each may keep a session per run. */
  channels?: ChannelAudit[];
  /** Origins (or host patterns) pages may reach besides the base URL's; unset: any (see allowed-origins.ts). */
  allowedOrigins?: string[];
  /** Overlays closed whenever they get in the way (config `dismiss`; default: the built-in consent handler). */
  dismiss?: DismissEntry[];
  /** How the built-in consent handler answers (config `consent`; default reject). */
  consent?: Consent;
  /** What is watched on every page besides the journey (config `pageHealth`); unset: nothing. */
  pageHealth?: PageHealthSettings;
  /** Pages already axe-checked in this audit, shared by its runs (execute.ts); unset: a set of the run's own. */
  pageHealthChecked?: Set<string>;
  /** Selectors of what changes on every visit (config `history.masks`): painted over in every screenshot, so audits compare like with like. */
  screenshotMasks?: string[];
  /** What is kept of the documents the customer receives (config `downloads`); unset: the default cap. */
  downloads?: { maxBytes: number };
}

/** Signals that the harness itself broke (not the site): the run is `errored`, not a dead end. */
const HARNESS_FAILURE = /Target page, context or browser has been closed|Browser has been closed|Browser closed|browser has disconnected|Protocol error/i;

/** Puts a thrown error in the customer's words, keeping the driver's own words as detail. */
function classify(err: unknown, action: PlannedAction, patienceMs: number): StepError {
  if (err instanceof StepFailure) return { kind: err.kind, message: err.message, action: action.label, ...(err.reportedBy ? { reportedBy: err.reportedBy } : {}) };
  const raw = err instanceof Error ? err : new Error(String(err));
  const e = Object.assign(new Error(withoutColours(raw.message)), { name: raw.name });
  const first = roundTimeouts(e.message.split('\n')[0].replace(/^\w+\.\w+: /, ''));
  const detail = roundTimeouts(e.message.split('\n').slice(0, 6).join('\n'));
  if (HARNESS_FAILURE.test(e.message)) return { kind: 'harness', message: first, action: action.label, detail };
  // Several elements match: say which, so the journey can add `nth`, `inside` or `hasText`.
  const strict = /strict mode violation: .*? resolved to (\d+) elements:\n((?:\s+\d+\) .*\n?)+)/.exec(e.message);
  if (strict) {
    const found = strict[2]
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => l.replace(/^\d+\)\s*/, '').replace(/\s+aka\s+.*$/, ''));
    return {
      kind: 'action',
      message: `Could not ${action.label}: ${strict[1]} things on the page match (${found.slice(0, 5).join('; ')}${found.length > 5 ? '; …' : ''}). Say which with \`nth\`, \`inside\` or \`hasText\`.`,
      action: action.label,
      detail,
    };
  }
  if (e.name === 'TimeoutError') {
    return { kind: 'timeout', message: `Waited ${formatMs(patienceMs)} and could not ${action.label}.`, action: action.label, detail };
  }
  const net = /net::(ERR_[A-Z_]+)|NS_ERROR_[A-Z_]+|ECONNREFUSED/.exec(e.message);
  if (net) return { kind: 'navigation', message: `The page could not be reached (${net[1] ?? net[0]}).`, action: action.label, detail };
  return { kind: 'action', message: first, action: action.label, detail };
}

/** True for URLs allowedOrigins keeps pages from reaching (block-origins.ts stops them). */
const notAllowed = (baseURL: string, allowedOrigins: readonly string[]) => {
  const allowed = originMatcher(baseURL, allowedOrigins);
  return (url: string) => !allowed(url);
};

const slug = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '_');

/** Runs one planned journey in its own browser context and returns its record (secrets redacted). */
export async function runJourney(browser: Browser, run: PlannedRun, settings: RunSettings): Promise<RunRecord> {
  const startedAt = new Date().toISOString();
  // The customer's clock starts when their page is open (the browser context is harness set-up).
  let t0 = performance.now();
  // Customer time: wall time since the start minus what the harness spent (screenshots, checks looking).
  let harnessSpent = 0;
  // Customer time the harness did not wait out in real time (a phone prompt's listening time).
  let listened = 0;
  const now = () => performance.now() - t0 - harnessSpent + listened;
  const steps: StepRecord[] = [];
  let currentStep: PlannedStep | undefined;
  let stoppedAt: RunRecord['stoppedAt'];
  let harnessBroke = false;
  let context: BrowserContext | undefined;
  const emptyObservations = { consoleErrors: [], pageErrors: [], failedRequests: [], navigations: [], dialogs: [] };
  let observer: PageObserver | undefined;
  const secrets = new Set(run.secrets);
  const masks: Locator[] = [];
  const sessions = new Map<string, ChannelRunSession>();
  const channelParts: Record<string, unknown> = {};
  const stepForms: FormAsked[] = [];
  let page: Page | undefined;
  let overlays: OverlayWatch | undefined;
  let blocker: OriginBlocker | undefined;
  let health: PageHealthWatch | undefined;
  let downloads: DownloadWatch | undefined;
  // Values the run learned on its way (remember): put into later actions' args as they run.
  const remembered = new Map<string, string>();
  let trace: RunTrace | undefined;
  let traceFile: string | undefined;
  let pages: RunRecord['pages'] = [];
  // Cleanup steps run after the journey and are never scored: nothing observed then is recorded.
  let cleaningUp = false;
  // Pages reopened for their accessibility check once the journey is over: what they do is not the customer's.
  let reopeningPages = false;
  // Waits longer than the audit stays up: the run stops at their step, and `resume` settles them.
  const pending: PendingWait[] = [];
  let customerEndMs: number | undefined;
  const cleanup: StepRecord[] = [];
  // Ends what channels wait for outside the page (a phone queue, a webhook) when the audit is
  // stopped (Ctrl-C closes the browser, which such waits never touch) or the run ends.
  const stopped = new AbortController();
  const stopRun = () => stopped.abort();
  const auditSignal = (settings as { signal?: AbortSignal }).signal;
  auditSignal?.addEventListener('abort', stopRun, { once: true });

  try {
    // A service worker's requests would not pass the route that keeps pages to allowedOrigins.
    context = await browser.newContext({
      baseURL: settings.baseURL,
      viewport: settings.viewport,
      // A document the customer downloads is an outcome to check, never an error.
      acceptDownloads: true,
      ...(settings.allowedOrigins ? { serviceWorkers: 'block' as const } : {}),
    });
    trace = await startTrace(context, { mode: settings.trace ?? 'off', outDir: settings.outDir, runId: run.runId, secrets: run.secrets });
    if (settings.allowedOrigins) {
      blocker = await blockOtherOrigins(context, {
        baseURL: settings.baseURL,
        allowedOrigins: settings.allowedOrigins,
        now,
        currentStep: () => currentStep?.index,
        inCleanup: () => cleaningUp,
        recording: () => !reopeningPages,
        max: settings.maxObservations,
      });
    }
    await watchForms(context, (form) => stepForms.push(form));
    if (settings.pageHealth) {
      health = await watchPageHealth(context, {
        ...settings.pageHealth,
        currentStep: () => currentStep?.index,
        checked: settings.pageHealthChecked ?? new Set(),
        recording: () => !cleaningUp,
        deferAccessibility: true,
        ...(settings.allowedOrigins ? { isBlocked: notAllowed(settings.baseURL, settings.allowedOrigins) } : {}),
      });
    }
    downloads = watchDownloads(context, {
      outDir: settings.outDir,
      runId: run.runId,
      maxBytes: settings.downloads?.maxBytes ?? DEFAULT_DOWNLOAD_MAX_BYTES,
      secrets: run.secrets,
      now,
      recording: () => !cleaningUp && !reopeningPages,
    });
    page = await context.newPage();
    overlays = await dismissOverlays(page, {
      dismiss: settings.dismiss ?? [CONSENT_HANDLER],
      consent: settings.consent ?? 'reject',
      now,
      currentStep: () => currentStep?.index,
      max: settings.maxObservations,
      recording: () => !cleaningUp,
    });
    t0 = performance.now();
    const dialogAnswer = (): DialogAnswer => {
      const d = currentStep?.dialog;
      return d ? { answer: d.answer, expected: true, ...(d.text !== undefined ? { promptText: d.text } : {}) } : { answer: settings.dialogs, expected: false };
    };
    observer = observePage(page, {
      now,
      currentStep: () => currentStep?.index,
      isFirstParty: isFirstParty(settings.firstPartyHosts),
      dialogAnswer,
      maxObservations: settings.maxObservations,
      ...(blocker ? { isBlocked: blocker.isBlocked } : {}),
      recording: () => !cleaningUp,
    });
    const deadline = { at: t0 + settings.journeyTimeoutMs };
    for (const audit of settings.channels ?? []) {
      const session = audit.startRun?.({
        page,
        signal: stopped.signal,
        runId: run.runId,
        journeyId: run.journeyId,
        persona: run.persona,
        now,
        currentStep: () => currentStep?.index,
        customerTime: (ms) => {
          listened += ms;
        },
      });
      if (session) sessions.set(audit.channel, session);
    }

    for (const step of run.steps) {
      currentStep = step;
      stepForms.length = 0;
      const record = await runStep(page, step, {
        settings,
        now,
        listened: () => listened,
        deadline,
        isSecret: (v) => secrets.has(v),
        mask: (l) => masks.push(l),
        secrets: run.secrets,
        session: <T>(name: string): T => {
          const session = sessions.get(name);
          if (!session) throw new StepFailure('harness', `the ${name} channel is not running in this audit`);
          return session as T;
        },
        observer,
        blocker,
        overlays,
        pending,
        downloads,
        remembered,
        auditorTime: (ms) => {
          harnessSpent += ms;
        },
      });
      if (stepForms.length) record.forms = [...stepForms];
      if (record.status === 'failed' && record.error) {
        // Harness failures (browser gone) are not something the customer met.
        if (record.error.kind === 'harness') harnessBroke = true;
        stoppedAt = { stepIndex: step.index, stepName: step.name, reason: record.error.message };
      }
      // A step that never showed a page (a phone call) has nothing to capture: its transcript is the evidence.
      const shownPage = page.url() !== 'about:blank';
      // The page's health (vitals so far, broken images, axe once per page): the auditor's look, not the customer's wait.
      if (health && shownPage && !harnessBroke) {
        const spent = await health.capture(page, step.index);
        record.harnessMs += spent;
        harnessSpent += spent;
      }
      const shouldShoot = shownPage && (settings.screenshots === 'each' || (settings.screenshots === 'failures' && (record.status === 'failed' || record.checks?.some((c) => !c.passed))));
      if (shouldShoot && !harnessBroke) {
        const h0 = performance.now();
        record.screenshot = await screenshot(page, settings.outDir, screenshotName(run.runId, step.index), masks, run.secrets, settings.screenshotMasks);
        const spent = performance.now() - h0;
        record.harnessMs += spent;
        harnessSpent += spent;
      }
      steps.push(record);
      if (record.status === 'failed') break;
      if (record.status === 'pending') {
        // What comes after depends on what the step still waits for: those steps are not run now.
        const notRun = run.steps.filter((s) => s.index > step.index && !s.implicit).length;
        for (const p of pending) if (p.stepIndex === step.index) p.stepsNotRun = notRun;
        break;
      }
    }
    // The trace is the customer's journey: the auditor's re-visits below (axe-core's 1.5 MB, each time) are not in it.
    traceFile = await trace?.finish(harnessBroke || stoppedAt !== undefined);
    // Accessibility, once the customer is done: the pages this run was first to show, reopened.
    if (health && !harnessBroke) {
      reopeningPages = true;
      harnessSpent += await health.checkDeferred(context);
      reopeningPages = false;
    }
  } catch (err) {
    harnessBroke = true;
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const step = currentStep ?? run.steps[0];
    stoppedAt = { stepIndex: step?.index ?? 0, stepName: step?.name ?? 'start', reason: `The harness failed: ${message}` };
  } finally {
    customerEndMs = now();
    auditSignal?.removeEventListener('abort', stopRun);
    stopRun();
    for (const [name, session] of sessions) {
      try {
        const part = await session.finish();
        if (part !== undefined) channelParts[name] = part;
      } catch {
        // A channel that cannot report still leaves the web part of the run intact.
      }
    }
    // The pages the journey showed; cleanup's are not recorded.
    pages = health?.pages() ?? [];
    // The channels have reported: what cleanup sets off (a cancellation email) is not the journey's.
    if (page && observer && run.cleanup?.length) {
      cleaningUp = true;
      for (const step of run.cleanup) {
        currentStep = step;
        const actions = step.actions.length;
        // Cleanup's own time, whatever the journey left: the config's patience per action (a declared wait gets its own).
        const limitMs = settings.patienceMs * actions;
        const record = await runStep(page, step, {
          settings,
          now,
          listened: () => listened,
          deadline: { at: performance.now() + limitMs },
          outOfTime: `The cleanup step ran out of its time (${formatMs(limitMs)}: patienceMs for each of its actions)`,
          isSecret: (v) => secrets.has(v),
          mask: (l) => masks.push(l),
          secrets: run.secrets,
          session: <T>(name: string): T => {
            throw new StepFailure('harness', `the ${name} channel cannot be used in cleanup`);
          },
          observer,
          blocker,
          remembered,
          auditorTime: (ms) => {
            harnessSpent += ms;
          },
        });
        cleanup.push(record);
      }
    }
    // A run the harness broke off still gets its trace (finishing twice is the first finish).
    traceFile = await trace?.finish(harnessBroke || stoppedAt !== undefined);
    await context?.close().catch(() => undefined);
  }

  if (observer && overlays?.dismissed.length) observer.observations.dismissed = overlays.dismissed;
  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId: run.runId,
    journeyId: run.journeyId,
    journeyName: run.journeyName,
    journeyFile: run.journeyFile,
    tags: run.tags,
    persona: run.persona,
    repeat: run.repeat,
    status: harnessBroke ? 'errored' : stoppedAt ? 'failed' : pending.length ? 'pending' : 'completed',
    startedAt,
    durationMs: steps.length ? steps[steps.length - 1].startMs + steps[steps.length - 1].durationMs : (customerEndMs ?? now()),
    budgets: run.budgets,
    plannedSteps: run.steps.filter((s) => !s.implicit).length,
    ...(stoppedAt ? { stoppedAt } : {}),
    steps,
    observations: observer?.observations ?? emptyObservations,
    ...(pages.length ? { pages } : {}),
    artifacts: traceFile ? { trace: traceFile } : {},
    // Each session recorded its channel's own slice (validated with the record when it is read back).
    ...(Object.keys(channelParts).length ? { channels: channelParts as RunRecord['channels'] } : {}),
    ...(run.cleanup?.length ? { cleanup } : {}),
    ...(blocker && (blocker.blocked.length || blocker.notKept) ? { blocked: blocker.blocked, ...(blocker.notKept ? { blockedNotKept: blocker.notKept } : {}) } : {}),
    ...(pending.length && !harnessBroke ? { pending } : {}),
  };
  return redact(record, [...secrets]);
}

interface StepEnv {
  settings: RunSettings;
  now: () => number;
  /** Customer time so far that was not waited out in real time (phone prompts), ms. */
  listened: () => number;
  /** The run's deadline (performance.now() ms); a declared wait pushes it out. */
  deadline: { at: number };
  isSecret: (v: string) => boolean;
  mask: (l: Locator) => void;
  secrets: readonly string[];
  session: <T>(name: string) => T;
  observer: PageObserver;
  /** Set when the config's `allowedOrigins` is: a page load it blocked fails the step, saying so. */
  blocker?: OriginBlocker;
  /** What a step that runs out of time is told (default: the journey's timeout). */
  outOfTime?: string;
  /** Overlays closed on the way: the time it takes is the harness's. */
  overlays?: OverlayWatch;
  /** The run's waits that outlast the audit; absent where none may (cleanup). */
  pending?: PendingWait[];
  /** The documents the run receives; absent where they are not the customer's (cleanup). */
  downloads?: DownloadWatch;
  /** Values the run remembered so far (the `remember` action), by name. */
  remembered: Map<string, string>;
  auditorTime: (ms: number) => void;
}

/**
 * How long the customer waits in this action. A wait the action declares (`patience`, or a
 * `within` longer than the default patience) is given in full and extends the run's deadline;
 * otherwise the default patience is cut to what the journey has left. Undefined: no time left.
 */
function patienceFor(action: PlannedAction, env: StepEnv): number | undefined {
  const declared = declaredWait(action.args);
  const left = env.deadline.at - performance.now();
  if (declared.patienceMs !== undefined || (declared.withinMs ?? 0) > env.settings.patienceMs) {
    const patience = declared.patienceMs ?? Math.max(env.settings.patienceMs, declared.withinMs ?? 0);
    // A wait that can outlast the audit keeps the run up only for the part the audit sits out.
    const inAudit = action.def.outlastsAudit && env.pending ? Math.min(patience, waitInAudit(env.settings)) : patience;
    env.deadline.at = Math.max(env.deadline.at, performance.now() + inAudit);
    return patience;
  }
  return left <= 0 ? undefined : Math.min(env.settings.patienceMs, left);
}

/** Config `waitInAuditMs`, for callers (tests, the library) that give no setting. */
export const DEFAULT_WAIT_IN_AUDIT_MS = 120_000;
const waitInAudit = (settings: RunSettings): number => settings.waitInAuditMs ?? DEFAULT_WAIT_IN_AUDIT_MS;

async function runStep(page: Page, step: PlannedStep, env: StepEnv): Promise<StepRecord> {
  const interactions: Interactions = { clicks: 0, keystrokes: 0, fieldsFilled: 0 };
  const startMs = env.now();
  const stepStart = performance.now();
  const listenedBefore = env.listened();
  let error: StepError | undefined;
  let auditorMs = 0;
  const checks: CheckResult[] = [];
  const waits: WaitRecord[] = [];
  let pends = false;
  const dialogsBefore = env.observer.observations.dialogs.length;
  const documentsMark = env.downloads?.mark() ?? 0;
  // Closing overlays is the harness's time, not the customer's wait; but a check's looking time
  // already holds any closing that happened while it looked, so that is not counted twice.
  const overlayMsSince = (before: number) => (env.overlays?.spentMs() ?? 0) - before;

  for (const action of step.actions) {
    const overlayMsBefore = env.overlays?.spentMs() ?? 0;
    const auditorMsBefore = auditorMs;
    const patienceMs = patienceFor(action, env);
    if (patienceMs === undefined) {
      error = {
        kind: 'journey-timeout',
        message: `${env.outOfTime ?? `The journey ran out of time (${formatMs(env.settings.journeyTimeoutMs)})`} before the customer could ${action.label}.`,
        action: action.label,
      };
      break;
    }
    const ctx: ActionContext = {
      page,
      baseURL: env.settings.baseURL,
      written: action.written,
      patienceMs,
      lookMs: env.settings.lookMs,
      errorPatienceMs: Math.min(env.settings.errorPatienceMs, patienceMs),
      interactions,
      isSecret: env.isSecret,
      mask: env.mask,
      secrets: env.secrets,
      session: env.session,
      recordWait: (w) => waits.push(w),
      recordCheck: (c) => checks.push(c),
      // Cleanup has no `pending` list: a wait there ends with the audit, like any other.
      waitInAuditMs: env.pending ? waitInAudit(env.settings) : patienceMs,
      awaitAfterAudit: (wait) => {
        if (!env.pending) return;
        env.pending.push({ ...wait, stepIndex: step.index, stepName: step.name, stepsNotRun: 0 });
        pends = true;
      },
      auditorTime: (ms) => {
        auditorMs += ms;
        env.auditorTime(ms);
      },
      customerView: () => captureCustomerView(page),
      latestDocument: async (ms) => env.downloads?.latest(ms, documentsMark),
      remember: (name, value) => env.remembered.set(name, value),
    };
    const mark = env.observer.mark();
    const blockedMark = env.blocker?.mark() ?? 0;
    try {
      await action.def.execute(ctx, withRemembered(action.args, env.remembered));
      // A click may have started loading a new page: the customer waits for it to finish.
      await page.waitForLoadState('load', { timeout: patienceMs });
      const failed = env.observer.documentFailuresSince(mark)[0];
      if (failed) {
        const path = new URL(failed.url).pathname;
        throw new StepFailure(
          'navigation',
          failed.status !== undefined
            ? `The page answered with an error (HTTP ${failed.status}, ${failed.method} ${path}).`
            : `The page could not be loaded: ${failed.failure} (${failed.method} ${path}).`,
        );
      }
    } catch (err) {
      error = classify(err, action, patienceMs);
      // Something covered what the click needed (a consent banner, a pop-up): name it.
      const covered = error.kind === 'harness' ? undefined : await coveredMessage(page, err, action.label);
      if (covered) error = { ...error, kind: 'action', message: covered };
    }
    // A page load allowedOrigins stopped: say so, not net::ERR_BLOCKED_BY_CLIENT (or a wait for a page that never came).
    const blocked = env.blocker?.navigationsBlockedSince(blockedMark)[0];
    if (blocked) error = { kind: 'navigation', message: blockedMessage(blocked), action: action.label, ...(error ? { detail: error.detail ?? error.message } : {}) };
    if (auditorMs === auditorMsBefore) {
      const overlayMs = overlayMsSince(overlayMsBefore);
      auditorMs += overlayMs;
      env.auditorTime(overlayMs);
    }
    if (error || pends) break;
  }
  // The customer waits for what the step is bringing them (a label, an invoice) to arrive.
  const documents = env.downloads ? await env.downloads.settle(documentsMark, env.settings.patienceMs, startMs) : [];
  // A step stopped by a document that never came is one cause: broken-download says so, not a dead end besides.
  if (error && !error.reportedBy && error.kind !== 'harness' && documents.some((d) => d.failure !== undefined)) error = { ...error, reportedBy: 'broken-download' };
  const durationMs = performance.now() - stepStart - auditorMs + (env.listened() - listenedBefore);
  const stepDialogs = env.observer.observations.dialogs.slice(dialogsBefore);
  let saw: StepRecord['saw'];
  if (error && error.kind !== 'harness') {
    saw = await captureCustomerView(page);
    const dialog = stepDialogs.at(-1);
    if (dialog) saw.dialog = dialog.message;
  }
  return {
    index: step.index,
    name: step.name,
    actions: step.actions.map((a) => a.label),
    startMs,
    durationMs,
    harnessMs: auditorMs,
    ...(step.budgetMs === undefined ? {} : { budgetMs: step.budgetMs }),
    url: page.url(),
    status: error ? 'failed' : pends ? 'pending' : 'passed',
    interactions,
    ...(error ? { error } : {}),
    ...(step.implicit ? { implicit: true } : {}),
    ...(saw ? { saw } : {}),
    ...(checks.length ? { checks } : {}),
    ...(waits.length ? { waits } : {}),
    ...(documents.length ? { downloads: documents } : {}),
  };
}

/** A main-frame page load that allowedOrigins stopped (or could not stop), in plain words. */
function blockedMessage(b: BlockedRequest): string {
  const from = b.redirectedFrom ? ` (a redirect from ${new URL(b.redirectedFrom).pathname})` : '';
  return b.escaped
    ? `The page went to ${b.origin}${from}, which the config's allowedOrigins does not allow; the browser followed this redirect before the tool could stop it: allow the origin or check what was sent there.`
    : `The page tried to go to ${b.origin}${from}, which the config's allowedOrigins does not allow, so the tool blocked it and the journey cannot go on there. Add the origin to allowedOrigins to let journeys reach it.`;
}

/** Unique per run: the readable slug plus a short hash of the exact run id ("jo ann" and "jo_ann" slug alike). */
export function screenshotName(runId: string, stepIndex: number): string {
  return `${slug(runId)}-${createHash('sha256').update(runId).digest('hex').slice(0, 8)}-${stepIndex}.jpg`;
}

/**
 * Takes the step's screenshot with the filled secret fields masked, and every element that shows
 * a secret in any form, in any frame or open shadow root (secret-mask.ts). When a frame could not
 * be searched nor covered, no screenshot is taken rather than one that might show a secret.
 */
export async function screenshot(
  page: Page,
  outDir: string,
  name: string,
  mask: Locator[],
  secrets: readonly string[],
  /** Selectors painted over too (config `history.masks`), so what changes on every visit never counts as a changed page. */
  maskSelectors: readonly string[] = [],
): Promise<string | undefined> {
  const rel = join('screenshots', name);
  mkdirSync(join(outDir, 'screenshots'), { recursive: true });
  const echoed = await maskEchoedSecrets(page, secrets);
  try {
    if (!echoed.complete) return undefined;
    await page.screenshot({ path: join(outDir, rel), type: 'jpeg', quality: 70, mask: [...mask, ...echoed.masks, ...maskSelectors.map((sel) => page.locator(sel))], timeout: 5_000, animations: 'disabled' });
    return rel;
  } catch {
    return undefined; // a page that cannot be captured still has its timings
  } finally {
    await echoed.clear();
  }
}
