// One finished Playwright test → one run record, so the journeys' friction rules judge it:
// the test is the journey, its top-level `test.step`s are the steps (nested steps fold into
// their parent), actions outside any step are steps of their own, beforeEach hooks are the
// implicit start, afterEach hooks the cleanup. A failure is a dead end at the step it happened in.
import { join, relative } from 'node:path';
import type { TestCase, TestError, TestResult, TestStep } from '@playwright/test/reporter';
import { InputError } from '../errors.ts';
import { parseDuration, roundTimeouts } from '../model/duration.ts';
import {
  RUN_RECORD_SCHEMA_VERSION,
  type Budgets,
  type CustomerView,
  type Interactions,
  type Observations,
  type RunRecord,
  type StepError,
  type StepRecord,
} from '../model/run-record.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { isSecretParamName } from '../runner/redact.ts';
import { RECORDING_ATTACHMENT } from './attachments.ts';
import { Recording, type RecordedStep } from './recording.ts';

/** A test's annotation (or a step's) giving every step of it (or that step) a time budget: `{ type: 'step-budget', description: '2s' }`. */
export const STEP_BUDGET = 'step-budget';
/** A test's annotation giving the whole journey a time budget: `{ type: 'journey-budget', description: '10s' }`. */
export const JOURNEY_BUDGET = 'journey-budget';

/** Playwright reports the test's own time running out with these words. */
const TEST_TIMEOUT = /Test timeout of \d+ms exceeded/;
/** Action labels kept per step; a step that does more says how many more. */
const MAX_ACTIONS = 40;
/** A label longer than this (a data: URL, a long locator) is cut. */
const MAX_LABEL = 160;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The tool's own source: Playwright calls made from there (a screenshot, reading the page) are the harness's, not the customer's. */
const OWN_CODE = [join(PACKAGE_ROOT, 'src'), join(PACKAGE_ROOT, 'dist', 'src')];

export interface MapOptions {
  journeyId: string;
  /** The test file, as shown (relative to the Playwright config's folder). */
  journeyFile: string;
  /** Budgets before the test's own annotations (the config's, then the reporter's `budgets`). */
  budgets: Budgets;
  /** The project's baseURL, to show relative navigations as the customer's URL. */
  baseURL?: string;
}

/** A screenshot to copy into the report folder, as `screenshots/<name>`. */
export interface ScreenshotCopy {
  name: string;
  from: { path?: string; body?: Buffer };
}

export interface MappedRun {
  record: RunRecord;
  screenshots: ScreenshotCopy[];
  /** Values the test typed into fields whose name says secret (password, card number…): redacted from the record. */
  typedSecrets: string[];
}

/** A stretch of the test that becomes one step. */
interface Part {
  name: string;
  /** Playwright's steps that make it up. */
  steps: TestStep[];
  start: number;
  end: number;
  implicit?: boolean;
  cleanup?: boolean;
  /** The `test.step` this part is (for its annotations and the fixture's record of it). */
  testStep?: TestStep;
  recorded?: RecordedStep;
  error?: TestError;
  /** Actions outside any test.step (named after the first of them once all are in). */
  gap?: boolean;
  /** The whole test, when it has no test.step. */
  wholeTest?: boolean;
}

const endOf = (s: TestStep) => s.startTime.getTime() + s.duration;
const isAction = (s: TestStep) => (s.category === 'pw:api' || s.category === 'expect') && !isOwn(s);
const isOwn = (s: TestStep) => !!s.location && OWN_CODE.some((dir) => s.location!.file.startsWith(dir));
const skipped = (s: TestStep) => s.annotations.some((a) => a.type === 'skip');

/** The fixture's recording of the test, when the test used the fixture's `page`. */
export function recordingOf(result: TestResult): Recording | undefined {
  const attachment = result.attachments.find((a) => a.name === RECORDING_ATTACHMENT && a.body);
  if (!attachment?.body) return undefined;
  try {
    const parsed = Recording.safeParse(JSON.parse(attachment.body.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The run record of a test's final attempt; undefined for a skipped or interrupted one (not a
 * run: the customer never went, or was stopped by the person running the tests).
 */
export function mapTest(test: TestCase, result: TestResult, opts: MapOptions): MappedRun | undefined {
  if (result.status === 'skipped' || result.status === 'interrupted') return undefined;
  const recording = recordingOf(result);
  const titles = titlesOf(test);
  const journeyName = titles.join(' › ');
  const persona = test.parent.project()?.name || 'default';
  const repeat = test.repeatEachIndex + 1;
  const runId = `${opts.journeyId}/${persona}/${repeat}`;

  const parts = partsOf(test, result, recording);
  const journey = parts.filter((p) => !p.cleanup);
  // An afterEach hook failing is a cleanup that failed: a warning, not the customer's dead end.
  const onlyCleanupFailed = !journey.some((p) => p.error) && parts.some((p) => p.cleanup && p.error);
  const failed = (result.status === 'failed' || result.status === 'timedOut') && !onlyCleanupFailed;
  const harnessError = failed && !journey.some((p) => p.error) ? fixtureError(result.steps) : undefined;
  let deadEnd = failed && !harnessError ? journey.find((p) => p.error) : undefined;
  if (failed && !harnessError && !deadEnd) {
    // Failed outside every step (plain code, the test's time running out between steps).
    const testError = result.errors[0] ?? result.error ?? { message: `the test ${result.status === 'timedOut' ? 'ran out of time' : 'failed'}` };
    const body = journey.find((p) => p.wholeTest);
    deadEnd = body ?? { name: `${test.title} (outside any step)`, steps: [], start: afterLast(journey, result), end: Math.max(afterLast(journey, result), beforeAfter(result)) };
    deadEnd.error = testError;
    if (!body) parts.splice(journey.length ? parts.indexOf(journey[journey.length - 1]) + 1 : 0, 0, deadEnd);
  }

  const budgets: Budgets = { ...opts.budgets };
  const stepBudget = annotationMs(test, test.annotations, STEP_BUDGET);
  const journeyBudget = annotationMs(test, test.annotations, JOURNEY_BUDGET);
  if (stepBudget !== undefined) budgets.stepMs = stepBudget;
  if (journeyBudget !== undefined) budgets.totalMs = journeyBudget;

  const screenshots: ScreenshotCopy[] = [];
  const typedSecrets = new Set<string>();
  const customerParts = parts.filter((p) => !p.cleanup);
  const runStart = customerParts[0]?.start ?? result.startTime.getTime();
  // The customer's clock: wall time from the start, less what the harness spent (screenshots).
  let harnessBefore = 0;
  const timeline = urlTimeline(result.steps, recording, opts.baseURL);
  const toRecord = (part: Part, index: number, cleanup: boolean): StepRecord => {
    const harnessMs = part.recorded?.harnessMs ?? 0;
    const actions = actionsOf(part.steps);
    for (const a of actions) {
      const value = a.params?.value ?? a.params?.text;
      if (typeof value === 'string' && value.length >= 4 && typeof a.params?.locator === 'string' && isSecretParamName(a.params.locator)) typedSecrets.add(value);
    }
    const isDeadEnd = part === deadEnd;
    const status = isDeadEnd || (cleanup && part.error) ? 'failed' : 'passed';
    const shot = screenshotFor(part, isDeadEnd || (cleanup && !!part.error), result, recording);
    let screenshot: string | undefined;
    if (shot) {
      screenshot = join('screenshots', `${fileSafe(runId)}-${cleanup ? 'cleanup-' : ''}${index}${shot.ext}`).replaceAll('\\', '/');
      screenshots.push({ name: screenshot.slice('screenshots/'.length), from: shot.from });
    }
    const error = status === 'failed' && part.error ? stepError(part.error, part.steps, result.status) : undefined;
    const saw: CustomerView | undefined = isDeadEnd ? (part.recorded?.saw ?? recording?.failure?.saw) : undefined;
    const budgetMs = part.testStep ? (annotationMs(test, part.testStep.annotations, STEP_BUDGET) ?? budgets.stepMs) : budgets.stepMs;
    const record: StepRecord = {
      index,
      name: part.name,
      actions: labels(actions),
      startMs: Math.max(0, Math.round(part.start - runStart - (cleanup ? 0 : harnessBefore))),
      durationMs: Math.max(0, Math.round(part.end - part.start - harnessMs)),
      harnessMs: Math.round(harnessMs),
      ...(budgetMs !== undefined && !cleanup && { budgetMs }),
      url: urlAt(timeline, part.end) ?? '',
      status,
      ...(screenshot && { screenshot }),
      interactions: interactionsOf(actions),
      ...(error && { error }),
      ...(part.implicit && { implicit: true }),
      ...(saw && { saw }),
    };
    if (!cleanup) harnessBefore += harnessMs;
    return record;
  };
  const steps = customerParts.map((p, i) => toRecord(p, i, false));
  const cleanup = parts.filter((p) => p.cleanup).map((p, i) => toRecord(p, i, true));
  const last = customerParts[customerParts.length - 1];
  const durationMs = last ? Math.max(0, Math.round(last.end - runStart - harnessBefore)) : 0;
  const deadEndIndex = deadEnd ? customerParts.indexOf(deadEnd) : -1;

  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId,
    journeyId: opts.journeyId,
    journeyName,
    journeyFile: opts.journeyFile,
    // A test that passed only on a retry is flaky: a customer may well meet the failure.
    tags: [...test.tags.map((t) => t.replace(/^@/, '')), ...(test.outcome() === 'flaky' ? ['flaky'] : [])],
    persona,
    repeat,
    status: harnessError ? 'errored' : deadEnd ? 'failed' : 'completed',
    startedAt: new Date(runStart).toISOString(),
    durationMs,
    budgets,
    plannedSteps: steps.filter((s) => !s.implicit).length,
    ...(deadEnd && deadEndIndex >= 0 && { stoppedAt: { stepIndex: deadEndIndex, stepName: deadEnd.name, reason: steps[deadEndIndex].error?.message ?? 'the test failed' } }),
    ...(harnessError && { stoppedAt: { stepIndex: Math.max(0, steps.length - 1), stepName: steps[steps.length - 1]?.name ?? 'set-up', reason: `the test's set-up broke: ${firstLine(harnessError)}` } }),
    steps,
    observations: placeObservations(recording?.observations, customerParts, parts.filter((p) => p.cleanup), runStart),
    artifacts: {},
    ...(cleanup.length && { cleanup }),
  };
  return { record, screenshots, typedSecrets: [...typedSecrets] };
}

/** The titles from the file down: describe blocks, then the test's own. */
export function titlesOf(test: TestCase): string[] {
  const titles = [test.title];
  for (let s = test.parent; s && s.type === 'describe'; s = s.parent!) titles.unshift(s.title);
  return titles;
}

/** A journey id from the test file and titles: lower-case, dots between the parts (`checkout.pay-by-card`). */
export function journeyIdOf(file: string, titles: string[]): string {
  // `checkout.spec.ts` → `checkout`: the extension and the suffix that marks a test file.
  const base = file.replace(/\.[cm]?[jt]sx?$/, '').replace(/\.[a-z0-9]+$/i, '');
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const parts = [...base.split(/[\\/]+/), ...titles].map(slug).filter(Boolean);
  return parts.join('.') || 'test';
}

function partsOf(test: TestCase, result: TestResult, recording: Recording | undefined): Part[] {
  const parts: Part[] = [];
  let gap: Part | undefined;
  let sawTestStep = false;
  const recorded = [...(recording?.steps ?? [])];
  for (const s of result.steps) {
    if (s.category === 'hook') {
      gap = undefined;
      // beforeEach hooks that act on the page open the journey (as a journey's `start` does); afterEach hooks are its cleanup.
      for (const hook of s.steps.filter((h) => h.category === 'hook' && h.title !== 'beforeAll hook' && h.title !== 'afterAll hook')) {
        const acts = hook.steps.filter((c) => c.category !== 'fixture' && c.category !== 'test.attach' && !isOwn(c));
        const hookError = hook.error && !fixtureError(hook.steps) ? hook.error : undefined;
        if (!acts.length && !hookError) continue;
        const before = s.title === 'Before Hooks';
        parts.push({
          name: hook.title,
          steps: acts,
          start: acts[0]?.startTime.getTime() ?? hook.startTime.getTime(),
          end: endOf(hook),
          ...(before ? { implicit: true } : { cleanup: true }),
          ...(hookError && { error: hookError }),
        });
      }
      continue;
    }
    if (s.category === 'test.step') {
      gap = undefined;
      if (skipped(s)) continue;
      sawTestStep = true;
      // The fixture's record of the same step: the first one left with its title, started about when Playwright says
      // (or, for a title Playwright filled in from the step's params, the one started then).
      const near = (r: RecordedStep, ms: number) => Math.abs(r.startedAt - s.startTime.getTime()) < ms;
      let i = recorded.findIndex((r) => r.title === s.title && near(r, 2_000));
      if (i < 0) i = recorded.findIndex((r) => near(r, 250));
      const match = i >= 0 ? recorded.splice(i, 1)[0] : undefined;
      parts.push({ name: s.title, steps: [s], start: s.startTime.getTime(), end: endOf(s), testStep: s, ...(match && { recorded: match }), ...(s.error && { error: s.error }) });
      continue;
    }
    if (!isAction(s)) continue;
    if (!gap) {
      gap = { name: '', steps: [], start: s.startTime.getTime(), end: endOf(s), gap: true };
      parts.push(gap);
    }
    gap.steps.push(s);
    gap.end = endOf(s);
    if (s.error && !gap.error) gap.error = s.error;
  }
  const body = parts.filter((p) => !p.implicit && !p.cleanup);
  // A beforeEach hook that failed stopped the test before its body: no step of the body was taken.
  if (!body.length && parts.some((p) => p.implicit && p.error)) return parts;
  if (!sawTestStep) {
    // A test without steps is one step, named after the test.
    const start = body[0]?.start ?? afterBefore(result);
    const end = body.length ? body[body.length - 1].end : beforeAfter(result);
    const error = body.find((p) => p.error)?.error;
    const merged: Part = { name: test.title, steps: body.flatMap((p) => p.steps), start, end: Math.max(start, end), wholeTest: true, ...(error && { error }) };
    const rest = parts.filter((p) => !body.includes(p));
    const at = rest.findIndex((p) => p.cleanup);
    rest.splice(at < 0 ? rest.length : at, 0, merged);
    return rest;
  }
  // Actions outside any step are a step of their own, named after their first action; before the first step they open the journey.
  let beforeFirst = true;
  for (const p of parts) {
    if (p.testStep) beforeFirst = false;
    if (p.gap) {
      p.name = label(p.steps[0]);
      if (beforeFirst) p.implicit = true;
    }
  }
  return parts;
}

/** A fixture's own error (the browser would not start, a page could not open): the harness broke, not the site. */
function fixtureError(steps: readonly TestStep[]): TestError | undefined {
  for (const s of steps) {
    if (s.category === 'fixture' && s.error && !isOwn(s)) return s.error;
    if (s.category === 'hook') {
      const inner = fixtureError(s.steps);
      if (inner) return inner;
    }
  }
  return undefined;
}

const resultEnd = (r: TestResult) => r.startTime.getTime() + r.duration;
const afterBefore = (r: TestResult) => {
  const before = r.steps.find((s) => s.category === 'hook' && s.title === 'Before Hooks');
  return before ? endOf(before) : r.startTime.getTime();
};
const beforeAfter = (r: TestResult) => r.steps.find((s) => s.category === 'hook' && s.title === 'After Hooks')?.startTime.getTime() ?? resultEnd(r);
const afterLast = (parts: Part[], r: TestResult) => (parts.length ? parts[parts.length - 1].end : afterBefore(r));

/** The customer's actions in these steps, in order (nested test.steps folded in, the harness's own calls left out). */
function actionsOf(steps: readonly TestStep[]): TestStep[] {
  const out: TestStep[] = [];
  const walk = (s: TestStep) => {
    if (isOwn(s) || s.category === 'fixture' || s.category === 'test.attach') return;
    if (isAction(s)) out.push(s);
    else for (const c of s.steps) walk(c);
  };
  for (const s of steps) walk(s);
  return out;
}

/** `Click getByRole('button', { name: 'Place order' })`, `Navigate to /contact`, `Expect "toBeVisible" getByText('Thanks')`. */
function label(s: TestStep | undefined): string {
  if (!s) return 'test body';
  const p = s.params ?? {};
  const text = s.title === 'Navigate' && typeof p.url === 'string' ? `Navigate to ${p.url}` : typeof p.locator === 'string' ? `${s.title} ${p.locator}` : s.title;
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

function labels(actions: TestStep[]): string[] {
  const all = actions.map(label);
  return all.length <= MAX_ACTIONS ? all : [...all.slice(0, MAX_ACTIONS), `… (${all.length - MAX_ACTIONS} more actions)`];
}

function interactionsOf(actions: TestStep[]): Interactions {
  const counts: Interactions = { clicks: 0, keystrokes: 0, fieldsFilled: 0 };
  for (const a of actions) {
    if (/^(Click|Double click|Right click|Tap|Check|Uncheck|Select option)\b/.test(a.title)) counts.clicks++;
    else if (/^Fill\b/.test(a.title)) counts.fieldsFilled++;
    else if (/^Type\b/.test(a.title)) counts.keystrokes += typeof a.params?.text === 'string' ? a.params.text.length : 1;
    else if (/^Press\b/.test(a.title)) counts.keystrokes++;
  }
  return counts;
}

/** What failed, in the words there are: the first line of Playwright's message, the action, the rest as detail. */
function stepError(error: TestError, steps: readonly TestStep[], status: TestResult['status']): StepError {
  const text = (error.message ?? error.value ?? 'the test failed').replace(ANSI, '');
  const lines = text.split(/\r?\n/);
  const first = roundTimeouts((lines.find((l) => l.trim()) ?? 'the test failed').trim().replace(/^Error:\s*/, ''));
  const failing = deepestFailing(steps);
  const kind: StepError['kind'] =
    status === 'timedOut' && TEST_TIMEOUT.test(text)
      ? 'journey-timeout'
      : /^expect\b|\bexpect\(/.test(first)
        ? 'expectation'
        : /net::ERR_|NS_ERROR_|page\.goto:/.test(first)
          ? 'navigation'
          : /Timeout \d+(\.\d+)?\s?m?s exceeded|TimeoutError/i.test(text)
            ? 'timeout'
            : 'action';
  const detail = lines.slice(1).join('\n').trim();
  return {
    kind,
    message: first,
    ...(failing && { action: label(failing) }),
    ...(detail && { detail: detail.length > 2_000 ? `${detail.slice(0, 1_999)}…` : detail }),
  };
}

function deepestFailing(steps: readonly TestStep[]): TestStep | undefined {
  for (const s of steps) {
    if (!s.error || isOwn(s)) continue;
    return deepestFailing(s.steps) ?? (isAction(s) ? s : undefined);
  }
  return undefined;
}

const firstLine = (e: TestError) => (e.message ?? e.value ?? '').replace(ANSI, '').split('\n')[0].replace(/^Error:\s*/, '');

/** The step's screenshot: the fixture's, else for a failed step Playwright's own failure screenshot (`screenshot: 'only-on-failure'`). */
function screenshotFor(part: Part, failed: boolean, result: TestResult, recording: Recording | undefined): { from: ScreenshotCopy['from']; ext: string } | undefined {
  const byName = (name: string | undefined) => (name ? result.attachments.find((a) => a.name === name && (a.path || a.body)) : undefined);
  const own = byName(part.recorded?.screenshot) ?? (failed ? byName(recording?.failure?.screenshot) : undefined);
  const playwrights = failed ? [...result.attachments].reverse().find((a) => a.name === 'screenshot' && a.contentType.startsWith('image/') && (a.path || a.body)) : undefined;
  const shot = own ?? playwrights;
  if (!shot) return undefined;
  const ext = shot.contentType === 'image/png' ? '.png' : '.jpg';
  return { from: { ...(shot.path && { path: shot.path }), ...(shot.body && { body: shot.body }) }, ext };
}

/** URLs the page was at, in time order: its navigations (fixture), else the test's own `goto`s. */
function urlTimeline(steps: readonly TestStep[], recording: Recording | undefined, baseURL: string | undefined): { at: number; url: string }[] {
  if (recording?.observations.navigations.length) return recording.observations.navigations.map((n) => ({ at: n.atMs, url: n.url }));
  const out: { at: number; url: string }[] = [];
  const walk = (s: TestStep) => {
    if (s.category === 'pw:api' && s.title === 'Navigate' && typeof s.params?.url === 'string') {
      let url = s.params.url as string;
      try {
        url = new URL(url, baseURL).toString();
      } catch {
        // not a URL against baseURL: shown as written
      }
      out.push({ at: endOf(s), url });
    }
    s.steps.forEach(walk);
  };
  steps.forEach(walk);
  return out.sort((a, b) => a.at - b.at);
}

function urlAt(timeline: { at: number; url: string }[], time: number): string | undefined {
  let url: string | undefined;
  for (const t of timeline) if (t.at <= time + 1) url = t.url;
  return url ?? timeline[0]?.url;
}

/**
 * The fixture's observations on the run's clock, each in the step it happened in (the last step
 * started by then); what happened during an afterEach hook is the cleanup's and is not kept.
 */
function placeObservations(observed: Observations | undefined, steps: Part[], cleanup: Part[], runStart: number): Observations {
  const empty: Observations = { consoleErrors: [], pageErrors: [], failedRequests: [], navigations: [], dialogs: [] };
  if (!observed) return empty;
  const inCleanup = (t: number) => cleanup.some((p) => t >= p.start && t <= p.end + 1);
  const stepAt = (t: number): number | undefined => {
    let index: number | undefined;
    // An event stamped in the very millisecond a step starts came from the step before (a page load ending).
    steps.forEach((p, i) => {
      if (p.start < t) index = i;
    });
    return index ?? (steps.length ? 0 : undefined);
  };
  const place = <T extends { atMs: number; stepIndex?: number }>(list: T[]): T[] =>
    list
      .filter((o) => !inCleanup(o.atMs))
      .map((o) => {
        const stepIndex = stepAt(o.atMs);
        return { ...o, ...(stepIndex !== undefined && { stepIndex }), atMs: Math.max(0, Math.round(o.atMs - runStart)) };
      });
  return {
    consoleErrors: place(observed.consoleErrors),
    pageErrors: place(observed.pageErrors),
    failedRequests: place(observed.failedRequests),
    navigations: place(observed.navigations),
    dialogs: [],
    ...(observed.overflow?.length && { overflow: observed.overflow }),
  };
}

/** A budget annotation's duration; an annotation that is not a duration is bad input, named where it is. */
function annotationMs(test: TestCase, annotations: TestCase['annotations'], type: string): number | undefined {
  const found = [...annotations].reverse().find((a) => a.type === type);
  if (!found) return undefined;
  const ms = found.description === undefined ? undefined : parseDuration(found.description);
  if (ms === undefined || !(ms > 0)) {
    const at = found.location ?? test.location;
    throw new InputError(`the ${type} annotation expects a duration such as 2s or 1500ms, not ${JSON.stringify(found.description ?? '')}`, {
      file: relative(process.cwd(), at.file),
      line: at.line,
      column: at.column,
    });
  }
  return ms;
}

/** A run id as a file name: readable, and unique by a short hash of the exact id. */
function fileSafe(runId: string): string {
  let h = 0;
  for (const ch of runId) h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  return `${runId.replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 80)}-${h.toString(16).padStart(8, '0')}`;
}
